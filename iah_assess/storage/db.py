"""The one place that opens SQLite: safe settings, schema migrations, verified backups."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

APPLICATION_ID = 0x49614841  # "IaHA"
BUSY_TIMEOUT_MS = 5000
WORKSPACE_FILE = "workspace.sqlite"
BACKUP_DIR = "backups"


class WorkspaceError(Exception):
    """The workspace file cannot be used; the message says why and what to do."""


class NotAWorkspace(WorkspaceError):
    pass


class BackupCheckFailed(WorkspaceError):
    """A backup's copy failed SQLite's full check: a copy is the workspace page for page, so the
    workspace itself is damaged where its quick check on opening does not look."""


DAMAGE_MARK = ".damaged"  # beside the workspace after a full check found damage: the next opening checks in full


def damage_mark(path: Path) -> Path:
    return path.with_name(path.name + DAMAGE_MARK)


class WorkspaceDamaged(WorkspaceError):
    """The file is damaged. `what` says only what is wrong, for a message that goes on to offer
    the way out itself (the app's); the whole message also says what to do."""

    def __init__(self, message: str, what: str = ""):
        super().__init__(message)
        self.what = what or message
        self.ways_out_at: Path | None = None  # set by at(): the message offers both ways out for this file

    @classmethod
    def at(cls, path: Path, what: str) -> WorkspaceDamaged:
        """The damage `what` found in the workspace file `path`, with the ways out."""
        damaged = cls(f"{what} It is left untouched. `iah-assess restore` (or the app, on opening) puts its newest sound "
                      f"backup from {path.parent / BACKUP_DIR} in its place; `iah-assess rescue` copies what can still "
                      f"be read from it.", what)
        damaged.ways_out_at = Path(path)
        return damaged


# What opening a workspace, or reading it, can meet in a damaged file: the workspace's own errors,
# the disk's, and SQLite's or a decoder's on damage found only when a part is read
UNREADABLE = (WorkspaceError, OSError, sqlite3.Error, UnicodeDecodeError)


class Opened(NamedTuple):
    conn: sqlite3.Connection
    read_only: bool
    reason: str = ""


SCHEMA_V1 = """
CREATE TABLE questionnaire_snapshot (
    hash TEXT PRIMARY KEY,
    questionnaire_id TEXT NOT NULL,
    version TEXT NOT NULL,
    content TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE institution (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    size_band TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE cycle (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    questionnaire_hash TEXT NOT NULL REFERENCES questionnaire_snapshot(hash),
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    included_areas TEXT NOT NULL,
    default_target INTEGER NOT NULL DEFAULT 3 CHECK (default_target BETWEEN 0 AND 4),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalised')),
    created_at TEXT NOT NULL,
    finalised_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (institution_id, label)
);
CREATE TABLE respondent (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE response (
    respondent_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    level INTEGER CHECK (level BETWEEN 0 AND 4),
    special TEXT CHECK (special IN ('dont_know', 'not_applicable')),
    comment TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (respondent_id, item_id),
    CHECK (level IS NULL OR special IS NULL)
);
CREATE TABLE decision (
    cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    agreed_level INTEGER CHECK (agreed_level BETWEEN 0 AND 4),
    agreed_note TEXT NOT NULL DEFAULT '',
    target INTEGER CHECK (target BETWEEN 0 AND 4),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, item_id)
);
CREATE TABLE action (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
    item_id TEXT,
    position INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'in progress', 'done', 'dropped')),
    success_indicator TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    carried_from INTEGER REFERENCES action(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX action_cycle ON action(cycle_id, position);
CREATE INDEX respondent_cycle ON respondent(cycle_id);
CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# A finalised cycle cannot change: the database itself refuses, whatever code asks.
_FROZEN = "SELECT RAISE(ABORT, 'the cycle is finalised and cannot be changed')"
FINALISED_GUARDS = f"""
CREATE TRIGGER response_frozen_ins BEFORE INSERT ON response
WHEN (SELECT c.status FROM cycle c JOIN respondent r ON r.cycle_id = c.id WHERE r.id = NEW.respondent_id) = 'finalised'
BEGIN {_FROZEN}; END;
CREATE TRIGGER response_frozen_upd BEFORE UPDATE ON response
WHEN (SELECT c.status FROM cycle c JOIN respondent r ON r.cycle_id = c.id WHERE r.id = OLD.respondent_id) = 'finalised'
BEGIN {_FROZEN}; END;
CREATE TRIGGER response_frozen_del BEFORE DELETE ON response
WHEN (SELECT c.status FROM cycle c JOIN respondent r ON r.cycle_id = c.id WHERE r.id = OLD.respondent_id) = 'finalised'
BEGIN {_FROZEN}; END;
CREATE TRIGGER respondent_frozen_ins BEFORE INSERT ON respondent
WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER respondent_frozen_upd BEFORE UPDATE ON respondent
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER respondent_frozen_del BEFORE DELETE ON respondent
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER decision_frozen_ins BEFORE INSERT ON decision
WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER decision_frozen_upd BEFORE UPDATE ON decision
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER decision_frozen_del BEFORE DELETE ON decision
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER action_frozen_ins BEFORE INSERT ON action
WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER action_frozen_upd BEFORE UPDATE ON action
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER action_frozen_del BEFORE DELETE ON action
WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER cycle_frozen_upd BEFORE UPDATE ON cycle
WHEN OLD.status = 'finalised' BEGIN {_FROZEN}; END;
CREATE TRIGGER cycle_frozen_del BEFORE DELETE ON cycle
WHEN OLD.status = 'finalised' BEGIN {_FROZEN}; END;
"""


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    for statement in (SCHEMA_V1 + FINALISED_GUARDS).split(";\n"):
        if statement.strip():
            conn.execute(statement)


# Each cycle's scores in brief (domain.summary.ScoreSummary), so that the overview shows every
# cycle without loading and scoring its questionnaire. Whatever changes a cycle's scores
# (answers, respondents, decisions, the cycle itself) deletes its summary in the same
# transaction, whoever writes; the app works it out again when it is next asked for.
CYCLE_SUMMARY = """
CREATE TABLE cycle_summary (
    cycle_id INTEGER PRIMARY KEY REFERENCES cycle(id) ON DELETE CASCADE,
    scoring INTEGER NOT NULL,
    content TEXT NOT NULL
);
""" + "".join(
    f"CREATE TRIGGER {table}_stale_{event[:3].lower()} AFTER {event} ON {table} BEGIN "
    f"DELETE FROM cycle_summary WHERE cycle_id = {cycle}; END;\n"
    for table, event, cycle in (
        ("response", "INSERT", "(SELECT cycle_id FROM respondent WHERE id = NEW.respondent_id)"),
        ("response", "UPDATE", "(SELECT cycle_id FROM respondent WHERE id = OLD.respondent_id)"),
        ("response", "DELETE", "(SELECT cycle_id FROM respondent WHERE id = OLD.respondent_id)"),
        ("respondent", "INSERT", "NEW.cycle_id"),
        ("respondent", "UPDATE", "OLD.cycle_id"),
        ("respondent", "DELETE", "OLD.cycle_id"),
        ("decision", "INSERT", "NEW.cycle_id"),
        ("decision", "UPDATE", "OLD.cycle_id"),
        ("decision", "DELETE", "OLD.cycle_id"),
        ("cycle", "UPDATE", "OLD.id"),
    )
)


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    for statement in CYCLE_SUMMARY.split(";\n"):
        if statement.strip():
            conn.execute(statement)


# Migration n takes a schema at version n-1 to version n. Append; never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1, _migrate_to_2]
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# SQLite's limits, lowered for files that may come from anywhere (a backup chosen by its path, a
# damaged workspace): far above what the app stores (a questionnaire file is at most 2 MB, a
# statement of its schema a few hundred bytes), far below what could stall it or take its memory.
LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: 100_000_000,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 1_000_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 200,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 200,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 50,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 100,
}


def open_sqlite(target: Path | str, query: str = "") -> sqlite3.Connection:
    """A connection with the settings every one of ours has, whatever it opens: the workspace, a
    backup, a copy a rescue reads or makes, a format made in memory (":memory:"). SQLite's
    advice for files that may be hostile: no functions run from the schema (trusted_schema),
    checked cell sizes, no memory mapping, lower limits. `query` ("mode=ro&immutable=1", say)
    opens the file by URI. The only sqlite3.connect in the app: a test keeps it so (R3)."""
    if query:
        target = f"{Path(target).resolve().as_uri()}?{query}"
    conn = sqlite3.connect(target, uri=bool(query), isolation_level=None, check_same_thread=False)
    try:
        for limit, value in LIMITS.items():
            conn.setlimit(limit, value)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA mmap_size = 0")
    except BaseException:
        conn.close()
        raise
    return conn


def format_of(version: int) -> sqlite3.Connection:
    """An empty workspace of format `version`, in memory: what the migrations make for it."""
    conn = open_sqlite(":memory:")
    for step in MIGRATIONS[:version]:
        step(conn)
    return conn


def format_objects(version: int) -> frozenset[tuple[str, str, str]]:
    """The tables, indexes, triggers and views of format `version`: (type, name, table)."""
    return frozenset(format_definitions(version))


def format_definitions(version: int) -> dict[tuple[str, str, str], str]:
    """What each of those is made by in format `version`: its SQL, its spaces evened out ("" for
    an index SQLite makes itself). A guard with its name but another body is not the guard."""
    conn = format_of(version)
    try:
        return {(r[0], r[1], r[2]): " ".join((r[3] or "").split())
                for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}
    finally:
        conn.close()


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise WorkspaceError(f"the workspace could not switch to WAL mode (got {mode}); is it on a network drive?")
    conn.execute("PRAGMA synchronous = FULL")


def _raw_connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        try:
            conn = _connect_uri(path, "mode=ro")
            conn.execute("PRAGMA user_version").fetchone()  # SQLite opens the file on first use
        except sqlite3.OperationalError:
            if not unwritable(path):
                raise
            if not read_only_disk(path):  # others may write here: reading without SQLite's locks is not safe
                raise WorkspaceError(
                    f"{path} cannot be opened: you may not write to its folder, and reading a workspace needs to "
                    f"(SQLite keeps its locks there). Ask for write access to {path.parent}, or copy the whole "
                    f"folder to a place you may write to and open it there.") from None
            # On a read-only disk SQLite cannot make the -shm file that reading a WAL workspace
            # needs; nothing can change the file there, so it may be read as fixed, unless changes
            # wait in a -wal file that only a writer could merge in.
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise WorkspaceError(
                    f"{path} cannot be read here: its folder cannot be written to, and {wal.name} beside it holds "
                    f"changes not yet merged into it. Copy the whole data folder to a place you may write to, and open it there."
                ) from None
            conn = _connect_uri(path, "mode=ro&immutable=1")
    else:
        conn = open_sqlite(path)
    conn.row_factory = sqlite3.Row
    return conn


def _connect_uri(path: Path, query: str) -> sqlite3.Connection:
    return open_sqlite(path, query)


def unwritable(path: Path) -> bool:
    """Whether the workspace file or its folder cannot be written to (a read-only disk or share)."""
    return not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))


def read_only_disk(path: Path) -> bool:
    """Whether no one at all can change the workspace: it is on a disk mounted read-only (a CD, a
    locked USB stick, a read-only share), or in a folder no one has write permission for. (On
    Windows, which has neither check: the file is marked read-only, or its disk is.)"""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return True
    except AttributeError:  # Windows
        return not os.access(path, os.W_OK)
    except OSError:
        return False
    try:
        return not os.stat(path.parent).st_mode & 0o222
    except OSError:
        return False


def unwritable_reason(path: Path) -> str:
    return (f"The data folder {path.parent} cannot be written to, so the workspace is open read-only. To edit it, "
            f"copy the whole folder to a place you may write to and open it there.")


def is_damage(exc: BaseException) -> bool:
    """Whether an error met on opening or reading a workspace says the file itself is damaged, so
    that a backup can help; a busy file, a full disk or a missing permission are not damage."""
    if isinstance(exc, WorkspaceDamaged | UnicodeDecodeError):
        return True
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.ProgrammingError | sqlite3.IntegrityError):
        return False
    if isinstance(exc, sqlite3.OperationalError):  # mostly the disk's or another program's doing, but not
        return (getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")  # a text that is
                or "decode" in str(exc))  # not UTF-8, which only damage puts in the file
    return True  # "database disk image is malformed", "file is not a database"


def _cannot_read(path: Path, exc: BaseException) -> WorkspaceError:
    """The error for a workspace SQLite could not read: damage, or (locked, a disk error) not."""
    if is_damage(exc):
        return WorkspaceDamaged.at(path, f"{path} cannot be read as a workspace ({exc}).")
    return WorkspaceError(
        f"{path} cannot be opened now ({exc}). Nothing in it was changed. If another program has it open (a backup "
        f"or synchronisation tool, say), close that program; check the disk; then open it again.")


# How far past this version's format a newer version's may be. A workspace's format number is
# set with its tables, from 1 up, one step per change of format: 0 or less beside tables, or a
# number this far ahead (damage to the header turns it into one of billions), is damage.
FORMATS_AHEAD = 1000


def format_damaged(version: int) -> bool:
    """Whether the format number of a file with tables in it can only be damage."""
    return not 1 <= version <= SCHEMA_VERSION + FORMATS_AHEAD


def connect(path: Path, read_only: bool = False, backup_dir: Path | None = None) -> Opened:
    """Open (creating or migrating as needed) a workspace file with the project's settings.

    A file written by a newer version of iah-assess opens read-only, with the reason.
    """
    path = Path(path)
    new = not path.exists()
    if new and read_only:
        raise WorkspaceError(f"{path} does not exist.")
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
    reason = "Opened read-only on request."
    if not new and not read_only and unwritable(path):
        read_only, reason = True, unwritable_reason(path)
    # An existing file is checked through a connection that cannot write: a damaged file and the
    # -wal beside it stay exactly as they are (a writable connection merges the -wal into the file
    # as it closes), to be kept aside whole if a backup is put in their place.
    conn: sqlite3.Connection | None = None
    try:
        conn = _raw_connect(path, read_only=not new)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        check, full = "ok", False
        if app_id in (0, APPLICATION_ID) and not (app_id == 0 and has_tables) and version <= SCHEMA_VERSION:
            # the quick check; the full one once a week, and after a backup's copy failed it (R7)
            marked = damage_mark(path).exists()
            full = marked or (not read_only and version >= 1 and _full_check_due(conn))  # a writer records it
            check = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchone()[0]
            if marked and check == "ok" and not read_only:
                damage_mark(path).unlink(missing_ok=True)  # sound after all (a copy that went wrong)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        if conn is not None:
            conn.close()  # now: on Windows an open file cannot be renamed aside
        raise _cannot_read(path, exc) from None
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and has_tables):
        try:
            ours = {"institution", "cycle", "respondent", "response"} <= {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error:
            ours = False
        conn.close()
        if ours:  # a workspace's tables under a number that is not ours: damage in the file's header
            raise WorkspaceDamaged.at(path, f"{path} holds a workspace's tables, but its header is damaged "
                                            f"(application id {app_id:#x}).")
        raise NotAWorkspace(f"{path} is an SQLite file, but not an iah-assess workspace; choose another data folder.")
    if has_tables and format_damaged(version):
        conn.close()  # a format no version of iah-assess gives a workspace with tables: damage, not a newer version
        raise WorkspaceDamaged.at(path, f"{path} holds a workspace's tables, but its header is damaged "
                                        f"(format number {version}).")
    if version > SCHEMA_VERSION:
        conn.close()
        conn = _raw_connect(path, read_only=True)
        _configure(conn, read_only=True)
        return Opened(
            conn,
            True,
            f"This workspace was saved by a newer version of iah-assess (format {version}; this version knows up to {SCHEMA_VERSION}). It is open read-only so that nothing in it is changed; update iah-assess to edit it.",
        )
    if check != "ok":
        conn.close()
        raise WorkspaceDamaged.at(path, f"{path} failed its integrity check ({check}).")
    if not new and not read_only:  # sound: now the connection that writes
        conn.close()
        try:
            conn = _raw_connect(path, read_only=False)
        except sqlite3.Error as exc:
            raise _cannot_read(path, exc) from None
    _configure(conn, read_only)
    if read_only:
        return Opened(conn, True, reason)
    if version < SCHEMA_VERSION:
        folder = backup_dir or path.parent / BACKUP_DIR
        try:
            if has_tables:
                backup(conn, folder, f"before-format-{SCHEMA_VERSION}")
            migrate(conn, version)  # one transaction: all of it or nothing
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            raise WorkspaceError(
                f"{path} is in an older format ({version}) and could not be brought to format {SCHEMA_VERSION}: the copy "
                f"kept first in {folder}, or the change itself, failed ({exc}). Nothing in the workspace was changed. Free "
                f"some space on the disk (or make the folder writable) and open it again."
            ) from None
    remove_stale_parts(backup_dir or path.parent / BACKUP_DIR)
    if full and check == "ok":  # the next full check in a week
        try:
            conn.execute("INSERT INTO ui_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (FULL_CHECK_KEY, dt.date.today().isoformat()))
        except sqlite3.Error:  # busy or full: checked in full again at the next opening
            pass
    return Opened(conn, False)


FULL_CHECK_KEY = "last_full_check"
FULL_CHECK_EVERY = dt.timedelta(days=7)


def _full_check_due(conn: sqlite3.Connection) -> bool:
    """Whether the last full check on opening is a week old or more (or never was, or the clock
    has been put back since): the quick check on every opening misses damage inside a table."""
    try:
        row = conn.execute("SELECT value FROM ui_state WHERE key = ?", (FULL_CHECK_KEY,)).fetchone()
        last = dt.date.fromisoformat(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return True
    today = dt.date.today()
    return last is None or not dt.timedelta(0) <= today - last < FULL_CHECK_EVERY


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run the missing migrations in one transaction; on any error nothing changes."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in MIGRATIONS[from_version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def copy_checked(conn: sqlite3.Connection, target: Path) -> str:
    """Copy a database into a new file through SQLite's backup API; SQLite's full check of the
    copy ("ok", or what is wrong). Whoever calls decides what a failed check means."""
    copy = open_sqlite(target)
    try:
        conn.backup(copy)
        return copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()


# A backup being made is a file named so in the backups folder; one the process was killed
# while making stays there, as big as the workspace, until a writer's next opening removes it.
_BACKUP_PART = re.compile(r"^\.workspace-.+\.sqlite\.part(-journal)?$")
STALE_AFTER_S = 60  # a part left alone this long is no backup still being made


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Delete the parts of backups a killed process left in `folder`; what was deleted. A part
    changed in the last minute may be one still being made (by another process) and stays."""
    removed = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no backups folder yet, or one that cannot be read: nothing to tidy
        return removed
    for entry in entries:
        try:
            if _BACKUP_PART.match(entry.name) and entry.is_file(follow_symlinks=False) \
                    and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # gone meanwhile, or not ours to delete: left
            continue
    return removed


def backup(conn: sqlite3.Connection, folder: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """Copy the database through SQLite's backup API, verify the copy, then give it its name."""
    from iah_assess.storage.files import _fsync_dir  # only now: the start does without its imports

    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    final = folder / f"workspace-{stamp}-{reason}.sqlite"
    temp = folder / f".{final.name}.part"
    try:
        ok = copy_checked(conn, temp)
        if ok != "ok":
            raise BackupCheckFailed(f"the backup copy failed its integrity check ({ok}); nothing was changed.")
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, final)
    except BaseException:  # a full disk, a failed check: no half-made copy is left behind
        for part in (temp, temp.with_name(temp.name + "-journal")):
            part.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)  # the new name, too, survives a power cut
    return final


# Thinning of backups, as in Anki: the newest backup of each of the last 7 days with one, of the
# last 4 weeks and of the last 12 months is kept. A backup made before a format change is
# always kept, and so is the newest backup of all.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
BEFORE_DELETE = "before-delete"  # the reason of the copy made before a cycle is deleted: always kept
_BACKUP_NAME = re.compile(r"^workspace-(\d{8}-\d{6}-\d{6})-(.+)\.sqlite$")


class Backup(NamedTuple):
    path: Path
    made: dt.datetime
    reason: str


def backups(folder: Path, now: dt.datetime | None = None) -> list[Backup]:
    """The backups in a folder, newest first (files named otherwise are not ours: left alone).

    A backup dated after `now` (the clock's time) by more than AHEAD was made while the clock was
    wrong: running ahead then, or right then and put back since. Either way it was made before
    every backup dated up to now that was made after the change; so those come first, then the
    ones dated ahead, newest first among themselves. (By date alone, a copy made during a week the
    clock ran a year ahead would be restored as the newest, and the work of the days since lost.)
    Names are in local time: within AHEAD, as after the clocks go back an hour or a flight west,
    a backup is taken as dated rightly."""
    found = []
    for path in folder.glob("workspace-*.sqlite") if folder.is_dir() else ():
        m = _BACKUP_NAME.match(path.name)
        if m:
            t = m.group(1)  # YYYYMMDD-HHMMSS-ffffff, read by hand: strptime's import slows a start
            try:
                made = dt.datetime(int(t[0:4]), int(t[4:6]), int(t[6:8]), int(t[9:11]), int(t[11:13]), int(t[13:15]), int(t[16:22]))
            except ValueError:
                continue
            found.append(Backup(path, made, m.group(2)))
    now = now or dt.datetime.now()
    return sorted(found, key=lambda b: (not dated_ahead(b, now), b.made), reverse=True)


def backups_of_a_lost_workspace(path: Path) -> list[Backup]:
    """When the workspace file is missing or empty (0 bytes: deleted, or cut short by a copy or
    a synchronisation) while the backups folder beside it holds backups: those, newest first.
    Opened as it is, such a file becomes a new, empty workspace, and the backups would look like
    another's; so whoever opens it offers them first. Else (a file with content, or no backups,
    as at the very first start) none."""
    return backups(path.parent / BACKUP_DIR) if holds_nothing(path) else []


def holds_nothing(path: Path) -> bool:
    """Whether the workspace file is missing or empty (0 bytes). A file that cannot be looked at
    is not: its opening says what is wrong."""
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


AHEAD = dt.timedelta(days=2)  # more than a change of time zone or of summer time moves a local clock


def dated_ahead(backup: Backup, now: dt.datetime | None = None) -> bool:
    """Whether the backup is dated after now by more than AHEAD: made while the clock was wrong
    (see backups)."""
    return backup.made > (now or dt.datetime.now()) + AHEAD


def thin_backups(folder: Path, keep: Path | None = None, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups that thinning does not keep; returns what was deleted. `keep`, the
    backup just made, is always kept. One dated ahead of `now` (see backups) is kept too, and
    takes no day, week or month of the ones dated rightly: when it was made cannot be told; once
    the clock has come near its date, it is thinned as the others."""
    now = now or dt.datetime.now()
    found = backups(folder, now)
    ahead = [b for b in found if dated_ahead(b, now)]
    keep_paths = {b.path for b in found[:1]} | {b.path for b in found if b.reason.startswith(("before-format", BEFORE_DELETE))}
    keep_paths.update(b.path for b in ahead)
    if keep is not None:
        keep_paths.add(keep)
    found = [b for b in found if not dated_ahead(b, now)]
    for periods, period_of in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: set = set()
        for b in found:  # newest first: the first backup met in a period is its newest
            period = period_of(b.made)
            if period not in seen and len(seen) < periods:
                seen.add(period)
                keep_paths.add(b.path)
    deleted = []
    for b in found:
        if b.path not in keep_paths:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def integrity(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA integrity_check").fetchone()[0]


def open_plain(path: Path) -> sqlite3.Connection:
    """A bare connection for checks from outside the app (tests, diagnostics): no migration."""
    conn = _raw_connect(path, read_only=False)
    _configure(conn, read_only=False)
    return conn
