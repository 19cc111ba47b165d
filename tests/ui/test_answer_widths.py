"""The Answer page's list of areas and items beside the item, on the sample institution: as wide
as its areas' lines need at the text size, no wider, and never at the cost of the item."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.ui.answer_view import AnswerView


@pytest.fixture
def sample(ws):
    return ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)


@pytest.fixture
def answering(qtbot, ws, sample, mini_catalog, shown_window):
    """Make the main window at a size, shown, answering the latest cycle as its first respondent."""

    def make(width: int, height: int) -> AnswerView:
        w = shown_window(mini_catalog, width, height)
        cycle = ws.cycles(sample.id)[-1]
        w.select_cycle(cycle.id)
        w.answer_as(ws.respondents(cycle.id)[0].id)
        view = w.answer_view
        qtbot.waitUntil(lambda: view.tree.viewport().width() > 100)
        return view

    return make


def _shown_line(tree, node) -> str:  # noqa: ANN001
    """An area's line as the list draws it: its delegate's text, cut as the style cuts it."""
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualItemRect(node)
    index = tree.indexFromItem(node)
    delegate = tree.itemDelegate()
    delegate.initStyleOption(option, index)
    margin = tree.style().pixelMetric(tree.style().PixelMetric.PM_FocusFrameHMargin, option, tree) + 1
    return option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight, option.rect.width() - 2 * margin)


def _area_lines(view: AnswerView) -> list[tuple[str, str]]:
    """Each area's line as drawn, with the count it should end with."""
    out = []
    for area_id, node in view._area_nodes.items():
        answered, of = view.progress(area_id)
        out.append((_shown_line(view.tree, node), f"({answered}/{of})"))
    return out


def test_at_150_percent_in_1280_by_720_every_areas_line_is_whole(answering, large_text):
    view = answering(1280, 720)
    fm = view.tree.fontMetrics()
    q = view.q
    longest = max(fm.horizontalAdvance(f"{a.title} ({len(a.items)}/{len(a.items)})") for a in q.areas)
    assert view.tree.columnWidth(0) >= longest + view.tree.indentation()
    for shown, count in _area_lines(view):
        assert "…" not in shown and shown.endswith(count), shown
    assert view.cards[0].width() >= fm.averageCharWidth() * 40  # the level cards keep room to be read


def test_at_150_percent_in_1024_by_600_the_counts_stay_whole_and_the_item_is_not_cut(answering, large_text):
    view = answering(1024, 600)
    for shown, count in _area_lines(view):
        assert shown.endswith(count), shown  # a long title may be cut, its count never
    for area_id, node in view._area_nodes.items():
        assert node.toolTip(0).startswith(view.q.area(area_id).title)  # the whole title
    # the item's side keeps what it needs: nothing in it is scrolled sideways or cut
    assert not view.scroll.horizontalScrollBar().isVisible()
    right = view.split.widget(1)
    for b in (view.dont_know, view.not_applicable, view.clear_button, view.unanswered_button):
        assert b.width() >= b.sizeHint().width(), b.text()
        assert b.mapTo(right, QPoint(b.width(), 0)).x() <= right.width(), b.text()


def _item_lines(view: AnswerView) -> list[str]:
    """Each item's line in the list as drawn."""
    return [_shown_line(view.tree, node) for node in view._item_nodes.values()]


def test_a_wide_window_shows_every_items_title_whole_and_then_widens_the_item_not_the_list(qtbot, answering):
    from iah_assess.ui.answer_view import READING_CHARS

    view = answering(1920, 1080)
    for node in view._area_nodes.values():
        node.setExpanded(True)
    assert [line for line in _item_lines(view) if "…" in line] == []
    wide = view.split.sizes()
    assert wide[0] <= sum(wide) // 3  # the list at most a third of the page
    assert wide[1] >= view.fontMetrics().averageCharWidth() * READING_CHARS  # the item keeps a long line
    view.window().resize(2560, 1440)
    qtbot.waitUntil(lambda: sum(view.split.sizes()) > sum(wide) + 500)
    assert view.split.sizes()[0] == wide[0]  # the titles are whole: the item takes the rest


def test_a_window_too_narrow_for_the_items_titles_keeps_the_items_reading_width(answering):
    from iah_assess.ui.answer_view import READING_CHARS

    view = answering(1024, 720)
    tree, item = view.split.sizes()
    assert tree == view._tree_width_wanted()  # the areas' lines whole, no wider
    more = view._tree_width_for_items() - tree  # what the items' titles would need more
    assert more > 0 and item - more < view.fontMetrics().averageCharWidth() * READING_CHARS  # the item's to give
    assert [line for line in _item_lines(view) if "…" in line] != []  # cut, with the whole title as tooltip
    assert all(node.toolTip(0).startswith(item.title) for item in view.items
               for node in [view._item_nodes[item.id]])


def test_the_list_follows_a_change_of_text_size(qtbot, qapp, answering):
    view = answering(1280, 720)
    before = view.split.sizes()[0]
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(bigger)
    try:
        # the areas' lines whole at the new size; the items' titles give way to the item's reading width
        qtbot.waitUntil(lambda: view.split.sizes()[0] == view._tree_width_wanted() > before * 0.8)
        for shown, count in _area_lines(view):
            assert "…" not in shown and shown.endswith(count), shown
    finally:
        qapp.setFont(font)
    qtbot.waitUntil(lambda: view.split.sizes()[0] == before)


def test_a_width_the_user_drags_the_list_to_is_kept(qtbot, answering, ws):
    view = answering(1280, 720)
    handle = view.split.handle(1)
    start_width = view.split.sizes()[0]
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, start + QPoint(120, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(120, 0))
    dragged = view.split.sizes()[0]
    assert dragged >= start_width + 100
    total = sum(view.split.sizes())
    view.window().resize(1400, 800)  # a larger window, and the list built again
    qtbot.waitUntil(lambda: sum(view.split.sizes()) > total)
    view.set_cycle(view.cycle_id)
    assert view.split.sizes()[0] == dragged


def test_on_a_small_screen_the_answer_given_is_scrolled_into_sight_no_further_than_it_needs(answering, large_text):
    view = answering(1024, 600)
    answers = view.ws.respondent_responses(view.respondent_id)
    item = next(i for i in view.items if answers[i.id].answer in (3, 4))  # a card low on the page
    view.go_to(item.id)
    assert view.focus_answer()
    card = view.group.checkedButton()
    bar = view.scroll.verticalScrollBar()
    bottom = card.mapTo(view.scroll.widget(), card.rect().bottomLeft()).y() - bar.value()
    below = view.scroll.viewport().height() - bottom
    assert bar.value() == 0 or 0 <= below <= 8  # the statement above kept in sight as far as can be
