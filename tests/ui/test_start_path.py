"""Starting the app loads only what the first window needs.

The start benchmark (tests/benchmarks/bench_gui.py) measures the time; these tests keep the
heavy parts off the start path for good: the questionnaire model (pydantic), YAML, scoring,
reports and the other screens are imported when first used, not when the window opens, and
the first frame is built and painted without PySide6's `Qt` namespace (iah_assess/ui/paint.py
says why).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from iah_assess.cli import main
from iah_assess.ui import main_window

made = main_window.MainWindow.__init__


def watched(self, *args, **kwargs):
    made(self, *args, **kwargs)
    QTimer.singleShot(0, lambda: (print(sorted(sys.modules)), QApplication.instance().exit(0)))


main_window.MainWindow.__init__ = watched
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""

NOT_AT_START = (
    "pydantic", "yaml", "reportlab", "iah_assess.domain.questionnaire", "iah_assess.domain.scoring",
    "iah_assess.catalog.loader", "iah_assess.commands", "iah_assess.reporting", "iah_assess.ui.answer_view",
    "iah_assess.ui.results_view", "logging.handlers", "dataclasses",
)


def test_the_first_window_on_the_sample_needs_no_questionnaire_model_or_scoring(tmp_path):
    from iah_assess import cli

    assert cli.main(["--data-dir", str(tmp_path), "demo"]) == 0
    # the app once, so that every cycle's summary is kept, as after any earlier session
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    loaded = eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 (our own subprocess's list of names)
    assert "iah_assess.ui.overview_view" in loaded
    early = [m for m in loaded if any(m == bad or m.startswith(bad + ".") for bad in NOT_AT_START)]
    assert early == [], f"imported before the first window was shown: {early}"


# Runs the app to its first frame (its first paint, children included) and prints whether PySide6
# made the Qt namespace's enums by then, and the stack that made them. PySide6 makes all of them
# at once, through Python's enum module, the first time one is needed.
FIRST_FRAME = """
import enum, gc, json, os, sys, traceback
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from iah_assess.cli import main
from iah_assess.ui import main_window

QT_ONLY = {"AlignmentFlag", "GlobalColor", "PenStyle", "BrushStyle", "ItemDataRole"}
stacks = []
make = enum.EnumType.__call__


def spy(cls, *args, **kwargs):
    if len(args) > 1 and args[0] in QT_ONLY and not stacks:
        stacks.append("".join(traceback.format_stack()[:-1]))
    return make(cls, *args, **kwargs)


enum.EnumType.__call__ = spy


class FirstFrame(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        self.built = made_yet()
        self.style_class = "QStyle" in vars(QtWidgets)  # PySide6 makes a class on its first use
        self.collecting = gc.isenabled()
        QTimer.singleShot(100, self.later)

    def later(self):
        print(json.dumps({"built": self.built, "stack": stacks[0] if stacks else "", "later": made_yet(),
                          "collecting": self.collecting, "collecting_later": gc.isenabled(),
                          "style_class": self.style_class}), flush=True)
        QApplication.instance().exit(0)


def made_yet():
    return any(isinstance(o, enum.EnumType) and o.__qualname__ == "Qt.AlignmentFlag" for o in gc.get_objects())


made = main_window.MainWindow.__init__


def watched(self, *args, **kwargs):
    made(self, *args, **kwargs)
    if os.environ.get("TOUCH_QT"):  # the control: a first frame that does use the namespace
        from PySide6.QtCore import Qt
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    self.installEventFilter(FirstFrame(self))


main_window.MainWindow.__init__ = watched
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


def _first_frame(folder: Path, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(folder)], capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **env), timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_frame_does_without_the_qt_namespace(tmp_path):
    from iah_assess import cli

    sample, empty = tmp_path / "sample", tmp_path / "empty"
    assert cli.main(["--data-dir", str(sample), "demo"]) == 0
    empty.mkdir()
    for folder in (sample, empty):  # the overview of the sample, and the welcome page
        seen = _first_frame(folder)
        assert not seen["built"], (
            "The first frame made PySide6's Qt namespace, which costs 40-60 ms of the start. Keep it off "
            "the first window as iah_assess/ui/paint.py says. It was made here:\n" + seen["stack"])
        assert seen["later"], "made once the first frame is on screen, not on the first key press"
        # the cycle collector is held off until the first frame, then on (see cli.cmd_gui)
        assert seen["collecting"] is False and seen["collecting_later"] is True
        # QStyle's class and enums (4 ms) only for a name too long for the institution box
        assert not seen["style_class"]
    # the control: a first frame that needs the namespace is caught, with the line to blame
    seen = _first_frame(sample, TOUCH_QT="1")
    assert seen["built"] and "in watched" in seen["stack"]


def test_a_name_too_long_for_the_bar_is_shortened_without_the_qt_namespace(tmp_path):
    from iah_assess import cli
    from iah_assess.storage import db
    from iah_assess.storage.workspace import Workspace, respondent_state_key

    sample = tmp_path / "sample"
    assert cli.main(["--data-dir", str(sample), "demo"]) == 0
    with Workspace(sample / db.WORKSPACE_FILE) as ws:  # answering when the app was closed: shown on opening
        inst = ws.institutions()[0]
        cycle = [c for c in ws.cycles(inst.id) if not c.finalised][-1]
        person = ws.add_respondent(cycle.id, "Prof. dr. Aleksandra Milićević-Stojanović, prorektorka za međunarodnu "
                                             "saradnju i razvoj", "Vice-rector")
        ws.set_state(respondent_state_key(cycle.id), str(person.id))
    seen = _first_frame(sample)
    assert not seen["built"], seen["stack"]


def test_enum_properties_set_by_name_take_effect(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QWidget

    from iah_assess.ui.widgets import plain_text, tab_focus

    label = plain_text(QLabel("<b>not bold</b>"))
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    widget = QWidget()
    qtbot.addWidget(widget)
    tab_focus(widget)
    assert widget.focusPolicy() == Qt.FocusPolicy.TabFocus


def test_closing_the_window_keeps_the_summaries_that_answering_dropped(qtbot, ws, mini, mini_catalog, dialogs, data_dir):
    from iah_assess.ui.main_window import MainWindow
    from tests.ui.mini_cycle import make_cycle

    cycle_id = make_cycle(ws, mini)
    window = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.select_cycle(cycle_id)
    kept = "SELECT count(*) FROM cycle_summary WHERE cycle_id = ?"
    assert ws._q(kept, (cycle_id,))[0][0] == 1  # the overview worked it out and kept it
    person = ws.respondents(cycle_id)[0]
    window.answer_as(person.id, "a-one")
    ws.save_response(person.id, "a-one", 4)  # as the answering view does
    assert ws._q(kept, (cycle_id,))[0][0] == 0
    window.close()
    assert ws._q(kept, (cycle_id,))[0][0] == 1
    result = ws.cycle_result(cycle_id)
    assert ws.cycle_summary(cycle_id).index == result.index
