"""The blank questionnaire: every item with its guidance, evidence prompts, levels and room for notes."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from iah_assess.domain.questionnaire import Item, Questionnaire
from iah_assess.domain.records import LEVEL_NAMES
from iah_assess.reporting import document
from iah_assess.reporting.document import mark
from iah_assess.reporting.sections import FOUNDATION, cell, long_text, ruled_table
from iah_assess.reporting.styles import FONT, INK, RULE, Styles, styles
from iah_assess.reporting.text import to_para

NOTE_LINES = 5


class _WholeItem(KeepTogether):
    """An item on one page when it fits on one, so that its answer boxes and notes stand under its
    own levels: on paper, a box parted from its item gets ticked for the wrong one.

    An item longer than a page runs on from where it is instead of moving whole to a page of its
    own, and `parts` say what still stays together there: its title with its statement, and its
    levels with its answer boxes and notes, at the item's end.
    """

    def __init__(self, whole: list[Flowable], parts: list[Flowable]):
        super().__init__(whole)
        self._parts = parts

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)  # measures the whole item into self._H
        frame = getattr(self, "_frame", None)
        if frame is not None and self._H > frame._aH:
            return list(self._parts)
        return super().split(aW, aH)


def _item(number: str, item: Item, st: Styles, width: float, intro: list[Flowable] | None = None) -> list[Flowable]:
    """An item, kept on one page when it fits (see _WholeItem). `intro`, the area's heading and
    description over its first item, goes with the item, so that it never stands alone on a page."""
    tag = f"  <font size=8>{FOUNDATION} foundation item</font>" if item.foundation else ""
    head = [
        Paragraph(f"{number} {to_para(item.title)}{tag}", st.h2),
        Paragraph(f"<font size=7>{to_para(item.id)}</font>", st.small),
        *long_text(item.statement, st.body, "<b>Statement.</b> "),
    ]
    body = long_text(item.guidance, st.body, "<b>Guidance.</b> ")
    body.append(Paragraph("<b>Evidence to gather</b>", st.body))
    for prompt in item.evidence_prompts:
        body.append(Paragraph(to_para(prompt), st.bullet, bulletText="☐"))
    rows = [[[f"{n} {LEVEL_NAMES[n]}"], cell(text)] for n, text in enumerate(item.levels)]
    choices = "   ".join(f"☐ {n} {name}" for n, name in enumerate(LEVEL_NAMES))
    lines = Table([[""]] * NOTE_LINES, colWidths=[width], rowHeights=[7 * mm] * NOTE_LINES)
    lines.setStyle(TableStyle([FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    rating = [
        ruled_table(["Level", "What it looks like"], rows, [width * 0.2, width * 0.8], st),
        Spacer(1, 2 * mm),
        Paragraph(f"<b>Your answer:</b>  {choices}   ☐ Don't know   ☐ Not applicable", st.small),
        Paragraph("<b>Notes and evidence found</b>", st.small),
        lines,
    ]
    intro = intro or []
    # parts open with the page break: reportlab places the first of them without splitting it, which
    # a KeepTogether cannot be
    parts = [CondPageBreak(60 * mm), KeepTogether([*intro, *head]), *body, KeepTogether(rating)]
    return [_WholeItem([*intro, *head, *body, *rating], parts), Spacer(1, 5 * mm)]


def render_blank(
    q: Questionnaire, tool_name: str, tool_version: str, paper: str, generated_on: dt.date | None,
    content_hash: str | None = None,
) -> bytes:
    st = styles()
    width = document.text_width(paper)
    day = generated_on or dt.date.today()
    story: list[Flowable] = [Spacer(1, 28 * mm)]
    story.append(Paragraph("Blank questionnaire · for preparing evidence before answering", st.small))
    story.append(Spacer(1, 3 * mm))
    story.append(mark(Paragraph(to_para(q.title), st.title), "cover", "Cover"))
    story.append(Paragraph(
        f"{to_para(q.id)}, version {to_para(q.version)} · {len(q.items)} items in {len(q.areas)} areas", st.subtitle
    ))
    story.append(Spacer(1, 6 * mm))
    story += long_text(q.description, st.body)
    story += long_text(q.about or "", st.body) if q.about else []
    story.append(Spacer(1, 4 * mm))
    facts = Table(
        [[Paragraph("Institution", st.cell_bold), ""], [Paragraph("Respondent and role", st.cell_bold), ""],
         [Paragraph("Cycle", st.cell_bold), ""]],
        colWidths=[45 * mm, width - 45 * mm], rowHeights=[9 * mm] * 3,
    )
    facts.setStyle(TableStyle([FONT, ("LINEBELOW", (1, 0), (1, -1), 0.4, INK), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(facts)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(
        f"Content hash {to_para(content_hash or q.content_hash())} · printed {day.isoformat()}", st.note
    ))
    story.append(PageBreak())
    for a_no, area in enumerate(q.areas, 1):
        opt = "" if area.required else " (optional)"
        intro = [mark(Paragraph(f"{a_no}. {to_para(area.title)}{opt}", st.h1), f"area-{area.id}", area.title),
                 *long_text(area.description, st.body)]
        for i_no, item in enumerate(area.items, 1):
            story += _item(f"{a_no}.{i_no}", item, st, width, intro if i_no == 1 else None)
        story.append(PageBreak())
    return document.build(
        story,
        paper=paper,
        title=f"{q.title} {q.version}: blank questionnaire",
        author=tool_name,
        subject=f"Blank questionnaire {q.id} {q.version}",
        language=q.language or q.default_language,
        header=(q.title, f"{q.id} {q.version}"),
        footer=f"{tool_name} {tool_version} · {day.isoformat()}",
        generated_on=generated_on,
    )
