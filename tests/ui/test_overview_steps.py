"""The overview's next step fits the cycle: add respondents, choose one, or continue answering."""

from __future__ import annotations

from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import RESPONDENTS, RESULTS, REVIEW, MainWindow


def test_next_step_asks_to_choose_a_respondent_when_there_are_some(qtbot, ws, mini_catalog, dialogs, data_dir):
    mini = mini_catalog.get("mini").questionnaire
    inst = ws.save_institution(Institution(name="Универзитет Тест"))
    cycle = ws.create_cycle(inst.id, "2026/27", mini)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    assert w.overview.continue_button.text() == "Add respondents"
    ws.add_respondent(cycle.id, "Љубица Ѓорѓиевска", "Dean")
    w.overview.refresh()
    assert "open with 1 respondent." in w.overview.steps_text.text()
    ws.add_respondent(cycle.id, "Ermira Çela", "Student representative")
    w.overview.refresh()
    assert "open with 2 respondents." in w.overview.steps_text.text()
    assert w.overview.continue_button.text() == "Choose who is answering"
    w.overview.continue_button.click()
    assert w.current_page() == RESPONDENTS
    w.show_page(0)
    assert w.overview.review_button.text() == "Review"
    w.overview.review_button.click()
    assert w.current_page() == REVIEW
    # once finalised, the second step is to see the results, as the text says
    ws.finalise_cycle(cycle.id)
    w.show_page(0)
    assert "is finalised. Look at its results" in w.overview.steps_text.text()
    assert w.overview.review_button.text() == "See the results" and w.overview.continue_button.isHidden()
    w.overview.review_button.click()
    assert w.current_page() == RESULTS
    w.close()


def test_last_change_shows_the_stored_utc_time_in_local_time():
    import datetime as dt

    from iah_assess.ui.overview_view import when

    utc = dt.datetime(2026, 11, 28, 23, 6, 1, tzinfo=dt.timezone.utc)
    assert when("2026-11-28T23:06:01.123456Z") == utc.astimezone().strftime("%Y-%m-%d %H:%M")
    assert when("not a time") == "not a time"
