"""The GUI: start to first painted main window (vs a bare QMainWindow), and moving to the next item.

Start-up runs each side in a fresh subprocess, timed from just before the process is launched
until the window's first frame is complete: its first paint event and the painting of all its
children in that pass (a zero timer set at the first paint event fires after the pass). Our side
starts the way a user does, through the command line (`iah-assess` with no arguments: argument
parsing, the log file, the translator, the workspace, the catalog, the main window on the demo
workspace with the overview filled; the data folder comes from IAH_ASSESS_DATA_DIR, so that the
run never touches the user's own); the bare side is a PySide6 QMainWindow of the same size in a
QApplication. A third side, reference_window.py, builds the same window's widgets in plain,
straightforward PySide6 from fixed texts: its ratio to the bare window is what such a window
costs in PySide6 as usually written. Ours can be quicker than it, as our first frame does
without PySide6's Qt namespace (iah_assess/ui/paint.py says why), which the reference uses as
most code does. The sides run in turn, in a new order each round, so that a busy machine slows
all alike; the medians are compared (target: ratio to the bare window <= 1.5x), and the fastest
start of each side is shown beside them. Moving to the next item in the answering view: target
<= 50 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RUNS = 21

_PAINTED = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class FirstFrame(QObject):
    \"\"\"Prints the time once the window's first paint pass, children included, is done; then quits.\"\"\"

    def __init__(self, window):
        super().__init__(window)
        self.seen = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.report)  # runs after this paint pass has painted every child
        return False

    def report(self):
        print(time.time(), time.process_time(), flush=True)
        QApplication.instance().exit(0)


def watch(window):
    window.installEventFilter(FirstFrame(window))
"""

BARE = _PAINTED + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
watch(window)
window.show()
sys.exit(app.exec())
"""

REFERENCE = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
""" + _PAINTED + """
from reference_window import ReferenceWindow
app = QApplication(sys.argv)
window = ReferenceWindow()
watch(window)
window.show()
sys.exit(app.exec())
"""

# The real start, as the `iah-assess` command does it: the command line module, then main(),
# which loads PySide6 and the rest. The only addition is the watcher put on the main window as it
# is made; a finder hooks it in when the app imports its main window module, so that nothing is
# imported before main() runs that the app would not import then.
OURS = """
import importlib.machinery
import sys
from iah_assess.cli import main


class WatchMainWindow:
    def find_spec(self, name, path, target=None):
        if name != "iah_assess.ui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            exec(PAINTED, globals())
            made = module.MainWindow.__init__

            def watched(self, *args, **kwargs):
                made(self, *args, **kwargs)
                watch(self)

            module.MainWindow.__init__ = watched

        spec.loader.exec_module = exec_module
        return spec


PAINTED = %r
sys.meta_path.insert(0, WatchMainWindow())
sys.exit(main([]))
""" % _PAINTED


def _demo(folder: Path) -> None:
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.demo import ensure_demo
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(folder) as ws:
        ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)


def _env(pycache: Path) -> dict[str, str]:
    """The subprocesses' environment: offscreen Qt, this checkout, and compiled bytecode kept.

    An installed app runs from compiled .pyc files, as PySide6 and every other installed package
    does here; a checkout with PYTHONDONTWRITEBYTECODE set would compile our modules from source
    in every run. Both sides keep their bytecode in the same fresh folder, written by a first,
    unmeasured run of each.
    """
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _start(env: dict[str, str], script: str) -> tuple[float, float]:
    """Seconds from launch to the first frame, and the processor time the process used by then."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=True)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall) - t0, float(cpu)


NEXT_ITEM = """
import statistics, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from iah_assess.catalog import Catalog
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


def _next_item_ms(env: dict[str, str], folder: Path) -> float:
    out = subprocess.run([sys.executable, "-c", NEXT_ITEM, str(folder)], capture_output=True, text=True, env=env,
                         timeout=120, check=False)
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as pycache:
        folder = Path(tmp)
        _demo(folder)
        env = dict(_env(Path(pycache)), IAH_ASSESS_DATA_DIR=str(folder))
        sides = {"bare": BARE, "reference": REFERENCE, "ours": OURS}
        for script in sides.values():  # once each, unmeasured: bytecode written, files cached
            _start(env, script)
        times: dict[str, list[float]] = {name: [] for name in sides}
        cpu: dict[str, list[float]] = {name: [] for name in sides}
        order = random.Random(7)
        for _ in range(RUNS):  # in turn, so that a busy machine slows all alike
            names = list(sides)
            order.shuffle(names)  # in a new order each round: no side always follows the same one
            for name in names:
                wall, used = _start(env, sides[name])
                times[name].append(wall)
                cpu[name].append(used)
        bare, reference, ours = (statistics.median(times[name]) for name in sides)
        cpu_bare, cpu_ours = statistics.median(cpu["bare"]), statistics.median(cpu["ours"])
        # the fastest start of each side: the one the rest of the machine slowed least
        fast_bare, fast_ours = min(times["bare"]), min(times["ours"])
        # each round's own ratio: how far a single start may stray on this machine
        q1, _, q3 = statistics.quantiles([o / b for o, b in zip(times["ours"], times["bare"], strict=True)], n=4)
        step = _next_item_ms(env, folder)
    return [
        f"start to first painted main window, demo workspace: {ours * 1000:.0f} ms "
        f"(bare QMainWindow {bare * 1000:.0f} ms, ratio {ours / bare:.2f}x; target <= 1.5x; "
        f"the middle half of the rounds {q1:.2f}-{q3:.2f}x)",
        f"fastest start of each side: {fast_ours * 1000:.0f} ms (bare {fast_bare * 1000:.0f} ms, "
        f"ratio {fast_ours / fast_bare:.2f}x)",
        f"the same widgets in plain PySide6 (reference_window.py): {reference * 1000:.0f} ms, "
        f"{reference / bare:.2f}x the bare window; ours is {ours / reference:.2f}x it",
        # Processor time moves less than elapsed time when other work shares the machine.
        f"processor time to the first frame: {cpu_ours * 1000:.0f} ms (bare {cpu_bare * 1000:.0f} ms, "
        f"ratio {cpu_ours / cpu_bare:.2f}x)",
        f"next item in the answering view: {step:.1f} ms median (target <= 50 ms)",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
