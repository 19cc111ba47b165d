"""Answering: one item at a time, level cards, every change saved at once with a visible state.

The store holds the answers. The only thing held here is an edit on its way to the store: while
typing (saved a second after the last keystroke) or while a failed save waits for its retry.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.questionnaire import Item, Questionnaire
from iah_assess.domain.records import DONT_KNOW, LEVEL_NAMES, NOT_APPLICABLE, Answer, Response
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace, item_state_key
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.answer_parts import COUNT_ROLE, TITLE_ROLE, AreaLineDelegate, Collapsible, LevelCard, OtherAnswerButton
from iah_assess.ui.widgets import TYPING_DELAY_MS, FocusRing, blocked, enable, heading, text_label

log = logging.getLogger(__name__)
C = "Answer"
RETRY_MS = 3000
# Before the list widens for its items' titles, the item beside it keeps room for this many
# characters a line: the longest level descriptions of the shipped questionnaire take two lines.
READING_CHARS = 120

Edit = tuple[Answer | None, str, str]  # answer, comment, evidence


def area_line(title: str, answered: int, of: int) -> str:
    """An area's line in the list of items: its title and how many of its items have an answer."""
    return tr(C, "{0} ({1}/{2})").format(title, answered, of)


class AnswerView(QWidget):
    saved = Signal()
    save_state_changed = Signal(str)
    to_overview = Signal()  # from the empty page: where a cycle is chosen
    to_respondents = Signal()  # from the empty page: where who answers is chosen

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.respondent_id: int | None = None
        self.q: Questionnaire | None = None
        self.items: list[Item] = []
        self._area_of: dict[str, str] = {}
        self._area_nodes: dict[str, QTreeWidgetItem] = {}
        self._item_nodes: dict[str, QTreeWidgetItem] = {}
        self.index = -1
        self._stored: dict[str, Response] = {}
        self._pending: dict[tuple[int, str], Edit] = {}
        self._editable = False
        self.retry_ms = RETRY_MS
        self.save_state = ""

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.flush)
        self._remember = QTimer(self)  # the place is remembered shortly after moving, not on every key
        self._remember.setSingleShot(True)
        self._remember.setInterval(400)
        self._remember.timeout.connect(self.remember_place)

        # --- the actions (also in the window's Go menu) -----------------------------------
        self.next_action = QAction(tr(C, "&Next item"), self)
        self.next_action.setShortcuts([QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right)])
        self.prev_action = QAction(tr(C, "&Previous item"), self)
        self.prev_action.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.unanswered_action = QAction(tr(C, "Next &unanswered item"), self)
        self.unanswered_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_J))
        self.next_action.triggered.connect(self.next_item)
        self.prev_action.triggered.connect(self.previous_item)
        self.unanswered_action.triggered.connect(self.next_unanswered)

        # --- layout ---------------------------------------------------------------------------
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        split = self.split = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(split)
        self.tree = QTreeWidget(split)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr(C, "Areas and items"))
        # an area's line is cut in its title when the list is narrow, never in its count
        self.tree.setItemDelegate(AreaLineDelegate(area_line, self.tree))
        self._tree_dragged = False  # the user has put the divider where the list should end: it stays
        split.splitterMoved.connect(self._divider_dragged)
        split.setChildrenCollapsible(False)  # neither the list nor the item can be dragged out of sight
        self.tree.itemActivated.connect(self._tree_activated)
        self.tree.itemClicked.connect(self._tree_activated)
        self.tree.currentItemChanged.connect(self._tree_moved)  # the arrow keys: the page follows
        self.tree.installEventFilter(self)

        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.empty = QLabel(right)
        self.empty.setWordWrap(True)
        rl.addWidget(self.empty)
        self.empty_button = QPushButton(right)  # the way to what is missing, named by the text above it
        self.empty_button.clicked.connect(self._to_what_is_missing)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        rl.addLayout(empty_row)
        self.empty_gap = QWidget(right)  # under the empty page's text: the nav row stays at the bottom
        rl.addWidget(self.empty_gap, 1)
        # where the item is and its title stay above what scrolls: an answer far down the page,
        # at 150% text, scrolled into sight, never hides which item it answers
        self.head = QWidget(right)
        hl = QVBoxLayout(self.head)
        hl.setContentsMargins(0, 0, 8, 4)
        hl.setSpacing(4)
        self.where = text_label(self.head)
        self.item_title = heading("", self.head, 1.3)
        self.item_title.setTextFormat(Qt.TextFormat.PlainText)
        hl.addWidget(self.where)
        hl.addWidget(self.item_title)
        rl.addWidget(self.head)
        self.scroll = QScrollArea(right)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # a Tab stop, so that the arrow and page keys scroll to the guidance no control leads to:
        # named, and framed while it has the focus, as the scrolling pages are (widgets.scroll_page)
        self.scroll.setAccessibleName(tr(C, "The item, to scroll"))
        FocusRing(self.scroll)
        rl.addWidget(self.scroll, 1)
        page = QWidget()
        self.scroll.setWidget(page)
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 8, 0)
        pl.setSpacing(8)
        self.statement = text_label(page)
        f = self.statement.font()
        if f.pointSizeF() > 0:
            f.setPointSizeF(f.pointSizeF() * 1.15)
        self.statement.setFont(f)
        pl.addWidget(self.statement)

        self.group = QButtonGroup(self)
        self.cards: list[LevelCard] = []
        for level in range(len(LEVEL_NAMES)):
            card = LevelCard(level, page)
            self.cards.append(card)
            self.group.addButton(card)
            pl.addWidget(card)
        other = QHBoxLayout()
        self.dont_know = OtherAnswerButton(tr(C, "Don't know (D)"), page)
        self.dont_know.setAccessibleName(tr(C, "Don't know"))
        self.not_applicable = OtherAnswerButton(tr(C, "Not applicable (N)"), page)
        self.not_applicable.setAccessibleName(tr(C, "Not applicable"))
        for b in (self.dont_know, self.not_applicable):
            b.setCheckable(True)
            self.group.addButton(b)
            other.addWidget(b)
        self.clear_button = QPushButton(tr(C, "Clear answer (Del)"), page)  # an answer given by mistake can be taken back
        self.clear_button.setAccessibleName(tr(C, "Clear answer"))
        self.clear_button.clicked.connect(lambda: self.choose(None))
        other.addWidget(self.clear_button)
        other.addStretch(1)
        pl.addLayout(other)
        self.group.buttonClicked.connect(self._answer_clicked)

        self.guidance = Collapsible(tr(C, "Guidance"), page)
        self.prompts = Collapsible(tr(C, "Evidence to check"), page)
        pl.addWidget(self.guidance)
        pl.addWidget(self.prompts)
        form = QFormLayout()
        self.comment = QPlainTextEdit(page)
        self.comment.setAccessibleName(tr(C, "Comment"))
        self.comment.setPlaceholderText(tr(C, "Why this level? Anything the others should know."))
        self.evidence = QPlainTextEdit(page)
        self.evidence.setAccessibleName(tr(C, "Evidence"))
        self.evidence.setPlaceholderText(tr(C, "Documents, decisions or figures that back the answer."))
        for edit in (self.comment, self.evidence):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            edit.textChanged.connect(self._typed)
            edit.installEventFilter(self)  # reached by Alt+C or Alt+V too, not only by Tab: scrolled to
        form.addRow(tr(C, "&Comment:"), self.comment)
        form.addRow(tr(C, "E&vidence:"), self.evidence)
        pl.addLayout(form)
        pl.addStretch(1)

        nav = QHBoxLayout()
        self.back_button = QPushButton(tr(C, "← Back"), right)
        self.back_button.setToolTip(tr(C, "Previous item (Alt+Left)"))
        self.next_button = QPushButton(tr(C, "Next →"), right)
        self.next_button.setToolTip(tr(C, "Next item (Enter or Alt+Right)"))
        self.unanswered_button = QPushButton(tr(C, "Next unanswered"), right)
        self.unanswered_button.setToolTip(tr(C, "Next unanswered item (Ctrl+J)"))
        self.state_label = QLabel(right)
        self.state_label.setAccessibleName(tr(C, "Save state"))
        self.keys_label = QLabel(right)
        self.keys_label.setWordWrap(True)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.unanswered_button)
        nav.addWidget(self.state_label, 1, Qt.AlignmentFlag.AlignRight)
        rl.addLayout(nav)
        rl.addWidget(self.keys_label)
        self.back_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        self.unanswered_button.clicked.connect(self.next_unanswered)
        # the list keeps the width its text needs (_fit_tree); a wider window widens the item
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        self._page = page
        self._show_empty(tr(C, "Choose a cycle and a respondent first."))

    # --- context ------------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        self.flush()
        self._remember_now()
        if cycle_id != self.cycle_id:
            self.respondent_id = None
        self.cycle_id = cycle_id
        self.q = None
        self.items = []
        if cycle_id is not None:
            cycle = self.ws.cycle(cycle_id)
            self.q = self.ws.cycle_questionnaire(cycle)
            included = set(cycle.included_areas)
            self.items = [i for a in self.q.areas if a.id in included for i in a.items]
            self._area_of = {i.id: a.id for a in self.q.areas for i in a.items}
        self._build_tree()
        self.refresh()

    def set_respondent(self, respondent_id: int | None, item_id: str | None = None) -> None:
        self.flush()
        self._remember_now()
        self.respondent_id = respondent_id
        self._stored = self.ws.respondent_responses(respondent_id) if respondent_id is not None else {}
        target = item_id or (self.ws.state(item_state_key(respondent_id)) if respondent_id is not None else None)
        ids = [i.id for i in self.items]
        self.index = ids.index(target) if target in ids else (0 if ids else -1)
        self.refresh()

    def refresh(self) -> None:
        """Reread what may have changed elsewhere (finalising, respondents) and show the item."""
        if self.cycle_id is None:
            first = (tr(C, "Set up your institution first: the Overview starts you off.") if not self.ws.institutions()
                     else tr(C, "Choose a cycle first, or start a new one, on the Overview."))
            self._show_empty(first, tr(C, "Go to the Overview"))
            return
        people = {r.id for r in self.ws.respondents(self.cycle_id)}
        if self.respondent_id not in people:
            self.respondent_id = None
            self._stored = {}
            if self.ws.cycle(self.cycle_id).finalised or self.ws.read_only:
                self._show_empty(tr(C, "Choose whose answers to see: pick a respondent on the Respondents page."),
                                 tr(C, "Go to Respondents"))
            else:
                self._show_empty(tr(C, "Choose who is answering: pick a respondent on the Respondents page."),
                                 tr(C, "Go to Respondents"))
            return
        self._stored = self.ws.respondent_responses(self.respondent_id)  # type: ignore[arg-type]
        cycle = self.ws.cycle(self.cycle_id)
        self._editable = not (self.ws.read_only or cycle.finalised)
        for w in (self.empty, self.empty_button, self.empty_gap):
            w.hide()
        for w in (self.back_button, self.next_button, self.unanswered_button):
            w.show()
        self.head.show()
        self.scroll.show()
        self.tree.setEnabled(True)
        self._update_tree_counts()
        self._show_item()

    def _show_empty(self, text: str, way: str = "") -> None:
        """No item to show: why, and (`way`) a button to where that is put right."""
        self.empty.setText(text)
        self.empty.show()
        self.empty_gap.show()
        self.empty_button.setText(way)
        self.empty_button.setVisible(bool(way))
        self.head.hide()
        self.scroll.hide()
        self.tree.setEnabled(self.respondent_id is not None)
        for w in (self.back_button, self.next_button, self.unanswered_button):
            w.setEnabled(False)
            w.hide()  # nothing to move between
        for a in (self.next_action, self.prev_action, self.unanswered_action):
            a.setEnabled(False)

    def _to_what_is_missing(self) -> None:
        (self.to_overview if self.cycle_id is None else self.to_respondents).emit()

    # --- the tree of areas and items -------------------------------------------------------------

    def _build_tree(self) -> None:
        with blocked(self.tree):
            self.tree.clear()
            self._area_nodes = {}
            self._item_nodes = {}
            if self.q is None:
                return
            included = {self._area_of[i.id] for i in self.items}
            for area in self.q.areas:
                if area.id not in included:
                    continue
                node = QTreeWidgetItem([area.title])
                node.setData(0, TITLE_ROLE, area.title)
                node.setData(0, COUNT_ROLE, (0, len(area.items)))
                self.tree.addTopLevelItem(node)
                self._area_nodes[area.id] = node
                for item in area.items:
                    child = QTreeWidgetItem([item.title])
                    child.setToolTip(0, item.title)
                    child.setData(0, Qt.ItemDataRole.UserRole, item.id)
                    node.addChild(child)
                    self._item_nodes[item.id] = child
        self._fit_tree()

    def _tree_width_wanted(self) -> int:
        """The list's width for each area's line whole, its count included ("Stakeholder
        engagement (3/10)"), at the list's text size."""
        fm = self.tree.fontMetrics()
        # with every item answered, the widest count: the list does not change width as answers come
        lines = [area_line(node.data(0, TITLE_ROLE), node.data(0, COUNT_ROLE)[1], node.data(0, COUNT_ROLE)[1])
                 for node in self._area_nodes.values()]
        return self._tree_width_for(max((fm.horizontalAdvance(t) for t in lines), default=0), depth=1)

    def _tree_width_for_items(self) -> int:
        """The list's width for each item's line whole, its mark included ("✓ title")."""
        fm = self.tree.fontMetrics()
        mark = max(fm.horizontalAdvance("✓ "), fm.horizontalAdvance("○ "))
        return self._tree_width_for(mark + max((fm.horizontalAdvance(i.title) for i in self.items), default=0), depth=2)

    def _tree_width_for(self, text: int, depth: int) -> int:
        """The list's width for a line of `text` pixels `depth` branches deep: the branches'
        indentation, the margins of a line, the frame and room for a scroll bar."""
        margins = 2 * (self.tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        return (text + depth * self.tree.indentation() + margins + 2 * self.tree.frameWidth()
                + self.tree.verticalScrollBar().sizeHint().width())

    def _item_width_needed(self) -> int:
        """The least width of the item's side with nothing in it cut or scrolled sideways: the
        buttons under the cards, the moving buttons; the page in its scroll area with its scroll bar."""
        right = self.split.widget(1)
        margins = right.layout().contentsMargins()
        page = (self._page.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()
                + 2 * self.scroll.frameWidth() + margins.left() + margins.right())
        return max(right.minimumSizeHint().width(), page)

    def _fit_tree(self) -> None:
        """The list as wide as its areas' lines need at the text size, their counts whole; the
        item has the rest of the page. Never so wide that the item has less than it needs or less
        than half the page: there, an area's title is cut, its count is not (AreaLineDelegate),
        and the title is in the tooltip. In a wide window the list also widens for its items'
        titles, up to a third of the page, while the item keeps READING_CHARS a line. A width the
        user has dragged the divider to is kept."""
        fm = self.tree.fontMetrics()
        frame = self.tree.indentation() + 2 * self.tree.frameWidth() + self.tree.verticalScrollBar().sizeHint().width()
        self.tree.setMinimumWidth(frame + fm.averageCharWidth() * 16)  # a few words and a count, at any text size
        if self._tree_dragged or not self.split.isVisible():
            return  # fitted when shown, to the width the page then has
        total = sum(self.split.sizes())
        item_needs = self._item_width_needed()
        areas = min(self._tree_width_wanted(), total - item_needs, total // 2)
        reading = max(item_needs, self.fontMetrics().averageCharWidth() * READING_CHARS)
        items = min(self._tree_width_for_items(), total - reading, total // 3)
        want = max(areas, items, self.tree.minimumWidth())
        if self.split.sizes()[0] != want:
            self.split.setSizes([want, total - want])

    def _divider_dragged(self) -> None:
        self._tree_dragged = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_tree()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_tree()  # a narrower window: the item keeps what it needs; a wider one: the list is no wider

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_tree()  # the text size changed: the list follows

    def answered(self, item_id: str) -> bool:
        key = (self.respondent_id, item_id)
        if key in self._pending:
            return self._pending[key][0] is not None  # type: ignore[index]
        r = self._stored.get(item_id)
        return r is not None and r.answer is not None

    def _mark(self, item_id: str) -> None:
        node = self._item_nodes.get(item_id)
        if node is None:
            return
        item = self.q.item(item_id)  # type: ignore[union-attr]
        done = self.answered(item_id)
        node.setText(0, ("✓ " if done else "○ ") + item.title)
        node.setToolTip(0, (tr(C, "{0} — answered") if done else tr(C, "{0} — not answered yet")).format(item.title))

    def _update_area_count(self, area_id: str) -> None:
        node = self._area_nodes.get(area_id)
        if node is None:
            return
        area = self.q.area(area_id)  # type: ignore[union-attr]
        n = sum(1 for i in area.items if self.answered(i.id))
        node.setText(0, area_line(area.title, n, len(area.items)))
        node.setData(0, COUNT_ROLE, (n, len(area.items)))
        node.setToolTip(0, tr(C, "{0} — answered: {1} of {2}").format(area.title, n, len(area.items)))

    def _update_tree_counts(self) -> None:
        for item in self.items:
            self._mark(item.id)
        for area_id in self._area_nodes:
            self._update_area_count(area_id)

    def progress(self, area_id: str) -> tuple[int, int]:
        area = self.q.area(area_id)  # type: ignore[union-attr]
        return sum(1 for i in area.items if self.answered(i.id)), len(area.items)

    # --- one item ----------------------------------------------------------------------------------

    @property
    def current_item(self) -> Item | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def current_edit(self) -> Edit:
        """What the item holds now: an edit on its way to the store, else what is stored."""
        item = self.current_item
        key = (self.respondent_id, item.id) if item else None
        if key in self._pending:
            return self._pending[key]  # type: ignore[index]
        r = self._stored.get(item.id) if item else None
        return (None, "", "") if r is None else (r.answer, r.comment, r.evidence)

    def _show_item(self) -> None:
        item = self.current_item
        if item is None:
            self._show_empty(tr(C, "This cycle has no items to answer."))
            return
        area = self.q.area(self._area_of[item.id])  # type: ignore[union-attr]
        pos = [i.id for i in area.items].index(item.id) + 1
        self.where.setText(tr(C, "{0} · item {1} of {2} · overall {3} of {4}").format(
            area.title, pos, len(area.items), self.index + 1, len(self.items)))
        self.item_title.setText(item.title)
        self.statement.setText(item.statement)
        for level, card in enumerate(self.cards):
            card.set_texts(tr(C, "{0} · {1}").format(level, tr("Levels", LEVEL_NAMES[level])), item.levels[level])
            card.setAccessibleName(tr(C, "Level {0}, {1}").format(level, tr("Levels", LEVEL_NAMES[level])))
        self.guidance.set_text(item.guidance)
        self.prompts.set_text("\n".join(f"• {p}" for p in item.evidence_prompts))
        answer, comment, evidence = self.current_edit()
        with blocked(self.comment, self.evidence, self.tree):
            self._check_answer(answer)
            if self.comment.toPlainText() != comment:
                self.comment.setPlainText(comment)
            if self.evidence.toPlainText() != evidence:
                self.evidence.setPlainText(evidence)
            node = self._item_nodes.get(item.id)
            if node is not None:
                self.tree.setCurrentItem(node)
        for w in self.group.buttons():
            w.setEnabled(self._editable)
        # a cycle that cannot change: its comments stay in full colour, to be read and copied, and
        # the keys are those that move, not those that answer
        self.keys_label.setText(
            tr(C, "Keys: 0–4 level · D don't know · N not applicable · Del clear · Enter or Alt+→ next · Alt+← back · "
                  "Ctrl+J next unanswered") if self._editable
            else tr(C, "Keys: Enter or Alt+→ next · Alt+← back · Ctrl+J next unanswered. The answers can be read, not changed."))
        self.clear_button.setEnabled(self._editable and answer is not None)
        self.comment.setReadOnly(not self._editable)
        self.evidence.setReadOnly(not self._editable)
        enable(self.back_button, self.index > 0, self.focus_answer)  # at the first or last item: to the answers
        enable(self.next_button, self.index < len(self.items) - 1, self.focus_answer)
        self.unanswered_button.setEnabled(True)
        for a in (self.next_action, self.prev_action, self.unanswered_action):
            a.setEnabled(not self.isHidden())  # their keys work for the whole window: only while this page shows
        if not self._pending:
            self._set_state("finalised" if not self._editable else ("saved" if answer is not None or comment or evidence else ""))
        self.scroll.verticalScrollBar().setValue(0)
        self._remember.start()

    def close_down(self) -> bool:
        """Before the window closes: save what waits and remember the place. False if what waits
        could not be saved: it is kept, and retried, until the window does close (stop_retrying)."""
        ok = self.flush()
        self._remember_now()
        return ok

    def stop_retrying(self) -> None:
        """The window closes: what could not be saved is given up, as the user said."""
        self._retry.stop()

    def _remember_now(self) -> None:
        """Remember a place not yet remembered, before the respondent or cycle changes."""
        if self._remember.isActive():
            self.remember_place()

    def remember_place(self) -> None:
        self._remember.stop()
        item = self.current_item
        if self.respondent_id is None or item is None:
            return
        try:
            self.ws.set_state(item_state_key(self.respondent_id), item.id)
        except db.WorkspaceError:
            log.warning("could not remember the current item", exc_info=True)

    def focus_answer(self) -> bool:
        """Put the keyboard focus on the answer chosen (a card, Don't know or Not applicable), else
        the first card, ready for 0-4 and Enter; False when there is none to take it (no item, or a
        cycle that cannot change)."""
        chosen = self.group.checkedButton()  # a level's card, or Don't know / Not applicable
        target = chosen if chosen is not None else self.cards[0]
        if not (self.scroll.isVisible() and target.isEnabled()):
            return False
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        # scrolled no further than the answer needs: on a small screen Qt's margin of 50 pixels took
        # the item's statement out of sight above the answers
        self.scroll.ensureWidgetVisible(target, 0, 4)
        return True

    def go_to(self, item_id: str) -> bool:
        ids = [i.id for i in self.items]
        if item_id not in ids:
            return False
        self.flush()
        self.index = ids.index(item_id)
        self._show_item()
        return True

    def can_move(self) -> bool:
        """Whether there are items to move between: someone answers, on a questionnaire shown."""
        return self.respondent_id is not None and self.current_item is not None

    def next_item(self) -> None:
        if self.can_move() and self.index < len(self.items) - 1:
            self.flush()
            self.index += 1
            self._show_item()
            self._after_moving()

    def previous_item(self) -> None:
        if self.can_move() and self.index > 0:
            self.flush()
            self.index -= 1
            self._show_item()
            self._after_moving()

    def _after_moving(self) -> None:
        """After moving from the comment or evidence (Alt+arrows, Ctrl+J): the keys go to the new
        item's answers, not on into the text field, which has scrolled out of sight. From a card
        (4, then Enter): to the new item's chosen card, else its first, so that the focus frame
        is not left on the card chosen for the item before, where it looks chosen again."""
        if self.focusWidget() in (self.comment, self.evidence, *self.group.buttons()):
            self.focus_answer()

    def next_unanswered(self) -> bool:
        """The next item without an answer after this one, wrapping round; False when none other
        (it then says so: that every item has one, or that this is the only one left)."""
        if not self.can_move():
            return False
        n = len(self.items)
        for step in range(1, n):
            k = (self.index + step) % n
            if not self.answered(self.items[k].id):
                self.flush()
                self.index = k
                self._show_item()
                self._after_moving()
                return True
        self._set_state("only this one" if not self.answered(self.items[self.index].id) else "all answered")
        return False

    def _tree_moved(self, node: QTreeWidgetItem | None) -> None:
        """The list's marked item, moved by the arrow keys, is the item shown; the focus stays in
        the list, to move on. (Its area's line shows nothing new.)"""
        item_id = node.data(0, Qt.ItemDataRole.UserRole) if node is not None else None
        if item_id and (self.current_item is None or self.current_item.id != item_id):
            self.go_to(item_id)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's types
        if event.type() == event.Type.FocusIn and watched in (self.comment, self.evidence):
            self.scroll.ensureWidgetVisible(watched)  # the scroll area follows Tab, not a label's Alt+key
        # 0-4 in the list answer the item shown, as everywhere on the page; the list would search
        # its titles for a digit, which none starts with. Letters still search it.
        if watched is self.tree and event.type() == event.Type.KeyPress and self.current_item is not None:
            key = event.key()
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_0 <= key <= Qt.Key.Key_4:
                self.choose(int(key - Qt.Key.Key_0))
                return True
        return super().eventFilter(watched, event)

    def _tree_activated(self, node: QTreeWidgetItem) -> None:
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        if item_id and self.go_to(item_id):
            self.focus_answer()  # so that 0-4 answer it at once, not search the list

    # --- edits -> store --------------------------------------------------------------------------------

    def choose(self, answer: Answer | None) -> None:
        """Give the current item an answer (a level 0-4, don't know, not applicable), or none (None:
        the answer is taken back, the comment and evidence stay), saved at once."""
        item = self.current_item
        if item is None or not self._editable or self.respondent_id is None:
            return
        if answer is None and self.current_edit()[0] is None:
            return  # nothing to take back
        self._pending[(self.respondent_id, item.id)] = (answer, self.comment.toPlainText(), self.evidence.toPlainText())
        self._check_answer(answer)
        enable(self.clear_button, answer is not None, self.focus_answer)  # once cleared: to the answers
        self.flush()

    def _check_answer(self, answer: Answer | None) -> None:
        """Check the button of the answer (none for no answer), without answering again."""
        with blocked(self.group):
            self.group.setExclusive(False)  # so that every button can be unchecked
            for b in self.group.buttons():
                b.setChecked(False)
            if isinstance(answer, int):
                self.cards[answer].setChecked(True)
            elif answer == DONT_KNOW:
                self.dont_know.setChecked(True)
            elif answer == NOT_APPLICABLE:
                self.not_applicable.setChecked(True)
            self.group.setExclusive(True)

    def _answer_clicked(self, button) -> None:  # noqa: ANN001 (a QAbstractButton)
        if button is self.dont_know:
            self.choose(DONT_KNOW)
        elif button is self.not_applicable:
            self.choose(NOT_APPLICABLE)
        else:
            self.choose(button.level)

    def _typed(self) -> None:
        item = self.current_item
        if item is None or not self._editable or self.respondent_id is None:
            return
        answer = self.current_edit()[0]
        self._pending[(self.respondent_id, item.id)] = (answer, self.comment.toPlainText(), self.evidence.toPlainText())
        self._set_state("editing")
        self._typing.start()

    def flush(self) -> bool:
        """Send every waiting edit to the store; True when nothing is left unsaved."""
        self._typing.stop()
        if not self._pending:
            return True
        for key, (answer, comment, evidence) in list(self._pending.items()):
            respondent_id, item_id = key
            try:
                stored = self.ws.save_response(respondent_id, item_id, answer, comment, evidence)
            except Exception as exc:  # kept, shown as "not saved" and retried; details to the log
                log.warning("saving the answer to %s failed: %s", item_id, exc, exc_info=True)
                self._set_state("not saved", str(exc))
                self._retry.start(self.retry_ms)
                return False
            del self._pending[key]
            if respondent_id == self.respondent_id:
                self._stored[item_id] = stored
                self._mark(item_id)
                self._update_area_count(self._area_of[item_id])
        self._retry.stop()
        self._set_state("saved")
        self.saved.emit()
        return True

    def has_unsaved(self) -> bool:
        return bool(self._pending)

    def _set_state(self, state: str, detail: str = "") -> None:
        self.save_state = state
        texts = {
            "": "",
            "saved": tr(C, "✓ Saved"),
            "editing": tr(C, "Editing…"),
            "not saved": tr(C, "⚠ Not saved — retrying"),
            "finalised": tr(C, "Read-only"),
            "all answered": tr(C, "✓ Every item has an answer"),
            "only this one": tr(C, "Only this item is without an answer"),
        }
        self.state_label.setText(texts[state])
        self.state_label.setToolTip(detail)
        colour = "#a40000" if state == "not saved" else "#1b6e1b" if state in ("saved", "all answered") else ""
        self.state_label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.save_state_changed.emit(state)

    # --- keyboard ------------------------------------------------------------------------------------------

    def _show_chosen(self, button: QAbstractButton) -> None:
        """The answer just chosen by its key gets the focus and is scrolled into sight."""
        button.setFocus()
        self.scroll.ensureWidgetVisible(button)

    def _answer_keys_here(self) -> bool:
        """Whether 0-4, D and N answer where the focus is: on the answers, the moving buttons or the
        page itself. Not on another control (the toggle of Guidance or Evidence to check): a user
        who takes it for the comment field and types there would change the answer unawares."""
        focus = self.focusWidget()
        return focus is None or focus in (self, self.scroll, *self.group.buttons(), self.clear_button,
                                          self.back_button, self.next_button, self.unanswered_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """0-4, D, N and Enter, when the comment and evidence fields do not take the key."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.current_item is not None and mods == Qt.KeyboardModifier.NoModifier and not self._answer_keys_here() and (
                Qt.Key.Key_0 <= key <= Qt.Key.Key_4 or key in (Qt.Key.Key_D, Qt.Key.Key_N)):
            event.accept()  # on a section's toggle, say: what is typed there was meant for the comment
            return
        if self.current_item is not None and mods == Qt.KeyboardModifier.NoModifier:
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_4:
                self.choose(int(key - Qt.Key.Key_0))
                self._show_chosen(self.cards[int(key - Qt.Key.Key_0)])
                return
            if key == Qt.Key.Key_D:
                self.choose(DONT_KNOW)
                self._show_chosen(self.dont_know)
                return
            if key == Qt.Key.Key_N:
                self.choose(NOT_APPLICABLE)
                self._show_chosen(self.not_applicable)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                    self.focusWidget() in (*self.group.buttons(), self.clear_button)):
                self.choose(None)  # only on the answers: a key meant for the list or a field clears nothing
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                focus = self.focusWidget()
                if isinstance(focus, QAbstractButton) and focus not in self.group.buttons():
                    focus.click()  # Back, Next unanswered, the guidance toggle: Enter does what they say
                elif self.index < len(self.items) - 1 or not self._editable:
                    self.next_item()  # on an answer, or anywhere else: on to the next item
                else:  # the last: on to one still without an answer, from the start, else say that all have one
                    self.next_unanswered()
                return
        super().keyPressEvent(event)
