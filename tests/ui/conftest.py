"""GUI fixtures: a Dialogs double with canned answers, a catalog of test questionnaires, windows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iah_assess.catalog import Catalog
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs

FIXTURES = Path(__file__).parents[1] / "fixtures"


def hovered_tooltip(widget) -> str:  # noqa: ANN001 - a QWidget
    """The tooltip the widget shows when the mouse rests on it (its ToolTip event), then hidden."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    middle = QPoint(widget.width() // 2, widget.height() // 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, middle, widget.mapToGlobal(middle)))
    text = QToolTip.text() if QToolTip.isVisible() else ""
    QToolTip.hideText()
    return text


class ScriptedDialogs(Dialogs):
    """Answers confirmations from a list (default: yes) and records every message shown."""

    def __init__(self) -> None:
        self.answers: list[bool] = []
        self.confirmations: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []
        self.save_paths: list[str | None] = []
        self.choices: list[tuple[str, str, list[str]]] = []
        self.suggested: list[str] = []  # the file names the save dialogs offered
        self.picks: list[int | None] = []
        self.lists: list[tuple[str, str, list[str], str]] = []  # what pick offered: title, text, options, ok
        self.picked: list[int | None] = []  # what pick answers (default: the first option)
        self.default_yes = False  # whether the last question had Yes as its default

    def confirm(self, parent, title: str, text: str, default_yes: bool = False,  # noqa: ANN001
                yes: str = "", no: str = "") -> bool:
        self.confirmations.append((title, text))
        self.default_yes = default_yes
        self.buttons = (yes, no)
        return self.answers.pop(0) if self.answers else True

    def ask_to_save(self, parent, title: str, text: str) -> bool | None:  # noqa: ANN001
        """Save (True, the default), drop (False) or stay (None), from the same list of answers."""
        self.confirmations.append((title, text))
        self.default_yes = True
        return self.answers.pop(0) if self.answers else True

    def choose(self, parent, title: str, text: str, choices, warning: bool = True) -> int | None:  # noqa: ANN001
        """The first choice, unless a test has put the index to give (or None) in `picks`."""
        self.choices.append((title, text, list(choices)))
        return self.picks.pop(0) if self.picks else 0

    def pick(self, parent, title: str, text: str, options, ok: str) -> int | None:  # noqa: ANN001
        """The first option, unless a test has put the index to give (or None) in `picked`."""
        self.lists.append((title, text, list(options), ok))
        return self.picked.pop(0) if self.picked else 0

    def inform(self, parent, title: str, text: str) -> None:  # noqa: ANN001
        self.infos.append((title, text))

    def error(self, parent, title: str, text: str) -> None:  # noqa: ANN001
        self.errors.append((title, text))

    def show_text(self, parent, title: str, html: str) -> None:  # noqa: ANN001
        self.texts.append((title, html))

    def save_file(self, parent, title: str, suggested: str, filters: str) -> str | None:  # noqa: ANN001
        self.suggested.append(suggested)
        return self.save_paths.pop(0) if self.save_paths else None

    def open_file(self, parent, title: str, filters: str) -> str | None:  # noqa: ANN001
        return None


@pytest.fixture(autouse=True)
def opened_folders(monkeypatch) -> list[Path]:
    """The folders the app would have shown in the system's file manager: none is opened in tests."""
    opened: list[Path] = []

    def open_in_file_manager(folder: Path) -> bool:
        opened.append(folder)
        return True

    monkeypatch.setattr("iah_assess.ui.new_cycle_view.open_in_file_manager", open_in_file_manager)
    return opened


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def mini_catalog(tmp_path: Path) -> Catalog:
    """Only the small test questionnaire (plus whatever a test puts in the user folder)."""
    user = tmp_path / "data" / "questionnaires"
    user.mkdir(parents=True)
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    shutil.copy(FIXTURES / "questionnaires" / "mini.yaml", shipped / "mini.yaml")
    return Catalog(user, shipped=shipped)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.in_folder(data_dir)
    yield workspace
    workspace.close()


@pytest.fixture
def large_text(qapp):
    """The app's text at 150%, as with the system's text size at 150%; restored afterwards."""
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(bigger)
    yield
    qapp.setFont(font)


@pytest.fixture
def shown_window(qtbot, ws, dialogs, data_dir):
    """Make main windows on the test workspace with a catalog, on screen at a size; closed at the end."""
    from iah_assess.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(catalog: Catalog, width: int = 1280, height: int = 720) -> MainWindow:
        w = MainWindow(ws, catalog, dialogs, data_dir)
        qtbot.addWidget(w)
        made.append(w)
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        return w

    yield make
    for w in made:
        w.close()
