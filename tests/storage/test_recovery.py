"""A damaged workspace: the newest sound backup put in its place, the damaged file kept aside (R7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from iah_assess.domain.records import Institution
from iah_assess.storage import db, recovery
from iah_assess.storage.workspace import Workspace


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _workspace_with_a_backup(folder: Path, mini, name: str = "Univerzitet u Beogradu") -> db.Backup:
    """A workspace with one cycle and a backup of it, then a change made after the backup."""
    with Workspace.in_folder(folder) as ws:
        inst = ws.save_institution(Institution(name=name, country="RS"))
        cycle = ws.create_cycle(inst.id, "2025/26", mini, ["alpha"])
        ws.add_respondent(cycle.id, "Јелена Ђорђевић", "Dean")
        ws.backup("manual")
        ws.add_respondent(cycle.id, "Marko Čolić", "Rector")  # after the backup: lost by a restore
    [newest, *_] = db.backups(folder / db.BACKUP_DIR)
    return newest


def _damage(file: Path, seed: int, flips: int = 40) -> None:
    """Random bytes past the file's first page flipped, as SQLite's corruptC does."""
    data = bytearray(file.read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(100, len(data))] ^= 1 << rng.randrange(8)
    file.write_bytes(bytes(data))


def _respondents(folder: Path) -> list[str]:
    with Workspace.in_folder(folder) as ws:
        cycle = ws.cycles(ws.institutions()[0].id)[0]
        return [r.name for r in ws.respondents(cycle.id)]


def test_a_sound_backup_passes_its_check_and_damaged_foreign_or_newer_ones_do_not(tmp_path, mini):
    good = _workspace_with_a_backup(tmp_path, mini).path
    assert recovery.check_backup(good) == ""

    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    assert recovery.check_backup(damaged)

    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t(x)").connection.close()
    assert recovery.check_backup(foreign) == "it is not an iah-assess workspace"

    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(good.read_bytes())
    raw = sqlite3.connect(newer)
    raw.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    raw.close()
    assert "newer version" in recovery.check_backup(newer)

    tampered = tmp_path / "tampered.sqlite"
    tampered.write_bytes(good.read_bytes())
    raw = sqlite3.connect(tampered)
    raw.execute("UPDATE questionnaire_snapshot SET content = replace(content, 'Alpha', 'A1pha')")
    raw.commit()
    raw.close()
    assert recovery.check_backup(tampered) == "a questionnaire stored in it is damaged"
    assert recovery.check_backup(tmp_path / "not-there.sqlite")


def test_the_newest_sound_backup_is_chosen_and_the_newer_damaged_ones_are_named(tmp_path, mini):
    sound = _workspace_with_a_backup(tmp_path, mini)
    newer = sound.path.with_name("workspace-20991231-235959-000000-daily.sqlite")
    newer.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    best, passed_over = recovery.newest_sound_backup(tmp_path / db.BACKUP_DIR)
    assert best == sound
    [(skipped, problem)] = passed_over
    assert skipped.path == newer and problem
    assert recovery.newest_sound_backup(tmp_path / "no-backups") == (None, [])


def test_restoring_keeps_the_damaged_file_and_its_wal_aside_unchanged_and_loses_only_what_came_after(tmp_path, mini):
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    wal = file.with_name(file.name + "-wal")
    _damage(file, seed=1, flips=400)
    wal.write_bytes(b"changes not yet merged")
    before, wal_before = _sha(file), _sha(wal)

    aside = recovery.restore(file, backup.path, now=dt.datetime(2026, 11, 29, 10, 30))

    assert aside == tmp_path / "workspace-damaged-20261129-103000.sqlite"
    assert _sha(aside) == before and _sha(aside.with_name(aside.name + "-wal")) == wal_before
    assert not wal.exists() and not list(tmp_path.glob(".*restoring*"))
    conn = db.open_plain(file)
    assert db.integrity(conn) == "ok"
    conn.close()
    assert _respondents(tmp_path) == ["Јелена Ђорђевић"]  # Marko came after the backup
    assert db.backups(tmp_path / db.BACKUP_DIR)[0].path.exists()  # the backup itself stays

    # a second restore the same minute takes a new name: nothing is ever overwritten
    again = recovery.restore(file, backup.path, now=dt.datetime(2026, 11, 29, 10, 30))
    assert again == tmp_path / "workspace-damaged-20261129-103000-2.sqlite" and _sha(aside) == before


def test_a_backup_that_cannot_be_copied_moves_nothing(tmp_path, mini):
    _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    broken = tmp_path / db.BACKUP_DIR / "workspace-20991231-235959-000000-daily.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    before = _sha(file)
    with pytest.raises(db.WorkspaceError) as info:
        recovery.restore(file, broken)
    assert str(broken) in str(info.value) and "Nothing was changed" in str(info.value)
    assert _sha(file) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "workspace.sqlite"]


def test_a_restore_that_fails_halfway_puts_the_damaged_file_back(tmp_path, mini, monkeypatch):
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    before = _sha(file)
    real_replace = recovery.os.replace

    def refuse_the_last(src, dst):  # noqa: ANN001
        if Path(src).name.endswith(".restoring"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(recovery.os, "replace", refuse_the_last)
    with pytest.raises(db.WorkspaceError) as info:
        recovery.restore(file, backup.path)
    assert "where it was" in str(info.value)
    assert _sha(file) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "workspace.sqlite"]


@pytest.mark.parametrize("seed", range(12))
def test_flipped_bytes_are_caught_on_opening_or_reading_and_a_restore_mends_them(tmp_path, mini, seed):
    """corruptC's way: flip random bytes, then open and read everything the app reads. Damage is
    either found, as damage a backup can mend, or the workspace still reads whole."""
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    _damage(file, seed)
    before = _sha(file)
    try:
        with Workspace.open_single_writer(file) as ws:
            for inst in ws.institutions():
                for cycle in ws.cycles(inst.id):
                    ws.cycle_questionnaire(cycle)
                    ws.cycle_result(cycle.id)
                    for r in ws.respondents(cycle.id):
                        ws.respondent_responses(r.id)
        return  # the flips fell where nothing is read
    except db.UNREADABLE as exc:
        if not db.is_damage(exc):
            raise
    assert _sha(file) == before  # finding damage changed nothing
    aside = recovery.restore(file, backup.path)
    assert aside is not None and _sha(aside) == before
    conn = db.open_plain(file)
    assert db.integrity(conn) == "ok"
    conn.close()
    assert _respondents(tmp_path) == ["Јелена Ђорђевић"]


def test_only_damage_is_offered_a_backup():
    assert db.is_damage(db.WorkspaceDamaged("x"))
    assert db.is_damage(sqlite3.DatabaseError("database disk image is malformed"))
    assert db.is_damage(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"))
    assert db.is_damage(sqlite3.OperationalError("Could not decode to UTF-8 column 'content' with text '\ufffd'"))
    assert not db.is_damage(sqlite3.OperationalError("database is locked"))
    assert not db.is_damage(OSError(28, "No space left on device"))
    assert not db.is_damage(db.WorkspaceError("could not switch to WAL mode"))


def test_a_backup_with_text_that_is_not_utf8_is_not_sound(tmp_path, mini):
    good = _workspace_with_a_backup(tmp_path, mini).path
    raw = sqlite3.connect(good)
    raw.execute("UPDATE institution SET name = CAST(X'FFFE00' AS TEXT)")
    raw.commit()
    raw.close()
    assert recovery.check_backup(good) == "text in it cannot be read (table institution)"


def test_a_restore_stopped_just_before_the_last_step_leaves_the_damaged_workspace_in_place_and_aside(tmp_path, mini, monkeypatch):
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    wal = file.with_name(file.name + "-wal")
    _damage(file, seed=3, flips=400)
    wal.write_bytes(b"changes not yet merged")
    before = _sha(file)
    real_replace = recovery.os.replace

    def killed_before_the_swap(src, dst):  # noqa: ANN001
        if Path(src).name.endswith(".restoring"):
            raise KeyboardInterrupt  # the process stops here, and nothing tidies up
        real_replace(src, dst)

    monkeypatch.setattr(recovery.os, "replace", killed_before_the_swap)
    with pytest.raises(KeyboardInterrupt):
        recovery.restore(file, backup.path, now=dt.datetime(2026, 11, 29, 10, 30))
    aside = tmp_path / "workspace-damaged-20261129-103000.sqlite"
    assert _sha(file) == before  # a workspace is there: the next start finds it damaged, and offers the backup again
    assert _sha(aside) == before and aside.with_name(aside.name + "-wal").read_bytes() == b"changes not yet merged"
    assert not wal.exists()  # its -wal went aside with it: SQLite never reads it into another file


def test_damage_the_days_full_check_finds_is_said_and_the_next_opening_checks_in_full(tmp_path, mini, monkeypatch, sql_seen):
    from iah_assess.storage import workspace as workspace_module

    _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    told = []

    def copy_found_damage(conn, folder, reason, now=None):  # noqa: ANN001, ANN202
        raise db.BackupCheckFailed("the backup copy failed its integrity check (row 3 missing from index x); nothing was changed.")

    with monkeypatch.context() as patched:
        patched.setattr(db, "backup", copy_found_damage)
        patched.setattr(workspace_module, "_local_now", lambda: dt.datetime(2099, 1, 2, 9, 0))  # a new day
        with Workspace.in_folder(tmp_path) as ws:
            ws.on_damage = told.append
            cycle = ws.cycles()[0]
            ws.add_respondent(cycle.id, "Nikola Ђурић", "Dean")  # the change goes ahead
    assert told == ["the backup copy failed its integrity check (row 3 missing from index x); nothing was changed."]
    assert db.damage_mark(file).exists()

    checks = sql_seen
    checks.clear()
    db.connect(file).conn.close()  # the file is sound after all here: checked in full, and the mark goes
    assert "PRAGMA integrity_check" in checks and "PRAGMA quick_check" not in checks
    assert not db.damage_mark(file).exists()
    checks.clear()
    db.connect(file).conn.close()
    assert "PRAGMA quick_check" in checks and "PRAGMA integrity_check" not in checks
    assert "Nikola Ђурић" in _respondents(tmp_path)  # the change that ran the check was kept


def test_a_restore_takes_the_mark_of_damage_away_with_the_damaged_file(tmp_path, mini):
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    db.damage_mark(file).write_text("2099-01-02 found damage\n", encoding="utf-8")
    recovery.restore(file, backup.path)
    assert not db.damage_mark(file).exists()
