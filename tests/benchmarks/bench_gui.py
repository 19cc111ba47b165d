"""The GUI: start to first painted main window (vs a bare QMainWindow), and moving to the next item.

Start-up runs each in a fresh subprocess, timed from just before the process is launched to the
window's first paint event; the bare PySide6 window in the same run is the baseline
(target: ratio <= 1.5x). Moving to the next item in the answering view: target <= 50 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3

_PAINTED = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time(), flush=True)
            QApplication.instance().exit(0)
        return False


def painted(app, window):
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    sys.exit(app.exec())
"""

BARE = _PAINTED + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
painted(app, window)
"""

OURS = _PAINTED + """
from pathlib import Path
app = QApplication(sys.argv)
from iah_assess.catalog.loader import Catalog
from iah_assess.storage import paths
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.main_window import MainWindow
data = Path(sys.argv[1])
ws = Workspace.in_folder(data)
window = MainWindow(ws, Catalog(paths.user_questionnaire_dir(data)), Dialogs(), data)
painted(app, window)
"""


def _demo(folder: Path) -> None:
    from iah_assess.catalog.loader import load, shipped_dir
    from iah_assess.demo import ensure_demo
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(folder) as ws:
        ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)


def _start(script: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=120, check=True)
    return float(out.stdout.strip().splitlines()[-1]) - t0


NEXT_ITEM = """
import statistics, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from iah_assess.catalog.loader import Catalog
from iah_assess.storage import paths
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.main_window import MainWindow
folder = Path(sys.argv[1])
ws = Workspace.in_folder(folder)
window = MainWindow(ws, Catalog(paths.user_questionnaire_dir(folder)), Dialogs(), folder)
window.show()
app.processEvents()
cycle = ws.cycles()[-1]
window.select_cycle(cycle.id)
window.answer_as(ws.respondents(cycle.id)[0].id, ws.cycle_questionnaire(cycle).items[0].id)
app.processEvents()
view = window.answer_view
times = []
for _ in range(len(view.items) - 1):
    t0 = time.perf_counter()
    view.next_item()
    view.repaint()  # the move is only done when the new item is on screen
    app.processEvents()
    times.append(time.perf_counter() - t0)
print(statistics.median(times) * 1000, flush=True)
window.close()
"""


def _next_item_ms(folder: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", NEXT_ITEM, str(folder)], capture_output=True, text=True, env=env,
                         timeout=120, check=False)
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _demo(folder)
        bare = statistics.median(_start(BARE) for _ in range(RUNS))
        ours = statistics.median(_start(OURS, str(folder)) for _ in range(RUNS))
        step = _next_item_ms(folder)
    return [
        f"start to first painted main window, demo workspace: {ours * 1000:.0f} ms "
        f"(bare QMainWindow {bare * 1000:.0f} ms, ratio {ours / bare:.2f}x; target <= 1.5x)",
        f"next item in the answering view: {step:.1f} ms median (target <= 50 ms)",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
