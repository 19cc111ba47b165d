"""Results of a small hand-made cycle: area scores, flags, filters, agreed levels and the PDF export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.ui.models import FlaggedRole, ItemAnswersModel, ItemIdRole, ItemResultsModel
from iah_assess.ui.results_view import ResultsView
from tests.ui.mini_cycle import make_cycle
from tests.ui.table_checks import shown_whole

M = ItemResultsModel


def _rows(model) -> dict[str, list[str]]:  # noqa: ANN001
    return {
        model.data(model.index(r, 0), ItemIdRole): [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


@pytest.fixture
def view(qtbot, workspace, mini, dialogs):
    v = ResultsView(workspace, dialogs)
    qtbot.addWidget(v)
    return v


def test_models_pass_the_model_tester(qtmodeltester, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    model = ItemResultsModel()
    model.set_result(mini, workspace.cycle_result(cycle_id))
    qtmodeltester.check(model, force_py=True)
    answers = ItemAnswersModel()
    people = workspace.respondents(cycle_id)
    by = {r.respondent_id: r for r in workspace.responses(cycle_id) if r.item_id == "a-two"}
    answers.set_answers([(p, by.get(p.id)) for p in people])
    qtmodeltester.check(answers, force_py=True)
    assert [answers.data(answers.index(r, ItemAnswersModel.LEVEL)) for r in range(3)] == ["1 Initial", "2 Developing", "Don't know"]


def test_results_show_scores_flags_and_areas_left_out(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    assert "Overall index: 33 of 100 — Initial" in view.index_label.text()
    assert "3 respondents · 1 item flagged" in view.index_label.text()
    assert view.area_list.text().splitlines() == ["Alpha: 33 (Initial)", "Beta: not assessed"]
    rows = _rows(view.model)
    assert rows["a-one"] == ["Alpha", "Alpha one", "1 Initial", "0–3", "3", "0", "0", "3", "+2", "⚑ disagree"]
    assert rows["a-two"] == ["Alpha", "Alpha two", "1.5 Initial – Developing", "1–2", "2", "1", "0", "3", "+1.5", ""]
    assert rows["b-one"][2] == "not assessed"
    assert view.radar.labels() == ["Alpha", "Beta"]
    assert view.radar.series() == [("2025/26", [pytest.approx(33.333, abs=0.01), None])]
    assert view.radar.axis_label(1) == "Beta (no score)"  # the list beside it says why
    assert view.bars.rows() == [("Alpha one", 25.0, "⚑ disagree"), ("Alpha two", 37.5, "")]
    view.bar_area.setCurrentIndex(1)
    assert view.bar_note.text() == "Beta: not assessed"
    assert view.bars.rows() == []
    assert not view.read_only_label.isVisibleTo(view)


def test_not_enough_answers_and_an_earlier_cycle_on_the_radar(view, workspace, mini):
    make_cycle(workspace, mini, label="2024/25")
    cycle_id = make_cycle(workspace, mini, ["alpha", "beta"], label="2025/26")
    view.set_cycle(cycle_id)
    assert view.area_list.text().splitlines()[1] == "Beta: not enough answers (0 of 2 items scored)"
    assert [name for name, _ in view.radar.series()] == ["2025/26", "2024/25"]
    assert view.radar.axis_label(1) == "Beta (no score)"  # the list beside it says why
    assert _rows(view.model)["b-one"][2] == "no answers"
    # an item answered only "don't know" has answers but no level, as the report says
    person = workspace.respondents(cycle_id)[0]
    workspace.save_response(person.id, "b-one", "dont_know")
    view.set_cycle(cycle_id)
    assert _rows(view.model)["b-one"][2] == "no level"
    for person in workspace.respondents(cycle_id):  # all of one mind: a range still, as in the report
        workspace.save_response(person.id, "b-two", 2)
    view.set_cycle(cycle_id)
    assert _rows(view.model)["b-two"][3] == "2–2"


def test_filters_text_area_and_flagged(view, workspace, mini):
    view.set_cycle(make_cycle(workspace, mini, ["alpha", "beta"]))
    proxy = view.proxy
    assert proxy.rowCount() == 4
    view.filter_edit.setText("two")
    assert [proxy.data(proxy.index(r, 0), ItemIdRole) for r in range(proxy.rowCount())] == ["a-two", "b-two"]
    view.filter_edit.clear()
    view.area_filter.setCurrentIndex(view.area_filter.findData("beta"))
    assert proxy.rowCount() == 2
    view.area_filter.setCurrentIndex(0)
    view.flagged_only.setChecked(True)
    assert [proxy.data(proxy.index(r, 0), ItemIdRole) for r in range(proxy.rowCount())] == ["a-one"]
    assert proxy.data(proxy.index(0, 0), FlaggedRole) is True
    assert view.count_label.text() == "1 of 4 items shown"


def test_sorting_by_gap_is_numeric(view, workspace, mini):
    view.set_cycle(make_cycle(workspace, mini))
    view.table.sortByColumn(M.GAP, Qt.SortOrder.DescendingOrder)
    p = view.proxy
    assert [p.data(p.index(r, M.GAP)) for r in range(2)] == ["+2", "+1.5"]
    # items not assessed have no gap and sort after the others
    assert p.data(p.index(3, M.GAP)) == ""


def test_agreed_level_changes_the_results_and_is_marked(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    workspace.set_agreed_level(cycle_id, "a-one", 3, "Agreed after the meeting")
    view.set_cycle(cycle_id)
    assert _rows(view.model)["a-one"][2] == "3 Established (agreed)"
    assert view.index_label.text().endswith("1 item flagged for disagreement (all agreed)")  # as the overview counts
    assert view.area_list.text().splitlines()[0] == "Alpha: 50 (Developing)"
    assert view.bars.rows()[0] == ("Alpha one", 75.0, "(agreed, was ⚑)")
    # an item flagged and not agreed yet: the count says what is left to agree
    first, *others = workspace.respondents(cycle_id)
    workspace.save_response(first.id, "a-two", 0)  # four levels apart from the others
    for person in others:
        workspace.save_response(person.id, "a-two", 4)
    view.set_cycle(cycle_id)
    assert view.index_label.text().endswith("2 items flagged for disagreement (1 agreed, 1 still to agree)")
    assert view.bars.rows()[1][2] == "⚑ disagree"


def test_finalised_cycle_says_read_only(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)
    workspace.finalise_cycle(cycle_id)
    view.set_cycle(cycle_id)
    assert view.read_only_label.isVisibleTo(view)
    assert "read-only" in view.read_only_label.text()


def test_export_writes_the_pdf_in_a_worker(qtbot, view, workspace, mini, dialogs, tmp_path: Path):
    cycle_id = make_cycle(workspace, mini)
    view.set_cycle(cycle_id)
    target = tmp_path / "out" / "report"
    target.parent.mkdir()
    dialogs.save_paths.append(str(target))
    dialogs.answers.append(False)  # do not open it
    with qtbot.waitSignal(view.pdf_exported, timeout=30000) as done:
        view.export_button.click()
    assert done.args == [str(target.with_suffix(".pdf"))]
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert dialogs.confirmations and "Open it now?" in dialogs.confirmations[0][1]
    assert view.export_button.isEnabled()
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]


def test_an_export_that_ends_as_the_window_closes_asks_nothing(qtbot, view, workspace, mini, dialogs, tmp_path: Path):
    view.set_cycle(make_cycle(workspace, mini))
    dialogs.save_paths.append(str(tmp_path / "report.pdf"))
    with qtbot.waitSignal(view.pdf_exported, timeout=30000):
        view.export_button.click()
        view.wait_for_export()  # as the window does when it closes
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert dialogs.confirmations == []  # no "Open it now?" from a window that is gone


def test_export_cancelled_does_nothing(view, workspace, mini, dialogs):
    view.set_cycle(make_cycle(workspace, mini))
    view.export_button.click()  # the save dialog returns None
    assert view.export_button.isEnabled() and not view.progress.isVisibleTo(view)
    dialogs.picks = [3]  # Cancel (or Escape) where the attribution is asked: no file is asked for
    view.export_button.click()
    assert len(dialogs.suggested) == 1 and view.export_button.isEnabled()


@pytest.mark.parametrize(("pick", "said", "line"), [
    (0, "attributed by role only", "Dean · Comment: Љубица Ѓорѓиевска on a-one"),
    (1, "attributed by name and role", "Љубица Ѓорѓиевска (Dean) · Comment: Љубица Ѓорѓиевска on a-one"),
    (2, "shown without attribution", "A respondent · Comment: Љубица Ѓорѓиевска on a-one")])
def test_the_report_attributes_comments_as_the_user_chooses(qtbot, view, workspace, mini, dialogs, tmp_path: Path, pick, said, line):
    from tests.reporting.conftest import text_of

    view.set_cycle(make_cycle(workspace, mini))
    dialogs.picks = [pick]
    dialogs.save_paths.append(str(tmp_path / "report.pdf"))
    dialogs.answers.append(False)
    with qtbot.waitSignal(view.pdf_exported, timeout=30000):
        view.export_button.click()
    [(title, text, choices)] = dialogs.choices
    assert choices == ["By role", "By role and name", "Anonymous", "Cancel"]
    assert "Where only one person holds a role, the role alone identifies them." in text  # what "by role" hides, and not
    pdf = text_of((tmp_path / "report.pdf").read_bytes())
    assert f"Comments and evidence are {said}." in pdf
    assert line in [text.strip() for text in pdf.splitlines()]


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note on showing a window
def test_demo_results_render_at_1280x720(qtbot, workspace, dialogs, tmp_path: Path):
    inst = ensure_demo(workspace, load(shipped_dir() / "iah-core").questionnaire)
    view = ResultsView(workspace, dialogs)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    for cycle in workspace.cycles(inst.id):
        view.set_cycle(cycle.id)
        view.show()
        qtbot.waitExposed(view)
        assert view.model.rowCount() == 64
        assert not view.grab().isNull()
    # the first cycle left curriculum out
    first = workspace.cycles(inst.id)[0]
    view.set_cycle(first.id)
    assert "Curriculum and learning: not assessed" in view.area_list.text()
    # whole and half gaps (-1, -0.5) sort in numeric order, as Qt does not sort a mix of ints and floats
    view.set_cycle(workspace.cycles(inst.id)[-1].id)
    view.table.sortByColumn(M.GAP, Qt.SortOrder.AscendingOrder)
    gaps = [float(t.replace("+", "")) for r in range(view.proxy.rowCount())
            if (t := view.proxy.data(view.proxy.index(r, M.GAP)))]
    assert gaps == sorted(gaps) and any(g != int(g) for g in gaps) and len(set(gaps)) > 3


def test_at_150_percent_text_the_item_table_cuts_no_word(qtbot, workspace, dialogs, large_text):
    inst = ensure_demo(workspace, load(shipped_dir() / "iah-core").questionnaire)
    view = ResultsView(workspace, dialogs)
    qtbot.addWidget(view)
    view.resize(1280 - 150, 720 - 60)  # the page, beside the navigation and under the selectors
    view.set_cycle(workspace.cycles(inst.id)[-1].id)
    view.tabs.setCurrentIndex(1)
    view.show()
    qtbot.waitExposed(view)
    M = ItemResultsModel
    for col in (M.AREA, M.ITEM, M.LEVEL):  # wrapped, rows as tall as they need
        qtbot.waitUntil(lambda col=col: shown_whole(view.table, col))
    # the item title, the words users read, gets the most room
    assert view.table.columnWidth(M.ITEM) == max(view.table.columnWidth(c) for c in range(M.FLAG + 1))


def test_respondents_who_have_not_answered_are_counted_and_said(view, workspace, mini):
    cycle_id = make_cycle(workspace, mini)  # three people answer
    workspace.add_respondent(cycle_id, "Marko Jovanović", "Dean")  # a fourth, not yet
    view.set_cycle(cycle_id)
    assert "4 respondents (3 with answers)" in view.index_label.text()


def test_not_applicable_answers_are_counted_beside_the_others(view, workspace, mini):
    from iah_assess.domain.records import NOT_APPLICABLE

    cycle_id = make_cycle(workspace, mini)
    ermira = next(r for r in workspace.respondents(cycle_id) if r.name == "Ermira Çela")
    workspace.save_response(ermira.id, "a-two", NOT_APPLICABLE)
    view.set_cycle(cycle_id)
    n, dont_know, not_applicable = _rows(view.model)["a-two"][4:7]
    assert (n, dont_know, not_applicable) == ("2", "0", "1")  # the three respondents, all counted


LONG_NAME = ("Универзитет „Св. Кирил и Методиј“ — Universiteti i Tiranës, Fakulteti i Shkencave Sociale " * 3)[:200].strip()


def _labels_apart(radar) -> None:  # noqa: ANN001
    rects = radar.label_rects()
    assert len(rects) == len(radar.labels())
    for k, a in enumerate(rects):
        assert a.left() >= 0 and a.right() <= radar.width() + 0.5 and a.top() >= 0, a
        for b in rects[k + 1:]:
            assert not a.intersects(b), (a, b)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("screen", [(1280, 720), (1024, 600)])
def test_a_long_institution_name_at_150_percent_text_keeps_the_heading_short_and_the_radar_readable(
        qtbot, workspace, dialogs, large_text, screen):
    from PySide6.QtGui import QFontMetricsF

    from iah_assess.domain.records import Institution

    q = load(shipped_dir() / "iah-core").questionnaire
    inst = workspace.save_institution(Institution(name=LONG_NAME, country="North Macedonia"))
    cycle = workspace.create_cycle(inst.id, "2026/27", q)
    people = [workspace.add_respondent(cycle.id, name, role) for name, role in
              (("Ѓорѓи Љубичић", "Dean"), ("Ermira Çela", "Rector"))]
    for item in q.items:  # one area scored: five spokes say "(no score)"
        if q.area_of(item.id).id == "strategy":
            for level, person in enumerate(people, start=2):
                workspace.save_response(person.id, item.id, level)
    view = ResultsView(workspace, dialogs)
    qtbot.addWidget(view)
    view.resize(screen[0] - 150, screen[1] - 60)  # the page, beside the navigation and under the selectors
    view.set_cycle(cycle.id)
    view.show()
    qtbot.waitExposed(view)
    full = f"Results of 2026/27 — {LONG_NAME}"
    # two lines at most, cut with "…", whole in the tooltip
    two_lines = QFontMetricsF(view.title.font()).lineSpacing() * 2 + 4
    assert view.title.height() <= two_lines
    assert view.title.text().endswith("…") and full.startswith(view.title.text()[:-1].rstrip())
    assert view.title.toolTip() == full and view.title.full_text() == full
    # the radar keeps its room, and no spoke's label runs into another
    fm = QFontMetricsF(view.radar.font())
    assert view.radar.height() >= (14 if screen[1] >= 720 else 12) * fm.height()
    assert [view.radar.axis_label(i).endswith("(no score)") for i in range(6)] == [True, False, True, True, True, True]
    _labels_apart(view.radar)
    assert view.radar._geometry(fm)[1] > 3 * fm.height()
    # a short name is shown whole, with no tooltip
    workspace.save_institution(Institution(name="Univerzitet u Tuzli", id=inst.id))
    view.refresh()
    assert view.title.text() == "Results of 2026/27 — Univerzitet u Tuzli" and view.title.toolTip() == ""


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_150_percent_text_results_of_a_finalised_cycle_fit_1280_by_720(qtbot, ws, data_dir, dialogs, large_text):
    """Two notices (the window's and the page's) and a long name: the area list gives way, the
    window does not grow past the screen, and the radar's labels stay apart."""
    from iah_assess.catalog import Catalog
    from iah_assess.domain.records import Institution
    from iah_assess.storage import paths
    from iah_assess.ui.main_window import RESULTS, MainWindow

    inst = ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = MainWindow(ws, Catalog(paths.user_questionnaire_dir(data_dir)), dialogs, data_dir)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    try:
        for name in (None, LONG_NAME):
            if name:
                ws.save_institution(Institution(name=name, id=inst.id, country="Bosnia and Herzegovina"))
            for cycle in ws.cycles(inst.id):
                w.select_cycle(cycle.id)
                w.show_page(RESULTS)
                qtbot.wait(1)
                view = w.results_view
                assert w.minimumSizeHint().height() <= 720, (name, cycle.label, w.minimumSizeHint())
                assert w.height() == 720
                assert view.title.height() <= 2 * view.title.fontMetrics().lineSpacing() + 4
                _labels_apart(view.radar)
    finally:
        w.close()


def _results_page(qtbot, workspace, dialogs, width: int, height: int) -> ResultsView:  # noqa: ANN001
    """The Results page of the sample's 2024/25, shown at the size it has in a window of width x height
    (beside the navigation, under the selectors)."""
    inst = ensure_demo(workspace, load(shipped_dir() / "iah-core").questionnaire)
    view = ResultsView(workspace, dialogs)
    qtbot.addWidget(view)
    view.resize(width - 160, height - 90)
    view.set_cycle(workspace.cycles(inst.id)[-2].id)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_1920_by_1080_the_item_bars_use_the_height_they_are_given(qtbot, workspace, dialogs):
    view = _results_page(qtbot, workspace, dialogs, 1920, 1080)
    viewport = view.bar_scroll.viewport()
    qtbot.waitUntil(lambda: view.bars.height() == viewport.height())
    bars = [r for r in view.bars.bar_rects() if r is not None]
    assert len(bars) == 11  # Leadership's items
    assert bars[-1].bottom() - bars[0].top() >= 0.75 * viewport.height()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_at_150_percent_text_in_1024_by_600_the_item_bars_do_not_scroll_sideways(qtbot, workspace, dialogs, large_text):
    view = _results_page(qtbot, workspace, dialogs, 1024, 600)
    sideways = view.bar_scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: sideways.maximum() == 0 and not sideways.isVisible())  # once the scroll bars settle
    assert view.bars.width() >= view.bars.minimumSizeHint().width()
    assert view.bars.width() <= view.bar_scroll.viewport().width()
    assert view.radar.width() >= view.radar.minimumSizeHint().width()  # the radar beside them still has its least
