"""A workspace file that is missing or empty while backups of it are kept: the app offers the
newest sound backup, or a new, empty workspace, instead of silently starting anew (R7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.app import open_window, open_workspace
from tests.ui.mini_cycle import make_cycle


def _lost_after_a_backup(data_dir: Path, mini, how: str) -> None:  # noqa: ANN001
    """A workspace with a cycle, a backup of it, a respondent added after it; then its file
    deleted, or cut to 0 bytes, as a synchronisation or a copy that stopped can leave it."""
    with Workspace.in_folder(data_dir) as ws:
        cycle_id = make_cycle(ws, mini)
        ws.backup("manual")
        ws.add_respondent(cycle_id, "Drita Krasniqi", "Dean")
    file = data_dir / db.WORKSPACE_FILE
    if how == "deleted":
        file.unlink()
    else:
        file.write_bytes(b"")


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_workspace_is_given_its_newest_sound_backup_on_request(qtbot, data_dir, mini, dialogs, how):
    _lost_after_a_backup(data_dir, mini, how)
    opened = open_window(data_dir, dialogs)
    assert opened is not None
    ws, w = opened
    qtbot.addWidget(w)
    try:
        [(title, text, choices)] = dialogs.choices
        assert title == ("The workspace is missing" if how == "deleted" else "The workspace file is empty")
        assert "as the new workspace makes its own they are thinned like them" in text  # start anew: what it means
        assert choices == ["Restore the backup", "Start a new, empty workspace", "Quit"]
        said = "is missing: it may have been moved or deleted" if how == "deleted" else "is empty (0 bytes)"
        assert said in text and "holds 2 backups of it, the newest sound one of " in text and "(on request)" in text
        assert str(data_dir / db.WORKSPACE_FILE) in text
        [(info_title, info)] = dialogs.infos
        assert info_title == "The backup is restored" and "Enter again what was changed after it." in info
        assert ("kept as" in info) == (how == "emptied")  # an empty file is kept aside; a missing one has nothing to keep
        assert not ws.read_only and [c.label for c in ws.cycles()] == ["2025/26"]
        assert "Drita Krasniqi" not in [r.name for r in ws.respondents(ws.cycles()[0].id)]  # came after the backup
        assert not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_a_new_empty_workspace_may_be_started_beside_the_backups_and_quit_changes_nothing(data_dir, mini, dialogs):
    _lost_after_a_backup(data_dir, mini, "deleted")
    dialogs.picks = [2]  # Quit
    assert open_workspace(data_dir, dialogs) is None
    assert not (data_dir / db.WORKSPACE_FILE).exists() and len(db.backups(data_dir / db.BACKUP_DIR)) == 2
    dialogs.picks = [1]  # Start a new, empty workspace
    ws = open_workspace(data_dir, dialogs)
    assert ws is not None
    try:
        assert ws.institutions() == [] and not ws.read_only
    finally:
        ws.close()
    assert len(db.backups(data_dir / db.BACKUP_DIR)) == 2  # the backups stay
    dialogs.choices.clear()
    ws = open_workspace(data_dir, dialogs)  # the new workspace is there now: no question
    assert ws is not None
    ws.close()
    assert dialogs.choices == []


def test_with_no_sound_backup_a_lost_workspace_may_only_be_started_anew(data_dir, mini, dialogs):
    _lost_after_a_backup(data_dir, mini, "emptied")
    for b in db.backups(data_dir / db.BACKUP_DIR):
        b.path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    dialogs.picks = [1]  # Quit
    assert open_workspace(data_dir, dialogs) is None
    [(title, text, choices)] = dialogs.choices
    assert choices == ["Start a new, empty workspace", "Quit"]
    assert "but none can be used (the newest: it" in text and str(data_dir / db.BACKUP_DIR) in text


def test_the_first_start_and_an_empty_file_without_backups_ask_nothing(tmp_path, dialogs):
    for folder in (tmp_path / "first", tmp_path / "empty"):
        folder.mkdir()
    (tmp_path / "empty" / db.WORKSPACE_FILE).write_bytes(b"")
    for folder in (tmp_path / "first", tmp_path / "empty"):
        ws = open_workspace(folder, dialogs)
        assert ws is not None and ws.institutions() == []
        ws.close()
    assert dialogs.choices == []


def test_a_backup_dated_ahead_is_named_in_the_offer_with_the_command_that_restores_it(data_dir, mini, dialogs):
    """Made while the clock ran ahead, it is not offered as the newest (db.backups); when the clock
    was put right since, it may yet hold the latest work: the offer names it."""
    import shutil

    _lost_after_a_backup(data_dir, mini, "deleted")
    folder = data_dir / db.BACKUP_DIR
    ahead = folder / "workspace-20991231-120000-000000-daily.sqlite"
    shutil.copy(db.backups(folder)[0].path, ahead)
    dialogs.picks = [2]  # Quit
    assert open_workspace(data_dir, dialogs) is None
    [(_, text, _)] = dialogs.choices
    assert f"The backup {ahead.name} is dated 31.12.2099, days from now" in text
    assert f"iah-assess restore {ahead.name}" in text
