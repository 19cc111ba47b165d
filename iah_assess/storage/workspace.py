"""The workspace: institutions, cycles, respondents, responses, decisions and actions in SQLite.

Every public method that writes is one transaction; when it returns, the change is on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from iah_assess.domain.records import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Action,
    ActionStatus,
    Answer,
    Cycle,
    CycleStatus,
    Decision,
    Institution,
    Respondent,
    Response,
)
from iah_assess.domain.summary import SCORING_VERSION, ScoreSummary
from iah_assess.storage import db
from iah_assess.storage.lock import LockFileRefused, WorkspaceLock

if TYPE_CHECKING:  # the questionnaire model and scoring are imported when first used
    from iah_assess.domain.questionnaire import Questionnaire
    from iah_assess.domain.scoring import CycleResult

log = logging.getLogger(__name__)


class ReadOnlyWorkspace(db.WorkspaceError):
    pass


class RemovedRespondent(NamedTuple):
    """A respondent as removed, with their answers as stored: what restore_respondent puts back."""

    respondent: Respondent
    created_at: str
    answers: list[tuple]  # the response rows, from item_id on (as restore_respondent inserts them)


_ROW = "item_id, level, special, comment, evidence, updated_at"  # a response row, as undo keeps it


class MovedAnswers(NamedTuple):
    """Answers moved from one respondent to another (move_answers), with the rows of the items it
    touched as they were before and after, for each of the two: what undo_move and redo_move need."""

    source_id: int
    target_id: int
    replace: bool  # for an item both had answered: the source's answer replaced the target's
    items: tuple[str, ...]  # the items the source had answered: the ones the move touched
    source_before: tuple[tuple, ...]  # response rows, from item_id on (as in RemovedRespondent)
    target_before: tuple[tuple, ...]  # the target's rows for those items only
    source_after: tuple[tuple, ...]
    target_after: tuple[tuple, ...]

    @property
    def shared(self) -> frozenset[str]:
        """The items both had answered."""
        return frozenset(row[0] for row in self.target_before)

    @property
    def moved(self) -> int:
        """How many answers went to the target."""
        return len(self.items) - (0 if self.replace else len(self.shared))

    @property
    def replaced(self) -> int:
        """How many of the target's answers the moved ones replaced (undo_move brings them back)."""
        return len(self.shared) if self.replace else 0

    @property
    def kept(self) -> int:
        """How many answers stayed with the source, as the target's own were kept for those items."""
        return 0 if self.replace else len(self.shared)


class SaveFailed(db.WorkspaceError):
    """SQLite could not store a change (a full disk, an I/O error, a lock held elsewhere); nothing of it was stored."""


class CycleFinalised(db.WorkspaceError):
    pass


class Refused(db.WorkspaceError):
    """A rule of the workspace's own refused the change: trying it again would not help (unlike SaveFailed)."""


class Conflict(db.WorkspaceError):
    """The change clashes with what is stored (a duplicate name or label)."""


class NotFound(db.WorkspaceError):
    pass


def _refused(exc: sqlite3.IntegrityError) -> db.WorkspaceError:
    """A change the workspace's own rules refused, as the WorkspaceError every view reports."""
    reason = str(exc)
    if "finalised" in reason:  # the guards of a finalised cycle
        return CycleFinalised("The cycle is finalised; its answers and decisions can no longer change.")
    if "FOREIGN KEY" in reason:
        return NotFound("What this change belongs to (a person, a cycle, an action) is no longer in the workspace: "
                        "it was removed meanwhile. Nothing of this change was stored.")
    if "UNIQUE" in reason:
        return Conflict(f"This is already in the workspace ({reason}). Nothing of this change was stored.")
    return Refused(f"The workspace refused this change ({reason}). Nothing of this change was stored.")


def one_line(text: str) -> str:
    """A name or label as stored: pasted line breaks, tabs and runs of spaces become one space."""
    return " ".join(text.split())


def name_key(name: str) -> str:
    """What two names that are the same name have in common: the same letters in one form, case folded."""
    import unicodedata

    return unicodedata.normalize("NFC", one_line(name)).casefold()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _told_apart(people: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (name, role) list with names that an older version let in twice (in any letters'
    case) made distinct: "Ana Kovač", "Ana Kovač (2)"; a new cycle never holds two of one name."""
    seen: set[str] = set()
    out = []
    for name, role in people:
        unique, n = name, 1
        while name_key(unique) in seen:
            n += 1
            unique = f"{name} ({n})"
        seen.add(name_key(unique))
        out.append((unique, role))
    return out


# Where the window was left, kept in ui_state under these keys; deleting what a key names
# deletes the key too, as SQLite may give the same id to the next one made.
def cycle_state_key(institution_id: int) -> str:
    """The cycle last worked on in an institution."""
    return f"institution:{institution_id}:cycle"


def respondent_state_key(cycle_id: int) -> str:
    """The person answering in a cycle."""
    return f"cycle:{cycle_id}:respondent"


def item_state_key(respondent_id: int) -> str:
    """The item a person was last on."""
    return f"respondent:{respondent_id}:item"


BACKUP_RETRY = dt.timedelta(minutes=10)  # a failed daily backup is tried again at a change this much later


def _local_now() -> dt.datetime:
    """The local time, which names backups and decides which day it is (a seam for tests)."""
    return dt.datetime.now()


class Workspace:
    """One workspace file. Pass it to whatever needs the data; open one per process."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        opened = db.connect(self.path, read_only=read_only)
        self._conn = opened.conn
        self.read_only = opened.read_only
        self.read_only_reason = opened.reason
        self._questionnaires: dict[str, Questionnaire] = {}
        self._lock: WorkspaceLock | None = None
        self._backed_up_on: dt.date | None = None  # the day this workspace last checked its daily backup
        self._backup_failed_at: dt.datetime | None = None  # when the last daily backup failed
        self._in_batch = False  # within batch(): writes join its transaction
        self.waiting_for_lock = False  # read-only only while another window holds the lock
        # told when the day's full check (the backup's) finds the workspace damaged; the app warns
        self.on_damage: Callable[[str], None] | None = None
        # An older format opened read-only (not migrated) has no table of kept summaries.
        self._keeps_summaries = self._has_summary_table()

    def _has_summary_table(self) -> bool:
        return bool(self._q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cycle_summary'"))

    @classmethod
    def open_single_writer(cls, path: Path) -> Workspace:
        """Open for the app: writable while this process holds the workspace lock, else read-only.

        A second window on the same workspace would overwrite the first one's edits with what
        it still shows; so only one may write (R16). The lock goes when this workspace closes.
        """
        lock = WorkspaceLock(Path(path))
        try:
            acquired = lock.acquire()
        except OSError as exc:  # no lock file can be made: this window does not write either
            ws = cls(path, read_only=True)
            if isinstance(exc, LockFileRefused):
                ws.read_only_reason = f"{str(exc)[0].upper()}{str(exc)[1:]}; until then the workspace opens read-only."
            else:
                ws.read_only_reason = db.unwritable_reason(Path(path)) if db.unwritable(Path(path)) else (
                    f"The lock file {lock.path} could not be made ({exc.strerror or exc}), so this window is read-only; "
                    "check that you may write to the data folder.")
            return ws
        if not acquired:
            ws = cls(path, read_only=True)
            ws.read_only_reason = (
                "This workspace is open in another iah-assess window. This window is read-only so "
                "that neither overwrites the other's answers; close the other window to edit here."
            )
            ws.waiting_for_lock = True
            return ws
        try:
            ws = cls(path)
        except BaseException:
            lock.release()
            raise
        ws._lock = lock
        return ws

    def try_to_write(self) -> bool:
        """For a workspace opened read-only because another window held it: once that window has
        closed, take the lock and open the file for writing. True when this workspace may now write."""
        if not self.waiting_for_lock:
            return False
        lock = WorkspaceLock(self.path)
        try:
            if not lock.acquire():
                return False
            opened = db.connect(self.path)
        except Exception:  # noqa: BLE001 - it stays read-only, and tries again; the lock is not kept
            log.warning("could not take over the workspace for writing", exc_info=True)
            lock.release()
            return False
        if opened.read_only:  # written meanwhile by a newer version: it stays read-only, for that reason
            opened.conn.close()
            lock.release()
            self.waiting_for_lock = False
            self.read_only_reason = opened.reason
            return False
        self._conn.close()
        self._conn, self._lock, self.read_only, self.read_only_reason = opened.conn, lock, False, ""
        self.waiting_for_lock = False
        self._keeps_summaries = self._has_summary_table()
        return True

    @classmethod
    def in_folder(cls, folder: Path, read_only: bool = False) -> Workspace:
        return cls(Path(folder) / db.WORKSPACE_FILE, read_only=read_only)

    def close(self, as_found: bool = False) -> None:
        """Close the workspace. `as_found`, for a file found damaged: its -wal is left as it is,
        not merged into it, as SQLite does when the last connection closes; the file and its -wal
        are then kept aside whole, if a backup or a rescued copy takes their place."""
        keeper = None
        if as_found and not self.read_only:
            try:  # a connection that cannot write stays open while the writer closes, which then
                # is not the last; and one that cannot write never merges the -wal as it closes
                keeper = db._connect_uri(self.path, "mode=ro")
                keeper.execute("SELECT 1").fetchone()
                keeper.execute("PRAGMA schema_version").fetchone()  # the file and its -wal opened
            except sqlite3.Error:
                keeper = None
        self._conn.close()
        if keeper is not None:
            keeper.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is stored, or none of it. SQLite's own failures (a full disk,
        a disk gone, the file locked by another program) become SaveFailed, a WorkspaceError that
        says what to do, so that every view that reports a failed save reports these too."""
        if self.read_only:
            raise ReadOnlyWorkspace(self.read_only_reason or "the workspace is open read-only.")
        if self._in_batch:  # part of the batch's one transaction, which commits or rolls back
            yield self._conn
            return
        self._daily_backup()
        try:
            self._roll_back()  # a transaction a failed rollback left open: ended before a new one
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._roll_back()
                raise
            self._conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self._roll_back()  # the COMMIT itself failed
            raise _refused(exc) from None
        except sqlite3.DatabaseError as exc:
            self._roll_back()  # the COMMIT itself failed
            raise SaveFailed(self._save_failed(exc)) from exc

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every change made within it as one transaction: all of them are stored, or, if anything
        fails or the process is killed half-way, none (as for the sample institution, made in many
        steps)."""
        if self._in_batch:  # within another batch: a savepoint, so that this one too is all or nothing
            self._conn.execute("SAVEPOINT inner_batch")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK TO inner_batch")
                self._conn.execute("RELEASE inner_batch")
                raise
            self._conn.execute("RELEASE inner_batch")
            return
        with self._write():
            self._in_batch = True
            try:
                yield
            finally:
                self._in_batch = False

    def _roll_back(self) -> None:
        """End the transaction under way, if any, storing none of it. A rollback that fails (the
        disk gone) is logged; the next write tries again before it begins."""
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rolling back a failed change of %s failed", self.path)

    def _save_failed(self, exc: sqlite3.DatabaseError) -> str:
        reason = str(exc)
        if "full" in reason:
            fix = "Free some space on that disk, then try again."
        elif "locked" in reason or "busy" in reason:
            fix = "Another program is using the workspace file; close it (or wait a moment) and try again."
        else:
            fix = "Check that the disk is connected and can be written to, then try again."
        return f"Not saved to {self.path} ({reason}). Nothing of this change was stored. {fix}"

    def _q(self, sql: str, args: tuple | dict = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, args).fetchall()

    # --- questionnaires ------------------------------------------------------------------

    def store_questionnaire(self, q: Questionnaire) -> str:
        """Keep the exact questionnaire a cycle runs on, so the cycle always opens."""
        h = q.content_hash()
        with self._write() as c:
            c.execute(
                "INSERT OR IGNORE INTO questionnaire_snapshot(hash, questionnaire_id, version, content, stored_at) VALUES (?,?,?,?,?)",
                (h, q.id, q.version, q.canonical_json(), _now()),
            )
        self._questionnaires[h] = q
        return h

    def questionnaire(self, content_hash: str) -> Questionnaire:
        if content_hash not in self._questionnaires:
            rows = self._q("SELECT questionnaire_id, version, content FROM questionnaire_snapshot WHERE hash = ?", (content_hash,))
            if not rows:
                raise NotFound(f"questionnaire {content_hash[:12]} is not in the workspace")
            row = rows[0]
            self._questionnaires[content_hash] = self._snapshot(content_hash, row["questionnaire_id"], row["version"], row["content"])
        return self._questionnaires[content_hash]

    def _snapshot(self, content_hash: str, questionnaire_id: str, version: str, content: str) -> Questionnaire:
        """A stored questionnaire, after checking that it is still exactly what was stored: the
        text is named by its SHA-256, so a changed byte shows, even one that still reads."""
        import hashlib

        from pydantic import ValidationError

        from iah_assess.domain.questionnaire import Questionnaire  # here, to keep it off the start path

        what = (f"{self.path}: the stored copy of questionnaire {questionnaire_id} {version}, which cycles run on, is "
                f"damaged (it no longer matches its fingerprint {content_hash[:12]}).")
        damaged = db.WorkspaceDamaged.at(self.path, what)
        if hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest() != content_hash:
            raise damaged
        try:
            return Questionnaire.model_validate_json(content, strict=False)
        except ValidationError:
            raise damaged from None

    def cycle_questionnaire(self, cycle: Cycle) -> Questionnaire:
        return self.questionnaire(cycle.questionnaire_hash)

    def stored_questionnaires(self) -> list[Questionnaire]:
        """The questionnaires the cycles ran on, each once: versions to check a 'replaces' against
        that the files may no longer hold. One that cannot be read is left out (its cycle says so)."""
        stored: dict[str, Questionnaire] = {}
        for cycle in self.cycles():
            if cycle.questionnaire_hash not in stored:
                try:
                    stored[cycle.questionnaire_hash] = self.cycle_questionnaire(cycle)
                except db.WorkspaceError:
                    continue
        return list(stored.values())

    # --- institutions --------------------------------------------------------------------

    @staticmethod
    def _institution(row: sqlite3.Row) -> Institution:
        return Institution(
            id=row["id"], name=row["name"], country=row["country"], city=row["city"],
            type=row["type"], size_band=row["size_band"], contact=row["contact"],
        )

    def institutions(self) -> list[Institution]:
        return [self._institution(r) for r in self._q("SELECT * FROM institution ORDER BY name")]

    def institution(self, institution_id: int) -> Institution:
        rows = self._q("SELECT * FROM institution WHERE id = ?", (institution_id,))
        if not rows:
            raise NotFound(f"no institution {institution_id}")
        return self._institution(rows[0])

    def find_institution(self, name: str) -> Institution | None:
        """The institution of that name, whatever the case of any letter (Š and š, Ѓ and ѓ alike:
        SQLite's NOCASE folds only A-Z) and however its accents are encoded."""
        everyone = self.institutions()
        exact = [i for i in everyone if i.name == one_line(name)]
        if exact:  # an older workspace may hold two names that differ only in case: the one typed
            return exact[0]
        key = name_key(name)
        matches = [i for i in everyone if name_key(i.name) == key]
        return matches[0] if len(matches) == 1 else None

    def save_institution(self, inst: Institution) -> Institution:
        """Add a new institution (id None) or update an existing one."""
        name = one_line(inst.name)
        renamed = inst.id is None or name_key(self.institution(inst.id).name) != name_key(name)
        if any(i.id != inst.id and (i.name == name or (renamed and name_key(i.name) == name_key(name)))
               for i in self.institutions()):
            raise Conflict(f"An institution named '{name}' already exists.")
        now = _now()
        fields = (name, one_line(inst.country), one_line(inst.city), inst.type, inst.size_band, one_line(inst.contact))
        with self._write() as c:
            if inst.id is None:
                cur = c.execute(
                    "INSERT INTO institution(name, country, city, type, size_band, contact, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                    (*fields, now, now),
                )
                new_id = cur.lastrowid
            else:
                c.execute(
                    "UPDATE institution SET name=?, country=?, city=?, type=?, size_band=?, contact=?, updated_at=? WHERE id=?",
                    (*fields, now, inst.id),
                )
                new_id = inst.id
        return self.institution(new_id)  # type: ignore[arg-type]

    # --- cycles ----------------------------------------------------------------------------

    @staticmethod
    def _cycle(row: sqlite3.Row) -> Cycle:
        return Cycle(
            id=row["id"], institution_id=row["institution_id"], label=row["label"],
            questionnaire_id=row["questionnaire_id"], questionnaire_version=row["questionnaire_version"],
            questionnaire_hash=row["questionnaire_hash"], included_areas=tuple(json.loads(row["included_areas"])),
            default_target=row["default_target"], status=CycleStatus(row["status"]),
            created_at=row["created_at"], finalised_at=row["finalised_at"], updated_at=row["updated_at"],
        )

    def cycles(self, institution_id: int | None = None) -> list[Cycle]:
        """The cycles (of one institution, or of all, by institution), oldest first (Cycle.year)."""
        if institution_id is None:
            rows = self._q("SELECT * FROM cycle")
        else:
            rows = self._q("SELECT * FROM cycle WHERE institution_id = ?", (institution_id,))
        return sorted((self._cycle(r) for r in rows), key=lambda c: (c.institution_id, *c.chronological_key()))

    def cycle(self, cycle_id: int) -> Cycle:
        rows = self._q("SELECT * FROM cycle WHERE id = ?", (cycle_id,))
        if not rows:
            raise NotFound(f"no cycle {cycle_id}")
        return self._cycle(rows[0])

    def find_cycle(self, label: str, institution: str | None = None) -> Cycle:
        """A cycle by its label, within the named institution when more than one has it. The label
        is read as create_cycle stores one (one_line): "2025/26 " is 2025/26. A workspace from before
        labels were stored so may hold "2025/26 ": it is found too, when no label matches exactly."""
        label = one_line(label)
        if institution is not None:
            inst = self.find_institution(institution)
            if inst is None:
                raise NotFound(f"no institution named '{institution}' (see `iah-assess list`)")
            candidates = self._q("SELECT * FROM cycle WHERE institution_id = ?", (inst.id,))
        else:
            candidates = self._q("SELECT * FROM cycle")
        rows = ([r for r in candidates if r["label"] == label]
                or [r for r in candidates if one_line(r["label"]) == label])
        if not rows:
            raise NotFound(f"no cycle labelled '{label}' (see `iah-assess list`)")
        if len(rows) > 1:
            raise Conflict(f"several institutions have a cycle '{label}'; name one with --institution")
        return self._cycle(rows[0])

    def create_cycle(
        self,
        institution_id: int,
        label: str,
        questionnaire: Questionnaire,
        included_areas: list[str] | None = None,
        default_target: int = 3,
        respondents: Sequence[tuple[str, str]] = (),
    ) -> Cycle:
        """A new open cycle; respondents (name, role), such as last cycle's team, are added with it,
        in the same transaction."""
        label = one_line(label)
        if not label:
            raise ValueError("A cycle needs a label, such as 2026/27.")
        if not 0 <= default_target <= 4:
            raise ValueError("The default target must be a level from 0 to 4.")
        if self._q("SELECT 1 FROM cycle WHERE institution_id = ? AND label = ?", (institution_id, label)):
            raise Conflict(f"This institution already has a cycle labelled '{label}'.")
        all_ids = [a.id for a in questionnaire.areas]
        areas = list(all_ids) if included_areas is None else [a for a in all_ids if a in set(included_areas)]
        unknown = set(included_areas or ()) - set(all_ids)
        if unknown:
            raise ValueError(f"Unknown areas: {', '.join(sorted(unknown))}.")
        missing = [a for a in questionnaire.required_area_ids if a not in areas]
        if missing:
            raise ValueError(f"Required areas cannot be left out: {', '.join(missing)}.")
        people = _told_apart([(one_line(name), role) for name, role in respondents])
        if any(not name for name, _ in people):
            raise ValueError("A respondent needs a name.")
        h = self.store_questionnaire(questionnaire)
        now = _now()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO cycle(institution_id, label, questionnaire_hash, questionnaire_id, questionnaire_version, included_areas, default_target, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (institution_id, label, h, questionnaire.id, questionnaire.version, json.dumps(areas), default_target, "open", now, now),
            )
            cycle_id = cur.lastrowid
            c.executemany("INSERT INTO respondent(cycle_id, name, role, created_at) VALUES (?,?,?,?)",
                          [(cycle_id, name, role, now) for name, role in people])
        return self.cycle(cycle_id)  # type: ignore[arg-type]

    def finalise_cycle(self, cycle_id: int, at: dt.datetime | None = None) -> Cycle:
        """Close the cycle: from now on nothing in it changes. `at` is the time it says it was
        finalised, when not now (the sample institution's past years)."""
        now = _now() if at is None else at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self._write() as c:
            c.execute(
                "UPDATE cycle SET status = 'finalised', finalised_at = ?, updated_at = ? WHERE id = ?",
                (now, now, cycle_id),
            )
        return self.cycle(cycle_id)

    def cycle_size(self, cycle_id: int) -> dict[str, int]:
        """How much a cycle holds: respondents, answers, items with an agreed level or target
        (decisions), and actions; said before the cycle is deleted."""
        row = self._q(
            "SELECT (SELECT count(*) FROM respondent WHERE cycle_id = :c) AS respondents,"
            " (SELECT count(*) FROM response JOIN respondent ON respondent.id = response.respondent_id"
            "  WHERE respondent.cycle_id = :c) AS answers,"
            " (SELECT count(*) FROM decision WHERE cycle_id = :c) AS decisions,"
            " (SELECT count(*) FROM action WHERE cycle_id = :c) AS actions", {"c": cycle_id})[0]
        return dict(row)

    def check_deletable(self, cycle: Cycle) -> None:
        """Raises, with the reason, if `delete_cycle` would refuse the cycle before looking at its
        actions: it is finalised, or the workspace is read-only."""
        if cycle.finalised:
            raise CycleFinalised(f"Cycle {cycle.label} is finalised: it is the record of "
                                 f"{self.institution(cycle.institution_id).name} and cannot be deleted on its own.")
        if self.read_only:
            raise ReadOnlyWorkspace(self.read_only_reason or "the workspace is open read-only.")

    def delete_cycle(self, cycle_id: int) -> Path:
        """Delete an open cycle (one made by mistake) with its respondents, answers, agreed
        levels, targets and actions; returns the verified copy of the whole workspace made just
        before, which thinning never deletes. A finalised cycle is the institution's record and
        cannot be deleted, nor one whose actions a finalised cycle carried over."""
        cycle = self.cycle(cycle_id)
        self.check_deletable(cycle)
        try:
            copy = self.backup(db.BEFORE_DELETE)
        except (OSError, sqlite3.Error) as exc:
            raise db.WorkspaceError(f"No copy of the workspace could be made, so nothing was deleted: {exc}") from None
        people = [r.id for r in self.respondents(cycle_id)]
        try:
            with self._write() as c:
                c.execute("DELETE FROM cycle WHERE id = ?", (cycle_id,))
                c.executemany("DELETE FROM ui_state WHERE key = ?",
                              [(respondent_state_key(cycle_id),), *((item_state_key(i),) for i in people)])
                c.execute("DELETE FROM ui_state WHERE key = ? AND value = ?",
                          (cycle_state_key(cycle.institution_id), str(cycle_id)))
        except CycleFinalised:
            raise CycleFinalised(f"Cycle {cycle.label} cannot be deleted: a finalised cycle carried over some of its "
                                 "actions and must keep them.") from None
        return copy

    def institution_size(self, institution_id: int) -> dict[str, int]:
        """How much an institution holds: cycles (finalised ones too), respondents, answers and
        actions; said before it is deleted."""
        row = self._q(
            "SELECT (SELECT count(*) FROM cycle WHERE institution_id = :i) AS cycles,"
            " (SELECT count(*) FROM cycle WHERE institution_id = :i AND status = 'finalised') AS finalised,"
            " (SELECT count(*) FROM respondent JOIN cycle ON cycle.id = respondent.cycle_id"
            "  WHERE cycle.institution_id = :i) AS respondents,"
            " (SELECT count(*) FROM response JOIN respondent ON respondent.id = response.respondent_id"
            "  JOIN cycle ON cycle.id = respondent.cycle_id WHERE cycle.institution_id = :i) AS answers,"
            " (SELECT count(*) FROM action JOIN cycle ON cycle.id = action.cycle_id"
            "  WHERE cycle.institution_id = :i) AS actions", {"i": institution_id})[0]
        return dict(row)

    def delete_institution(self, institution_id: int) -> Path:
        """Delete an institution with all its cycles, finalised ones too (the sample institution,
        say, or one entered twice); returns the verified copy of the whole workspace made just
        before, which thinning never deletes. Nothing in a finalised cycle is changed on the way:
        it goes whole, with its institution, and the copy keeps it."""
        inst = self.institution(institution_id)
        cycles = [c.id for c in self.cycles(inst.id)]
        people = [r.id for cycle_id in cycles for r in self.respondents(cycle_id)]
        try:
            copy = self.backup(db.BEFORE_DELETE)
        except (OSError, sqlite3.Error) as exc:
            raise db.WorkspaceError(f"No copy of the workspace could be made, so nothing was deleted: {exc}") from None
        with self._write() as c:
            # the guards that keep a finalised cycle from changing would refuse its going as a
            # whole: lifted for this one transaction, and put back in it
            guards = c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_frozen\\_%' "
                               "ESCAPE '\\'").fetchall()
            for name, _ in guards:
                c.execute(f'DROP TRIGGER "{name}"')
            c.execute("DELETE FROM institution WHERE id = ?", (inst.id,))
            # where the window was left in it: a later institution or person given the same id starts afresh
            stale = [cycle_state_key(inst.id), *map(respondent_state_key, cycles), *map(item_state_key, people)]
            c.executemany("DELETE FROM ui_state WHERE key = ?", [(k,) for k in stale])
            c.execute("DELETE FROM ui_state WHERE key = 'last_institution' AND value = ?", (str(inst.id),))
            for _, sql in guards:
                c.execute(sql)
        return copy

    def _touch(self, c: sqlite3.Connection, cycle_id: int) -> None:
        c.execute("UPDATE cycle SET updated_at = ? WHERE id = ?", (_now(), cycle_id))

    def _check_open(self, cycle_id: int) -> None:
        if self.cycle(cycle_id).finalised:
            raise CycleFinalised("The cycle is finalised; it can no longer change.")

    # --- respondents -----------------------------------------------------------------------

    def respondents(self, cycle_id: int) -> list[Respondent]:
        rows = self._q("SELECT * FROM respondent WHERE cycle_id = ? ORDER BY id", (cycle_id,))
        return [Respondent(id=r["id"], cycle_id=r["cycle_id"], name=r["name"], role=r["role"]) for r in rows]

    def respondent_counts(self, institution_id: int) -> dict[int, int]:
        """How many people answer in each of the institution's cycles, by cycle id."""
        rows = self._q("SELECT c.id, count(r.id) FROM cycle c LEFT JOIN respondent r ON r.cycle_id = c.id "
                       "WHERE c.institution_id = ? GROUP BY c.id", (institution_id,))
        return {row[0]: row[1] for row in rows}

    def respondent(self, respondent_id: int) -> Respondent:
        rows = self._q("SELECT * FROM respondent WHERE id = ?", (respondent_id,))
        if not rows:
            raise NotFound(f"no respondent {respondent_id}")
        r = rows[0]
        return Respondent(id=r["id"], cycle_id=r["cycle_id"], name=r["name"], role=r["role"])

    def _check_respondent_name(self, cycle_id: int, name: str, respondent_id: int | None = None) -> None:
        """Two respondents of a cycle never share a name: their answers, comments and the
        questions about them could not be told apart. (Names already stored twice by an older
        version stay as they are, and can still be edited.)"""
        key = name_key(name)
        old = self.respondent(respondent_id).name if respondent_id is not None else None
        if old is not None and name_key(old) == key:
            return  # the same person's name, in other letters' case
        if any(r.id != respondent_id and name_key(r.name) == key for r in self.respondents(cycle_id)):
            raise Conflict(f"'{name}' is already a respondent in this cycle. If it is another person of that name, "
                           f"add something that tells them apart, such as their faculty.")

    def add_respondent(self, cycle_id: int, name: str, role: str) -> Respondent:
        name = one_line(name)
        if not name:
            raise ValueError("A respondent needs a name.")
        self._check_respondent_name(cycle_id, name)
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO respondent(cycle_id, name, role, created_at) VALUES (?,?,?,?)",
                (cycle_id, name, role, _now()),
            )
            self._touch(c, cycle_id)
        return self.respondent(cur.lastrowid)  # type: ignore[arg-type]

    def update_respondent(self, respondent_id: int, name: str, role: str) -> Respondent:
        name = one_line(name)
        if not name:
            raise ValueError("A respondent needs a name.")
        self._check_respondent_name(self.respondent(respondent_id).cycle_id, name, respondent_id)
        with self._write() as c:
            c.execute("UPDATE respondent SET name = ?, role = ? WHERE id = ?", (name, role, respondent_id))
        return self.respondent(respondent_id)

    def remove_respondent(self, respondent_id: int) -> RemovedRespondent:
        """Remove a respondent and their answers (the caller confirms first). Returns all of it,
        for restore_respondent to put back."""
        r = self.respondent(respondent_id)
        with self._write() as c:
            created_at = c.execute("SELECT created_at FROM respondent WHERE id = ?", (respondent_id,)).fetchone()[0]
            answers = [tuple(a) for a in c.execute(
                "SELECT item_id, level, special, comment, evidence, updated_at FROM response WHERE respondent_id = ?",
                (respondent_id,))]
            c.execute("DELETE FROM respondent WHERE id = ?", (respondent_id,))
            # where the window was left with them: someone added later may be given the same id
            c.execute("DELETE FROM ui_state WHERE key = ?", (item_state_key(respondent_id),))
            c.execute("DELETE FROM ui_state WHERE key = ? AND value = ?",
                      (respondent_state_key(r.cycle_id), str(respondent_id)))
            self._touch(c, r.cycle_id)
        return RemovedRespondent(r, created_at, answers)

    def restore_respondent(self, removed: RemovedRespondent) -> Respondent:
        """Put a removed respondent back as they were, with every answer. They get a new id:
        SQLite may have given their old one to someone added since."""
        r = removed.respondent
        self._check_respondent_name(r.cycle_id, r.name)
        with self._write() as c:
            new_id = c.execute("INSERT INTO respondent(cycle_id, name, role, created_at) VALUES (?,?,?,?)",
                               (r.cycle_id, r.name, r.role, removed.created_at)).lastrowid
            c.executemany("INSERT INTO response(respondent_id, item_id, level, special, comment, evidence, updated_at) "
                          "VALUES (?,?,?,?,?,?,?)", [(new_id, *a) for a in removed.answers])
            self._touch(c, r.cycle_id)
        return self.respondent(new_id)  # type: ignore[arg-type]

    def answer_count(self, respondent_id: int) -> int:
        return self._q(
            "SELECT count(*) FROM response WHERE respondent_id = ? AND (level IS NOT NULL OR special IS NOT NULL OR comment != '' OR evidence != '')",
            (respondent_id,),
        )[0][0]

    def answered_by_both(self, source_id: int, target_id: int) -> list[str]:
        """The items both respondents have answered: where moving one's answers to the other clashes."""
        rows = self._q("SELECT s.item_id FROM response s JOIN response t ON t.item_id = s.item_id "
                       "WHERE s.respondent_id = ? AND t.respondent_id = ? ORDER BY s.item_id", (source_id, target_id))
        return [r[0] for r in rows]

    def move_answers(self, source_id: int, target_id: int, replace: bool = False) -> MovedAnswers:
        """Give every answer of one respondent (level or special answer, comment, evidence, when it
        was given) to another of the same cycle, as when someone answered while the wrong person
        was chosen. For an item both have answered, `replace` gives the target the moved answer;
        otherwise the target keeps theirs and the source's stays with the source. Nothing is
        deleted but the target's answers replaced, which the returned record holds for undo_move."""
        source, target = self.respondent(source_id), self.respondent(target_id)
        if source.id == target.id:
            raise ValueError("Answers can only be moved to another respondent.")
        if source.cycle_id != target.cycle_id:
            raise ValueError("Answers can only be moved to a respondent of the same cycle.")
        self._check_open(source.cycle_id)
        with self._write() as c:
            items = tuple(r[0] for r in c.execute(
                "SELECT item_id FROM response WHERE respondent_id = ? ORDER BY item_id", (source_id,)))
            if not items:
                raise ValueError(f"{source.name} has no answers to move.")
            return self._move(c, source_id, target_id, replace, items, source.cycle_id)

    def undo_move(self, moved: MovedAnswers) -> None:
        """Put both respondents' answers to the items a move touched back as they were before it,
        the replaced ones too; their answers to other items stay as they are. Refused (Conflict),
        with nothing changed, when either has changed one of those answers since the move: undoing
        it would lose that change."""
        cycle_id = self._cycle_of_both(moved.source_id, moved.target_id)
        with self._write() as c:
            self._expect(c, moved, moved.source_after, moved.target_after, "undone")
            self._put(c, moved.source_id, moved.items, moved.source_before)
            self._put(c, moved.target_id, moved.items, moved.target_before)
            self._touch(c, cycle_id)

    def redo_move(self, moved: MovedAnswers) -> MovedAnswers:
        """The same move again, after undo_move: the same items, the same choice for those both
        answered. Refused (Conflict) when one of those answers has changed since the undo. Returns
        the record for the next undo (the respondents' ids may have changed meanwhile)."""
        cycle_id = self._cycle_of_both(moved.source_id, moved.target_id)
        with self._write() as c:
            self._expect(c, moved, moved.source_before, moved.target_before, "redone")
            return self._move(c, moved.source_id, moved.target_id, moved.replace, moved.items, cycle_id)

    def _cycle_of_both(self, source_id: int, target_id: int) -> int:
        cycle_id = self.respondent(source_id).cycle_id
        if self.respondent(target_id).cycle_id != cycle_id:
            raise ValueError("Answers can only be moved to a respondent of the same cycle.")
        self._check_open(cycle_id)
        return cycle_id

    def _rows(self, c: sqlite3.Connection, respondent_id: int, items: Sequence[str]) -> tuple[tuple, ...]:
        """The respondent's response rows (from item_id on) for these items, by item."""
        wanted = set(items)
        return tuple(tuple(r) for r in c.execute(
            f"SELECT {_ROW} FROM response WHERE respondent_id = ? ORDER BY item_id", (respondent_id,))
            if r[0] in wanted)

    def _move(self, c: sqlite3.Connection, source_id: int, target_id: int, replace: bool,
              items: tuple[str, ...], cycle_id: int) -> MovedAnswers:
        source_before, target_before = self._rows(c, source_id, items), self._rows(c, target_id, items)
        shared = {row[0] for row in target_before}
        going = [i for i in items if replace or i not in shared]
        c.executemany("DELETE FROM response WHERE respondent_id = ? AND item_id = ?",
                      [(target_id, i) for i in going if i in shared])
        # the row itself changes hands: its answer, comment, evidence and updated_at go with it
        c.executemany("UPDATE response SET respondent_id = ? WHERE respondent_id = ? AND item_id = ?",
                      [(target_id, source_id, i) for i in going])
        if going:
            self._touch(c, cycle_id)
        return MovedAnswers(source_id, target_id, replace, items, source_before, target_before,
                            self._rows(c, source_id, items), self._rows(c, target_id, items))

    def _expect(self, c: sqlite3.Connection, moved: MovedAnswers, source: tuple[tuple, ...],
                target: tuple[tuple, ...], what: str) -> None:
        """Refuse when the answers to the moved items are no longer `source` and `target`. When each
        was saved does not count: the same answer saved again is no change."""
        def content(rows: Iterable[tuple]) -> list[tuple]:
            return [row[:-1] for row in rows]

        if content(self._rows(c, moved.source_id, moved.items)) != content(source) \
                or content(self._rows(c, moved.target_id, moved.items)) != content(target):
            raise Conflict(f"The move of answers cannot be {what}: some of the answers it moved have been changed "
                           "since. Nothing was changed; look at both respondents' answers instead.")

    def _put(self, c: sqlite3.Connection, respondent_id: int, items: Sequence[str], rows: Iterable[tuple]) -> None:
        """The respondent's answers to these items become exactly `rows`."""
        c.executemany("DELETE FROM response WHERE respondent_id = ? AND item_id = ?", [(respondent_id, i) for i in items])
        c.executemany(f"INSERT INTO response(respondent_id, {_ROW}) VALUES (?,?,?,?,?,?,?)",
                      [(respondent_id, *row) for row in rows])

    # --- responses -------------------------------------------------------------------------

    @staticmethod
    def _response(row: sqlite3.Row) -> Response:
        answer: Answer | None = row["level"] if row["level"] is not None else row["special"]
        return Response(
            respondent_id=row["respondent_id"], item_id=row["item_id"], answer=answer,
            comment=row["comment"], evidence=row["evidence"], updated_at=row["updated_at"],
        )

    def save_response(
        self,
        respondent_id: int,
        item_id: str,
        answer: Answer | None,
        comment: str = "",
        evidence: str = "",
    ) -> Response:
        """Store one respondent's whole answer to one item; acknowledged means on disk. An answer
        taken back with no comment or evidence left is no answer: the item's row goes."""
        level = answer if isinstance(answer, int) and not isinstance(answer, bool) else None
        special = answer if answer in (DONT_KNOW, NOT_APPLICABLE) else None
        if answer is not None and level is None and special is None:
            raise ValueError(f"not an answer: {answer!r}")
        if level is not None and not 0 <= level <= 4:
            raise ValueError("A level is a whole number from 0 to 4.")
        now = _now()
        with self._write() as c:
            if answer is None and not comment and not evidence:  # nothing left: no answer at all
                c.execute("DELETE FROM response WHERE respondent_id = ? AND item_id = ?", (respondent_id, item_id))
            else:
                c.execute(
                    """INSERT INTO response(respondent_id, item_id, level, special, comment, evidence, updated_at)
                       VALUES (?,?,?,?,?,?,?)
                       ON CONFLICT(respondent_id, item_id) DO UPDATE SET
                         level = excluded.level, special = excluded.special, comment = excluded.comment,
                         evidence = excluded.evidence, updated_at = excluded.updated_at""",
                    (respondent_id, item_id, level, special, comment, evidence, now),
                )
            row = c.execute("SELECT cycle_id FROM respondent WHERE id = ?", (respondent_id,)).fetchone()
            if row is None:
                raise NotFound(f"no respondent {respondent_id}")
            self._touch(c, row[0])
        return Response(respondent_id=respondent_id, item_id=item_id, answer=answer, comment=comment, evidence=evidence, updated_at=now)

    def responses(self, cycle_id: int) -> list[Response]:
        rows = self._q(
            "SELECT s.* FROM response s JOIN respondent r ON r.id = s.respondent_id WHERE r.cycle_id = ? ORDER BY s.respondent_id, s.item_id",
            (cycle_id,),
        )
        return [self._response(r) for r in rows]

    def respondent_responses(self, respondent_id: int) -> dict[str, Response]:
        rows = self._q("SELECT * FROM response WHERE respondent_id = ?", (respondent_id,))
        return {r["item_id"]: self._response(r) for r in rows}

    # --- decisions: agreed levels and targets ---------------------------------------------

    def decisions(self, cycle_id: int) -> dict[str, Decision]:
        rows = self._q("SELECT * FROM decision WHERE cycle_id = ?", (cycle_id,))
        return {
            r["item_id"]: Decision(item_id=r["item_id"], agreed_level=r["agreed_level"], agreed_note=r["agreed_note"], target=r["target"])
            for r in rows
        }

    def _save_decision(self, cycle_id: int, d: Decision) -> None:
        with self._write() as c:
            c.execute(
                """INSERT INTO decision(cycle_id, item_id, agreed_level, agreed_note, target, updated_at) VALUES (?,?,?,?,?,?)
                   ON CONFLICT(cycle_id, item_id) DO UPDATE SET agreed_level = excluded.agreed_level,
                   agreed_note = excluded.agreed_note, target = excluded.target, updated_at = excluded.updated_at""",
                (cycle_id, d.item_id, d.agreed_level, d.agreed_note, d.target, _now()),
            )
            self._touch(c, cycle_id)

    def set_agreed_level(self, cycle_id: int, item_id: str, level: int | None, note: str = "") -> None:
        if level is not None and not 0 <= level <= 4:
            raise ValueError("An agreed level is a whole number from 0 to 4.")
        old = self.decisions(cycle_id).get(item_id, Decision(item_id=item_id))
        self._save_decision(cycle_id, old.replace(agreed_level=level, agreed_note=note))

    def set_target(self, cycle_id: int, item_id: str, target: int | None) -> None:
        if target is not None and not 0 <= target <= 4:
            raise ValueError("A target is a level from 0 to 4.")
        old = self.decisions(cycle_id).get(item_id, Decision(item_id=item_id))
        self._save_decision(cycle_id, old.replace(target=target))

    # --- actions ---------------------------------------------------------------------------

    @staticmethod
    def _action(row: sqlite3.Row) -> Action:
        return Action(
            id=row["id"], cycle_id=row["cycle_id"], item_id=row["item_id"], position=row["position"],
            text=row["text"], owner=row["owner"],
            due_date=dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            status=ActionStatus(row["status"]), success_indicator=row["success_indicator"],
            notes=row["notes"], carried_from=row["carried_from"],
        )

    def actions(self, cycle_id: int) -> list[Action]:
        rows = self._q("SELECT * FROM action WHERE cycle_id = ? ORDER BY position, id", (cycle_id,))
        return [self._action(r) for r in rows]

    def action(self, action_id: int) -> Action:
        rows = self._q("SELECT * FROM action WHERE id = ?", (action_id,))
        if not rows:
            raise NotFound(f"no action {action_id}")
        return self._action(rows[0])

    def save_action(self, action: Action, position: int | None = None) -> Action:
        """Add (id None) or update an action. A new one goes at `position` or at the end."""
        self._check_open(action.cycle_id)
        now = _now()
        values = self._action_values(action)
        with self._write() as c:
            if action.id is None:
                action_id = self._insert_action(c, action, position)
            else:
                c.execute(
                    "UPDATE action SET item_id=?, text=?, owner=?, due_date=?, status=?, success_indicator=?, notes=?, carried_from=?, updated_at=? WHERE id=?",
                    (*values, now, action.id),
                )
                action_id = action.id
            self._touch(c, action.cycle_id)
        return self.action(action_id)  # type: ignore[arg-type]

    @staticmethod
    def _action_values(action: Action) -> tuple:
        """The action's stored fields, from item_id to carried_from, in the table's order."""
        due = action.due_date.isoformat() if action.due_date else None
        return (action.item_id, action.text, action.owner, due, action.status.value, action.success_indicator,
                action.notes, action.carried_from)

    @classmethod
    def _insert_action(cls, c: sqlite3.Connection, action: Action, position: int | None) -> int:
        """Insert the action (its id is ignored) at `position` in its plan, or at the end; its id."""
        now = _now()
        if position is None:
            position = c.execute("SELECT coalesce(max(position) + 1, 0) FROM action WHERE cycle_id = ?", (action.cycle_id,)).fetchone()[0]
        else:
            c.execute("UPDATE action SET position = position + 1 WHERE cycle_id = ? AND position >= ?", (action.cycle_id, position))
        cur = c.execute(
            "INSERT INTO action(cycle_id, item_id, text, owner, due_date, status, success_indicator, notes, carried_from, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (action.cycle_id, *cls._action_values(action), position, now, now),
        )
        return cur.lastrowid  # type: ignore[return-value]

    def remove_action(self, action_id: int) -> Action:
        """Remove an action and return it as it was, so that the caller can undo."""
        old = self.action(action_id)
        self._check_open(old.cycle_id)
        with self._write() as c:
            c.execute("DELETE FROM action WHERE id = ?", (action_id,))
            c.execute("UPDATE action SET position = position - 1 WHERE cycle_id = ? AND position > ?", (old.cycle_id, old.position))
            self._touch(c, old.cycle_id)
        return old

    def restore_action(self, action: Action, copies: Iterable[int] = ()) -> Action:
        """Put a removed action back at its old place (undo of remove), with `copies`, the actions
        carried from it (copies_of, before the removal), linked to it again: otherwise Compare
        would offer to carry it a second time. Copies in a cycle finalised since stay unlinked."""
        self._check_open(action.cycle_id)
        with self._write() as c:  # the action and its links, together or not at all
            action_id = self._insert_action(c, action, action.position)
            c.executemany("UPDATE action SET carried_from = ? WHERE id = ? AND carried_from IS NULL AND cycle_id IN "
                          "(SELECT id FROM cycle WHERE status = 'open')", [(action_id, i) for i in copies])
            self._touch(c, action.cycle_id)
        return self.action(action_id)  # type: ignore[arg-type]

    def copies_of(self, action_id: int) -> list[int]:
        """The actions carried from this one into later cycles."""
        return [r[0] for r in self._q("SELECT id FROM action WHERE carried_from = ? ORDER BY id", (action_id,))]

    def move_action(self, action_id: int, new_position: int) -> None:
        """Move an action to a place in its cycle's plan, shifting the others."""
        a = self.action(action_id)
        self._check_open(a.cycle_id)
        ids = [x.id for x in self.actions(a.cycle_id)]
        ids.remove(action_id)
        new_position = max(0, min(new_position, len(ids)))
        ids.insert(new_position, action_id)
        with self._write() as c:
            for pos, one in enumerate(ids):
                c.execute("UPDATE action SET position = ? WHERE id = ?", (pos, one))
            self._touch(c, a.cycle_id)

    def carry_actions(self, from_cycle_id: int, to_cycle_id: int, action_ids: list[int]) -> list[Action]:
        """Copy open actions of one cycle to the end of another's plan, linked to where they came from.

        Actions already carried into the target cycle are skipped. An action whose item is not in
        the target cycle's questionnaire moves to the item that replaces it there, or else becomes
        a general action with a note. All copies are made in one transaction; returns the copies.
        """
        source, target = self.cycle(from_cycle_id), self.cycle(to_cycle_id)
        if source.id == target.id:
            raise ValueError("An action cannot be carried into its own cycle.")
        if source.institution_id != target.institution_id:
            raise ValueError("Actions can only be carried between cycles of the same institution.")
        self._check_open(to_cycle_id)
        wanted = []
        for action_id in dict.fromkeys(action_ids):
            a = self.action(action_id)
            if a.cycle_id != from_cycle_id:
                raise ValueError(f"Action {action_id} is not in cycle {source.label}.")
            if not a.status.is_open:
                raise ValueError(f"Only planned or in-progress actions can be carried; action {action_id} is {a.status.value}.")
            wanted.append(a)
        q = self.cycle_questionnaire(target)
        item_ids = {i.id for i in q.items}
        successor = {old: i.id for i in q.items for old in i.replaces}
        now = _now()
        made: list[int] = []
        with self._write() as c:
            carried = {r[0] for r in c.execute(
                "SELECT carried_from FROM action WHERE cycle_id = ? AND carried_from IS NOT NULL", (to_cycle_id,))}
            position = c.execute("SELECT coalesce(max(position) + 1, 0) FROM action WHERE cycle_id = ?", (to_cycle_id,)).fetchone()[0]
            for a in wanted:
                if a.id in carried:
                    continue
                item_id, notes = a.item_id, a.notes
                if item_id is not None and item_id not in item_ids:
                    if item_id in successor:
                        item_id = successor[item_id]
                    else:
                        gone = f"Carried from {source.label}; its item '{item_id}' is not in this questionnaire version."
                        item_id, notes = None, f"{notes}\n{gone}".strip()
                cur = c.execute(
                    "INSERT INTO action(cycle_id, item_id, text, owner, due_date, status, success_indicator, notes, carried_from, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (to_cycle_id, item_id, a.text, a.owner, a.due_date.isoformat() if a.due_date else None,
                     a.status.value, a.success_indicator, notes, a.id, position, now, now),
                )
                made.append(cur.lastrowid)  # type: ignore[arg-type]
                position += 1
            if made:
                self._touch(c, to_cycle_id)
        return [self.action(i) for i in made]

    # --- results ---------------------------------------------------------------------------

    def cycle_result(self, cycle_id: int) -> CycleResult:
        """The cycle scored. Its n_respondents counts the people in the cycle, answered or not, as
        every list, report and export says it (scoring alone sees only those with answers)."""
        from dataclasses import replace

        from iah_assess.domain.scoring import score_cycle  # here, to keep it off the start path

        cycle = self.cycle(cycle_id)
        result = score_cycle(
            self.cycle_questionnaire(cycle),
            self.responses(cycle_id),
            cycle.included_areas,
            self.decisions(cycle_id),
            cycle.default_target,
        )
        return replace(result, n_respondents=len(self.respondents(cycle_id)))

    def cycle_summary(self, cycle_id: int) -> ScoreSummary:
        """The cycle's scores in brief, for lists of cycles: read from the workspace when kept.

        A summary is kept until anything that changes the cycle's scores deletes it (triggers in
        the schema do that). Else it is worked out from the cycle's result and kept, unless the
        cycle changed meanwhile or the workspace is read-only.
        """
        rows = self._q("SELECT scoring, content FROM cycle_summary WHERE cycle_id = ?", (cycle_id,)) if self._keeps_summaries else []
        if rows and rows[0]["scoring"] == SCORING_VERSION:
            try:
                return ScoreSummary.from_json(rows[0]["content"])
            except (ValueError, KeyError, TypeError):
                pass  # not readable: worked out again below, and the kept one replaced
        cycle = self.cycle(cycle_id)
        summary = ScoreSummary.of(self.cycle_result(cycle_id), self.cycle_questionnaire(cycle))
        if self._keeps_summaries and not self.read_only:
            with self._write() as c:
                c.execute(
                    "INSERT OR REPLACE INTO cycle_summary(cycle_id, scoring, content) "
                    "SELECT id, ?, ? FROM cycle WHERE id = ? AND updated_at = ?",
                    (SCORING_VERSION, summary.to_json(), cycle_id, cycle.updated_at),
                )
        return summary

    # --- small UI state (last respondent and item, and the like) ----------------------------

    def state(self, key: str, default: str | None = None) -> str | None:
        rows = self._q("SELECT value FROM ui_state WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_state(self, key: str, value: str) -> None:
        if self.read_only or self.state(key) == value:
            return  # nothing to write (the app sets the same state again as it opens)
        with self._write() as c:
            c.execute("INSERT INTO ui_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def backup(self, reason: str = "manual") -> Path:
        return db.backup(self._conn, self.path.parent / db.BACKUP_DIR, reason, now=_local_now())

    def _daily_backup(self) -> None:
        """Before the first change of a day, a verified copy of the workspace as it was (R5).

        Skipped while the workspace holds no institution yet. A backup that fails is logged
        and the change goes ahead: the user's answer matters more than that day's copy. It is
        tried again at a change BACKUP_RETRY later (a full disk may have room by then).
        """
        now = _local_now()
        if self._backed_up_on == now.date():
            return
        if self._backup_failed_at is not None and dt.timedelta(0) <= now - self._backup_failed_at < BACKUP_RETRY:
            return
        if not self._q("SELECT 1 FROM institution LIMIT 1"):
            return  # nothing to keep yet: asked again at the next change
        folder = self.path.parent / db.BACKUP_DIR
        if any(b.made.date() == now.date() for b in db.backups(folder)):
            self._backed_up_on = now.date()
            return
        try:
            made = db.backup(self._conn, folder, "daily", now=now)
            db.thin_backups(folder, keep=made, now=now)
        except db.BackupCheckFailed as exc:  # the day's full check of the workspace itself (R7)
            self._backup_failed_at = now
            log.error("the daily check of %s found damage: %s", self.path, exc)
            try:  # the next opening checks in full, finds it, and offers the newest sound backup
                db.damage_mark(self.path).write_text(f"{now.isoformat()} {exc}\n", encoding="utf-8")
            except OSError:
                log.exception("could not mark %s for a full check", self.path)
            if self.on_damage is not None:
                self.on_damage(str(exc))
        except (OSError, sqlite3.Error, db.WorkspaceError):
            self._backup_failed_at = now
            log.exception("the daily backup of %s failed", self.path)
        else:
            self._backed_up_on, self._backup_failed_at = now.date(), None
