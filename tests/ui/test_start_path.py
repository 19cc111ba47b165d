"""Starting the app loads only what the first window needs.

The start benchmark (tests/benchmarks/bench_gui.py) measures the time; this test keeps the
heavy parts off the start path for good: the questionnaire model (pydantic), YAML, scoring,
reports and the other screens are imported when first used, not when the window opens.
"""

from __future__ import annotations

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
    "iah_assess.ui.results_view", "logging.handlers",
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
