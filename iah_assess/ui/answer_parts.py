"""The answering view's own widgets: the level cards, the collapsible guidance sections and the
lines of the list of areas, whose counts are never cut."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

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
        # the answer given keeps its full colours when the card cannot change (a finalised cycle):
        # read back, it must stand out as clearly as when it was chosen
        active = QPalette.ColorGroup.Active
        bg = pal.color(active, QPalette.ColorRole.Highlight) if checked else pal.color(QPalette.ColorRole.Base)
        if not checked and self.underMouse() and self.isEnabled():
            bg = pal.color(QPalette.ColorRole.AlternateBase)
        fg = pal.color(active, QPalette.ColorRole.HighlightedText) if checked else pal.color(QPalette.ColorRole.Text)
        if not self.isEnabled() and not checked:
            fg = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(bg)
        border = (pal.color(active, QPalette.ColorRole.Highlight) if checked
                  else pal.color(QPalette.ColorRole.Highlight) if self.hasFocus() else pal.color(QPalette.ColorRole.Mid))
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


class OtherAnswerButton(QPushButton):
    """Don't know or Not applicable. Given, it is drawn as a chosen level's card is, in the
    highlight colours: a pressed button's shade alone is hard to tell from the others. It keeps
    them when it cannot change (a finalised cycle), so that it stands out when answers are read back."""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's event type
        if not self.isChecked():
            super().paintEvent(event)
            if self.hasFocus() and not self.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
                # a ring in the highlight colour: the style shows the focus only after Tab (then this would be a
                # second), and the keys put it here (D, then Del clears the answer and leaves it here)
                p = QPainter(self)
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
                p.setPen(QPen(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight), 2))
                p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
                p.end()
            return
        p = QPainter(self)
        pal = self.palette()
        active = QPalette.ColorGroup.Active
        fg = pal.color(active, QPalette.ColorRole.HighlightedText)
        r = self.rect().adjusted(1, 1, -2, -2)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(pal.color(active, QPalette.ColorRole.Highlight))
        p.setPen(QPen(pal.color(active, QPalette.ColorRole.Highlight), 3 if self.hasFocus() else 1))
        p.drawRoundedRect(r, 4, 4)
        if self.hasFocus():  # a dashed ring inside, as on a chosen card
            p.setPen(QPen(fg, 1, Qt.PenStyle.DashLine))
            p.drawRoundedRect(r.adjusted(2, 2, -2, -2), 3, 3)
        p.setPen(fg)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextShowMnemonic, self.text())
        p.end()


# An area's line in the list of items: its title, and its count of answers as (answered, of)
TITLE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
COUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class AreaLineDelegate(QStyledItemDelegate):
    """Draws an area's line ("Stakeholder engagement (3/10)") cut, when the list is too narrow,
    in the area's title, never in its count: the count is the progress, the title is in the tooltip.
    `line` makes the line from a title and the count, as the list's text does."""

    def __init__(self, line, parent=None):  # noqa: ANN001 - a callable (title, answered, of) -> str; a QObject
        super().__init__(parent)
        self.line = line

    def text_room(self, option: QStyleOptionViewItem) -> int:
        """The width the text has in a line of the width of `option.rect`, the style's margins off."""
        widget = option.widget
        style = widget.style() if widget is not None else None
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, widget) + 1 if style else 3
        return option.rect.width() - 2 * margin

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        count, title = index.data(COUNT_ROLE), index.data(TITLE_ROLE)
        if not count or title is None:
            return
        fm = option.fontMetrics
        room = self.text_room(option)
        if fm.horizontalAdvance(option.text) <= room:
            return
        answered, of = count
        rest = fm.horizontalAdvance(self.line("", answered, of))
        cut = fm.elidedText(title, Qt.TextElideMode.ElideRight, max(0, room - rest))
        option.text = self.line(cut, answered, of)
