"""One writer per workspace: an operating-system lock on a file beside the database.

The lock belongs to the open file, so it is released when the process ends in any way,
crash and kill -9 included: a stale lock never blocks the next start (R16).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LOCK_SUFFIX = ".lock"


class WorkspaceLock:
    """Held while one app window may write the workspace; others open it read-only."""

    def __init__(self, database: Path):
        self.path = Path(str(database) + LOCK_SUFFIX)
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> WorkspaceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
