"""Respondents: answers given while the wrong person was chosen move to the right one, with a
choice where both answered, Edit > Undo and Redo, and nothing of the kind in a finalised cycle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

from iah_assess.domain.records import DONT_KNOW, Institution
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.main_window import RESPONDENTS, MainWindow
from tests.ui.test_dialogs import _when_shown


@pytest.fixture
def cycle(ws, mini):
    inst = ws.save_institution(Institution(name="Univerzitet u Tuzli", country="Bosnia and Herzegovina"))
    return ws.create_cycle(inst.id, "2025/26", mini)


@pytest.fixture
def people(ws, cycle):
    """Ana answered while Marko was chosen as answering now; Љубица has not answered yet."""
    marko = ws.add_respondent(cycle.id, "Marko Jovanović", "Dean").id
    ana = ws.add_respondent(cycle.id, "Ana Kovač", "Rector").id
    ljubica = ws.add_respondent(cycle.id, "Љубица Ђорђевић", "Head of international office").id
    ws.save_response(marko, "a-one", 3, "Strategija 2024–2028", "Senat, 12.3.")
    ws.save_response(marko, "a-two", DONT_KNOW)
    return marko, ana, ljubica


def opened(qtbot, ws, mini_catalog, dialogs, data_dir):  # noqa: ANN001, ANN201
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def window(qtbot, ws, people, mini_catalog, dialogs, data_dir):
    """The window on the cycle of these people (made after them, so that it opens on it)."""
    w = opened(qtbot, ws, mini_catalog, dialogs, data_dir)
    yield w
    w.close()


def answers(ws, rid: int) -> dict[str, tuple]:  # noqa: ANN001
    return {i: (r.answer, r.comment, r.evidence, r.updated_at) for i, r in ws.respondent_responses(rid).items()}


def on_respondents(w: MainWindow, selected: int):  # noqa: ANN201
    """The Respondents page with the respondent of this id selected."""
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view._select(selected)
    return view


def rows(view) -> list[str]:  # noqa: ANN001
    return [view.list.item(i).text().split("\n")[-1] for i in range(view.list.count())]  # the progress: the last line


def test_answers_given_under_the_wrong_respondent_move_to_the_one_picked_and_back(window, ws, people, dialogs):
    marko, ana, ljubica = people
    markos = answers(ws, marko)
    window.answer_as(marko)  # he is "answering now": the Answer page shows his answers
    view = on_respondents(window, marko)
    assert view.move_button.isEnabled()
    assert rows(view)[:2] == ["2 of 4 items answered · answering now", "0 of 4 items answered"]
    view.move_button.click()
    title, text, options, ok = dialogs.lists[-1]
    assert text == "Who should have the 2 answers given as Marko Jovanović?"
    assert options == ["Ana Kovač — Rector", "Љубица Ђорђевић — Head of international office"] and ok == "Move the answers"
    assert dialogs.choices == []  # Ana had answered none of them: nothing to choose
    assert answers(ws, ana) == markos and answers(ws, marko) == {}  # level, comment, evidence and when, all of it
    assert view.message.text() == ("2 answers moved from Marko Jovanović to Ana Kovač. "
                                   "Edit > Undo (Ctrl+Z) takes the move back.")
    assert rows(view)[:2] == ["0 of 4 items answered · answering now", "2 of 4 items answered"]
    assert window.answer_view._stored == {}  # the Answer page too
    assert not view.move_button.isEnabled()  # Marko has nothing left to move

    assert window.undo_action.text() == "&Undo Move answers from Marko Jovanović to Ana Kovač"
    window.undo_action.trigger()
    assert answers(ws, marko) == markos and answers(ws, ana) == {}
    assert rows(view)[:2] == ["2 of 4 items answered · answering now", "0 of 4 items answered"]
    assert set(window.answer_view._stored) == {"a-one", "a-two"}
    assert "The move was undone" in view.message.text()
    window.redo_action.trigger()
    assert answers(ws, ana) == markos and answers(ws, marko) == {}
    assert rows(view)[:2] == ["0 of 4 items answered · answering now", "2 of 4 items answered"]
    assert view.message.text().startswith("2 answers moved from Marko Jovanović to Ana Kovač.")


def test_one_answer_is_said_as_one(window, ws, people, dialogs):
    marko, ana, ljubica = people
    ws.save_response(marko, "a-two", None)  # taken back: one answer left
    view = on_respondents(window, marko)
    dialogs.picked = [1]
    assert view.move_answers()
    assert dialogs.lists[-1][1] == "Who should have the 1 answer given as Marko Jovanović?"
    assert view.message.text().startswith("1 answer moved from Marko Jovanović to Љубица Ђорђевић.")
    assert set(answers(ws, ljubica)) == {"a-one"}


def test_picking_nobody_moves_nothing(window, ws, people, dialogs):
    marko, ana, ljubica = people
    before = answers(ws, marko)
    view = on_respondents(window, marko)
    dialogs.picked = [None]
    assert not view.move_answers()
    assert answers(ws, marko) == before and not window.undo_action.isEnabled()


@pytest.mark.parametrize(("pick", "marko_keeps", "ana_has"), [
    (0, {"a-one"}, {"a-one": 1, "a-two": DONT_KNOW, "b-two": 4}),  # Enter: Ana's answers stay hers
    (1, set(), {"a-one": 3, "a-two": DONT_KNOW, "b-two": 4}),  # replaced, and undone below
])
def test_where_both_answered_the_user_chooses_whose_answers_stay_and_undo_gives_both_back(
        window, ws, people, dialogs, pick, marko_keeps, ana_has):
    marko, ana, ljubica = people
    ws.save_response(ana, "a-one", 1, "moja ocjena")
    ws.save_response(ana, "b-two", 4)
    markos, anas = answers(ws, marko), answers(ws, ana)
    view = on_respondents(window, marko)
    dialogs.picks = [pick]
    assert view.move_answers()
    title, question, choices = dialogs.choices[-1]
    assert question.startswith("For 1 item Marko Jovanović answered, Ana Kovač has an answer too. Keep what Ana Kovač answered")
    assert "Edit > Undo" in question
    assert choices == ["Keep", "Replace", "Cancel"]
    assert set(answers(ws, marko)) == marko_keeps
    assert {i: a[0] for i, a in answers(ws, ana).items()} == ana_has
    if pick == 0:
        assert view.message.text() == ("1 answer moved from Marko Jovanović to Ana Kovač. 1 answer stayed with "
                                       "Marko Jovanović, as Ana Kovač had answered the same item. "
                                       "Edit > Undo (Ctrl+Z) takes the move back.")
    else:
        assert "2 answers moved" in view.message.text() and "Replaced: 1 earlier answer of Ana Kovač." in view.message.text()
    window.undo_action.trigger()
    assert answers(ws, marko) == markos and answers(ws, ana) == anas  # Ana's replaced answer as it was


@pytest.mark.parametrize("cancel", [2, None])  # the Cancel button, or Escape
def test_cancelling_the_question_about_answers_both_gave_moves_nothing(window, ws, people, dialogs, cancel):
    marko, ana, ljubica = people
    ws.save_response(ana, "a-one", 1)
    before = answers(ws, marko), answers(ws, ana)
    view = on_respondents(window, marko)
    dialogs.picks = [cancel]
    assert not view.move_answers()
    assert (answers(ws, marko), answers(ws, ana)) == before and not window.undo_action.isEnabled()


def test_when_every_item_was_answered_by_both_and_kept_nothing_moves_and_nothing_is_to_undo(window, ws, people, dialogs):
    marko, ana, ljubica = people
    ws.save_response(ana, "a-one", 1)
    ws.save_response(ana, "a-two", 2)
    view = on_respondents(window, marko)
    assert view.move_answers()
    assert dialogs.choices[-1][1].startswith("For 2 items Marko Jovanović answered, Ana Kovač has an answer too.")
    assert view.message.text().startswith("Nothing was moved: Ana Kovač had answered every one of these items")
    assert len(answers(ws, marko)) == 2 and not window.undo_action.isEnabled()


def test_a_finalised_cycle_offers_no_move(window, ws, cycle, people, dialogs):
    marko, ana, ljubica = people
    ws.finalise_cycle(cycle.id)
    view = on_respondents(window, marko)
    assert view.selected_id() == marko and not view.move_button.isEnabled()
    assert not view.move_answers()
    assert dialogs.lists == [] and len(answers(ws, marko)) == 2


def test_nobody_else_or_no_answers_leaves_nothing_to_move(window, ws, cycle, people):
    marko, ana, ljubica = people
    view = on_respondents(window, ana)
    assert not view.move_button.isEnabled()  # she has no answers yet
    for rid in (ana, ljubica):
        ws.remove_respondent(rid)
    view = on_respondents(window, marko)
    assert not view.move_button.isEnabled()  # nobody to give them to


def test_undo_after_an_answer_moved_was_changed_says_why_and_changes_nothing(window, ws, people, dialogs):
    marko, ana, ljubica = people
    view = on_respondents(window, marko)
    assert view.move_answers()
    window.answer_as(ana)
    window.answer_view.choose(0)  # Ana, answering now, changes one of the answers moved to her
    on_respondents(window, marko)
    after = answers(ws, marko), answers(ws, ana)
    window.undo_action.trigger()
    assert (answers(ws, marko), answers(ws, ana)) == after
    assert "cannot be undone" in view.message.text()
    assert not window.undo_action.isEnabled()  # dropped from the stack: it no longer matches


def test_undoing_the_move_after_the_target_was_removed_and_brought_back_moves_them_to_her_new_id(window, ws, people, dialogs):
    marko, ana, ljubica = people
    markos = answers(ws, marko)
    view = on_respondents(window, marko)
    assert view.move_answers()
    view._select(ana)
    assert view.remove()  # confirmed
    window.undo_action.trigger()  # Ana is back, under another id, with the answers moved to her
    back = next(r.id for r in ws.respondents(view.cycle_id) if r.name == "Ana Kovač")
    assert answers(ws, back) == markos
    window.undo_action.trigger()  # the move taken back: from her, as she is now
    assert answers(ws, marko) == markos and answers(ws, back) == {}
    window.redo_action.trigger()
    assert answers(ws, back) == markos


def test_the_move_is_reached_by_the_keyboard_and_named_for_screen_readers(qtbot, window, ws, people, dialogs):
    marko, ana, ljubica = people
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    view = on_respondents(window, marko)
    assert view.move_button.accessibleName() == "Move the selected respondent's answers to another respondent"
    view.remove_button.setFocus()
    qtbot.keyClick(view.remove_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.move_button
    qtbot.keyClick(view.move_button, Qt.Key.Key_Space)
    assert set(answers(ws, ana)) == {"a-one", "a-two"}
    assert QApplication.focusWidget() is view.list  # the button, of no use now, hands the focus on
    assert QKeySequence.mnemonic(view.move_button.text()) == QKeySequence("Alt+V")  # no other on the page has it


def test_at_150_percent_text_the_move_button_shows_whole(qtbot, ws, cycle, mini_catalog, dialogs, data_dir, large_text):
    ardita = ws.add_respondent(cycle.id, "Ardita Krasniqi-Hoxha", "Student representative").id
    ws.add_respondent(cycle.id, "Љубица Ђорђевић", "Head of international office")
    ws.save_response(ardita, "a-one", 2)
    window = opened(qtbot, ws, mini_catalog, dialogs, data_dir)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    view = on_respondents(window, ardita)
    qtbot.wait(100)  # the layout settles
    for button in (view.add_button, view.rename_button, view.remove_button, view.move_button, view.answer_button):
        assert button.width() >= button.sizeHint().width(), button.text()
        assert button.visibleRegion().boundingRect().size() == button.size(), button.text()
    assert window.minimumSizeHint().width() <= 1280 and window.minimumSizeHint().height() <= 720


def test_the_real_pick_offers_each_option_takes_enter_and_escape_and_names_its_button(qtbot):
    from PySide6.QtTest import QTest

    options = ["Ana Kovač — Rector", "Љубица Ђорђевић — Head of international office"]
    asked = (None, "Move answers", "Who should have the 2 answers given as Marko?", options, "Move the answers")
    seen = []

    def down_and_enter(box) -> None:  # noqa: ANN001
        listed = box.findChild(QListWidget)
        seen.append(([listed.item(i).text() for i in range(listed.count())], box.focusWidget() is listed))
        QTest.keyClick(listed, Qt.Key.Key_Down)
        QTest.keyClick(listed, Qt.Key.Key_Return)

    _when_shown(down_and_enter)
    assert Dialogs().pick(*asked) == 1
    assert seen == [(options, True)]
    _when_shown(lambda box: QTest.keyClick(box, Qt.Key.Key_Return))  # the first is chosen
    assert Dialogs().pick(*asked) == 0
    _when_shown(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    assert Dialogs().pick(*asked) is None
    _when_shown(lambda box: [b for b in box.findChildren(QPushButton) if b.text() == "Move the answers"][0].click())
    assert Dialogs().pick(*asked) == 0
