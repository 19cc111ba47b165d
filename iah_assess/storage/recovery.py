"""When the workspace is damaged: the newest backup that is sound, put in its place (R7).

The damaged file is never deleted or written to. It is kept aside, with its -wal and -shm files,
as `workspace-damaged-<when>.sqlite` in the data folder, where whoever tries to rescue more from
it finds it whole. The backup is copied, checked and only then renamed into place, so that a
failure on the way leaves the damaged file where it was and the backup where it was, and a crash
at any moment leaves a workspace in the folder.

Whoever restores holds the workspace lock (the app, or a command line command), so that no
window has the file open while it is swapped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import NamedTuple

from iah_assess.storage import db
from iah_assess.storage.files import _fsync_dir

DAMAGED_PREFIX = "workspace-damaged-"
REPLACED_PREFIX = "workspace-replaced-"  # a sound workspace put aside for a backup the user chose
_SIDE_FILES = ("-wal", "-shm", "-journal")


class Checked(NamedTuple):
    backup: db.Backup
    problem: str  # empty when the backup is sound


def check_backup(path: Path) -> str:
    """What is wrong with a backup file, or "" when it is a sound workspace this version can open:
    ours, not from a newer version, passing SQLite's full integrity check, and with every stored
    questionnaire still matching its fingerprint. The file is only read."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return f"it cannot be opened ({exc})"
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != db.APPLICATION_ID:
            return "it is not an iah-assess workspace"
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > db.SCHEMA_VERSION:
            return f"it was made by a newer version of iah-assess (format {version})"
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            return f"it failed its integrity check ({check})"
        # every row read as the app reads it: text that is not UTF-8 passes SQLite's check
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            try:
                for _ in conn.execute(f'SELECT * FROM "{table}"'):
                    pass
            except (sqlite3.OperationalError, UnicodeDecodeError):
                return f"text in it cannot be read (table {table})"
        conn.text_factory = bytes
        for content_hash, content in conn.execute("SELECT hash, content FROM questionnaire_snapshot"):
            if hashlib.sha256(content).hexdigest() != content_hash.decode("ascii", "replace"):
                return "a questionnaire stored in it is damaged"
    except sqlite3.Error as exc:
        return f"it cannot be read ({exc})"
    finally:
        conn.close()
    return ""


def newest_sound_backup(folder: Path) -> tuple[db.Backup | None, list[Checked]]:
    """The newest backup in `folder` that is sound, and the newer ones passed over with why."""
    passed_over = []
    for b in db.backups(folder):
        problem = check_backup(b.path)
        if not problem:
            return b, passed_over
        passed_over.append(Checked(b, problem))
    return None, passed_over


def aside_name(workspace: Path, now: dt.datetime | None = None, prefix: str = DAMAGED_PREFIX) -> Path:
    """A new name beside the workspace for its damaged (or replaced) file; never one that is taken."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        name = f"{prefix}{stamp}{'' if n == 1 else f'-{n}'}.sqlite"
        candidate = workspace.with_name(name)
        if not any(candidate.with_name(name + s).exists() for s in ("", *_SIDE_FILES)):
            return candidate
    raise FileExistsError(f"no free name for the damaged workspace beside {workspace}")


def restore(workspace: Path, backup: Path, now: dt.datetime | None = None, prefix: str = DAMAGED_PREFIX) -> Path | None:
    """Put a copy of `backup` in the workspace's place; the damaged file's new name, which starts
    with `prefix` (None when there was nothing to move aside). Raises db.WorkspaceError, with
    nothing moved, when the copy cannot be made or fails its check."""
    workspace = Path(workspace)
    part = workspace.with_name(f".{workspace.name}.restoring")
    for stale in (part, part.with_name(part.name + "-journal")):
        stale.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            check = db.copy_checked(source, part)
        finally:
            source.close()
        if check != "ok":
            raise db.WorkspaceError(f"the copy of {backup} failed its integrity check ({check})")
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
    except (sqlite3.Error, OSError, db.WorkspaceError) as exc:
        part.unlink(missing_ok=True)
        raise db.WorkspaceError(
            f"The backup {backup} could not be copied into place ({exc}). Nothing was changed: {workspace} is where it was. "
            f"Free some space on the disk, or choose another backup.") from None

    # The damaged file gets its second name by a hard link, and the copy then replaces it in one
    # rename: whenever the process stops, the data folder holds a workspace, the damaged one or
    # the restored one, never none (which the next start would take for a new, empty workspace).
    # Its -wal and -shm go aside first: SQLite would read them into the restored file.
    present = [workspace.with_name(workspace.name + s) for s in ("", *_SIDE_FILES)]
    present = [f for f in present if f.exists()]  # a -wal alone, left by another file of this name, goes too
    aside = aside_name(workspace, now, prefix) if present else None
    moved: list[tuple[Path, Path]] = []
    linked = False
    try:
        for f in present:
            to = aside.with_name(aside.name + f.name[len(workspace.name):])  # type: ignore[union-attr]
            if f == workspace:
                try:
                    os.link(f, to)
                    linked = True
                    continue
                except OSError:  # a disk without hard links (FAT, exFAT): moved, the way open to a crash
                    pass
            os.replace(f, to)
            moved.append((f, to))
        os.replace(part, workspace)
        db.damage_mark(workspace).unlink(missing_ok=True)  # the file it marked is aside now
        _fsync_dir(workspace.parent)
    except OSError as exc:
        for f, to in reversed(moved):  # the damaged file back where it was, as if nothing happened
            try:
                os.replace(to, f)
            except OSError:
                pass
        if linked and workspace.exists():
            aside.unlink(missing_ok=True)  # type: ignore[union-attr]  # its second name only
        part.unlink(missing_ok=True)
        raise db.WorkspaceError(
            f"The backup could not be put in the place of {workspace} ({exc}). The damaged file is "
            f"{'where it was' if workspace.exists() else f'kept as {aside}'}; check that you may write to {workspace.parent}.") from None
    return aside
