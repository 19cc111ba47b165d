"""Vector charts with reportlab.graphics: the radar of area scores, the bar chart of an area's items
and the lines of area scores across cycles.

Series differ by line style and fill as well as by shade, so they read in greyscale.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.graphics.widgets.markers import Marker, makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from iah_assess.reporting import fonts
from iah_assess.reporting.styles import ACCENT, INK, MUTED, PREVIOUS, RULE
from iah_assess.reporting.text import plain

CURRENT_FILL = colors.Color(0.12, 0.23, 0.36, alpha=0.18)


def fit(text: str, size: float, width: float) -> str:
    """One line of text, shortened with an ellipsis only as far as it must be to fit the width: a
    count of characters cut titles that had room and let wide ones run into what stands beside them."""
    line = plain(text)
    if stringWidth(line, fonts.REGULAR, size) <= width:
        return line
    lo, hi = 0, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(line[:mid].rstrip() + "…", fonts.REGULAR, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return line[:lo].rstrip() + "…"


def _drawing(width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = fonts.REGULAR  # else the renderer opens with (unembedded) Helvetica
    return d


# Spoke labels: short lines beside the chart, so that they stay inside the drawing and off the table next to it.
# A name is never cut where it fits: the labels are wrapped at one of LABEL_WIDTHS and set in one of
# LABEL_SIZES, whichever keeps the whole names and the largest chart (see _label_layout)
LABEL_SIZES = (7.0, 6.3, 5.6)  # points, and no smaller (as the app's radar: its letters to four fifths at least)
LABEL_WIDTHS = (56, 48, 66, 78, 92)  # points; of two that serve as well, the first is kept
# At most, for a name, beyond which its last line ends in an ellipsis; "(no score)" adds one. Two where four
# leave some label outside the drawing (many spokes in a narrow one), and where they cut no more names
LABEL_LINES = (4, 2)
LABEL_LEAD = 8 / 7  # a label's leading, to its size
LABEL_RADIUS = 1.05  # labels start just outside the outer ring (SpiderChart's own default)
LABEL_MARGIN = 4  # between a label and the edge of the drawing
# The chart's radius, to the half of the smaller side of its room: below the first the chart is too small
# to read and names give way (cut, or words broken); up to the second, larger letters give way first
SMALLEST_CHART = 0.42
GOOD_CHART = 0.55


def _pieces(text: str) -> list[tuple[str, str]]:
    """The places a name may break: words, and their parts after a hyphen or a slash, each with
    what joins it to the piece before ("" after a hyphen or a slash, else a space)."""
    out: list[tuple[str, str]] = []
    for word in text.split(" "):
        for k, part in enumerate(re.findall(r"[^-/‐–—]+[-/‐–—]*|[-/‐–—]+", word)):
            out.append(("" if k else " ", part))
    return out


@functools.lru_cache(maxsize=8192)
def _label_width(text: str, size: float) -> float:
    """A spoke label's line width: the layouts tried for the radar measure the same words again and again."""
    return stringWidth(text, fonts.REGULAR, size)


def _wrap(text: str, size: float, width: float) -> tuple[list[str], bool]:
    """A name in lines no wider than `width`, broken between words (or after a hyphen); a word wider than
    the width alone is broken where it must be, with a hyphen. Returns the lines and whether a word was broken."""
    lines: list[str] = []
    broken = False
    for sep, piece in _pieces(text):
        joined = lines[-1] + sep + piece if lines else piece
        if lines and _label_width(joined, size) <= width:
            lines[-1] = joined
            continue
        while _label_width(piece, size) > width:  # a word wider than a line: as much as fits, and "-"
            cut = max((k for k in range(2, len(piece)) if _label_width(piece[:k] + "-", size) <= width),
                      default=1)
            lines.append(piece[:cut] + "-")
            piece, broken = piece[cut:], True
        if piece:
            lines.append(piece)
    return lines, broken


@functools.lru_cache(maxsize=1024)
def _wrapped_title(title: str, size: float, width: float) -> tuple[tuple[str, ...], bool]:
    """A title wrapped (see _wrap), once for both line limits that the radar's layouts try."""
    lines, broken = _wrap(plain(title), size, width)
    return tuple(lines), broken


def _spoke_label(title: str, scored: bool, size: float, width: float, most: int) -> tuple[list[str], bool, bool]:
    """A spoke's label as lines; an area without a score says so on a line of its own. Returns the
    lines, whether the name was cut short (more than `most` lines) and whether a word was broken."""
    wrapped, broken = _wrapped_title(title, size, width)
    lines = list(wrapped)
    cut = len(lines) > most
    if cut:
        lines = lines[:most - 1] + [fit(lines[most - 1] + " " + lines[most], size, width)]
    return lines + ([] if scored else ["(no score)"]), cut, broken


def _label_anchor(angle: float) -> tuple[str, str]:
    """Where a spoke's label box hangs from its anchor point: away from the chart, so it never
    covers the rings. Returns reportlab's box anchor ("sw": the box's lower left corner on the
    point) and the text alignment within the box."""
    c, s = math.cos(angle), math.sin(angle)
    vertical = "s" if s > 0.05 else "n" if s < -0.05 else ""
    horizontal, align = ("w", "start") if c > 0.05 else ("e", "end") if c < -0.05 else ("", "middle")
    return (vertical + horizontal) or "c", align


def _label_box(anchor: str, lines: list[str], size: float) -> tuple[float, float, float, float]:
    """A label's box (left, bottom, right, top) relative to its anchor point."""
    w = max((_label_width(t, size) for t in lines), default=0)  # a blank title: no lines
    h = size * LABEL_LEAD * len(lines)
    x0 = 0 if "w" in anchor else -w if "e" in anchor else -w / 2
    y0 = 0 if "s" in anchor else -h if "n" in anchor else -h / 2
    return x0, y0, x0 + w, y0 + h


def _fit_radius(angles: list[float], boxes: list[tuple[float, float, float, float]], cx: float, cy: float,
                area: tuple[float, float, float, float]) -> float:
    """The largest radius at which every spoke label, at LABEL_RADIUS times it, stays inside `area`
    (left, bottom, right, top). Each label bounds the radius only in the directions its spoke points."""
    left, bottom, right, top = area
    r = min(cx - left, right - cx, cy - bottom, top - cy)
    for angle, (x0, y0, x1, y1) in zip(angles, boxes, strict=True):
        for coef, low_room, high_room in (
            (LABEL_RADIUS * math.cos(angle), cx + x0 - left, right - cx - x1),
            (LABEL_RADIUS * math.sin(angle), cy + y0 - bottom, top - cy - y1),
        ):
            if coef > 1e-6:
                r = min(r, high_room / coef)
            elif coef < -1e-6:
                r = min(r, low_room / -coef)
    return max(r, 20)  # labels wider than the drawing itself: a small chart rather than none


LABEL_GAP = 1.5  # between the labels of neighbouring spokes


def _apart(angles: list[float], boxes: list[tuple[float, float, float, float]], r: float) -> list[float]:
    """How far to move each spoke's label up (+) or down (-) so that no two labels overlap.

    With many spokes, or long titles over several lines, a label hanging from its spoke ran into its
    neighbour's. On each side of the chart the label nearest the horizontal stays; those above it
    move up and those below move down, away from the rings, each just clear of the one before.
    """
    n = len(angles)
    dy = [0.0] * n

    def placed(i: int) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = boxes[i]
        ax, ay = LABEL_RADIUS * r * math.cos(angles[i]), LABEL_RADIUS * r * math.sin(angles[i]) + dy[i]
        return ax + x0, ay + y0, ax + x1, ay + y1

    for side in (1, -1):
        ids = sorted((i for i in range(n) if side * math.cos(angles[i]) >= -0.05),
                     key=lambda i: -math.sin(angles[i]))  # top to bottom; the spokes straight up or down on both sides
        if not ids:
            continue
        pivot = min(range(len(ids)), key=lambda k: abs(math.sin(angles[ids[k]])))
        for k in range(pivot - 1, -1, -1):  # upward from the pivot: the higher label moves up
            low, high = placed(ids[k + 1]), placed(ids[k])
            if low[0] < high[2] and high[0] < low[2] and low[3] + LABEL_GAP > high[1]:
                dy[ids[k]] += low[3] + LABEL_GAP - high[1]
        for k in range(pivot + 1, len(ids)):  # downward: the lower label moves down
            high, low = placed(ids[k - 1]), placed(ids[k])
            if low[0] < high[2] and high[0] < low[2] and low[3] + LABEL_GAP > high[1]:
                dy[ids[k]] -= low[3] + LABEL_GAP - high[1]
    return dy


def _inside(angles: list[float], boxes: list[tuple[float, float, float, float]], cx: float, cy: float, r: float,
            area: tuple[float, float, float, float]) -> bool:
    """Whether every label, at LABEL_RADIUS times r, is inside `area` (left, bottom, right, top)."""
    for angle, (x0, y0, x1, y1) in zip(angles, boxes, strict=True):
        ax, ay = cx + LABEL_RADIUS * r * math.cos(angle), cy + LABEL_RADIUS * r * math.sin(angle)
        if ax + x0 < area[0] - 0.5 or ay + y0 < area[1] - 0.5 or ax + x1 > area[2] + 0.5 or ay + y1 > area[3] + 0.5:
            return False
    return True


def _runs(values: list[float | None]) -> list[list[int]]:
    """The spokes with a value, in runs of neighbours (the last spoke neighbours the first)."""
    n = len(values)
    if all(v is not None for v in values):
        return [list(range(n))]
    start = next(i for i, v in enumerate(values) if v is None)
    runs: list[list[int]] = [[]]
    for k in range(1, n + 1):
        i = (start + k) % n
        if values[i] is None:
            runs.append([])
        else:
            runs[-1].append(i)
    return [run for run in runs if run]


def _series(values: list[float | None], cx: float, cy: float, r: float, fill: colors.Color | None,
            stroke: colors.Color, stroke_width: float, dash: tuple[float, ...] | None,
            marker: Callable[[], Marker]) -> tuple[list[Polygon], list[Polygon | PolyLine], list[Marker]]:
    """One series on the radar: its fills, lines and markers.

    A spoke without a value gets no point: the outline breaks there instead of dropping to the
    centre, which would read as a score of 0. Only neighbouring spokes that both have a value are
    joined, and only the wedges between them are filled.
    """
    n = len(values)

    def point(i: int) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n  # the chart's spokes: the first due north, then clockwise
        return cx + r * values[i] / 100 * math.cos(angle), cy + r * values[i] / 100 * math.sin(angle)

    fills, lines, marks = [], [], []
    runs = _runs(values)
    if len(runs) == 1 and len(runs[0]) == n:  # every spoke has a value: the closed shape
        flat = [c for i in runs[0] for c in point(i)]
        if fill is not None:
            fills.append(Polygon(flat, fillColor=fill, strokeColor=None, strokeWidth=0))
        lines.append(Polygon(flat, fillColor=None, strokeColor=stroke, strokeWidth=stroke_width,
                             strokeDashArray=dash))
    else:
        for run in runs:
            if len(run) < 2:
                continue  # a lone point: its marker alone
            flat = [c for i in run for c in point(i)]
            if fill is not None:
                fills.append(Polygon([cx, cy, *flat], fillColor=fill, strokeColor=None, strokeWidth=0))
            lines.append(PolyLine(flat, strokeColor=stroke, strokeWidth=stroke_width, strokeDashArray=dash))
    for i, v in enumerate(values):
        if v is not None:
            m = marker()
            m.x, m.y = point(i)
            marks.append(m)
    return fills, lines, marks


def _place(angles: list[float], boxes: list[tuple[float, float, float, float]], cx: float, cy: float,
           area: tuple[float, float, float, float]) -> tuple[float, list[float], bool]:
    """The chart's radius for these label boxes, how far each label moves up or down to clear its
    neighbours (see _apart), and whether every label is then inside `area`."""
    # labels moved apart need room of their own, which shrinks the chart, which moves them closer:
    # a few rounds settle it
    n = len(angles)
    r = together = _fit_radius(angles, boxes, cx, cy, area)
    shifts = [0.0] * n
    for _ in range(6):
        again = _apart(angles, boxes, r)
        if all(abs(a - b) < 0.1 for a, b in zip(again, shifts, strict=True)):
            break
        shifts = [max(a, b, key=abs) for a, b in zip(again, shifts, strict=True)]
        moved = [(x0, y0 + dy, x1, y1 + dy) for (x0, y0, x1, y1), dy in zip(boxes, shifts, strict=True)]
        r = _fit_radius(angles, moved, cx, cy, area)
    moved = [(x0, y0 + dy, x1, y1 + dy) for (x0, y0, x1, y1), dy in zip(boxes, shifts, strict=True)]
    if r < 0.6 * together or not _inside(angles, moved, cx, cy, r, area):
        # some twenty spokes and more: no room to set every label apart; a chart, not a dot
        r, shifts = together, [0.0] * n
        moved = boxes
    return r, shifts, _inside(angles, moved, cx, cy, r, area)


def _label_layout(
    titles: list[str], scored: list[bool], angles: list[float], anchors: list[tuple[str, str]], cx: float, cy: float,
    area: tuple[float, float, float, float],
) -> tuple[float, list[list[str]], float, list[float]]:
    """The spoke labels' size and lines, the chart's radius and the labels' shifts up or down.

    Names were cut at 28 characters ("Лидерство и управување со и…") and a long word ran past the
    drawing's edge into the score table. Now each size and wrapping width is tried, and the one kept
    has, in this order: every label inside the drawing; the fewest names cut short; a chart of
    SMALLEST_CHART at least; the fewest words broken; a chart of GOOD_CHART; the largest letters; the
    largest chart; of equals, the first in LABEL_LINES, LABEL_SIZES, LABEL_WIDTHS order.
    A label straight above or below the chart has the drawing's width beside it: it wraps at twice the width.

    Setting the labels apart (_place) is what costs, and trying it for all 30 layouts made the report's
    radar ten times slower. A layout's lines tell at once whether names are cut or words broken, and the
    chart its labels leave before they are set apart is as large as it can get (setting apart only moves
    labels outward): so the layouts are placed best-first by that promise, and once one placed scores
    at least what the next promises, none left can beat it. Usually the first one placed wins.
    """
    half = min(area[2] - area[0], area[3] - area[1]) / 2
    promised = []  # (promise, order, size, texts, boxes, cut, broken)
    seen: set[tuple] = set()
    for order, (most, size, width) in enumerate(itertools.product(LABEL_LINES, LABEL_SIZES, LABEL_WIDTHS)):
        laid = [_spoke_label(t, s, size, width * (1 if align != "middle" else 2), most)
                for t, s, (_, align) in zip(titles, scored, anchors, strict=True)]
        texts = [lines for lines, _, _ in laid]
        cut, broken = sum(c for _, c, _ in laid), sum(b for _, _, b in laid)
        same = (size, cut, broken, tuple(tuple(lines) for lines in texts))
        if same in seen:  # as an earlier layout in every way: it scores the same, and the earlier is kept
            continue
        seen.add(same)
        boxes = [_label_box(anchor, lines, size) for (anchor, _), lines in zip(anchors, texts, strict=True)]
        most_r = _fit_radius(angles, boxes, cx, cy, area)  # before the labels are set apart: the most r can be
        promise = (True, -cut, most_r >= SMALLEST_CHART * half, -broken, most_r >= GOOD_CHART * half, size, most_r)
        promised.append((promise, order, size, texts, boxes, cut, broken))
    promised.sort(key=lambda p: (p[0], -p[1]), reverse=True)  # the best promise first; of equals, the first tried
    best: tuple | None = None
    for promise, order, size, texts, boxes, cut, broken in promised:
        if best is not None and (best[0], -best[1]) > (promise, -order):
            break  # nothing left can beat it
        r, shifts, inside = _place(angles, boxes, cx, cy, area)
        key = (inside, -cut, r >= SMALLEST_CHART * half, -broken, r >= GOOD_CHART * half, size, r)
        if best is None or (key, -order) > (best[0], -best[1]):
            best = (key, order, size, texts, r, shifts)
    assert best is not None
    return best[2], best[3], best[4], best[5]


def radar(
    labels: list[str],
    scores: list[float | None],
    previous: list[float | None] | None,
    current_label: str,
    previous_label: str | None,
    width: float,
    height: float,
) -> Drawing:
    """Area scores 0-100 on spokes; the previous cycle as a dashed outline when there is one.

    An area without a score has no point on its spoke, in either series, and its label says
    "(no score)". The labels are wrapped into short lines, in smaller letters where long names need
    it (see _label_layout), moved apart where neighbours would meet, and the chart is sized so that
    they all stay inside the drawing: beside it in the summary stands the table of scores.
    """
    d = _drawing(width, height)
    place = _legend_layout(width, current_label, previous_label)[2]
    legend_h = 22 + (place[1] if place else 0)
    n = len(scores)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    anchors = [_label_anchor(a) for a in angles]
    cx, cy = width / 2, legend_h + (height - legend_h) / 2
    room = (LABEL_MARGIN, legend_h + LABEL_MARGIN, width - LABEL_MARGIN, height - LABEL_MARGIN)
    size, texts, r, shifts = _label_layout(labels, [s is not None for s in scores], angles, anchors, cx, cy, room)
    # The chart draws the spokes, their labels and the outer ring (which pins the 0-100 scale); the
    # series are drawn by _series, as SpiderChart cannot leave a spoke without a point.
    chart = SpiderChart()
    chart.x, chart.y = cx - r, cy - r
    chart.width = chart.height = 2 * r
    chart.data = [[100] * n]
    chart.labels = ["\n".join(lines) for lines in texts]
    chart.strands[0].strokeColor = RULE
    chart.strands[0].fillColor = None
    chart.strands[0].strokeWidth = 0.4
    chart.spokes.strokeColor = RULE
    chart.spokes.strokeWidth = 0.4
    chart.spokeLabels.fontName = fonts.REGULAR
    chart.spokeLabels.fontSize = size
    chart.spokeLabels.leading = size * LABEL_LEAD
    chart.spokeLabels.fillColor = INK
    for i, (anchor, align) in enumerate(anchors):
        chart.spokeLabels[i].boxAnchor = anchor
        chart.spokeLabels[i].textAnchor = align
        chart.spokeLabels[i].dy = shifts[i]
    d.add(chart)
    shapes = [_series(scores, cx, cy, r, CURRENT_FILL, ACCENT, 1.6, None,
                      lambda: makeMarker("FilledCircle", size=4, fillColor=ACCENT, strokeColor=ACCENT))]
    if previous is not None:
        shapes.append(_series(previous, cx, cy, r, None, PREVIOUS, 1.1, (3, 2),
                              lambda: makeMarker("Square", size=3.5, fillColor=colors.white, strokeColor=PREVIOUS)))
    series = Group()
    for part in range(3):  # every fill under every line, every line under every marker
        for drawn in shapes:
            for shape in drawn[part]:
                series.add(shape)
    d.add(series)
    # dotted rings at 25, 50, 75, the scores of levels 1 to 3; each ring's score (the outer ring's too) just
    # inside it by the first spoke, on a white backdrop over the series, so no line passing hides it
    for score in (25, 50, 75):
        ring = []
        for angle in angles:
            ring += [cx + r * score / 100 * math.cos(angle), cy + r * score / 100 * math.sin(angle)]
        d.add(Polygon(ring, fillColor=None, strokeColor=RULE, strokeWidth=0.4, strokeDashArray=(0.6, 1.6)))
    for score in (25, 50, 75, 100):
        x, y = cx + 3, cy + r * score / 100 - 6.5  # just inside the ring
        d.add(Rect(x - 1, y - 1.5, stringWidth(str(score), fonts.REGULAR, 5.5) + 2, 6.5, fillColor=colors.white,
                   fillOpacity=0.85, strokeColor=None))
        d.add(String(x, y, str(score), fontName=fonts.REGULAR, fontSize=5.5, fillColor=MUTED))
    _legend(d, 4, 4, width, current_label, previous_label)
    return d


LEGEND_ROW = 10


def _legend_layout(
    width: float, current: str, previous: str | None
) -> tuple[str, str | None, tuple[float, float] | None]:
    """The legend's two entries and where the previous cycle's goes, relative to the current one's
    (x, row below): after its text on the same row when both fit the width, else on a row of its
    own. At a fixed place it ran into a long cycle name."""
    now = fit(f"{current} (solid)", 7, width - 8 - 18)
    if previous is None:
        return now, None, None
    then = fit(f"{previous} (dashed)", 7, width - 8 - 18)
    after = max(130, 18 + stringWidth(now, fonts.REGULAR, 7) + 12)
    if after + 18 + stringWidth(then, fonts.REGULAR, 7) <= width - 8:
        return now, then, (after, 0)
    return now, then, (0, LEGEND_ROW)


def _legend(d: Drawing, x: float, y: float, width: float, current: str, previous: str | None) -> None:
    """The legend, its lower row at y."""
    now, then, place = _legend_layout(width, current, previous)
    top = y + (place[1] if place else 0)
    d.add(Rect(x, top + 2, 14, 7, fillColor=CURRENT_FILL, strokeColor=ACCENT, strokeWidth=1.4))
    d.add(String(x + 18, top + 3, now, fontName=fonts.REGULAR, fontSize=7, fillColor=INK))
    if then is not None and place is not None:
        x2, y2 = x + place[0], top - place[1]
        d.add(Line(x2, y2 + 5.5, x2 + 14, y2 + 5.5, strokeColor=PREVIOUS, strokeWidth=1.1, strokeDashArray=(3, 2)))
        d.add(String(x2 + 18, y2 + 3, then, fontName=fonts.REGULAR, fontSize=7, fillColor=INK))


ZERO_STUB = 2.5  # points: the bar of an item at level 0, which has no length of its own


def item_bars(
    labels: list[str], levels: list[float | None], targets: list[int], width: float, scale_note: str
) -> Drawing:
    """One pair of bars per item: the level (solid) and the target (outlined), on the 0-4 scale.

    An item without a level ("don't know" and "not applicable" answers only, or none) is not drawn
    as a level 0: where its bar would be, it says "no level". An item at level 0, whose bar has no
    length, gets a thin solid stub marked "0", so that it does not read as a target alone.
    """
    n = len(labels)
    row = 17
    label_w = min(190, width * 0.42)
    top, bottom = 8, 34
    height = n * row + top + bottom
    d = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_w
    chart.y = bottom
    chart.width = width - label_w - 12
    chart.height = n * row
    # The first category is drawn at the bottom; reverse so the chart reads top-down like the table.
    chart.data = [
        [lv if lv is not None else 0 for lv in reversed(levels)],
        list(reversed(targets)),
    ]
    chart.categoryAxis.categoryNames = [fit(t, 6.5, label_w - 6) for t in reversed(labels)]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    _style_axes(chart, category_size=6.5, value_size=6.5, top=4, step=1)
    chart.barSpacing = 1
    chart.groupSpacing = 4
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = ACCENT
    chart.bars[0].strokeWidth = 0.3
    chart.bars[1].fillColor = colors.white
    chart.bars[1].strokeColor = INK
    chart.bars[1].strokeWidth = 0.6
    chart.bars[1].strokeDashArray = (2, 1.5)
    d.add(chart)
    # An item with no level would get a bar of length 0, as an item at level 0 does: it says "no
    # level" in a dotted box where its bar would start instead. The box's place is the chart's own
    # arithmetic: a row holds two bars, barSpacing between them and groupSpacing around them.
    scale = row / (2 * chart.barWidth + chart.barSpacing + chart.groupSpacing)
    bar_h = chart.barWidth * scale
    words = "no level"
    words_w = stringWidth(words, fonts.ITALIC, 5.8)
    for k, lv in enumerate(reversed(levels)):
        y = bottom + k * row + chart.groupSpacing / 2 * scale
        if lv is None:
            d.add(Rect(chart.x, y, words_w + 6, bar_h, fillColor=None, strokeColor=MUTED, strokeWidth=0.5,
                       strokeDashArray=(0.6, 1.2)))
            d.add(String(chart.x + 3, y + (bar_h - 5.8) / 2 + 1.2, words, fontName=fonts.ITALIC, fontSize=5.8,
                         fillColor=INK))
        elif lv == 0:
            d.add(Rect(chart.x, y, ZERO_STUB, bar_h, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.3))
            d.add(String(chart.x + ZERO_STUB + 2, y + (bar_h - 5.8) / 2 + 1.2, "0", fontName=fonts.REGULAR,
                         fontSize=5.8, fillColor=INK))
    y = 4
    d.add(Rect(label_w, y, 12, 6, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.3))
    d.add(String(label_w + 16, y + 0.5, "level (agreed or median)", fontName=fonts.REGULAR, fontSize=6.5, fillColor=INK))
    d.add(Rect(label_w + 120, y, 12, 6, fillColor=colors.white, strokeColor=INK, strokeWidth=0.6,
               strokeDashArray=(2, 1.5)))
    d.add(String(label_w + 136, y + 0.5, "target", fontName=fonts.REGULAR, fontSize=6.5, fillColor=INK))
    d.add(String(label_w + 170, y + 0.5, plain(scale_note, 60), fontName=fonts.REGULAR, fontSize=6.5,
                 fillColor=MUTED))
    return d


# Lines across cycles differ by marker shape and dash pattern first, shade second.
LINE_MARKERS = ("FilledCircle", "Square", "FilledTriangle", "Diamond", "Cross", "FilledSquare", "Circle",
                "FilledDiamond", "Triangle", "StarFive")
LINE_DASHES = (None, (4, 2), (1, 1.5), (6, 2, 1, 2), (2, 2), (8, 3), (3, 1, 1, 1), (1, 3))
LINE_SHADES = (INK, ACCENT, colors.HexColor("#4d6b8a"), colors.HexColor("#6e6e6e"), colors.HexColor("#2f5277"),
               colors.HexColor("#444444"), colors.HexColor("#7a8fa6"), colors.HexColor("#333333"))


def line_style(n: int) -> tuple[str, tuple[float, ...] | None, colors.Color]:
    """The marker, dash pattern and shade of the n-th line; the first eight differ in all three."""
    return LINE_MARKERS[n % len(LINE_MARKERS)], LINE_DASHES[n % len(LINE_DASHES)], LINE_SHADES[n % len(LINE_SHADES)]


def _marker(name: str, size: float, shade: colors.Color):
    """A filled marker for the "Filled…" shapes, an open (white) one for the others."""
    fill = shade if name.startswith("Filled") or name in ("Cross", "StarFive") else colors.white
    return makeMarker(name, size=size, fillColor=fill, strokeColor=shade, strokeWidth=0.8)


def score_lines(
    cycle_labels: list[str],
    series: list[tuple[str, list[float | None]]],
    width: float,
    plot_height: float = 170,
) -> Drawing:
    """Scores 0-100 (one line per series, e.g. the overall index and each area) across cycles.

    A cycle in which a series has no score has no point there, and its line breaks there; a series
    with no score in any cycle has no line, and its legend entry says "no score". The first series is
    drawn thicker.
    """
    columns = 2
    legend_row = 12
    legend_h = legend_row * ((len(series) + columns - 1) // columns) + 6
    bottom = legend_h + 22
    height = bottom + plot_height + 10
    d = _drawing(width, height)
    drawn = [n for n, (_, values) in enumerate(series) if any(v is not None for v in values)]
    chart = HorizontalLineChart()
    chart.x = 30
    chart.y = bottom
    chart.width = width - 40
    chart.height = plot_height
    # reportlab joins the points on either side of a missing one, as if the cycle between had a score
    # half way: each run of cycles with a score is a line of its own, in its series' style. A line with
    # no point fails in reportlab; a series with no score has no run.
    runs = [(n, run) for n in drawn for run in _score_runs(series[n][1])]
    chart.data = [
        [float(v) if k in run else None for k, v in enumerate(series[n][1])]  # type: ignore[arg-type]
        for n, run in runs
    ] or [[0.0] * len(cycle_labels)]
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = [plain(t, 20) for t in cycle_labels]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    _style_axes(chart, category_size=7.5, value_size=7, top=100, step=25)
    for k, (n, _) in enumerate(runs):
        marker, dash, shade = line_style(n)
        chart.lines[k].strokeColor = shade
        chart.lines[k].strokeWidth = 2.0 if n == 0 else 1.0
        chart.lines[k].strokeDashArray = dash
        chart.lines[k].symbol = _marker(marker, 6 if n == 0 else 5, shade)
    if not drawn:  # only the axes: the placeholder line is not drawn
        chart.lines[0].strokeWidth = 0
        chart.lines[0].symbol = None
    d.add(chart)
    col_w = (width - 8) / columns
    for n, (name, _) in enumerate(series):
        marker, dash, shade = line_style(n)
        x = 4 + (n % columns) * col_w
        y = legend_h - legend_row * (n // columns + 1) + 2
        if n in drawn:
            d.add(Line(x, y + 3, x + 26, y + 3, strokeColor=shade, strokeWidth=2.0 if n == 0 else 1.0,
                       strokeDashArray=dash))
            m = _marker(marker, 5, shade)
            m.x, m.y = x + 13, y + 3
            d.add(m)
        room = col_w - 38  # a name stops short of the next column's line
        if n not in drawn:
            name = fit(name, 7.5, room - stringWidth(" (no score)", fonts.REGULAR, 7.5)) + " (no score)"
        d.add(String(x + 32, y, fit(name, 7.5, room), fontName=fonts.REGULAR, fontSize=7.5, fillColor=INK))
    return d


def _score_runs(values: list[float | None]) -> list[list[int]]:
    """The cycles with a score, in runs of neighbours: a line is drawn within a run, never across a gap."""
    runs: list[list[int]] = []
    for k, v in enumerate(values):
        if v is None:
            continue
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _style_axes(chart, *, category_size: float, value_size: float, top: float, step: float) -> None:
    """The house style of a chart's axes: the embedded font, thin ink lines, a dotted grid."""
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = category_size
    chart.categoryAxis.strokeColor = INK
    chart.categoryAxis.strokeWidth = 0.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = value_size
    chart.valueAxis.strokeColor = INK
    chart.valueAxis.strokeWidth = 0.5
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.gridStrokeDashArray = (1, 2)
