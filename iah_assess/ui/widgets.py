"""Small widgets shared by the views: the read-only banner, headings, scrolling pages and
plain-text labels. (The answering view's cards are in answer_parts, the table builders in
tables: the first window needs neither.)

The first window uses these, so they do without PySide6's `Qt` namespace (see paint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer
from PySide6.QtGui import QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from iah_assess.ui.i18n import tr

# Qt.TextFormat.PlainText and Qt.FocusPolicy.TabFocus. They are set through the widgets'
# properties: QLabel.setTextFormat and QWidget.setFocusPolicy need the whole Qt namespace.
PLAIN_TEXT = 0
TAB_FOCUS = 1


def plain_text(label: QLabel) -> QLabel:
    """The label shows its text as it is, never as markup: names and notes come from users."""
    label.setProperty("textFormat", PLAIN_TEXT)
    return label


class ElidedLabel(QLabel):
    """One line of plain text that, when the label is too narrow for it, ends in "…" and shows
    the whole text as its tooltip, instead of being cut off mid-word."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        plain_text(self)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        super().showEvent(event)
        self._fit()  # the first resize comes before the label shows, when it is not fitted

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        fm, width = self.fontMetrics(), self.contentsRect().width()
        if not self.isVisible() or fm.horizontalAdvance(self._full) <= width:  # laid out on showing; usually fits
            shown, tip = self._full, ""
        else:
            shown, tip = cut_to_fit(fm, self._full, width), self._full
        if self.text() != shown:
            self.setText(shown)
        self.setToolTip(tip)


def cut_to_fit(fm, text: str, width: float) -> str:  # noqa: ANN001 - QFontMetrics or QFontMetricsF
    """The text as it fits in `width`: whole, or its longest beginning that fits with "…" after it.
    Cut here rather than by QFontMetrics.elidedText, which needs the Qt namespace (see paint)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fm.horizontalAdvance(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


class ElidedComboBox(QComboBox):
    """A combo box whose chosen text, when too long for the box, ends in "…" rather than being
    cut off mid-letter with nothing to say so (two faculties of one university read alike); its
    tooltip has the text whole."""

    def event(self, event) -> bool:  # noqa: ANN001 - Qt's event type
        if event.type() == QEvent.Type.ToolTip:  # the text as it is now, however it was chosen (signals blocked too)
            QToolTip.showText(event.globalPos(), self.currentText(), self)
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        # A text with room to spare (the arrow and the frame take less than three heights) is
        # painted by QComboBox itself: most names are, and so the first frame needs neither QStyle's
        # Python class nor its enums, which PySide6 makes on first use (4 ms of the start).
        if self.fontMetrics().horizontalAdvance(self.currentText()) <= self.width() - 3 * self.height():
            super().paintEvent(event)
            return
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        p = QStylePainter(self)
        # QComboBox's own paintEvent sets the pen to the palette's Text first; setPen would make the Qt
        # namespace in the first frame (see paint), and the painter starts with the widget's text colour
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        p.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        opt.currentText = cut_to_fit(self.fontMetrics(), opt.currentText, field.width() - 4)
        p.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


def enable(widget: QWidget, on: bool, focus_instead: Callable[[], object]) -> None:
    """Enable or disable a control. One that loses its use while it has the focus (Move down at the
    bottom, Back at the first item) hands the focus to `focus_instead` (the table, the answers), not
    to the neighbour Qt would choose, where the next Space would undo what was just done."""
    if not on and widget.hasFocus():
        focus_instead()
    widget.setEnabled(on)


class UnmarkedList(QListWidget):
    """A list that gets the focus with no row marked keeps it so. Qt marks the first row, which
    acts as choosing it: the page list would go to the Overview, and the respondents' form would
    show the first person, whom the name typed next would rename. With no row marked, nothing in
    it would show the focus: a ring does (FocusRing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        FocusRing(self)

    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        if self.currentRow() >= 0:
            super().focusInEvent(event)
            return
        with blocked(self):
            super().focusInEvent(event)
            self.setCurrentRow(-1)


def tab_focus(widget: QWidget) -> None:
    """The widget (a chart, say) takes the keyboard focus by Tab, not by a click."""
    widget.setProperty("focusPolicy", TAB_FOCUS)


class Banner(QLabel):
    """A coloured strip across the window: read-only workspace, finalised cycle. A page's own
    banner is `muted` where the window's says the same above it: two strips saying one thing
    read as two things wrong."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.muted = False
        self.setWordWrap(True)
        self.setObjectName("banner")
        plain_text(self)
        self.setMargin(8)
        self.setStyleSheet("#banner { background: #fff4c2; color: #3d3000; border-bottom: 1px solid #d9c36a; }")
        self.setAccessibleName(tr("Banner", "Notice"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text) and not self.muted)


def push_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A button with the text (already translated). Its text is set after it is made: PySide6 weighs
    QPushButton(text, parent) against the overload with an icon, and that makes the QIcon class
    with its 150 theme icons, 3 ms of the start."""
    button = QPushButton(parent)
    button.setText(text)
    return button


def heading(text: str, parent: QWidget | None = None, scale: float = 1.4) -> QLabel:
    """A bold label in a larger size; the text is already translated."""
    label = QLabel(text, parent)
    make_heading(label, scale)
    return label


def make_heading(label: QLabel, scale: float = 1.4) -> None:
    """The label set as a heading: bold, `scale` times its size, wrapped."""
    f = QFont(label.font())
    f.setBold(True)
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * scale)
    label.setFont(f)
    label.setWordWrap(True)


PAGE_MARGIN = 16  # round a scrolling page, in pixels
TYPING_DELAY_MS = 1000  # typed text is saved this long after the last keystroke


class FocusRing(QObject):
    """A ring in the highlight colour drawn over a widget while it has the focus, for one that
    shows none of its own (a frameless scroll area). The ring is made when the widget first
    takes the focus: most starts never need it, nor the Qt namespace it sets its flags with."""

    def __init__(self, target: QWidget):
        super().__init__(target)
        self._ring: QWidget | None = None
        target.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's types
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            if self._ring is None:
                self._ring = _Ring(watched)
            self._ring.setGeometry(watched.rect())
            self._ring.setVisible(kind == QEvent.Type.FocusIn)
            self._ring.raise_()
        elif kind == QEvent.Type.Resize and self._ring is not None:
            self._ring.setGeometry(watched.rect())
        return False


class _Ring(QWidget):
    def __init__(self, parent: QWidget):
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks go to what is under it
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event) -> None:  # noqa: ANN001
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))


class ErrorLater:
    """Says a failure in a dialog once control is back in the event loop, never inside an undo
    stack's push, undo or redo; and once for a run of them (each key typed in a field may try to
    save). Called with the message; `show` opens the dialog."""

    def __init__(self, owner: QObject, show: Callable[[str], None]):
        self._owner, self._show, self.waiting = owner, show, False

    def __call__(self, message: str) -> None:
        if self.waiting:
            return
        self.waiting = True
        QTimer.singleShot(0, self._owner, lambda: self._shown(message))

    def _shown(self, message: str) -> None:
        try:
            self._show(message)
        finally:
            self.waiting = False


def say_when_full(edit: QLineEdit) -> QLineEdit:
    """A line whose text has a most length says so, next to it, when it is reached: typing on
    or pasting a longer text would otherwise stop or be cut without a word."""

    def reached(text: str) -> None:
        if len(text) >= edit.maxLength():
            QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()),
                              tr("Widgets", "At most %n character(s) fit here.", n=edit.maxLength()), edit)

    edit.textEdited.connect(reached)
    return edit


def scroll_page(owner: QWidget, spacing: int, name: str) -> tuple[QWidget, QVBoxLayout]:
    """Fills `owner` with a frameless scroll area; returns the page it scrolls and the page's
    layout (PAGE_MARGIN round it, `spacing` between rows).

    The scroll area takes the focus in its turn, so that the arrow and page keys scroll to what
    no control leads to (a chart); it is then named (`name`) and framed, as any focus is seen."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setAccessibleName(name)
    FocusRing(scroll)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.setSpacing(spacing)
    return body, layout


def text_label(parent: QWidget | None = None) -> QLabel:
    """An empty label for plain text (never read as markup) that wraps."""
    label = QLabel(parent)
    label.setWordWrap(True)
    return plain_text(label)


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
