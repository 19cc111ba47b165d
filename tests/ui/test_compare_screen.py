"""The Compare page in the main window on the sample institution: Edit > Undo of a carry, and the
page at 1280x720 with the text at 150%."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.ui.charts import LineChart
from iah_assess.ui.compare_models import FollowUpModel
from iah_assess.ui.main_window import ACTIONS, COMPARE, REVIEW, MainWindow
from iah_assess.ui.paint import WRAP


@pytest.fixture
def demo(ws):
    inst = ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    return {c.label: c for c in ws.cycles(inst.id)}


def _on_screen(qtbot, ws, mini_catalog, dialogs, data_dir) -> MainWindow:  # noqa: ANN001
    """The main window at 1280x720, shown."""
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def _compare_on_a_small_screen(qtbot, ws, mini_catalog, dialogs, data_dir) -> MainWindow:  # noqa: ANN001
    """The main window at 1024x600 on Compare (with large_text: the text at 150%)."""
    w = _on_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.resize(1024, 600)
    w.show_page(COMPARE)
    return w


@pytest.fixture
def window(qtbot, ws, demo, mini_catalog, dialogs, data_dir):
    w = _on_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    yield w
    w.close()


def _plan_rows(window: MainWindow) -> list[int]:
    model = window.actions_view.model
    return [model.action(r).id for r in range(model.rowCount())]


def test_edit_undo_takes_the_carried_actions_out_and_redo_puts_them_back(window, ws, demo):
    target = demo["2025/26"]
    assert window.cycle_id == target.id
    window.show_page(ACTIONS)
    before = _plan_rows(window)
    window.show_page(COMPARE)
    view = window.compare_view
    view.tabs.setCurrentIndex(2)
    assert not window.undo_action.isEnabled()
    view.carry_button.click()
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Carry 2 actions into 2025/26"
    carried = [a.id for a in ws.actions(target.id) if a.carried_from is not None]

    window.show_page(ACTIONS)  # the plan shows the copies: it is read again when shown
    assert _plan_rows(window) == before + carried
    window.show_page(COMPARE)
    window.undo_action.trigger()
    assert [a.id for a in ws.actions(target.id)] == before
    assert view.carry_button.isEnabled() and len(view.follow_model.ticked()) == 2
    window.show_page(ACTIONS)
    assert _plan_rows(window) == before
    window.show_page(COMPARE)
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    again = [a.id for a in ws.actions(target.id) if a.carried_from is not None]
    assert len(again) == 2 and not view.carry_button.isEnabled()
    window.show_page(ACTIONS)
    assert _plan_rows(window) == before + again


def test_finalising_the_cycle_leaves_no_carry_to_undo(window, ws, demo, dialogs):
    window.show_page(COMPARE)
    window.compare_view.carry_ticked()
    assert window.compare_view.undo_stack.canUndo()
    window.show_page(REVIEW)
    assert window.review_view.finalise()
    assert not window.compare_view.undo_stack.canUndo()  # at once, though Compare is not shown
    window.show_page(COMPARE)
    assert not window.undo_action.isEnabled()


def test_last_cycles_actions_fit_the_width_at_150_percent_text(qtbot, large_text, ws, demo, mini_catalog, dialogs, data_dir):
    w = _on_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show_page(COMPARE)
    view = w.compare_view
    view.tabs.setCurrentIndex(2)
    table = view.follow_table
    header = table.horizontalHeader()

    def fitted() -> bool:
        return header.length() <= table.viewport().width()

    for carried in (False, True):  # with ticks, and with "carried" in their place
        qtbot.waitUntil(fitted)
        assert table.horizontalScrollBar().maximum() == 0  # every column in sight, none behind a scroll bar
        widths = [table.columnWidth(c) for c in range(header.count())]
        assert widths[FollowUpModel.TEXT] == max(widths)  # the action has the most room
        assert widths[FollowUpModel.TEXT] >= 0.28 * table.viewport().width()
        if not carried:
            view.carry_ticked()
    # the list of cycles is as wide as its lines need, no wider
    lst = view.cycle_list
    assert lst.horizontalScrollBar().maximum() == 0
    assert lst.width() <= lst.sizeHintForColumn(0) + 2 * lst.frameWidth() + 1
    w.close()


def test_the_line_charts_legend_is_read_whole_at_150_percent_text(qtbot, large_text, ws, demo, mini_catalog, dialogs, data_dir):
    w = _on_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show_page(COMPARE)
    chart = w.compare_view.line_chart
    _legend_read_whole(chart)
    assert chart.legend_label(5) == "Curriculum and learning (no score in 2023/24)"
    # (with the cycles to compare over the tabs the chart has the room for it in a line; a long entry
    # wraps in a narrow chart: see the test below)
    w.close()


def test_tab_goes_from_the_header_to_the_tabs_then_into_their_page(window):
    from tests.ui.test_core_screens import tab_stops_after

    window.show_page(COMPARE)
    compare = window.compare_view
    compare.tabs.setCurrentIndex(0)
    assert tab_stops_after(compare.cycle_list, 7) == [  # the radar's cycles before the radar, as they are read
        compare.tabs, compare.tabs.tabBar(), compare.tabs.widget(0), compare.line_chart, compare.radar_later,
        compare.radar_earlier, compare.radar]


def test_a_long_legend_entry_wraps_in_a_narrow_chart(qtbot):
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.set_data(["2023/24", "2024/25", "2025/26"], [("Leadership", [20.0, 30.0, 40.0]),
                                                        ("Curriculum and learning", [None, 30.0, 40.0])])
    chart.resize(int(QFontMetricsF(chart.font()).horizontalAdvance(chart.legend_label(1)) * 0.7), 320)
    _legend_read_whole(chart)
    short, long = chart.legend_rects()
    assert long.top() >= short.bottom() and long.height() > short.height()


def test_a_short_charts_legend_takes_more_columns_so_that_the_plot_keeps_its_room(qtbot):
    from iah_assess.ui.charts import LEGEND_SHARE

    chart = LineChart()
    qtbot.addWidget(chart)
    areas = ["Leadership", "Institutional strategy", "Finance and resources", "Stakeholder engagement",
             "Staff development", "Curriculum and learning"]
    chart.set_data(["2023/24", "2024/25", "2025/26"], [(a, [20.0 + n, 30.0, 40.0]) for n, a in enumerate(areas)])
    fm = QFontMetricsF(chart.font())
    chart.resize(int(fm.horizontalAdvance(chart.legend_label(5)) * 2.2), int(fm.height() * 30))
    tall = chart.legend_rects()
    assert len({r.left() for r in tall}) == 1  # room enough: one column, each name in a line
    chart.resize(chart.width(), int(fm.height() * 16))  # short: the legend in one column would take half of it
    _legend_read_whole(chart)
    short = chart.legend_rects()
    assert len({r.left() for r in short}) == 2
    assert short[-1].bottom() - short[0].top() < tall[-1].bottom() - tall[0].top()  # the plot has the rest
    assert tall[-1].bottom() - tall[0].top() > LEGEND_SHARE * chart.height()


def test_a_short_charts_legend_never_takes_a_column_narrower_than_a_word(qtbot):
    chart = LineChart()
    qtbot.addWidget(chart)
    names = ["Internationalisation", "Internacionalizacija", "Интернационализација", "Ndërkombëtarizimi", "Leadership"]
    chart.set_data(["2023/24", "2024/25"], [(a, [20.0, 30.0]) for a in names])
    for width in range(250, 901, 40):
        for height in (100, 180, 260, 400):
            chart.resize(width, height)
            _legend_read_whole(chart)  # every name within its column, none spilling into the next


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_150_percent_on_1024x600_the_scores_tab_scrolls_rather_than_squeeze_the_line_chart(
        qtbot, large_text, ws, demo, mini_catalog, dialogs, data_dir):
    w = _compare_on_a_small_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    chart = w.compare_view.line_chart
    qtbot.waitUntil(lambda: chart.isVisible() and chart.height() > 0)
    assert chart.height() >= chart.minimumSizeHint().height()
    assert len(chart.axis_scores()) >= 3  # 0, 50, 100 at least: the lines can be read against them
    w.close()


def _legend_read_whole(chart: LineChart) -> None:
    fm = QFontMetricsF(chart.font())
    rects = chart.legend_rects()
    assert len(rects) == len(chart.series())
    for k, rect in enumerate(rects):
        needed = fm.boundingRect(QRectF(0, 0, rect.width(), 10000), WRAP, chart.legend_label(k))
        assert needed.width() <= rect.width() + 0.5 and needed.height() <= rect.height(), (k, needed, rect)
        assert rect.left() >= 0 and rect.right() <= chart.width() + 0.5 and rect.bottom() <= chart.height() + 0.5


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_who_answered_takes_no_height_from_the_page_at_150_percent_on_1024x600(qtbot, large_text, ws, demo, mini_catalog, dialogs,
                                                                                data_dir):
    w = _compare_on_a_small_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    view = w.compare_view
    view.tabs.setCurrentIndex(1)
    note, table = view.who_note, view.changes_table
    # laid out at the window's size, the table keeps rows in sight beside the line
    qtbot.waitUntil(lambda: note.isVisible() and 0 < 2 * table.rowHeight(0) <= table.viewport().height())
    assert (w.width(), w.height()) == (1024, 600)  # the page is no taller than the screen
    assert note.height() >= note.heightForWidth(note.width())  # the line is read whole
    assert note.geometry().bottom() < table.geometry().top()  # over the table, not on it
    # the index says it on hover and to a screen reader, in no line of its own
    assert "Rector" in view.index_label.accessibleDescription()
    assert view.index_label.height() <= 5.5 * view.index_label.fontMetrics().lineSpacing()
    w.close()


def _cycles_read_whole(lst) -> bool:  # noqa: ANN001 - the list of cycles
    """Every cycle's line in the list's viewport, its text beside its tick, none cut or scrolled to."""
    from PySide6.QtWidgets import QStyle

    tick = lst.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + lst.style().pixelMetric(
        QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
    viewport = lst.viewport().rect()
    fm = lst.fontMetrics()
    return lst.count() > 0 and lst.horizontalScrollBar().maximum() == 0 and all(
        viewport.contains(lst.visualItemRect(lst.item(r)))
        and tick + fm.horizontalAdvance(lst.item(r).text()) <= lst.visualItemRect(lst.item(r)).width()
        and not lst.item(r).toolTip()
        for r in range(lst.count()))


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_cycles_to_compare_are_read_whole_at_150_percent_on_1024x600(qtbot, large_text, ws, demo, mini_catalog, dialogs,
                                                                         data_dir):
    w = _compare_on_a_small_screen(qtbot, ws, mini_catalog, dialogs, data_dir)
    view = w.compare_view
    lst = view.cycle_list
    assert [lst.item(r).text() for r in range(lst.count())] == ["2023/24 (finalised)", "2024/25 (finalised)", "2025/26"]
    qtbot.waitUntil(lambda: _cycles_read_whole(lst))
    for tab in range(view.tabs.count()):  # on every tab, and the page is no bigger than the screen
        view.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: _cycles_read_whole(lst) and (w.width(), w.height()) == (1024, 600))
    # the tables beside keep their width: every item change's column in sight
    view.tabs.setCurrentIndex(1)
    table = view.changes_table
    qtbot.waitUntil(lambda: table.horizontalHeader().length() <= table.viewport().width())
    w.close()

