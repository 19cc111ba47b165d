"""The cycle report: content, fonts, hostile text (R14), determinism, options."""

from __future__ import annotations

import dataclasses
import http.server
import io
import re
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from iah_assess.domain.records import DONT_KNOW, Institution, points
from iah_assess.reporting.report import (
    UnknownLanguage,
    blank_questionnaire_pdf,
    cycle_report_data,
    render_cycle_report,
)
from iah_assess.wording import local_day
from tests.reporting.conftest import DAY, LETTERS, flat, hostile, mini_workspace, resources, text_of


def test_demo_report_shows_cover_areas_plan_and_priorities(demo_ws, demo_cycle, demo_pdf, iah_core):
    text = " ".join(text_of(demo_pdf).split())
    data = cycle_report_data(demo_ws, demo_cycle.id)
    assert data.institution in text
    assert "Cycle 2025/26" in text
    for area in iah_core.areas:
        assert area.title in text
    for heading in ("Summary", "Top five priorities", "Strengths", "Warnings", "Action plan", "Method", "Glossary"):
        assert heading in text
    for p in data.priorities[:5]:
        assert p.item_title in text
    assert f"Overall index {points(data.index)} of 100" in text
    assert "Scores are shown in whole points, halves rounded up" in text  # the method says how they are shown
    assert iah_core.content_hash() in text
    pages = len(PdfReader(io.BytesIO(demo_pdf)).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert f"From {data.n_respondents} respondents; scores on 6 areas." in text and "(s)" not in text  # counts read as English


def test_one_respondent_reads_as_one(workspace, mini):
    from iah_assess.domain.records import Institution

    inst = workspace.save_institution(Institution(name="Kolegji Ëndrra"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana Đurić", "Rector")
    for n, item in enumerate(mini.items):
        workspace.save_response(ana.id, item.id, n % 5, "", "")
    text = " ".join(text_of(render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)).split())
    assert f"From 1 respondent; scores on {len(mini.areas)} areas." in text and "(s)" not in text


def test_demo_report_has_previous_cycle_and_stored_actions(demo_ws, demo_cycle):
    data = cycle_report_data(demo_ws, demo_cycle.id)
    assert data.previous is not None and data.previous.label == "2024/25"
    assert len(data.previous.area_scores) == len(data.areas)
    assert not data.actions_proposed and data.actions
    # in the order the team gave them, numbered as the app numbers them
    assert [a.text for a in data.actions] == [a.text for a in demo_ws.actions(demo_cycle.id)]
    assert [a.number for a in data.actions] == list(range(1, len(data.actions) + 1))


def test_every_font_is_embedded_and_there_are_no_images(demo_pdf):
    fonts = [obj for kind, obj in resources(demo_pdf) if kind == "font"]
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    subtypes = [obj.get("/Subtype") for kind, obj in resources(demo_pdf) if kind == "xobject"]
    assert "/Image" not in subtypes


def test_metadata_bookmarks_and_paper(demo_ws, demo_cycle, demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    meta = reader.metadata
    assert "Sample University" in meta.title and "2025/26" in meta.title
    assert meta.author.startswith("Sample University") and "action plan" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = {o.title: reader.get_destination_page_number(o) for o in reader.outline}
    assert {"Cover", "Summary", "Action plan", "Method", "Leadership"} <= set(outline)
    assert outline["Cover"] == 0 < outline["Summary"] < outline["Leadership"] < outline["Action plan"] < outline["Method"]
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
    letter = render_cycle_report(cycle_report_data(demo_ws, demo_cycle.id), paper="letter", generated_on=DAY)
    assert [round(float(x)) for x in PdfReader(io.BytesIO(letter)).pages[0].mediabox[2:]] == [612, 792]
    with pytest.raises(ValueError, match="paper"):
        render_cycle_report(cycle_report_data(demo_ws, demo_cycle.id), paper="a5")


def test_same_input_same_bytes(demo_ws, demo_cycle, demo_pdf):
    again = render_cycle_report(cycle_report_data(demo_ws, demo_cycle.id), generated_on=DAY)
    assert again == demo_pdf


def test_balkan_letters_render_and_come_back_out(workspace, mini):
    words = f"Škola đaka {LETTERS} Ђорђе"
    cycle_id = mini_workspace(workspace, mini, institution=f"Univerziteti {LETTERS}", comment=words,
                              name="Љубица Ѓорѓиевска", role="Dean")
    pdf = render_cycle_report(cycle_report_data(workspace, cycle_id, names=True), generated_on=DAY)
    text = text_of(pdf)
    assert f"Univerziteti {LETTERS}" in " ".join(text.split())
    assert words in " ".join(text.split())
    assert "Љубица Ѓорѓиевска" in text


def test_roles_by_default_names_on_request_and_anonymous(workspace, mini):
    cycle_id = mini_workspace(workspace, mini, comment="We have a plan.", name="Ana Petrović", role="Rector")
    default = text_of(render_cycle_report(cycle_report_data(workspace, cycle_id), generated_on=DAY))
    assert "Ana Petrović" not in default and "Rector · Comment: We have a plan." in default
    named = text_of(render_cycle_report(cycle_report_data(workspace, cycle_id, names=True), generated_on=DAY))
    assert "Ana Petrović (Rector) · Comment" in named
    anon = text_of(render_cycle_report(cycle_report_data(workspace, cycle_id, anonymous=True), generated_on=DAY))
    assert "A respondent · Comment: We have a plan." in anon and "Rector · Comment" not in anon
    with pytest.raises(ValueError):
        cycle_report_data(workspace, cycle_id, names=True, anonymous=True)


def test_a_large_teams_roles_and_names_go_on_over_the_cover_in_rows(workspace, mini):
    """400 respondents with names, and 60 roles of 120 characters: the lists did not fit in one
    row of a page, and there was no report at all."""
    cycle_id = mini_workspace(workspace, mini)
    roles = [f"Vice-dean for international cooperation and quality of the faculty number {n:02d}, "
             f"Univerzitet u Nišu, Srbija".ljust(120, ".") for n in range(60)]
    for n in range(400):
        workspace.add_respondent(cycle_id, f"Đorđe Petrović-Njegoš {n:03d}", roles[n % 60])
    pdf = render_cycle_report(cycle_report_data(workspace, cycle_id, names=True), generated_on=DAY)
    text = " ".join(text_of(pdf).split())
    assert "402: " in text and f"{roles[59]} (6)" in text  # all 60 roles, each with its count
    assert "Đorđe Petrović-Njegoš 000" in text and "Đorđe Petrović-Njegoš 399" in text  # every name


def test_a_cycle_without_actions_gets_a_proposed_plan(workspace, mini):
    cycle_id = mini_workspace(workspace, mini)
    data = cycle_report_data(workspace, cycle_id)
    assert data.actions_proposed and data.actions
    assert all(a.status == "proposed" for a in data.actions)
    assert [a.item_id for a in data.actions] == [p.item_id for p in data.priorities[:len(data.actions)]]  # their order
    text = " ".join(text_of(render_cycle_report(data, generated_on=DAY)).split())
    assert "proposed plan" in text
    assert data.actions[0].text.split()[0] in text


def test_a_proposed_plan_follows_the_priorities_order(workspace, mini):
    inst = workspace.save_institution(Institution(name="Order College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    person = workspace.add_respondent(cycle.id, "Ana", "Rector")
    # a-one is a foundation item, but at level 2 it is not urgent; a-two (weight 2) at 0 comes first
    for item_id, level in (("a-one", 2), ("a-two", 0), ("b-one", 3), ("b-two", 3)):
        workspace.save_response(person.id, item_id, level)
    data = cycle_report_data(workspace, cycle.id)
    assert [p.item_id for p in data.priorities][:2] == ["a-two", "a-one"]
    assert [a.item_id for a in data.actions][:2] == ["a-two", "a-one"]  # as the priorities, not foundation first


def test_unknown_language_is_a_clear_error(workspace, mini):
    cycle_id = mini_workspace(workspace, mini)
    assert cycle_report_data(workspace, cycle_id, language="en").language == "en"
    with pytest.raises(UnknownLanguage, match="available: en"):
        cycle_report_data(workspace, cycle_id, language="sq")


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback():
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Recorder.hits
    server.shutdown()
    server.server_close()


def test_hostile_text_is_literal_and_harmless(workspace, mini, tmp_path, loopback):
    port, hits = loopback
    marker = tmp_path / "exploited-marker"
    corpus = hostile(str(marker), port)
    everything = "\n\n".join(corpus.values())
    cycle_id = mini_workspace(workspace, mini, institution=corpus["bold"], comment=everything,
                              role=corpus["img"], action_text=everything)
    for n, (key, value) in enumerate(corpus.items()):
        r = workspace.add_respondent(cycle_id, f"R{n}", corpus["cve"] if key == "cve" else "Dean")
        workspace.save_response(r.id, mini.items[1].id, 2, value, value if len(value) < 1000 else "")
    pdf = render_cycle_report(cycle_report_data(workspace, cycle_id, names=True), generated_on=DAY)

    text = text_of(pdf)
    joined = " ".join(text.split())
    for literal in ('<img src="/etc/hostname"/>', "Plan <b>bold and 5 < 6 & more", "Research & Development",
                    f'<img src="http://127.0.0.1:{port}/x.png"', "<font color=", "before evil after",
                    "bell null escape form end"):
        assert literal in joined, literal
    # the unbroken token wraps over lines and pages (page headers come between its pieces)
    assert sum(len(run) for run in re.findall("x{100,}", flat(text))) >= 20000
    assert flat(corpus["long"][-300:]) in flat(text)
    assert "\u202e" not in text and "\x07" not in text
    subtypes = [obj.get("/Subtype") for kind, obj in resources(pdf) if kind == "xobject"]
    assert "/Image" not in subtypes
    assert hits == []
    assert not marker.exists()


def _mini_data(workspace, mini):
    return cycle_report_data(workspace, mini_workspace(workspace, mini, comment="seed"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400), st.text(max_size=80))
def test_any_comment_or_name_renders(tmp_path_factory, mini, comment, name):
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(tmp_path_factory.mktemp("h")) as ws:
        data = _mini_data(ws, mini)
    area = data.areas[0]
    item = dataclasses.replace(area.items[0], title=name or "x", remarks=(dataclasses.replace(area.items[0].remarks[0], text=comment, by=name),))
    area = dataclasses.replace(area, items=(item, *area.items[1:]), title=name or "x")
    data = dataclasses.replace(data, institution=name, cycle_label=name, areas=(area, *data.areas[1:]))
    pdf = render_cycle_report(data, generated_on=DAY)
    assert pdf.startswith(b"%PDF")


def test_blank_questionnaire_lists_every_item(iah_core):
    pdf = blank_questionnaire_pdf(iah_core, generated_on=DAY)
    text = " ".join(text_of(pdf).split())
    for area in iah_core.areas:
        assert area.title in text
    for item in iah_core.items[::7]:
        assert item.title in text and item.evidence_prompts[0] in text
    assert "Notes and evidence found" in text and "Embedded" in text
    assert blank_questionnaire_pdf(iah_core, generated_on=DAY) == pdf
    fonts = [obj for kind, obj in resources(pdf) if kind == "font"]
    assert fonts and all("DejaVuSans" in f["/BaseFont"] for f in fonts)


def test_an_area_left_out_says_so_briefly_and_the_counts_say_how_many_were_assessed(workspace, mini):
    from pypdf import PdfReader

    from iah_assess.domain.records import Institution

    inst = workspace.save_institution(Institution(name="Kolegji Ëndrra"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini, included_areas=["alpha"])
    ana = workspace.add_respondent(cycle.id, "Ana Đurić", "Rector")
    for item in mini.areas[0].items:
        workspace.save_response(ana.id, item.id, 2, "", "")
    pdf = render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)
    text = " ".join(text_of(pdf).split())
    assert "From 1 respondent; scores on 1 of 2 areas (1 left out)." in text
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    beta = next(p for p in pages if "This area was left out of the cycle" in p)
    assert len(beta) > 600  # not a page of its own: what follows shares it


def _few_answering(workspace, mini) -> bytes:
    """Four respondents, one of whom answered, and only on the first area; roles with commas."""
    inst = workspace.save_institution(Institution(name="Few College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    people = [workspace.add_respondent(cycle.id, f"P{n}", role) for n, role in enumerate(
        ("Dean, Faculty of Law", "Dean", "Vice-rector for teaching, \"international\" affairs", "Dean"))]
    for item in mini.areas[0].items:
        workspace.save_response(people[1].id, item.id, 2)
    return render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)


def test_the_summary_counts_the_respondents_who_answered_and_the_areas_with_a_score(workspace, mini):
    text = " ".join(text_of(_few_answering(workspace, mini)).split())
    assert "From 1 of 4 respondents; scores on 1 of 2 areas." in text


def test_the_cover_gives_each_role_its_count_apart_from_commas_in_the_roles(workspace, mini):
    text = " ".join(text_of(_few_answering(workspace, mini)).split())
    # "Dean 2" read as the second dean, and "Dean, Faculty of Law 1, Dean 2" as anything
    assert ('4: Dean, Faculty of Law (1); Dean (2); Vice-rector for teaching, "international" affairs (1)'
            in text)


def _all_dont_know(workspace, mini) -> str:  # noqa: ANN001
    """The report's text, on one line, of a cycle whose one respondent answered "don't know" to all."""
    inst = workspace.save_institution(Institution(name="Unknown College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    for item in mini.items:
        workspace.save_response(ana.id, item.id, DONT_KNOW)
    return " ".join(text_of(render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)).split())


def test_a_cycle_without_levels_does_not_say_every_item_meets_its_target(workspace, mini):
    text = _all_dont_know(workspace, mini)
    assert "Top five priorities No item has a level yet, so none can be compared with its target." in text
    assert "Nothing to plan yet. No item has a level yet" in text
    assert "is below its target" not in text and "meets its target" not in text
    assert "No answers yet" not in text and "From 1 respondent; no area has a score yet." in text


def test_items_without_a_level_are_not_counted_as_meeting_their_target(workspace, mini):
    inst = workspace.save_institution(Institution(name="Partly College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    workspace.save_response(ana.id, mini.items[0].id, 4)  # above its target; the other three have no level
    workspace.add_respondent(cycle.id, "Bora", "Dean")  # answered nothing
    text = " ".join(text_of(render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)).split())
    assert ("No item with a level is below its target; 3 items without a level could not be compared."
            in text)
    assert "From 1 of 2 respondents; scores on 1 of 2 areas." in text


def test_the_heading_over_last_cycles_actions_keeps_the_first_action_on_its_page(demo_ws, demo_cycle):
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from iah_assess.reporting import document, sections
    from iah_assess.reporting.data import ComparisonPart, FollowUpLine

    long = FollowUpLine(item_title="Visible senior commitment to IaH", owner="The vice-rector for teaching " * 11,
                        text="Prepare a proposal for the senate on the funding of virtual exchange. " * 7,
                        due_date=None, status="done", carried=False)
    short = dataclasses.replace(long, owner="Dean", text="A short action.")
    part = ComparisonPart(previous_label="2024/25", previous_index=None, index=None, index_delta=None, index_note="",
                          index_direction=None, threshold=2.5, questionnaire_note="", areas=(), rises=(), falls=(),
                          actions=(long, short, short))
    data = dataclasses.replace(cycle_report_data(demo_ws, demo_cycle.id), comparison=part)
    width = document.text_width("a4")
    for gap in range(80, 250, 4):  # the heading at every height near the foot of a page
        story = [Spacer(1, gap * mm), *sections.change_since(data, sections.styles(), width)]
        pdf = document.build(story, paper="a4", title="t", author="a", subject="s", language="en",
                             header=("h", "h"), footer="f", generated_on=DAY)
        pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]
        page = next(p for p in pages if "Actions of 2024/25" in p)
        assert "3 of 3 done" in page and "Prepare a proposal" in page, gap  # the intro and the first row with it


def test_the_previous_cycle_is_the_one_before_in_years_not_in_letters(workspace, mini):
    from iah_assess.domain.records import Institution
    from iah_assess.reporting.report import cycle_report_data

    inst = workspace.save_institution(Institution(name="Mini College"))
    pilot = workspace.create_cycle(inst.id, "Pilot 2025", mini)
    later = workspace.create_cycle(inst.id, "2026/27", mini)
    assert cycle_report_data(workspace, pilot.id).previous is None
    assert cycle_report_data(workspace, later.id).previous.label == "Pilot 2025"


def test_an_item_answered_only_dont_know_has_no_level_not_no_answers():
    from iah_assess.reporting.data import ItemLine
    from iah_assess.reporting.sections import _item_row

    line = ItemLine(id="lead-one", title="Visible commitment", statement="", foundation=False, level=None, agreed=False,
                    n_answered=0, n_dont_know=3, n_not_applicable=0, low=None, high=None, target=3, gap=None,
                    disagreement=False, many_dont_know=True)
    assert _item_row(line)[1] == ["no level"]  # as its bar on the chart says
    assert _item_row(dataclasses.replace(line, n_dont_know=0))[1] == ["no answers"]


def test_an_item_at_level_0_is_not_called_a_strength(workspace, mini):
    inst = workspace.save_institution(Institution(name="Zero College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    for item in mini.items:
        workspace.save_response(ana.id, item.id, 0)
    data = cycle_report_data(workspace, cycle.id)
    assert data.strongest == ()
    text = " ".join(text_of(render_cycle_report(data, generated_on=DAY)).split())
    assert "Strengths No item is above level 0 (Not started) yet." in text
    assert "level 0, Not started" not in text
    workspace.save_response(ana.id, mini.items[1].id, 1)
    assert [s.item_id for s in cycle_report_data(workspace, cycle.id).strongest] == [mini.items[1].id]


def test_answers_of_dont_know_are_answers_but_give_no_level(workspace, mini):
    text = _all_dont_know(workspace, mini)
    # every item has an answer: "no item has answers" and "answers on 0 of 2 items" beside
    # "2 "don't know" answers" said otherwise
    assert "Strengths No item has a level yet." in text and "has answers" not in text
    assert 'No score: not enough answers · a level on 0 of 2 items (0%) · 2 "don\'t know" answers' in text
    assert "Alpha has a level on only 0 of 2 items, so it has no score (an area needs a level on at least 50%" in text
    assert "answers on" not in text


PREVIOUS = "2024/25 – зимски семестар (Ѓ Ќ Љ Њ Џ)"
CURRENT = "2025/26 – пролетен семестар (Ѓ Ќ Љ Њ Џ)"


def _two_cycles(workspace, mini, beta_before: str) -> int:
    """A cycle after one with long labels, an action carried from it, and Beta either left out of the
    one before (beta_before "left out") or answered "don't know" there; returns the later cycle's id."""
    from iah_assess.domain.records import Action

    inst = workspace.save_institution(Institution(name="Two Cycles College"))
    before = workspace.create_cycle(inst.id, PREVIOUS, mini, included_areas=["alpha"] if beta_before == "left out" else None)
    ana = workspace.add_respondent(before.id, "Ana", "Rector")
    for item in mini.items:
        workspace.save_response(ana.id, item.id, DONT_KNOW if item.id.startswith("b") else 1)
    kept = workspace.save_action(Action(cycle_id=before.id, item_id="a-one", text="Name an IaH lead.", owner="Rector"))
    workspace.save_action(Action(cycle_id=before.id, item_id="a-two", text="Fund two pilots.", owner="Dean"))
    now = workspace.create_cycle(inst.id, CURRENT, mini)
    bo = workspace.add_respondent(now.id, "Bo", "Rector")
    for item in mini.items:
        workspace.save_response(bo.id, item.id, 2)
    workspace.save_action(Action(cycle_id=now.id, item_id="b-one", text="A new action.", owner="Dean"))
    workspace.carry_actions(before.id, now.id, [kept.id])
    return now.id


@pytest.mark.parametrize("beta_before", ["left out", "don't know"])
def test_the_summary_says_why_an_area_had_no_score_in_the_previous_cycle(workspace, mini, beta_before):
    data = cycle_report_data(workspace, _two_cycles(workspace, mini, beta_before))
    why = "not assessed" if beta_before == "left out" else "not enough answers"
    assert data.previous.score("beta") is None and data.previous.status("beta") == why
    assert data.previous.status("alpha") == ""  # it has a score
    pages = [" ".join((p.extract_text() or "").split())
             for p in PdfReader(io.BytesIO(render_cycle_report(data, generated_on=DAY))).pages]
    summary = pages[1]
    assert why in summary and "—" not in summary.split("Coverage")[1].split("Top five")[0]


def test_long_cycle_labels_wrap_in_column_headers_instead_of_being_cut(workspace, mini):
    data = cycle_report_data(workspace, _two_cycles(workspace, mini, "left out"))
    text = flat(text_of(render_cycle_report(data, generated_on=DAY)))
    assert flat(f"Score Coverage {PREVIOUS}") in text  # the summary's column of the previous cycle
    assert flat(f"Carried into {CURRENT}") in text  # the table of the previous cycle's actions
    assert flat("Carried into 2025/26 – п…") not in text and flat("2024/25 – з…") not in text


def test_an_action_carried_from_the_previous_cycle_says_so_in_the_plan(workspace, mini):
    data = cycle_report_data(workspace, _two_cycles(workspace, mini, "left out"))
    carried = {a.text: a.carried_from for a in data.actions}
    assert carried == {"Name an IaH lead.": PREVIOUS, "A new action.": None}
    text = flat(text_of(render_cycle_report(data, generated_on=DAY)))
    assert flat(f"carried from {PREVIOUS} Name an IaH lead.") in text
    assert text.count(flat("carried from")) == 1  # the new action is not marked


def test_the_cover_says_when_the_assessment_was_done(workspace, mini):
    cycle_id = mini_workspace(workspace, mini)
    cycle = workspace.cycle(cycle_id)
    text = " ".join(text_of(render_cycle_report(cycle_report_data(workspace, cycle_id), generated_on=DAY)).split())
    assert f"Assessment Still open, last changed on {local_day(cycle.updated_at)} Printed {DAY.isoformat()}" in text
    cycle = workspace.finalise_cycle(cycle_id)
    data = cycle_report_data(workspace, cycle_id)
    assert data.finalised_on == local_day(cycle.finalised_at)
    text = " ".join(text_of(render_cycle_report(data, generated_on=DAY)).split())
    assert f"Assessment Finalised on {local_day(cycle.finalised_at)} Printed {DAY.isoformat()}" in text
    # a workspace that does not say when: the state alone
    text = " ".join(text_of(render_cycle_report(dataclasses.replace(data, finalised_on=None),
                                                generated_on=DAY)).split())
    assert f"Assessment Finalised Printed {DAY.isoformat()}" in text


def test_the_note_on_an_agreed_level_is_printed_with_it(workspace, mini):
    cycle_id = mini_workspace(workspace, mini)
    note = "We looked at the senate decision.\nЃорѓи agreed: č ć đ š ž ë ç."
    workspace.set_agreed_level(cycle_id, "a-two", 3, note)
    workspace.set_agreed_level(cycle_id, "b-one", 2, "")  # agreed without a note
    data = cycle_report_data(workspace, cycle_id)
    notes = {i.id: i.agreed_note for a in data.areas for i in a.items}
    assert notes == {"a-one": "", "a-two": note, "b-one": "", "b-two": ""}
    text = text_of(render_cycle_report(data, generated_on=DAY))
    one_line = " ".join(text.split())
    assert ("Alpha two a-two Note on the agreed level: We looked at the senate decision. "
            "Ѓорѓи agreed: č ć đ š ž ë ç. 3 agreed") in one_line
    assert "decision.\nЃорѓи" in text  # its line break kept
    assert one_line.count("Note on the agreed level") == 1
    # a note kept from an agreed level that was cleared since is not shown
    workspace.set_agreed_level(cycle_id, "a-two", None, note)
    data = cycle_report_data(workspace, cycle_id)
    assert "Note on the agreed level" not in text_of(render_cycle_report(data, generated_on=DAY))


def test_a_comments_line_breaks_are_kept_and_typed_markup_stays_literal(workspace, mini):
    comment = "Line one\nLine two <br/> still two\n\nA new paragraph"
    cycle_id = mini_workspace(workspace, mini, comment=comment, action_text="Do this\nthen that")
    text = text_of(render_cycle_report(cycle_report_data(workspace, cycle_id), generated_on=DAY))
    assert "Comment: Line one\nLine two <br/> still two\nA new paragraph" in text
    assert "Do this\nthen that" in text  # in the action plan too
    assert "Line one Line two" not in text


def _method_text(pdf: bytes) -> str:
    text = " ".join(text_of(pdf).split())
    return text[text.rindex("Method The scale"):]


def test_the_scale_gives_each_bands_scores_as_the_domain_bands_them(demo_pdf):
    from iah_assess.domain.records import LEVEL_NAMES
    from iah_assess.domain.scoring import band

    method = _method_text(demo_pdf)
    names = "|".join(LEVEL_NAMES)
    rows = re.findall(rf"(\d) ({names}) (\d+) (\d+)–(\d+)", method.split("Respondents may")[0])
    assert [(int(n), name) for n, name, *_ in rows] == list(enumerate(LEVEL_NAMES))
    ranges = [(name, int(low), int(high)) for _, name, _, low, high in rows]
    assert ranges[0][1] == 0 and ranges[-1][2] == 100
    for (name, low, high), after in zip(ranges, ranges[1:] + [None], strict=True):
        assert band(low) == band(high) == name  # the edges are in the band, in whole points as printed
        assert band(low - 1) != name or low == 0  # and the point below is not
        if after is not None:
            assert after[1] == high + 1 and band(high + 1) != name  # no gap between bands
    assert "Developing 50 38–62" in method and "Established 75 63–87" in method  # 61 Developing, 68 Established


def test_the_method_says_the_index_comes_from_unrounded_scores(demo_pdf):
    assert ("The index is worked out from the unrounded area scores, so it may differ by a point from an average "
            "of the scores printed.") in _method_text(demo_pdf)


def test_the_method_explains_half_levels_and_how_equal_gaps_are_ranked(demo_pdf):
    method = _method_text(demo_pdf)
    assert "the median can fall between two levels: 1.5 is between Initial and Developing" in method
    assert "ranked by their gap, as every item weighs the same" in method  # no weights to look for
    assert "items with the same gap keep the questionnaire's order" in method
    text = " ".join(text_of(demo_pdf).split())
    assert "For an action carried over, the status shown is that of its copy in this cycle's plan." in text


def test_every_page_of_an_open_cycles_report_says_it_is_open(demo_ws, demo_cycle, demo_pdf):
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(demo_pdf)).pages]
    assert demo_ws.cycle(demo_cycle.id).status.value == "open"
    assert all("Cycle 2025/26 (open, provisional)" in p for p in pages[1:])
    finalised = render_cycle_report(cycle_report_data(demo_ws, demo_ws.find_cycle("2024/25").id), generated_on=DAY)
    assert "(open, provisional)" not in text_of(finalised)


def test_last_cycles_actions_left_open_and_not_carried_are_warned_of_and_marked(demo_pdf):
    text = " ".join(text_of(demo_pdf).split())
    warnings = text[text.index("Warnings"):]
    # the sample leaves two actions of 2024/25 open for its user to carry on the Compare page
    assert ("Left open. 2 actions of 2024/25 still planned or in progress were not carried into this cycle's plan"
            in warnings)
    change = text[text.index("Actions of 2024/25"):]
    assert "2 actions still planned or in progress were not carried into this cycle's plan (\"left open\")" in change
    assert change.count("no left open") == 2


def test_the_cover_says_when_attributing_by_role_still_names_someone(demo_ws, demo_cycle):
    data = cycle_report_data(demo_ws, demo_cycle.id)  # by role: four people in four roles
    cover = " ".join(text_of(render_cycle_report(data, generated_on=DAY)).split())
    assert ("attributed by role only. Each role here is held by one person, so a role names its holder all the "
            "same: for a copy that goes beyond the team, print the report with comments anonymous.") in cover
    anonymous = cycle_report_data(demo_ws, demo_cycle.id, anonymous=True)
    assert "names its holder" not in text_of(render_cycle_report(anonymous, generated_on=DAY))
    earlier = cycle_report_data(demo_ws, demo_ws.find_cycle("2024/25").id)
    shared = dataclasses.replace(earlier, respondents=(*earlier.respondents, earlier.respondents[0]))  # two of a role
    text = " ".join(text_of(render_cycle_report(shared, generated_on=DAY)).split())
    assert "A role one person holds names that person all the same (" in text


def test_an_area_says_under_its_score_when_its_foundation_item_is_below_level_2(demo_pdf):
    text = " ".join(text_of(demo_pdf).split())
    # 68, Established, beside its strategy not yet in the institution's strategy: said where the score is
    assert ("◆ Foundation item below level 2: IaH in the institutional strategy, level 1 (Initial): one of the "
            "basic conditions for IaH, which the area's score does not show.") in text


def test_the_summary_table_breaks_area_names_between_words_never_inside_them(demo_ws, demo_cycle):
    """A long word (Macedonian "интернационализацијата") broke inside itself in the narrow Area
    column beside the radar; the column takes what its longest word needs, and when that is too
    much beside the radar the table goes under it, full width."""
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table

    from iah_assess.reporting import fonts, sections
    from iah_assess.reporting.styles import styles
    from tests.reporting.test_charts import LONG_AREAS

    st_ = styles()
    width = A4[0] - 40 * 2.83465  # about the frame's width

    def layout(titles: list[str] | None):
        data = cycle_report_data(demo_ws, demo_cycle.id)
        if titles:
            data = dataclasses.replace(data, areas=tuple(dataclasses.replace(a, title=t) for a, t in zip(data.areas, titles)))
        out = sections.summary(data, st_, width)
        tables = [f for f in out if isinstance(f, Table)]
        side = [t for t in tables if any(isinstance(c, Drawing) for row in t._cellvalues for c in row)]
        scores = side[0]._cellvalues[0][1] if side else next(t for t in tables if t._colWidths[0] > width * 0.3)
        return data, bool(side), scores

    def longest_word(data) -> float:
        return max(stringWidth(w, fonts.REGULAR, st_.cell.fontSize) for a in data.areas for w in a.title.split())

    data, beside, scores = layout(None)  # the sample's English names: the table beside the radar
    assert beside and scores._colWidths[0] >= longest_word(data) + 6
    data, beside, scores = layout(LONG_AREAS)  # too long a word beside the radar: under it
    assert not beside and scores._colWidths[0] >= longest_word(data) + 6
    text = text_of(render_cycle_report(data, generated_on=DAY))
    assert "интернационализацијата" in text and "Интернационализација/интеркултурност" in text
