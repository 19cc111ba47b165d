"""Work longer than a blink, off the GUI thread: creating the sample institution (SampleJob),
and a task that touches no workspace, such as rendering a PDF (TaskJob).

The sample's worker opens its own Workspace on the same file; a SQLite connection is never
shared between threads. The GUI's own connection sees the new rows as soon as the worker
commits. A job, its thread and its worker are deleted once it has told how it ended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from iah_assess.storage.workspace import Workspace

log = logging.getLogger(__name__)

# Builds the sample institution in the workspace it is given; reports (done, total); returns its id.
SampleBuilder = Callable[[Workspace, Callable[[int, int], None]], int]


class SampleWorker(QObject):
    progress = Signal(int, int)
    done = Signal(int)
    failed = Signal(str)

    def __init__(self, workspace_path: Path, build: SampleBuilder):
        super().__init__()
        self._path = Path(workspace_path)
        self._build = build

    @Slot()
    def run(self) -> None:
        try:
            with Workspace(self._path) as ws:
                institution_id = self._build(ws, lambda n, total: self.progress.emit(n, total))
        except Exception as exc:  # reported to the window as a message, and logged in full
            log.exception("creating the sample institution failed")
            self.failed.emit(str(exc))
            return
        self.done.emit(institution_id)


class SampleJob(QObject):
    """Owns the thread and the worker for one run; emits finished in the GUI thread."""

    progress = Signal(int, int)
    done = Signal(int)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, workspace_path: Path, build: SampleBuilder, parent: QObject | None = None):
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = SampleWorker(workspace_path, build)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.thread.finished.connect(self.finished)

    def start(self) -> None:
        self.thread.start()

    def _on_done(self, institution_id: int) -> None:
        self.thread.quit()
        self.thread.wait()
        self.done.emit(institution_id)
        self._dispose()

    def _on_failed(self, message: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.failed.emit(message)
        self._dispose()

    def _dispose(self) -> None:
        self.worker.deleteLater()
        self.deleteLater()  # with its thread, a child

    def wait(self) -> None:
        """Let a running job end before the window closes."""
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()


class _TaskWorker(QObject):
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable[[], object]):
        super().__init__()
        self._task = task

    @Slot()
    def run(self) -> None:
        try:
            result = self._task()
        except Exception as exc:  # reported to the window; details in the log
            log.exception("a background task failed")
            self.failed.emit(str(exc))
            return
        self.done.emit(result)


class TaskJob(QObject):
    """Runs one callable that touches no workspace (such as rendering a PDF) in a thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = _TaskWorker(task)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)

    def start(self) -> None:
        self.thread.start()

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()

    def _on_done(self, result: object) -> None:
        self._stop()
        self.done.emit(result)
        self._dispose()

    def _on_failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)
        self._dispose()

    def _dispose(self) -> None:
        self.worker.deleteLater()
        self.deleteLater()  # with its thread, a child

    def wait(self) -> None:
        if self.thread.isRunning():
            self._stop()
