"""`backups`, `restore` and `rescue`: a backup, or what can be read, put in the workspace's place from the
command line (R7)."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import random
import sqlite3
from pathlib import Path

import pytest

from iah_assess.cli import main
from iah_assess.domain.records import Institution
from iah_assess.storage import db
from iah_assess.storage import workspace as workspace_module
from iah_assess.storage.lock import WorkspaceLock
from iah_assess.storage.workspace import Workspace
from tests.storage.test_recovery import _overwrite, _respondent_made_invalid

# the newest of all, and not a database: after the data fixture's backups (its clock is at
# 2026-01-05) and before the clock now, as a backup dated ahead comes after the others (db.backups)
BROKEN = "workspace-20260601-120000-000000-daily.sqlite"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _institutions(folder: Path) -> list[str]:
    with Workspace(folder / db.WORKSPACE_FILE, read_only=True) as ws:
        return [i.name for i in ws.institutions()]


def _institutions_of(file: Path) -> list[str]:
    """The institutions in a file put aside, read without touching it."""
    conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM institution")]
    finally:
        conn.close()


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A workspace with a backup of it (Prva) and a change after the backup (Druga)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(folder))
    monkeypatch.setattr(workspace_module, "_local_now", lambda: dt.datetime(2026, 1, 5, 9, 0))
    with Workspace.in_folder(folder) as ws:
        ws.save_institution(Institution(name="Prva"))
        ws.backup("manual")
        ws.save_institution(Institution(name="Druga"))
    return folder


def _damage(file: Path) -> None:
    raw = bytearray(file.read_bytes())
    rng = random.Random(7)
    for _ in range(400):
        raw[rng.randrange(100, len(raw))] ^= 1 << rng.randrange(8)
    file.write_bytes(bytes(raw))


def test_backups_lists_them_newest_first_with_why_and_whether_each_is_sound(data, capsys):
    assert main(["backups"]) == 0
    (data / db.BACKUP_DIR / BROKEN).write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    capsys.readouterr()
    assert main(["backups"]) == 1  # the newest is not usable: a script that watches the backups is told
    out, err = capsys.readouterr()
    out = out.splitlines()
    assert out[0].startswith(f"Backups in {data / db.BACKUP_DIR}, newest first")
    assert out[1].startswith("  2026-06-01 12:00:00  daily ") and BROKEN in out[1] and "NOT USABLE: " in out[1]
    assert " manual " in out[2] and " kB  workspace-" in out[2] and out[2].endswith("-manual.sqlite  sound")
    assert len(out) == 3
    sound = out[2].split()[-2]
    assert err == f"iah-assess: the newest backup, {BROKEN}, is not usable; the newest sound one is {sound}.\n"
    (data / db.BACKUP_DIR / sound).write_bytes(b"not a database")
    assert main(["backups"]) == 1
    assert capsys.readouterr().err == f"iah-assess: the newest backup, {BROKEN}, is not usable; none of them is usable.\n"


def test_backups_lists_one_dated_ahead_after_the_others_and_says_why(data, capsys):
    [manual] = db.backups(data / db.BACKUP_DIR)
    ahead = data / db.BACKUP_DIR / "workspace-20991231-235959-000000-daily.sqlite"  # the clock ran ahead
    ahead.write_bytes(manual.path.read_bytes())
    assert main(["backups"]) == 0  # the newest, dated rightly, is sound
    out = capsys.readouterr().out.splitlines()
    assert out[1].endswith("-manual.sqlite  sound")
    assert out[2].startswith("  2099-12-31 23:59:59  daily ") and out[2].endswith(
        f"{ahead.name}  sound; dated days after now: made while the clock was wrong, so listed after those dated rightly")


def test_backups_says_so_when_there_are_none_and_when_there_is_no_such_folder(tmp_path, capsys):
    (tmp_path / "new").mkdir()
    assert main(["--data-dir", str(tmp_path / "new"), "backups"]) == 0
    assert capsys.readouterr().out.startswith(f"No backups in {tmp_path / 'new' / db.BACKUP_DIR} yet.")
    assert main(["--data-dir", str(tmp_path / "nwe"), "backups"]) == 1  # mistyped: not "none yet"
    assert capsys.readouterr().err == f"iah-assess: there is no folder {tmp_path / 'nwe'}; check --data-dir.\n"
    assert not (tmp_path / "nwe").exists()


def test_restore_puts_the_newest_sound_backup_in_place_of_a_damaged_workspace(data, capsys):
    file = data / db.WORKSPACE_FILE
    (data / db.BACKUP_DIR / BROKEN).write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    _damage(file)
    damaged = _sha(file)
    assert main(["restore"]) == 1  # not a terminal, no --yes: said, and nothing done
    passed_over, err = capsys.readouterr().err.split("\n", 1)  # on stderr as the refusal: a warning
    assert passed_over.startswith("The newer backup of 2026-06-01 12:00:00 (daily) cannot be used: ")
    assert err.startswith(f"iah-assess: the workspace {file} is damaged; restoring would put the backup of ")
    assert "(manual) in its place" in err and "workspace-damaged-….sqlite" in err and err.endswith("add --yes to confirm.\n")
    assert _sha(file) == damaged

    assert main(["restore", "--yes"]) == 0
    out, err = capsys.readouterr()
    [aside] = data.glob("workspace-damaged-*.sqlite")
    assert "The newer backup of 2026-06-01 12:00:00 (daily) cannot be used: " in err
    assert "Restored the backup of " in out and f"kept as {aside}" in out
    assert _sha(aside) == damaged  # the damaged file, whole, beside it
    assert _institutions(data) == ["Prva"]  # Druga came after the backup
    assert (data / db.BACKUP_DIR / BROKEN).exists() and len(db.backups(data / db.BACKUP_DIR)) == 2


def test_restoring_over_a_sound_workspace_says_so_and_asks(data, capsys, monkeypatch):
    file = data / db.WORKSPACE_FILE
    before = _sha(file)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    asked: list[str] = []

    def answer(prompt: str = "") -> str:
        asked.append(capsys.readouterr().err)  # the question, on stderr: seen when the output goes to a file
        assert not WorkspaceLock(file).acquire()  # held while the user thinks: no app opens it meanwhile
        return "n"

    monkeypatch.setattr("builtins.input", answer)
    assert main(["restore"]) == 1
    out, err = capsys.readouterr()
    assert err == "Nothing was changed.\n" and out == ""
    assert asked[0].startswith(f"The workspace {file} is sound, not damaged. Put the backup of ")
    assert "What was changed after that backup is lost" in asked[0] and "workspace-replaced-….sqlite" in asked[0]
    assert _sha(file) == before and not list(data.glob("workspace-*-*.sqlite"))

    monkeypatch.setattr("builtins.input", lambda q="": "y")
    assert main(["restore"]) == 0
    [aside] = data.glob("workspace-replaced-*.sqlite")
    assert f"kept as {aside}" in capsys.readouterr().out
    assert _institutions(data) == ["Prva"]
    assert sorted(_institutions_of(aside)) == ["Druga", "Prva"]  # going back again is possible


def test_restore_names_a_backup_by_its_file_name_or_its_path(data, capsys, tmp_path):
    [backup] = db.backups(data / db.BACKUP_DIR)
    assert main(["restore", backup.path.name, "--yes"]) == 0
    assert _institutions(data) == ["Prva"]
    copy = tmp_path / "elsewhere.sqlite"
    copy.write_bytes(backup.path.read_bytes())
    capsys.readouterr()
    assert main(["restore", str(copy), "--yes"]) == 0
    assert "Restored the backup of " in capsys.readouterr().out and _institutions(data) == ["Prva"]


def test_a_backup_that_is_not_sound_or_not_there_is_refused_naming_why(data, capsys):
    file = data / db.WORKSPACE_FILE
    before = _sha(file)
    (data / db.BACKUP_DIR / BROKEN).write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    assert main(["restore", BROKEN, "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iah-assess: the backup {data / db.BACKUP_DIR / BROKEN} cannot be restored: ")
    assert "Nothing was changed; choose another (see `iah-assess backups`)." in err
    assert main(["restore", "workspace-nothing.sqlite", "--yes"]) == 1
    assert "there is no backup workspace-nothing.sqlite in" in capsys.readouterr().err
    assert main(["restore", str(file), "--yes"]) == 1
    assert "is the workspace itself" in capsys.readouterr().err
    assert _sha(file) == before and not list(data.glob("workspace-*-*.sqlite"))


def test_restore_is_refused_try_later_while_the_app_has_the_workspace(data, capsys):
    file = data / db.WORKSPACE_FILE
    Workspace.open_single_writer(file).close()  # the app's first opening records its week's full check
    before = _sha(file)
    app = Workspace.open_single_writer(file)
    try:
        assert main(["restore", "--yes"]) == 75
        assert capsys.readouterr().err == (f"iah-assess: the workspace in {data} is open in the iah-assess app; close "
                                           f"the app, then run the command again (nothing was changed).\n")
    finally:
        app.close()
    assert _sha(file) == before
    assert main(["restore", "--yes"]) == 0


def test_restore_without_backups_or_data_folder_changes_nothing(tmp_path, capsys):
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "restore", "--yes"]) == 1
    assert capsys.readouterr().err == f"iah-assess: there is no folder {folder}; check --data-dir.\n"
    assert not folder.exists()
    assert main(["--data-dir", str(folder), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "restore", "--yes"]) == 1
    assert capsys.readouterr().err == f"iah-assess: there are no backups in {folder / db.BACKUP_DIR} to restore; nothing was changed.\n"


def test_a_restore_into_a_folder_whose_workspace_is_gone(data, capsys):
    (data / db.WORKSPACE_FILE).unlink()
    assert main(["restore"]) == 1
    assert capsys.readouterr().err.startswith(f"iah-assess: there is no workspace in {data} now; restoring would put")
    assert main(["restore", "--yes"]) == 0
    assert "kept as" not in capsys.readouterr().out and _institutions(data) == ["Prva"]


def test_the_new_commands_have_help(capsys):
    for cmd in ("backups", "restore", "rescue"):
        with pytest.raises(SystemExit) as info:
            main([cmd, "--help"])
        assert info.value.code == 0 and "usage:" in capsys.readouterr().out


def test_rescue_copies_what_can_be_read_and_restore_puts_it_in_place(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(folder))
    assert main(["demo"]) == 0
    file = folder / db.WORKSPACE_FILE
    _overwrite(file, "action")
    damaged = _sha(file)
    capsys.readouterr()
    assert main(["rescue"]) == 0
    out = capsys.readouterr().out.splitlines()
    [rescued] = folder.glob("workspace-rescued-*.sqlite")
    assert out[0] == f"Rescued what could be read from {file} into {rescued}:"
    assert [line.split()[0] for line in out[1:8]] == ["stored", "institutions", "cycles", "respondents", "answers",
                                                     "agreed", "actions"]
    assert out[3].split() == ["cycles", "3"] and out[7].split()[:4] == ["actions", "0", "part", "could"]
    assert out[8:10] == ["  Lost, cycle by cycle:", "    Part of the actions could not be read: how much, and of which "
                                                     "cycles, cannot be known"]
    assert out[10] == "Some of the workspace could not be rescued (see above)."
    assert out[11].endswith(f"iah-assess restore {rescued}")
    assert _sha(file) == damaged

    assert main(["restore", str(rescued), "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"The rescued copy {rescued.name} is now the workspace in {folder}. Check the cycles")
    [aside] = folder.glob("workspace-damaged-*.sqlite")
    assert _sha(aside) == damaged
    with Workspace(file, read_only=True) as ws:
        assert len(ws.cycles()) == 3 and all(not ws.actions(c.id) for c in ws.cycles())


def test_rescue_names_the_cycle_that_lost_a_respondent_with_its_lost_answers(tmp_path, capsys, monkeypatch):
    """After a restore of the rescued copy, a finalised cycle's index may show lower: the rescue
    says which cycle lost answers, and how many, where that can be known."""
    folder = tmp_path / "data"
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(folder))
    assert main(["demo"]) == 0
    file = folder / db.WORKSPACE_FILE
    conn = sqlite3.connect(file)
    [(respondent, label, institution, answers)] = conn.execute(
        "SELECT r.id, c.label, i.name, (SELECT count(*) FROM response WHERE respondent_id = r.id) FROM respondent r "
        "JOIN cycle c ON c.id = r.cycle_id JOIN institution i ON i.id = c.institution_id ORDER BY r.id LIMIT 1").fetchall()
    respondents = conn.execute("SELECT count(*) FROM respondent r JOIN cycle c ON c.id = r.cycle_id "
                               "WHERE c.label = ?", (label,)).fetchone()[0]
    in_cycle = conn.execute("SELECT count(*) FROM response x JOIN respondent r ON r.id = x.respondent_id "
                            "JOIN cycle c ON c.id = r.cycle_id WHERE c.label = ?", (label,)).fetchone()[0]
    conn.close()
    assert answers > 0
    _respondent_made_invalid(file, respondent)
    capsys.readouterr()
    assert main(["rescue"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("  Lost, cycle by cycle:")
    assert out[at + 1:at + 2] == [f"    {institution}, {label}: 1 respondent lost ({respondents - 1} read); "
                                  f"{answers} answers lost ({in_cycle - answers} read)"]
    assert out[at + 2] == "Some of the workspace could not be rescued (see above)."


def test_rescue_refuses_an_existing_file_an_empty_name_and_an_open_app(data, capsys, tmp_path):
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"mine")
    assert main(["rescue", "-o", str(taken)]) == 1
    assert capsys.readouterr().err == f"iah-assess: {taken} exists already; give another name with -o. Nothing was changed.\n"
    assert taken.read_bytes() == b"mine"
    assert main(["rescue", "-o", " "]) == 2
    assert "-o is empty" in capsys.readouterr().err
    app = Workspace.open_single_writer(data / db.WORKSPACE_FILE)
    try:
        assert main(["rescue"]) == 75
        assert "is open in the iah-assess app" in capsys.readouterr().err
    finally:
        app.close()
    assert not list(data.glob("workspace-rescued-*"))
    assert main(["rescue", "-o", str(tmp_path / "whole.sqlite")]) == 0
    assert capsys.readouterr().out.splitlines()[-2] == "Nothing was lost."


def test_rescue_of_a_file_with_nothing_readable_says_so(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / db.WORKSPACE_FILE).write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    assert main(["--data-dir", str(folder), "rescue"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iah-assess: Nothing can be read from {folder / db.WORKSPACE_FILE}") and "not changed" in err
    (tmp_path / "none").mkdir()
    assert main(["--data-dir", str(tmp_path / "none"), "rescue"]) == 1
    assert "there is no workspace" in capsys.readouterr().err


def test_rescue_refuses_a_workspace_of_a_newer_version_and_names_what_it_leaves_out(data, capsys, tmp_path):
    file = data / db.WORKSPACE_FILE
    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("CREATE TABLE my_notes (text TEXT)")
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    assert main(["rescue", "-o", str(tmp_path / "newer.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iah-assess: {file} was made by a newer version of iah-assess (format {db.SCHEMA_VERSION + 1}")
    assert "Update the app" in err and not (tmp_path / "newer.sqlite").exists()

    conn = sqlite3.connect(file, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION}")
    conn.close()
    assert main(["rescue", "-o", str(tmp_path / "known.sqlite")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  Left out, as this version of iah-assess does not know them: table my_notes." in out
    assert "Nothing was lost." not in out and out[-2] == "Some of the workspace could not be rescued (see above)."


def test_restore_refuses_a_backup_without_the_guards_of_finalised_cycles(data, capsys, tmp_path):
    copy = tmp_path / "unguarded.sqlite"
    copy.write_bytes(db.backups(data / db.BACKUP_DIR)[0].path.read_bytes())
    raw = sqlite3.connect(copy)
    raw.execute("DROP TRIGGER cycle_frozen_upd")
    raw.commit()
    raw.close()
    before = _sha(data / db.WORKSPACE_FILE)
    assert main(["restore", str(copy), "--yes"]) == 1
    assert capsys.readouterr().err == (
        f"iah-assess: the backup {copy} cannot be restored: its tables and triggers are not those of its format "
        f"{db.SCHEMA_VERSION} (trigger cycle_frozen_upd missing). Nothing was changed; choose another (see `iah-assess "
        f"backups`).\n")
    assert _sha(data / db.WORKSPACE_FILE) == before


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES])
def test_rescue_from_a_data_folder_that_cannot_be_written_to_goes_ahead_without_the_lock(data, capsys, tmp_path,
                                                                                         monkeypatch, error):
    """A workspace on a CD or a locked stick: no lock file can be made beside it, nor can any app
    write there; the rescued copy goes to another folder."""
    def refused(self):  # noqa: ANN001, ANN202
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(WorkspaceLock, "acquire", refused)
    assert main(["rescue"]) == 1
    before = sorted(p.name for p in data.iterdir())  # the log included, which a read-only folder would not have
    err = capsys.readouterr().err
    assert err.startswith(f"iah-assess: the data folder {data} cannot be written to ({os.strerror(error)}), so the "
                          f"rescued copy cannot go there; give a file in another folder with -o FILE.")
    assert main(["rescue", "-o", str(tmp_path / "rescued.sqlite")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"The data folder {data} cannot be written to ({os.strerror(error)}), so the rescue goes ahead "
                      f"without the app's lock, which needs a file there; nothing there is changed.")
    assert out[-2] == "Nothing was lost." and (tmp_path / "rescued.sqlite").is_file()
    assert sorted(p.name for p in data.iterdir()) == before

    monkeypatch.setattr(WorkspaceLock, "acquire", lambda self: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    assert main(["rescue", "-o", str(tmp_path / "again.sqlite")]) == 1  # another failure: said, as before
    assert "the lock file" in capsys.readouterr().err and not (tmp_path / "again.sqlite").exists()


def test_rescue_into_a_read_only_folder_names_the_file_given_and_the_fix(data, capsys, tmp_path, monkeypatch):
    """It once printed a raw OSError naming the hidden '.r.sqlite.part' the copy is first written to."""
    readonly = tmp_path / "ro"
    readonly.mkdir()

    def refused(workspace: Path, to: Path, *args: object) -> None:  # as on a disk mounted read-only
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(to.parent / f".{to.name}.part"))

    monkeypatch.setattr("iah_assess.storage.recovery.rescue", refused)
    assert main(["rescue", "-o", str(readonly / "r.sqlite")]) == 1
    assert capsys.readouterr().err == (f"iah-assess: could not write {readonly / 'r.sqlite'}: the folder is read-only; "
                                       f"give another -o. The workspace was not changed.\n")


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_workspace_is_not_made_anew_by_a_command_but_named_with_the_way_back(data, capsys, how):
    file = data / db.WORKSPACE_FILE
    if how == "deleted":
        file.unlink()
    else:
        file.write_bytes(b"")
    for command in (["list"], ["demo"], ["report", "2025/26", "-o", str(data.parent / "r.pdf")]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        state = "is missing" if how == "deleted" else "is empty (0 bytes)"
        assert err == (f"iah-assess: the workspace {file} {state}, but {data / db.BACKUP_DIR} holds 1 backup of it. If "
                       f"it was deleted or cut short by mistake, run `iah-assess restore` to put the newest sound backup "
                       f"in its place. To start a new, empty workspace instead, start the app and choose so. Nothing "
                       f"was changed.\n")
        assert file.exists() == (how == "emptied") and (not file.exists() or file.stat().st_size == 0)
    assert main(["restore"]) == 1  # not a terminal: says what it would do
    state = f"there is no workspace in {data} now" if how == "deleted" else f"the workspace {file} is empty (0 bytes)"
    assert capsys.readouterr().err == f"iah-assess: {state}; restoring would put the backup of " \
        f"{db.backups(data / db.BACKUP_DIR)[0].made:%Y-%m-%d %H:%M:%S} (manual) in its place; add --yes to confirm.\n"
    assert main(["restore", "--yes"]) == 0
    out = capsys.readouterr().out
    assert _institutions(data) == ["Prva"]
    assert ("kept as" in out) == (how == "emptied") and "workspace-replaced" not in out  # empty: kept as damaged


def test_an_empty_workspace_file_without_backups_is_no_workspace_yet(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / db.WORKSPACE_FILE).write_bytes(b"")
    assert main(["--data-dir", str(folder), "list"]) == 0
    assert capsys.readouterr().out.startswith(f"No workspace in {folder} yet.")
    assert main(["--data-dir", str(folder), "list", "--questionnaires"]) == 0
    assert main(["--data-dir", str(folder), "score", "2025/26"]) == 1
    assert capsys.readouterr().err.endswith(f"there is no workspace in {folder} yet; run `iah-assess demo` or start the app.\n")
