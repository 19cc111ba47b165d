"""The comparison report: two or more cycles of one institution side by side, as a PDF.

`render_comparison_report` is a pure function of a ComparisonReportData, like the cycle report,
and shares its fonts, page frame, metadata and deterministic mode. Every string from a user or
a file passes through text.to_para / text.paragraphs before it reaches a Paragraph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from iah_assess import __version__, compare_service
from iah_assess.domain.comparison import (
    AreaScore,
    Change,
    Comparison,
    Direction,
    ItemChange,
    Step,
    edited_headline,
    edited_note,
    who_answered_note,
)
from iah_assess.domain.records import points
from iah_assess.reporting import charts, document
from iah_assess.reporting.data import ComparisonReportData
from iah_assess.reporting.document import mark
from iah_assess.reporting.report import TOOL_NAME, check_language, follow_up_lines
from iah_assess.reporting.report import _paper as check_paper
from iah_assess.reporting.sections import (
    HEADER_LABEL,
    INTRO_ROOM,
    direction_text,
    fmt_level,
    fmt_score,
    follow_up_start,
    follow_up_table,
    heading_over_table,
    left_open_text,
    level_change,
    ruled_table,
)
from iah_assess.reporting.styles import FONT, INK, RULE, Styles, styles
from iah_assess.reporting.text import to_para
from iah_assess.storage.workspace import Workspace
from iah_assess.wording import counted


def comparison_report_data(ws: Workspace, cycle_ids: Iterable[int], language: str | None = None) -> ComparisonReportData:
    """Compare two or more cycles of one institution (in any order) for the comparison report."""
    ids = list(cycle_ids)
    comparison = compare_service.comparison_for(ws, ids)
    institution = ws.institution(ws.cycle(ids[0]).institution_id).name
    return ComparisonReportData(institution, comparison, TOOL_NAME, __version__, check_language(language))


def render_comparison_report(
    data: ComparisonReportData, *, paper: str = "a4", generated_on: dt.date | None = None
) -> bytes:
    """The comparison report as PDF bytes. With `generated_on` set the output is byte-for-byte reproducible."""
    paper = check_paper(paper)
    day = generated_on or dt.date.today()
    labels = data.comparison.labels
    span = f"{labels[0]} to {labels[-1]}"
    return document.build(
        story(data, day, document.text_width(paper)),
        paper=paper,
        title=f"{data.institution}: Internationalisation at Home, comparison of cycles {', '.join(labels)}",
        author=data.institution,
        subject=f"Comparison of self-assessment cycles {span}",
        language=data.language,
        header=(data.institution, f"Comparison {span}"),
        footer=f"{data.tool_name} {data.tool_version} · {day.isoformat()}",
        generated_on=generated_on,
    )


def comparison_pdf(comparison: Comparison, institution: str, *, paper: str = "a4",
                   generated_on: dt.date | None = None) -> bytes:
    """The comparison report of an already computed comparison (for the export writers)."""
    data = ComparisonReportData(institution, comparison, TOOL_NAME, __version__)
    return render_comparison_report(data, paper=paper, generated_on=generated_on)


# --- the story ---------------------------------------------------------------------------------


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def cover(data: ComparisonReportData, generated_on: dt.date, st: Styles, width: float) -> list[Flowable]:
    c = data.comparison
    out: list[Flowable] = [Spacer(1, 28 * mm)]
    out.append(Paragraph("Internationalisation at Home · comparison of self-assessment cycles", st.small))
    out.append(Spacer(1, 3 * mm))
    out.append(mark(Paragraph(to_para(data.institution), st.title), "cover", "Cover"))
    out.append(Paragraph(f"Cycles {_and([to_para(x) for x in c.labels])}", st.subtitle))
    out.append(Spacer(1, 10 * mm))
    cycles = "<br/>".join(
        f"<b>{to_para(s.label)}</b>: {to_para(s.questionnaire_id)} version {to_para(s.questionnaire_version)}, "
        f"{counted(s.n_respondents, 'respondent')}"
        + ("" if s.finalised else "; <b>still open</b>: its answers may change, its scores are provisional")
        for s in c.cycles
    )
    versions = sorted({(s.questionnaire_id, s.questionnaire_version) for s in c.cycles})
    # a version edited without being raised is not the same questionnaire: the cover says so
    edits = "; ".join(to_para(edited_headline(st)) for st in c.steps if st.edit is not None)
    edited = f"{edits}." if edits else ""
    if len(versions) == 1 and not edits:
        same = f"All cycles use {to_para(versions[0][0])} version {to_para(versions[0][1])}."
    elif len(versions) == 1:
        same = f"All cycles use {to_para(versions[0][0])} version {to_para(versions[0][1])}, but not the same content: {edited}"
    else:
        same = ("The cycles use " + _and([f"{to_para(q)} {to_para(v)}" for q, v in versions])
                + ". Items are matched by their id and by the items they replace; areas by their id."
                + (f" {edited}" if edited else ""))
    facts = [
        ("Cycles compared", cycles),
        ("Questionnaire", same),
        ("Date", generated_on.isoformat()),
        ("Produced by", f"{to_para(data.tool_name)} {to_para(data.tool_version)}"),
    ]
    rows = [[Paragraph(k, st.cell_bold), Paragraph(v, st.body)] for k, v in facts]
    t = Table(rows, colWidths=[32 * mm, width - 32 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([
        FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK), ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(t)
    out.append(Spacer(1, 8 * mm))
    short: list[Flowable] = [Paragraph("In short", st.h2)]  # together: the heading never alone at a page's foot
    short += [Paragraph(line, st.bullet, bulletText="•") for line in in_short(c)]
    out.append(KeepTogether(short))
    out.append(Spacer(1, 8 * mm))
    out.append(Paragraph(
        "The answers are judgements, not measurements. A change between cycles can come from real progress, "
        "from different respondents or from a revised questionnaire: read it as a question for the leadership "
        "team, not as a verdict.",
        st.note,
    ))
    out.append(PageBreak())
    return out


def _scored_in_one(c: Comparison, k: int, j: int) -> list[str]:
    """The areas with a score in cycle k and none in cycle j: an index over them is not like for like."""
    return [to_para(a.title) for a in c.areas if a.scores[k].score is not None and a.scores[j].score is None]


def _change_words(change: Change) -> str:
    return direction_text(change.delta, None if change.direction is None else change.direction.value)


def in_short(c: Comparison) -> list[str]:
    """What a board reads first: the overall index from the first cycle to the last, how the areas
    scored in both moved, the items that moved since the cycle before the last, and the targets met."""
    first, last = c.cycles[0], c.cycles[-1]
    a, b = to_para(first.label), to_para(last.label)
    lines = []
    if first.index is None or last.index is None:
        missing = first if first.index is None else last
        lines.append(f"The overall index cannot be compared: {to_para(missing.label)} has too few answers for one.")
    else:
        unlike = [f"{_and(titles)} scored in {to_para(c.cycles[k].label)}, not in {to_para(c.cycles[j].label)}"
                  for k, j in ((0, -1), (-1, 0)) if (titles := _scored_in_one(c, k, j))]
        lines.append(f"The overall index went from {points(first.index)} ({to_para(first.band)}) in {a} to "
                     f"{points(last.index)} ({to_para(last.band)}) in {b}: "
                     f"{_change_words(Change(first.index, last.index))}"
                     + (f"; not like for like: {'; '.join(unlike)}." if unlike else "."))
    both = [(area.title, area.scores[0].score, area.scores[-1].score) for area in c.areas
            if area.scores[0].score is not None and area.scores[-1].score is not None]
    if both:
        moved = [(points(y) - points(x), title, x, y) for title, x, y in both]
        ways = [Change(x, y).direction for _, _, x, y in moved]
        counts = ", ".join(f"{ways.count(d)} {word}" for d, word in ((Direction.UP, "rose"), (Direction.DOWN, "fell"),
                                                                       (Direction.STEADY, "held steady")) if d in ways)
        line = f"Of the {counted(len(both), 'area')} scored in both {a} and {b}, {counts}."
        for way, word, pick in ((Direction.UP, "rose most", max), (Direction.DOWN, "fell most", min)):
            these = [m for m, w in zip(moved, ways, strict=True) if w is way]
            if these and len(moved) > 1:  # the one that moved furthest that way, the first of a tie
                delta, title, x, y = pick(these, key=lambda m: m[0])
                line += f" {to_para(title)} {word}: {points(x)} → {points(y)} ({delta:+d})."
        lines.append(line)
    step = c.steps[-1]
    compared = [i for i in step.items if i.moved is not None]
    if compared:  # items with a level in both cycles of the last step
        up = sum(1 for i in compared if i.moved is Direction.UP)
        down = sum(1 for i in compared if i.moved is Direction.DOWN)
        lines.append(f"Since {to_para(step.previous)}, {up} of {counted(len(compared), 'item')} moved up a level or "
                     f"more and {down} down.")
    ends = [(s, len(s.targets.met), len(s.targets.met) + len(s.targets.missed)) for s in (first, last)]
    if all(total for _, _, total in ends):
        lines.append("Items at or above their target: " + ", ".join(
            f"{met} of {total} in {to_para(s.label)}" for s, met, total in ends) + ".")
    return lines


def _score_cell(score: AreaScore | None, index: float | None, change: Change | None, bold: bool = False) -> list[str]:
    if score is not None:
        shown = score.status.text if score.score is None else fmt_score(score.score)
    else:
        shown = "no index" if index is None else fmt_score(index)
    shown = f"<b>{shown}</b>" if bold else shown
    if change is None:
        return [shown]
    if change.direction is None:
        return [f"{shown}<br/><font size=6.5>not compared ({to_para(change.reason)})</font>"]
    # an index on other areas than the cycle before says so where its change is given, as in the steps
    note = f"<br/><font size=6.5>{to_para(change.note)}</font>" if change.note else ""
    return [f"{shown}<br/>{direction_text(change.delta, change.direction.value)}{note}"]


# More cycles than this side by side would break labels, bands and numbers inside words: the
# table is then given in parts of at most so many cycles, each with its own header.
MAX_CYCLES_PER_TABLE = 5


def _column_groups(n: int) -> list[range]:
    """The cycles of each part of the scores table, in order, as even as can be (7 cycles: 4 and 3)."""
    count = -(-n // MAX_CYCLES_PER_TABLE)
    size, extra = divmod(n, count)
    groups, start = [], 0
    for k in range(count):
        stop = start + size + (1 if k < extra else 0)
        groups.append(range(start, stop))
        start = stop
    return groups


def _scores_table(c: Comparison, part: range, columns: int, st: Styles, width: float) -> Flowable:
    """The scores of the cycles in `part`, in columns as wide as `columns` side by side would be
    (so that the parts line up); each change is from the cycle before, even when that cycle is in
    the part before."""
    first = 0.26
    widths = [width * first] + [width * (1 - first) / columns] * len(part)
    rows = [[["<b>Overall index</b>"]] + [
        _score_cell(None, c.cycles[k].index, c.index_changes[k - 1] if k else None, bold=True) for k in part
    ]]
    rows.append([["Maturity band"]] + [[to_para(c.cycles[k].band) if c.cycles[k].band else "—"] for k in part])
    for row in c.areas:
        rows.append([[to_para(row.title)]] + [
            _score_cell(row.scores[k], None, row.changes[k - 1] if k else None) for k in part
        ])
    rows.append([["At or above target"]] + [[str(len(c.cycles[k].targets.met))] for k in part])
    rows.append([["Below target"]] + [[str(len(c.cycles[k].targets.missed))] for k in part])
    rows.append([["Respondents"]] + [[str(c.cycles[k].n_respondents)] for k in part])
    return ruled_table(["Score"] + [to_para(c.labels[k], 20) for k in part], rows, widths, st)


def scores(data: ComparisonReportData, st: Styles, width: float) -> list[Flowable]:
    c = data.comparison
    out: list[Flowable] = [mark(Paragraph("Scores by cycle", st.h1), "scores", "Scores by cycle")]
    out.append(Paragraph(
        "The overall index and each area's score (0–100) in every cycle, with the change from the cycle before. "
        f"A change of less than {c.threshold:g} points is steady (▬); ▲ is up, ▼ is down. An area left out "
        "of a cycle is \"not assessed\", one with too few answers \"not enough answers\": neither counts as 0.",
        st.body,
    ))
    parts = _column_groups(len(c.cycles))
    for part in parts:
        if len(parts) > 1:
            out.append(Paragraph(f"{to_para(c.labels[part.start])} to {to_para(c.labels[part.stop - 1])}", st.h3))
        out.append(_scores_table(c, part, len(parts[0]), st, width))
    out.append(Paragraph(
        "At or above target and below target: items with a level at or above, or below, that cycle's own "
        "target. \"Met\" and \"missed\" further on are one cycle's targets against the levels of the next.", st.note))

    out.append(Paragraph("Area scores across cycles", st.h2))
    series = [("Overall index", [s.index for s in c.cycles])]
    series += [(row.title, [a.score for a in row.scores]) for row in c.areas]
    out.append(charts.score_lines(c.labels, series, width))
    out.append(Paragraph(
        "Each line is one area, with its own marker and dash pattern; the thick solid line is the overall "
        "index. A cycle in which an area has no score has no point on its line, which breaks there.", st.note))
    out.append(PageBreak())
    return out


def _item_name(i: ItemChange) -> str:
    ident = i.item_id or ", ".join(i.previous_ids)
    return f"<b>{to_para(i.title)}</b><br/><font size=6.5>{to_para(ident)}</font>"


def _moves_table(moves: list[ItemChange], areas: dict[str, str], st: Styles, width: float) -> Table:
    rows = [
        [[_item_name(i)], [to_para(areas.get(i.area_id, i.area_id))],
         [f"{fmt_level(i.previous_level)} → {fmt_level(i.level)}"],
         [level_change(i.change)]]
        for i in moves
    ]
    return ruled_table(["Item", "Area", "Level", "Change"], rows, [width * f for f in (0.46, 0.28, 0.14, 0.12)], st)


def _titles(ids: Iterable[str], names: dict[str, str]) -> str:
    return "; ".join(to_para(names.get(i, i)) for i in ids)


def step_section(step: Step, k: int, data: ComparisonReportData, st: Styles, width: float) -> list[Flowable]:
    """From cycle k-1 to cycle k: items that moved, questionnaire changes, targets, last cycle's actions."""
    c = data.comparison
    areas = {row.area_id: row.title for row in c.areas}
    title = f"From {step.previous} to {step.current}"
    out: list[Flowable] = [mark(
        Paragraph(f"From {to_para(step.previous)} to {to_para(step.current)}", st.h1), f"step-{k}", title)]
    if step.index.direction is not None:
        out.append(Paragraph(
            f"<b>Overall index {fmt_score(step.index.previous)} → {fmt_score(step.index.current)} "
            f"({direction_text(step.index.delta, step.index.direction.value)})</b>"
            + (f": {to_para(step.index.note)}." if step.index.note else ""), st.body))
    else:
        out.append(Paragraph(f"No change in the overall index can be given: {to_para(step.index.reason)}.", st.body))
    if who := who_answered_note(c.cycles[k - 1], c.cycles[k]):
        out.append(Paragraph(to_para(who), st.body))
    if not step.same_questionnaire:
        out.append(Paragraph(
            "The two cycles use different questionnaires, so their items are not matched: only the area "
            "scores are compared.", st.body))
    elif step.version_changed:
        out.append(Paragraph(
            f"The questionnaire was revised between these cycles (version {to_para(step.previous_version)} to "
            f"{to_para(step.current_version)}). Items are matched by their id and by the items they replace.",
            st.body))
    elif step.edit is not None:
        out.append(Paragraph(to_para(edited_note(step)), st.body))

    if step.same_questionnaire:
        key = ("Level: the agreed level, or else the median of the answers. Items whose level changed by less "
               "than a whole level are not listed.")
        for heading, moves in (("Items up by a level or more", step.moved_up),
                               ("Items down by a level or more", step.moved_down)):
            if moves:
                out += heading_over_table(f"{heading} ({len(moves)})", st.h2, INTRO_ROOM)
                out.append(Paragraph(key, st.note))  # over the table, so that no page break parts them
                out.append(_moves_table(moves, areas, st, width))
            else:
                out += [Paragraph(f"{heading} (0)", st.h2), Paragraph("None.", st.body)]

    new, retired, renamed = step.new_items, step.retired_items, step.renamed_items
    listed = step.same_questionnaire and bool(new or retired or renamed)  # in a table, which may be long
    heading = "Items new, retired or renamed"
    out += heading_over_table(heading, st.h2) if listed else [Paragraph(heading, st.h2)]
    if not (new or retired or renamed):
        if step.edit is not None:
            same = (f"both cycles use version {to_para(step.current_version)} of the questionnaire with the same items, "
                    "though its content was edited between them (see above)")
        elif not step.version_changed:
            same = f"both cycles use version {to_para(step.current_version)} of the questionnaire"
        else:
            same = f"versions {to_para(step.previous_version)} and {to_para(step.current_version)} have the same items"
        out.append(Paragraph(f"None: {same}.", st.body))
    elif not step.same_questionnaire:
        out.append(Paragraph(f"{counted(len(new), 'item')} of {to_para(step.current)} and {len(retired)} of "
                             f"{to_para(step.previous)} are not matched.", st.body))
    else:
        rows = [[["new"], [_item_name(i)], [to_para(areas.get(i.area_id, i.area_id))], ["—"]] for i in new]
        rows += [[["retired"], [_item_name(i)], [to_para(areas.get(i.area_id, i.area_id))], ["—"]] for i in retired]
        rows += [[[i.link.value], [_item_name(i)], [to_para(areas.get(i.area_id, i.area_id))],
                  [to_para(", ".join(i.previous_ids))]] for i in renamed]
        out.append(ruled_table(["Change", "Item", "Area", f"Was in {to_para(step.previous, HEADER_LABEL)}"], rows,
                               [width * f for f in (0.11, 0.43, 0.22, 0.24)], st))

    out.append(Paragraph("Targets", st.h2))
    names = {}
    for line in c.item_lines:
        if line.cells[k - 1] is not None:
            names[line.cells[k - 1].item_id] = line.cells[k - 1].title  # type: ignore[union-attr]
    t = step.targets
    judged = len(t.met) + len(t.missed)
    if not judged:
        out.append(Paragraph(f"No target of {to_para(step.previous)} can be checked against a level of "
                             f"{to_para(step.current)}.", st.body))
    else:
        line = (f"Of the targets set in {to_para(step.previous)}, <b>{len(t.met)} of {judged}</b> were met in "
                f"{to_para(step.current)} (level at or above the target) and {len(t.missed)} "
                f"{'was' if len(t.missed) == 1 else 'were'} missed")
        line += f"; for {counted(len(t.no_level), 'item')} there is no level to tell." if t.no_level else "."
        out.append(Paragraph(line, st.body))
        if t.met:
            out.append(Paragraph(f"<b>Met ({len(t.met)}):</b> {_titles(t.met, names)}", st.small))
        if t.missed:
            out.append(Paragraph(f"<b>Missed ({len(t.missed)}):</b> {_titles(t.missed, names)}", st.small))

    actions = follow_up_lines(step.actions)
    if not actions:
        out.append(Paragraph(f"Actions of {to_para(step.previous)}", st.h2))
        out.append(Paragraph(f"No actions were recorded for {to_para(step.previous)}.", st.body))
    else:
        done = sum(a.status == "done" for a in actions)
        intro = Paragraph(
            f"{done} of {len(actions)} done. Each action with where it stands, and whether it was carried into "
            f"the plan of {to_para(step.current)}. For an action carried over, the status shown is that of its copy "
            f"in the plan of {to_para(step.current)}."
            + left_open_text(actions, f"the plan of {to_para(step.current)}"), st.body)
        out += heading_over_table(f"Actions of {to_para(step.previous)}", st.h2, INTRO_ROOM,
                                  [intro, follow_up_start(actions, step.current, st, width)])
        out.append(intro)
        out.append(follow_up_table(actions, step.current, st, width))
    out.append(PageBreak())
    return out


def story(data: ComparisonReportData, generated_on: dt.date, width: float) -> list[Flowable]:
    """The whole comparison report in order: cover, scores and chart, then one section per step."""
    st = styles()
    out: list[Flowable] = []
    out += cover(data, generated_on, st, width)
    out += scores(data, st, width)
    for k, step in enumerate(data.comparison.steps, start=1):
        out += step_section(step, k, data, st, width)
    if out and isinstance(out[-1], PageBreak):
        out.pop()
    return out
