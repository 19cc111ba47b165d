"""Golden workspaces from earlier formats open, migrate and give the very same scores (R6).

tests/fixtures/workspaces/format-1-sample.sqlite is the sample institution as the last code
with workspace format 1 wrote it (commit 0c157ae, version 0.1.0), with that code's
`score --json` output for each cycle beside it. Add a file here for every format. One rule
has changed since, on purpose, and the file with it: a foundation item between levels 1 and 2
(lead-accountable-lead at 1.5) is now among the urgent priorities that come first. And the
output has since said what it is, as the other JSON formats do: "format" and "format_version",
added at the top of each cycle's entry (fields added only).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from iah_assess.cli import main
from iah_assess.domain.summary import ScoreSummary
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace

GOLDEN = Path(__file__).parents[1] / "fixtures" / "workspaces"


def test_a_format_1_workspace_migrates_and_scores_as_it_did(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(GOLDEN / "format-1-sample.sqlite", data / db.WORKSPACE_FILE)
    expected = json.loads((GOLDEN / "format-1-sample-scores.json").read_text(encoding="utf-8"))

    def scores_as_before() -> None:
        for label, before in expected.items():
            assert main(["--data-dir", str(data), "score", label, "--json"]) == 0
            assert json.loads(capsys.readouterr().out) == before, label

    # Read-only commands read the old format as it is, and change nothing in it.
    unchanged = (data / db.WORKSPACE_FILE).read_bytes()
    assert main(["--data-dir", str(data), "list"]) == 0
    listed = capsys.readouterr().out
    for label, before in expected.items():
        assert f"index {before['overall_index']:.0f} ({before['band']})" in listed.split(label, 1)[1].splitlines()[0]
    scores_as_before()
    assert (data / db.WORKSPACE_FILE).read_bytes() == unchanged
    assert not (data / db.BACKUP_DIR).exists()

    # Opening it to write migrates it, after a verified copy of format 1; the scores stay.
    Workspace.in_folder(data).close()
    backups = list((data / db.BACKUP_DIR).glob("*before-format-*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    scores_as_before()
    with Workspace.in_folder(data) as ws:
        conn = ws._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for cycle in ws.cycles():
            summary = ws.cycle_summary(cycle.id)
            assert summary == ScoreSummary.of(ws.cycle_result(cycle.id), ws.cycle_questionnaire(cycle))
            assert round(summary.index, 2) == expected[cycle.label]["overall_index"]
    before = (data / db.WORKSPACE_FILE).read_bytes()
    with Workspace.in_folder(data):  # opening again migrates nothing and backs up nothing
        pass
    assert len(list((data / db.BACKUP_DIR).glob("*.sqlite"))) == 1
    assert (data / db.WORKSPACE_FILE).read_bytes() == before
