"""Agreeing levels and targets: everyone's answers side by side, the decision saved and used."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.ui.agree_view import AgreeView
from iah_assess.ui.models import ItemAnswersModel, ItemIdRole, ItemResultsModel
from iah_assess.ui.results_view import ResultsView
from tests.ui.mini_cycle import make_cycle

A = ItemAnswersModel


@pytest.fixture
def view(qtbot, workspace, dialogs):
    v = AgreeView(workspace, dialogs)
    qtbot.addWidget(v)
    return v


def _listed(view: AgreeView) -> list[str]:
    p = view.proxy
    return [p.data(p.index(r, 0), ItemIdRole) for r in range(p.rowCount())]


def test_flagged_items_first_and_everyones_answer(view, workspace, mini):
    view.set_cycle(make_cycle(workspace, mini, ["alpha", "beta"]))
    assert _listed(view) == ["a-one"]
    assert view.current_item_id() == "a-one"
    assert view.item_title.text() == "Alpha — Alpha one"
    assert "levels given 0–3 by 3 respondents · 0 don't know · 0 not applicable" in view.summary.text()
    m = view.answers_model
    rows = [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]
    assert rows == [
        ["Ana Kovač\nRector", "0 Not started", "Ana Kovač on a-one", "Minutes"],
        ["Љубица Ѓорѓиевска\nDean", "1 Initial", "Љубица Ѓорѓиевска on a-one", "Minutes"],
        ["Ermira Çela\nStudent representative", "3 Established", "Ermira Çela on a-one", "Minutes"],
    ]
    view.show_all.setChecked(True)
    assert _listed(view) == ["a-one", "a-two", "b-one", "b-two"]  # flagged first, then in order
    assert view.current_item_id() == "a-one"


def test_agreeing_a_level_changes_the_results(qtbot, view, workspace, mini, dialogs):
    cycle_id = make_cycle(workspace, mini)
    results = ResultsView(workspace, dialogs)
    qtbot.addWidget(results)
    view.decisions_changed.connect(lambda _item: results.refresh())
    results.set_cycle(cycle_id)
    view.set_cycle(cycle_id)
    assert view.agreed_status.text().startswith("No agreed level yet")
    assert not view.clear_button.isEnabled()
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(3))
    assert view.agreed_status.text() == "3 Established is chosen but not recorded: Save records it."
    view.agreed_level.setCurrentIndex(0)  # back to what is recorded
    assert view.agreed_status.text().startswith("No agreed level yet")
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(3))
    view.note.setPlainText("Settled at the senate meeting")
    with qtbot.waitSignal(view.decisions_changed) as sig:
        view.save_button.click()
    assert sig.args == ["a-one"]
    assert dialogs.confirmations == []  # saved: nothing to ask
    d = workspace.decisions(cycle_id)["a-one"]
    assert (d.agreed_level, d.agreed_note) == (3, "Settled at the senate meeting")
    row = results.model.row_of("a-one")
    assert results.model.data(results.model.index(row, ItemResultsModel.LEVEL)) == "3 Established (agreed)"
    assert results.area_list.text().startswith("Alpha: 50 (Developing)")
    assert view.agreed_status.text().startswith("Agreed level: 3 Established")
    assert view.current_item_id() == "a-one"
    # and cleared again: the results use the median; the note, which may say why, stays
    view.clear_button.click()
    assert workspace.decisions(cycle_id)["a-one"].agreed_level is None
    assert dialogs.confirmations == []
    assert results.model.data(results.model.index(row, ItemResultsModel.LEVEL)) == "1 Initial"
    assert workspace.decisions(cycle_id)["a-one"].agreed_note == "Settled at the senate meeting"
    assert view.note.toPlainText() == "Settled at the senate meeting"


def test_a_typed_note_is_kept_on_moving_on_and_after_a_pause(qtbot, view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    view.show()
    qtbot.waitExposed(view)
    view.set_cycle(cycle_id)
    view.show_all.setChecked(True)
    view.select_item("a-one")
    view.note.setPlainText("Dean and rector to meet on this")  # typed, no Save
    view.select_item("a-two")
    assert workspace.decisions(cycle_id)["a-one"].agreed_note == "Dean and rector to meet on this"
    assert workspace.decisions(cycle_id)["a-one"].agreed_level is None  # the note alone: no level was agreed
    view.note.setPlainText("Needs the budget figures")
    qtbot.waitUntil(lambda: "a-two" in workspace.decisions(cycle_id), timeout=3000)  # a second after the last keystroke
    assert workspace.decisions(cycle_id)["a-two"].agreed_note == "Needs the budget figures"
    view.select_item("a-one")
    assert view.note.toPlainText() == "Dean and rector to meet on this"
    # a level chosen is only recorded with Save; typing the note then keeps the stored level
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(2))
    view.save_button.click()
    view.note.setPlainText("Agreed: 2, to be checked next year")
    view.hide()  # the page is left
    assert (workspace.decisions(cycle_id)["a-one"].agreed_level, workspace.decisions(cycle_id)["a-one"].agreed_note) == (
        2, "Agreed: 2, to be checked next year")


def chosen_not_recorded(view, workspace, mini, item_id: str, level: int) -> int:  # noqa: ANN001
    """A new cycle on the page, all items listed, with a level chosen for one item and not saved."""
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    view.show_all.setChecked(True)
    view.select_item(item_id)
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(level))
    return cycle_id


def test_a_level_chosen_and_not_recorded_is_asked_about_on_moving_on(qtbot, view, workspace, mini, dialogs):
    cycle_id = chosen_not_recorded(view, workspace, mini, "a-one", 2)
    dialogs.answers = [True]
    view.select_item("a-two")  # "Record it?" yes
    assert "2 Developing was chosen as the agreed level" in dialogs.confirmations[-1][1] and dialogs.default_yes
    assert workspace.decisions(cycle_id)["a-one"].agreed_level == 2
    qtbot.waitUntil(lambda: view.current_item_id() == "a-two")
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(4))
    dialogs.answers = [False]
    assert view.settle()  # as on leaving the page: no, and the choice goes back to what is recorded
    assert "a-two" not in workspace.decisions(cycle_id) and view.agreed_level.currentData() is None
    assert len(dialogs.confirmations) == 2
    assert view.settle() and len(dialogs.confirmations) == 2  # nothing left to ask


def test_cancel_stays_on_the_item_and_a_new_target_keeps_the_level_chosen(qtbot, view, workspace, mini, dialogs):
    cycle_id = chosen_not_recorded(view, workspace, mini, "a-one", 3)
    dialogs.answers = [None]  # Cancel or Escape
    view.select_item("a-two")
    qtbot.wait(10)  # the list goes back once the move is over
    assert view.current_item_id() == "a-one" and view.agreed_level.currentData() == 3
    assert "a-one" not in workspace.decisions(cycle_id)
    asked = len(dialogs.confirmations)
    view.target.setCurrentIndex(view.target.findData(4))  # another field: nothing to ask about the level
    assert len(dialogs.confirmations) == asked
    assert workspace.decisions(cycle_id)["a-one"].target == 4
    assert view.agreed_level.currentData() == 3 and "chosen but not recorded" in view.agreed_status.text()


def test_cancel_on_narrowing_the_list_keeps_it_and_the_level_chosen(qtbot, view, workspace, mini, dialogs):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    view.show_all.setChecked(True)
    view.select_item("a-two")  # not flagged: narrowing the list to flagged items would drop it
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(2))
    dialogs.answers = [None]
    view.show_all.setChecked(False)
    qtbot.wait(10)
    assert view.show_all.isChecked() and view.current_item_id() == "a-two" and view._item_id == "a-two"
    assert view.agreed_level.currentData() == 2 and len(dialogs.confirmations) == 1  # asked once


def test_a_note_typed_just_before_showing_all_items_is_kept(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    view.select_item("a-one")
    view.note.setPlainText("Rector to decide")  # typed, within the second before it would be saved
    view.show_all.setChecked(True)
    assert workspace.decisions(cycle_id)["a-one"].agreed_note == "Rector to decide"
    assert view.note.toPlainText() == "Rector to decide"


def test_a_note_that_could_not_be_saved_stays_with_its_item_and_is_saved_later(view, workspace, mini, dialogs,
                                                                               monkeypatch):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    view.show_all.setChecked(True)
    view.select_item("a-one")
    real = workspace.set_agreed_level

    def locked(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("database is locked")

    monkeypatch.setattr(workspace, "set_agreed_level", locked)
    view.note.setPlainText("Waiting for the dean's figures")
    view.select_item("a-two")
    assert dialogs.errors and "database is locked" in dialogs.errors[-1][1]
    assert view.note.toPlainText() == ""  # a-two's own note
    view.select_item("a-one")
    assert view.note.toPlainText() == "Waiting for the dean's figures"  # not lost
    monkeypatch.setattr(workspace, "set_agreed_level", real)
    view.select_item("b-one")
    decisions = workspace.decisions(cycle_id)
    assert decisions["a-one"].agreed_note == "Waiting for the dean's figures" and "a-two" not in decisions


def test_target_is_saved_at_once(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    view.show_all.setChecked(True)
    view.select_item("a-two")
    assert view.target.currentData() is None and view.target.currentText() == "Cycle default (3 Established)"
    view.target.setCurrentIndex(view.target.findData(4))
    assert workspace.decisions(cycle_id)["a-two"].target == 4
    assert workspace.cycle_result(cycle_id).item("a-two").target == 4
    assert view.current_item_id() == "a-two"
    row = view.model.row_of("a-two")
    assert view.model.data(view.model.index(row, ItemResultsModel.TARGET)) == "4"


def test_select_item_shows_all_when_needed(view, workspace, mini):
    view.set_cycle(make_cycle(workspace, mini))
    view.select_item("a-two")
    assert view.show_all.isChecked() and view.current_item_id() == "a-two"


def test_no_flagged_items_says_so(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    workspace.save_response(workspace.respondents(cycle_id)[2].id, "a-one", 1)
    view.refresh()
    assert _listed(view) == []
    assert view.empty_label.text() == "No item is flagged."
    # not an empty pane beside an empty list: why, and what can be done all the same
    assert view.item_title.text() == "Nothing to discuss: the team's answers agree"
    assert "tick \"Show all items\" (Alt+A)" in view.statement.text()
    assert not view.save_button.isEnabled()
    view.show_all.setChecked(True)
    assert view.item_title.text() != "Nothing to discuss: the team's answers agree"


def test_finalised_cycle_refuses_decisions(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    workspace.finalise_cycle(cycle_id)
    view.set_cycle(cycle_id)
    assert view.read_only_label.isVisibleTo(view) and "read-only" in view.read_only_label.text()
    for w in (view.agreed_level, view.note, view.save_button, view.clear_button, view.target):
        assert not w.isEnabled()
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(2))
    view.save_agreed()
    view.target.setCurrentIndex(view.target.findData(4))
    assert workspace.decisions(cycle_id) == {}


def test_area_left_out_cannot_be_agreed(view, workspace, mini):
    view.set_cycle(make_cycle(workspace, mini))
    view.select_item("b-one")
    assert view.summary.text() == "This area is not assessed in this cycle."
    assert not view.save_button.isEnabled()


@pytest.mark.slow
def test_demo_cycle_lists_the_flagged_items(view, workspace):
    inst = ensure_demo(workspace, load(shipped_dir() / "iah-core").questionnaire)
    current = workspace.cycles(inst.id)[-1]
    view.set_cycle(current.id)
    flagged = [i.item_id for i in workspace.cycle_result(current.id).items if i.disagreement]
    assert _listed(view) == flagged
    assert view.answers_model.rowCount() == 4
    view.resize(1280, 720)
    assert not view.grab().isNull()


def test_a_comment_longer_than_the_table_can_be_read_to_its_end(qtbot, view, workspace, mini):
    from PySide6.QtWidgets import QAbstractItemView

    cycle_id = make_cycle(workspace, mini)
    first = workspace.respondents(cycle_id)[0]
    workspace.save_response(first.id, "a-one", 0, "Dugačak komentar. " * 300)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_cycle(cycle_id)
    table = view.answers
    assert table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
    assert table.verticalScrollBar().singleStep() <= 2 * table.fontMetrics().height()
    # cut short while the others are in sight; whole, to scroll through, once selected
    qtbot.waitUntil(lambda: _fitted(table))
    row = next(r for r in range(3) if table.model().index(r, A.COMMENT).data().startswith("Dugačak"))
    assert table.rowHeight(row) < table.sizeHintForRow(row)
    table.selectRow(row)
    qtbot.waitUntil(lambda: table.rowHeight(row) == table.sizeHintForRow(row))
    # the scroll bar follows the taller row at the view's next layout pass, not at once
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0)


LONG_COMMENT = ("Čini mi se da dekani različito razumeju pojam internacionalizacije kod kuće; "
                "Ѓорѓи и Љубица ће то проверити са канцеларијом. Çështja do të diskutohet në senat. " * 20)[:2000]


def _demo_window(qtbot, ws, data_dir, dialogs, size: tuple[int, int]):  # noqa: ANN001, ANN202
    """The main window on the sample institution, at that size, on Agree levels, showing a flagged
    item on which every respondent wrote a comment of 2000 characters."""
    from iah_assess.catalog import Catalog
    from iah_assess.storage import paths
    from iah_assess.ui.main_window import AGREE, MainWindow

    inst = ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    cycle = ws.cycles(inst.id)[-1]
    item = next(i.item_id for i in ws.cycle_result(cycle.id).items if i.disagreement and not i.agreed)
    for person in ws.respondents(cycle.id):
        answer = next(r for r in ws.responses(cycle.id) if r.respondent_id == person.id and r.item_id == item)
        ws.save_response(person.id, item, answer.answer, LONG_COMMENT, answer.evidence)
    w = MainWindow(ws, Catalog(paths.user_questionnaire_dir(data_dir)), dialogs, data_dir)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.show_page(AGREE)
    w.agree_view.select_item(item)
    return w


def _fitted(table) -> bool:  # noqa: ANN001
    """Whether the rows have the heights the table gives them (once the event loop has run)."""
    heights = [table.rowHeight(r) for r in range(table.model().rowCount())]
    wanted = table.row_heights() if hasattr(table, "row_heights") else [table.sizeHintForRow(r) for r in range(len(heights))]
    return bool(heights) and heights == wanted


def _rows_in_sight(table) -> list[int]:  # noqa: ANN001
    """The rows the table shows from top to bottom, none cut off by its edge."""
    bottom = table.viewport().height()
    return [r for r in range(table.model().rowCount())
            if table.rowViewportPosition(r) >= 0 and table.rowViewportPosition(r) + table.rowHeight(r) <= bottom]


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_150_percent_text_long_comments_leave_everyones_answer_in_sight(qtbot, ws, data_dir, dialogs, large_text):
    from PySide6.QtCore import QItemSelectionModel, Qt

    w = _demo_window(qtbot, ws, data_dir, dialogs, (1280, 720))
    try:
        assert w.size().height() == 720
        table = w.agree_view.answers
        assert table.model().rowCount() == 4
        qtbot.waitUntil(lambda: _fitted(table))
        assert _rows_in_sight(table) == [0, 1, 2, 3]
        line = table.fontMetrics().lineSpacing()
        for r in range(4):  # each row a few lines of its comment, the name and the role, cut with "…"
            assert table.rowHeight(r) >= 2 * line
            assert table.rowHeight(r) < table.sizeHintForRow(r)
        # the whole comment is its cell's tooltip, wrapped to lines
        tip = table.model().data(table.model().index(0, A.COMMENT), Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("<p") and html.unescape(re.sub(r"<[^>]+>", "", tip)) == LONG_COMMENT
        # and its row shows whole while it is selected
        table.selectionModel().select(table.model().index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        qtbot.waitUntil(lambda: table.rowHeight(1) == table.sizeHintForRow(1))
        assert table.rowHeight(1) > table.viewport().height() and table.rowHeight(2) < table.sizeHintForRow(2)
        table.clearSelection()
        qtbot.waitUntil(lambda: _fitted(table) and table.rowHeight(1) < table.sizeHintForRow(1))
        assert _rows_in_sight(table) == [0, 1, 2, 3]
    finally:
        w.close()


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_150_percent_text_agree_levels_still_fits_1024_by_600(qtbot, ws, data_dir, dialogs, large_text):
    w = _demo_window(qtbot, ws, data_dir, dialogs, (1024, 600))
    try:
        qtbot.waitUntil(lambda: _fitted(w.agree_view.answers))
        hint = w.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 600, hint
        assert (w.width(), w.height()) == (1024, 600)
        assert _rows_in_sight(w.agree_view.answers)  # the first answer at least, however little room there is
    finally:
        w.close()


class _Longer(QTranslator):
    """A translation whose "No agreed level" is longer than the English, as many are."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201, ARG002
        return "Nema dogovorenog nivoa za ovu stavku" if (context, source) == ("Agree", "No agreed level") else None

    def isEmpty(self) -> bool:  # noqa: N802
        return False


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("size", [(1280, 720), (1024, 600)])
def test_at_150_percent_text_the_decisions_buttons_are_whole(qtbot, ws, data_dir, dialogs, large_text, size):
    longer = _Longer()
    QCoreApplication.installTranslator(longer)
    try:
        w = _demo_window(qtbot, ws, data_dir, dialogs, size)
    finally:
        QCoreApplication.removeTranslator(longer)
    try:
        assert w.agree_view.agreed_level.itemText(0) == "Nema dogovorenog nivoa za ovu stavku"
        view = w.agree_view
        qtbot.waitUntil(lambda: _fitted(view.answers))
        view.splitter.setSizes([10_000, 1])  # the list of items dragged as wide as it goes
        qtbot.wait(50)
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        combo = view.agreed_level  # each entry whole, even at its least width: a combo cuts what does not fit, "(us("
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        option.rect.setWidth(combo.minimumSizeHint().width())
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        assert all(combo.fontMetrics().horizontalAdvance(combo.itemText(k)) <= field.width() for k in range(combo.count()))
        for button in (view.save_button, view.clear_button):
            assert button.width() >= button.sizeHint().width(), (button.text(), button.width(), button.sizeHint().width())
            right = button.mapTo(w, button.rect().topRight()).x()
            assert right < w.width()
    finally:
        w.close()
