"""The overview's next step fits the cycle: add respondents, choose one, continue answering, or agree and finalise."""

from __future__ import annotations

from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import AGREE, RESPONDENTS, RESULTS, REVIEW, MainWindow
from tests.ui.mini_cycle import make_cycle


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


def test_once_everyone_has_answered_the_next_step_is_to_agree_and_finalise(qtbot, ws, mini_catalog, dialogs, data_dir):
    cycle_id = make_cycle(ws, mini_catalog.get("mini").questionnaire)  # 3 people answer both items; a-one flagged
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    steps = w.overview.steps_text
    assert steps.text() == ("Cycle 2025/26: every respondent has answered every item. Still to agree: 1 flagged item "
                            "without an agreed level. Then finalise the cycle in Review.")
    assert w.overview.continue_button.isHidden()  # nobody has anything left to answer
    assert not w.overview.agree_button.isHidden() and w.overview.agree_button.isEnabled()
    w.overview.agree_button.click()  # the step the text names has its button
    assert w.current_page() == AGREE
    w.show_page(0)
    ws.set_agreed_level(cycle_id, "a-one", 1)
    w.overview.refresh()
    assert steps.text() == "Cycle 2025/26: every respondent has answered every item. Review and finalise the cycle."
    assert w.overview.agree_button.isHidden()
    # a fourth respondent has not answered yet: back to answering, with how far the team is
    ws.add_respondent(cycle_id, "Marko Jovanović", "Dean")
    w.overview.refresh()
    assert steps.text() == "Cycle 2025/26 is open with 4 respondents. Choose who is answering now. 6 of 8 answers given."
    assert w.overview.table.item(0, 2).text() == "4"  # the people in the cycle, answered or not
    assert not w.overview.continue_button.isHidden()
    w.close()


def test_last_change_shows_the_stored_utc_time_in_local_time():
    import datetime as dt

    from iah_assess.ui.overview_view import when

    utc = dt.datetime(2026, 11, 28, 23, 6, 1, tzinfo=dt.timezone.utc)
    assert when("2026-11-28T23:06:01.123456Z") == utc.astimezone().strftime("%Y-%m-%d %H:%M")
    assert when("not a time") == "not a time"


def test_the_radar_shows_the_latest_cycle_with_scores(qtbot, ws, mini_catalog, dialogs, data_dir):
    mini = mini_catalog.get("mini").questionnaire
    cycle_id = make_cycle(ws, mini)  # 2025/26, scored
    earlier = make_cycle(ws, mini, label="2024/25")
    inst = ws.cycle(cycle_id).institution_id
    ws.create_cycle(inst, "2026/27", mini)  # just made: nothing answered yet
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    assert w.overview.radar_box.title() == "Area scores, cycle 2025/26"
    # an earlier cycle chosen: drawn beside the latest, as the steps below speak of it
    w.select_cycle(earlier)
    assert w.overview.radar_box.title() == "Area scores, cycles 2025/26 and 2024/25"
    assert [name for name, _ in w.overview.radar.series()] == ["2025/26", "2024/25"]
    w.select_cycle(cycle_id)
    assert w.overview.radar_box.title() == "Area scores, cycle 2025/26"
    w.close()


def test_an_earlier_cycle_on_other_areas_is_not_drawn_on_the_latest_ones_spokes(qtbot, ws, mini_catalog, dialogs, data_dir):
    mini = mini_catalog.get("mini").questionnaire
    gamma = mini.area("beta").model_copy(update={"id": "gamma", "title": "Gamma", "items": [
        i.model_copy(update={"id": "g-" + i.id}) for i in mini.area("beta").items]})
    wider = mini.model_copy(update={"version": "2.0", "areas": [*mini.areas, gamma]})
    earlier = make_cycle(ws, mini, label="2024/25")
    latest = make_cycle(ws, wider, label="2025/26")
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.select_cycle(earlier)  # two areas, beside a radar of three: not drawn on the wrong spokes, nor failing
    assert w.overview.radar_box.title() == "Area scores, cycle 2025/26"
    assert [name for name, _ in w.overview.radar.series()] == ["2025/26"]
    w.select_cycle(latest)
    w.close()
