"""Small charts painted with QPainter: a radar of area scores, item bars and tiny area bars.

Series differ by line style and marker shape as well as colour, and a missing score is drawn
as a gap with the words "no score" / "no level", so nothing depends on colour alone. "No score"
covers both reasons an area has none (left out of the cycle, or too few answers): the page beside
the chart says which.
The overview shows a radar and area bars in the first window, so the painting goes through
`paint`, without PySide6's `Qt` namespace (its docstring says why).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from iah_assess.domain.records import points
from iah_assess.ui import paint
from iah_assess.ui.i18n import tr
from iah_assess.ui.paint import CENTER, DASH, DOT, HCENTER, LEFT, RIGHT, SOLID, TOP, VCENTER, WRAP, Dashes
from iah_assess.ui.widgets import tab_focus

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = (QColor("#0072B2"), QColor("#D55E00"), QColor("#009E73"))
# Cycles in greys, for a radar beside a chart whose colours are areas: there, blue as "Leadership"
# on one and as "2025/26" on the other would read as one thing (the lines and markers still differ).
CYCLE_GREYS = (QColor("#1f1f1f"), QColor("#7a7a7a"), QColor("#a8a8a8"))
SERIES_DASHES = (SOLID, DASH, DOT)
SERIES_MARKERS = ("circle", "square", "triangle")
BAR_COLOUR = QColor("#0072B2")
GRID_LEVELS = (25, 50, 75)

Score = float | None


def _fmt(value: Score) -> str:
    return tr("Charts", "no score") if value is None else str(points(value))


def _painter(widget: QWidget, grid_alpha: int) -> tuple[QPainter, QColor, QColor]:
    """An antialiased painter on the widget, its text colour (the painter's pen) and a faint
    one for the grid."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = p.pen().color()  # a painter on a widget starts with its text colour
    return p, text, paint.with_alpha(text, grid_alpha)


def _paint_empty(p: QPainter, rect: QRectF, message: str) -> None:
    """The message in the middle of an empty chart; ends the painting."""
    p.drawText(rect, CENTER, message)
    p.end()


def _paint_focus(p: QPainter, widget: QWidget, w: float, h: float) -> None:
    """A dashed frame round a chart that has the keyboard focus."""
    if widget.hasFocus():
        pal = widget.palette()
        paint.stroke(p, paint.rect(QRectF(0.5, 0.5, w - 1, h - 1)), pal.color(pal.ColorRole.Highlight), 1, DASH)


def _paint_legend_entry(p: QPainter, x0: float, y: float, row_h: float, style: tuple[QColor, Dashes, str],
                        text_w: float, name: str, flags: int = VCENTER | LEFT) -> None:
    """One legend line at (x0, y): a sample of the series' line with its marker, then its name
    (wrapped in `row_h` when `flags` say so)."""
    colour, dashes, marker = style
    mid = y + row_h / 2
    paint.stroke(p, paint.line(QPointF(x0, mid), QPointF(x0 + 36, mid)), colour, 2.2, dashes)
    paint.draw_marker(p, marker, QPointF(x0 + 18, mid), 8, colour)
    p.drawText(QRectF(x0 + 44, y, text_w, row_h), flags, name)


class _SeriesChart(QWidget):
    """Scores (0-100) of named series over labels (areas or cycles): the data, checked as it comes."""

    MAX_SERIES: int | None = None

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self._series: list[tuple[str, list[Score]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(accessible_name)
        tab_focus(self)

    # --- data ------------------------------------------------------------------------------

    def set_data(self, labels: list[str], series: list[tuple[str, list[Score]]]) -> None:
        if self.MAX_SERIES is not None and len(series) > self.MAX_SERIES:
            raise ValueError(f"a radar chart shows at most {self.MAX_SERIES} series")
        for name, values in series:
            if len(values) != len(labels):
                raise ValueError(f"series '{name}' has {len(values)} values for {len(labels)} labels")
        self._labels = list(labels)
        self._series = [(name, list(values)) for name, values in series]
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.updateGeometry()
        self.update()

    def labels(self) -> list[str]:
        return list(self._labels)

    def series(self) -> list[tuple[str, list[Score]]]:
        return [(n, list(v)) for n, v in self._series]

    def summary(self) -> str:
        raise NotImplementedError


LABEL_GAP = 8.0  # from the outer ring's end of a spoke to its label
LABEL_SPACE = 4.0  # at least, between two spoke labels
LABEL_WIDTHS = (4.5, 5, 6, 7, 8, 9, 10, 12, 14, 17, 20)  # tried for the spoke labels, in lines of text
LABEL_FONT_SCALES = (1.0, 0.9, 0.8)  # of the labels' letters: smaller only when no width keeps them apart

Box = tuple[float, float, float, float]  # left, top, right, bottom


class _RadarLayout(NamedTuple):
    centre: QPointF
    radius: float
    label_w: float
    legend_top: float
    label_font: QFont
    rects: list[QRectF]


class RadarChart(_SeriesChart):
    """Area scores (0-100) on spokes, for up to three series (such as this cycle and earlier ones)."""

    MAX_SERIES = 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(tr("Charts", "Radar chart of area scores"), parent)
        self._kept: tuple[tuple, _RadarLayout] | None = None  # the last layout and what it was for
        self.colours = SERIES_COLOURS  # CYCLE_GREYS beside a chart whose colours mean areas

    def axis_label(self, index: int) -> str:
        """The spoke's label, saying which series did not assess it (a series with no score at all
        says so in the legend instead, not at every spoke)."""
        label = self._labels[index]
        missing = [name for name, values in self._series if values[index] is None]
        if not self._series or not missing:
            return label
        if len(missing) == len(self._series):
            return tr("Charts", "{0} (no score)").format(label)
        blank = {name for name, values in self._series if self._blank(values)}
        missing = [name for name in missing if name not in blank]
        return tr("Charts", "{0} (no score in {1})").format(label, ", ".join(missing)) if missing else label

    @staticmethod
    def _blank(values: list[Score]) -> bool:
        """A series with no score at all, as a cycle with no answers yet: not drawn, said in the legend."""
        return all(v is None for v in values)

    def legend_name(self, k: int) -> str:
        name, values = self._series[k]
        return tr("Charts", "{0} (no score yet)").format(name) if self._blank(values) else name

    def summary(self) -> str:
        if not self._labels or not self._series:
            return tr("Charts", "No scores to show.")
        parts = []
        for i, label in enumerate(self._labels):
            values = "; ".join(f"{name}: {_fmt(values[i])}" for name, values in self._series)
            parts.append(f"{label} — {values}")
        return "\n".join(parts)

    # --- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(int(fm.height() * 34), int(fm.height() * 26))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(int(fm.height() * 18), int(fm.height() * 13))

    def _legend_entries(self, fm: QFontMetricsF) -> list[float]:
        """The width of each legend entry: a line sample with its marker, then the series' name."""
        return [44 + fm.horizontalAdvance(self.legend_name(k)) + 16 for k in range(len(self._series))]

    def _legend_in_a_row(self, fm: QFontMetricsF) -> bool:
        """Whether the legend's entries fit side by side (then the chart gets the lines they save)."""
        return sum(self._legend_entries(fm)) <= self.width() - 16

    def _legend_height(self, fm: QFontMetricsF) -> float:
        if not self._series:
            return 0.0
        return (fm.height() + 6) * (1 if self._legend_in_a_row(fm) else len(self._series))

    # --- painting ----------------------------------------------------------------------------

    def _geometry(self, fm: QFontMetricsF | None = None) -> tuple[QPointF, float, float, float]:  # noqa: ARG002 - the widget's own
        """The chart's centre and radius, the width its spoke labels wrap at and the top of the
        legend, for the widget's size (see _layout)."""
        layout = self._layout()
        return layout.centre, layout.radius, layout.label_w, layout.legend_top

    def label_rects(self) -> list[QRectF]:
        """Where each spoke's label is drawn (in label_font): no two overlap where any way of
        wrapping them keeps them apart at the widget's size."""
        return list(self._layout().rects)

    def label_font(self) -> QFont:
        """The spoke labels' font: the widget's, or a little smaller in a chart too small for it."""
        return self._layout().label_font

    def _layout(self) -> _RadarLayout:
        """Where everything goes, for the widget's size: the largest radius at which every spoke's
        label, as wrapped, stays inside the widget above the legend, with chart and legend
        together centred in the height.

        Labels wrap at a width that suits the widget. When at that width two would run into each
        other (long names with "(no score)" on neighbouring spokes, at large text, in a small
        chart), other widths are tried, and the one with the largest radius that keeps every
        label clear of the others is taken; only when none does are the labels' letters made a
        little smaller. Painting asks several times: the answer is kept until something changes."""
        texts = tuple(self.axis_label(i) for i in range(len(self._labels)))
        key = (self.width(), self.height(), self.font().key(), texts, tuple(name for name, _ in self._series))
        if self._kept is not None and self._kept[0] == key:
            return self._kept[1]
        fm = QFontMetricsF(self.font())
        w, h = float(self.width()), float(self.height())
        legend_h = self._legend_height(fm)
        room_h = max(1.0, h - legend_h - 4)
        best: tuple[float, float, float, QFont, list[Box]] | None = None  # shortfall, radius, width, font, boxes
        for scale in LABEL_FONT_SCALES:
            font = self.font()  # a copy
            if scale != 1.0:
                font.setPointSizeF(max(6.0, font.pointSizeF() * scale))
            lfm = QFontMetricsF(font)
            preferred = max(lfm.height() * 6, min(w * 0.26, lfm.height() * 11))
            tried = []
            for label_w in (preferred, *(lfm.height() * k for k in LABEL_WIDTHS)):
                boxes = [self._label_box(lfm, text, i, label_w) for i, text in enumerate(texts)]
                radius = self._largest_radius(boxes, w, room_h)
                tried.append((max(0.0, self._smallest_clear_radius(boxes) - radius), radius, label_w, font, boxes))
                if label_w == preferred and tried[0][0] == 0:
                    break  # the usual case: the preferred width keeps them apart
            clear = [t for t in tried if t[0] == 0]
            if clear:
                best = clear[0] if len(tried) == 1 else max(clear, key=lambda t: t[1])
                break
            closest = min(tried, key=lambda t: t[0])
            if best is None or closest[0] < best[0]:
                best = closest
        assert best is not None
        _, radius, label_w, font, boxes = best
        n = max(1, len(self._labels))
        ends = [(math.cos(a), math.sin(a)) for a in (-math.pi / 2 + 2 * math.pi * i / n for i in range(len(boxes)))]
        # the block from the highest label to the lowest, with the legend under it, centred
        top = min([-radius] + [(radius + LABEL_GAP) * sin + y0 for (_, sin), (_, y0, _, _) in zip(ends, boxes, strict=True)])
        bottom = max([radius] + [(radius + LABEL_GAP) * sin + y1 for (_, sin), (_, _, _, y1) in zip(ends, boxes, strict=True)])
        offset = max(0.0, (h - (bottom - top) - legend_h) / 2)
        centre = QPointF(w / 2, offset - top)
        rects = []
        for (cos, sin), (x0, y0, x1, y1) in zip(ends, boxes, strict=True):
            ax, ay = centre.x() + (radius + LABEL_GAP) * cos, centre.y() + (radius + LABEL_GAP) * sin
            bw, bh = x1 - x0, y1 - y0
            rects.append(QRectF(max(0.0, min(w - bw, ax + x0)), max(0.0, min(h - legend_h - bh, ay + y0)), bw, bh))
        layout = _RadarLayout(centre, radius, label_w, centre.y() + bottom + 4, font, rects)
        self._kept = (key, layout)
        return layout

    def _largest_radius(self, boxes: list[Box], w: float, room_h: float) -> float:
        """The largest radius at which every label stays inside the widget above the legend."""
        # each label hangs from a point LABEL_GAP beyond the ring's end of its spoke (_label_box).
        # Across, the chart stays in the middle: the radius is as large as lets each label stay
        # inside, spoke by spoke. Down, the block from the highest label to the lowest is centred
        # (_layout): it has only to be no higher than the room.
        n = max(1, len(self._labels))
        radius = w / 2 - LABEL_GAP
        for i, (x0, _, x1, _) in enumerate(boxes):
            coef = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
            if coef > 1e-6:  # the label's far edge: centre + (r + gap) * coef + x1 <= w
                radius = min(radius, (w / 2 - x1) / coef - LABEL_GAP)
            elif coef < -1e-6:
                radius = min(radius, (w / 2 + x0) / -coef - LABEL_GAP)
            else:
                radius = min(radius, w / 2 - max(x1, -x0))
        low, high = 0.0, max(0.0, min(radius, room_h / 2))
        if self._block_height(boxes, high) > room_h:
            for _ in range(30):  # the block grows with the radius
                mid = (low + high) / 2
                low, high = (mid, high) if self._block_height(boxes, mid) <= room_h else (low, mid)
            high = low
        return max(20.0, high)

    def _block_height(self, boxes: list[Box], radius: float) -> float:
        """From the highest label (or the top of the ring) to the lowest, at that radius."""
        n = max(1, len(self._labels))
        sines = [math.sin(-math.pi / 2 + 2 * math.pi * i / n) for i in range(len(boxes))]
        top = min([-radius] + [(radius + LABEL_GAP) * s + y0 for s, (_, y0, _, _) in zip(sines, boxes, strict=True)])
        bottom = max([radius] + [(radius + LABEL_GAP) * s + y1 for s, (_, _, _, y1) in zip(sines, boxes, strict=True)])
        return bottom - top

    def _smallest_clear_radius(self, boxes: list[Box]) -> float:
        """The smallest radius at which no two labels overlap (LABEL_SPACE apart at least).

        Labels move apart as the radius grows: two are clear once one lies wholly left of,
        right of, above or below the other, and each of those holds from some radius on."""
        n = max(1, len(self._labels))
        ends = [(math.cos(a), math.sin(a)) for a in (-math.pi / 2 + 2 * math.pi * i / n for i in range(len(boxes)))]
        needed = 0.0
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                b = boxes[j]
                clear = math.inf
                # a left of b: (r + gap) * (end_b - end_a) >= a's right - b's left + space; the
                # same the other way round, and on the vertical
                for axis, low, high in ((0, 0, 2), (1, 1, 3)):
                    for first, second, k in ((a, b, ends[j][axis] - ends[i][axis]), (b, a, ends[i][axis] - ends[j][axis])):
                        need = first[high] - second[low] + LABEL_SPACE
                        if k > 1e-6:
                            clear = min(clear, need / k - LABEL_GAP)
                        elif need <= 0:
                            clear = min(clear, 0.0)
                needed = max(needed, clear)
        return needed

    def _label_box(self, fm: QFontMetricsF, text: str, index: int, label_w: float) -> Box:
        """Spoke `index`'s label as wrapped at `label_w`, (left, top, right, bottom) from the point
        it hangs from: beside the spoke's end, away from the chart. A word longer than the width
        widens the label rather than being cut."""
        n = max(1, len(self._labels))
        angle = -math.pi / 2 + 2 * math.pi * index / n
        box = fm.boundingRect(QRectF(0, 0, label_w, 1000), WRAP, text)
        if box.width() > label_w:
            label_w = box.width() + 2
            box = fm.boundingRect(QRectF(0, 0, label_w, 1000), WRAP, text)
        bw, bh = min(label_w, box.width() + 2), box.height()
        cos, sin = math.cos(angle), math.sin(angle)
        x0 = -bw / 2 if abs(cos) < 0.2 else (0.0 if cos > 0 else -bw)
        y0 = -bh / 2 if abs(sin) < 0.2 else (0.0 if sin > 0 else -bh)
        return x0, y0, x0 + bw, y0 + bh

    def _scale_font(self) -> QFont:
        small = self.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        return small

    def scale_number_boxes(self) -> list[tuple[int, QRectF]]:
        """Where each ring's score (25, 50, 75, 100) is written: just inside its ring, right of
        the first spoke and its markers, so that the 100 stays clear of the first area's name."""
        centre, radius, _, _ = self._geometry()
        fm = QFontMetricsF(self._scale_font())
        return [(level, QRectF(centre.x() + 5, centre.y() - radius * level / 100 + 1, fm.horizontalAdvance(str(level)) + 2,
                               fm.height()))
                for level in (*GRID_LEVELS, 100)]

    def paintEvent(self, event: QPaintEvent) -> None:
        p, text, grid = _painter(self, 70)
        fm = QFontMetricsF(self.font())
        w, h = float(self.width()), float(self.height())
        if not self._labels:
            _paint_empty(p, QRectF(0, 0, w, h), tr("Charts", "No scores to show."))
            return
        legend_h = self._legend_height(fm)
        n = len(self._labels)
        layout = self._layout()
        centre, radius, legend_top = layout.centre, layout.radius, layout.legend_top

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = radius * max(0.0, min(100.0, value)) / 100
            return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

        # rings at 25/50/75/100 and spokes
        for level in (*GRID_LEVELS, 100):
            paint.stroke(p, paint.polygon([point(i, level) for i in range(n)]), grid, 1, SOLID if level == 100 else DOT)
        for i in range(n):
            paint.stroke(p, paint.line(centre, point(i, 100)), grid)

        # spoke labels, wrapped, placed outside the 100 ring on the side the spoke points to
        p.setFont(layout.label_font)
        for i, rect in enumerate(layout.rects):
            cos = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
            align = HCENTER if abs(cos) < 0.2 else (LEFT if cos > 0 else RIGHT)
            p.drawText(rect, align | VCENTER | WRAP, self.axis_label(i))
        p.setFont(self.font())

        # series: lines only between neighbouring assessed spokes, so a gap shows a missing area
        for k, (name, values) in enumerate(self._series):
            colour = self.colours[k]
            if k == 0 and all(v is not None for v in values):
                paint.fill(p, paint.polygon([point(i, v) for i, v in enumerate(values)]), paint.with_alpha(colour, 30))  # type: ignore[arg-type]
            for i in range(n):
                j = (i + 1) % n
                if n > 1 and values[i] is not None and values[j] is not None and (n > 2 or j > i):
                    paint.stroke(p, paint.line(point(i, values[i]), point(j, values[j])), colour, 2.2, SERIES_DASHES[k])  # type: ignore[arg-type]
            if self._blank(values):  # hollow markers at every spoke's centre end read as low scores
                continue
            for i, v in enumerate(values):
                if v is not None:
                    paint.draw_marker(p, SERIES_MARKERS[k], point(i, v), 8, colour)
                else:
                    # a hollow marker at the centre end of the spoke: "nothing here"
                    paint.draw_marker(p, SERIES_MARKERS[k], point(i, 6 + 6 * k), 7, colour, filled=False)

        # each ring's score, over the series on a backdrop of the widget's own background, so a
        # line or marker passing the first spoke there never hides it
        small = self._scale_font()
        ascent = QFontMetricsF(small).ascent()
        backdrop = paint.with_alpha(p.background().color(), 215)  # a painter on a widget starts with its background
        for level, box in self.scale_number_boxes():
            paint.fill(p, paint.rect(box), backdrop)
            paint.faint_text(p, QPointF(box.x() + 1, box.y() + ascent), str(level), small, 150)

        # legend: line sample, marker and name, centred under the chart: side by side when they fit,
        # else one series a line
        y = min(legend_top, h - legend_h)
        row_h = fm.height() + 6
        entries = self._legend_entries(fm)
        in_a_row = self._legend_in_a_row(fm)
        x0 = max(8.0, centre.x() - (sum(entries) if in_a_row else max(entries, default=0)) / 2)
        for k in range(len(self._series)):
            _paint_legend_entry(p, x0, y, row_h, (self.colours[k], SERIES_DASHES[k], SERIES_MARKERS[k]), w - x0 - 48,
                                self.legend_name(k))
            if in_a_row:
                x0 += entries[k]
            else:
                y += row_h
        _paint_focus(p, self, w, h)
        p.end()


def scale_labels(width: float, room: float) -> tuple[int, ...]:
    """The scores to write along a 0-100 scale `width` wide, each needing `room`: every quarter
    when they fit, else every half, else the ends."""
    for levels in ((0, 25, 50, 75, 100), (0, 50, 100)):
        if width / (len(levels) - 1) >= room:
            return levels
    return (0, 100)


class BarChart(QWidget):
    """Horizontal bars for the items of one area: score 0-100, or the words "no level" (no answers,
    or only "don't know" and "not applicable"), as in the report."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, Score, str]] = []
        # the rows' least heights by (width, font): a paint asked for them some five times over
        self._heights: dict[tuple[float, str], list[float]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(tr("Charts", "Bar chart of item scores"))
        tab_focus(self)

    def set_data(self, rows: list[tuple[str, Score, str]]) -> None:
        self._rows = [(label, score, flags) for label, score, flags in rows]
        self._heights.clear()
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, Score, str]]:
        return list(self._rows)

    def summary(self) -> str:
        if not self._rows:
            return tr("Charts", "No items to show.")
        lines = []
        for label, score, flags in self._rows:
            value = tr("Charts", "no level") if score is None else str(points(score))
            lines.append(f"{label}: {value}" + (f" ({flags})" if flags else ""))
        return "\n".join(lines)

    # --- layout ------------------------------------------------------------------------------

    # Given more height than its rows need (a large window), rows and bars grow to fill it, up to
    # these many lines of text: beyond, the bars would be slabs and the labels far from each other.
    ROW_MAX_LINES = 4.5
    BAR_MAX_LINES = 2.4
    BAR_MAX_WIDTH_LINES = 60.0  # the longest bar, 100 points, in lines of text: a wide screen leaves the rest
    # Beside their labels, bars of 100 points shorter than this many lines of text are too short to
    # tell 50 from 63 (large text on a small screen): each label then goes over its bar, which takes
    # the whole width.
    STACK_BELOW_LINES = 6.0

    def _label_width(self, width: float) -> float:
        fm = QFontMetricsF(self.font())
        return max(fm.height() * 7, min(width * 0.34, fm.height() * 22))

    def _value_width(self) -> float:
        """Room after a bar for its score and flags ("100 (agreed, was ⚑)")."""
        fm = QFontMetricsF(self.font())
        tails = [" ".join(t for t in ("100", flags) if t) for _, _, flags in self._rows]
        return max((fm.horizontalAdvance(t) for t in tails), default=0.0) + 12

    def stacked(self, width: float | None = None) -> bool:
        """Whether each label goes over its bar at this width (see STACK_BELOW_LINES)."""
        w = float(self.width() if width is None else width)
        beside = w - (self._label_width(w) + 10) - self._value_width()
        return beside < QFontMetricsF(self.font()).height() * self.STACK_BELOW_LINES

    def _bar_band(self) -> float:
        """Under a label over its bar: the bar's line and a little room round it."""
        return QFontMetricsF(self.font()).height() * 1.2 + 8

    def _row_heights(self, width: float) -> list[float]:
        """The least height of each row: a line and a half, more for a label that wraps; a label's
        lines and the bar's under them when the labels go over the bars."""
        fm = QFontMetricsF(self.font())
        if self.stacked(width):
            lw = max(1.0, width - 8)
            return [fm.boundingRect(QRectF(0, 0, lw, 10000), WRAP, label).height() + 2 + self._bar_band()
                    for label, _, _ in self._rows]
        lw = self._label_width(width)
        return [
            max(fm.height() * 1.6, fm.boundingRect(QRectF(0, 0, lw, 10000), WRAP, label).height() + 6)
            for label, _, _ in self._rows
        ]

    def _least_heights(self, width: float) -> list[float]:
        """_row_heights, measured once for a width, font and rows: painting, the layout's height for a
        width and the bars' places all ask for them. New rows (set_data) clear what was measured."""
        key = (float(width), self.font().key())
        least = self._heights.get(key)
        if least is None:
            if len(self._heights) >= 8:  # a window resized by hand: keep only the latest widths
                self._heights.clear()
            least = self._heights[key] = self._row_heights(width)
        return least

    def _fitted_row_heights(self, width: float, height: float) -> list[float]:
        """Each row's height in a chart of this size: the least it needs, and a share of the height
        left over, so that the bars spread over the chart, each row up to ROW_MAX_LINES lines."""
        least = self._least_heights(width)
        if not least:
            return list(least)
        tallest = QFontMetricsF(self.font()).height() * self.ROW_MAX_LINES
        extra = max(0.0, height - self.heightForWidth(int(width)))
        share = extra / len(least)
        return [max(h, min(h + share, tallest)) for h in least]

    def _header(self) -> float:
        return QFontMetricsF(self.font()).height() + 6

    def _columns(self, width: float) -> tuple[float, float, float]:
        """The label column's width, where the bars start, and the length of a bar of 100 points:
        what is left after the labels and the scores with their flags written after the bars (with
        the labels over the bars: the whole width but for the scores)."""
        fm = QFontMetricsF(self.font())
        lw, x0 = (width - 8, 4.0) if self.stacked(width) else (self._label_width(width), self._label_width(width) + 10)
        return lw, x0, min(fm.height() * self.BAR_MAX_WIDTH_LINES, max(20.0, width - x0 - self._value_width()))

    def _bar_height(self, least: list[float], fitted: list[float]) -> float:
        """One thickness for every bar: a line and a fifth, thicker by part of what the rows grew
        to fill the chart, up to BAR_MAX_LINES. (A row taller for a wrapped label does not get a
        thicker bar, which would read as more.)"""
        fm = QFontMetricsF(self.font())
        if self.stacked():
            return fm.height() * 1.2  # the band under each label is made for it
        grown = min((f - n for n, f in zip(least, fitted, strict=True)), default=0.0)
        lowest = min(fitted, default=fm.height() * 1.6)
        return min(lowest - 6, fm.height() * 1.2 + grown * 0.6, fm.height() * self.BAR_MAX_LINES)

    def bar_rects(self) -> list[QRectF | None]:
        """Where each item's bar is painted at the widget's size; None for an item with no level
        (its words stand there, not a bar)."""
        return self._bars(float(self.width()), float(self.height()))[3]

    def _bars(self, w: float, h: float) -> tuple[list[float], float, list[tuple[float, float]], list[QRectF | None]]:
        """The rows' heights, the bars' thickness, each bar's top with its row's height (_bar_places),
        and the bars."""
        _, x0, bar_w = self._columns(w)
        heights = self._fitted_row_heights(w, h)
        bar_h = self._bar_height(self._least_heights(w), heights)
        places = self._bar_places(w, heights, bar_h)
        rects: list[QRectF | None] = [
            None if score is None else QRectF(x0, top, max(1.5, bar_w * max(0.0, min(100.0, score)) / 100), bar_h)
            for (_, score, _), (top, _) in zip(self._rows, places, strict=True)]
        return heights, bar_h, places, rects

    def _bar_places(self, width: float, heights: list[float], bar_h: float) -> list[tuple[float, float]]:
        """Each row's bar top and the row's height: in the middle of the row beside its label, or
        under the label's lines with the labels over the bars."""
        y, out = self._header(), []
        stacked = self.stacked(width)
        for least, rh in zip(self._least_heights(width), heights, strict=True):
            label_h = least - self._bar_band()
            out.append((y + label_h + 2 + (self._bar_band() - bar_h) / 2 if stacked else y + (rh - bar_h) / 2, rh))
            y += rh
        return out

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(self._header() + sum(self._least_heights(width)) + 8)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        w = int(fm.height() * 40)
        return QSize(w, max(int(fm.height() * 4), self.heightForWidth(w)))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        w = int(fm.height() * 20)
        return QSize(w, int(fm.height() * 4))

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().resizeEvent(event)
        # rows grow when labels wrap: ask the layout for the height this width needs
        needed = self.heightForWidth(self.width())
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def paintEvent(self, event: QPaintEvent) -> None:
        p, _, grid = _painter(self, 80)
        w, h = float(self.width()), float(self.height())
        if not self._rows:
            _paint_empty(p, QRectF(0, 0, w, h), tr("Charts", "No items to show."))
            return
        lw, x0, bar_w = self._columns(w)
        header = self._header()
        heights, bar_h, places, rects = self._bars(w, h)
        bottom = header + sum(heights)
        stacked = self.stacked(w)
        # level gridlines with their scores on top; in a narrow chart only as many scores as fit apart;
        # with the labels over the bars, only beside the bars, not through the labels
        small = self.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        labelled = scale_labels(bar_w, QFontMetricsF(small).horizontalAdvance("100") + 6)
        spans = [(top - 3, top + bar_h + 3) for top, _ in places] if stacked else [(header - 2, bottom)]
        for level in (0, *GRID_LEVELS, 100):
            x = x0 + bar_w * level / 100
            for a, b in spans:
                paint.stroke(p, paint.line(QPointF(x, a), QPointF(x, b)), grid, 1, SOLID if level in (0, 100) else DASH)
            if level in labelled:
                p.drawText(QRectF(x - 20, 0, 40, header - 2), CENTER, str(level))
        p.setFont(self.font())

        y = header
        for (label, score, flags), (top, rh), bar in zip(self._rows, places, rects, strict=True):
            if stacked:  # the label over its bar, from the left
                p.drawText(QRectF(4, y, lw, top - y), LEFT | VCENTER | WRAP, label)
                band = QRectF(0, top, w, bar_h)
            else:
                p.drawText(QRectF(0, y, lw, rh), RIGHT | VCENTER | WRAP, label)
                band = QRectF(0, y, w, rh)
            if bar is None:
                # the words alone, in italics: a bar of any length would read as a score
                italic = self.font()
                italic.setItalic(True)
                p.setFont(italic)
                p.drawText(QRectF(x0 + 4, band.top(), w - x0 - 4, band.height()), VCENTER | LEFT, tr("Charts", "no level"))
                p.setFont(self.font())
                end = x0 + 4 + QFontMetricsF(italic).horizontalAdvance(tr("Charts", "no level"))  # flags after the words
                value = ""
            else:
                paint.fill(p, paint.rect(bar), BAR_COLOUR)
                end = bar.right()
                value = str(points(score))
            tail = " ".join(t for t in (value, flags) if t)
            if tail:
                p.drawText(QRectF(end + 6, band.top(), w - end - 6, band.height()), VCENTER | LEFT, tail)
            y += rh
        _paint_focus(p, self, w, h)
        p.end()


class AreaBars(QWidget):
    """Tiny vertical bars, one per area, for a table row or a card."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._bars: list[tuple[str, Score]] = []
        self.setAccessibleName(tr("Charts", "Area scores"))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_data(self, bars: list[tuple[str, Score]]) -> None:
        self._bars = list(bars)
        summary = "; ".join(f"{label}: {_fmt(score)}" for label, score in self._bars)
        self.setAccessibleDescription(summary)
        self.setToolTip("\n".join(f"{label}: {_fmt(score)}" for label, score in self._bars))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(max(24, len(self._bars) * 10 + 2), int(fm.height() * 1.5))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        faint = paint.with_alpha(p.pen().color(), 110)  # the widget's text colour, lighter
        h = float(self.height()) - 2
        n = len(self._bars)
        if n == 0:
            p.end()
            return
        step = (self.width() - 2) / n
        paint.stroke(p, paint.line(QPointF(0, h + 1), QPointF(self.width(), h + 1)), faint)
        for k, (_, score) in enumerate(self._bars):
            x = 1 + k * step
            bw = max(2.0, step - 3)
            if score is None:
                paint.hatch(p, QRectF(x, h * 0.5, bw, h * 0.5), faint, 4.0)
            else:
                bh = max(1.0, h * max(0.0, min(100.0, score)) / 100)
                paint.fill(p, paint.rect(QRectF(x, h + 1 - bh, bw, bh)), BAR_COLOUR)
        p.end()



# --- a line chart of scores across cycles -----------------------------------------------------------

# Okabe-Ito colours again, more of them: a line chart has one series per area.
LINE_COLOURS = (QColor("#0072B2"), QColor("#D55E00"), QColor("#009E73"), QColor("#CC79A7"),
                QColor("#E69F00"), QColor("#56B4E9"), QColor("#6F6F6F"))
LINE_DASHES = (SOLID, DASH, DOT, paint.DASH_DOT, paint.DASH_DOT_DOT)
LINE_MARKERS = ("circle", "square", "triangle", "diamond", "down", "cross", "plus")


def line_style(k: int) -> tuple[QColor, Dashes, str]:
    """The colour, dashes and marker of the k-th series; no two of the first 35 share all three."""
    return LINE_COLOURS[k % len(LINE_COLOURS)], LINE_DASHES[k % len(LINE_DASHES)], LINE_MARKERS[k % len(LINE_MARKERS)]


LEGEND_SHARE = 0.4  # of a line chart's height, at most, for its legend, where more columns can do it


class LineChart(_SeriesChart):
    """Scores (0-100) of several series (such as areas) across points in time (cycles).

    A missing score breaks the line: no line is drawn to or from it, and the legend names the
    cycles where the series has no score.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(tr("Charts", "Line chart of scores across cycles"), parent)

    def legend_label(self, k: int) -> str:
        """The series' name, saying where it has no score."""
        name, values = self._series[k]
        missing = [label for label, v in zip(self._labels, values, strict=True) if v is None]
        if not missing:
            return name
        if len(missing) == len(values):
            return tr("Charts", "{0} (no score)").format(name)
        return tr("Charts", "{0} (no score in {1})").format(name, ", ".join(missing))

    def summary(self) -> str:
        if not self._labels or not self._series:
            return tr("Charts", "No scores to show.")
        lines = []
        for name, values in self._series:
            lines.append(f"{name} — " + "; ".join(f"{label}: {_fmt(v)}" for label, v in zip(self._labels, values, strict=True)))
        return "\n".join(lines)

    # --- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(int(fm.height() * 36), int(fm.height() * 22))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(int(fm.height() * 18), int(fm.height() * 14))

    def _legend_rows(self, fm: QFontMetricsF, width: float, height: float) -> tuple[list[QRectF], list[float]]:
        """Where each series' name goes in the legend under the plot, from the legend's top, and
        the height of each row of the legend. As many columns as every name fits in whole; in a
        short chart (large text on a small screen), more, with the names wrapped, until the legend
        takes at most LEGEND_SHARE of the height, so that the plot keeps room for its lines. A name
        too long for its column wraps rather than being cut: the cycles where an area has no score,
        at its end, are the part that explains its gap."""
        n = len(self._series)
        widest = max((fm.horizontalAdvance(self.legend_label(k)) for k in range(n)), default=0.0)
        # a name wraps between its words, never within one: no column narrower than the longest word
        longest_word = max((fm.horizontalAdvance(w) for k in range(n) for w in self.legend_label(k).split()), default=0.0)
        whole = max(1, min(n, int((width - 8) // max(1.0, min(width - 8, 44 + widest + 20)))))
        best: tuple[float, list[QRectF], list[float]] | None = None
        for cols in range(whole, max(whole, n) + 1):
            col_w = (width - 8) / cols
            text_w = col_w - 48
            if cols > whole and (text_w < fm.averageCharWidth() * 10 or text_w < longest_word):
                break  # narrower columns would break the names into scraps, or a word in two
            rects, rows = self._legend_in(fm, cols, col_w, max(1.0, text_w))
            if best is None or sum(rows) < best[0]:
                best = (sum(rows), rects, rows)
            if sum(rows) <= LEGEND_SHARE * height:
                break
        assert best is not None
        return best[1], best[2]

    def _legend_in(self, fm: QFontMetricsF, cols: int, col_w: float, text_w: float) -> tuple[list[QRectF], list[float]]:
        row_h = fm.height() + 6
        heights = [max(row_h, fm.boundingRect(QRectF(0, 0, text_w, 10000), WRAP, self.legend_label(k)).height() + 6)
                   for k in range(len(self._series))]
        rows = [max(heights[r * cols:(r + 1) * cols]) for r in range(math.ceil(len(heights) / cols))]
        tops = [sum(rows[:r]) for r in range(len(rows))]
        rects = [QRectF(4 + (k % cols) * col_w + 44, tops[k // cols], text_w, rows[k // cols]) for k in range(len(heights))]
        return rects, rows

    def axis_scores(self) -> tuple[int, ...]:
        """The scores written along the side of the plot at the widget's size: every quarter where
        they stand apart, fewer in a short plot (large text on a small screen)."""
        fm = QFontMetricsF(self.font())
        _, rows = self._legend_rows(fm, float(self.width()), float(self.height()))
        top, bottom = fm.height() / 2 + 4, self.height() - sum(rows) - fm.height() - 16
        return scale_labels(max(20.0, bottom - top), fm.height())

    def legend_rects(self) -> list[QRectF]:
        """Where each series' name is written in the legend, in the widget."""
        fm = QFontMetricsF(self.font())
        rects, rows = self._legend_rows(fm, float(self.width()), float(self.height()))
        top = self.height() - sum(rows)
        return [r.translated(0, top) for r in rects]

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p, _, grid = _painter(self, 70)
        fm = QFontMetricsF(self.font())
        w, h = float(self.width()), float(self.height())
        if not self._labels or not self._series:
            _paint_empty(p, QRectF(0, 0, w, h), tr("Charts", "No scores to show."))
            return
        legend_rects, legend_rows = self._legend_rows(fm, w, h)
        legend_h = sum(legend_rows)
        left = fm.horizontalAdvance("100") + 12
        top = fm.height() / 2 + 4
        n = len(self._labels)
        step_w = (w - left - 8) / n
        bottom = h - legend_h - fm.height() - 16
        plot_h = max(20.0, bottom - top)

        def x_of(i: int) -> float:
            return left + step_w * (i + 0.5)

        def y_of(value: float) -> float:
            return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

        # gridlines at 0/25/50/75/100 with their scores on the left; in a short plot only as many
        # scores as stand apart
        labelled = self.axis_scores()
        for level in (0, *GRID_LEVELS, 100):
            y = y_of(level)
            paint.stroke(p, paint.line(QPointF(left, y), QPointF(w - 8, y)), grid, 1, SOLID if level in (0, 100) else DOT)
            if level in labelled:
                p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), RIGHT | VCENTER, str(level))
        # the cycles under the plot, elided when many share a narrow width
        for i, label in enumerate(self._labels):
            paint.stroke(p, paint.line(QPointF(x_of(i), bottom), QPointF(x_of(i), bottom + 4)), grid)
            shown = paint.elided(fm, label, step_w - 4)
            p.drawText(QRectF(x_of(i) - step_w / 2, bottom + 6, step_w, fm.height()), HCENTER | TOP, shown)

        # the series: a line only between neighbouring cycles that both have a score
        for k, (_, values) in enumerate(self._series):
            colour, dashes, marker = line_style(k)
            for i in range(n - 1):
                a, b = values[i], values[i + 1]
                if a is not None and b is not None:
                    paint.stroke(p, paint.line(QPointF(x_of(i), y_of(a)), QPointF(x_of(i + 1), y_of(b))), colour, 2.2, dashes)
            for i, v in enumerate(values):
                if v is not None:
                    paint.draw_marker(p, marker, QPointF(x_of(i), y_of(v)), 8, colour)

        # legend: line sample, marker and name, in as many columns as fit, a long name wrapped
        y0 = h - legend_h
        for k, rect in enumerate(legend_rects):
            _paint_legend_entry(p, rect.x() - 44, y0 + rect.y(), rect.height(), line_style(k), rect.width(),
                                self.legend_label(k), VCENTER | LEFT | WRAP)
        _paint_focus(p, self, w, h)
        p.end()
