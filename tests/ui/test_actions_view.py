"""The action plan: seeded from the priorities, every edit saved at once, undo and redo, order, read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QStyledItemDelegate

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.domain.records import Action, ActionStatus, Institution
from iah_assess.ui.actions_view import ActionPlanView
from iah_assess.ui.models import ActionPlanModel
from iah_assess.ui.widgets import ElidedComboBox
from tests.ui.conftest import hovered_tooltip
from tests.ui.mini_cycle import make_cycle

P = ActionPlanModel


@pytest.fixture
def view(qtbot, workspace, dialogs):
    v = ActionPlanView(workspace, dialogs)
    qtbot.addWidget(v)
    return v


@pytest.fixture
def cycle_id(workspace, mini) -> int:
    return make_cycle(workspace, mini)


def texts(workspace, cycle_id: int) -> list[str]:
    return [a.text for a in workspace.actions(cycle_id)]


def test_model_passes_the_model_tester(qtmodeltester, workspace, cycle_id):
    workspace.save_action(Action(cycle_id=cycle_id, item_id="a-one", text="One", due_date=dt.date(2096, 5, 1)))
    workspace.save_action(Action(cycle_id=cycle_id, text="Two", status=ActionStatus.DONE))
    workspace.save_action(Action(cycle_id=cycle_id, text="Three", due_date=dt.date(2020, 5, 1)))  # overdue
    model = ActionPlanModel()
    model.set_actions(workspace.actions(cycle_id), {"a-one": "Alpha one"})
    qtmodeltester.check(model, force_py=True)
    assert [model.data(model.index(0, c)) for c in range(model.columnCount())] == [
        "1", "Alpha one", "One", "", "2096-05-01", "Planned", "", ""]
    assert model.data(model.index(1, P.ITEM)) == "(no item)"
    assert model.data(model.index(0, P.DUE), Qt.ItemDataRole.EditRole) == QDate(2096, 5, 1)


def test_an_action_past_its_due_date_and_not_done_is_marked_overdue_in_words(workspace, cycle_id):
    today = dt.date.today()
    for text, due, status in (("Late", today - dt.timedelta(days=1), ActionStatus.IN_PROGRESS),
                              ("Today", today, ActionStatus.PLANNED),
                              ("Done late", today - dt.timedelta(days=90), ActionStatus.DONE),
                              ("Dropped", today - dt.timedelta(days=90), ActionStatus.DROPPED)):
        workspace.save_action(Action(cycle_id=cycle_id, text=text, due_date=due, status=status))
    model = ActionPlanModel()
    model.set_actions(workspace.actions(cycle_id), {})
    due = [model.data(model.index(row, P.DUE)) for row in range(4)]
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert due[0] == f"{yesterday}\noverdue" and [d.endswith("overdue") for d in due[1:]] == [False] * 3
    assert model.data(model.index(0, P.DUE), Qt.ItemDataRole.ToolTipRole) == (
        f"Due on {yesterday}, and its status is still In progress: past its date.")
    assert model.data(model.index(0, P.DUE), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, P.DUE), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(0, P.DUE), Qt.ItemDataRole.EditRole) == QDate(today.year, today.month, today.day).addDays(-1)


def test_a_finalised_cycles_plan_is_judged_overdue_on_the_day_it_was_finalised_as_its_report_is(view, workspace, cycle_id):
    workspace.save_action(Action(cycle_id=cycle_id, text="Late then", due_date=dt.date(2025, 5, 1)))
    workspace.save_action(Action(cycle_id=cycle_id, text="Due after", due_date=dt.date(2025, 9, 1)))
    workspace.finalise_cycle(cycle_id, dt.datetime(2025, 7, 15, 12, tzinfo=dt.timezone.utc))
    view.set_cycle(cycle_id)
    due = [view.model.data(view.model.index(row, P.DUE)) for row in range(2)]
    assert due == ["2025-05-01\noverdue", "2025-09-01"]  # on today both would be overdue
    tip = view.model.data(view.model.index(0, P.DUE), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Due on 2025-05-01, and its status was still Planned when the cycle was finalised on 2025-07-15: past its date."


def test_recommended_actions_follow_the_priorities_and_undo(view, workspace, cycle_id, dialogs):
    view.set_cycle(cycle_id)
    assert "The plan is empty" in view.empty_label.text()
    view.recommend_button.click()
    plan = workspace.actions(cycle_id)
    # the foundation item at level 1 comes first
    assert [(a.item_id, a.text, a.success_indicator) for a in plan] == [
        ("a-one", "Start it.", "Share of units"), ("a-two", "Start two.", "Count")]
    assert view.model.rowCount() == 2
    # many rows at once would go unnoticed below the fold: how many, and how to take them back
    assert view.notice.isVisibleTo(view) and view.notice.text().startswith("2 actions added, one for each item")
    assert "Edit > Undo (Ctrl+Z) takes them all out again" in view.notice.text()
    view.recommend_button.click()  # nothing new to add
    assert len(workspace.actions(cycle_id)) == 2
    assert dialogs.infos[-1] == ("Nothing to add", "Every item below its target already has an action in the plan.")
    view.undo_stack.undo()  # one step takes the whole batch back
    assert workspace.actions(cycle_id) == []
    assert not view.notice.isVisibleTo(view)  # said of that step only
    view.undo_stack.redo()
    assert texts(workspace, cycle_id) == ["Start it.", "Start two."]


def test_after_adding_the_recommended_actions_the_first_of_them_is_chosen_and_in_sight(qtbot, view, workspace):
    q = load(shipped_dir() / "iah-core").questionnaire
    inst = workspace.save_institution(Institution(name="Универзитет у Новом Саду"))
    cycle = workspace.create_cycle(inst.id, "2025/26", q)
    workspace.save_action(Action(cycle_id=cycle.id, text="Already planned: an IaH working group"))
    rid = workspace.add_respondent(cycle.id, "Ђурђа Шкорић", "Rector").id
    for item in q.items:
        workspace.save_response(rid, item.id, 1)
    view.set_cycle(cycle.id)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    view.recommend_button.click()
    plan = workspace.actions(cycle.id)
    assert view.current_action_id() == plan[1].id  # the first one added, after the one there
    # all 64 items are below their target: ten at a time, the most urgent first, and the notice says so
    assert len(plan) == 1 + 10 and "54 more items below their target have none yet" in view.notice.text()
    view.recommend_button.click()
    view.recommend_button.click()
    plan = workspace.actions(cycle.id)
    assert len(plan) == 1 + 30 and len({a.item_id for a in plan}) == 31  # the next ones, none twice
    assert view.current_action_id() == plan[21].id  # the first of the last press

    def in_sight(row: int) -> bool:
        rect = view.table.visualRect(view.model.index(row, P.TEXT))
        return view.table.viewport().rect().contains(rect) and rect.height() > view.table.fontMetrics().height()

    qtbot.waitUntil(lambda: in_sight(21), timeout=2000)
    view.undo_stack.undo()  # a press at a time
    assert len(workspace.actions(cycle.id)) == 1 + 20
    view.undo_stack.redo()  # each redone step chooses its action: the last, once the rows are measured, in sight
    last = len(plan) - 1
    assert view.current_action_id() == plan[last].id
    qtbot.wait(50)
    assert in_sight(last)


def test_a_row_moved_to_by_keyboard_stays_in_sight_when_the_rows_are_measured_again(qtbot, view, workspace, mini):
    from PySide6.QtTest import QTest

    inst = workspace.save_institution(Institution(name="Univerzitet u Banjoj Luci"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    for i in range(40):
        workspace.save_action(Action(cycle_id=cycle.id, text=f"Akcija {i} " + "riječ " * 30))
    view.set_cycle(cycle.id)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    view.table.setFocus()
    for _ in range(30):
        QTest.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 30

    def in_sight(row: int) -> bool:
        return view.table.viewport().rect().intersects(view.table.visualRect(view.model.index(row, P.TEXT)))

    qtbot.wait(50)
    assert in_sight(30)
    view.resize(900, 500)  # the rows are measured again, as after an edit
    qtbot.wait(100)
    assert in_sight(30)


def test_add_edit_remove_with_undo_and_redo(view, workspace, cycle_id):
    view.set_cycle(cycle_id)
    view.add_button.click()
    (added,) = workspace.actions(cycle_id)
    assert added.text == "New action" and view.current_action_id() == added.id
    # typing in the form saves at once; one typing run is one undo step
    view.text_edit.setPlainText("Write the IaH")
    view.text_edit.setPlainText("Write the IaH policy")
    assert workspace.action(added.id).text == "Write the IaH policy"
    view.owner_edit.textEdited.emit("Vice-rector")
    assert view.undo_stack.undoText() == "Owner of action 1"  # Edit > Undo says what it takes back
    view.status_combo.setCurrentIndex(view.status_combo.findData("in progress"))
    view.has_due.setChecked(True)
    view.due_edit.setDate(QDate(2026, 9, 30))
    view.indicator_edit.textEdited.emit("Policy adopted by the senate")
    view.notes_edit.setPlainText("Draft in May")
    a = workspace.action(added.id)
    assert (a.owner, a.status, a.due_date, a.success_indicator, a.notes) == (
        "Vice-rector", ActionStatus.IN_PROGRESS, dt.date(2026, 9, 30), "Policy adopted by the senate", "Draft in May")
    row = view.model.row_of(added.id)
    assert view.model.data(view.model.index(row, P.STATUS)) == "In progress"

    view.undo_stack.undo()  # notes
    view.undo_stack.undo()  # indicator
    view.undo_stack.undo()  # the date
    a = workspace.action(added.id)
    assert (a.notes, a.success_indicator) == ("", "")
    assert view.notes_edit.toPlainText() == ""
    view.undo_stack.redo()
    assert workspace.action(added.id).due_date == dt.date(2026, 9, 30)

    # removal: undone, the action comes back (under a new id) and later edits still find it
    view.remove_button.click()
    assert workspace.actions(cycle_id) == []
    view.undo_stack.undo()
    (back,) = workspace.actions(cycle_id)
    assert back.text == "Write the IaH policy" and back.owner == "Vice-rector"
    view.undo_stack.undo()  # the date again, on the restored action
    assert workspace.action(back.id).due_date is None
    view.undo_stack.redo()
    view.undo_stack.redo()
    assert workspace.actions(cycle_id) == []
    while view.undo_stack.canUndo():
        view.undo_stack.undo()
    assert workspace.actions(cycle_id) == []  # back to before the add
    while view.undo_stack.canRedo():
        view.undo_stack.redo()
    assert workspace.actions(cycle_id) == []


def test_an_edit_that_could_not_be_saved_never_joins_the_step_before_it(qtbot, view, workspace, cycle_id, dialogs, monkeypatch):
    from iah_assess.storage import db

    view.set_cycle(cycle_id)
    view.add_button.click()
    (added,) = workspace.actions(cycle_id)
    view.owner_edit.textEdited.emit("Ana")
    real = workspace.save_action

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003
        raise db.WorkspaceError("database is locked")

    monkeypatch.setattr(workspace, "save_action", failing)
    for typed in ("Ana K", "Ana Ko", "Ana Kovač"):
        view.owner_edit.textEdited.emit(typed)
    qtbot.wait(20)
    assert len(dialogs.errors) == 1  # said once, not once a key
    monkeypatch.setattr(workspace, "save_action", real)
    assert workspace.action(added.id).owner == "Ana"
    view.undo_stack.undo()  # the step that was saved: "Ana" typed
    view.undo_stack.redo()
    assert workspace.action(added.id).owner == "Ana"  # not what was never saved


def test_undoing_the_removal_of_a_carried_action_keeps_its_copy_linked(view, workspace, cycle_id, mini):
    from iah_assess.compare_service import action_follow_up
    from iah_assess.domain.records import Action

    original = workspace.save_action(Action(cycle_id=cycle_id, text="Pilot a COIL course"))
    later = workspace.create_cycle(workspace.cycle(cycle_id).institution_id, "2026/27", mini)
    (copy,) = workspace.carry_actions(cycle_id, later.id, [original.id])
    view.set_cycle(cycle_id)
    view.remove_button.click()
    assert workspace.action(copy.id).carried_from is None
    view.undo_stack.undo()
    (back,) = workspace.actions(cycle_id)
    assert workspace.action(copy.id).carried_from == back.id
    assert [f.carried_to for f in action_follow_up(workspace, later.id)] == [copy.id]


def test_table_edits_are_saved_and_undoable(view, workspace, cycle_id):
    view.set_cycle(cycle_id)
    view.recommend_button.click()
    model = view.model
    assert model.setData(model.index(0, P.OWNER), "Quality unit")
    assert model.setData(model.index(0, P.DUE), QDate(2027, 1, 15))
    assert model.setData(model.index(0, P.STATUS), "done")
    assert not model.setData(model.index(0, P.STATUS), "finished")
    first = workspace.actions(cycle_id)[0]
    assert (first.owner, first.due_date, first.status) == ("Quality unit", dt.date(2027, 1, 15), ActionStatus.DONE)
    assert view.owner_edit.text() == "Quality unit"
    view.undo_stack.undo()
    view.undo_stack.undo()
    first = workspace.actions(cycle_id)[0]
    assert (first.owner, first.due_date, first.status) == ("Quality unit", None, ActionStatus.PLANNED)


def test_opening_the_date_editor_of_an_action_without_a_date_sets_none(qtbot, view, workspace, cycle_id):
    from PySide6.QtWidgets import QDateEdit

    view.set_cycle(cycle_id)
    view.recommend_button.click()
    view.show()
    qtbot.waitExposed(view)
    table, index = view.table, view.table.model().index(0, P.DUE)
    table.setCurrentIndex(index)
    table.edit(index)
    [editor] = [e for e in table.findChildren(QDateEdit) if e.isVisible()]
    table.commitData(editor)  # as on Tab or a click elsewhere, nothing picked
    table.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
    assert workspace.actions(cycle_id)[0].due_date is None
    table.edit(index)
    [editor] = [e for e in table.findChildren(QDateEdit) if e.isVisible()]
    editor.setDate(QDate(2027, 3, 1))  # a date picked is saved
    table.commitData(editor)
    table.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
    assert workspace.actions(cycle_id)[0].due_date == dt.date(2027, 3, 1)


def test_reorder_with_buttons_and_keys(qtbot, view, workspace, cycle_id):
    view.set_cycle(cycle_id)
    view.recommend_button.click()
    view.add_button.click()
    assert texts(workspace, cycle_id) == ["Start it.", "Start two.", "New action"]
    assert not view.down_button.isEnabled()
    view.up_button.click()
    assert texts(workspace, cycle_id) == ["Start it.", "New action", "Start two."]
    view.move_selected(-1)
    assert texts(workspace, cycle_id) == ["New action", "Start it.", "Start two."]
    assert view.current_action_id() == workspace.actions(cycle_id)[0].id
    assert not view.up_button.isEnabled()
    view.undo_stack.undo()
    assert texts(workspace, cycle_id) == ["Start it.", "New action", "Start two."]
    view.undo_stack.redo()
    assert texts(workspace, cycle_id) == ["New action", "Start it.", "Start two."]
    # Ctrl+Down and Ctrl+Up in the table
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert texts(workspace, cycle_id) == ["Start it.", "New action", "Start two."]
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert texts(workspace, cycle_id) == ["Start it.", "Start two.", "New action"]
    qtbot.keyClick(view.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert texts(workspace, cycle_id) == ["Start it.", "New action", "Start two."]


def test_finalised_cycle_refuses_edits(view, workspace, cycle_id):
    workspace.save_action(Action(cycle_id=cycle_id, item_id="a-one", text="One"))
    workspace.finalise_cycle(cycle_id)
    view.set_cycle(cycle_id)
    assert view.read_only_label.isVisibleTo(view) and "read-only" in view.read_only_label.text()
    for w in (view.recommend_button, view.add_button, view.remove_button, view.up_button, view.down_button,
              view.status_combo, view.item_combo, view.has_due):
        assert not w.isEnabled()
    assert view.text_edit.isReadOnly() and view.owner_edit.isReadOnly()
    assert not view.model.flags(view.model.index(0, P.OWNER)) & Qt.ItemFlag.ItemIsEditable
    assert not view.model.setData(view.model.index(0, P.OWNER), "Someone")
    view.add_action()
    view.add_recommended()
    view.remove_selected()
    assert not view.edit_action(workspace.actions(cycle_id)[0].id, "owner", "Someone")
    assert [(a.text, a.owner) for a in workspace.actions(cycle_id)] == [("One", "")]
    assert view.undo_stack.count() == 0


def test_a_failed_save_is_reported_not_kept(qtbot, view, workspace, cycle_id, dialogs):
    view.set_cycle(cycle_id)
    view.add_button.click()
    workspace.finalise_cycle(cycle_id)  # behind the view's back
    count = view.undo_stack.count()
    view.owner_edit.textEdited.emit("Too late")
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    assert "finalised" in dialogs.errors[0][1]
    assert view.undo_stack.count() == count


def test_switching_cycle_clears_the_undo_history(view, workspace, mini, cycle_id):
    other = make_cycle(workspace, mini, label="2026/27")
    view.set_cycle(cycle_id)
    view.add_button.click()
    view.set_cycle(other)
    assert view.undo_stack.count() == 0 and view.model.rowCount() == 0


@pytest.mark.slow
def test_demo_plan_loads(view, workspace):
    inst = ensure_demo(workspace, load(shipped_dir() / "iah-core").questionnaire)
    for cycle in workspace.cycles(inst.id):
        view.set_cycle(cycle.id)
        assert view.model.rowCount() == len(workspace.actions(cycle.id))
        assert view.read_only == cycle.finalised


def test_without_a_cycle_or_an_action_nothing_pretends(view):
    from PySide6.QtCore import QDate

    view.set_cycle(None)
    assert not view.export_button.isEnabled()  # it would export nothing
    assert not view.has_due.isChecked() and view.due_edit.date() > QDate.currentDate()  # no 2000-01-01


def test_nothing_to_add_says_why_and_an_empty_plan_says_where_last_cycles_open_actions_are(view, workspace, cycle_id, mini, dialogs):
    inst = workspace.cycle(cycle_id).institution_id
    workspace.save_action(Action(cycle_id=cycle_id, text="Pilot a COIL course"))
    workspace.save_action(Action(cycle_id=cycle_id, text="Map the partners", status=ActionStatus.DONE))
    workspace.finalise_cycle(cycle_id)
    later = workspace.create_cycle(inst, "2026/27", mini, ["alpha"])
    view.set_cycle(later.id)
    assert "The 1 open action of 2025/26 can be carried into it on the Compare page" in view.empty_label.text()
    view.recommend_button.click()  # nobody has answered in the new cycle
    assert dialogs.infos[-1][1].startswith("No item has a level yet.")
    assert workspace.actions(later.id) == []
    fresh = workspace.create_cycle(workspace.save_institution(Institution(name="Univerzitet Crne Gore")).id, "2025/26", mini)
    view.set_cycle(fresh.id)
    assert "Compare" not in view.empty_label.text()  # no cycle before it


def test_a_due_date_typed_as_it_is_written_is_stored_as_typed(qtbot, view, workspace, cycle_id):
    view.set_cycle(cycle_id)
    view.add_button.click()
    (added,) = workspace.actions(cycle_id)
    view.has_due.setChecked(True)
    for typed, stored in (("2027-04-15", dt.date(2027, 4, 15)), ("2028-1-9", dt.date(2028, 1, 9)), ("20291231", dt.date(2029, 12, 31))):
        view.due_edit.setFocus()
        view.due_edit.setSelectedSection(view.due_edit.Section.YearSection)
        qtbot.keyClicks(view.due_edit, typed)
        assert workspace.action(added.id).due_date == stored, typed  # before, 2027-04-15 gave 2027-02-04


def test_alt_d_goes_to_the_due_date_and_never_ticks_its_box_by_itself(qtbot, view, workspace, cycle_id):
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_cycle(cycle_id)
    view.add_button.click()
    (added,) = workspace.actions(cycle_id)
    view.activateWindow()
    view.text_edit.setFocus()
    qtbot.waitUntil(view.text_edit.hasFocus)
    qtbot.keyClick(view.text_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(300)  # a ticked buddy would be clicked 100 ms after the key
    assert view.has_due.hasFocus() and not view.has_due.isChecked()
    qtbot.keyClick(view.has_due, Qt.Key.Key_Space)
    assert view.has_due.isChecked() and workspace.action(added.id).due_date is not None
    view.text_edit.setFocus()
    qtbot.keyClick(view.text_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert view.due_edit.hasFocus()  # a date is there: straight to it
    view.has_due.setChecked(False)  # the date taken away while it has the focus: the focus stays on the form
    assert view.has_due.hasFocus() and workspace.action(added.id).due_date is None


def test_an_edit_a_full_disk_kept_back_is_kept_shown_and_saved_when_it_can(view, workspace, cycle_id, dialogs, qtbot,
                                                                             monkeypatch):
    from iah_assess.storage.workspace import SaveFailed

    workspace.save_action(Action(cycle_id=cycle_id, text="Draft the policy"))
    workspace.save_action(Action(cycle_id=cycle_id, text="Other"))
    view.set_cycle(cycle_id)
    view.retry_ms = 50
    first, other = (a.id for a in workspace.actions(cycle_id))

    def select(action_id: int) -> None:
        view.table.setCurrentIndex(view.model.index(view.model.row_of(action_id), P.TEXT))

    select(first)
    real = workspace.save_action

    def full(*args, **kwargs):  # noqa: ANN002, ANN003
        raise SaveFailed("Not saved (database or disk is full). Free some space on that disk, then try again.")

    monkeypatch.setattr(workspace, "save_action", full)
    view.text_edit.setPlainText("Draft the IaH")
    view.text_edit.setPlainText("Draft the IaH policy")  # typed on while it fails
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    assert len(dialogs.errors) == 1 and "disk is full" in dialogs.errors[0][1]  # said once, not at each key
    assert view.unsaved_label.isVisibleTo(view) and "Not saved — retrying" in view.unsaved_label.text()
    assert view.has_unsaved() and workspace.action(first).text == "Draft the policy"
    assert not view.flush_edits() and not view.flush_edits()  # tried again, in vain, without a dialog each time
    assert len(dialogs.errors) == 1 and view.has_unsaved()
    select(other)
    select(first)
    assert view.text_edit.toPlainText() == "Draft the IaH policy"  # shown as typed, not as stored

    monkeypatch.setattr(workspace, "save_action", real)  # space freed: saved without typing anything more
    qtbot.waitUntil(lambda: not view.has_unsaved(), timeout=3000)
    assert workspace.action(first).text == "Draft the IaH policy"
    assert not view.unsaved_label.isVisibleTo(view)
    view.undo_stack.undo()  # a step of its own, as if saved at once
    assert workspace.action(first).text == "Draft the policy"


def test_a_kept_edit_that_can_never_be_saved_says_so_rather_than_vanish(view, workspace, cycle_id, mini, dialogs,
                                                                         qtbot, monkeypatch):
    from iah_assess.storage.workspace import SaveFailed

    workspace.save_action(Action(cycle_id=cycle_id, text="Draft the policy"))
    view.set_cycle(cycle_id)
    view.table.setCurrentIndex(view.model.index(0, P.TEXT))
    real = workspace.save_action

    def full(*args, **kwargs):  # noqa: ANN002, ANN003
        raise SaveFailed("Not saved (database or disk is full).")

    monkeypatch.setattr(workspace, "save_action", full)
    view.text_edit.setPlainText("Draft the IaH policy")
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    other = make_cycle(workspace, mini, label="2026/27")
    view.set_cycle(other)  # another plan shows; the kept edit is tried where it belongs
    monkeypatch.setattr(workspace, "save_action", real)
    workspace.finalise_cycle(cycle_id)  # meanwhile, in another window: it can never be saved now
    assert view.flush_edits() and not view.has_unsaved()
    qtbot.waitUntil(lambda: len(dialogs.errors) == 2)
    assert "cannot be saved" in dialogs.errors[-1][1] and "finalised" in dialogs.errors[-1][1]


def test_a_plan_too_wide_for_its_page_opens_with_the_rows_start_in_sight(qtbot, ws, mini, mini_catalog, shown_window,
                                                                         large_text):
    """At 150% text on a small screen the columns do not all fit: the chosen action's row shows
    from its start ("#" and the item), not scrolled sideways to its text."""
    from iah_assess.ui.main_window import ACTIONS

    cycle = make_cycle(ws, mini)
    for n in range(3):
        ws.save_action(Action(cycle_id=cycle, text=f"Radionica o internacionalizaciji kod kuće {n}",
                              owner="Prorektorka za međunarodnu saradnju"))
    w = shown_window(mini_catalog, 1024, 600)
    w.select_cycle(cycle)
    w.show_page(ACTIONS)
    view = w.actions_view
    qtbot.waitUntil(lambda: view.table.viewport().width() > 100)
    qtbot.wait(50)
    assert view.table.horizontalScrollBar().maximum() > 0  # wider than the page
    assert view.table.horizontalScrollBar().value() == 0
    # the form's item box ends its "Area — item" in "…" when it is too narrow, with the whole in its tooltip,
    # for the action chosen in the table (the form is filled with its signals blocked)
    assert isinstance(view.item_combo, ElidedComboBox)
    ws.save_action(Action(cycle_id=cycle, text="Za stavku", item_id=mini.items[-1].id))
    view.set_cycle(cycle)
    for row in (3, 0, 3):
        view.table.selectRow(row)
        assert hovered_tooltip(view.item_combo) == view.item_combo.currentText()
    assert " — " in hovered_tooltip(view.item_combo)
