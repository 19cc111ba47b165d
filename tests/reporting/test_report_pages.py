"""Where page breaks fall in the cycle report: no last row, and no area left out, alone on a page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from iah_assess.reporting import document, sections
from iah_assess.reporting.data import ActionLine, ComparisonPart, FollowUpLine
from iah_assess.reporting.report import cycle_report_data
from tests.reporting.conftest import DAY

WIDTH = document.text_width("a4")


def text_pages(pdf: bytes) -> list[str]:
    """The text of each page, its whitespace made single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def pages_of(story: list) -> list[str]:
    """The text of each page of a story laid out on A4."""
    return text_pages(document.build(story, paper="a4", title="t", author="a", subject="s", language="en",
                                     header=("h", "h"), footer="f", generated_on=DAY))


def page_with(pages: list[str], words: str) -> int:
    return next(n for n, p in enumerate(pages) if words in p)


@pytest.fixture(scope="module")
def demo_data(demo_ws, demo_cycle):
    return cycle_report_data(demo_ws, demo_cycle.id)


def test_the_last_action_of_a_plan_never_stands_alone_on_a_page(demo_data):
    actions = tuple(
        ActionLine(number=n, item_id=None, item_title=f"Item {n:02}", foundation=False,
                   text=f"Row{n:02} " + "Agree the plan with the deans and report to the senate. " * 2, owner="Rector",
                   due_date=None, status="proposed", success_indicator="A decision of the senate")
        for n in range(1, 11)
    )
    data = dataclasses.replace(demo_data, actions=actions, actions_proposed=True)
    for gap in range(60, 110, 3):  # the table's end at every height near the foot of a page
        pages = pages_of([Spacer(1, gap * mm), *sections.action_plan(data, sections.styles(), WIDTH)])
        assert page_with(pages, "Row10") == page_with(pages, "Row09"), gap
        assert all("Row" in p for p in pages), gap  # nor its key, which went over alone when the table filled a page


def _with_previous_actions(data, actions):  # noqa: ANN001, ANN202
    """The report's data with a change-since part of 2024/25 that has only these actions."""
    part = ComparisonPart(previous_label="2024/25", previous_index=None, index=None, index_delta=None, index_note="",
                          index_direction=None, threshold=2.5, questionnaire_note="", areas=(), rises=(), falls=(),
                          actions=actions)
    return dataclasses.replace(data, comparison=part)


def test_the_last_action_of_the_previous_cycle_never_stands_alone_on_a_page(demo_data):
    long = FollowUpLine(item_title="Visible senior commitment to IaH", owner="The vice-rector for teaching",
                        text="Prepare a proposal for the senate on the funding of virtual exchange. " * 4,
                        due_date=None, status="done", carried=False)
    actions = (*(dataclasses.replace(long, text=f"Row{n} {long.text}") for n in range(1, 5)),
               dataclasses.replace(long, item_title="General", text="Row5 A workshop for all deans.", owner=""))
    data = _with_previous_actions(demo_data, actions)
    for gap in range(30, 80, 3):
        pages = pages_of([Spacer(1, gap * mm), *sections.change_since(data, sections.styles(), WIDTH)])
        assert page_with(pages, "Row5") == page_with(pages, "Row4"), gap


def test_a_table_of_two_rows_stays_whole_and_under_its_heading(demo_data):
    text = "Prepare a proposal for the senate on the funding of virtual exchange. " * 5  # rows of some 25 mm
    two = (FollowUpLine(item_title="Visible senior commitment to IaH", owner="Dean", text=f"Row1 {text}",
                        due_date=None, status="done", carried=False),
           FollowUpLine(item_title="General", owner="", text=f"Row2 {text}", due_date=None, status="planned",
                        carried=False))
    data = _with_previous_actions(demo_data, two)
    for gap in range(86, 136, 3):
        pages = pages_of([Spacer(1, gap * mm), *sections.change_since(data, sections.styles(), WIDTH)])
        assert page_with(pages, "Actions of 2024/25") == page_with(pages, "Row1") == page_with(pages, "Row2"), gap


def test_rows_longer_than_a_page_still_flow_over_pages():
    """What is kept together is at most a short tail: a row of long cells still breaks between its pieces."""
    st = sections.styles()
    rows = [[sections.cell(f"Row{n} " + "word " * 4000)] for n in range(2)]
    pages = pages_of([sections.ruled_table(["Text"], rows, [WIDTH], st)])
    assert len(pages) > 3 and "Row1" in " ".join(pages)


def test_an_area_left_out_never_stands_alone_on_a_page(workspace, mini):
    from iah_assess.domain.records import Institution
    from iah_assess.reporting.report import render_cycle_report

    inst = workspace.save_institution(Institution(name="Gap College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini, included_areas=["alpha"])
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    for item in mini.areas[0].items:
        workspace.save_response(ana.id, item.id, 2)
    data = cycle_report_data(workspace, cycle.id)
    alpha, beta = data.areas
    gamma = dataclasses.replace(alpha, id="gamma", title="Gamma")
    for n in range(92, 124, 4):  # Alpha's end, and Beta's note under it, at every height near the foot of a page
        alpha_n = dataclasses.replace(alpha, description="Filler words for the first area. " * n)
        # the next area, or the action plan when Beta is the last area
        for areas, after in (((alpha_n, beta, gamma), "Gamma"), ((alpha_n, beta), "Action plan")):
            pages = text_pages(render_cycle_report(dataclasses.replace(data, areas=areas), generated_on=DAY))
            page = pages[page_with(pages, "This area was left out")]
            assert "Beta The second area. This area was left out" in page, n  # the note whole
            # under the area before it, or else with what follows
            assert "No comments or evidence were given in this area. Beta" in page or after in page, (n, after)


def _heights(pdf: bytes) -> dict[str, float]:
    """Where each line of text on the first page stands: its baseline, in points from the foot."""
    seen: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001
        if text.strip():
            seen.setdefault(text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return seen


def _build(story: list) -> bytes:
    return document.build(story, paper="a4", title="t", author="a", subject="s", language="en",
                          header=("h", "h"), footer="f", generated_on=DAY)


def test_an_area_left_out_keeps_a_gap_above_its_heading_but_not_at_the_top_of_a_page(workspace, mini):
    from iah_assess.domain.records import Institution
    from reportlab.platypus import Paragraph

    inst = workspace.save_institution(Institution(name="Gap College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini, included_areas=["alpha"])
    data = cycle_report_data(workspace, cycle.id)
    beta = data.areas[1]
    assert not beta.included
    st = sections.styles()
    above = Paragraph("Text of the area before.", st.body)

    def drop(story: list) -> float:  # how far the heading Beta stands below the text above it
        at = _heights(_build(story))
        return at["Text of the area before."] - at["Beta"]

    plain = drop([above, Paragraph("Beta", st.h1)])  # a heading that follows text, without a gap
    left_out = drop([above, *sections.area_section(beta, data, st, WIDTH)])
    assert left_out - plain >= sections.LEFT_OUT_GAP - 0.5
    # at the top of a page the heading stands where any heading does
    top = _heights(_build(sections.area_section(beta, data, st, WIDTH)))["Beta"]
    assert abs(top - _heights(_build([Paragraph("Beta", st.h1)]))["Beta"]) < 0.5


def test_the_warnings_are_never_left_alone_on_a_page(demo_data):
    from iah_assess.reporting.data import Warning
    from iah_assess.reporting.report import render_cycle_report

    first = demo_data.areas[0]
    score = f"Score {sections.fmt_score(first.score)} of 100"
    extra = Warning("not assessed", "An area of some other name was left out of this cycle.")
    # two actions late on the report's date, whatever day the sample was made on: an overdue warning comes last
    late = tuple(dataclasses.replace(a, due_date=DAY - dt.timedelta(days=10) if k < 2 else DAY, status="planned")
                 for k, a in enumerate(demo_data.actions))
    demo_data = dataclasses.replace(demo_data, actions=late)
    kept, joined = 0, 0
    for top in (5, 1):  # a summary with room under it for a few warnings, and one without
        # the warnings shorter and longer, so that they fit under the summary or not; up to most of a
        # page (18 of them fill a page of their own, which is no page left almost empty)
        for n in range(0, 13, 3):
            data = dataclasses.replace(demo_data, priorities=demo_data.priorities[:top],
                                       warnings=(*demo_data.warnings, *[extra] * n))
            pages = text_pages(render_cycle_report(data, generated_on=DAY))
            at = page_with(pages, "Warnings ")
            # with the summary, or else with the first area; and whole, up to the last (added on the report's date)
            assert "Overall index" in pages[at] or score in pages[at], (top, n)
            assert "Overdue. 2 actions in the plan are overdue" in pages[at], (top, n)
            if "Overall index" in pages[at]:
                kept += 1
                assert page_with(pages, score) == at + 1, (top, n)  # the first area still starts a page of its own
            else:
                joined += 1
                assert pages[at].index("Warnings") < pages[at].index(f"{first.title} {first.description[:30]}")
    assert kept and joined, (kept, joined)


def _lines_and_foot(pdf: bytes) -> list[tuple[list[str], float]]:
    """Each page's lines of text, and the room left under its lowest line above the footer, in points."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ys: list[float] = []

        def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > 20 * mm:  # the footer stands under the frame, which starts 20 mm up
                ys.append(y)

        lines = [line.strip() for line in page.extract_text(visitor_text=visit).splitlines() if line.strip()]
        out.append((lines, min(ys, default=20 * mm) - 20 * mm))
    return out


def test_a_comment_heading_keeps_the_start_of_its_comment_without_a_blank_half_page(demo_data):
    from iah_assess.reporting.data import Remark

    area = demo_data.areas[0]
    a, b, c = area.items[:3]
    long = "\n".join(f"Line{n:02} of a list pasted in as evidence, one line each" for n in range(1, 41))
    items = (dataclasses.replace(a, remarks=(Remark("comment", "Alpha: the deans agree on it.", "Dean"),)),
             dataclasses.replace(b, remarks=(Remark("evidence", long, "Rector"), Remark("comment", "Beta", "Dean"))),
             dataclasses.replace(c, remarks=(Remark("comment", "Gamma: " + "not yet done. " * 30, "Dean"),)),
             *(dataclasses.replace(i, remarks=()) for i in area.items[3:]))
    area = dataclasses.replace(area, items=items)
    headings = {"Comments and evidence", a.title, b.title, c.title}
    st = sections.styles()
    for gap in range(100, 228, 3):  # each heading at every height near the foot of a page
        pages = _lines_and_foot(_build([Spacer(1, gap * mm), *sections.remarks(area, st)]))
        for n, (lines, foot) in enumerate(pages[:-1]):
            assert lines and lines[-1] not in headings, (gap, n, lines[-2:])  # no heading alone at a page's foot
            # and no heading took a long text with it to the next page, leaving most of this one blank
            assert foot < 40 * mm, (gap, n, foot / mm)
        text = [" ".join(lines) for lines, _ in pages]
        assert page_with(text, f"{b.title} Rector · Evidence: Line01") == page_with(text, "Line03"), gap
