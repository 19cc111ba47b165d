"""Writing the files a user asks for (reports, exports) so that each is complete or not there at all.

Every PDF, CSV and JSON file the app or the command line writes goes through write_files (R1, R9):
a temporary file beside the target, flushed, fsynced, read back and compared, then renamed over
the target. The new file gets the permissions a file made by the user's programs gets (the
umask's), or those of the file it replaces, so that a report meant to be shared can be read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import time
from pathlib import Path


WINDOWS = os.name == "nt"


class WriteFailed(Exception):
    """A file could not be written completely. The message names the file and says what happened."""


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut. Where the file system cannot sync a folder
    (EINVAL, ENOTSUP: some network and FUSE ones), the rename stands all the same: no error."""
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _replace(temp: Path, target: Path) -> None:
    # Windows refuses while another program (a virus scanner, Excel) holds the target open
    for attempt in range(6):
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            if attempt == 5:
                raise
            time.sleep(0.05 * 2**attempt)


def _digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


STALE_AFTER_S = 60  # a temporary file left alone this long is no file still being written


def _remove_stale_temps(target: Path) -> None:
    """Delete the temporary files of `target` that a process killed while writing it left beside
    it (each as big as the file). One changed in the last minute may still be being written."""
    prefix = f".{target.name}."
    try:
        entries = [e for e in os.scandir(target.parent) if e.name.startswith(prefix)]
    except OSError:  # a folder that cannot be listed: the write itself says what is wrong
        return
    now = time.time()
    for entry in entries:
        rest = entry.name[len(prefix):]
        if not (len(rest) == 13 and rest.endswith(".part") and all(c in "0123456789abcdef" for c in rest[:8])):
            continue  # not a name _new_temp gives
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S:
                os.unlink(entry.path)
        except OSError:  # gone meanwhile, or not ours to delete: left
            continue


def _new_temp(target: Path, old: int | None) -> tuple[int, Path]:
    """A new file beside target, made with mode 0666 so that the umask decides (mkstemp would give
    0600), or with `old`, the mode of the file it will replace, writable while it is written (the
    old mode is put back once it is in place)."""
    mode = 0o666 if old is None else old | stat.S_IWUSR
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(temp, flags, mode)
        except FileExistsError:
            continue
        if old is not None:
            os.chmod(temp, mode)  # the umask may have taken bits the old file had
        return fd, temp
    raise FileExistsError(f"no free temporary name beside {target}")


def _old_mode(target: Path) -> int | None:
    return stat.S_IMODE(target.stat().st_mode) if target.is_file() else None


def _fix(exc: OSError) -> str:
    """What to do, when the error itself does not say."""
    if exc.errno == errno.ENAMETOOLONG:
        return "; choose a shorter name"
    return ""


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write several files so that each is either complete or not replaced at all.

    Each goes to a temp file in its target's folder (flush, fsync), is re-read and its hash
    compared; only when every one checks out are they renamed into place, and each is checked
    once more there. Raises WriteFailed with a plain message naming the file on any problem.
    """
    temps: dict[Path, Path] = {}
    replaced: list[Path] = []
    current = Path(next(iter(files), ""))
    try:  # looking at a name can fail already (a name too long for the file system): a WriteFailed too
        # a link is followed: the file it points to is the one replaced, and the link stays
        targets = []
        for t in files:
            current = Path(t)
            targets.append(Path(os.path.realpath(t)) if Path(t).is_symlink() else Path(t))
        modes = {}
        for target in targets:
            current = target
            modes[target] = _old_mode(target)
        for target in targets:  # everything that can be known before writing is checked first
            current = target
            if not target.parent.is_dir():
                raise WriteFailed(f"could not write {target}: the folder {target.parent} does not exist")
            if target.is_dir():
                raise WriteFailed(f"could not write {target}: a folder has that name; choose another name")
        for target, data in zip(targets, files.values(), strict=True):
            current = target
            _remove_stale_temps(target)
            fd, temps[target] = _new_temp(target, modes[target])
            with os.fdopen(fd, "wb") as fh:
                written = fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if written != len(data) or _digest(temps[target]) != hashlib.sha256(data).hexdigest():
                raise WriteFailed(f"{target.name} came out incomplete (is the disk full?); nothing was written")
        for target, temp in temps.items():
            current = target
            old = modes[target]
            made_writable = WINDOWS and old is not None and not old & stat.S_IWUSR
            if made_writable:  # Windows will not rename over a read-only file (POSIX renames over
                os.chmod(target, old | stat.S_IWUSR)  # any file in a folder one may write to)
            try:
                _replace(temp, target)
            except OSError:
                if made_writable and target.exists():
                    os.chmod(target, old)  # the old file stays as it was
                raise
            replaced.append(target)
            if old is not None and old != _old_mode(target):
                os.chmod(target, old)  # read-only, as the file it replaced was
        for folder in {t.parent for t in temps}:
            _fsync_dir(folder)
        for target, data in zip(targets, files.values(), strict=True):
            if _digest(target) != hashlib.sha256(data).hexdigest():
                target.unlink(missing_ok=True)
                raise WriteFailed(f"{target.name} did not read back as written; it was removed")
    except OSError as exc:
        done = [t.name for t in replaced]
        also = f" ({', '.join(done)} {'was' if len(done) == 1 else 'were'} written)" if done else ""
        raise WriteFailed(f"could not write {current}: {exc.strerror or exc}{also}{_fix(exc)}") from exc
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return [Path(t) for t in files]


def write_file(path: Path, data: bytes) -> Path:
    """Write one file atomically and check it (see write_files)."""
    return write_files({Path(path): data})[0]
