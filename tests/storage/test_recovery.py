"""A damaged workspace: the newest sound backup put in its place, the damaged file kept aside (R7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from iah_assess.domain.records import Action, Institution
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
    raw = sqlite3.connect(newer)
    raw.execute("PRAGMA user_version = -1")  # no version gives this: the header is damaged
    raw.close()
    assert recovery.check_backup(newer) == "its header is damaged (format number -1)"

    tampered = tmp_path / "tampered.sqlite"
    tampered.write_bytes(good.read_bytes())
    raw = sqlite3.connect(tampered)
    raw.execute("UPDATE questionnaire_snapshot SET content = replace(content, 'Alpha', 'A1pha')")
    raw.commit()
    raw.close()
    assert recovery.check_backup(tampered) == "a questionnaire stored in it is damaged"
    assert recovery.check_backup(tmp_path / "not-there.sqlite")


@pytest.mark.parametrize(("change", "problem"), [
    ("DROP TRIGGER response_frozen_upd", "trigger response_frozen_upd missing"),
    ("CREATE TRIGGER sneaky AFTER INSERT ON response BEGIN DELETE FROM action; END", "trigger sneaky not made by iah-assess"),
    ("CREATE INDEX response_comment ON response(comment)", "index response_comment not made by iah-assess"),
    ("CREATE VIEW everything AS SELECT * FROM response", "view everything not made by iah-assess"),
    ("CREATE TABLE notes (x)", "table notes not made by iah-assess"),
])
def test_a_backup_whose_tables_or_triggers_are_not_its_formats_is_not_sound(tmp_path, mini, change, problem):
    """A backup put in the workspace's place brings its schema: without the guards a finalised cycle
    could change, and another program's trigger would run inside the app."""
    good = _workspace_with_a_backup(tmp_path, mini).path
    raw = sqlite3.connect(good)
    raw.execute(change)
    raw.execute("ANALYZE")  # SQLite's own statistics are no reason to refuse it
    raw.commit()
    raw.close()
    assert recovery.check_backup(good) == (f"its tables and triggers are not those of its format {db.SCHEMA_VERSION} "
                                           f"({problem})")
    best, [passed_over] = recovery.newest_sound_backup(tmp_path / db.BACKUP_DIR)
    assert passed_over.backup.path == good and best.path != good  # the day's first, older, is sound


def test_a_backup_whose_guard_keeps_its_name_but_not_its_body_is_not_sound(tmp_path, mini):
    good = _workspace_with_a_backup(tmp_path, mini).path
    raw = sqlite3.connect(good)
    raw.executescript("DROP TRIGGER response_frozen_ins; "
                      "CREATE TRIGGER response_frozen_ins BEFORE INSERT ON response WHEN 0 BEGIN SELECT 1; END;")
    raw.close()
    assert recovery.check_backup(good) == (f"its tables and triggers are not those of its format {db.SCHEMA_VERSION} "
                                           "(trigger response_frozen_ins changed from what iah-assess makes)")


def test_a_backup_of_an_older_format_is_checked_against_that_format(tmp_path):
    import shutil

    old = tmp_path / "format-1.sqlite"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "workspaces" / "format-1-sample.sqlite", old)
    assert recovery.check_backup(old) == ""
    raw = sqlite3.connect(old)
    raw.execute(db.CYCLE_SUMMARY.split(";")[0])  # a table of format 2 under the number 1
    raw.commit()
    raw.close()
    assert recovery.check_backup(old) == ("its tables and triggers are not those of its format 1 (table cycle_summary "
                                          "not made by iah-assess)")


def test_the_newest_sound_backup_is_chosen_and_the_newer_damaged_ones_are_named(tmp_path, mini):
    sound = _workspace_with_a_backup(tmp_path, mini)
    newer = sound.path.with_name(f"workspace-{dt.datetime.now():%Y%m%d-%H%M%S-%f}-daily.sqlite")  # made since
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


# --- rescuing what can be read --------------------------------------------------------------------


def _full_workspace(folder: Path, mini) -> Path:
    """A workspace with an open cycle (respondents, answers, a decision, actions, one carried from
    a finalised cycle before it), its changes still in the -wal beside it."""
    from iah_assess.domain.records import Action

    import shutil

    ws = Workspace.in_folder(folder / "live")
    inst = ws.save_institution(Institution(name="Универзитет „Гоце Делчев“", country="MK"))
    before = ws.create_cycle(inst.id, "2024/25", mini, ["alpha"])
    r = ws.add_respondent(before.id, "Љупчо Ѓорѓиевски", "Rector")
    ws.save_response(r.id, "a-one", 2, "Ќе се подобри")
    done = ws.save_action(Action(cycle_id=before.id, item_id="a-one", text="Џеб за мобилност"))
    ws.finalise_cycle(before.id)
    cycle = ws.create_cycle(inst.id, "2025/26", mini, ["alpha"])
    for name, level in (("Šćepan Đurić", 3), ("Ëngjëll Çela", 1)):
        rid = ws.add_respondent(cycle.id, name, "Dean").id
        ws.save_response(rid, "a-one", level, f"{name}: ž")
        ws.save_response(rid, "a-two", "dont_know")
    ws.set_agreed_level(cycle.id, "a-one", 2, "Договорено")
    ws.carry_actions(before.id, cycle.id, [done.id])
    ws._conn.execute("PRAGMA wal_autocheckpoint = 0")  # what follows stays in the -wal
    ws.save_action(Action(cycle_id=cycle.id, text="Only in the -wal"))
    file = folder / db.WORKSPACE_FILE  # the files as a crash now would leave them
    for suffix in ("", "-wal"):
        shutil.copyfile(ws.path.with_name(ws.path.name + suffix), file.with_name(file.name + suffix))
    ws.close()
    shutil.rmtree(folder / "live")
    return file


def _counts(file: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in recovery.RESCUED_TABLES}
    finally:
        conn.close()


def _known(mini) -> dict[str, str]:
    return {mini.content_hash(): mini.canonical_json()}


def test_a_rescue_of_a_sound_workspace_copies_all_of_it_with_its_wal_and_changes_nothing(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    assert (tmp_path / "workspace.sqlite-wal").stat().st_size > 0
    before = {f.name: _sha(f) for f in tmp_path.iterdir() if f.is_file()}
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite")
    assert {f.name: _sha(f) for f in tmp_path.iterdir() if f.is_file() and f.name != "rescued.sqlite"} == before
    assert rescued.whole and rescued.read == _counts(file) and recovery.check_backup(rescued.path) == ""
    with Workspace(rescued.path) as ws:
        [old, new] = ws.cycles()
        assert old.status == "finalised" and [a.text for a in ws.actions(new.id)] == ["Џеб за мобилност", "Only in the -wal"]
        assert ws.actions(new.id)[0].carried_from == ws.actions(old.id)[0].id
        assert ws.decisions(new.id)["a-one"].agreed_note == "Договорено"
        with pytest.raises(db.WorkspaceError):  # the finalised cycle's guards are back
            ws.save_response(ws.respondents(old.id)[0].id, "a-one", 4)


def _overwrite(file: Path, table: str) -> None:
    """The root page of a table overwritten, after the -wal is merged in."""
    conn = sqlite3.connect(file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    [(root,)] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchall()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(file.read_bytes())
    data[(root - 1) * size:root * size] = b"\x13" * size
    file.write_bytes(bytes(data))


def test_a_table_that_cannot_be_read_is_said_and_what_belongs_to_its_lost_rows_is_left_out(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    _overwrite(file, "respondent")
    damaged = _sha(file)
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert _sha(file) == damaged
    assert rescued.unreadable == {"respondent"} and not rescued.whole
    assert rescued.read["respondent"] == rescued.read["response"] == 0
    assert rescued.left_out["response"] == 5  # their respondents were lost
    assert rescued.read["cycle"] == 2 and rescued.read["action"] == 3 and rescued.read["decision"] == 1
    assert recovery.check_backup(rescued.path) == ""
    # whose the lost answers were cannot be known: their respondents could not be read
    assert rescued.lost_any_cycle == {"response": 5} and rescued.unreadable_any_cycle == ("respondent",)
    assert not rescued.cycles_with_losses and [c.label for c in rescued.cycles] == ["2024/25", "2025/26"]


def _respondent_made_invalid(file: Path, respondent: str | int) -> None:
    """One respondent's (by name or id) name made NULL, as damage can leave a value the table refuses: the row reads, with its cycle."""
    conn = _checkpointed(file)
    [(sql,)] = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'respondent'").fetchall()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'respondent'", (sql.replace("name TEXT NOT NULL", "name TEXT"),))
    conn.close()
    conn = sqlite3.connect(file, isolation_level=None)
    guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'respondent'").fetchall()
    for trigger, _ in guards:  # a finalised cycle's guards would refuse the change; damage does not ask them
        conn.execute(f'DROP TRIGGER "{trigger}"')
    conn.execute(f"UPDATE respondent SET name = NULL WHERE {'id' if isinstance(respondent, int) else 'name'} = ?", (respondent,))
    for _, sql in guards:
        conn.execute(sql)
    conn.close()


def test_a_rescue_names_the_cycle_whose_respondent_was_lost_with_its_lost_answers(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    _respondent_made_invalid(file, "Šćepan Đurić")
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert rescued.left_out["respondent"] == 1 and rescued.left_out["response"] == 2 and not rescued.whole
    [lost] = rescued.cycles_with_losses
    assert (lost.institution, lost.label, lost.kept) == ("Универзитет „Гоце Делчев“", "2025/26", True)
    assert lost.read == {"respondent": 1, "response": 2, "decision": 1, "action": 2}
    assert lost.lost == {"respondent": 1, "response": 2, "decision": 0, "action": 0}
    [before, _] = rescued.cycles
    assert before.label == "2024/25" and before.read["response"] == 1 and not any(before.lost.values())
    assert rescued.lost_any_cycle == {} and rescued.unreadable_any_cycle == ()


def test_a_damaged_list_of_tables_is_written_again_from_the_format_in_the_copy_read(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = file.read_bytes()
    at = data.index(b"CREATE TABLE respondent")
    data = data[:at] + b"CREATE TABLE respondgnt" + data[at + 23:]  # SQLite now refuses the whole schema
    file.write_bytes(data)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(file).execute("SELECT count(*) FROM cycle").fetchone()
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite")
    assert rescued.whole and rescued.read["respondent"] == 3 and rescued.read["response"] == 5
    assert file.read_bytes() == data


def test_a_damaged_stored_questionnaire_is_taken_again_from_its_file_else_its_cycles_are_left_out(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file)
    conn.execute("UPDATE questionnaire_snapshot SET content = replace(content, 'Alpha', 'A1pha')")
    conn.commit()
    conn.close()
    mended = recovery.rescue(file, tmp_path / "mended.sqlite", _known(mini))
    assert mended.questionnaires_from_files == 1 and mended.read["cycle"] == 2 and mended.read["response"] == 5
    with Workspace(mended.path, read_only=True) as ws:
        assert ws.cycle_questionnaire(ws.cycles()[0]).content_hash() == mini.content_hash()

    lost = recovery.rescue(file, tmp_path / "lost.sqlite")
    assert lost.left_out["questionnaire_snapshot"] == 1 and lost.read["cycle"] == 0
    assert lost.left_out["cycle"] == 2 and lost.read["response"] == 0 and lost.read["institution"] == 1
    assert recovery.check_backup(lost.path) == ""
    # each cycle left out is named, with all it held
    assert [(c.label, c.kept, c.lost["response"], c.lost["action"]) for c in lost.cycles_with_losses] == [
        ("2024/25", False, 1, 1), ("2025/26", False, 4, 2)]


def test_text_that_is_not_utf8_is_kept_with_the_bad_bytes_replaced(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file)
    conn.execute("UPDATE response SET comment = CAST(X'C5FF' AS TEXT) || comment WHERE item_id = 'a-one' AND "
                 "respondent_id IN (SELECT r.id FROM respondent r JOIN cycle c ON c.id = r.cycle_id WHERE c.status = 'open')")
    conn.commit()
    conn.close()
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite")
    assert rescued.mended["response"] == 2 and rescued.read["response"] == 5 and not rescued.whole
    with Workspace(rescued.path, read_only=True) as ws:
        comments = {ws.respondent_responses(r.id)["a-one"].comment for c in ws.cycles() for r in ws.respondents(c.id)}
    assert "\ufffd\ufffdŠćepan Đurić: ž" in comments


def test_nothing_to_rescue_from_a_file_that_is_not_a_workspace_and_nothing_is_left_behind(tmp_path):
    file = tmp_path / db.WORKSPACE_FILE
    file.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    with pytest.raises(recovery.NothingToRescue, match="Nothing can be read from"):
        recovery.rescue(file, tmp_path / "rescued.sqlite")
    assert [f.name for f in tmp_path.iterdir()] == [db.WORKSPACE_FILE]


@pytest.mark.parametrize(("start", "said"), [
    (b"SQLite format 3\x00", "its list of tables cannot be read"),  # a file cut short keeps its first page
    (b"\x13" * 16, "even its first page is damaged"),
])
def test_nothing_to_rescue_says_whether_the_first_page_is_there(tmp_path, start, said):
    file = tmp_path / db.WORKSPACE_FILE
    file.write_bytes(start + b"\x13" * 8000)
    with pytest.raises(recovery.NothingToRescue, match=said):
        recovery.rescue(file, tmp_path / "rescued.sqlite")


def test_a_rescue_into_a_read_only_folder_says_so_not_a_bare_os_error(tmp_path, mini, monkeypatch):
    import errno

    file = _full_workspace(tmp_path, mini)

    def read_only(self: Path, missing_ok: bool = False) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "unlink", read_only)  # as a read-only folder answers, even for a file not there
    with pytest.raises(db.WorkspaceError, match="could not be saved as .*rescued.sqlite.*check that you may write to"):
        recovery.rescue(file, tmp_path / "ro" / "rescued.sqlite")


@pytest.mark.parametrize("seed", range(12))
def test_whatever_flipped_bytes_damage_a_rescue_gives_a_sound_workspace_or_says_nothing_can_be_read(tmp_path, mini, seed):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _damage(file, seed, flips=60)
    damaged = _sha(file)
    try:
        rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    except recovery.NothingToRescue:
        assert not (tmp_path / "rescued.sqlite").exists()
    else:
        assert recovery.check_backup(rescued.path) == ""
        with Workspace(rescued.path, read_only=True) as ws:  # it opens and reads as a workspace
            for c in ws.cycles():
                ws.cycle_questionnaire(c)
                for r in ws.respondents(c.id):
                    ws.respondent_responses(r.id)
                ws.actions(c.id)
    assert _sha(file) == damaged
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]


def test_a_compacted_workspace_is_rescued_whole_each_table_from_its_own_pages(tmp_path, mini):
    """VACUUM (a "compact" in any SQLite tool) puts the list of tables in another order: entries
    are known by their names, never by their place, so that no table is read as another."""
    file = _full_workspace(tmp_path, mini)
    with Workspace(file) as ws:
        for c in ws.cycles():
            ws.cycle_summary(c.id)
        ws.set_state("last_institution", str(ws.institutions()[0].id))
    conn = sqlite3.connect(file)
    conn.execute("VACUUM")
    conn.close()
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert rescued.whole and rescued.read == _counts(file)
    conn = sqlite3.connect(rescued.path)
    assert ("last_institution", "1") in conn.execute("SELECT key, value FROM ui_state").fetchall()
    conn.close()


def test_a_workspace_made_by_0_1_0_and_migrated_is_rescued_whole(tmp_path):
    import shutil

    from iah_assess.catalog import Catalog

    file = tmp_path / db.WORKSPACE_FILE
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "workspaces" / "format-1-sample.sqlite", file)
    with Workspace(file) as ws:  # brought to this format, then used
        ws.set_state("last_institution", str(ws.institutions()[0].id))
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", Catalog().contents())
    assert rescued.whole and rescued.read == _counts(file)


def test_a_rescued_workspace_put_in_place_and_damaged_later_can_be_rescued_again(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    first = recovery.rescue(file, tmp_path / "first.sqlite", _known(mini))
    recovery.restore(file, first.path)
    with Workspace(file) as ws:
        inst = ws.save_institution(Institution(name="Universiteti i Prishtinës"))
        ws.delete_institution(inst.id)  # the guards of finalised cycles dropped and made again
    _overwrite(file, "respondent")
    second = recovery.rescue(file, tmp_path / "second.sqlite", _known(mini))
    assert second.read["cycle"] == 2 and second.unreadable == {"respondent"}
    with Workspace(second.path) as ws:
        [old, _] = ws.cycles()
        assert old.finalised
        with pytest.raises(db.WorkspaceError):  # finalised again, and guarded
            ws.save_action(Action(cycle_id=old.id, text="Not in a finalised cycle"))


@pytest.mark.parametrize("value", [-5, 2.5, 10**15])
def test_a_stored_questionnaire_that_damage_made_a_number_is_taken_from_its_file_or_left_out(tmp_path, mini, value):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    [(sql,)] = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'questionnaire_snapshot'").fetchall()
    conn.execute("PRAGMA writable_schema = ON")  # a column without affinity holds a number as damage can
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'questionnaire_snapshot'",
                 (sql.replace("content TEXT NOT NULL", "content NOT NULL"),))
    conn.close()
    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute("UPDATE questionnaire_snapshot SET content = ?", (value,))
    conn.close()
    mended = recovery.rescue(file, tmp_path / "mended.sqlite", _known(mini))
    assert mended.questionnaires_from_files == 1 and mended.read["cycle"] == 2
    lost = recovery.rescue(file, tmp_path / "lost.sqlite")
    assert lost.left_out["questionnaire_snapshot"] == 1 and lost.read["cycle"] == 0


def test_a_header_whose_format_and_application_numbers_damage_changed_is_read_by_its_tables(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    conn = sqlite3.connect(file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    counts = _counts(file)
    data = bytearray(file.read_bytes())
    data[60:72] = b"\xa5" * 12  # the format (user_version) and the application id
    file.write_bytes(bytes(data))
    with pytest.raises(db.WorkspaceDamaged, match="header is damaged"):  # so the app offers its backup or a rescue
        Workspace(file)
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert rescued.read == counts and recovery.check_backup(rescued.path) == ""
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE notes(x)").connection.close()
    with pytest.raises(recovery.NothingToRescue, match="does not read as a workspace"):
        recovery.rescue(foreign, tmp_path / "nothing.sqlite")


def _checkpointed(file: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return conn


def test_a_sound_workspace_of_a_newer_format_is_not_rescued_but_a_damaged_format_number_is(tmp_path, mini):
    """A newer version's tables and columns have no place in this version's: a rescue here would
    copy the rest and say that nothing was lost. A number no version gives is damage, read by the tables."""
    file = _full_workspace(tmp_path, mini)
    conn = _checkpointed(file)
    conn.execute("CREATE TABLE evidence_file (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("ALTER TABLE response ADD COLUMN confidence INTEGER")
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    before = _sha(file)
    with pytest.raises(recovery.MadeByNewerVersion, match="made by a newer version of iah-assess") as info:
        recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert "Update the app" in str(info.value) and str(file) in str(info.value)
    assert _sha(file) == before and not (tmp_path / "rescued.sqlite").exists()
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]

    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + db.FORMATS_AHEAD + 1}")  # damage, not a version
    conn.close()
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert rescued.read["response"] == 5 and not rescued.whole
    assert rescued.not_known == ("column response.confidence", "table evidence_file")


def test_tables_and_columns_a_rescue_does_not_know_are_said_to_be_left_out(tmp_path, mini):
    file = _full_workspace(tmp_path, mini)
    conn = _checkpointed(file)
    conn.execute("CREATE TABLE my_notes (text TEXT)")  # another program's, in a workspace of this format
    conn.execute("INSERT INTO my_notes VALUES ('kept only here')")
    conn.execute("ALTER TABLE cycle ADD COLUMN colour TEXT")
    conn.execute("ANALYZE")  # SQLite's own statistics are not the user's data
    conn.close()
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", _known(mini))
    assert rescued.not_known == ("column cycle.colour", "table my_notes") and not rescued.whole
    assert rescued.read["cycle"] == 2 and recovery.check_backup(rescued.path) == ""


@pytest.mark.parametrize("writer", ["crashed", "still open"])
def test_a_restore_stopped_before_the_swap_loses_no_change_of_a_sound_workspace_still_in_its_wal(tmp_path, mini, monkeypatch, writer):
    """The -wal goes aside before the backup takes the workspace's place: its committed changes
    are merged into the sound file first, so that the file left in place and the one kept aside hold them."""
    file = _full_workspace(tmp_path, mini)
    change = "Only in the -wal"
    open_writer = sqlite3.connect(file, isolation_level=None)  # closed at the end: closing merges its -wal
    if writer == "still open":  # a change committed by a connection that has neither merged it nor closed
        open_writer.execute("PRAGMA wal_autocheckpoint = 0")
        open_writer.execute("UPDATE action SET text = text || ' (still open)' WHERE text = ?", (change,))
        change += " (still open)"
    backup = tmp_path / "backup.sqlite"
    with Workspace(tmp_path / "other" / db.WORKSPACE_FILE) as ws:
        ws.backup("manual")
        [made] = db.backups(ws.path.parent / db.BACKUP_DIR)
        made.path.rename(backup)
    real_replace = recovery.os.replace

    def killed_before_the_swap(src, dst):  # noqa: ANN001
        if Path(src).name.endswith(".restoring"):
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(recovery.os, "replace", killed_before_the_swap)
    with pytest.raises(KeyboardInterrupt):
        recovery.restore(file, backup, now=dt.datetime(2026, 11, 29, 10, 30), prefix=recovery.REPLACED_PREFIX)
    aside = tmp_path / "workspace-replaced-20261129-103000.sqlite"

    def actions(path: Path) -> list[str]:  # the file alone, as the next start finds it without a -wal
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return [r[0] for r in conn.execute("SELECT text FROM action ORDER BY id")]
        finally:
            conn.close()

    assert change in actions(file)
    assert change in actions(aside)
    open_writer.close()


def test_a_0_1_0_workspace_whose_stored_questionnaire_is_lost_gets_it_back_from_the_earlier_version_shipped(tmp_path):
    import shutil

    from iah_assess.catalog import Catalog

    file = tmp_path / db.WORKSPACE_FILE
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "workspaces" / "format-1-sample.sqlite", file)
    with Workspace(file) as ws:
        counts = _counts(file)
    conn = sqlite3.connect(file)
    conn.execute("DELETE FROM questionnaire_snapshot")  # damage took the cycles' copy of iah-core 1.0
    conn.commit()
    conn.close()
    catalog = Catalog()
    assert {lq.questionnaire.version for lq in catalog.valid() if lq.questionnaire.id == "iah-core"} == {"1.1"}  # not offered
    rescued = recovery.rescue(file, tmp_path / "rescued.sqlite", catalog.contents())
    assert rescued.questionnaires_from_files == 1
    assert rescued.read["cycle"] == counts["cycle"] and rescued.read["response"] == counts["response"]
    with Workspace(rescued.path, read_only=True) as ws:
        assert {ws.cycle_questionnaire(c).version for c in ws.cycles()} == {"1.0"}


def test_restoring_where_only_a_wal_was_left_names_the_file_it_kept(tmp_path, mini):
    """The workspace file gone, its -wal still there: the name given back is that of the -wal put
    aside, the one file kept, not a name no file has."""
    backup = _workspace_with_a_backup(tmp_path, mini)
    file = tmp_path / db.WORKSPACE_FILE
    wal = file.with_name(file.name + "-wal")
    file.unlink()
    wal.write_bytes(b"changes of a file that is gone")
    aside = recovery.restore(file, backup.path, now=dt.datetime(2026, 11, 29, 10, 30))
    assert aside == tmp_path / "workspace-damaged-20261129-103000.sqlite-wal" and aside.exists()
    assert aside.read_bytes() == b"changes of a file that is gone" and not wal.exists()
    assert _respondents(tmp_path) == ["Јелена Ђорђевић"]
