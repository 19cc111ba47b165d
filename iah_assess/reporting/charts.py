"""Vector charts with reportlab.graphics: the radar of area scores, the bar chart of an area's items
and the lines of area scores across cycles.

Series differ by line style and fill as well as by shade, so they read in greyscale.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from iah_assess.reporting import fonts
from iah_assess.reporting.styles import ACCENT, INK, MUTED, PREVIOUS, RULE
from iah_assess.reporting.text import plain

CURRENT_FILL = colors.Color(0.12, 0.23, 0.36, alpha=0.18)


def _drawing(width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = fonts.REGULAR  # else the renderer opens with (unembedded) Helvetica
    return d


def radar(
    labels: list[str],
    scores: list[float | None],
    previous: list[float | None] | None,
    current_label: str,
    previous_label: str | None,
    width: float,
    height: float,
) -> Drawing:
    """Area scores 0-100 on spokes; the previous cycle as a dashed outline when there is one."""
    d = _drawing(width, height)
    legend_h = 22
    size = min(width - 84, height - legend_h - 30)
    chart = SpiderChart()
    chart.x = (width - size) / 2
    chart.y = legend_h + (height - legend_h - size) / 2
    chart.width = chart.height = size
    # Unscored areas sit at the centre; their spoke label says why.
    series = [[s if s is not None else 0 for s in scores]]
    if previous is not None:
        series.append([s if s is not None else 0 for s in previous])
    # A fixed 0-100 scale: an invisible outer ring pins the maximum.
    series.append([100] * len(scores))
    chart.data = series
    chart.labels = [
        plain(t, 28) + ("" if s is not None else " (no score)") for t, s in zip(labels, scores, strict=True)
    ]
    chart.strands[0].strokeColor = ACCENT
    chart.strands[0].fillColor = CURRENT_FILL
    chart.strands[0].strokeWidth = 1.6
    chart.strands[0].symbol = makeMarker("FilledCircle", size=4, fillColor=ACCENT, strokeColor=ACCENT)
    n_prev = 1
    if previous is not None:
        chart.strands[1].strokeColor = PREVIOUS
        chart.strands[1].fillColor = None
        chart.strands[1].strokeWidth = 1.1
        chart.strands[1].strokeDashArray = (3, 2)
        chart.strands[1].symbol = makeMarker("Square", size=3.5, fillColor=colors.white, strokeColor=PREVIOUS)
        n_prev = 2
    chart.strands[n_prev].strokeColor = RULE
    chart.strands[n_prev].fillColor = None
    chart.strands[n_prev].strokeWidth = 0.4
    chart.spokes.strokeColor = RULE
    chart.spokes.strokeWidth = 0.4
    chart.spokeLabels.fontName = fonts.REGULAR
    chart.spokeLabels.fontSize = 7
    chart.spokeLabels.fillColor = INK
    chart.strandLabels.fontName = fonts.REGULAR
    chart.strandLabels.fontSize = 6
    d.add(chart)
    # dotted rings at 25, 50, 75, the scores of levels 1 to 3; each ring's score (the outer ring's too) just
    # inside it by the first spoke, on a white backdrop over the series, so no line passing hides it
    cx, cy, r = chart.x + size / 2, chart.y + size / 2, size / 2
    n = len(scores)
    for score in (25, 50, 75):
        ring = []
        for i in range(n):  # the chart's spokes: the first due north, then clockwise
            angle = math.pi / 2 - 2 * math.pi * i / n
            ring += [cx + r * score / 100 * math.cos(angle), cy + r * score / 100 * math.sin(angle)]
        d.add(Polygon(ring, fillColor=None, strokeColor=RULE, strokeWidth=0.4, strokeDashArray=(0.6, 1.6)))
    for score in (25, 50, 75, 100):
        x, y = cx + 3, cy + r * score / 100 - 6.5  # just inside the ring
        d.add(Rect(x - 1, y - 1.5, stringWidth(str(score), fonts.REGULAR, 5.5) + 2, 6.5, fillColor=colors.white,
                   fillOpacity=0.85, strokeColor=None))
        d.add(String(x, y, str(score), fontName=fonts.REGULAR, fontSize=5.5, fillColor=MUTED))
    _legend(d, 4, 4, current_label, previous_label)
    return d


def _legend(d: Drawing, x: float, y: float, current: str, previous: str | None) -> None:
    d.add(Rect(x, y + 2, 14, 7, fillColor=CURRENT_FILL, strokeColor=ACCENT, strokeWidth=1.4))
    d.add(String(x + 18, y + 3, plain(f"{current} (solid)", 40), fontName=fonts.REGULAR, fontSize=7, fillColor=INK))
    if previous is not None:
        x2 = x + 130
        d.add(Line(x2, y + 5.5, x2 + 14, y + 5.5, strokeColor=PREVIOUS, strokeWidth=1.1, strokeDashArray=(3, 2)))
        d.add(String(x2 + 18, y + 3, plain(f"{previous} (dashed)", 40), fontName=fonts.REGULAR, fontSize=7,
                     fillColor=INK))


def item_bars(
    labels: list[str], levels: list[float | None], targets: list[int], width: float, scale_note: str
) -> Drawing:
    """One pair of bars per item: the level (solid) and the target (outlined), on the 0-4 scale."""
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
    chart.categoryAxis.categoryNames = [plain(t, 44) for t in reversed(labels)]
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

    A cycle in which a series has no score has no point there; a series with no score in any cycle
    has no line, and its legend entry says "no score". The first series is drawn thicker.
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
    # reportlab draws a line with no point as an empty polyline, which fails; one with no score is left out
    chart.data = [[None if v is None else float(v) for v in series[n][1]] for n in drawn] or [[0.0] * len(cycle_labels)]
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = [plain(t, 20) for t in cycle_labels]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    _style_axes(chart, category_size=7.5, value_size=7, top=100, step=25)
    for k, n in enumerate(drawn):
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
        else:
            name = f"{plain(name, 48)} (no score)"
        d.add(String(x + 32, y, plain(name, 60), fontName=fonts.REGULAR, fontSize=7.5, fillColor=INK))
    return d


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
