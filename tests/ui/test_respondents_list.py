"""The Respondents list reads each person's name and role whole: at 150% text in a small window as at
100% in a large one, with long names in Cyrillic and with diacritics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QListWidget, QStyle

from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import RESPONDENTS, MainWindow

PEOPLE = [
    ("Dr. Çlirim Shehu-Krasniqi", "Head of international office"),
    ("Љубица Ѓорѓиевска-Николовска", "Student representative"),
    ("Ana Kovač", "Rector"),
    ("Prof. Dr. Džemal Hadžiahmetović-Šećerbegović", "Quality assurance"),
    ("Ђорђе Petrović", "External partner"),
]


@pytest.fixture
def window(qtbot, ws, mini, mini_catalog, dialogs, data_dir):
    """The window on a cycle of these people, on the Respondents page."""
    inst = ws.save_institution(Institution(name="Univerzitet u Tuzli", type="Public university"))
    cycle = ws.create_cycle(inst.id, "2025/26", mini)
    for name, role in PEOPLE:
        ws.add_respondent(cycle.id, name, role)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    yield w
    w.close()


def _on_screen(qtbot, w: MainWindow, width: int, height: int) -> QListWidget:  # noqa: ANN001
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    w.show_page(RESPONDENTS)
    people = w.respondents_view.list
    qtbot.waitUntil(lambda: people.visualItemRect(people.item(0)).width() > 0)  # laid out
    return people


def _text_width(people: QListWidget, row: int) -> int:
    """The width the list gives an entry's text: its row less the style's margin on either side."""
    margin = people.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, people) + 1
    return people.visualItemRect(people.item(row)).width() - 2 * margin


def _check_read_whole(people: QListWidget) -> None:
    fm = people.fontMetrics()
    assert people.horizontalScrollBar().maximum() == 0  # nothing runs off to the right, under a scroll bar
    for row, (name, role) in enumerate(PEOPLE):
        item = people.item(row)
        lines = item.text().split("\n")
        assert lines[:2] == [name, role], row  # the role on a line of its own: never cut, never split
        width = _text_width(people, row)
        assert fm.horizontalAdvance(role) <= width, (role, width)
        assert people.visualItemRect(item).right() <= people.viewport().width()
        assert all(fm.horizontalAdvance(word) <= width for word in item.text().split()), row  # lines wrap between words
        # and the row is as tall as its lines once wrapped: none is clipped at the bottom
        wrapped = fm.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text())
        assert wrapped.height() <= people.visualItemRect(item).height(), (row, wrapped, people.visualItemRect(item))


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_at_150_percent_text_each_respondents_name_and_role_are_read_whole(qtbot, window, large_text, size):
    _check_read_whole(_on_screen(qtbot, window, *size))


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_at_100_percent_text_each_respondent_takes_three_tidy_lines(qtbot, window, size):
    people = _on_screen(qtbot, window, *size)
    _check_read_whole(people)
    for row in range(people.count()):  # name, role, progress: no line wraps when there is room
        assert people.visualItemRect(people.item(row)).height() < 4 * people.fontMetrics().lineSpacing(), row


def test_a_narrower_window_wraps_a_long_name_again(qtbot, window, large_text):
    people = _on_screen(qtbot, window, 1280, 720)
    tall = people.visualItemRect(people.item(3)).height()
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: people.visualItemRect(people.item(3)).height() > tall)  # wrapped to the new width
    _check_read_whole(people)
