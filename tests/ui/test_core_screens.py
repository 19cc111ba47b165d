"""The main window and GUI-A's screens: empty start, sample, institution, new cycle, respondents,
answering, review and finalise, read-only and damaged workspaces, help."""

from __future__ import annotations

import gc
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QApplication

from iah_assess.catalog import Catalog
from iah_assess.demo import ensure_demo
from iah_assess.domain.records import DONT_KNOW, NOT_APPLICABLE, Action, Institution
from iah_assess.storage import db, paths
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.app import open_workspace
from iah_assess.ui.widgets import blocked
from tests.ui.conftest import hovered_tooltip
from tests.ui.mini_cycle import make_cycle
from iah_assess.ui.main_window import ACTIONS, AGREE, ANSWER, COMPARE, INSTITUTION, NEW_CYCLE, OVERVIEW, RESPONDENTS, RESULTS, REVIEW, MainWindow


@pytest.fixture
def windows(qtbot, ws):
    """Windows made in a test; closed before the workspace closes."""
    made: list[MainWindow] = []
    yield made
    for w in made:
        w.close()


@pytest.fixture
def window(qtbot, ws, mini_catalog, dialogs, data_dir, windows):
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    windows.append(w)
    return w


@pytest.fixture
def cycle(ws, mini):
    inst = ws.save_institution(Institution(name="Univerzitet u Tuzli", country="Bosnia and Herzegovina", type="Public university"))
    c = ws.create_cycle(inst.id, "2025/26", mini)
    return c


@pytest.fixture
def make_window(qtbot, ws, mini_catalog, dialogs, data_dir, windows):
    def make(sample=None) -> MainWindow:  # noqa: ANN001
        w = MainWindow(ws, mini_catalog, dialogs, data_dir, sample=sample)
        qtbot.addWidget(w)
        windows.append(w)
        return w

    return make


def shown(qtbot, w: MainWindow, width: int = 1280, height: int = 720) -> MainWindow:  # noqa: ANN001
    """The window on screen at that size."""
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    return w


# --- the empty workspace and the sample ------------------------------------------------------


def test_an_empty_workspace_offers_the_sample_and_a_fresh_start(window):
    assert window.institution_id is None
    assert window.current_page() == OVERVIEW
    assert not window.overview.welcome.isHidden()
    assert window.overview.main.isHidden()
    assert window.windowTitle() == "iah-assess"
    assert window.overview.welcome.sample_button.isHidden()  # no sample builder was given
    window.overview.welcome.own_button.click()
    assert window.current_page() == INSTITUTION


def test_a_finalised_cycles_banner_is_not_shown_on_the_pages_that_are_not_about_it(make_window, ws, cycle):
    ws.finalise_cycle(cycle.id)
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(RESULTS)
    assert not w.banner.isHidden() and "Cycle 2025/26 is finalised" in w.banner.text()
    for page in (NEW_CYCLE, INSTITUTION):  # a word on the cycle being made, or on the institution, it would seem
        w.show_page(page)
        assert w.banner.isHidden()
    w.show_page(OVERVIEW)
    assert not w.banner.isHidden()
    for page in (RESULTS, AGREE, ACTIONS):  # the window's banner alone says it, not a second strip on the page
        w.show_page(page)
        assert not w.banner.isHidden()
        own = w.page(page).read_only_label
        assert "finalised" in own.text() and own.isHidden()


def test_a_long_institution_name_ends_in_an_ellipsis_in_its_box(qtbot, make_window, ws):
    from PySide6.QtGui import QFontMetrics

    from iah_assess.ui.widgets import ElidedComboBox, cut_to_fit

    name = "Универзитет „Св. Кирил и Методиј“ во Скопје – Факултет за Ѓорѓе Џаферовски"
    ws.save_institution(Institution(name=name))
    w = shown(qtbot, make_window())
    assert isinstance(w.institution_combo, ElidedComboBox)
    fm = QFontMetrics(w.institution_combo.font())
    cut = cut_to_fit(fm, name, 200)
    assert cut.endswith("…") and name.startswith(cut[:-1]) and fm.horizontalAdvance(cut) <= 200
    assert cut_to_fit(fm, "UNTZ", 200) == "UNTZ"
    assert hovered_tooltip(w.institution_combo) == name  # the box shows it cut (below); the tooltip has it whole


def test_the_institution_box_paints_a_name_that_fits_as_qt_does_and_one_too_long_cut(qtbot):
    from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

    from iah_assess.ui.widgets import ElidedComboBox, cut_to_fit

    def painted(box_type: type[QComboBox], text: str) -> QComboBox:
        box = box_type()
        qtbot.addWidget(box)
        box.addItem(text)
        box.resize(320, box.sizeHint().height())
        return box

    def same_pixels(a: QComboBox, b: QComboBox) -> bool:
        return a.grab().toImage() == b.grab().toImage()

    short = "UNTZ Tuzla"  # Qt paints it (no QStyle in the first frame)
    assert same_pixels(painted(ElidedComboBox, short), painted(QComboBox, short))
    long = "Универзитет „Св. Кирил и Методиј“ во Скопје – Факултет за Ѓорѓе Џаферовски, čćđšž"
    ours = painted(ElidedComboBox, long)
    opt = QStyleOptionComboBox()
    ours.initStyleOption(opt)
    field = ours.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, ours)
    cut = cut_to_fit(ours.fontMetrics(), long, field.width() - 4)
    assert cut.endswith("…") and long.startswith(cut[:-1])
    assert same_pixels(ours, painted(QComboBox, cut))  # as Qt paints the shortened name
    assert not same_pixels(ours, painted(QComboBox, long))  # not cut off mid-letter as Qt would


def test_in_an_empty_workspace_the_keys_start_on_its_first_step(qtbot, make_window):
    w = shown(qtbot, make_window())
    w.activateWindow()
    qtbot.waitUntil(lambda: w.overview.welcome.own_button.hasFocus())  # once the first frame is on screen
    qtbot.keyClick(w.overview.welcome.own_button, Qt.Key.Key_Space)
    assert w.current_page() == INSTITUTION


def test_the_welcome_page_is_made_only_for_an_empty_workspace(qtbot, cycle, make_window):
    w = make_window(sample=lambda worker_ws, progress: cycle.institution_id)
    w.show()
    assert w.institution_id is not None and not w.overview.main.isHidden()
    assert w.overview._welcome is None  # a start on an institution never makes it
    w.open_sample()  # File > Open the sample institution shows its progress there
    assert not w.overview.welcome.isHidden() and w.overview.main.isHidden()
    qtbot.waitUntil(lambda: w.sample_job is None, timeout=10000)
    assert not w.overview.main.isHidden()


def test_the_sample_is_built_off_the_gui_thread_with_progress(qtbot, ws, mini, make_window):
    threads: list[int] = []
    steps: list[tuple[int, int]] = []

    def build(worker_ws: Workspace, progress) -> int:  # noqa: ANN001
        threads.append(threading.get_ident())
        assert worker_ws is not ws  # its own connection
        return ensure_demo(worker_ws, mini, progress).id  # type: ignore[return-value]

    w = make_window(build)
    w.overview.welcome.progress.valueChanged.connect(lambda v: steps.append((v, w.overview.welcome.progress.maximum())))
    assert not w.overview.welcome.sample_button.isHidden()
    w.overview.welcome.sample_button.click()
    assert not w.overview.welcome.sample_button.isEnabled()
    qtbot.waitUntil(lambda: w.institution_id is not None, timeout=20000)
    assert threads and threads[0] != threading.get_ident()
    assert (3, 3) in steps
    assert w.overview.welcome.progress.isHidden()
    assert "Drinska Dolina" in w.windowTitle()
    assert w.cycle_combo.count() == 3
    assert w.overview.table.rowCount() == 3
    assert w.overview.table.item(0, 1).text() == "Finalised"


def test_a_sample_made_while_a_form_is_edited_waits_in_the_list(qtbot, ws, mini, cycle, make_window, dialogs):
    w = make_window(lambda worker_ws, progress: ensure_demo(worker_ws, mini, progress).id)
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.open_sample()
    w.show_page(RESPONDENTS)
    w.respondents_view.name.setText("Ermira Çela")  # typed, not added yet
    qtbot.waitUntil(lambda: w.sample_job is None, timeout=20000)
    assert w.current_page() == RESPONDENTS and w.institution_id == cycle.institution_id
    assert w.respondents_view.name.text() == "Ermira Çela" and dialogs.confirmations == []
    assert w.institution_combo.count() == 2 and "sample institution is ready" in w.statusBar().currentMessage()


def test_a_sample_made_while_a_new_institution_is_typed_leaves_the_form_as_it_is(qtbot, ws, mini, make_window, dialogs):
    w = make_window(lambda worker_ws, progress: ensure_demo(worker_ws, mini, progress).id)
    w.open_sample()
    w.start_own()
    w.institution_view.name.setText("Univerzitet u Bihaću")
    w.institution_view.city.setText("Bihać")
    qtbot.waitUntil(lambda: w.sample_job is None, timeout=20000)
    assert w.current_page() == INSTITUTION and w.institution_view.institution_id is None
    assert (w.institution_view.name.text(), w.institution_view.city.text()) == ("Univerzitet u Bihaću", "Bihać")
    assert w.institution_combo.count() == 1  # the sample, to choose when the form is done


def test_a_new_institution_saved_on_choosing_another_goes_to_the_one_chosen(make_window, ws, cycle, dialogs):
    other = ws.save_institution(Institution(name="Univerzitet Crne Gore"))
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.start_own()
    w.institution_view.name.setText("Univerzitet Džemal Bijedić")
    w.institution_view.type.setCurrentIndex(1)
    dialogs.answers = [True]  # save it
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(other.id))
    assert ws.find_institution("Univerzitet Džemal Bijedić") is not None
    assert w.institution_id == other.id and w.current_page() != NEW_CYCLE
    assert w.institution_combo.count() == 3 and w.institution_combo.currentData() == other.id


def test_deleting_a_cycle_asks_first_about_a_profile_being_edited(make_window, ws, cycle, dialogs):
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.select_cycle(cycle.id)
    w.show_page(INSTITUTION)
    w.institution_view.contact.setText("iro@untz.ba")
    dialogs.answers = [True, True]  # save the profile; delete the cycle
    assert w.delete_cycle()
    assert dialogs.confirmations[0][0] == "Unsaved changes" and ws.institution(cycle.institution_id).contact == "iro@untz.ba"


def test_a_failing_sample_says_so(qtbot, make_window, dialogs):
    def build(worker_ws, progress) -> int:  # noqa: ANN001
        raise OSError("disk full")

    w = make_window(build)
    w.open_sample()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10000)
    assert "disk full" in dialogs.errors[0][1]
    assert w.overview.welcome.sample_button.isEnabled()


# --- institution ------------------------------------------------------------------------------------


def test_an_invalid_institution_is_not_saved_and_says_why(qtbot, window, ws):
    shown(qtbot, window)
    window.activateWindow()
    window.start_own()
    view = window.institution_view
    view.save_button.click()
    assert "name" in view.message.text()
    assert "type of institution" in view.message.text()
    view.save_button.setFocus()
    view.save_button.click()
    qtbot.waitUntil(view.name.hasFocus)  # the first field to mend, to type in at once
    view.name.setText("Универзитет „Св. Кирил и Методиј“")
    view.country.setCurrentText("Atlantis")
    view.type.setCurrentIndex(1)
    view.contact.setText("rektor@ukim")
    view.save_button.click()
    assert "Atlantis" in view.message.text()
    assert "e-mail" in view.message.text()
    qtbot.waitUntil(lambda: view.country.hasFocus() or view.country.isAncestorOf(QApplication.focusWidget()))
    assert ws.institutions() == []
    view.country.setCurrentText("north macedonia")
    view.contact.setText("rektor@ukim.edu.mk")
    view.save_button.click()
    [inst] = ws.institutions()
    assert inst.country == "North Macedonia" and inst.type == "Public university"
    assert window.current_page() == NEW_CYCLE  # a new institution goes on to its first cycle


def _role(view, role: str = "Rector") -> None:  # noqa: ANN001
    """The role chosen in the Respondents form, which no longer takes one for granted."""
    view.role.setCurrentIndex(view.role.findData(role))


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform, on showing a tooltip
def test_a_pasted_text_longer_than_a_field_takes_is_said_to_be_cut(qtbot, make_window, ws, cycle):
    from PySide6.QtWidgets import QToolTip

    w = shown(qtbot, make_window())
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(RESPONDENTS)
    name = w.respondents_view.name
    name.setFocus()
    QApplication.clipboard().setText("Prof. dr. Љубица Ђорђевић-Ѓорѓиевска " * 5)  # 190 characters
    qtbot.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(name.text()) == 120
    assert QToolTip.isVisible() and QToolTip.text() == "At most 120 characters fit here."
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    name.setText("")
    qtbot.keyClicks(name, "Ana")  # well within: nothing said
    qtbot.wait(50)
    assert not QToolTip.isVisible()


def test_pasted_line_breaks_in_names_are_stored_as_spaces(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(INSTITUTION)
    view = w.institution_view
    view.name.setText("Univerzitet u Tuzli\nFilozofski   fakultet")
    view.save_button.click()
    assert ws.institution(cycle.institution_id).name == "Univerzitet u Tuzli Filozofski fakultet"
    assert view.name.text() == "Univerzitet u Tuzli Filozofski fakultet" and not view.has_changes()
    w.show_page(RESPONDENTS)
    people = w.respondents_view
    people.name.setText("Prof. Dr. Ana Kovač\nVice-rector for teaching")
    _role(people, "Vice-rector")
    people.add_button.click()
    assert [r.name for r in ws.respondents(cycle.id)] == ["Prof. Dr. Ana Kovač Vice-rector for teaching"]
    assert "\n" not in w.windowTitle() and not people.has_changes()


def test_the_country_list_puts_the_western_balkans_first(window):
    combo = window.institution_view.country
    first = [combo.itemText(i) for i in range(1, 7)]
    assert first == ["Albania", "Bosnia and Herzegovina", "Kosovo", "Montenegro", "North Macedonia", "Serbia"]
    assert combo.findText("Germany") > 7
    assert combo.findText("world") < 0


@pytest.mark.parametrize(("typed", "stored"), [("Srbija", "Serbia"), ("Србија", "Serbia"), ("shqipëri", "Albania"),
                                               ("Crna Gora", "Montenegro"), ("Северна Македонија", "North Macedonia"),
                                               ("kosova", "Kosovo"), ("Hrvatska", "Croatia"), ("serbia", "Serbia")])
def test_a_country_may_be_typed_as_its_people_write_it(make_window, ws, cycle, typed, stored):
    w = make_window()
    w.show_page(INSTITUTION)
    view = w.institution_view
    view.country.setCurrentText(typed)
    assert view.problems() == []
    assert view.save()
    assert ws.institution(cycle.institution_id).country == stored


def test_a_duplicate_institution_name_is_refused(window, ws, cycle):
    window.start_own()
    view = window.institution_view
    view.name.setText("univerzitet u tuzli")
    view.type.setCurrentIndex(1)
    assert not view.save()
    assert "already exists" in view.message.text()


def test_enter_in_city_or_contact_saves_the_profile(qtbot, make_window, ws, cycle):
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.show_page(INSTITUTION)
    view = w.institution_view
    view.city.setText("Tuzla")
    qtbot.keyClick(view.city, Qt.Key.Key_Return)
    assert ws.institution(cycle.institution_id).city == "Tuzla"
    view.contact.setText("iro@untz.ba")
    qtbot.keyClick(view.contact, Qt.Key.Key_Return)
    assert ws.institution(cycle.institution_id).contact == "iro@untz.ba"


def test_leaving_the_profile_with_changes_asks_to_save_them(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(INSTITUTION)
    view = w.institution_view
    w.show_page(OVERVIEW)
    assert dialogs.confirmations == []  # nothing changed, nothing asked
    w.show_page(INSTITUTION)
    view.city.setText("Tuzla")
    dialogs.answers = [False]
    w.show_page(OVERVIEW)  # "Save them?" no: dropped
    assert "not saved" in dialogs.confirmations[-1][1] and ws.institution(cycle.institution_id).city == ""
    assert dialogs.default_yes  # Enter saves: no is the answer that loses something
    w.show_page(INSTITUTION)
    assert view.city.text() == ""
    view.city.setText("Tuzla")
    dialogs.answers = [True]
    w.show_page(RESPONDENTS)  # yes: saved, then on to where the user was going
    assert ws.institution(cycle.institution_id).city == "Tuzla" and w.current_page() == RESPONDENTS
    # changes that cannot be saved keep the page, which says why
    w.show_page(INSTITUTION)
    view.name.setText("")
    dialogs.answers = [True]
    w.show_page(OVERVIEW)
    assert w.current_page() == INSTITUTION and w.nav.currentRow() == INSTITUTION and "name" in view.message.text()
    dialogs.answers = [True]
    assert not w.close()  # nor does the window close on them
    view.name.setText("Univerzitet u Tuzli (UNTZ)")
    dialogs.answers = [True]
    assert w.close()
    assert ws.institution(cycle.institution_id).name == "Univerzitet u Tuzli (UNTZ)"


# --- new cycle -------------------------------------------------------------------------------------


def test_a_duplicate_cycle_label_is_refused(qtbot, make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.label.text() != "2025/26"  # the suggestion skips labels in use
    view.label.setText("2025/26")
    view.create_button.click()
    assert "already has a cycle labelled '2025/26'" in view.message.text()
    assert len(ws.cycles(cycle.institution_id)) == 1
    assert w.current_page() == NEW_CYCLE
    view.label.clear()
    qtbot.keyClicks(view.label, "2030/31")
    qtbot.keyClick(view.label, Qt.Key.Key_Return)  # Enter creates it, as the button does
    assert ws.find_cycle("2030/31").id == w.cycle_id


def test_required_areas_are_locked_on_and_optional_ones_can_go(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    boxes = view.area_boxes()
    assert boxes["alpha"].isChecked() and not boxes["alpha"].isEnabled()
    assert boxes["beta"].isEnabled()
    boxes["beta"].setChecked(False)
    view.label.setText("2026/27")
    view.target.setCurrentIndex(4)
    view.create_button.click()
    new = ws.find_cycle("2026/27")
    assert new.included_areas == ("alpha",) and new.default_target == 4
    assert w.cycle_id == new.id and w.current_page() == RESPONDENTS


def test_a_new_cycle_offers_the_latest_cycles_respondents(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.same_team.isHidden() and not view.same_team.isChecked()  # nobody to offer yet
    ws.add_respondent(cycle.id, "Arta Krasniqi", "Rector")
    ws.add_respondent(cycle.id, "Marko Jovanović", "Head of international office")
    w.show_page(OVERVIEW)
    w.show_new_cycle()
    assert not view.same_team.isHidden() and view.same_team.isChecked()
    assert view.same_team.text() == "The &same people as in 2025/26 (2 respondents)"
    assert view.team_names.text() == "Arta Krasniqi (Rector), Marko Jovanović (Head of international office)"
    view.label.setText("2026/27")
    view.create_button.click()
    new = ws.find_cycle("2026/27")
    assert [(r.name, r.role) for r in ws.respondents(new.id)] == [
        ("Arta Krasniqi", "Rector"), ("Marko Jovanović", "Head of international office")]
    assert w.respondents_view.list.count() == 2  # and the page that follows shows them
    # unticked: the new cycle starts with nobody
    w.show_new_cycle()
    assert view.same_team.text() == "The &same people as in 2026/27 (2 respondents)"
    view.same_team.setChecked(False)
    view.label.setText("2027/28")
    view.create_button.click()
    assert ws.respondents(ws.find_cycle("2027/28").id) == []


def test_the_new_cycle_form_keeps_what_was_set_until_a_cycle_is_made(make_window, ws, cycle, dialogs):
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.show_new_cycle()
    view = w.new_cycle_view
    view.label.setText("2030/31")
    view.area_boxes()["beta"].setChecked(False)
    view.target.setCurrentIndex(4)
    w.show_page(OVERVIEW)
    w.show_new_cycle()  # back: as it was left
    assert (view.label.text(), view.area_boxes()["beta"].isChecked(), view.target.currentData()) == ("2030/31", False, 4)
    view.create_button.click()
    w.show_new_cycle()  # a cycle was made: the next starts from the suggestions
    assert view.label.text() not in ("2030/31", "") and view.area_boxes()["beta"].isChecked()
    assert view.target.currentData() == 3


def test_the_new_cycle_form_keeps_the_questionnaire_file_chosen_not_only_its_id(make_window, ws, cycle, mini_catalog):
    """A user's version of a shipped questionnaire has its id: the file chosen stays chosen when
    the page is shown again, and the cycle is made on it, not on the first of that id."""
    text = mini_catalog.shipped.joinpath("mini.yaml").read_text(encoding="utf-8")
    copy = text.replace('version: "1.0"', 'version: "1.1"', 1).replace("title: A small test questionnaire", "title: Mini, our copy", 1)
    assert copy != text
    (mini_catalog.user_dir / "mini-ours.yaml").write_text(copy, encoding="utf-8")
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.questionnaire.count() == 2
    view.questionnaire.setCurrentIndex(1)
    ours = view._current().questionnaire
    assert ours.title == "Mini, our copy" and ours.id == "mini"
    w.show_page(OVERVIEW)
    w.show_new_cycle()  # back: the copy is still the one chosen
    assert view.questionnaire.currentIndex() == 1
    view.label.setText("2030/31")
    view.create_button.click()
    assert ws.find_cycle("2030/31").questionnaire_hash == ours.content_hash()


def test_the_new_cycle_page_follows_another_institution_chosen_on_it(make_window, ws, mini, cycle, dialogs):
    other = ws.save_institution(Institution(name="Univerzitet Crne Gore"))
    ws.create_cycle(other.id, view_label := "2026/27", mini)
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.label.text() == view_label  # free for the first institution
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(other.id))
    assert w.current_page() == NEW_CYCLE and view.label.text() != view_label  # the other has it already


def test_invalid_questionnaire_files_are_listed_not_hidden(make_window, ws, cycle, mini_catalog):
    (mini_catalog.user_dir / "ours.yaml").write_text("schema_version: 1\nid: Ours\nversion: 1.0\n", encoding="utf-8")
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    assert not view.invalid_box.isHidden()
    text = view.invalid_text.toPlainText()
    assert "ours.yaml" in text and "slug" in text
    # the file's name heads its list; each problem then gives its line, not the name again
    assert text.count("ours.yaml") == 1 and "  • line 2: 'id' must be a slug" in text
    assert view.questionnaire.count() == 1  # the valid mini questionnaire is still offered
    # where such files go, in words for the leader choosing, not a command to run
    assert view.folder_hint.text().startswith(f"Other questionnaires: put their files in {mini_catalog.user_dir}.")
    assert "iah-assess validate" not in view.folder_hint.text()
    # what stops the cycle and the buttons stay in sight under the page, however long the list
    page = view.invalid_box.parentWidget()
    assert not page.isAncestorOf(view.create_button) and not page.isAncestorOf(view.message)



def test_the_new_cycle_page_says_where_the_problems_in_files_are_shown(qtbot, make_window, ws, cycle, mini_catalog):
    w = shown(qtbot, make_window())
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.invalid_box.isHidden() and "shown below" not in view.folder_hint.text()  # nothing to show
    (mini_catalog.user_dir / "ours.yaml").write_text("schema_version: 1\nid: Ours\nversion: 1.0\n", encoding="utf-8")
    w.show_page(OVERVIEW)
    w.show_new_cycle()
    assert not view.invalid_box.isHidden()
    assert view.folder_hint.text().endswith("What is wrong with the others is shown below.")
    page = view.invalid_box.parentWidget()
    # the list is below the words that say so
    assert view.folder_hint.mapTo(page, view.folder_hint.rect().bottomLeft()).y() < view.invalid_box.mapTo(page, view.invalid_box.rect().topLeft()).y()


# --- respondents --------------------------------------------------------------------------------------


def test_removing_a_respondent_with_answers_asks_and_says_how_many_go(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Ђорђе Petrović")
    view.role.setCurrentIndex(view.role.findData("Dean"))
    rid = view.add()
    assert view.selected_id() is None and view.name.text() == ""  # listed; the form is blank for the next
    ws.save_response(rid, "a-one", 2)
    ws.save_response(rid, "a-two", DONT_KNOW, "Ne znam")
    view.list.setCurrentRow(0)
    dialogs.answers = [False]
    assert not view.remove()
    assert "Their 2 answers in this cycle" in dialogs.confirmations[-1][1] and "Ђорђе Petrović" in dialogs.confirmations[-1][1]
    assert [r.id for r in ws.respondents(cycle.id)] == [rid]
    dialogs.answers = [True]
    assert view.remove()
    assert ws.respondents(cycle.id) == []
    assert view.list.count() == 0
    # removed by mistake: Edit > Undo brings them back with every answer, and Redo removes them again
    assert "Edit > Undo" in view.message.text()
    assert w.undo_action.isEnabled()
    w.undo_action.trigger()
    assert [r.name for r in ws.respondents(cycle.id)] == ["Ђорђе Petrović"]
    back = ws.respondent_responses(rid)
    assert back["a-one"].answer == 2 and (back["a-two"].answer, back["a-two"].comment) == (DONT_KNOW, "Ne znam")
    assert view.selected_id() == rid and "is back, with 2 answers" in view.message.text()
    w.redo_action.trigger()
    assert ws.respondents(cycle.id) == [] and view.list.count() == 0
    w.show_page(OVERVIEW)
    assert not w.undo_action.isEnabled()  # only while the respondents show


def test_the_form_says_whether_it_adds_someone_or_edits_whom(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    assert view.form_box.title() == "New respondent"
    ws.add_respondent(cycle.id, "Selma", "Dean")
    view.refresh()
    view.list.setCurrentRow(0)
    assert view.form_box.title() == "Editing Selma"
    view.name.setText("Selma Hadžić")
    assert view.rename()
    assert view.form_box.title() == "Editing Selma Hadžić"  # Enter now would rename her again
    view.name.setText("Nermin Salihović")
    view.add_button.click()  # Add always adds another person
    assert sorted(r.name for r in ws.respondents(cycle.id)) == ["Nermin Salihović", "Selma Hadžić"]
    assert view.form_box.title() == "New respondent"


def test_a_name_already_in_the_cycle_is_refused_with_a_way_out(make_window, ws, cycle):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    ws.add_respondent(cycle.id, "Arbër Çela", "Rector")
    view.refresh()
    view.name.setText("ARBËR ÇELA")
    _role(view)
    assert view.add() is None
    assert "already a respondent in this cycle" in view.message.text() and "faculty" in view.message.text()
    assert len(ws.respondents(cycle.id)) == 1


def test_each_respondent_shows_how_many_items_they_have_answered(make_window, ws, cycle):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Ermira Çela")
    _role(view)
    rid = view.add()
    total = sum(len(a.items) for a in ws.cycle_questionnaire(cycle).areas if a.id in cycle.included_areas)
    assert view.list.item(0).text() == f"Ermira Çela\nRector\n0 of {total} items answered"
    ws.save_response(rid, "a-one", 2)
    ws.save_response(rid, "a-two", DONT_KNOW)
    ws.save_response(rid, "a-three", None, "only a comment: not an answer")
    view.refresh()
    assert view.list.item(0).text() == f"Ermira Çela\nRector\n2 of {total} items answered"
    view.set_cycle(cycle.id, rid)  # she answers now
    assert view.list.item(0).text() == f"Ermira Çela\nRector\n2 of {total} items answered · answering now"


def test_a_respondent_typed_and_not_saved_is_asked_about_not_dropped(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    arta = ws.add_respondent(cycle.id, "Arta", "Rector").id
    marko = ws.add_respondent(cycle.id, "Marko Jovanović", "Dean").id
    view.refresh()
    view.list.setCurrentRow(0)
    assert dialogs.confirmations == [] and view.name.text() == "Arta"  # nothing typed, nothing asked
    # a rename typed and not saved, then another respondent chosen: "Save them?" yes
    view.name.setText("Arta Krasniqi")
    view.list.setCurrentRow(1)
    assert dialogs.confirmations[-1][1] == "The changes to Arta are not saved. Save them?" and dialogs.default_yes
    assert ws.respondent(arta).name == "Arta Krasniqi"
    assert view.name.text() == "Marko Jovanović" and view.selected_id() == marko  # on to the one chosen
    assert view.list.item(0).text().startswith("Arta Krasniqi\nRector\n")
    # no: dropped, and the form shows the one chosen
    view.role.setCurrentIndex(view.role.findData("Vice-rector"))
    dialogs.answers = [False]
    view.list.setCurrentRow(0)
    assert ws.respondent(marko).role == "Dean" and view.name.text() == "Arta Krasniqi"
    # a name typed in the blank form, then a respondent chosen: added if the user says so
    with blocked(view.list):
        view.list.setCurrentRow(-1)
    view.refresh()
    assert view.name.text() == ""
    view.name.setText("Љубица Ѓорѓиевска")
    _role(view, "Dean")
    view.list.setCurrentRow(1)
    assert "Љубица Ѓорѓиевска was typed but not added" in dialogs.confirmations[-1][1]
    assert [r.name for r in ws.respondents(cycle.id)] == ["Arta Krasniqi", "Marko Jovanović", "Љубица Ѓорѓиевска"]
    assert view.selected_id() == marko
    # leaving the page, or choosing who answers, asks too; a change that cannot be saved keeps the page
    view.name.setText("")
    dialogs.answers = [True]
    w.show_page(OVERVIEW)
    assert w.current_page() == RESPONDENTS and w.nav.currentRow() == RESPONDENTS and view.message.text()
    assert view.selected_id() == marko and ws.respondent(marko).name == "Marko Jovanović"
    view.list.setCurrentRow(0)  # nor does the form move to another respondent
    assert view.selected_id() == marko and view.name.text() == ""
    view.name.setText("Marko Jovanović Petrović")
    view.answer_button.click()
    assert w.current_page() == ANSWER and ws.respondent(marko).name == "Marko Jovanović Petrović"
    assert w.windowTitle().endswith("answering as Marko Jovanović Petrović")


def test_a_new_respondent_needs_a_role_chosen_and_enter_in_the_role_adds_them(qtbot, make_window, ws, cycle):
    w = shown(qtbot, make_window())
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    assert view.role.currentText() == "(choose a role)"
    view.name.setFocus()
    qtbot.keyClicks(view.name, "Besa Krasniqi")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert ws.respondents(cycle.id) == [] and QApplication.focusWidget() is view.role
    assert view.message.text().startswith("Choose the role of Besa Krasniqi first")
    view.role.setCurrentIndex(view.role.findData("Student representative"))
    qtbot.keyClick(view.role, Qt.Key.Key_Return)  # the list closed: Enter adds, as in the name
    [besa] = ws.respondents(cycle.id)
    assert (besa.name, besa.role) == ("Besa Krasniqi", "Student representative")
    assert view.role.currentText() == "(choose a role)" and view.name.text() == ""  # blank for the next person
    view.list.setCurrentRow(0)
    view.role.setCurrentIndex(0)  # a respondent's role cannot be taken away either
    assert not view.rename() and ws.respondent(besa.id).role == "Student representative"


def test_every_role_can_be_chosen_and_one_outside_the_usual_ones_too(qtbot, make_window, ws, cycle):
    from iah_assess.domain.records import ROLES

    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    assert [view.role.itemData(i) for i in range(view.role.count())] == [None, *ROLES]
    for name, role in (("Vesna Đurić, finance director", "Administrative staff"), ("Lirim Hoxha", "Other")):
        view.name.setText(name)
        view.role.setCurrentIndex(view.role.findData(role))
        assert view.add()
    assert [(r.name, r.role) for r in ws.respondents(cycle.id)] == [
        ("Vesna Đurić, finance director", "Administrative staff"), ("Lirim Hoxha", "Other")]


def test_enter_in_the_name_adds_or_saves(qtbot, make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Ђорђе")  # (QTest types ASCII only)
    _role(view)
    qtbot.keyClick(view.name, Qt.Key.Key_Return)  # the blank form: added, and blank again for the next
    assert [r.name for r in ws.respondents(cycle.id)] == ["Ђорђе"]
    assert view.name.text() == "" and view.selected_id() is None
    qtbot.keyClicks(view.name, "Arta")
    _role(view, "Dean")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)  # a second name: a second person, nobody renamed
    assert [r.name for r in ws.respondents(cycle.id)] == ["Ђорђе", "Arta"]
    view.list.setCurrentRow(0)
    view.name.end(False)
    qtbot.keyClicks(view.name, " Petrovic")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)  # a respondent shown: saved
    assert [p.name for p in ws.respondents(cycle.id)] == ["Ђорђе Petrovic", "Arta"]
    assert dialogs.confirmations == []  # nothing was left unsaved to ask about


def test_choosing_another_cycle_asks_about_a_respondent_not_saved(make_window, ws, cycle, dialogs):
    ws.add_respondent(cycle.id, "Arta", "Rector")
    other = ws.create_cycle(cycle.institution_id, "2026/27", ws.cycle_questionnaire(cycle))
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.list.setCurrentRow(0)
    view.name.setText("")  # cannot be saved
    dialogs.answers = [True]
    w.cycle_combo.setCurrentIndex(w.cycle_combo.findData(other.id))
    assert w.cycle_id == cycle.id and w.cycle_combo.currentData() == cycle.id  # still on the cycle being edited
    view.name.setText("Arta Krasniqi")
    w.cycle_combo.setCurrentIndex(w.cycle_combo.findData(other.id))
    assert w.cycle_id == other.id and ws.respondents(cycle.id)[0].name == "Arta Krasniqi"
    assert view.list.count() == 0 and view.name.text() == ""  # the new cycle's form is blank


def test_a_name_added_on_leaving_is_added_once(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Arta")
    _role(view)
    w.show_page(OVERVIEW)  # "Add them?" yes
    w.show_page(RESPONDENTS)
    assert view.name.text() == "Arta" and view.selected_id() == ws.respondents(cycle.id)[0].id
    w.show_page(OVERVIEW)
    assert [r.name for r in ws.respondents(cycle.id)] == ["Arta"] and len(dialogs.confirmations) == 1


def test_a_refused_click_keeps_the_row_of_the_one_being_edited(qtbot, make_window, ws, cycle, dialogs):
    from PySide6.QtTest import QTest

    ws.add_respondent(cycle.id, "Arta", "Rector")
    ws.add_respondent(cycle.id, "Marko", "Dean")
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.list.setCurrentRow(1)
    view.name.setText("")  # cannot be saved
    dialogs.answers = [True]
    QTest.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualItemRect(view.list.item(0)).center())
    qtbot.waitUntil(lambda: [i.row() for i in view.list.selectedIndexes()] == [1])  # Marko's row, as the form
    assert view.selected_id() == ws.respondents(cycle.id)[1].id and view.name.text() == ""


def test_new_cycle_offers_the_team_of_the_institution_chosen(make_window, ws, cycle, dialogs):
    ws.add_respondent(cycle.id, "Arta", "Rector")
    other = ws.save_institution(Institution(name="Univerzitet Crne Gore"))
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(cycle.institution_id))
    w.show_new_cycle()
    view = w.new_cycle_view
    assert view.same_team.isChecked()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(other.id))
    assert view.same_team.isHidden() and not view.same_team.isChecked()  # the other has no cycle yet
    w.show_new_cycle()
    view.label.setText("2026/27")
    view.create_button.click()
    assert ws.respondents(ws.find_cycle("2026/27", other.name).id) == []


def test_choosing_another_institution_after_saving_the_profile_goes_there(make_window, ws, cycle, dialogs):
    first = ws.institution(cycle.institution_id)
    other = ws.save_institution(Institution(name="Univerzitet Crne Gore"))
    w = make_window()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(first.id))
    w.show_page(INSTITUTION)
    w.institution_view.name.setText("Zzz Univerzitet u Tuzli")  # saved, it sorts after the other
    dialogs.answers = [True]
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(other.id))
    assert ws.institution(first.id).name == "Zzz Univerzitet u Tuzli"
    assert w.institution_id == other.id and w.institution_combo.currentData() == other.id


def test_a_finalised_cycles_message_goes_with_it(make_window, ws, mini, cycle):
    ws.finalise_cycle(cycle.id)
    other = ws.create_cycle(cycle.institution_id, "2026/27", mini)
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(RESPONDENTS)
    assert "This cycle is finalised" in w.respondents_view.message.text()
    w.select_cycle(other.id)
    assert w.respondents_view.message.text() == "" and w.respondents_view.add_button.isEnabled()


def test_renaming_and_choosing_who_answers_shows_in_the_title(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Arta")
    _role(view)
    rid = view.add()
    view.list.setCurrentRow(0)
    view.name.setText("Arta Krasniqi")
    assert view.rename()
    view.answer_button.click()
    assert w.current_page() == ANSWER
    assert w.windowTitle() == "iah-assess — Univerzitet u Tuzli — 2025/26 — answering as Arta Krasniqi"
    assert ws.respondent(rid).name == "Arta Krasniqi"


# --- answering ---------------------------------------------------------------------------------------------


@pytest.fixture
def answering(qtbot, make_window, ws, cycle):
    rid = ws.add_respondent(cycle.id, "Marko Jovanović", "Rector").id
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    w.answer_as(rid)
    return w, rid


def test_keys_answer_move_and_every_change_is_stored_at_once(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    assert view.current_item.id == "a-one"
    qtbot.keyClick(view.cards[0], Qt.Key.Key_3)
    assert ws.respondent_responses(rid)["a-one"].answer == 3
    assert view.cards[3].isChecked() and view.state_label.text() == "✓ Saved"
    qtbot.keyClick(view.cards[3], Qt.Key.Key_Return)
    assert view.current_item.id == "a-two"
    qtbot.keyClick(view.cards[0], Qt.Key.Key_D)
    qtbot.keyClick(view.cards[0], Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.cards[0], Qt.Key.Key_N)
    stored = ws.respondent_responses(rid)
    assert stored["a-two"].answer == DONT_KNOW and stored["b-one"].answer == NOT_APPLICABLE
    qtbot.keyClick(view.cards[0], Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current_item.id == "a-two" and view.dont_know.isChecked()
    qtbot.keyClick(view.cards[0], Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.current_item.id == "b-two"  # the next unanswered one
    assert view._area_nodes["alpha"].text(0) == "Alpha (2/2)"
    assert view._area_nodes["beta"].text(0) == "Beta (1/2)"
    # the line under the buttons names every key used above
    keys = view.keys_label.text()
    for named in ("0–4", "D don't know", "N not applicable", "Enter or Alt+→ next", "Alt+← back",
                  f"{view.unanswered_action.shortcut().toString()} next unanswered"):
        assert named in keys


def test_an_answer_given_by_mistake_is_taken_back_by_delete_or_the_button(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    assert not view.clear_button.isEnabled()  # nothing to clear yet
    qtbot.keyClick(view.cards[0], Qt.Key.Key_2)
    view.comment.setPlainText("Dobro")
    view.flush()
    qtbot.keyClick(view.cards[2], Qt.Key.Key_Delete)
    stored = ws.respondent_responses(rid)["a-one"]
    assert stored.answer is None and stored.comment == "Dobro"  # the answer goes, the comment stays
    assert not any(b.isChecked() for b in view.group.buttons()) and not view.clear_button.isEnabled()
    assert view._area_nodes["alpha"].text(0) == "Alpha (0/2)"
    qtbot.keyClick(view.cards[0], Qt.Key.Key_D)
    view.clear_button.setFocus()
    qtbot.keyClick(view.clear_button, Qt.Key.Key_Space)
    assert ws.respondent_responses(rid)["a-one"].answer is None
    assert QApplication.focusWidget() in view.cards  # the button has no use left: the keys go to the answers
    assert "Del clear" in view.keys_label.text()
    # with no comment or evidence left, nothing of the answer is kept; Delete on nothing stores nothing
    view.comment.setPlainText("")
    view.flush()
    assert "a-one" not in ws.respondent_responses(rid)
    view.cards[0].setFocus()
    qtbot.keyClick(view.cards[0], Qt.Key.Key_Delete)
    assert "a-one" not in ws.respondent_responses(rid)
    # Backspace in the list of items is not meant for the answer
    qtbot.keyClick(view.cards[0], Qt.Key.Key_3)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Backspace)
    assert ws.respondent_responses(rid)["a-one"].answer == 3


def test_typing_on_a_sections_toggle_does_not_change_the_answer(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    qtbot.keyClick(view.cards[0], Qt.Key.Key_3)
    toggle = view.prompts.toggle  # "Evidence to check", three Tabs from the cards: taken for the comment
    toggle.setFocus()
    qtbot.keyClicks(toggle, "and 2 documents")  # n, d and 2 among the letters
    assert ws.respondent_responses(rid)["a-one"].answer == 3 and view.cards[3].isChecked()
    assert view.current_item.id == "a-one"
    for button in (view.next_button, view.back_button):  # on the moving buttons the keys answer, as the keys line says
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_2)
        assert ws.respondent_responses(rid)["a-one"].answer == 2
        qtbot.keyClick(view.cards[0], Qt.Key.Key_3)


def test_typing_in_the_comment_does_not_answer_and_is_saved_after_a_pause(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    view.comment.setFocus()
    qtbot.keyClicks(view.comment, "Dobro 3")
    assert view.save_state == "editing"
    assert not any(c.isChecked() for c in view.cards)  # "3" typed into the comment chose no level
    qtbot.waitUntil(lambda: view.save_state == "saved", timeout=3000)
    assert ws.respondent_responses(rid)["a-one"].comment == "Dobro 3"
    assert ws.respondent_responses(rid)["a-one"].answer is None


def test_the_comment_and_evidence_reached_by_their_alt_keys_are_scrolled_into_view(qtbot, ws, answering, large_text):
    w, rid = answering
    view = w.answer_view
    shown(qtbot, w, 1280, 600)
    w.activateWindow()
    view.focus_answer()
    for key, field in ((Qt.Key.Key_V, view.evidence), (Qt.Key.Key_C, view.comment)):
        view.scroll.verticalScrollBar().setValue(0)
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is field
        port = view.scroll.viewport()
        top = field.mapTo(port, field.rect().topLeft())
        assert port.rect().contains(top) and port.rect().contains(field.mapTo(port, field.rect().bottomRight()))


def test_a_new_institution_from_the_answer_page_leaves_it_as_any_page_change_does(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    qtbot.keyClicks(view.comment, "Dobro")
    w.start_own()  # File > New institution
    assert w.current_page() == INSTITUTION and w.institution_view.name.text() == ""
    assert ws.respondent_responses(rid)["a-one"].comment == "Dobro"  # saved on leaving, not a second later
    assert not any(a.isEnabled() for a in (view.next_action, view.prev_action, view.unanswered_action))


def test_the_answer_keys_do_nothing_while_another_page_shows(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    w.show_page(RESPONDENTS)
    w.set_respondent(rid, "a-two")  # as when another respondent is chosen from the Respondents page
    assert not any(a.isEnabled() for a in (view.next_action, view.prev_action, view.unanswered_action))
    w.show_page(ANSWER)
    assert all(a.isEnabled() for a in (view.next_action, view.unanswered_action))


def test_a_clicked_item_is_answered_by_its_key_and_enter_on_a_button_does_what_it_says(qtbot, ws, answering):
    from PySide6.QtTest import QTest

    w, rid = answering
    view = w.answer_view
    node = next(view.tree.topLevelItem(0).child(k) for k in range(view.tree.topLevelItem(0).childCount())
                if view.tree.topLevelItem(0).child(k).data(0, Qt.ItemDataRole.UserRole) == "a-two")
    view.tree.scrollToItem(node)
    QTest.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=view.tree.visualItemRect(node).center())
    assert view.current_item.id == "a-two"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # to the item, not to the list's search
    assert view.cards[3].isChecked()
    view.back_button.setFocus()
    qtbot.keyClick(view.back_button, Qt.Key.Key_Return)  # back, as the button says, not on
    assert view.current_item.id == "a-one"
    assert ws.respondent_responses(rid)["a-two"].answer == 3


def test_with_nobody_answering_the_moves_between_items_are_off(make_window, ws, cycle):
    w = make_window()
    w.show_page(ANSWER)
    view = w.answer_view
    assert view.respondent_id is None
    assert not any(a.isEnabled() for a in (view.next_action, view.prev_action, view.unanswered_action))
    index = view.index
    view.next_item()  # as Alt+Right would, were it on
    assert view.index == index and not view.next_button.isEnabled()


def test_after_answering_and_enter_the_focus_is_not_left_on_the_card_chosen_before(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    view.focus_answer()
    qtbot.keyClick(view.cards[0], Qt.Key.Key_4)
    assert view.cards[4].hasFocus()
    qtbot.keyClick(view.cards[4], Qt.Key.Key_Return)
    assert view.current_item.id == "a-two" and not view.cards[4].isChecked()
    assert view.cards[0].hasFocus()  # its first card, not the place of the last answer
    qtbot.keyClick(view.cards[0], Qt.Key.Key_D)  # don't know
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current_item.id == "a-one" and view.cards[4].hasFocus()  # back: the card chosen there
    qtbot.keyClick(view.cards[4], Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current_item.id == "a-two" and view.focusWidget() is view.group.checkedButton()  # Don't know, not card 0


def test_dont_know_cleared_by_del_keeps_the_focus_and_shows_it(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    with qtbot.waitActive(w):
        w.activateWindow()
    view.focus_answer()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_D)
    assert view.dont_know.isChecked() and view.dont_know.hasFocus()
    qtbot.keyClick(view.dont_know, Qt.Key.Key_Delete)  # cleared: the focus stays where it was
    assert not view.dont_know.isChecked() and view.dont_know.hasFocus()
    with_focus = view.dont_know.grab().toImage()
    view.cards[0].setFocus()
    without = view.dont_know.grab().toImage()
    assert without != with_focus  # a ring says where the keys go
    w.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as before any Tab: the ring alone shows it
    view.dont_know.setFocus()
    assert view.dont_know.grab().toImage() != without
    w.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # after Tab: the style's own frame, not a second ring
    assert view.dont_know.grab().toImage() != without


def test_enter_on_the_last_item_goes_on_to_one_without_an_answer_or_says_all_have_one(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    last = view.items[-1].id
    view.go_to(last)
    view.focus_answer()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_2)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)  # nothing after it: the first still unanswered
    assert view.current_item.id == view.items[0].id
    for item in view.items[:-1]:
        ws.save_response(rid, item.id, 3)
    ws.save_response(rid, last, None)
    w.answer_as(rid, last)  # read again: every item answered but this last one
    view.focus_answer()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert view.current_item.id == last and view.state_label.text() == "Only this item is without an answer"
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_3)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert view.current_item.id == last and view.state_label.text() == "✓ Every item has an answer"


def test_leaving_an_item_saves_what_was_typed(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    qtbot.keyClicks(view.evidence, "Odluka senata 12/2024")
    view.next_item()
    assert ws.respondent_responses(rid)["a-one"].evidence == "Odluka senata 12/2024"


def test_a_failed_save_keeps_the_edit_says_not_saved_and_retries(qtbot, ws, answering, monkeypatch):
    w, rid = answering
    view = w.answer_view
    view.retry_ms = 50
    real = ws.save_response
    failures = [1, 1]  # on choosing, and again on leaving the page

    def flaky(*args, **kwargs):  # noqa: ANN002, ANN003
        if failures:
            failures.pop()
            raise db.WorkspaceError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(ws, "save_response", flaky)
    view.choose(2)
    assert view.save_state == "not saved"
    assert "Not saved" in view.state_label.text()
    assert w.save_state_label.text() == ""  # said once on this page, by its buttons
    assert view.cards[2].isChecked()  # the edit is kept on screen
    w.show_page(REVIEW)  # on another page, the status bar says it
    assert w.save_state_label.text().startswith("Answers: ⚠ Not saved")  # said of what, away from the answers
    qtbot.waitUntil(lambda: view.save_state == "saved", timeout=3000)
    assert "Saved" in w.save_state_label.text()
    w.show_page(ANSWER)
    assert w.save_state_label.text() == ""
    assert ws.respondent_responses(rid)["a-one"].answer == 2


def test_closing_keeps_a_note_typed_on_agree_levels_or_asks_first(qtbot, ws, answering, dialogs, monkeypatch):
    w, rid = answering
    ws.save_response(rid, "a-one", 1)
    w.show_page(AGREE)
    view = w.agree_view
    view.select_item("a-one")
    view.note.setPlainText("Rector to decide")  # typed; no Save, no pause
    real = ws.set_agreed_level

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003
        raise db.WorkspaceError("database is locked")

    monkeypatch.setattr(ws, "set_agreed_level", failing)
    dialogs.answers = [False]
    assert not w.close()  # asked, and told to stay
    assert "agreed level could not be saved" in dialogs.confirmations[-1][1]
    assert w.isVisible() and view.note.toPlainText() == "Rector to decide"  # the text is still there
    monkeypatch.setattr(ws, "set_agreed_level", real)
    assert w.close()  # tried again, without typing anything more
    assert ws.decisions(w.cycle_id)["a-one"].agreed_note == "Rector to decide"


def test_closing_with_a_plan_edit_a_full_disk_kept_back_asks_first(qtbot, ws, answering, dialogs, monkeypatch):
    from iah_assess.storage.workspace import SaveFailed

    w, _ = answering
    w.show_page(ACTIONS)
    view = w.actions_view
    view.add_button.click()
    real = ws.save_action

    def full(*args, **kwargs):  # noqa: ANN002, ANN003
        raise SaveFailed("Not saved (database or disk is full).")

    monkeypatch.setattr(ws, "save_action", full)
    qtbot.keyClicks(view.owner_edit, "Prorektorica za nastavu")
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    dialogs.answers = [False]
    assert not w.close()  # asked, and told to stay
    assert "edit of the action plan could not be saved" in dialogs.confirmations[-1][1]
    assert w.isVisible() and view.owner_edit.text() == "Prorektorica za nastavu"
    # nor is the cycle finalised over it: the edit would be shut out of the cycle for good
    w.show_page(REVIEW)
    assert not w.review_view.finalise() and not ws.cycle(w.cycle_id).finalised
    assert "could not be saved yet" in dialogs.errors[-1][1]
    monkeypatch.setattr(ws, "save_action", real)
    assert w.close()  # tried again, without typing anything more
    assert [a.owner for a in ws.actions(w.cycle_id)] == ["Prorektorica za nastavu"]


def test_closing_while_the_comparison_pdf_is_written_waits_for_it(qtbot, ws, make_window, dialogs, tmp_path):
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.ui.main_window import COMPARE

    ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = shown(qtbot, make_window())
    w.show_page(COMPARE)
    target = tmp_path / "comparison.pdf"
    dialogs.save_paths = [str(target)]
    w.compare_view.export_comparison_pdf()
    job = w.compare_view.pdf_job
    assert job is not None
    assert w.close()
    assert not job.thread.isRunning()  # waited for: never a thread destroyed while it runs
    assert target.read_bytes().startswith(b"%PDF")


def test_staying_after_an_answer_could_not_be_saved_keeps_retrying_it(qtbot, ws, answering, dialogs, monkeypatch):
    w, rid = answering
    view = w.answer_view
    view.retry_ms = 50
    real = ws.save_response

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003
        raise db.WorkspaceError("database is locked")

    monkeypatch.setattr(ws, "save_response", failing)
    view.choose(3)
    dialogs.answers = [False]
    assert not w.close()  # asked, and told to stay
    monkeypatch.setattr(ws, "save_response", real)
    qtbot.waitUntil(lambda: view.save_state == "saved", timeout=3000)  # retried, nothing more done
    assert ws.respondent_responses(rid)["a-one"].answer == 3


def test_a_profile_edit_sqlite_cannot_store_on_closing_keeps_the_window_and_the_edit(qtbot, ws, cycle, make_window, dialogs):
    from tests.storage.test_workspace import _FullDisk

    w = shown(qtbot, make_window())
    w.show_page(INSTITUTION)
    view = w.institution_view
    view.city.setText("Tuzla")
    real = ws._conn
    ws._conn = _FullDisk(real)
    try:
        dialogs.answers = [True]  # save the edit
        assert not w.close()
    finally:
        ws._conn = real
    assert w.isVisible() and view.city.text() == "Tuzla"
    assert "disk is full" in view.message.text()
    dialogs.answers = [True]
    assert w.close()
    assert ws.institution(cycle.institution_id).city == "Tuzla"


def test_reopening_returns_to_the_same_respondent_and_item(qtbot, ws, answering, mini_catalog, dialogs, data_dir):
    w, rid = answering
    w.answer_view.go_to("b-one")
    w.close()
    ws.close()
    with Workspace.in_folder(data_dir) as again:
        w2 = MainWindow(again, mini_catalog, dialogs, data_dir)
        qtbot.addWidget(w2)
        assert w2.respondent_id == rid
        assert "answering as Marko Jovanović" in w2.windowTitle()
        assert w2.overview.continue_button.text() == "Continue answering as Marko Jovanović"
        w2.overview.continue_button.click()
        assert w2.current_page() == ANSWER
        assert w2.answer_view.current_item.id == "b-one"
        w2.close()


def test_choosing_another_respondent_at_once_still_remembers_the_item(qtbot, ws, answering, cycle):
    w, rid = answering
    other = ws.add_respondent(cycle.id, "Ana Đurić", "Dean").id
    w.answer_view.go_to("b-one")
    w.answer_as(other)  # within the moment in which the place waits to be remembered
    assert w.answer_view.current_item.id == "a-one"
    w.answer_as(rid)
    assert w.answer_view.current_item.id == "b-one"


# --- review, finalise, read-only -------------------------------------------------------------------------------


def test_review_lists_what_is_missing_and_jumps_to_it(qtbot, ws, answering):
    w, rid = answering
    ws.save_response(rid, "a-one", 1)
    w.show_page(4)
    tree = w.review_view.tree
    person = tree.topLevelItem(0)
    assert tree.headerItem().text(1) == "Missing" and person.text(1) == "3 of 4"
    assert w.review_view.hint.isVisibleTo(w.review_view) and w.review_view.hint.text().endswith("to answer it.")
    alpha = person.child(0)
    assert alpha.text(0) == "Alpha" and alpha.text(1) == "1"
    assert w.review_view.summary.text() == "Cycle 2025/26: 0 of 1 respondent answered every item. 3 answers missing."
    w.review_view._activated(alpha.child(0))
    assert w.current_page() == ANSWER and w.answer_view.current_item.id == "a-two"
    for item in ("a-two", "b-one", "b-two"):
        ws.save_response(rid, item, 2)
    w.show_page(REVIEW)
    assert w.review_view.summary.text() == "Cycle 2025/26: every respondent answered every item."
    assert tree.topLevelItem(0).text(1) == "none"  # not "0 of 4", which read as 0 answered
    assert not w.review_view.hint.isVisibleTo(w.review_view)  # nothing to go to


def test_a_double_click_jumps_or_chooses_once(qtbot, ws, answering):
    # a double-click makes Qt's views send both doubleClicked and activated (their
    # mouseDoubleClickEvent); the views act on activated alone, which Enter sends too
    w, rid = answering
    w.show_page(REVIEW)
    tree = w.review_view.tree
    node = tree.topLevelItem(0).child(0).child(0)
    jumps = []
    w.review_view.jump.connect(lambda *args: jumps.append(args))
    tree.itemDoubleClicked.emit(node, 0)
    tree.itemActivated.emit(node, 0)
    assert len(jumps) == 1
    w.show_page(OVERVIEW)
    table = w.overview.table
    chosen = []
    w.overview.choose_cycle.connect(chosen.append)
    table.doubleClicked.emit(table.model().index(0, 0))
    table.activated.emit(table.model().index(0, 0))
    assert len(chosen) == 1


def test_review_keeps_its_place_after_a_jump_to_an_item_and_back(qtbot, ws, answering):
    w, rid = answering
    w.show_page(REVIEW)
    tree = w.review_view.tree
    beta = tree.topLevelItem(0).child(1)
    assert beta.text(0) == "Beta" and beta.childCount() == 2
    beta.setExpanded(True)
    tree.setCurrentItem(beta.child(0))  # b-one
    w.review_view._activated(beta.child(0))
    ws.save_response(rid, "b-one", 2)  # answered there
    w.show_page(REVIEW)
    beta = tree.topLevelItem(0).child(1)
    assert beta.isExpanded() and not tree.topLevelItem(0).child(0).isExpanded()
    assert tree.currentItem().data(0, Qt.ItemDataRole.UserRole)[1] == "b-two"  # the next one still missing


def test_review_gives_the_names_the_room_and_the_counts_what_they_need(qtbot, ws, answering):
    w, rid = answering
    w.resize(1280, 720)
    w.show_page(4)
    tree = w.review_view.tree
    qtbot.waitUntil(lambda: tree.viewport().width() > 600)
    person = tree.topLevelItem(0)
    name_room = tree.columnWidth(0) - tree.indentation()
    assert tree.fontMetrics().horizontalAdvance(person.text(0)) < name_room  # "Name (Role)" whole, not elided
    assert tree.columnWidth(1) < tree.viewport().width() / 4  # "4 of 4" needs little
    assert tree.columnWidth(0) + tree.columnWidth(1) <= tree.viewport().width()


def test_finalising_says_how_many_flagged_items_have_no_agreed_level(make_window, ws, mini, dialogs):
    cycle_id = make_cycle(ws, mini)  # a-one is flagged
    w = make_window()
    w.select_cycle(cycle_id)
    w.show_page(REVIEW)
    dialogs.answers = [False]
    assert not w.review_view.finalise()
    assert "1 flagged item without an agreed level: the results use the median" in dialogs.confirmations[-1][1]
    ws.set_agreed_level(cycle_id, "a-one", 1)
    dialogs.answers = [False]
    w.review_view.finalise()
    assert "flagged" not in dialogs.confirmations[-1][1]


def test_finalising_says_the_action_plan_is_frozen_too_and_when_it_is_empty(make_window, ws, mini, dialogs):
    from iah_assess.domain.records import Action

    cycle_id = make_cycle(ws, mini)
    w = make_window()
    w.select_cycle(cycle_id)
    w.show_page(REVIEW)
    # the page says what is still open before the user asks to finalise
    said = w.review_view.state.text()
    assert "Still without an agreed level: 1 flagged item (Agree levels, Ctrl+7)." in said
    assert "The action plan is empty (Action plan, Ctrl+8)." in said
    dialogs.answers = [False]
    w.review_view.finalise()
    text = dialogs.confirmations[-1][1]
    assert "agreed levels and action plan can no longer change" in text and "The action plan is empty" in text
    assert "can be carried into next year's cycle on the Compare page" in text  # by the user: nothing carries them by itself
    ws.save_action(Action(cycle_id=cycle_id, text="Pilot a COIL course"))
    w.show_page(OVERVIEW)
    w.show_page(REVIEW)
    assert "is empty" not in w.review_view.state.text()
    dialogs.answers = [False]
    w.review_view.finalise()
    assert "is empty" not in dialogs.confirmations[-1][1]


def test_a_finalised_cycle_refuses_edits_and_says_so(qtbot, ws, answering, dialogs):
    w, rid = answering
    ws.save_response(rid, "a-one", 1)
    w.show_page(4)
    dialogs.answers = [False]
    assert not w.review_view.finalise()
    assert "3 answers still missing" in dialogs.confirmations[-1][1]
    assert not ws.cycle(w.cycle_id).finalised
    assert w.review_view.finalise()
    assert ws.cycle(w.cycle_id).finalised
    assert not w.banner.isHidden() and "finalised" in w.banner.text()
    w.answer_as(rid, "a-one")
    view = w.answer_view
    assert not any(b.isEnabled() for b in view.group.buttons())
    assert view.comment.isReadOnly() and view.comment.isEnabled()  # to be read in full colour, and copied
    assert "0–4 level" not in view.keys_label.text() and "can be read, not changed" in view.keys_label.text()
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert ws.respondent_responses(rid)["a-one"].answer == 1
    w.show_page(RESPONDENTS)
    rv = w.respondents_view
    assert not rv.add_button.isEnabled() and not rv.name.isEnabled()
    assert not w.review_view.finalise_button.isEnabled()


def test_dont_know_given_is_drawn_in_the_highlight_colours_as_a_chosen_card_is(qtbot, answering):
    from PySide6.QtGui import QPalette

    w, rid = answering
    w.answer_as(rid, "a-one")
    view = w.answer_view
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert view.dont_know.isChecked()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)

    def fill(button) -> object:  # noqa: ANN001 - a colour a few pixels in from the left, clear of the text
        image = button.grab().toImage()
        return image.pixelColor(4, image.height() // 2)

    assert fill(view.dont_know) == highlight
    assert fill(view.not_applicable) != highlight
    view.setEnabled(False)  # as on a finalised cycle: still plain to see
    assert fill(view.dont_know) == highlight


def test_a_workspace_from_a_newer_version_opens_read_only_with_a_banner(qtbot, data_dir, mini, mini_catalog, dialogs):
    with Workspace.in_folder(data_dir) as setup:
        inst = setup.save_institution(Institution(name="Universiteti i Tiranës", type="Public university"))
        c = setup.create_cycle(inst.id, "2025/26", mini)
        setup.add_respondent(c.id, "Ermira Çela", "Dean")
    raw = db.open_plain(data_dir / db.WORKSPACE_FILE)
    raw.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    raw.close()
    ws = open_workspace(data_dir, dialogs)
    assert ws is not None and ws.read_only
    try:
        w = MainWindow(ws, mini_catalog, dialogs, data_dir)
        qtbot.addWidget(w)
        assert not w.banner.isHidden() and "newer version" in w.banner.text()
        assert not w.new_cycle_action.isEnabled() and not w.new_institution_action.isEnabled()
        assert not w.overview.edit_button.isEnabled()
        w.show_page(INSTITUTION)
        assert not w.institution_view.save_button.isEnabled()
        w.show_page(RESPONDENTS)
        assert not w.respondents_view.add_button.isEnabled()
        w.respondents_view.list.setCurrentRow(0)
        w.respondents_view.answer_button.click()
        assert not any(b.isEnabled() for b in w.answer_view.group.buttons())
        w.close()
    finally:
        ws.close()


def test_a_damaged_workspace_gets_a_clear_message_naming_the_file_and_backups(data_dir, dialogs):
    file = data_dir / db.WORKSPACE_FILE
    file.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    assert open_workspace(data_dir, dialogs) is None
    [(title, text)] = dialogs.errors
    assert str(file) in text and str(data_dir / "backups") in text
    assert "Traceback" not in text
    assert file.read_bytes().startswith(b"SQLite format 3")  # left untouched


@pytest.mark.parametrize("content", ["CAST(X'FFFE00' AS TEXT)", "replace(content, '\"title\":\"Alpha\"', '\"title\":\"A1pha\"')"])
def test_damage_found_while_the_first_window_reads_is_offered_the_backup_and_quitting_changes_nothing(data_dir, dialogs, mini, content):
    import sqlite3

    from iah_assess.ui.app import run

    with Workspace.in_folder(data_dir) as ws:
        make_cycle(ws, mini)  # its first change made the day's backup
    raw = sqlite3.connect(data_dir / db.WORKSPACE_FILE)
    raw.execute(f"UPDATE questionnaire_snapshot SET content = {content}")
    raw.commit()
    raw.close()
    dialogs.picks = [2]  # Quit
    assert run(data_dir, [], dialogs=dialogs) == 1
    [(title, text, choices)] = dialogs.choices
    assert title == "The workspace is damaged" and choices == ["Restore the backup", "Rescue what can be read", "Quit"]
    assert str(data_dir / db.WORKSPACE_FILE) in text and "workspace-damaged-" in text
    assert not list(data_dir.glob("workspace-damaged-*"))  # the damaged file is where it was, still damaged:
    raw = sqlite3.connect(data_dir / db.WORKSPACE_FILE)
    raw.text_factory = bytes
    [(kept,)] = raw.execute("SELECT content FROM questionnaire_snapshot").fetchall()
    raw.close()
    assert kept == b"\xff\xfe\x00" or b"A1pha" in kept
    with Workspace.open_single_writer(data_dir / db.WORKSPACE_FILE) as again:  # the lock was let go
        assert not again.read_only


def test_damage_found_while_the_first_window_reads_leaves_the_file_and_its_wal_as_they_were(data_dir, mini, dialogs):
    """The -wal is not merged into the damaged file as the window's connection closes: both are
    kept aside whole if a backup or a rescued copy takes their place. (What the opening itself
    wrote, before any damage showed, is added after what the -wal held.)"""
    import sqlite3

    live = data_dir.parent / "live"
    with Workspace.in_folder(live) as ws:
        make_cycle(ws, mini)
        writer = sqlite3.connect(ws.path)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE questionnaire_snapshot SET content = replace(content, 'Alpha', 'A1pha')")
        writer.commit()  # the damage is in the -wal, found only when a cycle's questionnaire is read
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{ws.path}{suffix}", f"{data_dir / db.WORKSPACE_FILE}{suffix}")
        writer.close()
    file, wal = data_dir / db.WORKSPACE_FILE, data_dir / (db.WORKSPACE_FILE + "-wal")
    main_before, wal_before = file.read_bytes(), wal.read_bytes()
    dialogs.picks = [1]  # Quit (no backup: Rescue what can be read, Quit)

    def reads_every_cycle(ws):  # noqa: ANN001
        for cycle in ws.cycles():
            ws.cycle_questionnaire(cycle)

    from iah_assess.ui.app import _open

    assert _open(data_dir, dialogs, reads_every_cycle) is None
    assert dialogs.choices and dialogs.choices[0][0] == "The workspace is damaged"
    assert file.read_bytes() == main_before
    assert wal.exists() and wal.read_bytes().startswith(wal_before)


def _window_opened(qtbot, data_dir: Path, dialogs) -> tuple[Workspace, MainWindow]:  # noqa: ANN001
    """The workspace and window the app opens on the data folder, the dialogs answered as scripted."""
    from iah_assess.ui.app import open_window

    opened = open_window(data_dir, dialogs)
    assert opened is not None
    ws, w = opened
    qtbot.addWidget(w)
    return ws, w


def _damaged_after_a_backup(data_dir: Path, mini) -> str:
    """A workspace with a cycle whose first change made the day's backup, a respondent added
    after it, then damaged; the damaged file's SHA-256."""
    import hashlib

    with Workspace.in_folder(data_dir) as ws:
        cycle_id = make_cycle(ws, mini)
        ws.backup("manual")
        ws.add_respondent(cycle_id, "Drita Krasniqi", "Dean")
    file = data_dir / db.WORKSPACE_FILE
    data = bytearray(file.read_bytes())
    data[4096:8192] = b"\x13" * 4096  # the second page, a table's root, overwritten
    file.write_bytes(bytes(data))
    return hashlib.sha256(bytes(data)).hexdigest()


def test_a_damaged_workspace_is_replaced_by_its_newest_sound_backup_on_request_and_kept_aside(qtbot, data_dir, mini, dialogs):
    import hashlib

    damaged = _damaged_after_a_backup(data_dir, mini)
    ws, w = _window_opened(qtbot, data_dir, dialogs)
    try:
        [(title, text, _)] = dialogs.choices
        assert "The newest sound backup is of" in text and "(on request)" in text
        assert ("failed its integrity check" in text or "cannot be read as a workspace" in text)
        assert "iah-assess restore" not in text  # the way out is this question
        [(info_title, info)] = dialogs.infos
        [aside] = data_dir.glob("workspace-damaged-*.sqlite")
        assert info_title == "The backup is restored" and str(aside) in info and "Enter again" in info
        assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged  # kept as it was
        assert not ws.read_only and db.integrity(ws._conn) == "ok"
        names = [r.name for r in ws.respondents(ws.cycles()[0].id)]
        assert "Drita Krasniqi" not in names and names  # what came after the backup is gone, the rest is there
        assert not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_a_damaged_workspace_without_a_sound_backup_names_the_file_and_the_backups_it_could_not_use(data_dir, mini, dialogs):
    _damaged_after_a_backup(data_dir, mini)
    for b in db.backups(data_dir / db.BACKUP_DIR):
        b.path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    dialogs.picks = [1]  # Quit
    assert open_workspace(data_dir, dialogs) is None
    [(title, text, choices)] = dialogs.choices
    assert title == "The workspace is damaged" and choices == ["Rescue what can be read", "Quit"]
    assert "No backup that could take its place was found." in text
    assert "cannot be used: it" in text and str(data_dir / "backups") in text
    assert not dialogs.errors
    assert not list(data_dir.glob("workspace-damaged-*")) and not list(data_dir.glob("workspace-rescued-*"))


def _damaged_table(data_dir: Path, mini, table: str = "response") -> tuple[str, str]:
    """A workspace whose cycle has two respondents with answers and an action, a backup of it,
    then one table's root page overwritten; the damaged file's SHA-256 and the data folder's
    questionnaire file, from which the stored questionnaire can be taken again."""
    import hashlib
    import shutil
    import sqlite3

    from tests.conftest import MINI

    with Workspace.in_folder(data_dir) as ws:
        cycle_id = make_cycle(ws, mini)
        for name, level in (("Јелена Ђорђевић", 3), ("Arbër Çeliku", 1)):
            rid = ws.add_respondent(cycle_id, name, "Dean").id
            ws.save_response(rid, "a-one", level, f"{name}: č ć đ š ž ë")
        ws.save_action(Action(cycle_id=cycle_id, item_id="a-one", text="Учешће студената"))
        ws.backup("manual")
    file = data_dir / db.WORKSPACE_FILE
    raw = sqlite3.connect(file)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    [(root,)] = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchall()
    page = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    data = bytearray(file.read_bytes())
    data[(root - 1) * page:root * page] = b"\x13" * page
    file.write_bytes(bytes(data))
    folder = paths.user_questionnaire_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI, folder / Path(MINI).name)
    return hashlib.sha256(bytes(data)).hexdigest()


def test_the_rescue_summary_names_what_this_version_does_not_know():
    from pathlib import Path

    from iah_assess.storage.recovery import Rescued
    from iah_assess.ui.app import rescued_summary

    r = Rescued(Path("x.sqlite"), {"cycle": 2}, frozenset(), {}, {}, 0, ("column response.confidence", "table attachment"))
    said = rescued_summary(r)
    assert "Left out, as this version of iah-assess does not know them: column response.confidence, table attachment." in said
    assert "Nothing was lost" not in said


def test_the_rescue_summary_names_each_cycle_that_lost_answers_and_what_may_be_of_any_cycle():
    from pathlib import Path

    from iah_assess.storage.recovery import CycleRescued, Rescued
    from iah_assess.ui.app import rescued_summary

    none = {"respondent": 0, "response": 0, "decision": 0, "action": 0}
    cycles = (CycleRescued("Univerzitet „Sv. Kiril i Metodij“", "2023/24", True, {**none, "respondent": 2, "response": 60},
                           {**none, "respondent": 1, "response": 30}),
              CycleRescued("Univerzitet „Sv. Kiril i Metodij“", "2024/25", True, {**none, "response": 90}, none),
              CycleRescued("Universiteti i Tiranës", "2025/26", False, none, {**none, "response": 1, "action": 2}))
    r = Rescued(Path("x.sqlite"), {"cycle": 2}, frozenset({"response"}), {"respondent": 1, "response": 33}, {}, 0, (),
                cycles, {"response": 2})
    said = rescued_summary(r).splitlines()
    assert "Univerzitet „Sv. Kiril i Metodij“, 2023/24 lost 1 respondent, 30 answers." in said
    assert "Universiteti i Tiranës, 2025/26: the cycle itself was left out, with 1 answer, 2 actions." in said
    assert not [line for line in said if "2024/25" in line]
    assert "Left out, as what they belong to was lost, and may belong to any cycle: 2 answers." in said
    assert "What could not be read may belong to any cycle." in said
    whole = rescued_summary(Rescued(Path("x.sqlite"), {"cycle": 2}, frozenset(), {}, {}, 0, (), cycles[1:2]))
    assert "lost" not in whole.replace("Nothing was lost.", "") and "any cycle" not in whole


def test_what_can_be_read_from_a_damaged_workspace_is_rescued_and_opened_read_only(qtbot, data_dir, mini, dialogs):
    import hashlib

    damaged = _damaged_table(data_dir, mini)
    dialogs.picks = [1, 1]  # Rescue what can be read; Open it read-only
    ws, w = _window_opened(qtbot, data_dir, dialogs)
    try:
        [(_, _, first), (title, text, then)] = dialogs.choices
        assert first == ["Restore the backup", "Rescue what can be read", "Quit"]
        assert title == "What could be read is rescued"
        assert then == ["Use it as the workspace", "Open it read-only", "Restore the backup instead", "Quit"]
        assert "1 institution, 1 cycle, 5 respondents, 0 answers" in text and "Part of the answers could not be read." in text
        assert "The newest sound backup, of" in text and "can still be restored instead" in text
        [rescued] = data_dir.glob("workspace-rescued-*.sqlite")
        assert str(rescued) in text and ws.path == rescued and ws.read_only
        assert not w.banner.isHidden() and "rescued from the damaged workspace" in w.banner.text()
        assert f"iah-assess restore {rescued}" in w.banner.text()
        assert [r.name for r in ws.respondents(ws.cycles()[0].id)][-2:] == ["Јелена Ђорђевић", "Arbër Çeliku"]
        assert [a.text for a in ws.actions(ws.cycles()[0].id)] == ["Учешће студената"]
        assert not w.new_cycle_action.isEnabled()
        assert hashlib.sha256((data_dir / db.WORKSPACE_FILE).read_bytes()).hexdigest() == damaged  # not changed
        assert not list(data_dir.glob("workspace-damaged-*")) and not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_what_was_rescued_can_take_the_damaged_workspaces_place(qtbot, data_dir, mini, dialogs):
    import hashlib

    damaged = _damaged_table(data_dir, mini, "action")
    dialogs.picks = [1, 0]  # Rescue what can be read; Use it as the workspace
    ws, w = _window_opened(qtbot, data_dir, dialogs)
    try:
        [_, (_, text, _)] = dialogs.choices
        assert "0 agreed levels or targets, 0 actions" in text and "Part of the actions could not be read." in text
        [(info_title, info)] = dialogs.infos
        [aside] = data_dir.glob("workspace-damaged-*.sqlite")
        assert info_title == "What was rescued is the workspace" and str(aside) in info
        assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged  # kept as it was
        assert not list(data_dir.glob("workspace-rescued-*"))  # it is the workspace now
        assert ws.path == data_dir / db.WORKSPACE_FILE and not ws.read_only and db.integrity(ws._conn) == "ok"
        cycle = ws.cycles()[0]
        answers = {r.name: ws.respondent_responses(r.id)["a-one"].answer for r in ws.respondents(cycle.id)[-2:]}
        assert answers == {"Јелена Ђорђевић": 3, "Arbër Çeliku": 1}
        ws.save_action(Action(cycle_id=cycle.id, text="Again"))  # it can be worked on
        assert not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_a_damaged_format_number_is_offered_the_backup_and_the_rescue_not_opened_as_a_newer_version(qtbot, data_dir, mini, dialogs):
    import sqlite3

    with Workspace.in_folder(data_dir) as ws:
        cycle_id = make_cycle(ws, mini)
        ws.backup("manual")
        ws.add_respondent(cycle_id, "Drita Krasniqi", "Dean")  # after the backup: only the rescue has her
    raw = sqlite3.connect(data_dir / db.WORKSPACE_FILE)
    raw.execute("PRAGMA user_version = 1503238553")  # the header's format number, as damage leaves it
    raw.close()
    dialogs.picks = [1, 0]  # Rescue what can be read; Use it as the workspace
    ws, w = _window_opened(qtbot, data_dir, dialogs)
    try:
        [(title, text, first), _] = dialogs.choices
        assert title == "The workspace is damaged" and "header is damaged (format number 1503238553)" in text
        assert first == ["Restore the backup", "Rescue what can be read", "Quit"]
        assert not ws.read_only and w.banner.isHidden()  # not "saved by a newer version", read-only
        assert "Drita Krasniqi" in [r.name for r in ws.respondents(ws.cycles()[0].id)]
        assert not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_after_a_rescue_the_backup_can_still_be_restored_instead(qtbot, data_dir, mini, dialogs):

    _damaged_table(data_dir, mini)
    dialogs.picks = [1, 2]  # Rescue what can be read; Restore the backup instead
    ws, w = _window_opened(qtbot, data_dir, dialogs)
    try:
        [(info_title, info)] = dialogs.infos
        [rescued] = data_dir.glob("workspace-rescued-*.sqlite")
        assert info_title == "The backup is restored" and f"What was rescued is still kept as {rescued}" in info
        assert not ws.read_only and ws.path == data_dir / db.WORKSPACE_FILE
        assert len(ws.respondent_responses(ws.respondents(ws.cycles()[0].id)[-1].id)) == 1  # the backup's answers
        assert list(data_dir.glob("workspace-damaged-*.sqlite")) and not dialogs.errors
    finally:
        w.close()
        ws.close()


def test_a_workspace_of_which_nothing_can_be_read_says_so_and_is_not_changed(data_dir, dialogs):
    file = data_dir / db.WORKSPACE_FILE
    file.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    assert open_workspace(data_dir, dialogs) is None  # Rescue what can be read: nothing
    [(title, text)] = dialogs.errors
    assert title == "The workspace cannot be opened" and "Nothing can be read from" in text
    assert "Keep a copy of the whole data folder" in text and "start it again" not in text
    assert file.read_bytes() == b"SQLite format 3\x00" + b"\x13" * 8000
    assert not [p for p in data_dir.iterdir() if p.name.startswith((".", "workspace-"))]  # no copy left behind


def test_no_backup_is_put_under_a_window_that_has_the_workspace_open(data_dir, mini, dialogs):
    from iah_assess.storage.lock import WorkspaceLock

    damaged = _damaged_after_a_backup(data_dir, mini)
    with WorkspaceLock(data_dir / db.WORKSPACE_FILE) as other:
        assert other.acquire()
        assert open_workspace(data_dir, dialogs) is None
    assert not dialogs.choices
    [(title, text)] = dialogs.errors
    assert "open in another iah-assess window" in text
    import hashlib
    assert hashlib.sha256((data_dir / db.WORKSPACE_FILE).read_bytes()).hexdigest() == damaged


# --- help ------------------------------------------------------------------------------------------------------------


def test_help_shows_the_questionnaire_about_text_and_glossary(make_window, ws, cycle, dialogs, data_dir):
    w = make_window()
    w.about_q_action.trigger()
    w.glossary_action.trigger()
    w.about_action.trigger()
    (t1, about), (t2, glossary) = dialogs.texts
    assert "A small questionnaire used by the tests." in about
    assert "<b>IaH</b>" in glossary and "Internationalisation at Home." in glossary
    assert str(data_dir) in dialogs.infos[0][1]


def test_every_page_is_reachable_by_keyboard_shortcut(make_window, ws, cycle, dialogs):
    w = make_window()
    for n, action in enumerate(w.page_actions):
        assert action.shortcut().toString() == f"Ctrl+{n + 1}"
        action.trigger()
        assert w.current_page() == n


def test_the_window_fits_1280_by_720_at_150_percent_text(qtbot, ws, mini, make_window, large_text):
    inst = ws.save_institution(Institution(name="Државен универзитет во Тетово — Љубљана Ѓорѓиевска", type="Academy"))
    c = ws.create_cycle(inst.id, "2025/26", mini)
    rid = ws.add_respondent(c.id, "Љубица Ѓорѓиевска", "Head of international office").id
    w = shown(qtbot, make_window())
    w.answer_as(rid)
    for page in range(w.stack.count()):
        w.show_page(page)
        hint = w.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, (page, hint)
        assert w.width() == 1280 and w.height() == 720, page
    w.close()


def test_new_cycle_keeps_create_and_cancel_in_sight_at_150_percent_text(qtbot, ws, cycle, make_window, data_dir, large_text):
    from iah_assess.catalog import shipped_dir

    shutil.copytree(shipped_dir() / "iah-core", data_dir / "questionnaires" / "iah-core")  # six areas, a long description
    for name, role in (("Arta Krasniqi", "Rector"), ("Marko Jovanović", "Head of international office"),
                       ("Љубица Ѓорѓиевска", "Dean"), ("Ermira Çela", "Student representative")):
        ws.add_respondent(cycle.id, name, role)
    w = shown(qtbot, make_window())
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    view.questionnaire.setCurrentIndex(view.questionnaire.findText("Internationalisation", Qt.MatchFlag.MatchStartsWith))
    assert len(view.area_boxes()) == 6 and view.same_team.isVisible()
    qtbot.wait(300)  # the page's layout settles over a few passes of the event loop
    for button in (view.create_button, view.cancel_button):
        top_left = button.mapTo(w, button.rect().topLeft())
        assert button.isVisible() and top_left.y() + button.height() <= w.height()
        assert button.visibleRegion().boundingRect().size() == button.size()  # not cut off by the scrolling page


def _overview_with_three_cycles(ws, mini, make_window, width: int, height: int):  # noqa: ANN001, ANN202
    inst = ws.save_institution(Institution(name="Univerzitet u Tuzli — Ђурђевић Čačak", country="Bosnia and Herzegovina"))
    for label in ("2023/24", "2024/25", "2025/26"):
        ws.create_cycle(inst.id, label, mini)
    w = make_window()
    w.resize(width, height)
    w.show()
    w.show_page(0)
    return w.overview


def _page_scrolls(view) -> bool:  # noqa: ANN001
    from PySide6.QtWidgets import QScrollArea

    area = view.findChild(QScrollArea)
    return area.verticalScrollBar().isVisible()


def test_the_start_screen_shows_whole_at_1280_by_800(qtbot, ws, mini, make_window):
    view = _overview_with_three_cycles(ws, mini, make_window, 1280, 800)
    qtbot.waitUntil(lambda: view.radar_box.isVisible() and view.radar_box.width() > 0)
    # the radar beside the cycles, and nothing to scroll
    assert view.radar_box.y() == view.cycles_box.y()
    assert view.radar_box.x() >= view.cycles_box.x() + view.cycles_box.width()
    assert not _page_scrolls(view)
    assert not view.table.horizontalScrollBar().isVisible()  # every column whole


def test_with_larger_text_the_radar_goes_below_the_cycles(qtbot, ws, mini, make_window, large_text):
    view = _overview_with_three_cycles(ws, mini, make_window, 1280, 800)
    qtbot.waitUntil(lambda: view.radar_box.isVisible() and view.radar_box.height() > 0)
    assert view.radar_box.y() >= view.cycles_box.y() + view.cycles_box.height()
    assert not view.table.horizontalScrollBar().isVisible()
    # and back beside it when the window is wide enough again
    view.window().resize(2400, 1000)
    qtbot.waitUntil(lambda: view.radar_box.y() == view.cycles_box.y())


def test_level_cards_and_buttons_have_accessible_names(qtbot, answering):
    w, _ = answering
    view = w.answer_view
    assert [c.accessibleName() for c in view.cards] == [
        "Level 0, Not started", "Level 1, Initial", "Level 2, Developing", "Level 3, Established", "Level 4, Embedded"]
    assert view.cards[0].accessibleDescription() == "Nothing"
    assert view.dont_know.accessibleName() == "Don't know"
    # a button group is one tab stop; the arrow keys move between its cards, as with radio buttons
    assert all(c.focusPolicy() & Qt.FocusPolicy.ClickFocus for c in view.cards)
    view.cards[0].setFocus()
    qtbot.keyClick(view.cards[0], Qt.Key.Key_Down)
    assert view.cards[1].hasFocus()


def test_the_gui_command_is_wired_to_run(monkeypatch, tmp_path: Path):
    import iah_assess.ui.app as app_module
    from iah_assess import cli

    seen = {}

    def fake_run(data_dir, argv, sample=None):  # noqa: ANN001
        seen.update(data_dir=data_dir, sample=sample, collecting=gc.isenabled())
        return 0

    monkeypatch.setattr(app_module, "run", fake_run)
    assert cli.main(["--data-dir", str(tmp_path), "gui"]) == 0
    assert seen["data_dir"] == tmp_path and callable(seen["sample"])
    assert seen["collecting"] is False and gc.isenabled()  # held off for the start only

    def failing_run(data_dir, argv, sample=None):  # noqa: ANN001
        raise OSError("no display")

    monkeypatch.setattr(app_module, "run", failing_run)
    assert cli.main(["--data-dir", str(tmp_path), "gui"]) == 1
    assert gc.isenabled()
    assert isinstance(Catalog(tmp_path).valid(), list)


def test_without_a_first_frame_the_collector_is_on_again_after_two_seconds(qapp, monkeypatch, data_dir, dialogs):
    from PySide6.QtCore import QTimer

    from iah_assess.ui.app import run

    monkeypatch.setattr(MainWindow, "show", lambda self: None)  # as a window started minimised: no first frame
    seen: list[bool] = []
    QTimer.singleShot(1000, lambda: seen.append(gc.isenabled()))
    QTimer.singleShot(2300, lambda: (seen.append(gc.isenabled()), qapp.exit(0)))
    gc.disable()
    try:
        assert run(data_dir, [], dialogs=dialogs) == 0
    finally:
        gc.enable()
    assert seen == [False, True]


def test_an_open_cycle_started_by_mistake_can_be_deleted_after_confirming(make_window, ws, mini, cycle, dialogs, data_dir):
    mistake = ws.create_cycle(cycle.institution_id, "2026/27", mini)
    person = ws.add_respondent(mistake.id, "Ana Kovač", "Dean")
    ws.save_response(person.id, "a-one", 2)
    w = make_window()
    w.select_cycle(mistake.id)
    assert w.delete_cycle_action.isEnabled()

    dialogs.answers = [False]  # "no": nothing happens
    w.delete_cycle_action.trigger()
    title, text = dialogs.confirmations[-1]
    assert title == "Delete cycle 2026/27"
    assert "everything in it: 1 respondent, 1 answer." in text and str(data_dir / db.BACKUP_DIR) in text  # no "0 items"
    assert "before-delete.sqlite" in text and "run iah-assess restore with that file" in text  # as for an institution
    assert dialogs.buttons == ("Delete cycle", "Keep it")  # named for what they do, not Yes and No
    assert [c.label for c in ws.cycles()] == ["2025/26", "2026/27"]

    w.delete_cycle_action.trigger()  # "yes"
    assert [c.label for c in ws.cycles()] == ["2025/26"]
    assert w.cycle_id == cycle.id and w.cycle_combo.count() == 1 and w.current_page() == OVERVIEW
    assert "Cycle 2026/27 deleted" in w.statusBar().currentMessage()
    kept = [b for b in db.backups(data_dir / db.BACKUP_DIR) if b.reason == db.BEFORE_DELETE]
    assert len(kept) == 1 and str(kept[0].path) in w.statusBar().currentMessage()


def test_a_finalised_cycle_offers_no_delete(make_window, ws, cycle, dialogs):
    ws.finalise_cycle(cycle.id)
    w = make_window()
    w.select_cycle(cycle.id)
    assert not w.delete_cycle_action.isEnabled()
    assert w.delete_cycle() is False  # called anyway (as by a stale shortcut): refused with the reason
    assert "finalised" in dialogs.errors[-1][1] and len(ws.cycles()) == 1


@pytest.mark.parametrize("how", ["choose another cycle", "delete the cycle"])
def test_edit_undo_never_changes_the_plan_of_a_cycle_the_window_has_left(make_window, ws, mini, cycle, how):
    other = ws.create_cycle(cycle.institution_id, "2026/27", mini)
    w = make_window()
    w.select_cycle(other.id)
    w.show_page(ACTIONS)
    w.page(ACTIONS).add_action()
    assert w.undo_action.isEnabled()
    w.show_page(OVERVIEW)  # the plan is hidden, and loads its next cycle only when shown again
    if how == "delete the cycle":
        assert w.delete_cycle()
    else:
        w.select_cycle(cycle.id)
    assert w.cycle_id == cycle.id
    assert not w.undo_action.isEnabled()
    w.undo_action.trigger()  # nothing to undo, and nothing fails
    assert len(ws.actions(cycle.id)) == 0


def test_edit_undo_acts_on_the_plan_only_while_it_shows_and_not_after_finalising(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(ACTIONS)
    w.page(ACTIONS).add_action()
    assert w.undo_action.isEnabled()
    w.show_page(RESPONDENTS)  # Ctrl+Z here must not remove the action, unseen
    assert not w.undo_action.isEnabled()
    w.undo_action.trigger()
    assert len(ws.actions(cycle.id)) == 1
    w.show_page(ACTIONS)
    assert w.undo_action.isEnabled()
    w.review_view.finalise()  # asks, and the scripted answer is yes
    w.show_page(ACTIONS)
    assert not w.undo_action.isEnabled() and dialogs.errors == []


def test_deleting_the_only_cycle_leaves_every_page_working(make_window, ws, cycle):
    person = ws.add_respondent(cycle.id, "Ana Kovač", "Dean")
    w = make_window()
    w.answer_as(person.id)
    for page in range(w.stack.count()):  # every view built, each holding the cycle
        w.show_page(page)
    assert w.delete_cycle()
    assert w.cycle_id is None and w.respondent_id is None and w.cycle_combo.count() == 0
    assert not w.delete_cycle_action.isEnabled() and not w.export_action.isEnabled()
    for page in range(w.stack.count()):
        w.show_page(page)
    w.show_page(OVERVIEW)
    assert "no cycle yet" in w.overview.steps_text.text()


def test_an_institution_is_deleted_with_its_cycles_after_saying_what_goes_and_the_pages_follow(make_window, ws, cycle, dialogs):
    person = ws.add_respondent(cycle.id, "Ana Kovač", "Dean")
    ws.save_response(person.id, "a-one", 2)
    ws.finalise_cycle(cycle.id)
    other = ws.save_institution(Institution(name="Универзитет у Нишу"))
    w = make_window()
    w.answer_as(person.id)
    for page in range(w.stack.count()):  # every view built, each holding the institution's cycle
        w.show_page(page)
    dialogs.answers = [False]  # no: nothing goes
    assert not w.delete_institution() and len(ws.institutions()) == 2
    [(title, text)] = dialogs.confirmations
    assert title == "Delete institution Univerzitet u Tuzli"
    assert text.startswith("Univerzitet u Tuzli will be deleted with everything in it: 1 cycle, 1 respondent, 1 answer.")
    assert "Among them: 1 finalised cycle, the institution's record of past years." in text and "before-delete" in text
    assert dialogs.buttons == ("Delete institution", "Keep it")
    assert w.delete_institution()
    assert [i.name for i in ws.institutions()] == ["Универзитет у Нишу"] and w.institution_id == other.id
    assert w.cycle_id is None and w.respondent_id is None and w.institution_combo.count() == 1
    assert "deleted. The workspace as it was before is kept in" in w.statusBar().currentMessage()
    for page in range(w.stack.count()):
        w.show_page(page)
    assert w.delete_institution()  # the last one: the window offers to start again
    assert ws.institutions() == [] and w.institution_id is None and not w.delete_institution_action.isEnabled()
    w.show_page(OVERVIEW)
    assert len(db.backups(ws.path.parent / db.BACKUP_DIR)) >= 2


def test_a_cycle_whose_report_is_being_written_is_not_deleted_meanwhile(qtbot, make_window, ws, cycle, dialogs, data_dir):
    w = make_window()
    w.select_cycle(cycle.id)
    dialogs.save_paths = [str(data_dir / "report.pdf")]
    dialogs.answers = [False]  # "Open it now?" when it is written: no
    w.export_action.trigger()  # the report is written in another thread
    assert w.delete_cycle() is False
    assert "being written" in dialogs.infos[-1][1] and dialogs.confirmations == []
    qtbot.waitUntil(lambda: w.results_view.exporting() is None, timeout=30000)
    assert (data_dir / "report.pdf").exists()
    assert w.delete_cycle() and ws.cycles() == []


def test_no_two_alt_keys_clash_on_a_page_or_with_the_window(make_window, cycle):
    """An Alt+letter goes to one place: a page's labels, buttons and tabs, the menus and the
    institution and cycle selectors each have their own letter."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget

    def letters(widget) -> list[tuple[str, str]]:  # noqa: ANN001
        texts = [x.text() for cls in (QLabel, QAbstractButton) for x in widget.findChildren(cls)]
        texts += [g.title() for g in widget.findChildren(QGroupBox)]
        texts += [t.tabText(i) for t in widget.findChildren(QTabWidget) for i in range(t.count())]
        return [(m.group(1).lower(), text) for text in texts if (m := re.search(r"&([^&\s])", text))]

    w = make_window()
    window = [(m.group(1).lower(), text) for text in [a.text() for a in w.menuBar().actions()]
              + [w.institution_label.text(), w.cycle_label.text()] if (m := re.search(r"&([^&\s])", text))]
    assert len(window) == 6  # File, Edit, Go, Help; Institution, Cycle
    for page in range(NEW_CYCLE + 1):
        w.show_page(page)
        seen: dict[str, list[str]] = {}
        for key, text in letters(w.stack.currentWidget()) + window:
            seen.setdefault(key, []).append(text)
        assert {k: v for k, v in seen.items() if len(v) > 1} == {}, type(w.stack.currentWidget()).__name__


def test_tab_leaves_every_table_for_the_next_control(qtbot, make_window, cycle):
    """Tab never traps the keyboard in a table: arrows move within it, Tab goes on to the next control."""
    from PySide6.QtWidgets import QAbstractItemView

    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    for page in range(NEW_CYCLE + 1):
        w.show_page(page)
        for view in w.stack.currentWidget().findChildren(QAbstractItemView):
            assert not view.tabKeyNavigation(), (type(w.stack.currentWidget()).__name__, view.accessibleName())
    w.show_page(ACTIONS)
    table = w.actions_view.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def test_cancelling_the_question_about_unsaved_edits_stays_with_them(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(INSTITUTION)
    w.institution_view.city.setText("Tuzla")
    dialogs.answers = [None]  # Cancel, Escape or the question's close button
    w.show_page(OVERVIEW)
    assert w.current_page() == INSTITUTION and w.institution_view.city.text() == "Tuzla"
    w.show_page(RESPONDENTS)
    w.respondents_view.name.setText("Ana Kovač")
    dialogs.answers = [None]
    assert not w.close()
    assert w.respondents_view.name.text() == "Ana Kovač" and ws.respondents(cycle.id) == []
    dialogs.answers = [False]  # Discard
    assert w.close()


def test_cancelling_the_report_file_leaves_the_user_where_they_were(make_window, ws, cycle, dialogs):
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(ACTIONS)
    dialogs.save_paths = []  # the save dialog is cancelled
    w.actions_view.export_button.click()
    assert w.current_page() == ACTIONS and w.results_view.exporting() is None
    w.export_action.trigger()  # Ctrl+E
    assert w.current_page() == ACTIONS


def test_a_report_exported_from_the_action_plan_leaves_the_user_there_with_what_was_typed_in_it(
        qtbot, make_window, ws, cycle, dialogs, data_dir):
    from pypdf import PdfReader

    w = make_window()
    w.select_cycle(cycle.id)
    ws.save_action(Action(cycle_id=cycle.id, text="Radionica za dekane"))
    w.show_page(ACTIONS)
    view = w.actions_view
    view.table.selectRow(0)
    qtbot.keyClicks(view.owner_edit, "Prorektorica")  # typed, not yet saved: its second has not passed
    dialogs.save_paths = [str(data_dir / "plan-report.pdf")]
    dialogs.answers = [False]  # "Open it now?": no
    view.export_button.click()
    assert w.current_page() == ACTIONS  # the user stays on the plan
    assert w.statusBar().currentMessage() == "Writing the report…"
    qtbot.waitUntil(lambda: w.results_view.exporting() is None, timeout=30000)
    assert w.current_page() == ACTIONS and w.statusBar().currentMessage() == ""
    text = "".join(page.extract_text() for page in PdfReader(str(data_dir / "plan-report.pdf")).pages)
    assert "Prorektorica" in text  # saved first, so the report has it


def test_a_report_exported_with_a_profile_not_saved_asks_about_it_first(qtbot, make_window, ws, cycle, dialogs, data_dir):
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(INSTITUTION)
    w.institution_view.name.setText("Univerzitet u Tuzli – Filozofski fakultet")  # a Save records it
    dialogs.save_paths = [str(data_dir / "report.pdf")]
    dialogs.answers = [True, False]  # save the profile first: yes; "Open it now?": no
    w.export_action.trigger()
    assert dialogs.confirmations[0][0] == "Unsaved changes"  # asked, as on leaving the page
    assert w.current_page() == RESULTS and ws.institution(cycle.institution_id).name.endswith("Filozofski fakultet")
    qtbot.waitUntil(lambda: w.results_view.exporting() is None, timeout=30000)
    assert (data_dir / "report.pdf").exists()


def _plan_on_screen(qtbot, make_window, cycle):  # noqa: ANN001, ANN202
    """A window on screen, active, on the cycle's action plan; the plan's view."""
    w = make_window()
    w.select_cycle(cycle.id)
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(ACTIONS)
    return w.actions_view


def test_ctrl_z_in_the_action_form_undoes_the_plan_as_edit_undo_does(qtbot, make_window, ws, cycle):
    plan = _plan_on_screen(qtbot, make_window, cycle)
    before = len(ws.actions(cycle.id))
    plan.add_button.click()  # the focus goes to the new action's text, "New action" selected
    assert QApplication.focusWidget() is plan.text_edit and len(ws.actions(cycle.id)) == before + 1
    qtbot.keyClicks(plan.text_edit, "Workshop")
    qtbot.keyClick(plan.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the typing
    assert ws.actions(cycle.id)[-1].text != "Workshop"
    qtbot.keyClick(plan.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the adding
    assert len(ws.actions(cycle.id)) == before


def test_respondents_and_the_action_plan_say_why_they_are_empty_without_a_cycle(make_window, ws):
    # no institution yet: New cycle cannot be used, and they do not send the user to it first
    w = make_window()
    assert not w.new_cycle_action.isEnabled()
    w.show_page(RESPONDENTS)
    assert "Enter your institution first, on the Institution page (Ctrl+2)" in w.respondents_view.message.text()
    w.show_page(ACTIONS)
    assert "Enter your institution first, on the Institution page (Ctrl+2)" in w.page(ACTIONS).empty_label.text()
    w.close()

    ws.save_institution(Institution(name="Univerzitet u Bihaću"))
    w = make_window()
    assert w.cycle_id is None
    w.show_page(RESPONDENTS)
    assert w.respondents_view.message.text().startswith("Respondents answer in a cycle: choose a cycle first")
    w.show_page(ACTIONS)
    assert w.page(ACTIONS).empty_label.isVisibleTo(w.page(ACTIONS))
    assert w.page(ACTIONS).empty_label.text().startswith("Each cycle has its own action plan: choose a cycle first")


def test_the_empty_answer_page_says_what_is_missing_and_leads_there(qtbot, make_window, ws, cycle):
    w = shown(qtbot, make_window())
    w.show_page(ANSWER)
    view = w.answer_view
    assert view.empty.text() == "Choose who is answering: pick a respondent on the Respondents page."
    assert view.empty_button.text() == "Go to Respondents" and view.empty_button.isVisible()
    assert not any(b.isVisible() for b in (view.back_button, view.next_button, view.unanswered_button))
    assert view.empty_button.geometry().top() < view.height() // 3  # under the text, not in the middle of the page
    view.empty_button.click()
    assert w.current_page() == RESPONDENTS
    person = ws.add_respondent(cycle.id, "Nermina Kapetanović", "Dean")
    w.answer_as(person.id)
    assert not view.empty_button.isVisible() and view.next_button.isVisible()
    ws.finalise_cycle(cycle.id)
    w.select_cycle(cycle.id)
    w.set_respondent(None)
    w.show_page(ANSWER)
    assert view.empty.text() == "Choose whose answers to see: pick a respondent on the Respondents page."


def test_the_answer_page_with_no_cycle_says_to_set_up_the_institution_or_choose_a_cycle(qtbot, make_window, ws, mini):
    w = shown(qtbot, make_window())  # an empty workspace: there is no cycle to choose yet
    w.show_page(ANSWER)
    view = w.answer_view
    assert view.empty.text() == "Set up your institution first: the Overview starts you off."
    view.empty_button.click()
    assert w.current_page() == OVERVIEW
    ws.save_institution(Institution(name="Универзитет „Гоце Делчев“ – Штип"))
    w.show_page(ANSWER)
    assert view.empty.text() == "Choose a cycle first, or start a new one, on the Overview."


def test_a_scrolling_page_that_takes_the_focus_is_named_and_shows_it(qtbot, make_window, ws, cycle):
    from PySide6.QtWidgets import QScrollArea

    w = shown(qtbot, make_window())
    w.activateWindow()
    [scroll] = [s for s in w.overview.findChildren(QScrollArea) if s.accessibleName()]
    assert scroll.accessibleName() == "Overview page"
    scroll.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: scroll.hasFocus())
    [ring] = [c for c in scroll.children() if type(c).__name__ == "_Ring"]
    assert ring.isVisible() and ring.geometry() == scroll.rect()
    assert ring.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks reach the page under it
    w.resize(1200, 700)
    qtbot.waitUntil(lambda: ring.geometry() == scroll.rect())
    w.overview.table.setFocus()
    assert not ring.isVisible()


def test_what_the_respondents_page_said_of_the_last_click_is_not_said_again_on_coming_back(qtbot, make_window, ws, cycle):
    w = shown(qtbot, make_window())
    w.select_cycle(cycle.id)
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.name.setText("Ђорђе Њего")
    view.role.setCurrentIndex(view.role.findData("Dean"))
    view.add_button.click()
    assert view.message.text() == "Ђорђе Њего was added."
    view.name.setText("Ana")
    view.role.setCurrentIndex(view.role.findData("Rector"))
    view.add_button.click()
    assert view.message.text() == "Ana was added."
    row = next(r for r in range(view.list.count()) if view.list.item(r).text().startswith("Ђорђе"))
    view.list.setCurrentRow(row)  # another chosen: what was said of Ana is not read as said of them
    assert view.message.text() == ""
    w.show_page(OVERVIEW)
    w.show_page(RESPONDENTS)
    assert view.message.text() == ""
    ws.finalise_cycle(cycle.id)
    w.select_cycle(cycle.id)
    w.show_page(OVERVIEW)
    w.show_page(RESPONDENTS)  # what holds for the page is said again
    assert view.message.text() == "This cycle is finalised: respondents can be seen, not added or removed."

    class Minimised(QHideEvent):  # the system hides the window: the page comes back as it was
        def spontaneous(self) -> bool:
            return True

    view.hideEvent(Minimised())
    assert view.message.text() == "This cycle is finalised: respondents can be seen, not added or removed."


@pytest.mark.parametrize("scale", [1.0, 2.5])
def test_the_list_of_pages_is_as_wide_as_its_longest_name_needs(qapp, make_window, scale):
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    qapp.setFont(bigger)
    try:
        w = make_window()
        assert w.nav.width() >= w.nav.sizeHintForColumn(0) + 24  # the list's own measure, and room to spare
        assert (w.nav.width() > 150) == (scale > 1)  # 150 pixels at the usual size, wider for larger text
    finally:
        qapp.setFont(font)


def test_a_list_with_no_row_chosen_shows_that_it_has_the_focus(qtbot, make_window, ws, cycle):
    ws.add_respondent(cycle.id, "Љупчо Ѓорѓиевски", "Vice-rector")
    w = shown(qtbot, make_window())
    w.activateWindow()
    w.show_page(RESPONDENTS)
    people = w.respondents_view.list
    people.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(people.hasFocus)
    assert people.currentRow() == -1  # nobody chosen by the focus coming in (UnmarkedList)
    [ring] = [c for c in people.children() if type(c).__name__ == "_Ring"]
    assert ring.isVisible() and ring.geometry() == people.rect()
    w.respondents_view.name.setFocus()
    assert not ring.isVisible()


def test_every_scroll_area_a_tab_reaches_is_named(qtbot, make_window, ws, cycle):
    from PySide6.QtWidgets import QScrollArea

    person = ws.add_respondent(cycle.id, "Ђорђе Њего", "Dean")
    w = shown(qtbot, make_window())
    w.answer_as(person.id)
    for page in range(w.stack.count()):
        w.show_page(page)
    def view_of(widget):  # noqa: ANN001, ANN202
        while type(widget).__module__.startswith("PySide6"):
            widget = widget.parentWidget()
        return type(widget).__name__

    unnamed = [view_of(s) for s in w.findChildren(QScrollArea)
               if s.focusPolicy() & Qt.FocusPolicy.TabFocus and not s.accessibleName()]
    assert unnamed == []  # before, the answer page's item had a Tab stop with no name


def test_the_top_bar_says_who_answers_or_why_nobody_does(qtbot, make_window, ws, mini):
    inst = ws.save_institution(Institution(name="Univerzitet u Tuzli"))
    w = make_window()
    assert w.who_label.full_text() == "No cycle chosen"
    cycle = ws.create_cycle(inst.id, "2025/26", mini)
    person = ws.add_respondent(cycle.id, "Emina Hadžić", "Dean")
    w.close()
    w = make_window()
    assert w.cycle_id == cycle.id and w.who_label.full_text() == "Nobody chosen to answer now"
    w.answer_as(person.id)
    assert w.who_label.full_text() == "Answering as Emina Hadžić (Dean)"


def test_who_is_answering_is_shortened_with_an_ellipsis_and_shown_whole_as_a_tip(qtbot, make_window, ws, cycle, large_text):
    person = ws.add_respondent(cycle.id, "Marko Jovanović-Đorđević", "Head of international office")
    w = shown(qtbot, make_window())
    w.answer_as(person.id)
    label = w.who_label
    whole = "Answering as Marko Jovanović-Đorđević (Head of international office)"
    assert label.full_text() == whole
    assert label.fontMetrics().horizontalAdvance(whole) > label.contentsRect().width()  # too long at 150%
    assert label.text().endswith("…") and label.toolTip() == whole
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    w.resize(2400, 720)
    qtbot.waitUntil(lambda: label.text() == whole)
    assert label.toolTip() == ""
    # the same on opening, with that respondent answering as when the window was closed
    w.close()
    again = make_window()
    again.resize(1280, 720)
    again.show()
    qtbot.waitExposed(again)
    assert again.who_label.full_text() == whole and again.who_label.text().endswith("…")


def test_every_sortable_table_sorts_from_the_keyboard(qtbot, make_window, ws, cycle):
    """The Menu key or Shift+F10 opens a menu of the columns: one sorts by it, again turns it round."""
    from PySide6.QtWidgets import QTableView

    from iah_assess.ui.models import ItemResultsModel
    from iah_assess.ui.tables import sort_menu

    w = make_window()
    for page in range(NEW_CYCLE + 1):
        w.show_page(page)
        for table in w.stack.currentWidget().findChildren(QTableView):
            if not table.isSortingEnabled():
                continue
            assert any(a.shortcut().toString() == "Shift+F10" for a in table.actions()), table.accessibleName()
            assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    table = w.results_view.table
    header = table.horizontalHeader()
    gap = next(a for a in sort_menu(table).actions() if a.text() == "Gap")
    gap.trigger()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (ItemResultsModel.GAP, Qt.SortOrder.AscendingOrder)
    again = next(a for a in sort_menu(table).actions() if a.isChecked())
    assert again.text().startswith("Gap (ascending")
    again.trigger()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_the_sample_waits_for_a_level_chosen_on_agree_and_never_records_it_elsewhere(qtbot, ws, mini, make_window, dialogs):
    cycle_id = make_cycle(ws, mini)
    w = make_window(lambda worker_ws, progress: ensure_demo(worker_ws, mini, progress).id)
    w.select_cycle(cycle_id)
    w.show_page(AGREE)
    view = w.agree_view
    item = view.current_item_id()
    view.agreed_level.setCurrentIndex(view.agreed_level.findData(3))
    assert view.has_changes()
    dialogs.answers = [None]  # Cancel: stay with the level chosen, and no sample meanwhile
    w.open_sample()
    assert w.current_page() == AGREE and w.sample_job is None and view.agreed_level.currentData() == 3
    dialogs.answers = [True]  # Save: recorded in this cycle, then the sample is made
    w.open_sample()
    assert ws.decisions(cycle_id)[item].agreed_level == 3
    qtbot.waitUntil(lambda: w.sample_job is None, timeout=20000)
    assert len(dialogs.confirmations) == 2  # nothing asked again, against the sample's cycle
    assert not view.has_changes()


def test_a_name_an_older_version_stored_with_a_double_space_is_no_unsaved_change(make_window, ws, cycle, dialogs):
    person = ws.add_respondent(cycle.id, "x", "Dean")
    with ws._write() as c:  # as an older version stored a pasted name
        c.execute("UPDATE respondent SET name = ? WHERE id = ?", ("Ana  Kovač\nDean", person.id))
    w = make_window()
    w.select_cycle(cycle.id)
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view._select(person.id)
    view._selected()
    assert view._shown == person.id and not view.has_changes()
    w.show_page(OVERVIEW)
    assert dialogs.confirmations == []


def test_choosing_the_page_already_shown_keeps_what_is_typed(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(INSTITUTION)
    w.institution_view.city.setText("Tuzla")
    w.show_page(INSTITUTION)  # Go > Institution again, or its entry in the list
    assert w.institution_view.city.text() == "Tuzla" and dialogs.confirmations == []


def test_a_read_only_second_window_can_edit_once_the_first_has_closed(qtbot, mini, mini_catalog, dialogs, data_dir, monkeypatch):
    from iah_assess.ui import main_window

    monkeypatch.setattr(main_window, "LOCK_RETRY_MS", 20)
    path = data_dir / db.WORKSPACE_FILE
    first_ws = Workspace.open_single_writer(path)
    cycle_id = make_cycle(first_ws, mini)
    ana, _, ermira = first_ws.respondents(cycle_id)
    first = MainWindow(first_ws, mini_catalog, dialogs, data_dir)
    first.answer_as(ana.id, "a-one")  # the first window's place, stored
    second_ws = Workspace.open_single_writer(path)
    second = MainWindow(second_ws, mini_catalog, dialogs, data_dir)
    second.answer_as(ermira.id, "a-two")  # the second's own place, which a read-only window cannot store
    second.show_page(RESPONDENTS)
    assert not second.banner.isHidden() and not second.new_cycle_action.isEnabled()
    assert not second.respondents_view.add_button.isEnabled()
    assert second.respondents_view.message.text().startswith("The workspace is open read-only")  # not "finalised"
    first.close()
    first_ws.close()
    qtbot.waitUntil(lambda: not second_ws.read_only, timeout=3000)
    assert second.banner.isHidden() and second.new_cycle_action.isEnabled()
    assert second.respondents_view.add_button.isEnabled() and "you can edit here now" in second.statusBar().currentMessage()
    assert second.respondents_view.message.text() == ""
    # it goes on where it was, not where the other window was: a key answers for Ermira, not Ana
    assert second.respondent_id == ermira.id and second.answer_view.current_item.id == "a-two"
    assert f"answering as {ermira.name}" in second.windowTitle()
    second.close()
    second_ws.close()


def test_at_150_percent_text_compares_changes_and_their_status_are_seen_without_scrolling(qtbot, ws, make_window, large_text):
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.ui.compare_models import ItemChangesModel
    from iah_assess.ui.main_window import COMPARE

    ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = shown(qtbot, make_window())
    w.show_page(COMPARE)
    view = w.compare_view
    view.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    table, header = view.changes_table, view.changes_table.horizontalHeader()
    M = ItemChangesModel
    for col in (M.LEVELS, M.CHANGE, M.STATUS, M.FLAG):
        assert header.sectionViewportPosition(col) + header.sectionSize(col) <= table.viewport().width(), col
    # the cycles wrap after the arrow, never inside a cycle's label
    assert header.sectionSize(M.CYCLES) > table.fontMetrics().horizontalAdvance("2023/24\u00a0→")
    assert view.step_filter.width() >= view.step_filter.sizeHint().width()  # "All neighbouring cycles" whole
    assert view.title.height() < 2.2 * view.title.fontMetrics().height()  # the institution's name on one line


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_on_a_small_screen_at_150_percent_the_exports_say_less_and_leave_the_index_its_width(qtbot, ws, make_window, large_text):
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.ui.main_window import COMPARE

    ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = shown(qtbot, make_window(), 1024, 600)
    w.show_page(COMPARE)
    view = w.compare_view
    qtbot.wait(50)
    assert (w.width(), w.height()) == (1024, 600)
    assert [b.text() for b in (view.export_data_button, view.export_comparison_button, view.export_pdf_button)] == \
        ["Cycle data…", "CSV…", "PDF…"] and view.export_label.text() == "Comparison:" and view.export_label.isVisible()
    assert view.export_pdf_button.accessibleName() == "Export comparison PDF"  # its whole name for a screen reader
    # the index and its note in five lines at most (before, seven, in a column beside the buttons)
    assert view.index_label.height() <= 5.5 * view.index_label.fontMetrics().lineSpacing()
    w.resize(1600, 900)  # room again: the buttons say it all
    qtbot.waitUntil(lambda: view.export_pdf_button.text() == "Export comparison PDF…")
    assert not view.export_label.isVisible()


def test_a_window_where_nobody_answers_takes_over_with_nobody_answering(qtbot, mini, mini_catalog, dialogs, data_dir, monkeypatch):
    from iah_assess.ui import main_window

    monkeypatch.setattr(main_window, "LOCK_RETRY_MS", 20)
    path = data_dir / db.WORKSPACE_FILE
    first_ws = Workspace.open_single_writer(path)
    cycle_id = make_cycle(first_ws, mini)
    second_ws = Workspace.open_single_writer(path)
    second = MainWindow(second_ws, mini_catalog, dialogs, data_dir)
    assert second.respondent_id is None
    first = MainWindow(first_ws, mini_catalog, dialogs, data_dir)
    first.answer_as(first_ws.respondents(cycle_id)[0].id)  # the other window answers as Ana, and closes
    first.close()
    first_ws.close()
    qtbot.waitUntil(lambda: not second_ws.read_only, timeout=3000)
    assert second.respondent_id is None and "answering as" not in second.windowTitle()
    second.close()
    second_ws.close()


def _a_second_window_on_a_doomed_cycle(mini, mini_catalog, dialogs, data_dir):  # noqa: ANN001, ANN202
    """A workspace that writes, with cycles 2024/25 (kept) and 2025/26 (doomed), and a second,
    read-only window on the same file showing 2025/26: (first_ws, second_ws, second, kept, doomed)."""
    path = data_dir / db.WORKSPACE_FILE
    first_ws = Workspace.open_single_writer(path)
    kept = make_cycle(first_ws, mini, label="2024/25")
    doomed = make_cycle(first_ws, mini, label="2025/26")
    second_ws = Workspace.open_single_writer(path)
    second = MainWindow(second_ws, mini_catalog, dialogs, data_dir)
    second.select_cycle(doomed)
    return first_ws, second_ws, second, kept, doomed


def test_taking_over_after_the_other_window_deleted_the_cycle_shown(qtbot, mini, mini_catalog, dialogs, data_dir, monkeypatch):
    from iah_assess.ui import main_window

    monkeypatch.setattr(main_window, "LOCK_RETRY_MS", 20)
    first_ws, second_ws, second, kept, doomed = _a_second_window_on_a_doomed_cycle(mini, mini_catalog, dialogs, data_dir)
    made = first_ws.create_cycle(first_ws.cycle(kept).institution_id, "2026/27", mini).id
    first_ws.delete_cycle(doomed)
    first_ws.close()
    qtbot.waitUntil(lambda: not second_ws.read_only, timeout=3000)
    assert second.banner.isHidden() and second.cycle_id in (kept, made)
    assert [second.cycle_combo.itemData(k) for k in range(second.cycle_combo.count())] == [kept, made]
    second.close()
    second_ws.close()


def test_a_read_only_window_whose_cycle_the_other_deleted_moves_to_one_that_is_there(qtbot, mini, mini_catalog, dialogs, data_dir):
    from iah_assess.ui.main_window import RESULTS

    first_ws, second_ws, second, kept, doomed = _a_second_window_on_a_doomed_cycle(mini, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(second)
    first_ws.delete_cycle(doomed)  # the other window, still open, deletes it
    second.show_page(RESULTS)
    assert second.cycle_id == kept and second.current_page() == RESULTS
    assert second.nav.currentRow() == RESULTS
    assert [second.cycle_combo.itemData(k) for k in range(second.cycle_combo.count())] == [kept]
    second.close()
    second_ws.close()
    first_ws.close()


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform's notes on showing a menu
def test_the_sort_menu_goes_once_it_is_closed(qtbot, make_window, cycle):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    from iah_assess.ui.tables import _open_sort_menu

    w = make_window()
    w.show_page(RESULTS)
    table = w.results_view.table
    for _ in range(3):
        QTimer.singleShot(50, lambda: QApplication.activePopupWidget() and QApplication.activePopupWidget().close())
        _open_sort_menu(table, table.rect().center())
    qtbot.wait(20)
    assert table.findChildren(QMenu) == []


def test_a_button_that_loses_its_use_hands_the_focus_to_no_neighbour_that_would_undo(qtbot, make_window, ws, cycle):
    from iah_assess.domain.records import Action

    for text in ("Prvo", "Drugo"):
        ws.save_action(Action(cycle_id=cycle.id, text=text))
    w = make_window()
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    w.select_cycle(cycle.id)
    w.show_page(ACTIONS)
    plan = w.actions_view
    plan.table.setCurrentIndex(plan.model.index(0, 1))
    plan.down_button.setFocus()
    qtbot.keyClick(plan.down_button, Qt.Key.Key_Space)  # to the bottom: Move down has no use left
    assert [a.text for a in ws.actions(cycle.id)] == ["Drugo", "Prvo"]
    assert QApplication.focusWidget() is plan.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # a second Space undoes nothing
    assert [a.text for a in ws.actions(cycle.id)] == ["Drugo", "Prvo"]
    assert plan.undo_button.text() == "Undo" and plan.undo_button.toolTip() == "Undo: Move action"


def test_keys_after_moving_from_the_comment_answer_the_new_item(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    view.comment.setFocus()
    qtbot.keyClicks(view.comment, "Dobro")
    qtbot.keyClick(view.comment, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    stored = ws.respondent_responses(rid)
    assert stored["a-one"].comment == "Dobro" and stored["a-two"].answer == 3 and stored["a-two"].comment == ""
    view.back_button.setFocus()
    qtbot.keyClick(view.back_button, Qt.Key.Key_Space)  # back to the first item: Back has no use left
    assert view.current_item.id == "a-one" and QApplication.focusWidget() in view.cards
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D)
    assert QApplication.focusWidget() is view.dont_know  # the answer chosen has the focus, in sight


def test_tabbing_into_the_page_list_from_new_cycle_stays_on_new_cycle(qtbot, make_window, cycle):
    w = make_window()
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_new_cycle()
    assert w.current_page() == NEW_CYCLE
    w.nav.setFocus(Qt.FocusReason.TabFocusReason)
    assert w.current_page() == NEW_CYCLE and w.new_cycle_view.label.text() != ""
    qtbot.keyClick(w.nav, Qt.Key.Key_Down)  # the arrows still choose a page
    assert w.current_page() != NEW_CYCLE


def test_new_cycle_tabs_through_the_areas_before_its_buttons(make_window, ws, cycle):
    w = make_window()
    w.show_new_cycle()
    view = w.new_cycle_view
    boxes = list(view.area_boxes().values())
    optional = next(b for b in boxes if b.isEnabled())
    order, widget = [], view.same_team
    for _ in range(40):
        widget = widget.nextInFocusChain()
        order.append(widget)
    assert order.index(optional) < order.index(view.cancel_button) < order.index(view.create_button)


def test_a_page_chosen_by_its_key_puts_the_keyboard_on_its_first_control(qtbot, make_window, cycle):
    w = make_window()
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    w.select_cycle(cycle.id)
    w.page_actions[ACTIONS].trigger()  # Ctrl+8
    focus = QApplication.focusWidget()
    assert focus is w.actions_view.table  # not a button a blind Space would press
    assert w.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # the focus frame is drawn


def test_tab_follows_the_order_the_eye_reads_on_agree_levels_and_the_action_plan(make_window, cycle):
    def after(widget, steps: int = 1):  # noqa: ANN001, ANN202
        for _ in range(steps):
            widget = widget.nextInFocusChain()
        return widget

    w = make_window()
    agree, plan = w.agree_view, w.actions_view
    assert after(agree.agreed_level) is agree.save_button and after(agree.save_button) is agree.clear_button
    assert after(agree.clear_button) is agree.note
    assert after(plan.export_button) is plan.undo_button and after(plan.undo_button) is plan.redo_button


def tab_stops_after(widget, n: int) -> list:  # noqa: ANN001 - the next n Tab stops after a widget
    out = []
    while len(out) < n:
        widget = widget.nextInFocusChain()
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(widget)
    return out


def test_tab_goes_from_the_header_to_the_tabs_then_into_their_page_on_results(qtbot, make_window, cycle):
    w = shown(qtbot, make_window())
    w.select_cycle(cycle.id)
    w.show_page(RESULTS)
    results = w.results_view
    assert tab_stops_after(results.export_button, 3) == [results.tabs, results.tabs.tabBar(), results.radar]
    # (Compare: tests/ui/test_compare_screen.py)


def test_ctrl_4_to_the_answer_page_leaves_the_keys_answering(qtbot, ws, answering):
    w, rid = answering
    w.page_actions[OVERVIEW].trigger()
    w.page_actions[ANSWER].trigger()  # Ctrl+4
    assert QApplication.focusWidget() in w.answer_view.cards  # not the list of items, which takes digits to search
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert ws.respondent_responses(rid)[w.answer_view.current_item.id].answer == 3


def test_ctrl_4_on_a_finalised_cycle_still_puts_the_keyboard_on_the_page(qtbot, ws, answering, cycle):
    w, rid = answering
    for item in ("a-one", "a-two", "b-one", "b-two"):
        ws.save_response(rid, item, 2)
    ws.finalise_cycle(cycle.id)
    w.select_cycle(cycle.id)
    w.page_actions[OVERVIEW].trigger()
    w.nav.setFocus()
    w.page_actions[ANSWER].trigger()  # the level cards cannot take the focus: the first control that can
    assert w.answer_view.isAncestorOf(QApplication.focusWidget())


def test_a_button_that_opens_another_page_hands_the_keys_to_its_first_control(qtbot, ws, answering, cycle):
    w, rid = answering
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(OVERVIEW)
    for button, page, first in ((lambda: w.overview.new_cycle_button, NEW_CYCLE, lambda: w.new_cycle_view.label),
                                (lambda: w.overview.plan_button, ACTIONS, lambda: w.actions_view.table)):
        w.show_page(OVERVIEW)
        button().setFocus()
        qtbot.keyClick(button(), Qt.Key.Key_Space)
        assert w.current_page() == page
        assert QApplication.focusWidget() is first(), QApplication.focusWidget()  # not the top bar, nor the frame
    w.nav.setFocus()
    w.nav.setCurrentRow(OVERVIEW)  # chosen in the list of pages: the keys stay in the list
    assert w.current_page() == OVERVIEW and w.nav.hasFocus()


def test_the_overview_names_types_sizes_and_bands_as_the_other_screens_do(qtbot, make_window, ws, cycle):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from iah_assess.domain.records import SIZE_BANDS

    class Marked(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201, ARG002
            return f"«{source}»" if context in ("Levels", "InstitutionType", "SizeBand") else None

        def isEmpty(self) -> bool:  # noqa: N802
            return False

    marked = Marked()
    QCoreApplication.installTranslator(marked)
    try:
        inst = ws.institution(cycle.institution_id)
        ws.save_institution(inst.replace(type="Public university", size_band=SIZE_BANDS[1]))
        w = make_window()
        w.show_page(OVERVIEW)
        view = w.overview
        assert view.type_label.text() == "«Public university»"
        assert view.size_label.text() == f"«{SIZE_BANDS[1]}»"
    finally:
        QCoreApplication.removeTranslator(marked)


def test_an_index_on_fewer_areas_than_the_cycle_has_says_so(make_window, ws, cycle):
    rid = ws.add_respondent(cycle.id, "Arbër Çela", "Rector").id
    for item in ("a-one", "a-two"):  # Alpha only; Beta has no answer yet
        ws.save_response(rid, item, 2)
    w = make_window()
    w.show_page(RESULTS)
    assert "(partial: 1 area with not enough answers for a score)" in w.results_view.index_label.text()
    w.show_page(OVERVIEW)
    cell = w.overview.table.item(0, 3)
    assert cell.text().endswith(", 1 of 2 areas)") and cell.toolTip().startswith("1 area without a score")
    for item in ("b-one", "b-two"):
        ws.save_response(rid, item, 2)
    w.show_page(RESULTS)
    assert "areas;" not in w.results_view.index_label.text()


def test_undoing_a_removal_after_someone_was_added_never_touches_the_newcomer(make_window, ws, cycle, dialogs):
    w = make_window()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    ana = ws.add_respondent(cycle.id, "Ana Kovač", "Rector")
    ws.save_response(ana.id, "a-one", 3)
    view.refresh()
    view.list.setCurrentRow(0)
    dialogs.answers = [True]
    assert view.remove()
    view.name.setText("Bora Ilić")
    _role(view)
    bora = view.add()  # SQLite may give Ana's old id to her
    ws.save_response(bora, "a-two", 1)
    w.undo_action.trigger()  # Ana comes back, under another id
    names = {r.name: r.id for r in ws.respondents(cycle.id)}
    assert set(names) == {"Ana Kovač", "Bora Ilić"} and names["Bora Ilić"] == bora
    assert ws.respondent_responses(names["Ana Kovač"])["a-one"].answer == 3
    w.redo_action.trigger()  # removes Ana again, not Bora
    assert [r.name for r in ws.respondents(cycle.id)] == ["Bora Ilić"]
    assert ws.respondent_responses(bora)["a-two"].answer == 1


def test_the_answer_given_in_a_finalised_cycle_keeps_its_full_colours(qtbot, ws, answering):
    from PySide6.QtGui import QPalette

    w, rid = answering
    ws.save_response(rid, "a-one", 2)
    ws.finalise_cycle(w.cycle_id)
    w.answer_as(rid, "a-one")
    card = w.answer_view.cards[2]
    assert card.isChecked() and not card.isEnabled()
    image = card.grab().toImage()
    centre = image.pixelColor(image.width() // 2, image.height() - 6)
    assert centre == card.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert "and the action plan can be seen but not changed" in w.banner.text()


def test_an_error_nobody_caught_saves_what_was_typed_logs_it_and_says_so_plainly(qtbot, ws, answering, dialogs, data_dir, caplog):
    import sys

    from iah_assess.ui.app import install_error_hooks

    w, rid = answering
    view = w.answer_view
    view.comment.setPlainText("Typed, and the autosave not yet due")
    restore = install_error_hooks(w, dialogs, data_dir)
    try:
        sys.excepthook(ValueError, ValueError("boom"), None)
        worker = threading.Thread(target=lambda: 1 / 0, name="exporter")
        worker.start()
        worker.join()
    finally:
        restore()
    assert ws.respondent_responses(rid)["a-one"].comment == "Typed, and the autosave not yet due"
    [(title, text)] = dialogs.errors
    assert title == "Something went wrong" and text.startswith("boom") and "Your saved answers are safe." in text
    assert "Traceback" not in text and "unexpected error" in caplog.text
    assert "unexpected error in thread exporter" in caplog.text and "ZeroDivisionError" in caplog.text


def test_a_data_folder_in_a_synchronised_folder_gets_a_loud_word_once_the_window_shows(qtbot, make_window, dialogs, data_dir, monkeypatch):
    from iah_assess.storage import paths
    from iah_assess.ui.app import warn_if_unsafe

    monkeypatch.setattr(paths, "data_folder_risk", lambda folder: "a folder Dropbox keeps in sync")
    w = make_window()
    warn_if_unsafe(w, dialogs, data_dir)
    assert dialogs.errors == []  # not before the window is on screen
    w.first_frame.emit()
    [(title, text)] = dialogs.errors
    assert title == "The data folder is not a safe place"
    assert str(data_dir) in text and "a folder Dropbox keeps in sync" in text and "own disk" in text


def test_in_a_finalised_cycle_nobody_is_said_to_be_answering(qtbot, ws, answering):
    w, rid = answering
    ws.finalise_cycle(w.cycle_id)
    w.answer_as(rid)
    assert w.who_label.full_text() == "Showing the answers of Marko Jovanović (Rector)"
    assert w.windowTitle().endswith("answers of Marko Jovanović") and "answering as" not in w.windowTitle()


def test_an_error_in_a_worker_threads_slot_is_reported_on_the_gui_thread(qtbot, ws, answering, dialogs, data_dir):
    import sys

    from iah_assess.ui.app import install_error_hooks

    w, rid = answering
    where = []
    shown = dialogs.error
    dialogs.error = lambda *args: (where.append(threading.current_thread()), shown(*args))
    restore = install_error_hooks(w, dialogs, data_dir)
    try:  # as PySide6 does when a slot run in a QThread raises: the hook is called in that thread
        worker = threading.Thread(target=lambda: sys.excepthook(RuntimeError, RuntimeError("in the worker"), None))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=2000)
    finally:
        restore()
    assert where == [threading.main_thread()]
    assert dialogs.errors[0][1].startswith("in the worker")


def test_arriving_on_the_respondents_by_keyboard_leaves_the_form_blank_so_enter_adds(qtbot, make_window, ws, cycle):
    ws.add_respondent(cycle.id, "Љиљана Ђурђевић", "Rector")
    w = shown(qtbot, make_window())
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.list.setFocus()  # where Ctrl+3 puts it: Qt would mark the first person, and so show her
    assert view.selected_id() is None and view.form_box.title() == "New respondent"
    view.name.setFocus()
    qtbot.keyClicks(view.name, "Gjergj Kastrioti")
    _role(view)
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert sorted(r.name for r in ws.respondents(cycle.id)) == ["Gjergj Kastrioti", "Љиљана Ђурђевић"]


def _renamed(w: MainWindow, ws: Workspace, cycle, name: str, new_name: str):  # noqa: ANN001, ANN202
    """On the Respondents page: a Dean added as `name`, then given `new_name` and made Rector."""
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    r = ws.add_respondent(cycle.id, name, "Dean")
    view.refresh()
    view.list.setCurrentRow(0)
    view.name.setText(new_name)
    view.role.setCurrentIndex(view.role.findData("Rector"))
    assert view.rename()
    return view, r


def test_a_new_name_can_be_undone_and_redone(make_window, ws, cycle):
    w = make_window()
    view, r = _renamed(w, ws, cycle, "Selma", "Selma Hadžić")
    assert "Edit > Undo" in view.message.text()
    w.undo_action.trigger()
    assert (ws.respondent(r.id).name, ws.respondent(r.id).role) == ("Selma", "Dean")
    assert view.name.text() == "Selma" and view.form_box.title() == "Editing Selma"
    w.redo_action.trigger()
    assert (ws.respondent(r.id).name, ws.respondent(r.id).role) == ("Selma Hadžić", "Rector")
    # saved on leaving the form is undone the same way
    view.name.setText("Selma H.")
    view.list.setCurrentRow(-1)  # the form goes blank; Save is the question's default
    assert ws.respondent(r.id).name == "Selma H."
    w.undo_action.trigger()
    assert ws.respondent(r.id).name == "Selma Hadžić"


def test_after_removing_by_keyboard_the_focus_stays_in_the_list_and_ctrl_z_in_the_name_brings_them_back(qtbot, make_window, ws, cycle, dialogs):
    arber = ws.add_respondent(cycle.id, "Arbër Çela", "Dean")
    ws.save_response(arber.id, "a-one", 3)
    w = shown(qtbot, make_window())
    with qtbot.waitActive(w):
        w.activateWindow()
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.list.setCurrentRow(0)
    view.remove_button.setFocus()
    dialogs.answers = [True]
    qtbot.keyClick(view.remove_button, Qt.Key.Key_Space)
    assert ws.respondents(cycle.id) == []
    assert QApplication.focusWidget() is view.list  # not the institution box, where Down would change institution
    view.name.setFocus()
    qtbot.keyClick(view.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [back] = ws.respondents(cycle.id)
    assert back.name == "Arbër Çela" and ws.respondent_responses(back.id)["a-one"].answer == 3
    assert view.name.text() == "Arbër Çela"  # shown again
    qtbot.keyClicks(view.name, " Jr")
    qtbot.keyClick(view.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the typing first
    assert view.name.text() == "Arbër Çela" and len(ws.respondents(cycle.id)) == 1


def test_undoing_the_removal_of_the_person_answering_makes_them_the_one_answering_again(make_window, ws, cycle, dialogs):
    mira = ws.add_respondent(cycle.id, "Mira Stojanovska", "Dean")
    w = make_window()
    w.answer_as(mira.id)
    w.show_page(RESPONDENTS)
    view = w.respondents_view
    view.list.setCurrentRow(0)
    dialogs.answers = [True]
    assert view.remove() and w.respondent_id is None
    w.undo_action.trigger()
    [back] = ws.respondents(cycle.id)
    assert w.respondent_id == back.id and "Mira Stojanovska" in w.who_label.full_text()
    assert "answering now" in view.list.item(0).text()


def test_moving_in_the_list_of_items_by_arrow_keys_shows_each_item_and_digits_answer_it(qtbot, ws, answering):
    w, rid = answering
    view = w.answer_view
    with qtbot.waitActive(w):
        w.activateWindow()
    view.tree.setFocus()
    assert view.current_item.id == "a-one"
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)
    assert view.current_item.id == "a-two" and view.item_title.text() == ws.cycle_questionnaire(w.ws.cycle(w.cycle_id)).item("a-two").title
    qtbot.keyClick(view.tree, Qt.Key.Key_2)
    assert ws.respondent_responses(rid)["a-two"].answer == 2 and view.cards[2].isChecked()
    assert QApplication.focusWidget() is view.tree  # still there, to move on
    qtbot.keyClick(view.tree, Qt.Key.Key_Up)
    assert view.current_item.id == "a-one" and view.cards[2].isChecked() is False


def test_going_back_to_an_answered_item_at_150_percent_keeps_its_title_in_sight(qtbot, ws, answering, large_text):
    w, rid = answering
    shown(qtbot, w, 1280, 560)  # the test questionnaire's texts are short: a lower window for the same
    view = w.answer_view
    ws.save_response(rid, "a-one", 4)
    view.set_respondent(rid, "a-two")
    view.prev_action.trigger()  # Alt+Left: the answer given, level 4, far down the page, gets the focus
    assert view.current_item.id == "a-one" and QApplication.focusWidget() is view.cards[4]
    assert not view.cards[4].visibleRegion().isEmpty()
    assert view.item_title.visibleRegion().boundingRect().height() == view.item_title.height()  # whole, not scrolled off
    assert not view.where.visibleRegion().isEmpty()


def test_the_area_counts_in_the_list_of_items_are_not_cut_at_150_percent(qtbot, ws, mini_catalog, dialogs, data_dir, windows, large_text):
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.demo import ensure_demo

    ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    windows.append(w)
    shown(qtbot, w, 1280, 720)
    cycle = ws.cycles()[-1]
    w.select_cycle(cycle.id)
    w.answer_as(ws.respondents(cycle.id)[0].id)
    tree = w.answer_view.tree
    fm = tree.fontMetrics()
    for k in range(tree.topLevelItemCount()):
        line = tree.topLevelItem(k).text(0)  # "Stakeholder engagement (10/10)"
        assert fm.horizontalAdvance(line) + tree.indentation() <= tree.viewport().width(), line


def test_ctrl_z_while_typing_an_action_leaves_the_cursor_where_the_text_changed(qtbot, make_window, ws, cycle):
    from iah_assess.ui.actions_view import caret_after_change

    assert caret_after_change("Workshop XYZ", "Workshop") == len("Workshop")
    assert caret_after_change("Workshop", "Workshop XYZ") == len("Workshop XYZ")
    assert caret_after_change("A big workshop", "A workshop") == len("A ")
    plan = _plan_on_screen(qtbot, make_window, cycle)
    plan.add_button.click()  # "New action" selected in the text
    qtbot.keyClicks(plan.text_edit, "Workshop")
    plan.owner_edit.setFocus()  # leaving the field ends the typing run: what follows is its own step
    plan.text_edit.setFocus()
    qtbot.keyClick(plan.text_edit, Qt.Key.Key_End)
    qtbot.keyClicks(plan.text_edit, " XYZ")
    qtbot.keyClick(plan.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert plan.text_edit.toPlainText() == "Workshop"
    assert plan.text_edit.textCursor().position() == len("Workshop")
    qtbot.keyClicks(plan.text_edit, "s")
    assert plan.text_edit.toPlainText() == "Workshops"


def _carried_and_edited(make_window, ws, cycle):  # noqa: ANN001
    """A window whose plan of 2026/27 has an action carried from 2025/26, its owner then edited
    in the plan; the carry undone in Compare since, and another action made, which takes the id
    the copy had. The window, the copy as it was and the other action."""
    from PySide6.QtCore import QItemSelectionModel

    from iah_assess.domain.records import Action
    from iah_assess.ui.models import ActionPlanModel

    ws.save_action(Action(cycle_id=cycle.id, text="Virtual exchange pilot", owner="Vice-rector"))
    later = ws.create_cycle(cycle.institution_id, "2026/27", ws.cycle_questionnaire(cycle))
    w = make_window()
    w.select_cycle(later.id)
    w.show_page(COMPARE)
    w.compare_view.carry_ticked()
    [copy] = ws.actions(later.id)
    w.show_page(ACTIONS)
    plan = w.actions_view
    plan.table.selectionModel().setCurrentIndex(plan.model.index(plan.model.row_of(copy.id), ActionPlanModel.TEXT),
                                                QItemSelectionModel.SelectionFlag.ClearAndSelect)
    plan.owner_edit.textEdited.emit("Проректорка Ђурђица")
    w.show_page(COMPARE)
    w.compare_view.undo_stack.undo()  # the carry undone: the copy is out of the plan
    other = ws.save_action(Action(cycle_id=later.id, text="Mentoring for staff"))
    assert other.id == copy.id  # SQLite gives the next action the id the copy had
    w.show_page(ACTIONS)
    return w, copy, other


def test_the_plans_undo_of_a_carried_copys_edit_follows_it_back_after_the_carry_is_redone(make_window, ws, cycle, dialogs):
    w, copy, other = _carried_and_edited(make_window, ws, cycle)
    w.show_page(COMPARE)
    w.compare_view.undo_stack.redo()  # the copy back, under a new id
    [back] = [a for a in ws.actions(copy.cycle_id) if a.carried_from is not None]
    assert back.id != copy.id and back.owner == "Проректорка Ђурђица"
    w.show_page(ACTIONS)
    w.actions_view.undo_stack.undo()  # before, it failed: "no action" under the old id
    assert ws.action(back.id).owner == "Vice-rector" and ws.action(other.id).owner == ""
    w.actions_view.undo_stack.redo()
    assert ws.action(back.id).owner == "Проректорка Ђурђица"
    assert not dialogs.errors


def test_while_a_carried_copy_is_out_of_the_plan_its_edit_is_not_undone_on_the_action_that_took_its_id(qtbot, make_window, ws, cycle, dialogs):
    w, _, other = _carried_and_edited(make_window, ws, cycle)
    w.actions_view.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(dialogs.errors))  # said once back in the event loop
    [(title, text)] = dialogs.errors
    assert title == "Not saved" and text.startswith("This change can no longer be undone or redone") and "undoing the carry" in text
    assert ws.action(other.id).owner == ""  # not "Vice-rector": the edit was not the other action's


def test_the_institution_box_shows_the_whole_name_as_its_tip(make_window, ws, cycle):
    from iah_assess.domain.records import Institution

    law = ws.save_institution(Institution(name="Универзитет „Св. Кирил и Методиј“ во Скопје – Правен факултет „Јустинијан Први“"))
    ws.create_cycle(law.id, "2025/26", ws.cycle_questionnaire(cycle))
    w = make_window()
    w.show()
    w.institution_combo.setCurrentIndex(w.institution_combo.findData(law.id))
    assert hovered_tooltip(w.institution_combo) == "Универзитет „Св. Кирил и Методиј“ во Скопје – Правен факултет „Јустинијан Први“"


def test_the_files_offered_for_a_report_and_a_comparison_name_the_institution(make_window, ws, cycle, dialogs):
    w = make_window()
    w.select_cycle(cycle.id)
    w.export_pdf()  # cancelled in the file dialog: nothing is written
    w.show_page(COMPARE)
    w.compare_view.export_data()
    assert dialogs.suggested == ["iah-report-Univerzitet-u-Tuzli-2025-26.pdf", "iah-Univerzitet-u-Tuzli-2025-26.csv"]


def test_a_workspace_another_program_holds_is_not_called_damaged_nor_offered_a_backup(data_dir, mini, dialogs):
    import sqlite3

    _damaged_after_a_backup(data_dir, mini)
    file = data_dir / db.WORKSPACE_FILE
    file.unlink()  # a sound workspace again, from the backup
    [b, *_] = db.backups(data_dir / db.BACKUP_DIR)
    file.write_bytes(b.path.read_bytes())
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # a sync tool, say, holds it (the open waits its 5 seconds)
    try:
        assert open_workspace(data_dir, dialogs) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dialogs.choices == []  # no offer to replace a sound file
    [(title, text)] = dialogs.errors
    assert "cannot be opened now" in text and "another program" in text
    assert not list(data_dir.glob("workspace-damaged-*"))


def test_the_damaged_file_and_its_wal_are_kept_aside_exactly_as_they_were(qtbot, data_dir, mini, dialogs, monkeypatch):
    import gc
    import hashlib
    import os
    import sqlite3

    from iah_assess.storage import recovery
    from iah_assess.ui.app import open_window

    with Workspace.in_folder(data_dir) as ws:
        cycle_id = make_cycle(ws, mini)
        ws.backup("manual")
    file = data_dir / db.WORKSPACE_FILE
    wal = file.with_name(file.name + "-wal")
    writer = sqlite3.connect(file, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE respondent SET name = 'Ana Kovačević' WHERE cycle_id = ?", (cycle_id,))
    kept = {p: p.read_bytes() for p in (file, wal)}  # as a writer killed now leaves them: a change only in the -wal
    writer.close()
    for p, data in kept.items():
        p.write_bytes(data)
    data = bytearray(kept[file])
    data[4096:8192] = b"\x13" * 4096
    file.write_bytes(bytes(data))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (file, wal)}

    open_at_restore = []
    real_restore = recovery.restore

    def spy(workspace, backup, *args, **kwargs):  # noqa: ANN001, ANN202
        fds = "/proc/self/fd"
        if os.path.isdir(fds):
            names = {str(workspace) + end for end in ("", "-wal", "-shm")}  # its lock file is held, rightly
            open_at_restore.extend(t for f in os.listdir(fds) if (t := _target(f"{fds}/{f}")) in names)
        return real_restore(workspace, backup, *args, **kwargs)

    monkeypatch.setattr(recovery, "restore", spy)
    gc.disable()  # as at the start of the app: nothing may rely on the collector to close the file
    try:
        opened = open_window(data_dir, dialogs)
    finally:
        gc.enable()
    assert opened is not None
    ws, w = opened
    qtbot.addWidget(w)
    w.close()
    ws.close()
    assert open_at_restore == []  # Windows cannot rename a file that is open
    [aside] = data_dir.glob("workspace-damaged-*.sqlite")
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == before[file.name]
    assert hashlib.sha256(aside.with_name(aside.name + "-wal").read_bytes()).hexdigest() == before[wal.name]


def _target(link: str) -> str:
    import os

    try:
        return os.readlink(link)
    except OSError:
        return ""


def test_undoing_a_new_name_after_the_person_came_back_under_a_new_id_changes_them_not_a_newcomer(make_window, ws, cycle, dialogs):
    w = make_window()
    view, ana = _renamed(w, ws, cycle, "Ana", "Ana Kovač")
    dialogs.answers = [True]
    assert view.remove()
    view.name.setText("Bora Ilić")
    _role(view)
    bora = view.add()  # SQLite may give her Ana's old id
    w.undo_action.trigger()  # Ana is back, under another id
    w.undo_action.trigger()  # her new name is taken back: hers, not Bora's
    people = {r.name: r for r in ws.respondents(cycle.id)}
    assert set(people) == {"Ana", "Bora Ilić"} and people["Bora Ilić"].id == bora
    assert people["Ana"].role == "Dean" and people["Ana"].id != ana.id


def test_when_the_backup_put_in_place_cannot_be_read_either_the_message_says_what_was_changed(data_dir, mini, dialogs, monkeypatch):
    from iah_assess.storage import recovery
    from iah_assess.ui.app import open_window

    _damaged_after_a_backup(data_dir, mini)
    monkeypatch.setattr(recovery, "check_backup", lambda path: "")  # as if sound, but damaged the way the window finds it
    for b in db.backups(data_dir / db.BACKUP_DIR):
        raw = db.open_plain(b.path)
        raw.execute("UPDATE institution SET name = CAST(X'FFFE00' AS TEXT)")
        raw.close()
    assert open_window(data_dir, dialogs) is None
    [(title, text)] = dialogs.errors
    assert "cannot be read either" in text and "Nothing was changed" not in text
    assert list(data_dir.glob("workspace-damaged-*.sqlite"))


def test_a_folder_where_no_lock_can_be_made_is_not_said_to_be_open_elsewhere(data_dir, mini, dialogs, monkeypatch):
    from iah_assess.storage.lock import WorkspaceLock

    _damaged_after_a_backup(data_dir, mini)

    def refused(self):  # noqa: ANN001, ANN202
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(WorkspaceLock, "acquire", refused)
    assert open_workspace(data_dir, dialogs) is None
    [(title, text)] = dialogs.errors
    assert "the folder cannot be written to (Permission denied)" in text and "another iah-assess window" not in text


def test_damage_found_by_the_days_check_is_said_once_the_change_is_done(qtbot, make_window, ws, cycle, dialogs, monkeypatch):
    import datetime as dt

    from iah_assess.storage import workspace as workspace_module

    def copy_found_damage(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise db.BackupCheckFailed("the backup copy failed its integrity check (page 7 is never used)")

    make_window()
    monkeypatch.setattr(db, "backup", copy_found_damage)
    monkeypatch.setattr(workspace_module, "_local_now", lambda: dt.datetime(2099, 1, 2, 9, 0))
    ws._backed_up_on = None
    ws.add_respondent(cycle.id, "Ilir Berisha", "Dean")  # the first change of a new day runs the check
    assert dialogs.errors == []  # not from within the save
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    [(title, text)] = dialogs.errors
    assert title == "The workspace is damaged" and "page 7 is never used" in text and "start it again" in text
    assert [r.name for r in ws.respondents(cycle.id)] == ["Ilir Berisha"]


def test_dont_know_given_in_a_finalised_cycle_keeps_its_full_colours(qtbot, ws, answering):
    from iah_assess.domain.records import DONT_KNOW

    w, rid = answering
    ws.save_response(rid, "a-one", DONT_KNOW)
    ws.finalise_cycle(w.cycle_id)
    w.answer_as(rid, "a-one")
    view = w.answer_view
    given, other = view.dont_know, view.not_applicable
    assert given.isChecked() and not given.isEnabled() and not other.isEnabled()

    def darkest(button) -> int:  # noqa: ANN001
        image = button.grab().toImage()
        return min(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height()))

    assert darkest(given) < darkest(other) - 40  # its words as dark as when it was chosen; the other greyed


def test_the_action_plan_and_agree_levels_fit_a_1024_pixel_screen_at_150_percent(qtbot, make_window, ws, mini, large_text):
    cycle_id = make_cycle(ws, mini)
    w = shown(qtbot, make_window(), 1024, 600)
    w.select_cycle(cycle_id)
    w.show_page(AGREE)
    qtbot.wait(10)
    assert w.width() <= 1024  # the agreed level with its two buttons on one line was 1,062 pixels
    w.show_page(ACTIONS)
    qtbot.wait(10)
    assert w.width() <= 1024  # the row of the plan's buttons, with Export, Undo and Redo, was some 1,010 pixels
    plan = w.actions_view
    assert plan.export_button.y() < plan.add_button.y()  # on the title's line, as on Results
    w.show_page(RESULTS)  # its radar held the window 22 pixels taller than the screen
    qtbot.wait(10)
    assert w.height() <= 600 and w.minimumSizeHint().height() <= 600
