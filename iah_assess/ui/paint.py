"""Painting for the charts, done without PySide6's `Qt` namespace, so that the first window is quick.

PySide6 makes the Python enums of the whole `Qt` namespace, 93 of them, the first time any one is
needed, and that takes 40-60 ms: a sixth of the app's start. `from PySide6.QtCore import Qt` needs
them, and so does any call given a `Qt` value (QLabel.setTextFormat, QWidget.setFocusPolicy). So
do calls that take no `Qt` value but have an overload that would: PySide6 makes the enums while
it chooses the overload. QPainter.setPen, setBrush and fillRect, QColor(QColor), QBrush(QColor)
and QAction.setShortcut are such calls. The first window (the main window, the overview and its
charts) is therefore built and painted without them:

- shapes are QPainterPaths, drawn by `stroke` and `fill` (QPainter.strokePath and fillPath take
  their one pen or brush, with no overloads);
- text is drawn with the painter's own pen, which is the widget's text colour; `faint_text`
  draws it lighter through the painter's opacity;
- flags are the plain ints below, and enum properties of widgets are set by name
  (widgets.plain_text, widgets.tab_focus); actions get their keys by setShortcuts.

A test in tests/ui/test_start_path.py starts the app and fails, naming the line, when the first
frame needs the namespace. Screens built later use `Qt` freely; the main window makes the
namespace once its first frame is on screen, so that the first key press does not wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

# Qt.AlignmentFlag and Qt.TextFlag values, for QPainter.drawText and QFontMetricsF.boundingRect.
LEFT, RIGHT, HCENTER = 0x0001, 0x0002, 0x0004
TOP, BOTTOM, VCENTER = 0x0020, 0x0040, 0x0080
CENTER = HCENTER | VCENTER
WRAP = 0x1000

# The dash patterns of Qt's pen styles, in pen widths: SOLID is Qt.PenStyle.SolidLine, DASH is
# DashLine and so on. They draw the same pixels as the styles.
Dashes = tuple[float, ...]
SOLID: Dashes = ()
DASH: Dashes = (4.0, 2.0)
DOT: Dashes = (1.0, 2.0)
DASH_DOT: Dashes = (4.0, 2.0, 1.0, 2.0)
DASH_DOT_DOT: Dashes = (4.0, 2.0, 1.0, 2.0, 1.0, 2.0)


def with_alpha(colour: QColor, alpha: int) -> QColor:
    """The colour with another opacity (0-255)."""
    return QColor(colour.red(), colour.green(), colour.blue(), alpha)


def pen(colour: QColor, width: float = 1.0, dashes: Dashes = SOLID) -> QPen:
    out = QPen()
    out.setColor(colour)
    out.setWidthF(width)
    if dashes:
        out.setDashPattern(list(dashes))
    return out


def brush(colour: QColor) -> QBrush:
    """A solid brush of the colour (a pen's brush is one: QBrush(colour) needs the namespace)."""
    return pen(colour).brush()


def stroke(p: QPainter, path: QPainterPath, colour: QColor, width: float = 1.0, dashes: Dashes = SOLID) -> None:
    p.strokePath(path, pen(colour, width, dashes))


def fill(p: QPainter, path: QPainterPath, colour: QColor) -> None:
    p.fillPath(path, brush(colour))


def line(a: QPointF, b: QPointF) -> QPainterPath:
    path = QPainterPath(a)
    path.lineTo(b)
    return path


def polygon(points: Sequence[QPointF]) -> QPainterPath:
    """The closed outline through the points."""
    path = QPainterPath()
    path.addPolygon(QPolygonF(list(points)))
    path.closeSubpath()
    return path


def rect(r: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(r)
    return path


def ellipse(centre: QPointF, rx: float, ry: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(centre, rx, ry)
    return path


def faint_text(p: QPainter, baseline: QPointF, text: str, font: QFont, alpha: int) -> None:
    """Text in the painter's pen colour made lighter (alpha 0-255), its baseline starting at
    `baseline`. The painter's font and opacity are as they were afterwards."""
    p.save()
    p.setOpacity(alpha / 255)
    p.setFont(font)
    p.drawText(baseline, text)
    p.restore()


def hatch(p: QPainter, r: QRectF, colour: QColor, spacing: float = 6.0) -> None:
    """A dashed frame with diagonal lines across it: the mark of a missing value."""
    lines = QPainterPath()
    # lines x + y = c, rising to the right, clipped to the rectangle
    c = r.left() + r.top() + spacing
    while c < r.right() + r.bottom():
        x0 = max(r.left(), c - r.bottom())
        x1 = min(r.right(), c - r.top())
        if x1 > x0:
            lines.moveTo(x0, c - x0)
            lines.lineTo(x1, c - x1)
        c += spacing
    stroke(p, lines, colour)
    stroke(p, rect(r), colour, 1, DASH)


def elided(fm: QFontMetricsF, text: str, width: float) -> str:
    """The text cut to the width with an ellipsis at its end. (Only for charts painted after the first window.)"""
    from PySide6.QtCore import Qt

    return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)


def make_qt_namespace() -> None:
    """Has PySide6 make the Qt namespace now: the main window calls it once its first frame is on
    screen, so that the first key press or click does not wait for it."""
    from PySide6.QtCore import Qt

    Qt.AlignmentFlag  # noqa: B018 - the import alone makes it; this says what is wanted


def marker(shape: str, centre: QPointF, size: float) -> QPainterPath:
    """A series marker's outline: circle, square, triangle, diamond, down (a triangle), cross or plus."""
    r = size / 2
    x, y = centre.x(), centre.y()
    if shape == "square":
        return rect(QRectF(x - r, y - r, size, size))
    if shape == "triangle":
        return polygon([QPointF(x, y - r * 1.15), QPointF(x + r * 1.1, y + r * 0.85), QPointF(x - r * 1.1, y + r * 0.85)])
    if shape == "diamond":
        d = r * 1.25
        return polygon([QPointF(x, y - d), QPointF(x + d, y), QPointF(x, y + d), QPointF(x - d, y)])
    if shape == "down":
        return polygon([QPointF(x, y + r * 1.15), QPointF(x + r * 1.1, y - r * 0.85), QPointF(x - r * 1.1, y - r * 0.85)])
    if shape == "cross":
        path = line(QPointF(x - r, y - r), QPointF(x + r, y + r))
        path.addPath(line(QPointF(x - r, y + r), QPointF(x + r, y - r)))
        return path
    if shape == "plus":
        path = line(QPointF(x - r * 1.2, y), QPointF(x + r * 1.2, y))
        path.addPath(line(QPointF(x, y - r * 1.2), QPointF(x, y + r * 1.2)))
        return path
    return ellipse(centre, r, r)


def draw_marker(p: QPainter, shape: str, centre: QPointF, size: float, colour: QColor, filled: bool = True) -> None:
    """The marker in the colour: filled, or only its outline when filled is False. A cross and a
    plus are lines, so always drawn as lines."""
    path = marker(shape, centre, size)
    if shape in ("cross", "plus"):
        stroke(p, path, colour, 2.4)
        return
    if filled:
        fill(p, path, colour)
    stroke(p, path, colour, 1.6)

