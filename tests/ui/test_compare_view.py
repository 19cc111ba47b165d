"""The Compare screen on the sample institution: charts, item changes, filters, carrying actions, exports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.compare_service import action_follow_up, comparison_for
from iah_assess.demo import ensure_demo
from iah_assess.domain.records import ActionStatus
from iah_assess.ui.charts import LineChart
from iah_assess.ui.compare_models import ChangeRole, FollowUpModel, ItemChangesModel
from iah_assess.ui.compare_view import CompareView
from iah_assess.ui.models import FlaggedRole
from tests.ui.table_checks import shown_whole

M = ItemChangesModel


@pytest.fixture(scope="module")
def core():
    return load(shipped_dir() / "iah-core").questionnaire


@pytest.fixture
def demo(workspace, core):
    inst = ensure_demo(workspace, core)
    return {c.label: c for c in workspace.cycles(inst.id)}


@pytest.fixture
def view(qtbot, workspace, dialogs):
    v = CompareView(workspace, dialogs)
    qtbot.addWidget(v)
    return v


def _column(proxy, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:  # noqa: ANN001
    return [proxy.data(proxy.index(r, col), role) for r in range(proxy.rowCount())]


def test_all_cycles_are_compared_oldest_first(view, demo):
    view.set_cycle(demo["2025/26"].id)
    assert [view.cycle_list.item(r).text() for r in range(3)] == ["2023/24 (finalised)", "2024/25 (finalised)", "2025/26"]
    assert view.checked_cycles() == [demo[k].id for k in ("2023/24", "2024/25", "2025/26")]
    assert view.comparison is not None and view.comparison.labels == ["2023/24", "2024/25", "2025/26"]
    assert view.index_label.text().startswith("Overall index (0–100): 2023/24: ")
    # the line chart: one line per area; curriculum was left out of 2023/24 and shows as a gap
    assert view.line_chart.labels() == ["2023/24", "2024/25", "2025/26"]
    series = dict(view.line_chart.series())
    assert len(series) == 6
    assert series["Curriculum and learning"][0] is None
    assert all(v is not None for v in series["Leadership"])
    assert view.line_chart.legend_label(5) == "Curriculum and learning (no score in 2023/24)"
    # the radar: the latest cycle against the one before, and any other pair on request
    assert view.radar_cycles() == ("2025/26", "2024/25")
    assert [name for name, _ in view.radar.series()] == ["2025/26", "2024/25"]
    view.set_radar_cycles("2025/26", "2023/24")
    assert [name for name, _ in view.radar.series()] == ["2025/26", "2023/24"]
    assert view.radar.axis_label(5) == "Curriculum and learning (no score in 2023/24)"


def test_the_table_shows_changes_across_the_three_cycles(view, demo):
    view.set_cycle(demo["2025/26"].id)
    proxy = view.changes_proxy
    assert proxy.rowCount() == 2 * 64
    assert set(_column(proxy, M.CYCLES)) == {"2023/24\u00a0→ 2024/25", "2024/25\u00a0→ 2025/26"}
    assert set(_column(proxy, M.STATUS)) == {"matched"}
    assert view.changes_table.isColumnHidden(M.STATUS)  # the same questionnaire throughout: nothing to say
    # a change of less than a level is its number alone, not beside the steady bar read as "no change"
    changes = set(_column(proxy, M.CHANGE))
    assert not any(t.startswith("▬") for t in changes) and any(t in ("−0.5", "+0.5") for t in changes)
    comparison = comparison_for(view.workspace, view.checked_cycles())
    lead = next(i for i in comparison.steps[1].items if i.change)  # the first item whose level moved
    row = next(r for r in range(proxy.rowCount())
               if proxy.data(proxy.index(r, M.ITEM)) == lead.title and proxy.data(proxy.index(r, M.CYCLES)) == "2024/25\u00a0→ 2025/26")
    assert proxy.data(proxy.index(row, M.LEVELS)) == f"{lead.previous_level:g} → {lead.level:g}"
    assert proxy.data(proxy.index(row, 0), ChangeRole) == lead.change
    # curriculum was not assessed in 2023/24: no level before, no change
    curriculum = [r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, M.AREA)) == "Curriculum and learning"
                  and proxy.data(proxy.index(r, M.CYCLES)) == "2023/24\u00a0→ 2024/25"]
    assert curriculum and all(proxy.data(proxy.index(r, M.LEVELS)).startswith("– →") for r in curriculum)
    assert all(proxy.data(proxy.index(r, M.CHANGE)) == "" for r in curriculum)
    # one pair of cycles at a time
    view.step_filter.setCurrentIndex(2)
    assert proxy.rowCount() == 64
    assert set(_column(proxy, M.CYCLES)) == {"2024/25\u00a0→ 2025/26"}
    # sorting by change puts the largest rise first
    view.changes_table.sortByColumn(M.CHANGE, Qt.SortOrder.DescendingOrder)
    changes = [c for c in _column(proxy, 0, ChangeRole) if c is not None]
    assert changes == sorted(changes, reverse=True)


def test_only_declines_only_flagged_and_text(view, demo, workspace):
    view.set_cycle(demo["2025/26"].id)
    proxy = view.changes_proxy
    view.declines_only.setChecked(True)
    declines = _column(proxy, 0, ChangeRole)
    assert declines and all(c is not None and c < 0 for c in declines)
    expected = sum(1 for st in view.comparison.steps for i in st.items if i.change is not None and i.change < 0)
    assert proxy.rowCount() == expected
    view.declines_only.setChecked(False)

    view.flagged_only.setChecked(True)
    latest = workspace.cycle_result(demo["2025/26"].id)
    flagged_ids = {i.item_id for i in latest.items if i.disagreement}
    core_titles = {c.item_id: c.title for line in view.comparison.item_lines for c in line.cells if c is not None}
    flagged_titles = {core_titles[i] for i in flagged_ids}
    assert flagged_ids
    assert proxy.rowCount() == 2 * len(flagged_ids)  # each flagged item in both pairs of cycles
    assert set(_column(proxy, M.ITEM)) == flagged_titles
    assert all(_column(proxy, 0, FlaggedRole))
    assert set(_column(proxy, M.FLAG)) == {"⚑ disagree"}
    view.flagged_only.setChecked(False)

    view.filter_edit.setText("curriculum AND")
    assert set(_column(proxy, M.AREA)) == {"Curriculum and learning"}
    assert view.changes_count.text() == f"{proxy.rowCount()} item changes shown (128 item changes in all)"


def test_models_pass_the_model_tester(qtmodeltester, workspace, demo):
    ids = [c.id for c in demo.values()]
    comparison = comparison_for(workspace, ids)
    changes = ItemChangesModel()
    changes.set_comparison(comparison, {comparison.item_lines[0].latest.item_id})
    qtmodeltester.check(changes, force_py=True)
    follow = FollowUpModel()
    follow.set_follow_up(action_follow_up(workspace, demo["2025/26"].id), "2025/26", True)
    qtmodeltester.check(follow, force_py=True)
    assert follow.rowCount() == 6
    assert len(follow.ticked()) == 2


def test_carrying_open_actions_into_the_current_cycle(view, demo, workspace, dialogs):
    target, source = demo["2025/26"], demo["2024/25"]
    before = workspace.actions(target.id)
    view.set_cycle(target.id)
    assert view.carry_button.text() == "Carry open actions into 2025/26"
    assert view.carry_button.isEnabled()
    model = view.follow_model
    open_ids = [a.id for a in workspace.actions(source.id) if a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)]
    assert sorted(model.ticked()) == sorted(open_ids) and len(open_ids) == 2
    # closed actions cannot be ticked
    done_row = next(r for r in range(model.rowCount()) if model.follow_up(r).action.status is ActionStatus.DONE)
    assert not model.flags(model.index(done_row, FollowUpModel.CARRY)) & Qt.ItemFlag.ItemIsUserCheckable

    assert view.carry_button.toolTip() == "Copy the 2 ticked actions to the end of this cycle's action plan."
    first = next(r for r in range(model.rowCount()) if model.follow_up(r).action.id == open_ids[0])
    model.setData(model.index(first, FollowUpModel.CARRY), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert view.carry_button.toolTip() == "Copy the 1 ticked action to the end of this cycle's action plan."
    model.setData(model.index(first, FollowUpModel.CARRY), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)

    dialogs.answers = [False]  # "no" leaves the plan as it was
    view.carry_button.click()
    assert len(workspace.actions(target.id)) == len(before)

    view.carry_button.click()
    assert "Copy 2 open actions of 2024/25" in dialogs.confirmations[-1][1]
    after = workspace.actions(target.id)
    assert len(after) == len(before) + 2
    carried = [a for a in after if a.carried_from is not None]
    assert sorted(a.carried_from for a in carried) == sorted(open_ids)
    assert all(a.cycle_id == target.id for a in carried)
    # shown as carried, nothing left to tick, and a second carry adds nothing
    texts = [model.data(model.index(r, FollowUpModel.CARRY)) for r in range(model.rowCount())]
    assert texts.count("carried") == 2  # in place of their ticks
    assert model.data(model.index(first, FollowUpModel.CARRY), Qt.ItemDataRole.ToolTipRole).startswith("Carried into 2025/26")
    assert model.ticked() == [] and not view.carry_button.isEnabled()
    assert workspace.carry_actions(source.id, target.id, open_ids) == []
    assert len(workspace.actions(target.id)) == len(before) + 2


def test_carrying_only_the_ticked_action(view, demo, workspace, qtbot):
    target = demo["2025/26"]
    view.set_cycle(target.id)
    first, second = view.follow_model.ticked()
    with qtbot.waitSignal(view.actions_carried) as signal:
        view.follow_model.set_ticked(second, False)
        assert view.carry_button.isEnabled()
        view.carry_ticked()
    assert signal.args == [target.id]
    assert [a.carried_from for a in workspace.actions(target.id) if a.carried_from] == [first]
    assert view.follow_title.text() == ("The 6 actions of 2024/25, with where they stand (a carried action as its copy in "
                                        "2025/26 stands). Still open: 2 actions. Carried into 2025/26: 1 action.")
    view.follow_model.set_ticked(second, True)
    assert view.carry_button.isEnabled()


def test_space_ticks_the_row_shown_whichever_column_the_arrows_moved_to(view, demo, qtbot):
    view.set_cycle(demo["2025/26"].id)
    view.show()
    qtbot.waitExposed(view)
    view.tabs.setCurrentIndex(2)
    table, model = view.follow_table, view.follow_model
    table.setFocus()
    checkable = [r for r in range(model.rowCount()) if model.flags(model.index(r, FollowUpModel.CARRY)) & Qt.ItemFlag.ItemIsUserCheckable]
    row = checkable[0]
    table.setCurrentIndex(model.index(row, FollowUpModel.CARRY))
    before = set(model.ticked())
    qtbot.keyClick(table, Qt.Key.Key_Right)  # the whole row stays chosen; the current cell does not leave the tick
    assert table.currentIndex().column() == FollowUpModel.CARRY
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert set(model.ticked()) != before


def test_an_unticked_action_stays_unticked_when_the_page_is_shown_again(view, demo, workspace):
    target = demo["2025/26"]
    view.set_cycle(target.id)
    first, second = view.follow_model.ticked()
    view.follow_model.set_ticked(second, False)
    view.refresh()  # as on coming back from the action plan
    assert view.follow_model.ticked() == [first]
    view.carry_ticked()
    assert [a.carried_from for a in workspace.actions(target.id) if a.carried_from] == [first]


def test_a_finalised_target_cycle_disables_carrying(view, demo, workspace):
    target = workspace.finalise_cycle(demo["2025/26"].id)
    view.set_cycle(target.id)
    model = view.follow_model
    assert model.rowCount() == 6
    assert model.ticked() == []
    assert all(not model.flags(model.index(r, FollowUpModel.CARRY)) & Qt.ItemFlag.ItemIsUserCheckable
               for r in range(model.rowCount()))
    assert not view.carry_button.isEnabled()
    assert "finalised" in view.carry_button.toolTip()
    assert "2025/26 is finalised" in view.carry_note.text()
    shown = [model.data(model.index(r, FollowUpModel.CARRY)) for r in range(model.rowCount())]
    assert shown.count("not carried") == 2  # the open ones, where their ticks would be
    # 2024/25 is finalised too, and its previous cycle had no actions
    view.set_cycle(demo["2024/25"].id)
    assert not view.carry_button.isEnabled()
    assert view.carry_button.text() == "Carry open actions into 2024/25"


def test_fewer_than_two_cycles_ticked(view, demo):
    view.set_cycle(demo["2025/26"].id)
    assert view.tabs.currentIndex() == 0
    view.set_checked_cycles([demo["2024/25"].id])
    assert view.comparison is None
    assert not view.tabs.isTabEnabled(0) and view.tabs.currentIndex() == 2
    assert view.message.text() == "Tick at least two cycles on the left to compare them."
    assert not view.export_comparison_button.isEnabled()
    assert view.changes_model.rowCount() == 0
    assert view.line_chart.series() == []
    view.set_checked_cycles([demo["2025/26"].id, demo["2023/24"].id])
    assert view.comparison.labels == ["2023/24", "2025/26"]
    assert view.tabs.currentIndex() == 0  # back on the tab the user had
    assert view.changes_proxy.rowCount() == 64
    # the choice is kept while the institution stays
    view.refresh()
    assert view.checked_cycles() == [demo["2023/24"].id, demo["2025/26"].id]


def test_exports(view, demo, dialogs, tmp_path: Path):
    view.set_cycle(demo["2025/26"].id)
    dialogs.save_paths = [str(tmp_path / "cycle.json")]
    view.export_data()
    data = json.loads((tmp_path / "cycle.json").read_text(encoding="utf-8"))
    assert data["cycle"]["label"] == "2025/26"
    dialogs.save_paths = [str(tmp_path / "cycle")]  # no ending: CSV
    view.export_data()
    assert (tmp_path / "cycle.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "cycle-scores.csv").exists()
    dialogs.save_paths = [str(tmp_path / "compare.csv")]
    view.export_comparison_csv()
    text = (tmp_path / "compare.csv").read_text(encoding="utf-8-sig")
    assert "2023/24" in text.splitlines()[0] and "change in whole points 2024/25 → 2025/26" in text.splitlines()[0]
    assert "compare.csv" in view.saved_label.text()
    dialogs.save_paths = [str(tmp_path / "cycle.txt")]
    view.export_data()
    assert dialogs.errors and "could not be saved" in dialogs.errors[-1][1]
    dialogs.save_paths = []  # cancelled
    view.export_comparison_csv()
    assert len(dialogs.errors) == 1
    # the name of the scores file written beside cycle.csv: refused, that file left as it is
    scores = (tmp_path / "cycle-scores.csv").read_bytes()
    dialogs.save_paths = [str(tmp_path / "cycle-scores.csv")]
    view.export_data()
    assert "is the name of a scores file" in dialogs.errors[-1][1] and "such as cycle.csv" in dialogs.errors[-1][1]
    assert (tmp_path / "cycle-scores.csv").read_bytes() == scores
    assert not (tmp_path / "cycle-scores-scores.csv").exists()


def test_line_chart_checks_its_data(qtbot):
    chart = LineChart()
    qtbot.addWidget(chart)
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        chart.set_data(["a", "b", "c"], [("x", [1.0, 2.0])])
    chart.set_data(["a", "b"], [("x", [None, None])])
    assert chart.legend_label(0) == "x (no score)"
    assert "a: no score" in chart.summary()


def test_screen_at_1280x720(view, demo, qtbot, tmp_path: Path):
    view.resize(1280, 720)
    view.set_cycle(demo["2025/26"].id)
    view.show()
    qtbot.waitExposed(view)
    for tab in range(3):
        view.tabs.setCurrentIndex(tab)
        image = view.grab()
        assert image.save(str(tmp_path / f"compare-{tab}.png"))
        assert image.width() >= 1280
    # nothing important is cut off: buttons show their whole text
    for button in (view.export_data_button, view.export_comparison_button, view.carry_button):
        assert button.width() >= button.sizeHint().width()


def test_item_titles_and_last_cycles_actions_are_read_whole_at_1280x720(view, demo, qtbot):
    view.resize(1280, 720)
    view.set_cycle(demo["2025/26"].id)
    view.show()
    qtbot.waitExposed(view)
    for tab, table, col in ((1, view.changes_table, M.ITEM), (2, view.follow_table, FollowUpModel.TEXT)):
        view.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda table=table, col=col: shown_whole(table, col))  # wrapped, rows as tall as they need
        assert table.model().rowCount() > 0
    # the action, the words users read before carrying it, gets the most room
    follow = view.follow_table
    assert follow.columnWidth(FollowUpModel.TEXT) == max(follow.columnWidth(c) for c in range(follow.model().columnCount()))


def test_comparison_pdf_from_the_screen(view, demo, dialogs, qtbot, tmp_path: Path):
    from pypdf import PdfReader

    view.set_cycle(demo["2025/26"].id)
    dialogs.save_paths = [str(tmp_path / "comparison")]  # no ending: .pdf is added
    view.export_pdf_button.click()
    qtbot.waitUntil(lambda: view.pdf_job is None, timeout=30000)
    target = tmp_path / "comparison.pdf"
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    for label in ("2023/24", "2024/25", "2025/26"):
        assert label in text
    assert "comparison.pdf" in view.saved_label.text()
    assert view.export_pdf_button.isEnabled()
    # the job, its thread and its worker go once it has ended
    from PySide6.QtCore import QThread

    from iah_assess.ui.workers import TaskJob

    qtbot.waitUntil(lambda: not view.findChildren(TaskJob) and not view.findChildren(QThread))


def test_a_comparison_unticked_while_its_pdf_is_written_leaves_the_button_off(view, demo, dialogs, qtbot, tmp_path):
    view.set_cycle(demo["2025/26"].id)
    dialogs.save_paths = [str(tmp_path / "comparison.pdf")]
    view.export_pdf_button.click()
    assert view.pdf_job is not None
    writing = view.saved_label.text()
    for row in range(view.cycle_list.count() - 1):  # one cycle left: nothing to compare
        view.cycle_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert view.comparison is None
    assert view.saved_label.text() == writing  # still said while it is written
    qtbot.waitUntil(lambda: view.pdf_job is None, timeout=30000)
    assert not view.export_pdf_button.isEnabled()
    assert (tmp_path / "comparison.pdf").read_bytes().startswith(b"%PDF")



def test_the_list_of_cycles_is_as_wide_as_its_longest_label(qtbot, view, workspace, mini):
    from iah_assess.domain.records import Institution

    inst = workspace.save_institution(Institution(name="Универзитет во Тетово"))
    for label in ("Јесен 2024 пилот", "Пролет 2025/26 — втор круг"):
        workspace.create_cycle(inst.id, label, mini)
    view.set_cycle(workspace.cycles(inst.id)[-1].id)
    view.resize(1130, 640)
    view.show()
    qtbot.waitExposed(view)
    bar = view.cycle_list.horizontalScrollBar()
    assert not bar.isVisible() or bar.maximum() == 0  # no line is cut


def test_an_index_over_other_areas_says_so(view, demo):
    view.set_cycle(demo["2025/26"].id)
    assert "2023/24 → 2024/25: not like for like: Curriculum and learning scored in 2024/25, not in 2023/24" in view.index_label.text()


@contextmanager
def translated(translate: Callable[[str, str], str | None]) -> Iterator[None]:
    """A translator installed for the block: translate(context, source) gives the text, or None
    to leave the source as it is."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    class Marked(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201, ARG002
            return translate(context, source)

        def isEmpty(self) -> bool:  # noqa: N802
            return False

    marked = Marked()
    QCoreApplication.installTranslator(marked)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(marked)


def test_why_an_index_is_not_like_for_like_is_worded_by_the_translation(view, demo):
    with translated(lambda context, source: f"«{source}»" if context == "Compare" and (
            "like for like" in source or "scored in" in source) else None):
        view.set_cycle(demo["2025/26"].id)
        text = view.index_label.text()
    assert "«2023/24 → 2024/25: not like for like: «Curriculum and learning scored in 2024/25, not in 2023/24»»" in text


# --- carrying is one step to undo -------------------------------------------------------------


def _carried_into(workspace, target_id: int) -> list[int | None]:  # noqa: ANN001
    return [a.carried_from for a in workspace.actions(target_id) if a.carried_from is not None]


def _carry_column(model: FollowUpModel) -> list:
    return [model.data(model.index(r, FollowUpModel.CARRY)) if not model.flags(model.index(r, FollowUpModel.CARRY))
            & Qt.ItemFlag.ItemIsUserCheckable else model.data(model.index(r, FollowUpModel.CARRY), Qt.ItemDataRole.CheckStateRole)
            for r in range(model.rowCount())]


def test_carrying_is_undone_and_redone_exactly(view, demo, workspace):
    target, source = demo["2025/26"], demo["2024/25"]
    before = [(a.id, a.text, a.position) for a in workspace.actions(target.id)]
    view.set_cycle(target.id)
    open_ids = view.follow_model.ticked()
    shown_before = _carry_column(view.follow_model)
    assert not view.undo_stack.canUndo()

    view.carry_ticked()
    assert view.undo_stack.canUndo() and view.undo_stack.undoText() == "Carry 2 actions into 2025/26"
    assert "Ctrl+Z" in view.saved_label.text()
    copies = [a for a in workspace.actions(target.id) if a.carried_from is not None]
    assert sorted(a.carried_from for a in copies) == sorted(open_ids)

    view.undo_stack.undo()
    assert [(a.id, a.text, a.position) for a in workspace.actions(target.id)] == before  # exactly the copies went
    assert all(workspace.copies_of(i) == [] for i in open_ids)  # and no link to them is left
    assert _carry_column(view.follow_model) == shown_before  # ticks again, where "carried" stood
    assert sorted(view.follow_model.ticked()) == sorted(open_ids)
    assert view.carry_button.isEnabled()
    assert view.saved_label.text() == "The carry was undone: 2 actions taken out of the action plan of 2025/26."

    view.undo_stack.redo()
    again = [a for a in workspace.actions(target.id) if a.carried_from is not None]
    assert [(a.carried_from, a.text, a.position) for a in again] == [(a.carried_from, a.text, a.position) for a in copies]
    assert all(workspace.copies_of(a.carried_from) == [a.id] for a in again)
    texts = [view.follow_model.data(view.follow_model.index(r, FollowUpModel.CARRY)) for r in range(view.follow_model.rowCount())]
    assert texts.count("carried") == 2 and view.follow_model.ticked() == [] and not view.carry_button.isEnabled()
    assert workspace.carry_actions(source.id, target.id, open_ids) == []  # carried once, not twice

    view.undo_stack.undo()  # the copies put back have new ids: undo finds them
    assert [(a.id, a.text, a.position) for a in workspace.actions(target.id)] == before


def test_undoing_a_carry_relinks_what_was_carried_on_from_a_copy(view, demo, workspace, core):
    target = demo["2025/26"]
    view.set_cycle(target.id)
    view.carry_ticked()
    copy = next(a for a in workspace.actions(target.id) if a.carried_from is not None)
    later = workspace.create_cycle(target.institution_id, "2026/27", core)
    onward = workspace.carry_actions(target.id, later.id, [copy.id])[0]
    view.undo_stack.undo()
    assert workspace.action(onward.id).carried_from is None
    view.undo_stack.redo()
    back = next(a for a in workspace.actions(target.id) if a.carried_from == copy.carried_from)
    assert workspace.action(onward.id).carried_from == back.id  # linked again to the copy it came from


def test_a_copy_removed_in_the_action_plan_is_left_to_that_plan(view, demo, workspace, dialogs, qtbot):
    target = demo["2025/26"]
    before = len(workspace.actions(target.id))
    view.set_cycle(target.id)
    view.carry_ticked()
    first, second = [a for a in workspace.actions(target.id) if a.carried_from is not None]
    workspace.remove_action(first.id)  # as Remove on the action plan does (its own undo puts it back)
    view.undo_stack.undo()
    assert len(workspace.actions(target.id)) == before
    assert view.saved_label.text() == "The carry was undone: 1 action taken out of the action plan of 2025/26."
    view.undo_stack.redo()
    assert _carried_into(workspace, target.id) == [second.carried_from]
    qtbot.wait(1)  # an error would show once the command has finished
    assert dialogs.errors == []


def test_nothing_of_a_finalised_or_another_cycle_is_undone(view, demo, workspace):
    target = demo["2025/26"]
    view.set_cycle(target.id)
    open_ids = view.follow_model.ticked()
    view.carry_ticked()
    view.set_cycle(demo["2024/25"].id)  # the plan of a cycle left behind does not change by Edit > Undo
    assert not view.undo_stack.canUndo()
    view.set_cycle(target.id)
    view.carry_ticked()  # nothing left to carry: nothing to undo
    assert not view.undo_stack.canUndo()
    view.undo_stack.push(QUndoCommand("a step"))  # whatever waits on the stack when the cycle is finalised
    workspace.finalise_cycle(target.id)
    view.refresh()  # as on coming back to Compare after finalising
    assert not view.undo_stack.canUndo()
    assert sorted(_carried_into(workspace, target.id)) == sorted(open_ids)


def test_the_count_of_item_changes_reads_right_for_one_and_for_many(view, demo):
    import dataclasses

    view.set_cycle(demo["2025/26"].id)
    assert view.changes_count.text() == "128 item changes"
    lead = view.comparison.steps[1].items[0]
    view.step_filter.setCurrentIndex(2)
    view.filter_edit.setText(lead.title)
    assert view.changes_proxy.rowCount() == 1
    assert view.changes_count.text() == "1 item change shown (128 item changes in all)"
    view.filter_edit.setText("no item is called this")
    assert view.changes_count.text() == "0 item changes shown (128 item changes in all)"
    view.filter_edit.clear()
    view.step_filter.setCurrentIndex(0)
    c = view.comparison
    one = dataclasses.replace(c, steps=[dataclasses.replace(c.steps[0], items=[c.steps[0].items[0]])])
    view.changes_model.set_comparison(one)
    assert view.changes_count.text() == "1 item change"


def test_an_undo_of_a_carry_that_fails_half_way_takes_out_none_of_the_copies(view, demo, workspace, monkeypatch, dialogs):
    from iah_assess.storage.workspace import SaveFailed

    target = demo["2025/26"]
    view.set_cycle(target.id)
    view.carry_ticked()
    copies = [a for a in workspace.actions(target.id) if a.carried_from is not None]
    workspace.save_action(copies[0].replace(owner="Prorektorka za nastavu"))  # worked on in the plan since
    assert len(copies) == 2
    real, calls = workspace.remove_action, []

    def fails_the_second_time(action_id):  # noqa: ANN001, ANN202
        calls.append(action_id)
        if len(calls) == 2:
            raise SaveFailed("disk full")
        return real(action_id)

    monkeypatch.setattr(workspace, "remove_action", fails_the_second_time)
    view.undo_stack.undo()
    left = [a for a in workspace.actions(target.id) if a.carried_from is not None]
    assert len(left) == 2 and "Prorektorka za nastavu" in [a.owner for a in left]  # all of the carry stays, edits too


def test_the_radar_draws_cycles_in_greys_beside_the_lines_whose_colours_are_areas(view, demo):
    from iah_assess.ui.charts import LINE_COLOURS, line_style

    view.set_cycle(demo["2025/26"].id)
    areas = {line_style(k)[0].name() for k in range(len(view.line_chart.series()))}
    cycles = {view.radar.colours[k].name() for k in range(len(view.radar.series()))}
    assert len(cycles) == 2 and not cycles & areas and not cycles & {c.name() for c in LINE_COLOURS}


def test_the_status_column_shows_when_an_item_was_merged_into_another(view, workspace, mini):
    from iah_assess.domain.records import Institution

    beta = mini.area("beta")
    merged_item = beta.items[0].model_copy(update={"id": "b-both", "title": "Beta both", "replaces": ["b-one", "b-two"]})
    merged = mini.model_copy(update={
        "version": "1.1", "areas": [mini.area("alpha"), beta.model_copy(update={"items": [merged_item]})]})
    inst = workspace.save_institution(Institution(name="Univerzitet u Mostaru"))
    for label, q in (("2024/25", mini), ("2025/26", merged)):
        cycle = workspace.create_cycle(inst.id, label, q, [a.id for a in q.areas])
        person = workspace.add_respondent(cycle.id, "Dženana", "Dean")
        for item in q.items:
            workspace.save_response(person.id, item.id, 2)
    view.set_cycle(cycle.id)
    assert not view.changes_table.isColumnHidden(M.STATUS)
    assert "merged" in _column(view.changes_proxy, M.STATUS)


# --- who answered changed between the cycles ----------------------------------------------------


def test_a_change_of_who_answered_is_said_over_the_item_changes_on_hover_and_to_a_screen_reader(view, demo, qtbot):
    from iah_assess.domain.comparison import who_answered_note

    view.set_cycle(demo["2025/26"].id)
    c = view.comparison
    first, second = who_answered_note(c.cycles[0], c.cycles[1]), who_answered_note(c.cycles[1], c.cycles[2])
    assert first and second and "Rector" in second  # the rector answered in 2025/26 only: the domain's words
    note = view.who_note
    assert not note.isHidden()
    assert note.text() == ("Who answered changed (2023/24 → 2024/25, 2024/25 → 2025/26): "
                           "a change may come from that.")
    # the whole note on hover and to a screen reader, and the line is reached by Tab
    assert note.toolTip() == note.accessibleDescription() == f"{first}\n{second}"
    assert note.accessibleName() == "Who answered"
    assert note.focusPolicy() & Qt.FocusPolicy.TabFocus
    # on the Scores tab, the index says it on hover and to a screen reader, in no line of its own
    assert view.index_label.toolTip() == view.index_label.accessibleDescription() == f"{first}\n{second}"
    assert "answer" not in view.index_label.text()
    # the Cycles column: its heading's tooltip, and each row's pair of cycles
    model = view.changes_model
    tip = model.headerData(M.CYCLES, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("The two cycles compared on this row") and first in tip and second in tip
    proxy = view.changes_proxy
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        assert set(_column(proxy, M.CYCLES, role)) == {first, second}
    # between one pair of cycles, the line speaks of that pair only
    view.step_filter.setCurrentIndex(2)
    assert note.text().startswith("Who answered changed (2024/25 → 2025/26):") and note.toolTip() == second
    # the first and the last cycle compared without the one between: their own people
    view.set_checked_cycles([demo["2023/24"].id, demo["2025/26"].id])
    assert note.toolTip() == who_answered_note(view.comparison.cycles[0], view.comparison.cycles[1])
    assert "(2023/24 → 2025/26)" in note.text() and not note.isHidden()
    # fewer than two cycles: nothing compared, nothing said
    view.set_checked_cycles([demo["2025/26"].id])
    assert note.isHidden() and not note.toolTip() and not view.index_label.toolTip()


def test_who_answered_is_worded_by_the_translation_with_the_roles_translated(view, demo):
    def translate(context: str, source: str) -> str | None:
        if context == "ItemChanges" and source.startswith("The people answering changed"):
            return "«{0}: {1} / {2}: {3}»"
        return f"R:{source}" if context == "Role" else None

    with translated(translate):
        view.set_cycle(demo["2025/26"].id)
        model = view.changes_model
        header = model.headerData(M.CYCLES, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        cells = set(_column(view.changes_proxy, M.CYCLES, Qt.ItemDataRole.ToolTipRole))
    tips = view.who_note.toolTip().split("\n")
    assert len(tips) == 2 and all(t.startswith("«") and t.endswith("»") for t in tips), tips
    assert "R:Rector" in tips[1] and "The people answering" not in view.who_note.toolTip()
    assert view.index_label.toolTip() == view.who_note.accessibleDescription() == view.who_note.toolTip()
    assert cells == set(tips) and all(t in header for t in tips)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform, on showing a tooltip
def test_tab_to_the_note_shows_who_answered(view, demo, qtbot):
    from PySide6.QtWidgets import QToolTip

    view.resize(1280, 720)
    view.set_cycle(demo["2025/26"].id)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitActive(view):
        view.activateWindow()
    view.tabs.setCurrentIndex(1)
    view.cycle_list.setFocus()
    qtbot.waitUntil(view.cycle_list.hasFocus)
    qtbot.keyClick(view.cycle_list, Qt.Key.Key_Tab)
    assert view.tabs.tabBar().hasFocus()  # the tabs, then the page they show
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_Tab)
    assert view.who_note.hasFocus()  # the page's first stop, before the filter
    qtbot.waitUntil(QToolTip.isVisible)  # what the mouse shows on hover, the keyboard shows too
    assert QToolTip.text() == view.who_note.toolTip() and "Rector" in QToolTip.text()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_with_the_same_people_answering_nothing_is_said(view, workspace, mini):
    from tests.ui.mini_cycle import make_cycle

    make_cycle(workspace, mini, label="2024/25")
    latest = make_cycle(workspace, mini, label="2025/26")
    view.set_cycle(latest)
    assert view.comparison is not None and view.comparison.cycles[0].roles == view.comparison.cycles[1].roles
    assert view.who_note.isHidden() and not view.who_note.toolTip() and not view.who_note.accessibleDescription()
    assert not view.index_label.toolTip() and not view.index_label.accessibleDescription()
    model = view.changes_model
    assert model.headerData(M.CYCLES, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "The two cycles compared on this row"
    assert set(_column(view.changes_proxy, M.CYCLES, Qt.ItemDataRole.ToolTipRole)) == {None}


def test_a_questionnaire_edited_without_raising_its_version_is_said_on_the_screen(view, workspace, mini):
    from iah_assess.domain.records import Institution
    from tests.domain.test_comparison import edited

    inst = workspace.save_institution(Institution(name="Edited College"))
    for label, q in (("2025/26", mini), ("2026/27", edited(mini))):
        cycle = workspace.create_cycle(inst.id, label, q)
        person = workspace.add_respondent(cycle.id, "Ana", "Rector")
        for item in q.items:
            workspace.save_response(person.id, item.id, 2, "", "")
    view.set_cycle(cycle.id)
    assert ("2025/26 → 2026/27: 2026/27 uses version 1.0 of mini as edited after 2025/26: its content differs though its "
            "version is the same. What differs: area Alpha (weight 1 → 5); item Alpha two.") in view.index_label.text()


def test_the_screen_names_the_same_parts_of_an_edit_as_the_reports(qapp):
    """The screen words the note itself (translated); in English it names what the reports name."""
    from iah_assess.domain.comparison import (
        Change,
        EditedKind,
        EditedPart,
        QuestionnaireEdit,
        Step,
        TargetTally,
        edited_note,
        edited_parts,
    )
    from iah_assess.ui.compare_view import _edited_text

    items = tuple(EditedPart(f"i{n}", f"Item {n}", (1.0, 2.0) if n == 0 else None) for n in range(11))
    every = QuestionnaireEdit("mini", "1.0", (EditedPart("alpha", "Alpha", (1.0, 5.0)), EditedPart("beta", "Beta")),
                              items, texts=True, moved=2, reordered=(EditedPart("beta", "Beta"),), areas_reordered=True,
                              added_or_removed=True)
    nothing = QuestionnaireEdit("mini", "1.0", (), (), texts=False)
    kinds = set()
    for edit in (every, nothing):
        step = Step("2025/26", "2026/27", True, "1.0", "1.0", Change(None, None), (), (), TargetTally((), (), ()), (), edit)
        kinds |= {w.kind for w in edited_parts(edit)}
        screen, report = _edited_text(step), edited_note(step)
        assert screen.split("What differs: ")[1].rstrip(".") == report.split("What differs: ")[1].split(". Part of")[0]
    assert kinds == set(EditedKind)  # every kind of part is checked
    screen = _edited_text(Step("a", "b", True, "1.0", "1.0", Change(None, None), (), (), TargetTally((), (), ()), (), every))
    assert "the questionnaire's own texts" in screen and "3 more items" in screen and "2 items moved between areas" in screen
