"""When the workspace is damaged: the newest backup that is sound, put in its place (R7).

The damaged file is never deleted or written to. It is kept aside, with its -wal and -shm files,
as `workspace-damaged-<when>.sqlite` in the data folder, where whoever tries to rescue more from
it finds it whole. The backup is copied, checked and only then renamed into place, so that a
failure on the way leaves the damaged file where it was and the backup where it was, and a crash
at any moment leaves a workspace in the folder.

Whoever restores holds the workspace lock (the app, or a command line command), so that no
window has the file open while it is swapped.

When no backup will do, or the newest is older than the work it would lose, `rescue` copies what
can still be read from the damaged file into a new, sound workspace file: row by row where a
whole table cannot be read, leaving out only what damage made unreadable or meaningless. That file
can be opened read-only and exported from, or put in the workspace's place like a backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path
from collections.abc import Mapping
from typing import NamedTuple

from iah_assess.storage import db
from iah_assess.storage.files import _fsync_dir

DAMAGED_PREFIX = "workspace-damaged-"
RESCUED_PREFIX = "workspace-rescued-"  # what could be read from a damaged workspace
REPLACED_PREFIX = "workspace-replaced-"  # a sound workspace put aside for a backup the user chose
_SIDE_FILES = ("-wal", "-shm", "-journal")


class Checked(NamedTuple):
    backup: db.Backup
    problem: str  # empty when the backup is sound


def check_backup(path: Path) -> str:
    """What is wrong with a backup file, or "" when it is a sound workspace this version can open:
    ours, not from a newer version, passing SQLite's full integrity check, with the tables,
    indexes and triggers its format has and no others (a finalised cycle's guards missing, or
    another program's trigger, would go into the workspace with it), and with every stored
    questionnaire still matching its fingerprint. The file is only read."""
    try:
        conn = db.open_sqlite(path, "mode=ro&immutable=1")
    except sqlite3.Error as exc:
        return f"it cannot be opened ({exc})"
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != db.APPLICATION_ID:
            return "it is not an iah-assess workspace"
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if db.format_damaged(version):
            return f"its header is damaged (format number {version})"
        if version > db.SCHEMA_VERSION:
            return f"it was made by a newer version of iah-assess (format {version})"
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            return f"it failed its integrity check ({check})"
        if problem := _schema_problem(conn, version):
            return problem
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


def _schema_problem(conn: sqlite3.Connection, version: int) -> str:
    """What differs between a file's tables, indexes, triggers and views and those the
    migrations make for its format (SQLite's statistics, which ANALYZE adds, aside), or ""."""
    made = {(r[0], r[1], r[2]): " ".join((r[3] or "").split())
            for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            if not str(r[1]).startswith("sqlite_stat")}
    definitions = db.format_definitions(version)
    found, wanted = set(made), set(definitions)

    def named(entries: set) -> str:
        listed = [f"{kind} {name}" for kind, name, _ in sorted(entries, key=lambda e: (e[1], e[0]))]
        return ", ".join(listed[:3]) + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")

    wrong = []
    if wanted - found:
        wrong.append(f"{named(wanted - found)} missing")
    if found - wanted:
        wrong.append(f"{named(found - wanted)} not made by iah-assess")
    if changed := {key for key in found & wanted if made[key] != definitions[key]}:
        wrong.append(f"{named(changed)} changed from what iah-assess makes")
    return f"its tables and triggers are not those of its format {version} ({'; '.join(wrong)})" if wrong else ""


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
    with `prefix` (None when there was nothing to move aside; the name its -wal was given when the
    file was missing and only that was there). Raises db.WorkspaceError, with nothing moved, when
    the copy cannot be made or fails its check."""
    workspace = Path(workspace)
    part = workspace.with_name(f".{workspace.name}.restoring")
    for stale in (part, part.with_name(part.name + "-journal")):
        stale.unlink(missing_ok=True)
    try:
        source = db.open_sqlite(backup, "mode=ro&immutable=1")
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
            f"{backup} could not be copied into the workspace's place ({exc}). Nothing was changed: {workspace} is where "
            f"it was. Free some space on the disk, or choose another backup.") from None
    try:
        _merge_wal_if_sound(workspace)
    except (sqlite3.Error, OSError, db.WorkspaceError) as exc:
        part.unlink(missing_ok=True)
        raise db.WorkspaceError(
            f"The changes {workspace.name}-wal holds could not be merged into {workspace} before it is put aside ({exc}). "
            f"Nothing was changed. Close any other program that has it open, then try again.") from None

    # The damaged file gets its second name by a hard link, and the copy then replaces it in one
    # rename: whenever the process stops, the data folder holds a workspace, the damaged one or
    # the restored one, never none (which the next start would take for a new, empty workspace).
    # Its -wal and -shm go aside first: SQLite would read them into the restored file (a sound
    # workspace's -wal was merged into it above, so that the file left in place lacks nothing).
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
    if aside is not None and workspace not in present:  # a -wal alone was there: its name is the one to give
        return aside.with_name(aside.name + present[0].name[len(workspace.name):])
    return aside


def _merge_wal_if_sound(workspace: Path) -> None:
    """Merge the -wal of a sound workspace into the file (a checkpoint), so that the file kept
    aside, and the one still in place should the process stop before the swap, each hold every
    committed change: the -wal goes aside before the swap, and the file in place would lose it.
    A damaged workspace (or one that cannot be read) is not written to: it goes aside as it is."""
    wal = workspace.with_name(workspace.name + "-wal")
    if not wal.is_file() or not wal.stat().st_size:
        return
    try:
        opened = db.connect(workspace, read_only=True)
    except db.UNREADABLE:
        return
    try:
        sound = db.integrity(opened.conn) == "ok"
    except (sqlite3.Error, UnicodeDecodeError):
        sound = False
    finally:
        opened.conn.close()
    if not sound:
        return
    conn = db.open_plain(workspace)
    try:
        busy, frames, merged = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy or frames != merged:
        raise db.WorkspaceError("another connection is reading it")


# --- rescuing what can still be read -----------------------------------------------------------

# The tables a rescue copies, each after those it refers to. The kept summaries of scores are not
# copied: the app works them out again from the answers.
RESCUED_TABLES = ("questionnaire_snapshot", "institution", "cycle", "respondent", "response", "decision", "action", "ui_state")
_LOOK_PAST = 5000  # rows looked up one by one past the last one found, when a table's end cannot be read
_LOOK_AHEAD_AT_MOST = 200_000  # nor further than this past it, whatever the table says its last row is


class NothingToRescue(db.WorkspaceError):
    """Not even the start of the workspace (its format, its list of tables) can be read."""


class MadeByNewerVersion(db.WorkspaceError):
    """The workspace is sound as far as its header says, in a format newer than this version's:
    a rescue here would copy only the tables and columns this version knows, and lose the rest."""


# The tables whose rows belong to a cycle, as a rescue counts them cycle by cycle
CYCLE_TABLES = ("respondent", "response", "decision", "action")


class CycleRescued(NamedTuple):
    """What a rescue read of one cycle, and what of it is known to be lost, table by table (CYCLE_TABLES).
    Rows that could not be read at all are not in `lost`: which cycle they belonged to cannot be known."""

    institution: str  # "" when the institution's row could not be read
    label: str  # "" when the cycle's own row could not be read
    kept: bool  # whether the cycle itself is in the rescued copy
    read: dict[str, int]  # rows copied
    lost: dict[str, int]  # rows read, or known to be of this cycle, but not copied


class Rescued(NamedTuple):
    """What a rescue copied, table by table, and what it could not."""

    path: Path
    read: dict[str, int]  # rows copied
    unreadable: frozenset[str]  # tables of which a part could not be read at all
    left_out: dict[str, int]  # rows read but left out: values damage made invalid, or what they belong to was lost
    mended: dict[str, int]  # texts that were not UTF-8, kept with the unreadable bytes replaced by "\ufffd"
    questionnaires_from_files: int  # stored questionnaires that were damaged or lost, taken again from their files
    not_known: tuple[str, ...] = ()  # tables ("table x") and columns ("column t.x") this version has no place for: not copied
    cycles: tuple[CycleRescued, ...] = ()  # cycle by cycle, in the order of their ids, every cycle a row names
    lost_any_cycle: dict[str, int] = {}  # rows read but not copied whose cycle cannot be known (an answer whose respondent was lost)

    @property
    def cycles_with_losses(self) -> tuple[CycleRescued, ...]:
        return tuple(c for c in self.cycles if not c.kept or any(c.lost.values()))

    @property
    def unreadable_any_cycle(self) -> tuple[str, ...]:
        """The tables of CYCLE_TABLES (and the cycles) of which a part could not be read: what was in
        it may belong to any cycle."""
        return tuple(t for t in ("cycle", *CYCLE_TABLES) if t in self.unreadable)

    @property
    def whole(self) -> bool:
        """Whether everything in the damaged file was read and copied as it was."""
        return not (self.unreadable or any(self.left_out.values()) or any(self.mended.values()) or self.not_known)


def rescue(workspace: Path, to: Path, questionnaires: Mapping[str, str] | None = None) -> Rescued:
    """Copy what can be read from a (damaged) workspace into a new workspace file `to`, which
    passes SQLite's full check. The damaged file and its -wal are only read: the reading is done
    on a copy of them, whose list of tables is first written again from this version's own, where
    damage hit it (SQLite reads that list before any table).

    `questionnaires` maps a questionnaire's fingerprint to its content (the shipped ones and the
    user's): a stored copy that is damaged or lost is taken from there, so that its cycles are not
    lost with it. Raises NothingToRescue when nothing can be read, and db.WorkspaceError when the
    rescued copy cannot be written; the workspace is not changed either way.
    """
    workspace, to = Path(workspace), Path(to)
    part = to.with_name(f".{to.name}.part")
    source = to.with_name(f".{to.name}.source")  # the copy read from
    made = [part, part.with_name(part.name + "-journal"), *(source.with_name(source.name + s) for s in ("", *_SIDE_FILES))]
    try:
        for stale in made:
            stale.unlink(missing_ok=True)
        for s in ("", "-wal"):
            if workspace.with_name(workspace.name + s).exists():
                shutil.copyfile(workspace.with_name(workspace.name + s), source.with_name(source.name + s))
        version, columns_not_known = _mend_schema(source, workspace)
        src = db.open_sqlite(source)
        dst = db.open_sqlite(part)
        try:
            rescued = _copy_readable(src, dst, version, dict(questionnaires or {}))
            rescued = rescued._replace(not_known=tuple(sorted(rescued.not_known + columns_not_known)))
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
        if check != "ok":
            raise db.WorkspaceError(f"the rescued copy failed its integrity check ({check})")
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, to)
        _fsync_dir(to.parent)
    except (sqlite3.Error, OSError, db.WorkspaceError) as exc:
        if isinstance(exc, NothingToRescue | MadeByNewerVersion):
            raise
        raise db.WorkspaceError(f"What can be read from {workspace} could not be saved as {to} ({exc}). The workspace "
                                f"was not changed. Free some space on the disk, or check that you may write to {to.parent}.") from None
    finally:
        for f in made:
            try:
                f.unlink(missing_ok=True)
            except OSError:  # a read-only folder: nothing was made there; the error above says why
                pass
    return rescued._replace(path=to)


def _mend_schema(copy: Path, workspace: Path) -> tuple[int, tuple[str, ...]]:
    """Write again, in the copy of a damaged workspace, the entries of its list of tables that
    damage changed, from those this version makes for its format; the format, and the columns
    past those of the format that the tables a rescue copies have ("column t.x": written again,
    their table no longer lists them). Raises NothingToRescue when the copy does not read as a
    workspace whose list this version knows, MadeByNewerVersion when it says it is a newer one's."""

    def nothing(why: str) -> NothingToRescue:
        return NothingToRescue(f"Nothing can be read from {workspace}: {why}. It was not changed.")

    conn = db.open_sqlite(copy)
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            # SQLite reads the list of tables before any statement: a file cut short keeps its
            # first page, and fails there, as one damaged from its start does
            where = "its list of tables cannot be read" if _has_header(copy) else "even its first page is damaged"
            raise nothing(f"{where} ({exc})") from None
        if app_id == db.APPLICATION_ID and version > db.SCHEMA_VERSION and not db.format_damaged(version):
            # a newer version's number (damage gives one of billions): only that version can copy all of it
            raise MadeByNewerVersion(
                f"{workspace} was made by a newer version of iah-assess (format {version}; this version knows formats up "
                f"to {db.SCHEMA_VERSION}), so this version cannot rescue it without losing what it does not know. Update "
                f"the app to the version that made it, and rescue it with that. It was not changed.")
        if app_id != db.APPLICATION_ID or not 1 <= version <= db.SCHEMA_VERSION:
            # the header's two numbers may be what damage hit: the tables it lists then say
            by_tables = _format_by_tables(conn)
            if by_tables is None:
                raise nothing(f"it does not read as a workspace of this version of iah-assess (application "
                              f"{app_id:#x}, format {version})")
            version = by_tables
        own = db.format_of(version)
        made = [tuple(r) for r in own.execute("SELECT rowid, type, name, tbl_name, sql FROM sqlite_master")]
        own_columns = {t: [r[0] for r in own.execute("SELECT name FROM pragma_table_info(?)", (t,))] for t in RESCUED_TABLES}
        own.close()
        try:
            conn.execute("PRAGMA writable_schema = ON")  # SQLite then passes over entries it cannot read
            found = [tuple(r) for r in conn.execute("SELECT rowid, type, name, tbl_name, rootpage, sql FROM sqlite_master")]
        except sqlite3.Error as exc:
            raise nothing(f"its list of tables is damaged ({exc})") from None
        by_name = {name: (kind, table, sql) for _, kind, name, table, sql in made}
        if not any(entry[2] in by_name for entry in found):
            raise nothing("its list of tables is not one this version of iah-assess can read")
        # An entry is known by its name (a copy compacted by VACUUM, or a guard put back, has them
        # in another order). One whose name damage changed is taken for the entry the format made
        # in its place, if that one is missing and of the same kind (a table or an index has its
        # own pages, a trigger none), so that no table is ever read as another.
        missing = {rowid: (kind, name, table, sql) for rowid, kind, name, table, sql in made
                   if name not in {entry[2] for entry in found}}
        tables = {table for _, _, _, table, _ in made}
        extra = []
        for table in RESCUED_TABLES:  # columns added at the end (ALTER TABLE): the only ones read past, and lost
            if table in by_name and any(entry[2] == table and entry[1] == "table" for entry in found):
                try:
                    theirs = [r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]
                except sqlite3.Error:
                    continue
                ours = own_columns[table]
                extra += [f"column {table}.{c}" for c in theirs[len(ours):]]
        for rowid, kind, name, table, root, sql in found:
            if name in by_name:
                want = (by_name[name][0], name, *by_name[name][1:])
            elif rowid in missing and (table == missing[rowid][2] or table not in tables):
                want = missing.pop(rowid)
            else:
                continue  # not the format's, or not known for sure: left as it is
            if (want[0] == "trigger") != (not root):
                continue  # a trigger's name on a table's pages, or the other way round: damage SQLite will say
            if (kind, name, table, sql) != want:
                conn.execute("UPDATE sqlite_master SET type = ?, name = ?, tbl_name = ?, sql = ? WHERE rowid = ?", (*want, rowid))
        conn.execute("PRAGMA writable_schema = OFF")
        return version, tuple(extra)
    finally:
        conn.close()


def _format_by_tables(conn: sqlite3.Connection) -> int | None:
    """The newest format whose tables the file lists, every one of them; None if none is."""
    try:
        conn.execute("PRAGMA writable_schema = ON")
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return None
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    for version in range(db.SCHEMA_VERSION, 0, -1):
        if {name for kind, name, _ in db.format_objects(version) if kind == "table"} <= names:
            return version
    return None


def _copy_readable(src: sqlite3.Connection, dst: sqlite3.Connection, version: int, known: dict[str, str]) -> Rescued:
    """Copy, in one transaction, every row of RESCUED_TABLES that can be read from `src` into the
    empty `dst`, made in the same format; then leave out what lost what it belongs to."""
    mended_now = [0]

    def text(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            mended_now[0] += 1
            return raw.decode("utf-8", "replace")

    src.text_factory = text
    try:  # SQLite reads its list of tables first: if that is lost, every table is
        src.execute("SELECT name, sql FROM sqlite_master").fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise NothingToRescue(f"its list of tables is damaged ({_plain(exc)})") from None
    dst.execute("PRAGMA foreign_keys = OFF")  # orphans are found and left out at the end
    dst.execute("BEGIN IMMEDIATE")
    for step in db.MIGRATIONS[:version]:
        step(dst)
    not_known = _not_known(src)
    # The guards of a finalised cycle would refuse its rows: every cycle goes in open, and those
    # that were finalised are finalised again at the end (the guards stay, where the format has them).
    finalised: list[int] = []
    left_out: dict[str, int] = {}
    mended: dict[str, int] = {}
    unreadable: set[str] = set()
    from_files = 0
    read_rows: dict[str, list[dict[str, object]]] = {}  # the rows read from `src`, by column, for the cycle by cycle count
    for table in RESCUED_TABLES:
        columns = [r[1] for r in dst.execute(f'PRAGMA table_info("{table}")')]
        mended_now[0] = 0
        rows, whole = _readable_rows(src, table, columns)
        read_rows[table] = [{"rowid": rowid, **dict(zip(columns, values))} for rowid, values in rows]
        mended[table] = mended_now[0]
        if not whole:
            unreadable.add(table)
        left_out[table] = 0
        insert = f'INSERT INTO "{table}"(rowid, {", ".join(columns)}) VALUES ({", ".join("?" * (len(columns) + 1))})'
        for rowid, values in rows:
            if table == "cycle" and values[columns.index("status")] == "finalised":
                finalised.append(rowid)
                values = tuple("open" if c == "status" else v for c, v in zip(columns, values))
            if table == "questionnaire_snapshot":
                content_hash, content = values[columns.index("hash")], values[columns.index("content")]
                if _sha(content) != content_hash:
                    if content_hash not in known:
                        left_out[table] += 1
                        continue
                    values = tuple(known[content_hash] if c == "content" else v for c, v in zip(columns, values))
                    from_files += 1
            try:
                dst.execute(insert, (rowid, *values))
            except sqlite3.Error:  # a value damage made one the table refuses (a level of 9, a duplicate)
                left_out[table] += 1
        if table == "questionnaire_snapshot":  # a stored questionnaire lost whole, but known by its fingerprint
            from_files += _questionnaires_from_files(src, dst, known)
    _leave_out_orphans(dst, left_out)
    dst.executemany("UPDATE cycle SET status = 'finalised' WHERE rowid = ?", [(rowid,) for rowid in finalised])
    read = {table: dst.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in RESCUED_TABLES}
    cycles, lost_any_cycle = _by_cycle(dst, read_rows)
    dst.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    dst.execute(f"PRAGMA user_version = {version}")
    dst.execute("COMMIT")
    return Rescued(Path(), read, frozenset(unreadable), left_out, mended, from_files, not_known, cycles, lost_any_cycle)


def _by_cycle(dst: sqlite3.Connection, read_rows: dict[str, list[dict[str, object]]]) -> tuple[tuple[CycleRescued, ...], dict[str, int]]:
    """Cycle by cycle, what the rescued copy `dst` holds and what was read from the damaged file
    but is not in it; and what was read but not copied whose cycle cannot be known. A row's cycle
    is known from its own cycle_id, or an answer's from its respondent's row, if that was read."""
    respondent_cycle = {r["rowid"]: r["cycle_id"] for r in read_rows.get("respondent", [])}
    in_src: dict[str, dict[object, int]] = {t: {} for t in CYCLE_TABLES}
    lost_any_cycle: dict[str, int] = {}
    for table in CYCLE_TABLES:
        for row in read_rows.get(table, []):
            cycle = respondent_cycle.get(row["respondent_id"]) if table == "response" else row["cycle_id"]
            if cycle is None:
                lost_any_cycle[table] = lost_any_cycle.get(table, 0) + 1  # its respondent was not read: not copied
            else:
                in_src[table][cycle] = in_src[table].get(cycle, 0) + 1
    in_dst = {table: dict(dst.execute(
        "SELECT r.cycle_id, count(*) FROM response x JOIN respondent r ON r.id = x.respondent_id GROUP BY r.cycle_id"
        if table == "response" else f'SELECT cycle_id, count(*) FROM "{table}" GROUP BY cycle_id').fetchall())
        for table in CYCLE_TABLES}
    kept = {r[0] for r in dst.execute("SELECT id FROM cycle")}
    institutions = {r["rowid"]: r["name"] for r in read_rows.get("institution", [])}
    named = {r["rowid"]: (institutions.get(r["institution_id"], ""), r["label"]) for r in read_rows.get("cycle", [])}
    ids = set(named) | kept | {c for counts in in_src.values() for c in counts}
    cycles = []
    for cycle in sorted(ids, key=lambda c: (not isinstance(c, int), c if isinstance(c, int) else 0, str(c))):
        institution, label = named.get(cycle, ("", ""))
        read = {t: in_dst[t].get(cycle, 0) for t in CYCLE_TABLES}
        lost = {t: max(in_src[t].get(cycle, 0) - read[t], 0) for t in CYCLE_TABLES}
        cycles.append(CycleRescued(str(institution or ""), str(label or ""), cycle in kept, read, lost))
    return tuple(cycles), lost_any_cycle


def _not_known(src: sqlite3.Connection) -> tuple[str, ...]:
    """The tables `src` has and no format of this version has ("table x": another program's, or a
    newer version's behind a damaged header): a rescue has nowhere to put them, and says so."""
    formats = {name for kind, name, _ in db.format_objects(db.SCHEMA_VERSION) if kind == "table"}
    found: list[str] = []
    try:
        tables = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except (sqlite3.Error, UnicodeDecodeError):
        return ()
    for table in tables:
        if not isinstance(table, str) or table.startswith("sqlite_"):  # SQLite's own (statistics, sequences)
            continue
        if table not in formats:
            found.append(f"table {table}")
    return tuple(found)


def _plain(exc: BaseException) -> str:
    return "text that is not UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)


def _sha(content: object) -> str:
    """The fingerprint of a stored questionnaire's text; "" for a value that is not text at all
    (damage can leave a number there), which matches no fingerprint."""
    if isinstance(content, str):
        return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    return ""


def _readable_rows(src: sqlite3.Connection, table: str, columns: list[str]) -> tuple[list[tuple[int, tuple]], bool]:
    """The rows of `table` that can be read, by rowid, and whether all of it could be. A table
    that cannot be read through is looked up row by row, past the damaged pages."""
    select = f'SELECT rowid, {", ".join(columns)} FROM "{table}"'
    rows: dict[int, tuple] = {}
    try:
        for r in src.execute(select + " ORDER BY rowid"):
            rows[r[0]] = tuple(r[1:])
        return list(rows.items()), True
    except (sqlite3.Error, UnicodeDecodeError):  # (an error message may quote damaged bytes)
        pass
    try:
        last = src.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except (sqlite3.Error, UnicodeDecodeError):
        last = 0
    rowid, found = 0, max(rows, default=0)
    # up to the last rowid the table names, past the last row found by _LOOK_PAST; but a last
    # rowid damage made huge is not looked up to, for hours, before any window shows
    while rowid < min(last, found + _LOOK_AHEAD_AT_MOST) or rowid < found + _LOOK_PAST:
        rowid += 1
        if rowid in rows:
            continue
        try:
            r = src.execute(select + " WHERE rowid = ?", (rowid,)).fetchone()
        except (sqlite3.Error, UnicodeDecodeError):
            continue
        if r is not None:
            rows[rowid] = tuple(r[1:])
            found = max(found, rowid)
    return sorted(rows.items()), False


def _questionnaires_from_files(src: sqlite3.Connection, dst: sqlite3.Connection, known: dict[str, str]) -> int:
    """Store again the questionnaires that cycles run on and that were lost whole, from their files."""
    try:
        wanted = {r[0] for r in src.execute("SELECT DISTINCT questionnaire_hash FROM cycle")}
    except (sqlite3.Error, UnicodeDecodeError):  # the cycles cannot be listed: every questionnaire known is offered
        wanted = set(known)
    have = {r[0] for r in dst.execute("SELECT hash FROM questionnaire_snapshot")}
    added = 0
    for content_hash in sorted(wanted - have):
        if content_hash in known:
            meta = json.loads(known[content_hash])
            dst.execute("INSERT INTO questionnaire_snapshot(hash, questionnaire_id, version, content, stored_at) "
                        "VALUES (?, ?, ?, ?, ?)", (content_hash, str(meta.get("id", "")), str(meta.get("version", "")),
                                                   known[content_hash], db._now()))
            added += 1
    return added


def _leave_out_orphans(dst: sqlite3.Connection, left_out: dict[str, int]) -> None:
    """Remove the rows whose institution, cycle, respondent or questionnaire was lost (and so on
    down), as the database would have; an action carried from one lost keeps its text."""
    while True:
        orphans = dst.execute("PRAGMA foreign_key_check").fetchall()
        if not orphans:
            return
        for table, rowid, parent, _ in orphans:
            if table == "action" and parent == "action":
                dst.execute("UPDATE action SET carried_from = NULL WHERE rowid = ?", (rowid,))
            else:
                deleted = dst.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,)).rowcount
                left_out[table] = left_out.get(table, 0) + deleted


def _has_header(file: Path) -> bool:
    """Whether a file starts as every SQLite database does: its first page is there."""
    try:
        with open(file, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
