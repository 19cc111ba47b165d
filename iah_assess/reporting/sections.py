"""Small builders, one per report section, from ReportData to flowables.

Every string from a user or a file passes through text.to_para / text.paragraphs; literal
markup below is ours only. Long texts never sit whole in one table cell: they are cut into
pieces that become further rows, or into separate paragraphs outside tables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from iah_assess.domain.comparison import Direction
from iah_assess.domain.records import points
from iah_assess.reporting import charts, fonts
from iah_assess.reporting.data import (
    ActionLine,
    AreaSection,
    ComparisonPart,
    FollowUpLine,
    ItemLine,
    ItemMoveLine,
    ReportData,
)
from iah_assess.reporting.document import mark
from iah_assess.reporting.styles import FONT, INK, RULE, Styles, styles, table_style
from iah_assess.reporting.text import paragraphs, plain, to_para
from iah_assess.wording import counted

CELL_CHUNK = 450  # characters of free text per table row; the rest flows into further rows
FOUNDATION = "◆"
DISAGREE = "⚑"  # as in the app; not ▲, which says "up" in the same report
UNKNOWN = "?"


def fmt_score(score: float | None) -> str:
    return "—" if score is None else str(points(score))


def fmt_level(level: float | None) -> str:
    if level is None:
        return "—"
    return f"{level:.0f}" if float(level).is_integer() else f"{level:.1f}"


def level_name(level: float, names: tuple[str, ...]) -> str:
    lo, hi = math.floor(level), math.ceil(level)
    return names[lo] if lo == hi else f"{names[lo]}–{names[hi]}"


def long_text(text: str, style, prefix: str = "", more_style=None, lines: bool = False) -> list[Flowable]:
    """A free text as paragraphs; `prefix` (our markup) opens the first one. `lines` keeps its single
    line breaks, for what people type (see text.paragraphs)."""
    chunks = paragraphs(text, lines=lines) or [""]
    out: list[Flowable] = [Paragraph(prefix + chunks[0], style)]
    out += [Paragraph(c, more_style or style) for c in chunks[1:]]
    return out


def ruled_table(
    header: list[str] | None,
    rows: list[list[list[str]]],
    widths: list[float],
    st: Styles,
    center: frozenset[int] = frozenset(),
    simple: frozenset[int] = frozenset(),
    start_only: bool = False,
) -> Table:
    """A table whose cells are lists of markup chunks; a row with long cells spans several table rows.

    Columns in `simple` hold only our own short words and numbers, one line per "\n": they are
    drawn as plain strings, which is much cheaper than laying out a Paragraph.

    Its last two rows stay together on a page (see kept_tail), so that a page break never leaves the
    last one alone on a page. `start_only` gives the header and the rows that must stand on the page
    the table starts on, no more (see table_start).
    """
    head: list[list[Flowable | str]] = [[Paragraph(h, st.cell_head) for h in header]] if header else []
    body: list[list[Flowable | str]] = []
    rules: list[tuple] = []
    spans: list[range] = []  # the table rows of each row, in `body`
    for cells in rows:
        depth = max(len(c) for c in cells) or 1
        first = len(body)
        for k in range(depth):
            body.append([
                (c[k] if k < len(c) else "") if n in simple
                else Paragraph(c[k] if k < len(c) else "", st.cell_center if n in center else st.cell)
                for n, c in enumerate(cells)
            ])
        spans.append(range(first, len(body)))
        rules.append(("LINEBELOW", (0, len(head) + len(body) - 1), (-1, len(head) + len(body) - 1), 0.3, RULE))
    kept = kept_tail(body, spans, widths, st)
    if start_only:  # the first table row, or all that a page break cannot part from it
        body = body[:kept.stop if kept and kept.start == 0 else 1]
        kept, rules = None, []
    keep = [("NOSPLIT", (0, len(head) + kept.start), (-1, len(head) + kept.stop - 1))] if kept else []
    table = Table(head + body, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    strings = [("FONTSIZE", (n, 0), (n, -1), st.cell.fontSize) for n in simple]
    strings += [("LEADING", (n, 0), (n, -1), st.cell.leading) for n in simple]
    strings += [("ALIGN", (n, 1 if header else 0), (n, -1), "CENTER") for n in simple & center]
    table.setStyle(TableStyle((table_style() if header else table_style(0)) + strings + rules[:-1] + keep))
    return table


# The most of a table's last rows that are kept together; what is taller is no short tail, and
# kept whole it might not fit a page at all.
KEEP_MOST = 70 * mm


def kept_tail(body: list[list[Flowable | str]], spans: list[range], widths: list[float], st: Styles) -> range | None:
    """The table rows at the end of a table that no page break may part: those of its last two rows,
    as many of them from the end as take no more than KEEP_MOST. Without it, the last row of a
    plan went over to a page of its own. None when there is nothing to keep together."""
    if not spans:
        return None
    first = spans[-2].start if len(spans) > 1 else spans[-1].start
    height, start = 0.0, len(body)
    for n in range(len(body) - 1, first - 1, -1):
        height += _row_height(body[n], widths, st)
        if height > KEEP_MOST:
            break
        start = n
    return range(start, len(body)) if len(body) - start > 1 else None


def _row_height(row: list[Flowable | str], widths: list[float], st: Styles) -> float:
    """A table row's height near enough to tell a short row from a long one; cells as ruled_table lays
    them out, with their paddings."""
    tallest = 0.0
    for cell, w in zip(row, widths, strict=True):
        if isinstance(cell, str):
            tallest = max(tallest, (cell.count("\n") + 1) * st.cell.leading)
        else:
            tallest = max(tallest, cell.wrap(w - 6, 1e6)[1])
    return tallest + 5


# The most characters of a cycle label in a column header. A header cell wraps it over lines; cut to
# 12, "2025/26 – пролетен семестар" read "2025/26 – п…", but a header as tall as a row would be too much.
HEADER_LABEL = 48


def header_width(text: str, least: float, most: float) -> float:
    """The width of a column whose header holds a cycle label (plain text): `least`, or more, up to
    `most`, as its longest word needs, so that the header wraps between words and not inside them."""
    return word_width([text], least, most, fonts.BOLD)


def word_width(texts: Sequence[str], least: float, most: float, font: str = fonts.REGULAR) -> float:
    """The width of a column of table cells holding `texts` (plain text): `least`, or more, up to
    `most`, as their longest word needs, so that they wrap between words and not inside them (an
    area named "Лидерство и интернационализацијата" broke as "ин тернационализац ијата")."""
    size = styles().cell.fontSize
    need = max((stringWidth(w, font, size) for t in texts for w in t.split()), default=0) + 6  # the cell's padding
    return min(max(least, need), most)


# room for a heading, a table's header row and its first few rows
TABLE_START_ROOM = 40 * mm


# room for the lines of text between a heading and its table (a key, or a sentence that sums it up)
INTRO_ROOM = 14 * mm


class RoomFor(CondPageBreak):
    """A page break unless what is left of the page holds `least` and `flowables`, measured as they
    will be laid out, at the frame's width. Never more than an empty page: asked for more, it would
    break page after page."""

    def __init__(self, flowables: list[Flowable], least: float):
        super().__init__(least)
        self._flowables = flowables
        self._least = least

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        need = sum(f.wrap(availWidth, 0xFFFFFF)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self._flowables)
        frame = self._doctemplateAttr("frame")
        if frame is not None:
            need = min(need, frame._aH - 1)
        self.height = max(self._least, need)
        return super().wrap(availWidth, availHeight)


# Under a heading, the most of a first paragraph that must fit on the heading's page, in lines: a
# short one whole, of a longer one its first lines, the rest going on over the page
WHOLE_LINES = 6
START_LINES = 3


class RoomForStart(CondPageBreak):
    """A page break unless what is left of the page holds `headings` and the start of the paragraph
    `text` under them: all of it up to WHOLE_LINES lines, else its first START_LINES lines. So a
    heading never stands at the foot of a page with its text on the next, and a long text under it
    does not take it over to the next page either, leaving a blank half page behind.

    The space before the first heading counts in full, a point or two more than a page may give it."""

    _SPACETRANSFER = True  # as if it were not there: the space after what stands above passes on to the heading

    def __init__(self, headings: list[Paragraph], text: Paragraph):
        super().__init__(0)
        self._headings = headings
        self._text = text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        need, after = 0.0, 0.0
        for f in self._headings:
            need += max(f.getSpaceBefore(), after) + f.wrap(availWidth, 0xFFFFFF)[1]
            after = f.getSpaceAfter()
        leading = self._text.style.leading
        lines = self._text.wrap(availWidth, 0xFFFFFF)[1]
        if lines > WHOLE_LINES * leading + 0.5:
            lines = START_LINES * leading
        need += max(self._text.getSpaceBefore(), after) + lines + 1  # a point to spare for rounding
        frame = self._doctemplateAttr("frame")
        if frame is not None:
            need = min(need, frame._aH - 1)
        self.height = need
        return super().wrap(availWidth, availHeight)


# the gap between an area left out of the cycle and what stands on the page above it
LEFT_OUT_GAP = 8 * mm


class PageTop(Flowable):
    """Notes the page it lands on and whether it came first there; below other text it is the gap
    above what follows it, at the top of a page it takes no room.

    The gap is its height, not a space before: reportlab drops the space before a flowable of no
    height (as it merges spaces), so that a left-out area's heading stood against the text above it.
    As a height it is also measured with the group it opens (a KeepTogether), so that the group is
    never begun at the foot of a page with no room for its last line.
    """

    _ZEROSIZE = 1
    # the space after what stands above it passes on to what follows, as if it were not there: else the
    # gap above a heading after it came out larger than a KeepTogether had measured
    _SPACETRANSFER = True

    def __init__(self, gap: float = 0) -> None:
        super().__init__()
        self.gap = gap
        self.page: int | None = None
        self.at_top = False
        self._top = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)  # None while a KeepTogether measures it: then it counts the gap
        self._top = bool(frame is not None and frame._atTop)
        return 0, 0 if self._top else self.gap

    def draw(self) -> None:
        self.page, self.at_top = self.canv.getPageNumber(), self._top


class NewPageUnlessJoined(CondPageBreak):
    """A new page, unless one of `tops` began this page: then what follows joins what stands there.

    An area left out of a cycle is a few lines under the area before it; when they did not fit
    there, they went over to a page of their own, and the next area started the page after it.
    The summary's strengths and warnings did the same when they did not fit under the summary.
    """

    def __init__(self, tops: list[PageTop]):
        super().__init__(0)
        self._tops = tops

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        page = self.canv.getPageNumber()
        if any(t.at_top and t.page == page for t in self._tops):
            return availWidth, LEFT_OUT_GAP  # as an area left out keeps above its heading
        frame = self._doctemplateAttr("frame")
        self.height = frame._aH - 1 if frame is not None else availHeight + 1  # a page break, but not on an empty page
        return super().wrap(availWidth, availHeight)


def heading_over_table(
    text: str, style: ParagraphStyle, intro: float = 0, start: list[Flowable] | None = None
) -> list[Flowable]:
    """A heading (markup) over a table that may run on for pages, with `intro` room for what
    stands between them. It starts a new page only when the table's first rows would not fit
    under it: kept with the whole table, as a heading's keepWithNext keeps it, it would take a
    page-long table over to the next page and leave this one nearly empty.

    `start` is what must share the heading's page, measured when it is laid out: the lines
    between heading and table and the table's first row (table_start). Without it a first row
    taller than the room set aside went over to the next page and left the heading alone."""
    heading = Paragraph(text, style)
    heading.keepWithNext = 0
    if start is None:
        return [CondPageBreak(TABLE_START_ROOM + intro), heading]
    return [RoomFor([heading, *start], TABLE_START_ROOM + intro), heading]


def note_over_table(text: str, st: Styles) -> list[Flowable]:
    """A table's key (markup), set over the table, where a page break cannot part it from the
    table: under it, it went over to the next page alone when the table filled this one."""
    return [CondPageBreak(TABLE_START_ROOM + INTRO_ROOM), Paragraph(text, st.note)]


def table_start(header: list[str], rows: list[list[list[str]]], widths: list[float], st: Styles) -> Table:
    """The header and first row of a ruled_table, no more: the least of it that a heading must
    keep on its page. A row of long cells spans several table rows; this is the first of them, or
    all the table rows that are kept with it (a table of two short rows stays whole)."""
    if len(rows) > 2:
        rows = [[c[:1] for c in rows[0]]]
    return ruled_table(header, rows, widths, st, start_only=True)


def in_rows(entries: list[str], limit: int = CELL_CHUNK) -> list[str]:
    """Entries of a list (markup), one from the next by a semicolon, in pieces of about `limit`
    characters, each for a table row of its own; an entry is never cut."""
    pieces: list[str] = []
    for entry in entries:
        if pieces and len(pieces[-1]) + len(entry) + 2 <= limit:
            pieces[-1] += "; " + entry
        else:
            pieces.append(entry)
    return pieces


def cell(text: str, lines: bool = False) -> list[str]:
    """A free-text cell: escaped, cut into row-sized pieces; `lines` keeps single line breaks, for what
    people type."""
    return paragraphs(text, CELL_CHUNK, lines) or [""]


# --- cover ----------------------------------------------------------------------------------


def cover(data: ReportData, generated_on: dt.date, st: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 28 * mm)]
    out.append(Paragraph("Internationalisation at Home · self-assessment report", st.small))
    out.append(Spacer(1, 3 * mm))
    out.append(mark(Paragraph(to_para(data.institution), st.title), "cover", "Cover"))
    status = "finalised" if data.cycle_status == "finalised" else "open: answers may still change"
    out.append(Paragraph(f"Cycle {to_para(data.cycle_label)} <font size=10>({status})</font>", st.subtitle))
    out.append(Spacer(1, 10 * mm))
    # "Dean (5)", one role from the next by a semicolon: "Dean 5" read as the fifth dean, and a
    # comma in a role ("Dean, Faculty of Law") ran into the comma between roles
    roles = [f"{to_para(role) if role.strip() else 'no role given'} ({n})" for role, n in data.roles()]
    facts = [
        ("Questionnaire", f"{to_para(data.questionnaire_title)} ({to_para(data.questionnaire_id)}, "
                          f"version {to_para(data.questionnaire_version)})"),
        ("Assessment", assessed(data)),
        ("Printed", generated_on.isoformat()),
    ]
    # the lists of roles and of names go on over as many rows as they need: a row is never split
    # over two pages, and a large team's list in one row did not fit on a page (no report at all)
    first = f"{data.n_respondents}" + (f": {roles[0]}" if roles else "")
    for n, piece in enumerate(in_rows([first, *roles[1:]])):
        facts.append(("" if n else "Respondents", piece))
    if data.names_shown:
        for n, piece in enumerate(in_rows([f"{to_para(r.name)} ({to_para(r.role)})" for r in data.respondents])):
            facts.append(("" if n else "Names", piece))
    attribution = (
        "Comments and evidence are shown without attribution."
        if data.anonymous
        else "Comments and evidence are attributed by " + ("name and role." if data.names_shown else "role only.")
    )
    if not data.anonymous and not data.names_shown:  # "role only" protects no one who holds a role alone
        held = [r.role for r in data.respondents]
        alone = sorted({role for role in held if held.count(role) == 1})
        advice = "for a copy that goes beyond the team, print the report with comments anonymous."
        if alone and len(alone) == len(set(held)):
            attribution += f" Each role here is held by one person, so a role names its holder all the same: {advice}"
        elif alone:
            attribution += (f" A role one person holds names that person all the same ({to_para(', '.join(alone))}): "
                            f"{advice}")
    facts.append(("Attribution", attribution))
    facts.append(("Produced by", f"{to_para(data.tool_name)} {to_para(data.tool_version)}"))
    rows = [[Paragraph(k, st.cell_bold), Paragraph(v, st.body)] for k, v in facts]
    t = Table(rows, colWidths=[32 * mm, width - 32 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        # a rule between facts; within one that goes on over several rows, none, and no gap
        *(("LINEBELOW", (0, i), (-1, i), 0.3, RULE) for i in range(len(facts) - 1) if facts[i + 1][0]),
        *(style for i in range(1, len(facts)) if not facts[i][0]
          for style in (("TOPPADDING", (0, i), (-1, i), 0), ("BOTTOMPADDING", (0, i - 1), (-1, i - 1), 0))),
    ]))
    out.append(t)
    out.append(Spacer(1, 12 * mm))
    out.append(Paragraph(
        "The answers are judgements, not measurements: a starting point for discussion within the "
        "leadership team, not an audit and not a ranking. The method section at the end explains the scores.",
        st.note,
    ))
    out.append(PageBreak())
    return out


def assessed(data: ReportData) -> str:
    """When the assessment was done: finalised on a day, or still open and last changed on a day."""
    if data.cycle_status == "finalised":
        return f"Finalised on {data.finalised_on.isoformat()}" if data.finalised_on else "Finalised"
    return "Still open" + (f", last changed on {data.changed_on.isoformat()}" if data.changed_on else "")


# --- summary --------------------------------------------------------------------------------


def summary(data: ReportData, st: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [mark(Paragraph("Summary", st.h1), "summary", "Summary")]
    if data.index is None:
        out.append(Paragraph("No overall index: no area has enough answers yet.", st.big))
    else:
        out.append(Paragraph(f"Overall index {points(data.index)} of 100 · {data.band}", st.big))
    line = basis(data)
    if data.previous is not None and data.previous.index is not None:
        line += f" Previous cycle {to_para(data.previous.label)}: {points(data.previous.index)}"
        if data.index is not None:
            line += f" ({points(data.index) - points(data.previous.index):+d})"
        if data.comparison is not None and data.comparison.index_note:
            line += f"; {to_para(data.comparison.index_note)}"  # scored on other areas
        line += "."
    out.append(Paragraph(line, st.small))
    out.append(Spacer(1, 3 * mm))

    left = width * 0.50
    prev = data.previous
    drawing = charts.radar(
        [a.title for a in data.areas],
        [a.score for a in data.areas],
        [prev.score(a.id) for a in data.areas] if prev else None,
        data.cycle_label,
        prev.label if prev else None,
        left,
        left * 0.9,
    )
    head = ["Area", "Score", "Coverage"] + ([to_para(prev.label, HEADER_LABEL)] if prev else [])
    rows = []
    for a in data.areas:
        if not a.included:
            shown = "not assessed"
        elif a.score is None:
            shown = "not enough answers"
        else:
            shown = f"<b>{fmt_score(a.score)}</b> {a.band}"
        r = [[to_para(a.title)], [shown], [f"{a.coverage:.0%}" if a.included else "—"]]
        if prev:  # no score then says why, small: a bare "—" did not tell "not assessed" from too few answers
            then, why = prev.score(a.id), prev.status(a.id)
            r.append([f"<font size=6.5>{why}</font>" if then is None and why else fmt_score(then)])
        rows.append(r)
    titles = [a.title for a in data.areas]

    def column_widths(room: float) -> list[float]:
        """The table's columns in `room`: the area's name takes from the score (whose band can
        wrap) what its longest word needs, while the score keeps a band's width."""
        if prev:
            last = header_width(plain(prev.label, HEADER_LABEL), room * 0.17, room * 0.30)
            area = word_width(titles, room * 0.50 - last, room * 0.58 - last)
            return [area, room * 0.80 - last - area, room * 0.20, last]
        area = word_width(titles, room * 0.48, room * 0.58)
        return [area, room * 0.80 - area, room * 0.2]

    widths = column_widths(width - left)
    if word_width(titles, 0, math.inf) > widths[0]:
        # a word too long for the column beside the radar: the table goes under it, full width,
        # rather than break the word (an area's name is what a reader looks for first)
        drawing.hAlign = "CENTER"
        out += [drawing, Spacer(1, 2 * mm), ruled_table(head, rows, column_widths(width), st)]
    else:
        side = Table([[drawing, ruled_table(head, rows, widths, st)]], colWidths=[left, width - left])
        side.setStyle(TableStyle([FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(side)

    out.append(Paragraph("Top five priorities", st.h2))
    if not data.priorities:
        out.append(Paragraph(no_priorities(data), st.body))
    for p in data.priorities[:5]:
        tag = f" · {FOUNDATION} foundation item" if p.foundation else ""
        head_para = Paragraph(
            f"<b>{p.rank}. {to_para(p.item_title)}</b> <font size=7.5>({to_para(p.area_title)}; level "
            f"{fmt_level(p.level)} → target {p.target}{tag})</font>",
            st.body,
        )
        # the questionnaire's words, not the team's: a board read them as decided
        pieces = paragraphs(p.action) or [""]
        pieces[0] = f"<i>Suggested by the questionnaire:</i> {pieces[0]}"
        pieces[-1] += in_plan(data, p.item_id)
        out.append(KeepTogether([head_para, *(Paragraph(c, st.quote) for c in pieces)]))

    strengths: list[Flowable] = [Paragraph("Strengths", st.h2)]
    if not data.strongest:
        strengths.append(Paragraph(no_strengths(data), st.body))
    for s in data.strongest:
        how = "agreed" if s.agreed else "median"
        strengths.append(Paragraph(
            f"<b>{to_para(s.item_title)}</b> ({to_para(s.area_title)}): level {fmt_level(s.level)}, "
            f"{level_name(s.level, data.level_names)} ({how})",
            st.bullet, bulletText="•",
        ))
    # a page that the summary's last parts begin, the first area joins (see the end)
    tops = [PageTop()]
    out.append(KeepTogether([tops[0], *strengths]))

    warnings: list[Flowable] = [Paragraph("Warnings", st.h2)]
    if not data.warnings:
        warnings.append(Paragraph("None: answers agree, every assessed area has enough answers and few "
                                  "answered \"don't know\".", st.body))
    for w in data.warnings:
        warnings.append(Paragraph(f"<b>{to_para(w.kind.capitalize())}.</b> {to_para(w.text)}", st.bullet,
                                  bulletText=_warning_mark(w.kind)))
    tops.append(PageTop())
    # a last warning never stands alone on a page of its own; the line to spare covers what
    # KeepTogether's measure of bulleted paragraphs falls short by, which let the last line go over
    out.append(KeepTogether([tops[-1], *warnings, Spacer(1, st.body.leading)]))
    # the first area starts a new page, unless the summary's last parts went over to one: it joins them
    # there, so that they are not left alone on an almost empty page
    out.append(NewPageUnlessJoined(tops))
    return out


def in_plan(data: ReportData, item_id: str) -> str:
    """Markup that says which actions of a recorded plan are for the item; "" for a proposed plan."""
    if data.actions_proposed:
        return ""
    numbers = [str(a.number) for a in data.actions if a.item_id == item_id]
    if not numbers:
        return " <i>No action for it in the plan.</i>" if data.cycle_status == "finalised" else \
            " <i>No action for it in the plan yet.</i>"
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    return f" <i>In the plan as {'action' if len(numbers) == 1 else 'actions'} {listed}.</i>"


def basis(data: ReportData) -> str:
    """What the scores rest on: the respondents who answered and the areas that have a score, each
    out of all of them, so that twelve respondents of whom two answered do not read as twelve."""
    total, answering = data.n_respondents, data.n_answering
    if total == 0:
        people = "No respondents yet"
    elif answering == 0:
        people = f"No answers yet ({counted(total, 'respondent')} in the cycle)"
    elif answering == total:
        people = f"From {counted(total, 'respondent')}"
    else:
        people = f"From {answering} of {counted(total, 'respondent')}"
    scored = sum(1 for a in data.areas if a.score is not None)
    left_out = sum(1 for a in data.areas if not a.included)
    if scored == 0:
        areas = "no area has a score yet"
    elif scored == len(data.areas):
        areas = f"scores on {counted(scored, 'area')}"
    else:
        areas = f"scores on {scored} of {counted(len(data.areas), 'area')}"
        if left_out:
            areas += f" ({left_out} left out)"
    return f"{people}; {areas}."


def _without_level(data: ReportData) -> tuple[int, int]:
    """How many items of the assessed areas have no level yet, and how many there are."""
    levels = [i.level for a in data.areas if a.included for i in a.items]
    return levels.count(None), len(levels)


def no_priorities(data: ReportData) -> str:
    """Why no item is ranked. Only an item with a level can be below its target: with no level
    anywhere, "no item is below its target" would reassure where nothing is known yet."""
    unknown, total = _without_level(data)
    if unknown == total:
        return "No item has a level yet, so none can be compared with its target."
    if unknown:
        return (f"No item with a level is below its target; {counted(unknown, 'item')} without a level "
                "could not be compared.")
    return "No item is below its target."


def no_strengths(data: ReportData) -> str:
    """Why no item is named a strength: none has a level (answers of "don't know" are answers, so
    "no item has answers" was wrong for them), or none is above level 0."""
    unknown, total = _without_level(data)
    if unknown == total:
        return "No item has a level yet."
    return f"No item is above level 0 ({to_para(data.level_names[0])}) yet."


def _warning_mark(kind: str) -> str:
    return {"disagreement": DISAGREE, "don't know": UNKNOWN}.get(kind, "!")


# --- areas ----------------------------------------------------------------------------------


def _flags(i: ItemLine) -> str:
    parts = []
    if i.foundation:
        parts.append(f"{FOUNDATION} foundation")
    if i.disagreement:
        parts.append(f"{DISAGREE} disagreement" + (" (agreed)" if i.agreed else ""))
    if i.many_dont_know:
        parts.append(f"{UNKNOWN} many don't know")
    return "\n".join(parts)


def _item_row(i: ItemLine) -> list[list[str]]:
    if i.level is None:  # as the chart says: answers of "don't know" or "not applicable" give no level
        level = "no level" if i.n_dont_know or i.n_not_applicable else "no answers"
    else:
        level = f"{fmt_level(i.level)}\n{'agreed' if i.agreed else 'median'}"
    spread = "—" if i.low is None else f"{i.low}–{i.high}"
    extra = [f"n={i.n_answered}"]
    if i.n_dont_know:
        extra.append(f"{i.n_dont_know} don't know")
    if i.n_not_applicable:
        extra.append(f"{i.n_not_applicable} n/a")
    gap = "—" if i.gap is None else ("met" if i.gap <= 0 else fmt_level(i.gap))
    title = [f"<b>{to_para(i.title)}</b><br/><font size=6.5>{to_para(i.id)}</font>"]
    if i.agreed and i.agreed_note.strip():  # beside the agreed level, the team's reason for it
        note = cell(i.agreed_note, lines=True)
        title = [f"{title[0]}<br/><i>Note on the agreed level:</i> {note[0]}", *note[1:]]
    return [
        title,
        [level],
        [spread + "\n" + ", ".join(extra)],
        [str(i.target)],
        [gap],
        [_flags(i)],
    ]


def area_section(
    area: AreaSection, data: ReportData, st: Styles, width: float, top: PageTop | None = None
) -> list[Flowable]:
    """An area's heading, score, chart, table of items and remarks; for an area left out, a short note,
    with `top` first (see story).
    """
    head: list[Flowable] = [mark(Paragraph(to_para(area.title), st.h1), f"area-{area.id}", area.title)]
    head += long_text(area.description, st.body)
    if not area.included:
        head.append(Paragraph("This area was left out of the cycle, so it has no score.", st.body))
        # a few lines under the area before it (see story), with a gap above its heading that reportlab
        # leaves out at the top of a page
        return [KeepTogether([top or PageTop(LEFT_OUT_GAP), *head])]
    score = (
        f"<b>Score {fmt_score(area.score)} of 100 ({area.band})</b>"
        if area.score is not None
        else "<b>No score: not enough answers</b>"
    )
    head.append(Paragraph(
        f"{score} · a level on {area.n_scored} of {counted(area.n_items, 'item')} ({area.coverage:.0%}) · "
        + counted(area.n_dont_know, '"don\'t know" answer'),
        st.body,
    ))
    # a good score beside a basic condition not yet met would mislead: said under the score
    for i in area.items:
        if i.foundation and i.level is not None and i.level < 2:
            head.append(Paragraph(
                f"{FOUNDATION} <b>Foundation item below level 2:</b> {to_para(i.title)}, level {fmt_level(i.level)} "
                f"({level_name(i.level, data.level_names)}): one of the basic conditions for IaH, which the "
                "area's score does not show.",
                st.body))
    scale = f"0 {data.level_names[0]} … {len(data.level_names) - 1} {data.level_names[-1]}"
    head.append(charts.item_bars([i.title for i in area.items], [i.level for i in area.items],
                                 [i.target for i in area.items], width, scale))
    # the heading with its chart: an area that joins the page of what came before (see story) does not
    # leave its heading at the foot of that page
    out: list[Flowable] = [KeepTogether(head)]
    out.append(Spacer(1, 2 * mm))
    out += note_over_table(
        f"Level: the agreed level, or else the median of the answers. Spread: lowest–highest level given; "
        f"n answers. Gap: target minus level. {FOUNDATION} foundation item, {DISAGREE} answers "
        f"{data.disagreement_span} or more levels apart, {UNKNOWN} a third or more answered \"don't know\".", st)
    widths = [width * f for f in (0.40, 0.10, 0.15, 0.07, 0.07, 0.21)]
    out.append(ruled_table(["Item", "Level", "Spread", "Target", "Gap", "Flags"],
                           [_item_row(i) for i in area.items], widths, st, center=frozenset({3, 4}),
                           simple=frozenset({1, 2, 3, 4, 5})))
    out += remarks(area, st)
    return out


def remarks(area: AreaSection, st: Styles) -> list[Flowable]:
    """The comments and evidence of an area, under the title of the item each is on.

    A heading starts a new page unless the start of its first remark fits under it (see
    RoomForStart): kept with the whole first remark, as a heading's keepWithNext keeps it, a
    remark of many lines took its heading over to the next page and left most of a page blank.
    """
    section = Paragraph("Comments and evidence", st.h2)
    given = [i for i in area.items if i.remarks]
    if not given:
        return [section, Paragraph("No comments or evidence were given in this area.", st.body)]
    out: list[Flowable] = []
    for n, i in enumerate(given):
        headings = [section, Paragraph(to_para(i.title), st.h3)] if n == 0 else [Paragraph(to_para(i.title), st.h3)]
        texts: list[Flowable] = []
        for r in i.remarks:
            label = "Evidence" if r.kind == "evidence" else "Comment"
            texts += long_text(r.text, st.remark, f"<i>{to_para(r.by)}</i> · {label}: ", st.remark_more, lines=True)
        for h in headings:
            h.keepWithNext = 0  # RoomForStart keeps them with what follows; keepWithNext would keep the whole remark
        out += [RoomForStart(headings, texts[0]), *headings, *texts]
    return out


# --- action plan ----------------------------------------------------------------------------


def overdue_on(data: ReportData, generated_on: dt.date) -> dt.date:
    """The day an action is judged overdue on: the day a finalised cycle was finalised (its plan as
    it stood when closed, the same at every printing), else the report's date."""
    if data.cycle_status == "finalised" and data.finalised_on is not None:
        return data.finalised_on
    return generated_on


def due(a: ActionLine, day: dt.date | None) -> str:
    """An action's due date, and "overdue" under it when it is overdue on `day` (see overdue_on)."""
    if a.due_date is None:
        return "—"
    return a.due_date.isoformat() + ("<br/><b>overdue</b>" if day is not None and a.overdue(day) else "")


def action_plan(data: ReportData, st: Styles, width: float, day: dt.date | None = None) -> list[Flowable]:
    """The action plan; with `day` (see overdue_on), an action due before it and not done says "overdue"."""
    out: list[Flowable] = [mark(Paragraph("Action plan", st.h1), "actions", "Action plan")]
    if data.actions_proposed:
        out.append(Paragraph(
            "No actions have been recorded for this cycle yet. This is a <b>proposed plan</b>: the top "
            "priorities with the questionnaire's recommended actions. Agree owners, due dates and success "
            "indicators, then record them in the action plan.",
            st.body,
        ))
    else:
        out.append(Paragraph("The actions the team recorded for this cycle, in the team's order and numbered as "
                             "in the app.", st.body))
    if not data.actions:
        if _without_level(data)[0]:
            out.append(Paragraph(f"Nothing to plan yet. {no_priorities(data)}", st.body))
        else:
            out.append(Paragraph("Nothing to plan: every assessed item meets its target.", st.body))
        out.append(PageBreak())
        return out
    rows = []
    for a in data.actions:
        text = cell(a.text, lines=True)
        if a.carried_from is not None:  # else it reads as new this cycle
            text[0] = f"<font size=6.5><i>carried from {to_para(a.carried_from)}</i></font><br/>{text[0]}"
        if a.notes.strip():  # under the action, as in the app's form
            notes = cell(a.notes, lines=True)
            text += [f"<font size=6.5><i>Notes:</i> {notes[0]}</font>", *(f"<font size=6.5>{n}</font>" for n in notes[1:])]
        rows.append([
            [f"{a.number}" + (f"<br/>{FOUNDATION}" if a.foundation else "")],
            cell(a.item_title),
            text,
            cell(a.owner, lines=True) if a.owner.strip() else ["—"],
            [due(a, day)],
            [to_para(a.status)],
            cell(a.success_indicator, lines=True) if a.success_indicator.strip() else ["—"],
        ])
    widths = [width * f for f in (0.05, 0.16, 0.30, 0.13, 0.115, 0.085, 0.16)]
    # the key over the table: under it, it went over to a page of its own when the table filled this one
    out.append(Paragraph(f"{FOUNDATION} foundation item: without it, Internationalisation at Home cannot start.",
                         st.note))
    out.append(ruled_table(["No.", "Item", "Action", "Owner", "Due", "Status", "Success indicator"],
                           rows, widths, st, center=frozenset({0})))
    out.append(PageBreak())
    return out


# --- change since the previous cycle -------------------------------------------------------


def direction_text(delta: float | None, direction: str | None, digits: str = ".0f") -> str:
    """A change in words and an arrow, never in colour alone: "▲ +12 up", "▬ +1 steady"."""
    if delta is None or direction is None:
        return "—"
    return f"{Direction(direction).arrow} {delta:+{digits}} {direction}"


def score_or_status(score: float | None, status: str) -> str:
    """A score, or why there is none ("not assessed", "not enough answers"); never 0."""
    return status if score is None else fmt_score(score)


def level_change(change: float) -> str:
    """An item's move in levels, with its unit: beside changes in score points, "+1" read as a point."""
    unit = "level" if abs(change) == 1 else "levels"
    return f"{(Direction.UP if change > 0 else Direction.DOWN).arrow} {change:+g} {unit}"


def _move_rows(moves: tuple[ItemMoveLine, ...]) -> list[list[list[str]]]:
    return [
        [[f"<b>{to_para(m.title)}</b><br/><font size=6.5>{to_para(m.item_id)}</font>"], [to_para(m.area_title)],
         [f"{fmt_level(m.previous_level)} → {fmt_level(m.level)}"], [level_change(m.change)]]
        for m in moves
    ]


def _follow_up(
    actions: tuple[FollowUpLine, ...], current_label: str, width: float
) -> tuple[list[str], list[list[list[str]]], list[float]]:
    """The header, rows and column widths of the table of the previous cycle's actions."""
    rows = [
        [cell(a.item_title), cell(a.text, lines=True), cell(a.owner, lines=True) if a.owner.strip() else ["—"],
         [a.due_date.isoformat() if a.due_date else "—"], [to_para(a.status)],
         ["yes" if a.carried else "<b>no</b><br/>left open" if a.left_open else "no"]]
        for a in actions
    ]
    carried = header_width(f"Carried into {plain(current_label, HEADER_LABEL)}", width * 0.09, width * 0.16)
    widths = [width * 0.18, width * 0.47 - carried, width * 0.15, width * 0.11, width * 0.09, carried]
    header = ["Item", "Action", "Owner", "Due", "Status", f"Carried into {to_para(current_label, HEADER_LABEL)}"]
    return header, rows, widths


def left_open_text(actions: tuple[FollowUpLine, ...], plan: str) -> str:
    """A sentence on the actions still planned or in progress that were not carried on, or ""."""
    n = sum(a.left_open for a in actions)
    if not n:
        return ""
    return (f" <b>{counted(n, 'action')} still planned or in progress {'was' if n == 1 else 'were'} not carried "
            f"into {plan}</b> (\"left open\"): {'it is' if n == 1 else 'they are'} neither done nor followed up there.")


def follow_up_table(actions: tuple[FollowUpLine, ...], current_label: str, st: Styles, width: float) -> Table:
    """The previous cycle's actions: item, action, owner, due date, where it stands, carried or not."""
    return ruled_table(*_follow_up(actions, current_label, width), st)


def follow_up_start(actions: tuple[FollowUpLine, ...], current_label: str, st: Styles, width: float) -> Table:
    """The header and first row of follow_up_table, for the heading over it to keep on its page."""
    return table_start(*_follow_up(actions, current_label, width), st)


def change_since(data: ReportData, st: Styles, width: float) -> list[Flowable]:
    """Change since the previous cycle: area scores, the biggest item moves, last cycle's actions."""
    c: ComparisonPart | None = data.comparison
    if c is None:
        return []
    title = f"Change since {c.previous_label}"
    out: list[Flowable] = [mark(Paragraph(f"Change since {to_para(c.previous_label)}", st.h1), "change", title)]
    if c.index is not None and c.previous_index is not None:
        out.append(Paragraph(
            f"<b>Overall index {fmt_score(c.previous_index)} → {fmt_score(c.index)} "
            f"({direction_text(c.index_delta, c.index_direction)})</b>"
            + (f": {to_para(c.index_note)}." if c.index_note else ""), st.body))
    else:
        out.append(Paragraph(
            f"Overall index {score_or_status(c.previous_index, 'none')} in {to_para(c.previous_label)}, "
            f"{score_or_status(c.index, 'none')} now: no change can be given.", st.body))
    out.append(Paragraph(
        f"Changes are in score points (0–100), this cycle minus {to_para(c.previous_label)}. A change of less "
        f"than {c.threshold:g} points is steady (▬); ▲ is up, ▼ is down.", st.note))
    if c.questionnaire_note:
        out.append(Paragraph(to_para(c.questionnaire_note), st.body))
    if c.respondents_note:
        out.append(Paragraph(to_para(c.respondents_note), st.body))

    out.append(Paragraph("Area scores", st.h2))
    rows = [
        [[to_para(a.title)], [score_or_status(a.previous, a.previous_status)],
         [score_or_status(a.current, a.current_status)], [direction_text(a.delta, a.direction)]]
        for a in c.areas
    ]
    widths = [width * f for f in (0.40, 0.19, 0.19, 0.22)]
    out.append(ruled_table(["Area", to_para(c.previous_label), to_para(data.cycle_label), "Change"], rows,
                           widths, st, simple=frozenset({1, 2, 3})))

    widths = [width * f for f in (0.46, 0.28, 0.14, 0.12)]
    key = ("Level: the agreed level, or else the median of the answers, in "
           f"{to_para(c.previous_label)} → now; up to five items each that moved a whole level or more.")
    for heading, moves, none in (
        ("Biggest rises among items", c.rises, "No item rose by a whole level or more."),
        ("Biggest falls among items", c.falls, "No item fell by a whole level or more."),
    ):
        if not moves:
            out += [Paragraph(heading, st.h2), Paragraph(none, st.body)]
            continue
        out += heading_over_table(heading, st.h2)
        out.append(Paragraph(key, st.note))  # over each table, so that no page break parts them
        out.append(ruled_table(["Item", "Area", "Level", "Change"], _move_rows(moves), widths, st))

    if not c.actions:
        out.append(Paragraph(f"Actions of {to_para(c.previous_label)}", st.h2))
        out.append(Paragraph(f"No actions were recorded for {to_para(c.previous_label)}.", st.body))
    else:
        done = sum(a.status == "done" for a in c.actions)
        intro = Paragraph(
            f"{done} of {len(c.actions)} done. Each action with where it stands, and whether it was carried "
            "into this cycle's plan. For an action carried over, the status shown is that of its copy in this "
            "cycle's plan." + left_open_text(c.actions, "this cycle's plan"), st.body)
        out += heading_over_table(f"Actions of {to_para(c.previous_label)}", st.h2, INTRO_ROOM,
                                  [intro, follow_up_start(c.actions, data.cycle_label, st, width)])
        out.append(intro)
        out.append(follow_up_table(c.actions, data.cycle_label, st, width))
    out.append(PageBreak())
    return out


# --- method ---------------------------------------------------------------------------------


def method(data: ReportData, st: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [mark(Paragraph("Method", st.h1), "method", "Method")]
    out.append(Paragraph("The scale", st.h2))
    top = len(data.level_names) - 1
    ranges = {b.name: f"{b.low}–{b.high}" for b in data.bands}
    rows = [[[str(n)], [to_para(name)], [f"{n / top * 100:.0f}"], [ranges.get(name, "—")]]
            for n, name in enumerate(data.level_names)]
    out.append(ruled_table(["Level", "Name", "Score", "Maturity band (scores)"], rows,
                           [width * 0.12, width * 0.3, width * 0.12, width * 0.2], st))
    out.append(Paragraph(
        "Respondents may also answer \"don't know\" or \"not applicable\". These are not levels and never count as 0. "
        "An area's score and the overall index, in whole points, take the band of the level nearest to them: "
        "the last column gives the scores in each band.",
        st.note,
    ))
    out.append(Paragraph("How the scores are computed", st.h2))
    for text in (
        f"<b>Item.</b> An item's level is the level the team agreed after discussion, when one is recorded, "
        f"and otherwise the median of the respondents' levels. With an even number of answers the median can "
        f"fall between two levels: 1.5 is between {to_para(data.level_names[1])} and "
        f"{to_para(data.level_names[2])}. Its score is the level divided by {top} and multiplied by 100.",
        f"<b>Area.</b> An area's score is the weighted mean of the scores of its items with a level. An area "
        f"with a level on fewer than {data.min_coverage:.0%} of its items has no score (\"not enough answers\"): "
        "\"don't know\" and \"not applicable\" answers give no level.",
        "<b>Overall index.</b> The weighted mean of the scores of the areas that have one. The maturity band "
        "is the name of the level nearest to the index. The index is worked out from the unrounded area scores, "
        "so it may differ by a point from an average of the scores printed.",
        "<b>Whole points.</b> Scores are shown in whole points, halves rounded up, and a change between cycles "
        "is the difference of the scores as shown.",
        f"<b>Disagreement.</b> An item is flagged when the answers given are {data.disagreement_span} or more "
        "levels apart. An agreed level settles it.",
        "<b>Priorities.</b> Items below their target, "
        + ("ranked by their gap, as every item weighs the same; " if data.weights_equal else "ranked by weight times gap; ")
        + "foundation items below level 2 (0, 1 or between 1 and 2) always come first, and items with the same "
        "gap keep the questionnaire's order. The suggested action comes from the questionnaire and depends on "
        "the item's level; the team decides what goes into the action plan.",
    ):
        out.append(Paragraph(text, st.body))
    out.append(Paragraph("How to read the charts", st.h2))
    out.append(Paragraph(
        "The radar in the summary has one spoke per area, from 0 at the centre to 100 at the outer ring; "
        "the rings at 25, 50 and 75 are the scores of levels 1, 2 and 3. The solid shape is this cycle; the dashed "
        "outline, when shown, is the previous cycle. An area without a score has no point on its spoke, never one at "
        "0: the outline breaks there, and the spoke's label says \"(no score)\".",
        st.body,
    ))
    out.append(Paragraph(
        "The bar chart of each area shows every item on the 0–4 scale: a solid bar for its level and an "
        "outlined, dashed bar for its target. The distance between them is the gap. An item without a level (only "
        "\"don't know\" or \"not applicable\" answers, or none) says \"no level\" where its bar would be; an item at "
        "level 0 has a thin bar marked \"0\".",
        st.body,
    ))
    if data.glossary:
        out.append(Paragraph("Glossary", st.h2))
        for g in data.glossary:
            out += long_text(g.definition, st.body, f"<b>{to_para(g.term)}.</b> ")
    out.append(Paragraph("The questionnaire", st.h2))
    rows = [
        [["Title"], [to_para(data.questionnaire_title)]],
        [["Id"], [to_para(data.questionnaire_id)]],
        [["Version"], [to_para(data.questionnaire_version)]],
        [["Content hash (SHA-256)"], [to_para(data.questionnaire_hash)]],
        [["Report language"], [to_para(data.language)]],
    ]
    out.append(ruled_table(None, rows, [width * 0.28, width * 0.72], st))
    return out


def story(data: ReportData, generated_on: dt.date, width: float) -> list[Flowable]:
    """The whole report in order. A new section is one more builder in this list."""
    st = styles()
    out: list[Flowable] = []
    out += cover(data, generated_on, st, width)
    out += summary(data, st, width)
    left_out: list[PageTop] = []  # the areas left out since the last area assessed
    for k, area in enumerate(data.areas):
        # an area assessed starts a page; one left out follows the one before, and when it went over to
        # a page of its own, what comes next joins it there
        if k and area.included:
            out.append(NewPageUnlessJoined(left_out) if left_out else PageBreak())
            left_out = []
        top = None if area.included else PageTop(LEFT_OUT_GAP)
        left_out += [top] if top else []
        out += area_section(area, data, st, width, top)
    out.append(NewPageUnlessJoined(left_out) if left_out else PageBreak())  # the action plan starts a page too
    out += action_plan(data, st, width, overdue_on(data, generated_on))
    out += change_since(data, st, width)
    out += method(data, st, width)
    return out

