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


def _item(number: str, item: Item, st: Styles, width: float) -> list[Flowable]:
    tag = f"  <font size=8>{FOUNDATION} foundation item</font>" if item.foundation else ""
    head = [
        Paragraph(f"{number} {to_para(item.title)}{tag}", st.h2),
        Paragraph(f"<font size=7>{to_para(item.id)}</font>", st.small),
        *long_text(item.statement, st.body, "<b>Statement.</b> "),
    ]
    out: list[Flowable] = [CondPageBreak(60 * mm), KeepTogether(head)]
    out += long_text(item.guidance, st.body, "<b>Guidance.</b> ")
    out.append(Paragraph("<b>Evidence to gather</b>", st.body))
    for prompt in item.evidence_prompts:
        out.append(Paragraph(to_para(prompt), st.bullet, bulletText="☐"))
    rows = [[[f"{n} {LEVEL_NAMES[n]}"], cell(text)] for n, text in enumerate(item.levels)]
    out.append(ruled_table(["Level", "What it looks like"], rows, [width * 0.2, width * 0.8], st))
    choices = "   ".join(f"☐ {n} {name}" for n, name in enumerate(LEVEL_NAMES))
    out.append(Spacer(1, 2 * mm))
    out.append(Paragraph(f"<b>Your answer:</b>  {choices}   ☐ Don't know   ☐ Not applicable", st.small))
    lines = Table([[""]] * NOTE_LINES, colWidths=[width], rowHeights=[7 * mm] * NOTE_LINES)
    lines.setStyle(TableStyle([FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    out.append(KeepTogether([Paragraph("<b>Notes and evidence found</b>", st.small), lines]))
    out.append(Spacer(1, 5 * mm))
    return out


def render_blank(
    q: Questionnaire, tool_name: str, tool_version: str, paper: str, generated_on: dt.date | None
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
        f"Content hash {to_para(q.content_hash())} · printed {day.isoformat()}", st.note
    ))
    story.append(PageBreak())
    for a_no, area in enumerate(q.areas, 1):
        opt = "" if area.required else " (optional)"
        story.append(mark(Paragraph(f"{a_no}. {to_para(area.title)}{opt}", st.h1), f"area-{area.id}", area.title))
        story += long_text(area.description, st.body)
        for i_no, item in enumerate(area.items, 1):
            story += _item(f"{a_no}.{i_no}", item, st, width)
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
