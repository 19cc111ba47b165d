"""The window opens with only the overview built; every other view is built on first use."""

from __future__ import annotations

import subprocess
import sys

from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import (
    ACTIONS,
    ANSWER,
    INSTITUTION,
    NEW_CYCLE,
    OVERVIEW,
    RESPONDENTS,
    RESULTS,
    REVIEW,
    MainWindow,
)

VIEW_MODULES = ("institution_view", "respondents_view", "answer_view", "review_view", "results_view", "agree_view",
                "actions_view", "compare_view", "new_cycle_view", "models", "compare_models", "workers")


def _window(qtbot, ws, mini_catalog, dialogs, data_dir) -> MainWindow:  # noqa: ANN001
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    return w


def _cycle_with_people(ws, mini_catalog):  # noqa: ANN001, ANN202
    mini = mini_catalog.get("mini").questionnaire
    inst = ws.save_institution(Institution(name="Univerzitet „Džemal Bijedić“ Mostar"))
    cycle = ws.create_cycle(inst.id, "2025/26", mini)
    people = [ws.add_respondent(cycle.id, "Ćamil Šehić", "Dean"), ws.add_respondent(cycle.id, "Đurđa Žarić", "Rector")]
    return cycle, people, mini


def test_starting_the_app_does_not_import_the_other_views():
    code = ("import sys, iah_assess.ui.app, iah_assess.ui.main_window; "
            "print(' '.join(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('iah_assess.ui.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "main_window" in out and "overview_view" in out
    assert not set(VIEW_MODULES) & set(out)


def test_only_the_overview_is_built_until_a_page_is_shown(qtbot, ws, mini_catalog, dialogs, data_dir):
    _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show()
    qtbot.waitExposed(w)
    assert w.stack.count() == 10
    assert w.stack.currentWidget() is w.overview
    assert [w._built(page) for page in range(1, 10)] == [None] * 9
    w.show_page(RESULTS)
    assert w.current_page() == RESULTS
    assert w.stack.widget(RESULTS) is w.results_view
    assert w.results_view.isVisible()
    assert w._built(AGREE := RESULTS + 1) is None and w._built(ACTIONS) is None, AGREE
    w.show_page(OVERVIEW)
    assert w.stack.currentWidget() is w.overview
    w.close()


def test_a_view_built_late_follows_the_chosen_cycle_and_respondent(qtbot, ws, mini_catalog, dialogs, data_dir):
    cycle, people, _ = _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.select_cycle(cycle.id)
    w.set_respondent(people[1].id)
    assert w._built(ANSWER) is None and w._built(RESPONDENTS) is None
    assert w.answer_view.cycle_id == cycle.id
    assert w.answer_view.respondent_id == people[1].id
    assert w.respondents_view.current_respondent == people[1].id
    assert w.review_view.cycle_id == cycle.id
    assert w.institution_view.institution_id == w.institution_id
    w.close()


def test_answering_opens_at_the_chosen_item_the_first_time(qtbot, ws, mini_catalog, dialogs, data_dir):
    cycle, people, mini = _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show()
    qtbot.waitExposed(w)
    last = mini.items[-1].id
    w.answer_as(people[0].id, last)
    assert w.current_page() == ANSWER
    assert w.answer_view.current_item.id == last
    w.close()


def test_the_go_menu_lists_the_answering_moves_before_and_after_the_view_is_built(qtbot, ws, mini_catalog, dialogs,
                                                                                   data_dir):
    cycle, people, _ = _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show()
    qtbot.waitExposed(w)

    def moves() -> list[tuple[str, str, bool]]:
        tail = w.go_menu.actions()[-3:]
        return [(a.text(), a.shortcut().toString(), a.isEnabled()) for a in tail]

    before = moves()
    assert [text for text, _, _ in before] == ["&Next item", "&Previous item", "Next &unanswered item"]
    assert not any(enabled for _, _, enabled in before)
    w.answer_as(people[0].id)
    view = w.answer_view
    assert w.go_menu.actions()[-3:] == [view.next_action, view.prev_action, view.unanswered_action]
    assert [(text, keys) for text, keys, _ in moves()] == [(text, keys) for text, keys, _ in before]
    assert view.next_action.isEnabled()
    item = view.current_item.id
    w.go_menu.actions()[-3].trigger()  # Go > Next item
    assert view.current_item.id != item
    w.show_page(OVERVIEW)
    assert not view.next_action.isEnabled()
    w.close()


def test_undo_does_nothing_before_the_action_plan_exists_and_reaches_it_after(qtbot, ws, mini_catalog, dialogs,
                                                                               data_dir):
    cycle, _, _ = _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.select_cycle(cycle.id)
    assert not w.undo_action.isEnabled() and not w.redo_action.isEnabled()
    w.undo_action.trigger()
    w.redo_action.trigger()
    assert w._built(ACTIONS) is None
    assert ws.actions(cycle.id) == []

    w.show_page(ACTIONS)
    w.actions_view.add_action()
    [action] = ws.actions(cycle.id)
    assert w.undo_action.isEnabled()
    w.undo_action.trigger()
    assert ws.actions(cycle.id) == []
    w.redo_action.trigger()
    assert [a.item_id for a in ws.actions(cycle.id)] == [action.item_id]
    w.close()


def test_pages_with_their_own_setup_still_open_from_the_menu_flows(qtbot, ws, mini_catalog, dialogs, data_dir):
    _cycle_with_people(ws, mini_catalog)
    w = _window(qtbot, ws, mini_catalog, dialogs, data_dir)
    w.show()
    qtbot.waitExposed(w)
    w.show_new_cycle()
    assert w.current_page() == NEW_CYCLE and w.stack.currentWidget() is w.new_cycle_view
    w.start_own()
    assert w.current_page() == INSTITUTION and w.stack.currentWidget() is w.institution_view
    w.show_page(REVIEW)
    assert w.stack.currentWidget() is w.review_view
    w.close()
