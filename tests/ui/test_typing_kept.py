"""What is typed is kept (R2): saved a second after the last key, at once when the app is left
or the session ends, and still there when the process is killed after that second."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, Qt

from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace
from tests.ui.mini_cycle import make_cycle

ROOT = Path(__file__).resolve().parents[2]


def _comment_on_disk(data_dir: Path, respondent_id: int, item: str = "a-one") -> str | None:
    """The comment as a second connection reads it from the file: what a crash would leave."""
    conn = sqlite3.connect(f"{(data_dir / db.WORKSPACE_FILE).as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT comment FROM response WHERE respondent_id = ? AND item_id = ?",
                           (respondent_id, item)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_typing_is_saved_at_once_when_the_app_is_left(qtbot, qapp, ws, mini, mini_catalog, dialogs, data_dir):
    from iah_assess.ui.app import save_when_the_app_is_left
    from iah_assess.ui.main_window import MainWindow

    rid = ws.add_respondent(make_cycle(ws, mini), "Marko Jovanović", "Rector").id
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.show()
    w.answer_as(rid)
    ending = SIGNAL("commitDataRequest(QSessionManager&)")  # the session ends (no way to send it in a test)
    before = qapp.receivers(ending)
    save_when_the_app_is_left(qapp, w)
    assert qapp.receivers(ending) == before + 1
    view = w.answer_view
    view.comment.setFocus()
    qtbot.keyClicks(view.comment, "Senat je usvojio plan")
    assert view.save_state == "editing" and _comment_on_disk(data_dir, rid) is None  # its second has not passed
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)  # another window in front
    assert _comment_on_disk(data_dir, rid) == "Senat je usvojio plan"
    qtbot.keyClicks(view.comment, " 2025.")
    qtbot.waitUntil(lambda: view.save_state == "saved", timeout=3000)  # a second after the last key
    assert _comment_on_disk(data_dir, rid) == "Senat je usvojio plan 2025."


KILLED_AFTER_TYPING = """
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from iah_assess.catalog import Catalog
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.main_window import MainWindow

app = QApplication([])
folder = Path(sys.argv[1])
ws = Workspace.open_single_writer(folder / "workspace.sqlite")
window = MainWindow(ws, Catalog(None), Dialogs(), folder)
window.show()
window.answer_as(ws.respondents(ws.cycles()[0].id)[-1].id)
window.answer_view.comment.setFocus()
QTest.keyClicks(window.answer_view.comment, "Dekani se sla")  # typed (QTest types ASCII only), and the rest
window.answer_view.comment.insertPlainText("žu")  # as an input method puts it
QTimer.singleShot(2500, lambda: os.kill(os.getpid(), signal.SIGKILL))  # no closing, no saving: killed
sys.exit(app.exec())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_what_was_typed_survives_a_kill_two_and_a_half_seconds_later(tmp_path, mini):
    with Workspace.in_folder(tmp_path) as ws:
        besa = ws.add_respondent(make_cycle(ws, mini), "Besa Krasniqi", "Dean")  # no answer yet
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", KILLED_AFTER_TYPING, str(tmp_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _comment_on_disk(tmp_path, besa.id) == "Dekani se slažu"
    with Workspace.in_folder(tmp_path) as ws:  # and the workspace opens as sound
        assert ws.respondent_responses(besa.id)["a-one"].comment == "Dekani se slažu"
