"""Column widths: shares of the table's width, never narrower than a header or a word."""

from __future__ import annotations

from PySide6.QtCore import Qt

from iah_assess.domain.records import Action
from iah_assess.ui.actions_view import ActionPlanView
from iah_assess.ui.models import ActionPlanModel
from iah_assess.ui.tables import share_widths
from tests.ui.mini_cycle import make_cycle


def test_shares_split_the_room_when_every_column_gets_its_floor():
    assert share_widths(1000, {0: 0.5, 1: 0.3, 2: 0.2}, {0: 50, 1: 50, 2: 50}) == {0: 500, 1: 300, 2: 200}


def test_a_squeezed_column_gets_its_floor_and_the_others_share_the_rest():
    widths = share_widths(1000, {0: 0.6, 1: 0.3, 2: 0.1}, {0: 50, 1: 50, 2: 180})
    assert widths[2] == 180
    assert widths[0] == int(820 * 0.6 / 0.9) and widths[1] == int(820 * 0.3 / 0.9)


def test_floors_that_need_more_than_the_room_are_all_kept():
    assert share_widths(100, {0: 0.5, 1: 0.5}, {0: 80, 1: 90}) == {0: 80, 1: 90}
    assert share_widths(0, {0: 1.0}, {0: 40}) == {0: 40}


def shown_plan(qtbot, workspace, dialogs, mini, width: int, **action: str) -> ActionPlanView:  # noqa: ANN001
    """The action plan of a new cycle with one action, shown `width` pixels wide."""
    cycle_id = make_cycle(workspace, mini)
    workspace.save_action(Action(cycle_id=cycle_id, **action))
    view = ActionPlanView(workspace, dialogs)
    qtbot.addWidget(view)
    view.resize(width, 600)
    view.set_cycle(cycle_id)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_at_150_percent_text_no_action_plan_header_or_word_is_cut(qtbot, workspace, dialogs, mini, large_text):
    view = shown_plan(qtbot, workspace, dialogs, mini, 1130, text="Ask the strategy group",
                      owner="Head of international office", success_indicator="Number of IaH goals")
    header, fm = view.table.horizontalHeader(), view.table.fontMetrics()
    for col in (ActionPlanModel.OWNER, ActionPlanModel.INDICATOR):
        title = view.model.headerData(col, Qt.Orientation.Horizontal)
        assert header.sectionSize(col) >= header.sectionSizeHint(col), title
        assert header.sectionSize(col) > fm.horizontalAdvance("international"), title


def test_a_web_address_in_the_notes_does_not_take_the_other_columns_room(qtbot, workspace, dialogs, mini):
    url = "https://intranet.example.edu/senat/odluke/2026/vendimi-nr-17-per-nderkombetarizimin-ne-shtepi.pdf"
    view = shown_plan(qtbot, workspace, dialogs, mini, 1260, text="Ask the strategy group to draft the IaH goals",
                      notes=f"Minutes: {url}")
    header, fm = view.table.horizontalHeader(), view.table.fontMetrics()
    assert header.sectionSize(ActionPlanModel.NOTES) < fm.horizontalAdvance(url) / 2
    assert header.sectionSize(ActionPlanModel.TEXT) > header.sectionSize(ActionPlanModel.NOTES)
    assert not view.table.horizontalScrollBar().isVisible()



def test_only_the_sorted_column_makes_room_for_the_sort_arrow(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItemModel

    from iah_assess.ui.tables import table_view

    model = QStandardItemModel(1, 3)
    model.setHorizontalHeaderLabels(["Level", "Change", "Flag"])
    table = table_view(model, "t", sort_column=0)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    text = [header.fontMetrics().horizontalAdvance(h) for h in ("Level", "Change", "Flag")]
    before = [header.sectionSizeHint(c) - text[c] for c in range(3)]
    assert before[0] > before[1] + 10 and abs(before[1] - before[2]) <= 2  # the arrow's room, in the sorted column only
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    after = [header.sectionSizeHint(c) - text[c] for c in range(3)]
    assert after[2] > after[0] + 10 and abs(after[0] - before[1]) <= 2 and abs(after[1] - before[1]) <= 2
