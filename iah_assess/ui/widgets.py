"""Small widgets shared by the views: level cards, the read-only banner, collapsible sections,
and builders for the pieces many views repeat (labels with a buddy, filter fields, item tables)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QObject, QRect, QSignalBlocker, QSize, Qt, QTimer, SignalInstance
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from iah_assess.ui.i18n import tr

_PAD = 10
_GAP = 4
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)


class LevelCard(QAbstractButton):
    """A large selectable card: the level's number and name over its descriptor, wrapped."""

    def __init__(self, level: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        self._title = ""
        self._body = ""
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_texts(self, title: str, body: str) -> None:
        if (title, body) == (self._title, self._body):
            return
        self._title, self._body = title, body
        self.setText(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
        self.setToolTip(body)
        self.updateGeometry()
        self.update()

    def _title_font(self) -> QFont:
        f = QFont(self.font())
        f.setBold(True)
        return f

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        inner = max(40, width - 2 * _PAD)
        title_h = QFontMetrics(self._title_font()).boundingRect(QRect(0, 0, inner, 10000), _WRAP, self._title).height()
        body_h = self.fontMetrics().boundingRect(QRect(0, 0, inner, 10000), _WRAP, self._body).height()
        return title_h + _GAP + body_h + 2 * _PAD

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, self.heightForWidth(360))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, self.fontMetrics().height() * 2 + 2 * _PAD)

    def paintEvent(self, event) -> None:  # noqa: N802, ARG002
        p = QPainter(self)
        pal = self.palette()
        r = self.rect().adjusted(1, 1, -2, -2)
        checked = self.isChecked()
        bg = pal.color(QPalette.ColorRole.Highlight) if checked else pal.color(QPalette.ColorRole.Base)
        if not checked and self.underMouse() and self.isEnabled():
            bg = pal.color(QPalette.ColorRole.AlternateBase)
        fg = pal.color(QPalette.ColorRole.HighlightedText) if checked else pal.color(QPalette.ColorRole.Text)
        if not self.isEnabled():
            fg = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(bg)
        border = pal.color(QPalette.ColorRole.Highlight) if (checked or self.hasFocus()) else pal.color(QPalette.ColorRole.Mid)
        p.setPen(QPen(border, 3 if self.hasFocus() else 1))
        p.drawRoundedRect(r, 6, 6)
        if self.hasFocus():  # a second, dashed ring so focus shows on a selected card too
            p.setPen(QPen(fg if checked else border, 1, Qt.PenStyle.DashLine))
            p.drawRoundedRect(r.adjusted(4, 4, -4, -4), 4, 4)
        inner = self.rect().adjusted(_PAD, _PAD, -_PAD, -_PAD)
        p.setPen(fg)
        p.setFont(self._title_font())
        title_rect = p.boundingRect(inner, _WRAP, self._title)
        p.drawText(inner, _WRAP, self._title)
        p.setFont(self.font())
        p.drawText(inner.adjusted(0, title_rect.height() + _GAP, 0, 0), _WRAP, self._body)
        p.end()

    def enterEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().leaveEvent(event)


class Banner(QLabel):
    """A coloured strip across the window: read-only workspace, finalised cycle."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("banner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMargin(8)
        self.setStyleSheet("#banner { background: #fff4c2; color: #3d3000; border-bottom: 1px solid #d9c36a; }")
        self.setAccessibleName(tr("Banner", "Notice"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Collapsible(QWidget):
    """A titled section that opens and closes with a keyboard-reachable toggle."""

    def __init__(self, title: str, parent: QWidget | None = None, opened: bool = False):
        super().__init__(parent)
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setAccessibleName(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setContentsMargins(18, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self._set_open)
        self.toggle.setChecked(opened)
        self._set_open(opened)

    def _set_open(self, opened: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.body.setVisible(opened)

    def set_text(self, text: str) -> None:
        self.body.setText(text)


def heading(text: str, parent: QWidget | None = None, scale: float = 1.4) -> QLabel:
    """A bold label in a larger size; the text is already translated."""
    label = QLabel(text, parent)
    f = QFont(label.font())
    f.setBold(True)
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * scale)
    label.setFont(f)
    label.setWordWrap(True)
    return label


def scroll_page(owner: QWidget, spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """Fills `owner` with a frameless scroll area; returns the page it scrolls and the page's
    layout (16 pixel margins, `spacing` between rows)."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.setSpacing(spacing)
    return body, layout


def text_label(parent: QWidget | None = None) -> QLabel:
    """An empty label for plain text (never read as markup) that wraps."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """A text_label in dark red, for what stops a form from being saved."""
    label = text_label(parent)
    label.setStyleSheet("color: #a40000;")
    return label


def buddy_label(text: str, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A label (already translated, with its &-shortcut) that gives the focus to `buddy`."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def filter_field(placeholder: str, accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    """A one-line text filter with a clear button; both texts are already translated."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    edit.setClearButtonEnabled(True)
    return edit


def table_view(model: QAbstractItemModel, accessible_name: str, parent: QWidget | None = None, *,
               sort_column: int | None = None, single_selection: bool = True, word_wrap: bool = False) -> QTableView:
    """A read-only table that selects whole rows, with alternating row colours and no row numbers;
    sortable (and sorted by `sort_column`, ascending) when a sort column is given."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    if sort_column is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(word_wrap)
    table.verticalHeader().hide()
    return table


def fit_columns(table: QTableView, stretch: int, interactive: int, width: int) -> QHeaderView:
    """Columns fit their contents, except `stretch`, which takes the room left, and `interactive`,
    which starts `width` pixels wide and can be dragged. Returns the header."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(interactive, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(interactive, width)
    return header


def row_refitter(table: QTableView, *signals: SignalInstance) -> QTimer:
    """Re-measures the table's rows (for wrapped text) once control returns to the event loop
    after any of `signals`, however many fire together. Returns the timer that does it."""
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(table.resizeRowsToContents)
    for signal in signals:
        signal.connect(timer.start)
    return timer


def hline(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


@contextmanager
def blocked(*objects: QObject) -> Iterator[None]:
    """Model-to-widget updates: the widgets' signals stay quiet meanwhile."""
    blockers = [QSignalBlocker(o) for o in objects]
    try:
        yield
    finally:
        for b in blockers:
            b.unblock()
