"""One writer per workspace: an operating-system lock on a file beside the database.

The lock belongs to the open file, so it is released when the process ends in any way,
crash and kill -9 included: a stale lock never blocks the next start (R16).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

LOCK_SUFFIX = ".lock"


class LockFileRefused(OSError):
    """What has the lock file's name is not a file the lock may use (a link to another file, a
    folder): the message names it and says what to do. Nothing was written to it."""


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
        # never through a link: whatever it points to (a user's notes) would be emptied below
        # (Windows has no O_NOFOLLOW: a link is looked for first there)
        if not hasattr(os, "O_NOFOLLOW") and self.path.is_symlink():
            raise self._a_link()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK) or self.path.is_symlink():
                raise self._a_link() from None
            if exc.errno == errno.EISDIR or self.path.is_dir():
                raise LockFileRefused(f"the lock file {self.path} is a folder; move or rename that folder, then try "
                                      f"again") from None
            raise
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise LockFileRefused(f"the lock file {self.path} is not a file (a device or a pipe has its name); move or "
                                  f"rename it, then try again")
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
        # the pid, for whoever looks; a file that has other names too (a hard link to a user's
        # file) is left as it is: the lock holds on it all the same
        # (only for that: a full disk that cannot take it takes nothing from the lock, which is held,
        # and must not be left held by a file nobody closes, with the window read-only all the same)
        if info.st_nlink == 1:
            try:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
            except OSError:
                pass
        self._fd = fd
        return True

    def _a_link(self) -> LockFileRefused:
        return LockFileRefused(f"the lock file {self.path} is a link to another file, not one iah-assess made; delete "
                               f"the link (iah-assess makes the lock file again), then try again")

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
