"""Agreeing levels: the items the team disagrees on, everyone's answers side by side, the agreed level and target."""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSignalBlocker,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import LEVEL_NAMES
from iah_assess.domain.scoring import CycleResult
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.models import ItemAnswersModel, ItemIdRole, ItemResultsModel, SortRole, level_text
from iah_assess.ui.results_view import ItemFilterProxy
from iah_assess.ui.tables import ColumnShares, row_refitter, sortable, wrap_words
from iah_assess.ui.widgets import TYPING_DELAY_MS, Banner, buddy_label, heading, text_label

C = "Agree"


class AnswersProxy(QSortFilterProxyModel):
    """The answers sorted by the model's sort keys. A row cut short (AnswersTable) shows whole in
    its cells' tooltips, wrapped to lines: a plain-text tooltip is one line, as wide as the text."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == ItemAnswersModel.RESPONDENT:
            value = super().data(index, Qt.ItemDataRole.DisplayRole)  # a long role may be cut short too
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and value:
            return f"<p style='white-space: pre-wrap'>{html.escape(value)}</p>"
        return value


class AnswersTable(QTableView):
    """Every respondent's answer side by side. A row is as high as its texts while they fit; when
    they do not (a comment of a page or two), the rows share the table's height, so that everyone's
    answer stays in sight: a comment cut short ends in "…", shows whole as its tooltip, and its row
    shows whole while it is selected (a click or the arrow keys)."""

    MIN_LINES = 2  # a row cut short still shows this many lines: the name and the role
    LONG_TEXTS = (ItemAnswersModel.COMMENT, ItemAnswersModel.EVIDENCE)  # what is cut short; the who and level only if need be

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fitter = QTimer(self)  # once control returns to the event loop, however many ask
        self._fitter.setSingleShot(True)
        self._fitter.setInterval(0)
        self._fitter.timeout.connect(self.fit_rows)
        self.viewport().installEventFilter(self)

    def setModel(self, model) -> None:  # noqa: ANN001, N802 - Qt's name and model type
        super().setModel(model)
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._fitter.start)
        self.selectionModel().selectionChanged.connect(self._fitter.start)
        self.horizontalHeader().sectionResized.connect(self._fitter.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._fitter.start()
        return super().eventFilter(watched, event)

    def _cell_height(self, option: QStyleOptionViewItem, row: int, col: int) -> int:
        index = self.model().index(row, col)
        option.rect = QRect(0, 0, self.columnWidth(col), 1)  # wrapped at the column's width
        return self.itemDelegateForIndex(index).sizeHint(option, index).height()

    def row_heights(self) -> list[int]:
        """Each row's height as fit_rows sets it: whole if it fits its share of the table's height
        or is selected, else its share in whole lines."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return []
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        line = self.fontMetrics().lineSpacing()
        grid = 1 if self.showGrid() else 0
        shown = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        needs, whos = [], []
        for row in range(model.rowCount()):
            cells = {c: self._cell_height(option, row, c) + grid for c in shown}
            needs.append(max(cells.values(), default=line))
            whos.append(max((h for c, h in cells.items() if c not in self.LONG_TEXTS), default=0))
        # no row lower than MIN_LINES; none lower than its name and role (and level) when all fit so
        floors = [min(need, self.MIN_LINES * line + grid + 2) for need in needs]
        if sum(max(f, w) for f, w in zip(floors, whos, strict=True)) <= self.viewport().height():
            floors = [max(f, w) for f, w in zip(floors, whos, strict=True)]
        # share the height: rows that need less than an even share get what they need, the others
        # split the rest (no row below its floor)
        room = self.viewport().height()
        heights = list(needs)
        left = sorted(range(len(needs)), key=lambda r: needs[r])
        while left:
            share = room / len(left)
            if needs[left[0]] <= share:
                room -= needs[left[0]]
                left.pop(0)
                continue
            for row in left:  # whole lines, with the room that leaves
                lines = max(1, int((share - grid - 2) // line))
                heights[row] = min(needs[row], max(floors[row], lines * line + grid + 2))
            spare = room - sum(heights[row] for row in left)
            for row in left:  # a line more for the first rows, while it lasts
                if spare >= line and heights[row] + line <= needs[row]:
                    heights[row] += line
                    spare -= line
            break
        selected = {i.row() for i in self.selectionModel().selectedRows()} if self.selectionModel() else set()
        return [needs[r] if r in selected else heights[r] for r in range(len(needs))]

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """High enough for the header and one answer's name and role, however short the window."""
        hint = super().minimumSizeHint()
        line = self.fontMetrics().lineSpacing()
        rows = self.horizontalHeader().sizeHint().height() + self.MIN_LINES * line + 3 + 2 * self.frameWidth()
        return QSize(hint.width(), max(hint.height(), rows))

    def fit_rows(self) -> None:
        for row, height in enumerate(self.row_heights()):
            if self.rowHeight(row) != height:
                self.setRowHeight(row, height)


class AgreeView(QWidget):
    """Settle disagreements: record an agreed level (and a note) and the target for each item."""

    decisions_changed = Signal(str)  # the item id whose agreed level or target changed

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None,
                 own_banner: bool = True):
        """`own_banner` False: the window's banner says the page's read-only state (see Banner.muted)."""
        super().__init__(parent)
        self._own_banner = own_banner
        self.workspace = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.questionnaire: Questionnaire | None = None
        self.result: CycleResult | None = None
        self.read_only = False
        self._item_id: str | None = None
        self._note_for: str | None = None  # the item whose note is being typed
        self._unsaved_note: tuple[int, str, str] | None = None  # cycle, item and note a save failed for
        self._status, self._stored_level = "", None  # the agreed level as recorded, in words and as a level
        self._keeping_choice = False  # while the list is refilled for the item shown
        self._build()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = heading(tr(C, "Agree levels"), self, 1.3)
        self.intro = QLabel(tr(C, "Items where the levels given are two or more apart come first. Look at everyone's "
                                  "answer together, then record the level you agree on; the results use it from then on."), self)
        self.intro.setWordWrap(True)
        self.read_only_label = Banner(self)
        self.read_only_label.muted = not self._own_banner
        self._finalised_text = tr(C, "This cycle is finalised: agreed levels and targets are read-only.")

        # left: the items
        self.model = ItemResultsModel(self)
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_only_flagged(True)
        self.show_all = QCheckBox(tr(C, "Show &all items"), self)
        self.show_all.setToolTip(tr(C, "Also list the items nobody disagrees on"))
        self.show_all.toggled.connect(self._show_all_toggled)
        self.items = QTableView(self)
        self.items.setModel(self.proxy)
        self.items.setAccessibleName(tr(C, "Items to agree on"))
        self.items.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        wrap_words(self.items)
        sortable(self.items)
        self.items.verticalHeader().hide()
        for col in range(self.model.columnCount()):
            if col not in (ItemResultsModel.ITEM, ItemResultsModel.LEVEL, ItemResultsModel.FLAG):
                self.items.setColumnHidden(col, True)
        header = self.items.horizontalHeader()
        self._item_columns = ColumnShares(self.items, self._list_shares(False))
        self.items.setColumnHidden(ItemResultsModel.FLAG, True)  # every listed item is flagged until "show all"
        self.items.sortByColumn(ItemResultsModel.FLAG, Qt.SortOrder.DescendingOrder)
        self.items.selectionModel().currentRowChanged.connect(self._current_changed)
        self._rows_timer = row_refitter(self.items, header.sectionResized, self.proxy.modelReset, self.proxy.layoutChanged)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.show_all)
        lv.addWidget(self.items, 1)
        lv.addWidget(self.empty_label)

        # right: the selected item
        self.item_title = text_label(self)
        bold = self.item_title.font()
        bold.setBold(True)
        self.item_title.setFont(bold)
        self.statement = text_label(self)
        self.summary = text_label(self)
        self.summary.setAccessibleName(tr(C, "Summary of the answers"))

        self.answers_model = ItemAnswersModel(self)
        answers_proxy = AnswersProxy(self)
        answers_proxy.setSourceModel(self.answers_model)
        answers_proxy.setSortRole(SortRole)
        self.answers = AnswersTable(self)
        self.answers.setModel(answers_proxy)
        self.answers.setAccessibleName(tr(C, "Every respondent's answer"))
        self.answers.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        wrap_words(self.answers)
        sortable(self.answers)
        self.answers.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.answers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.answers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.answers.verticalHeader().hide()
        ah = self.answers.horizontalHeader()
        A = ItemAnswersModel
        ah.setSectionResizeMode(A.LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        self._answer_columns = ColumnShares(
            # the name and the role on a line each where there is room: a row cut short keeps them
            self.answers, {A.COMMENT: 0.64, A.EVIDENCE: 0.36}, shrinkable=(A.RESPONDENT,))

        # the decision: agreed level with a note, and the target
        self.agreed_status = text_label(self)
        self.agreed_level = QComboBox(self)
        self.agreed_level.setAccessibleName(tr(C, "Agreed level"))
        self.agreed_level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.agreed_level.setToolTip(tr(C, "With no agreed level, the results use the median of the answers."))
        self.agreed_level.addItem(tr(C, "No agreed level"), None)
        self.agreed_level.currentIndexChanged.connect(self._level_chosen)
        for n, name in enumerate(LEVEL_NAMES):
            self.agreed_level.addItem(f"{n} {tr('Levels', name)}", n)
        # as wide as its longest entry, in whatever language: a combo cuts, not shortens, what does not fit
        self.agreed_level.setMinimumContentsLength(max(len(self.agreed_level.itemText(k)) for k in range(self.agreed_level.count())))
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(tr(C, "Note on the agreed level"))
        self.note.setPlaceholderText(tr(C, "Why the team settled on this level, and on what evidence"))
        self.note.setToolTip(tr(C, "The note is kept as you type. The level is recorded with Save."))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().height() * 2 + 14)
        # the note is kept as it is typed, as answers are; the level is recorded with Save
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(TYPING_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_note)
        self.note.textChanged.connect(self._note_typed)
        # short, beside "Agreed level:", so that the level chosen shows whole at 150% text
        self.save_button = QPushButton(tr(C, "&Save"), self)
        self.save_button.setAccessibleName(tr(C, "Save agreed level"))
        self.save_button.setToolTip(tr(C, "Record the level chosen as the agreed level"))
        self.save_button.clicked.connect(self.save_agreed)
        self.clear_button = QPushButton(tr(C, "&Clear"), self)
        self.clear_button.setAccessibleName(tr(C, "Clear agreed level"))
        self.clear_button.setToolTip(tr(C, "Take the agreed level away: the results use the median again"))
        self.clear_button.clicked.connect(self.clear_agreed)
        self.target = QComboBox(self)
        self.target.setAccessibleName(tr(C, "Target level"))
        self.target.currentIndexChanged.connect(self._target_changed)

        decide = QGroupBox(tr(C, "Decision"), self)
        form = QFormLayout(decide)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        margins = form.contentsMargins()  # a little tighter than the style's: the answers above need the height
        form.setContentsMargins(margins.left(), margins.top() // 2, margins.right(), margins.bottom() // 2)
        form.setVerticalSpacing(4)
        form.addRow(self.agreed_status)
        level_row = QHBoxLayout()  # the level and its buttons on one line: the answers above need the height
        level_row.addWidget(self.agreed_level, 1)
        level_row.addWidget(self.save_button)
        level_row.addWidget(self.clear_button)
        form.addRow(buddy_label(tr(C, "Agreed &level:"), self.agreed_level, self), level_row)
        form.addRow(buddy_label(tr(C, "&Note:"), self.note, self), self.note)
        form.addRow(buddy_label(tr(C, "&Target:"), self.target, self), self.target)
        # Tab as the eye reads: the level, its buttons on the same row, then the note and the target
        for before, after in zip((self.agreed_level, self.save_button, self.clear_button, self.note),
                                 (self.save_button, self.clear_button, self.note, self.target)):
            QWidget.setTabOrder(before, after)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.item_title)
        rv.addWidget(self.statement)
        rv.addWidget(self.summary)
        # the answers and the decision share the height; the user can give either more
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical, right)
        self.detail_splitter.addWidget(self.answers)
        self.detail_splitter.addWidget(decide)
        self.detail_splitter.setChildrenCollapsible(False)
        self.detail_splitter.setStretchFactor(0, 1)
        self.detail_splitter.setStretchFactor(1, 0)
        rv.addWidget(self.detail_splitter, 1)
        # wide enough for the answers' four columns without a sideways scroll bar, which would
        # take the height of the one answer a small screen at large text has room for
        right.setMinimumWidth(self.fontMetrics().averageCharWidth() * 74)
        self.detail = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()  # the intro beside the title: the answers below need the height
        top.addWidget(self.title, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        top.addWidget(self.intro, 1)
        layout.addLayout(top)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.splitter, 1)
        self._show_item(None)

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(1, self.splitter.width())
            self.splitter.setSizes([int(total * 0.36), total - int(total * 0.36)])  # the answers get the more

    # --- data --------------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        self.flush_note()  # into the cycle it was typed in
        if cycle_id != self.cycle_id:
            # a level chosen and not recorded belongs to the item left (the window asked about it
            # before choosing another cycle): it is never recorded in the next cycle
            with QSignalBlocker(self.agreed_level):
                self.agreed_level.setCurrentIndex(max(0, self.agreed_level.findData(self._stored_level)))
            self._item_id = None
        self.cycle_id = cycle_id
        self.refresh()

    def has_changes(self) -> bool:
        """Whether a level is chosen for the item shown and not recorded."""
        return (not self.read_only and self.cycle_id is not None and self._item_id is not None
                and self.agreed_level.isEnabled() and self.agreed_level.currentData() != self._stored_level)

    def refresh(self) -> None:
        self.flush_note()
        keep = self.current_item_id()
        if self.cycle_id is None:
            self.questionnaire = self.result = None
            self.model.set_result(None, None)
            self.read_only_label.hide()
            self._show_item(None)
            self._update_empty()
            return
        cycle = self.workspace.cycle(self.cycle_id)
        self.questionnaire = self.workspace.cycle_questionnaire(cycle)
        self.result = self.workspace.cycle_result(self.cycle_id)
        self.read_only = cycle.finalised or self.workspace.read_only
        if cycle.finalised:
            self.read_only_label.show_message(self._finalised_text)
        elif self.workspace.read_only:
            self.read_only_label.show_message(tr(C, "The workspace is open read-only: agreed levels and targets cannot change."))
        else:
            self.read_only_label.show_message("")
        with QSignalBlocker(self.target):
            self.target.clear()
            self.target.addItem(tr(C, "Cycle default ({0})").format(level_text(cycle.default_target)), None)
            for n, name in enumerate(LEVEL_NAMES):
                self.target.addItem(f"{n} {tr('Levels', name)}", n)
        self.model.set_result(self.questionnaire, self.result)
        # only items of assessed areas can be agreed on
        self.proxy.set_area(None)
        self._select(keep)
        self._update_empty()

    def _select(self, item_id: str | None) -> None:
        row = -1
        if item_id is not None:
            for r in range(self.proxy.rowCount()):
                if self.proxy.data(self.proxy.index(r, 0), ItemIdRole) == item_id:
                    row = r
                    break
        if row < 0 and self.proxy.rowCount() > 0:
            row = 0
        if row < 0:
            self._show_item(None)
            return
        index = self.proxy.index(row, ItemResultsModel.ITEM)
        wanted = self.proxy.data(index, ItemIdRole)
        if wanted != self._item_id and not self._keeping_choice and not self.settle():
            self._back_to_item()  # the user stays on the item, with the level chosen for it
            return
        self.items.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.items.scrollTo(index)
        self._show_item(wanted)

    def current_item_id(self) -> str | None:
        index = self.items.selectionModel().currentIndex()
        return self.proxy.data(index, ItemIdRole) if index.isValid() else None

    def select_item(self, item_id: str) -> None:
        """Show one item, listing all items if it is not flagged."""
        if not any(self.proxy.data(self.proxy.index(r, 0), ItemIdRole) == item_id for r in range(self.proxy.rowCount())):
            self.show_all.setChecked(True)
        self._select(item_id)

    @staticmethod
    def _list_shares(show_all: bool) -> dict[int, float]:
        M = ItemResultsModel
        return {M.ITEM: 0.46, M.LEVEL: 0.3, M.FLAG: 0.24} if show_all else {M.ITEM: 0.6, M.LEVEL: 0.4}

    def _show_all_toggled(self, checked: bool) -> None:
        if not self.settle():  # a level chosen and not recorded: the user stays, and so does the list
            with QSignalBlocker(self.show_all):
                self.show_all.setChecked(not checked)
            return
        self.flush_note()  # before the list is filtered again
        keep = self.current_item_id()
        self.proxy.set_only_flagged(not checked)
        self.items.setColumnHidden(ItemResultsModel.FLAG, not checked)
        self._item_columns.set_shares(self._list_shares(checked))
        self._select(keep)
        self._update_empty()

    def _update_empty(self) -> None:
        if self.cycle_id is None:
            text = tr(C, "Choose a cycle first.")
        elif self._nothing_flagged():
            text = tr(C, "No item is flagged.")  # what to do is said beside it, where an item would be
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        if self._item_id is None:
            self._show_item(None)  # the side where an item would be says why there is none

    def _nothing_flagged(self) -> bool:
        return self.cycle_id is not None and self.proxy.rowCount() == 0 and not self.show_all.isChecked()

    def _current_changed(self, current, previous) -> None:  # noqa: ANN001, ARG002 - Qt's indexes
        if not self._keeping_choice and not self.settle():  # a level chosen and not recorded is asked about
            QTimer.singleShot(0, self, self._back_to_item)  # the user stays: so does the list, once this move is over
            return
        self.flush_note()  # the note shown belongs to the item being left
        self._show_item(self.proxy.data(current, ItemIdRole) if current.isValid() else None)

    def _back_to_item(self) -> None:
        """The list marks the item shown again, leaving the level chosen for it as it is."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(r, 0), ItemIdRole) == self._item_id:
                index = self.proxy.index(r, ItemResultsModel.ITEM)
                with QSignalBlocker(self.items.selectionModel()):
                    self.items.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.items.viewport().update()
                return

    def _show_item(self, item_id: str | None) -> None:
        self._item_id = item_id
        if item_id is None or self.questionnaire is None or self.result is None or self.cycle_id is None:
            if self._nothing_flagged():  # not an empty pane beside an empty list: what there is to do
                self.item_title.setText(tr(C, "Nothing to discuss: the team's answers agree"))
                self.statement.setText(tr(C, "Every item's levels are less than two apart. To record an agreed level "
                                             "or a target for an item all the same, tick \"Show all items\" (Alt+A)."))
            else:
                self.item_title.setText(tr(C, "No item selected"))
                self.statement.clear()
            self.summary.clear()
            self.agreed_status.clear()
            self.answers_model.set_answers([])
            for w in (self.agreed_level, self.note, self.save_button, self.clear_button, self.target):
                w.setEnabled(False)
            return
        item = self.questionnaire.item(item_id)
        area = self.questionnaire.area_of(item_id)
        res = self.result.item(item_id)
        included = self.result.area(area.id).included
        self.item_title.setText(f"{area.title} — {item.title}")
        self.statement.setText(item.statement)
        if not included:
            summary = tr(C, "This area is not assessed in this cycle.")
        elif not res.levels:
            summary = tr(C, "No respondent gave a level ({0} don't know, {1} not applicable).").format(
                res.n_dont_know, res.n_not_applicable)
        else:
            summary = tr(C, "Median {0} · levels given {1}–{2} by %n respondent(s) · {3} don't know · {4} not applicable",
                         n=res.n_answered).format(level_text(res.median), res.min, res.max, res.n_dont_know, res.n_not_applicable)
            if res.disagreement:
                summary += " · " + tr(C, "⚑ disagree")
        self.summary.setText(summary)
        responses = {r.respondent_id: r for r in self.workspace.responses(self.cycle_id) if r.item_id == item_id}
        self.answers_model.set_answers([(p, responses.get(p.id)) for p in self.workspace.respondents(self.cycle_id)])
        decision = self.workspace.decisions(self.cycle_id).get(item_id)
        if res.agreed:
            status = tr(C, "Agreed level: {0}. The results use it, not the median.").format(level_text(res.agreed_level))
        else:
            status = tr(C, "No agreed level yet: the results use the median.")
        self._status, self._stored_level = status, res.agreed_level
        self.agreed_status.setText(status)
        with QSignalBlocker(self.agreed_level):
            self.agreed_level.setCurrentIndex(max(0, self.agreed_level.findData(res.agreed_level)))
        with QSignalBlocker(self.note):
            self.note.setPlainText(decision.agreed_note if decision else "")
            if self._unsaved_note is not None and self._unsaved_note[:2] == (self.cycle_id, item_id):
                self.note.setPlainText(self._unsaved_note[2])  # what could not be saved yet, not lost
        with QSignalBlocker(self.target):
            self.target.setCurrentIndex(max(0, self.target.findData(decision.target if decision else None)))
        editable = not self.read_only and included
        for w in (self.agreed_level, self.note, self.save_button, self.target):
            w.setEnabled(editable)
        self.clear_button.setEnabled(editable and res.agreed)

    # --- decisions ---------------------------------------------------------------------------

    def save_agreed(self) -> None:
        self._set_agreed(self.agreed_level.currentData(), self.note.toPlainText().strip())

    def clear_agreed(self) -> None:
        """The results go back to the median; the note stays, as it may say why."""
        self._set_agreed(None, self.note.toPlainText().strip())

    def _level_chosen(self) -> None:
        """Says so while the level chosen is not the one recorded: only Save records it."""
        chosen = self.agreed_level.currentData()
        if chosen == self._stored_level:
            self.agreed_status.setText(self._status)
        else:
            self.agreed_status.setText(tr(C, "{0} is chosen but not recorded: Save records it.").format(
                level_text(chosen) if chosen is not None else tr(C, "No agreed level")))

    def settle(self) -> bool:
        """Before another item, page or cycle, or closing: a level chosen and not recorded is
        recorded (with the note), or the choice goes back to the recorded level, as the user says.
        False when the user would rather stay on the item, or it could not be recorded (the user
        was told)."""
        if self.read_only or self.cycle_id is None or self._item_id is None or not self.agreed_level.isEnabled():
            return True
        chosen = self.agreed_level.currentData()
        if chosen == self._stored_level:
            return True
        cycle_id, item_id = self.cycle_id, self._item_id
        title = self.questionnaire.item(item_id).title if self.questionnaire is not None else item_id
        if chosen is None:
            question = tr(C, "The agreed level of '{0}' was set to none but not recorded. Record it?").format(title)
        else:
            question = tr(C, "{0} was chosen as the agreed level of '{1}' but not recorded. Record it?").format(
                level_text(chosen), title)
        answer = self.dialogs.ask_to_save(self, tr(C, "Agreed level not recorded"), question)
        if answer is None:  # stay on the item, the level still chosen
            return False
        if not answer:
            with QSignalBlocker(self.agreed_level):
                self.agreed_level.setCurrentIndex(max(0, self.agreed_level.findData(self._stored_level)))
            self.agreed_status.setText(self._status)
            return True
        try:
            self.workspace.set_agreed_level(cycle_id, item_id, chosen, self.note.toPlainText().strip())
        except Exception as exc:  # a locked or read-only file: say so
            self.dialogs.error(self, tr(C, "Not saved"), str(exc))
            return False
        self._stored_level = chosen
        self._note_for = None  # saved with the level
        self.decisions_changed.emit(item_id)
        QTimer.singleShot(0, self, self._refresh_keeping_item)  # the list shows it once the move is over
        return True

    def _refresh_keeping_item(self) -> None:
        if not self.isVisible():  # the page was left (or the window closed): it is refreshed when shown
            return
        keep = self.current_item_id()
        self.refresh()
        self._select(keep)

    def _note_typed(self) -> None:
        if not self.read_only and self._item_id is not None:
            self._note_for = self._item_id
            self._note_timer.start()

    def flush_note(self) -> bool:
        """Save the note typed since the last save, with the item's agreed level as stored (a level
        chosen but not saved stays unsaved). False if it could not be saved: the user was told, the
        note is kept (and shown with its item) and the next flush tries again."""
        self._note_timer.stop()
        if self._note_for is not None and self.cycle_id is not None:  # typed: take the text as it stands
            self._unsaved_note = (self.cycle_id, self._note_for, self.note.toPlainText().strip())
        self._note_for = None
        if self._unsaved_note is None:
            return True
        cycle_id, item_id, note = self._unsaved_note
        stored = self.workspace.decisions(cycle_id).get(item_id)
        if note != (stored.agreed_note if stored else ""):
            try:
                self.workspace.set_agreed_level(cycle_id, item_id, stored.agreed_level if stored else None, note)
            except Exception as exc:  # a locked or read-only file: say so
                self.dialogs.error(self, tr(C, "Not saved"), str(exc))
                return False
        self._unsaved_note = None
        return True

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        self.flush_note()
        super().hideEvent(event)

    def _set_agreed(self, level: int | None, note: str) -> None:
        if self.read_only or self.cycle_id is None or self._item_id is None:
            return
        item_id = self._item_id
        try:
            self.workspace.set_agreed_level(self.cycle_id, item_id, level, note)
        except Exception as exc:  # a finalised cycle or a read-only file: say so, keep going
            self.dialogs.error(self, tr(C, "Not saved"), str(exc))
            return
        self._stored_level = level  # recorded: the list, refilled, has nothing to ask about
        self._note_for = None  # saved with the level
        self._refill(item_id)
        self.decisions_changed.emit(item_id)

    def _refill(self, item_id: str) -> None:
        """The list and the item shown again from the store, on the same item, asking nothing."""
        self._keeping_choice = True
        try:
            self.refresh()
            self._select(item_id)
        finally:
            self._keeping_choice = False

    def _target_changed(self) -> None:
        if self.read_only or self.cycle_id is None or self._item_id is None:
            return
        item_id = self._item_id
        chosen = self.agreed_level.currentData()  # a level chosen and not yet recorded stays chosen
        try:
            self.workspace.set_target(self.cycle_id, item_id, self.target.currentData())
        except Exception as exc:
            self.dialogs.error(self, tr(C, "Not saved"), str(exc))
            return
        self._refill(item_id)  # a level chosen and not recorded is not asked about: it stays chosen
        if chosen != self._stored_level and self.agreed_level.isEnabled():
            with QSignalBlocker(self.agreed_level):
                self.agreed_level.setCurrentIndex(max(0, self.agreed_level.findData(chosen)))
            self._level_chosen()
        self.decisions_changed.emit(item_id)
