"""The whole way through, as a user would go: a new institution, a cycle, two respondents answering
one area by keyboard, the area score and disagreement, an agreed level, an action plan edit, and
everything still there after closing and reopening the data folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from iah_assess.storage.workspace import Workspace
from iah_assess.ui.main_window import ACTIONS, AGREE, ANSWER, INSTITUTION, NEW_CYCLE, OVERVIEW, RESPONDENTS, RESULTS, MainWindow

INSTITUTION_NAME = "Универзитет „Гоце Делчев“ Штип"


def answer_by_keyboard(qtbot, w: MainWindow, keys: list[Qt.Key]) -> None:
    view = w.answer_view
    for key in keys:
        target = view.focusWidget() or view.cards[0]
        qtbot.keyClick(target, key)
        qtbot.keyClick(view.focusWidget() or view.cards[0], Qt.Key.Key_Return)


@pytest.mark.slow
def test_journey(qtbot, data_dir, mini_catalog, dialogs):
    ws = Workspace.in_folder(data_dir)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)

    # an institution of one's own
    qtbot.mouseClick(w.overview.welcome.own_button, Qt.MouseButton.LeftButton)
    assert w.current_page() == INSTITUTION
    iv = w.institution_view
    iv.name.setText(INSTITUTION_NAME)  # QTest types ASCII only
    iv.country.setCurrentText("North Macedonia")
    iv.city.setText("Штип")
    iv.type.setCurrentIndex(iv.type.findData("Public university"))
    iv.size.setCurrentIndex(iv.size.findData("2,000-10,000 students"))
    qtbot.keyClick(iv.name, Qt.Key.Key_Return)
    assert w.current_page() == NEW_CYCLE

    # a cycle with the suggested label
    ncv = w.new_cycle_view
    label = ncv.label.text()
    assert label.count("/") == 1
    qtbot.mouseClick(ncv.create_button, Qt.MouseButton.LeftButton)
    assert w.current_page() == RESPONDENTS
    assert w.windowTitle() == f"iah-assess — {INSTITUTION_NAME} — {label}"

    # two respondents
    rv = w.respondents_view
    for name, role in (("Љубица Ѓорѓиевска", "Vice-rector"), ("Ermira Çela", "Student representative")):
        rv.list.setCurrentRow(-1)
        rv.name.clear()
        rv.name.setText(name)
        rv.role.setCurrentIndex(rv.role.findData(role))
        qtbot.keyClick(rv.add_button, Qt.Key.Key_Space)
    people = ws.respondents(w.cycle_id)
    assert [p.name for p in people] == ["Љубица Ѓорѓиевска", "Ermira Çela"]

    # each answers area Alpha (a-one, a-two) by keyboard
    for person, keys in zip(people, ([Qt.Key.Key_4, Qt.Key.Key_3], [Qt.Key.Key_1, Qt.Key.Key_3])):
        w.answer_as(person.id, "a-one")
        assert w.windowTitle().endswith(f"answering as {person.name}")
        answer_by_keyboard(qtbot, w, keys)
        assert w.answer_view._area_nodes["alpha"].text(0) == "Alpha (2/2)"
        assert w.answer_view._area_nodes["beta"].text(0) == "Beta (0/2)"

    # the area score and the disagreement flag
    result = ws.cycle_result(w.cycle_id)
    alpha = result.area("alpha")
    assert alpha.score == pytest.approx((62.5 * 1 + 75 * 2) / 3)  # a-one median 2.5, a-two 3; weights 1 and 2
    assert result.item("a-one").disagreement and not result.item("a-two").disagreement
    w.show_page(RESULTS)
    assert "Alpha: 71" in w.results_view.area_list.text()
    assert "disagree" in w.results_view.index_label.text() or "flagged" in w.results_view.index_label.text()
    w.show_page(AGREE)
    av = w.agree_view
    assert av.proxy.rowCount() == 1  # only the flagged item is listed first
    av.select_item("a-one")
    assert av.current_item_id() == "a-one"
    av.agreed_level.setCurrentIndex(av.agreed_level.findData(3))
    av.note.setPlainText("Složili smo se na sastanku.")
    qtbot.mouseClick(av.save_button, Qt.MouseButton.LeftButton)
    assert ws.decisions(w.cycle_id)["a-one"].agreed_level == 3

    # the action plan: add an action, edit it, undo and redo through the Edit menu
    w.show_page(ACTIONS)
    plan = w.actions_view
    plan.add_action()
    [action] = ws.actions(w.cycle_id)
    first = action.id
    assert plan.edit_action(first, "owner", "Prorektorka za nastavu")
    w.undo_action.trigger()
    assert ws.action(first).owner == ""
    w.redo_action.trigger()
    assert ws.action(first).owner == "Prorektorka za nastavu"

    # close everything and reopen the same data folder
    w.answer_as(people[1].id, "a-two")
    cycle_id = w.cycle_id
    w.close()
    ws.close()

    again = Workspace.in_folder(data_dir)
    try:
        w2 = MainWindow(again, mini_catalog, dialogs, data_dir)
        qtbot.addWidget(w2)
        assert w2.current_page() == OVERVIEW
        assert w2.windowTitle() == f"iah-assess — {INSTITUTION_NAME} — {label} — answering as Ermira Çela"
        [inst] = again.institutions()
        assert (inst.name, inst.country, inst.city, inst.type) == (INSTITUTION_NAME, "North Macedonia", "Штип", "Public university")
        assert [p.name for p in again.respondents(cycle_id)] == ["Љубица Ѓорѓиевска", "Ermira Çela"]
        assert {(r.respondent_id, r.item_id, r.answer) for r in again.responses(cycle_id)} == {
            (people[0].id, "a-one", 4), (people[0].id, "a-two", 3), (people[1].id, "a-one", 1), (people[1].id, "a-two", 3)}
        decision = again.decisions(cycle_id)["a-one"]
        assert (decision.agreed_level, decision.agreed_note) == (3, "Složili smo se na sastanku.")
        assert again.action(first).owner == "Prorektorka za nastavu"
        assert again.cycle_result(cycle_id).area("alpha").score == pytest.approx((75 * 1 + 75 * 2) / 3)
        w2.overview.continue_button.click()
        assert w2.current_page() == ANSWER
        assert w2.answer_view.current_item.id == "a-two" and w2.answer_view.cards[3].isChecked()
        w2.close()
    finally:
        again.close()
