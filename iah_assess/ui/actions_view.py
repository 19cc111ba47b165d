"""The action plan of a cycle: seeded from the priorities, edited in place, every change saved and undoable."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import Action, ActionStatus
from iah_assess.storage.workspace import SaveFailed, Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.models import ActionIdRole, ActionPlanModel, status_label
from iah_assess.ui.tables import ColumnShares, row_refitter, wrap_words
from iah_assess.ui.widgets import Banner, ElidedComboBox, ErrorLater, buddy_label, enable, error_label, text_label
from iah_assess.wording import local_day

P = ActionPlanModel

log = logging.getLogger(__name__)

C = "ActionPlan"
TEXT_FIELDS = ("text", "owner", "success_indicator", "notes", "due_date")
RETRY_MS = 3000  # how often an edit that could not be saved (a full disk, say) is tried again


# The id of an action reference while its action is out of the plan, taken out by undoing the
# carry that made it; no stored action has it.
TAKEN_OUT = 0


RECOMMEND_AT_ONCE = 10  # recommended actions added by one press of the button, the most urgent first


@dataclass
class ActionRef:
    """Which stored action a command means. Undoing a removal stores the action under a new id,
    so commands hold this reference and the view updates its id."""

    id: int


class _Command(QUndoCommand):
    def __init__(self, view: ActionPlanView, text: str):
        super().__init__(text)
        self.view = view

    def _run(self, what, unsaved: tuple[ActionRef, str, object] | None = None) -> None:  # noqa: ANN001
        """Do the storage work (`what`); on failure say so and drop the command. An edit of a field
        (`unsaved`: which action, field and value) that failed for a reason that may pass, such as
        a full disk, is kept by the view and tried again."""
        ref = getattr(self, "ref", None)
        if ref is not None and ref.id == TAKEN_OUT:
            self.setObsolete(True)
            self.view.report_error(tr(C, "This change can no longer be undone or redone: its action is no longer in the "
                                         "plan, as undoing the carry on the Compare page took it out. Redoing the carry "
                                         "there puts the action back as it was."))
            return
        try:
            what()
        except Exception as exc:  # a finalised cycle, a read-only file, a lost disk
            log.exception("changing the action plan failed")
            self.setObsolete(True)
            if unsaved is not None and isinstance(exc, SaveFailed):
                self.view.keep_unsaved(*unsaved, str(exc))
            else:
                self.view.report_error(str(exc))
            return
        if unsaved is not None:
            self.view.edit_saved(unsaved[0], unsaved[1])


class EditActionCommand(_Command):
    MERGE_ID = 0x1A7

    def __init__(self, view: ActionPlanView, ref: ActionRef, field: str, old: object, new: object, session: int,
                 number: int = 0):
        # what Edit > Undo names: "Undo Owner of action 3"
        what = {"item_id": tr(C, "Item"), "text": tr(C, "Text"), "owner": tr(C, "Owner"), "due_date": tr(C, "Due date"),
                "status": tr(C, "Status"), "success_indicator": tr(C, "Success indicator"), "notes": tr(C, "Notes")}.get(field)
        super().__init__(view, tr(C, "{0} of action {1}").format(what, number) if what and number else tr(C, "Edit action"))
        self.ref, self.field, self.old, self.new, self.session = ref, field, old, new, session

    def _set(self, value: object) -> None:
        def work() -> None:
            current = self.view.workspace.action(self.ref.id)
            saved = self.view.workspace.save_action(current.replace(**{self.field: value}))
            self.view.action_saved(saved)

        self._run(work, (self.ref, self.field, value))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        # typing in one field of one action is one step to undo
        if not isinstance(other, EditActionCommand) or other.ref is not self.ref or other.field != self.field:
            return False
        if other.isObsolete():  # its change was not saved: never part of a step that was
            return False
        if other.session != self.session or self.field not in TEXT_FIELDS:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True


class AddActionCommand(_Command):
    def __init__(self, view: ActionPlanView, action: Action, parent: QUndoCommand | None = None):
        super().__init__(view, tr(C, "Add action"))
        if parent is not None:
            self.setParent(parent)
        self.action = action
        self.ref: ActionRef | None = None

    def redo(self) -> None:
        def work() -> None:
            if self.ref is None:
                saved = self.view.workspace.save_action(self.action)
                self.ref = self.view.ref(saved.id)  # type: ignore[arg-type]
            else:
                saved = self.view.workspace.restore_action(self.action)
                self.view.rebind(self.ref, saved.id)  # type: ignore[arg-type]
            self.view.plan_changed(select=self.ref.id)

        self._run(work)

    def undo(self) -> None:
        def work() -> None:
            assert self.ref is not None
            self.action = self.view.workspace.remove_action(self.ref.id)
            self.view.forget(self.ref)
            self.view.plan_changed()

        self._run(work)


class RemoveActionCommand(_Command):
    def __init__(self, view: ActionPlanView, ref: ActionRef):
        super().__init__(view, tr(C, "Remove action"))
        self.ref = ref
        self.old: Action | None = None
        self.copies: list[int] = []  # the actions carried from it, linked to it again on undo

    def redo(self) -> None:
        def work() -> None:
            self.copies = self.view.workspace.copies_of(self.ref.id)
            self.old = self.view.workspace.remove_action(self.ref.id)
            self.view.forget(self.ref)
            self.view.plan_changed(select_row=self.old.position)

        self._run(work)

    def undo(self) -> None:
        def work() -> None:
            assert self.old is not None
            saved = self.view.workspace.restore_action(self.old, self.copies)
            self.view.rebind(self.ref, saved.id)  # type: ignore[arg-type]
            self.view.plan_changed(select=saved.id)

        self._run(work)


class MoveActionCommand(_Command):
    def __init__(self, view: ActionPlanView, ref: ActionRef, old_position: int, new_position: int):
        super().__init__(view, tr(C, "Move action"))
        self.ref, self.old_position, self.new_position = ref, old_position, new_position

    def _move(self, position: int) -> None:
        def work() -> None:
            self.view.workspace.move_action(self.ref.id, position)
            self.view.plan_changed(select=self.ref.id)

        self._run(work)

    def redo(self) -> None:
        self._move(self.new_position)

    def undo(self) -> None:
        self._move(self.old_position)


NO_DATE = QDate(2000, 1, 1)


def to_qdate(d: dt.date | None) -> QDate:
    return NO_DATE if d is None else QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date | None:
    return None if not q.isValid() or q == NO_DATE else dt.date(q.year(), q.month(), q.day())


class DateEdit(QDateEdit):
    """A date as yyyy-MM-dd, typed as it is written. Qt moves on to the month by itself once the
    year's four digits are typed; the "-" typed next would move on once more, and 2027-04-15
    would become 2027-02-04. A separator typed just after such a move is taken as that move."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self._moved_on = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.text() in ("-", "/", ".") and self._moved_on:
            self._moved_on = False
            event.accept()
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._moved_on = event.text().isdigit() and self.currentSection() != section


class DueDateLabel(QLabel):
    """"Due date:" with its Alt-key, which goes to the date when there is one, else to "Has a due
    date", unticked. (A label whose buddy is a check box ticks it: Alt+D then Space would tick and
    untick it, and a date typed meanwhile would be lost.)"""

    def __init__(self, text: str, has_due: QCheckBox, due_edit: QDateEdit, parent: QWidget):
        super().__init__(text, parent)
        self.setBuddy(has_due)
        self._has_due, self._due_edit = has_due, due_edit

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:  # the label's own Alt-key, its one shortcut
            target = self._due_edit if self._due_edit.isEnabled() else self._has_due
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # the focus is shown
            return True
        return super().event(event)


class ActionDelegate(QStyledItemDelegate):
    """In-table editors: a calendar for the due date, a list for the status."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.column() == ActionPlanModel.DUE:
            editor = DateEdit(parent)
            editor.setMinimumDate(NO_DATE)
            editor.setSpecialValueText(tr(C, "no date"))
            editor.setAccessibleName(tr(C, "Due date"))
            return editor
        if index.column() == ActionPlanModel.STATUS:
            combo = QComboBox(parent)
            for status in ActionStatus:
                combo.addItem(status_label(status), status.value)
            combo.setAccessibleName(tr(C, "Status"))
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            # an action without a date opens on today, for the calendar's sake, and stays without
            # one unless the user picks a date
            empty = not isinstance(value, QDate)
            editor.setDate(QDate.currentDate() if empty else value)
            editor.setProperty("untouched", empty)
            editor.dateChanged.connect(lambda _date, e=editor: e.setProperty("untouched", False))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: ANN001
        if isinstance(editor, QDateEdit):
            if not editor.property("untouched"):
                model.setData(index, from_qdate(editor.date()), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def caret_after_change(before: str, after: str) -> int:
    """Where the cursor goes in `after`, a text that replaced `before` (an undo, a redo): at the
    end of what changed, as if it had just been typed there."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return len(after) - end


class ActionPlanView(QWidget):
    """The action plan of one cycle. Every change is saved at once and can be undone."""

    export_pdf_requested = Signal()  # the main window exports the cycle's report

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None,
                 own_banner: bool = True):
        """`own_banner` False: the window's banner says the page's read-only state (see Banner.muted)."""
        super().__init__(parent)
        self._own_banner = own_banner
        self.workspace = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.questionnaire: Questionnaire | None = None
        self.read_only = False
        self.undo_stack = QUndoStack(self)
        self.report_error = ErrorLater(self, lambda message: self.dialogs.error(self, tr(C, "Not saved"), message))
        self._refs: dict[int, ActionRef] = {}
        self._out: dict[int, ActionRef] = {}  # by their old ids: copies taken out by undoing their carry
        self._session = 0
        self._shown: Action | None = None
        # edits that could not be saved, by (reference, field): kept, shown and tried again
        self._unsaved: dict[tuple[int, str], tuple[ActionRef, str, object]] = {}  # by (action id, field)
        self.retry_ms = RETRY_MS
        self._retrying = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.flush_edits)
        self._build()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(tr(C, "Action plan"), self)
        f = self.title.font()
        f.setBold(True)
        if f.pointSizeF() > 0:
            f.setPointSizeF(f.pointSizeF() * 1.3)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.read_only_label = Banner(self)
        self.read_only_label.muted = not self._own_banner

        self.recommend_button = QPushButton(tr(C, "Add the &recommended actions"), self)
        self.recommend_button.setToolTip(tr(C, "For the most urgent items below their target that have no action yet "
                                               "(foundation items first), add the questionnaire's recommended action: "
                                               "ten at a time"))
        self.recommend_button.clicked.connect(self.add_recommended)
        self.add_button = QPushButton(tr(C, "&Add action"), self)
        self.add_button.clicked.connect(self.add_action)
        self.remove_button = QPushButton(tr(C, "Re&move"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QToolButton(self)
        self.up_button.setText(tr(C, "Move u&p"))
        self.up_button.setToolTip(tr(C, "Move the action up (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QToolButton(self)
        self.down_button.setText(tr(C, "Move do&wn"))
        self.down_button.setToolTip(tr(C, "Move the action down (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        # no shortcuts here: the window's Edit menu gives Ctrl+Z / Ctrl+Shift+Z for this same stack,
        # and a second action on the same keys would make both ambiguous
        # the buttons say Undo and Redo, with what they undo in their tooltip: named after the step
        # ("Undo Add the recommended actions"), they widened the window past the screen
        self.undo_button = QToolButton(self)
        self.undo_button.setText(tr(C, "Undo"))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QToolButton(self)
        self.redo_button.setText(tr(C, "Redo"))
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(lambda on: self._enable(self.undo_button, on))
        self.undo_stack.canRedoChanged.connect(lambda on: self._enable(self.redo_button, on))
        self.undo_stack.undoTextChanged.connect(lambda text: self.undo_button.setToolTip(tr(C, "Undo: {0}").format(text)))
        self.undo_stack.redoTextChanged.connect(lambda text: self.redo_button.setToolTip(tr(C, "Redo: {0}").format(text)))
        self._enable(self.undo_button, False)
        self._enable(self.redo_button, False)
        bar = QHBoxLayout()
        for w in (self.recommend_button, self.add_button, self.remove_button, self.up_button, self.down_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.export_button = QPushButton(tr(C, "E&xport PDF…"), self)
        self.export_button.setAccessibleName(tr(C, "Export the cycle's report with this action plan as PDF"))
        self.export_button.clicked.connect(self.export_pdf_requested)
        # Export, Undo and Redo stand on the title's line, as Export does on Results: in the row of
        # the plan's own buttons they widened the window past a 1024-pixel screen at 150% text
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        for b in (self.export_button, self.undo_button, self.redo_button):
            title_row.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        QWidget.setTabOrder(self.export_button, self.undo_button)  # as drawn: Export, then Undo and Redo
        QWidget.setTabOrder(self.undo_button, self.redo_button)

        self.model = ActionPlanModel(self)
        self.model.on_edit = self._edit_from_table
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ActionDelegate(self.table))
        self.table.setAccessibleName(tr(C, "Actions"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the form; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        wrap_words(self.table)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._columns = ColumnShares(self.table, {
            P.ITEM: 0.16, P.TEXT: 0.36, P.OWNER: 0.13, P.INDICATOR: 0.2, P.NOTES: 0.15})
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._rows_timer = row_refitter(self.table, header.sectionResized, self.model.modelReset)
        self.model.dataChanged.connect(self._rows_timer.start)
        # The row a load chose is brought into sight again each time the rows are measured (their
        # heights until then are one line's), until the user scrolls the table.
        self._rows_timer.timeout.connect(self._current_in_sight)
        self._to_show: int | None = None
        self.table.verticalScrollBar().actionTriggered.connect(self._user_scrolled)
        # Ctrl+Up / Ctrl+Down in the table move the current action (see eventFilter)
        self.table.installEventFilter(self)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)

        # the selected action, every field; each change is saved as it is made
        self.item_combo = ElidedComboBox(self)  # "Area — item" is long; a box cut mid-word read as another item
        self.item_combo.setAccessibleName(tr(C, "Item"))
        self.item_combo.currentIndexChanged.connect(lambda: self._edit("item_id", self.item_combo.currentData()))
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setAccessibleName(tr(C, "Action"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.textChanged.connect(lambda: self._edit("text", self.text_edit.toPlainText()))
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setAccessibleName(tr(C, "Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.textChanged.connect(lambda: self._edit("notes", self.notes_edit.toPlainText()))
        self.owner_edit = QLineEdit(self)
        self.owner_edit.setAccessibleName(tr(C, "Owner"))
        self.owner_edit.textEdited.connect(lambda text: self._edit("owner", text))
        self.has_due = QCheckBox(tr(C, "Has a due date"), self)
        self.has_due.toggled.connect(self._due_toggled)
        self.due_edit = DateEdit(self)
        self.due_edit.setAccessibleName(tr(C, "Due date"))
        self.due_edit.dateChanged.connect(self._due_changed)
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(tr(C, "Status"))
        for status in ActionStatus:
            self.status_combo.addItem(status_label(status), status.value)
        self.status_combo.currentIndexChanged.connect(lambda: self._edit("status", ActionStatus(self.status_combo.currentData())))
        self.indicator_edit = QLineEdit(self)
        self.indicator_edit.setAccessibleName(tr(C, "Success indicator"))
        self.indicator_edit.textEdited.connect(lambda text: self._edit("success_indicator", text))
        for w in (self.text_edit, self.notes_edit, self.owner_edit, self.indicator_edit, self.due_edit):
            w.installEventFilter(self)
        line_h = self.fontMetrics().lineSpacing()
        self.text_edit.setMinimumHeight(line_h * 3 + 12)
        self.text_edit.setMaximumHeight(line_h * 6 + 12)
        self.notes_edit.setMinimumHeight(line_h * 2 + 12)
        self.notes_edit.setMaximumHeight(line_h * 4 + 12)

        self.detail = QGroupBox(tr(C, "Selected action"), self)
        cols = QHBoxLayout(self.detail)
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(form: QFormLayout, text: str, field: QWidget) -> None:
            form.addRow(buddy_label(text, field, self), field)

        row(left, tr(C, "I&tem:"), self.item_combo)
        row(left, tr(C, "A&ction:"), self.text_edit)
        row(left, tr(C, "&Notes:"), self.notes_edit)
        row(right, tr(C, "&Owner:"), self.owner_edit)
        due = QHBoxLayout()
        due.addWidget(self.has_due)
        due.addWidget(self.due_edit, 1)
        right.addRow(DueDateLabel(tr(C, "&Due date:"), self.has_due, self.due_edit, self), due)
        row(right, tr(C, "&Status:"), self.status_combo)
        row(right, tr(C, "S&uccess indicator:"), self.indicator_edit)
        cols.addLayout(left, 3)
        cols.addLayout(right, 2)
        self._detail_fields = (self.item_combo, self.text_edit, self.notes_edit, self.owner_edit, self.has_due,
                               self.due_edit, self.status_combo, self.indicator_edit)

        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        top = QWidget(self)
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.table, 1)
        tv.addWidget(self.empty_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False

        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(self.read_only_label)
        self.unsaved_label = error_label(self)  # an edit not saved: said until it is
        self.unsaved_label.hide()
        layout.addWidget(self.unsaved_label)
        layout.addLayout(bar)
        # what a button did that the table alone does not make plain (many actions added at once)
        self.notice = text_label(self)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.undo_stack.indexChanged.connect(lambda _index: self.notice.hide())  # said of that step only
        layout.addWidget(self.splitter, 1)
        self._show_action(None)
        self._update_buttons()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().showEvent(event)
        if not self._sized:  # the table gets the room; the form only what it needs
            self._sized = True
            total = max(1, self.splitter.height())
            form = min(self.detail.sizeHint().height(), total // 2)
            self.splitter.setSizes([total - form, form])

    # --- loading -----------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        if cycle_id != self.cycle_id:
            self.undo_stack.clear()
            self.notice.hide()
            self._refs.clear()
            self._out.clear()
        self.cycle_id = cycle_id
        self.refresh()

    def refresh(self) -> None:
        keep = self.current_action_id()
        if self.cycle_id is None:
            self.questionnaire = None
            self.model.set_actions([], {}, read_only=True)
            self.read_only = True
            self.read_only_label.hide()
            self.title.setText(tr(C, "Action plan"))
            self._show_action(None)
            self._update_buttons()
            self.empty_label.setText(
                tr(C, "Each cycle has its own action plan: choose a cycle first, or start one with File > New cycle "
                      "(Ctrl+N).") if self.workspace.institutions()
                else tr(C, "Each cycle has its own action plan. Enter your institution first, on the Institution page "
                           "(Ctrl+2); then start a cycle with File > New cycle (Ctrl+N)."))
            self.empty_label.show()
            return
        cycle = self.workspace.cycle(self.cycle_id)
        self.questionnaire = self.workspace.cycle_questionnaire(cycle)
        self.read_only = cycle.finalised or self.workspace.read_only
        if cycle.finalised:
            notice = tr(C, "This cycle is finalised: its action plan is read-only.")
        elif self.workspace.read_only:
            notice = tr(C, "The workspace is open read-only: the action plan cannot change.")
        else:
            notice = ""
        self.read_only_label.show_message(notice)
        if self.read_only:
            self.undo_stack.clear()
        self.title.setText(tr(C, "Action plan of {0}").format(cycle.label))
        with QSignalBlocker(self.item_combo):
            self.item_combo.clear()
            self.item_combo.addItem(tr(C, "(no item)"), None)
            for area in self.questionnaire.areas:
                for item in area.items:
                    self.item_combo.addItem(f"{area.title} — {item.title}", item.id)
        self._load(select=keep)

    def _load(self, select: int | None = None, select_row: int | None = None) -> None:
        assert self.questionnaire is not None and self.cycle_id is not None
        titles = {i.id: i.title for i in self.questionnaire.items}
        actions = self.workspace.actions(self.cycle_id)
        cycle = self.workspace.cycle(self.cycle_id)
        closed_on = local_day(cycle.finalised_at) if cycle.finalised else None
        self.model.set_actions(actions, titles, read_only=self.read_only, closed_on=closed_on)
        row = -1
        if select is not None:
            row = next((n for n, a in enumerate(actions) if a.id == select), -1)
        if row < 0 and select_row is not None and actions:
            row = max(0, min(select_row, len(actions) - 1))
        if row < 0 and actions:
            row = 0
        if row >= 0:
            index = self.model.index(row, ActionPlanModel.TEXT)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))  # its row from the start: "#" and the item in sight
            self._to_show = row
            self._show_action(actions[row])
        else:
            self._show_action(None)
        if actions:
            self.empty_label.hide()
        else:
            self.empty_label.setText(tr(C, "The plan is empty. \"Add the recommended actions\" adds one for every item "
                                          "below its target, foundation items first.") + self._carry_hint() if not self.read_only
                                     else tr(C, "This cycle has no actions."))
            self.empty_label.show()
        self._update_buttons()

    def _carry_hint(self) -> str:
        """For a plan still empty: where the open actions of the cycle before are, if it has any.
        They are carried in from Compare, not by themselves."""
        cycle = self.workspace.cycle(self.cycle_id)  # type: ignore[arg-type]
        cycles = self.workspace.cycles(cycle.institution_id)
        k = next(n for n, c in enumerate(cycles) if c.id == cycle.id)
        if k == 0:
            return ""
        before = cycles[k - 1]
        open_ones = [a for a in self.workspace.actions(before.id) if a.status.is_open]
        if not open_ones:
            return ""
        return " " + tr(C, "The %n open action(s) of {0} can be carried into it on the Compare page (Ctrl+9).",
                        n=len(open_ones)).format(before.label)

    # --- what commands call back ----------------------------------------------------------------

    def ref(self, action_id: int) -> ActionRef:
        return self._refs.setdefault(action_id, ActionRef(action_id))

    def rebind(self, ref: ActionRef, new_id: int) -> None:
        ref.id = new_id
        self._refs[new_id] = ref

    def forget(self, ref: ActionRef) -> None:
        if self._refs.get(ref.id) is ref:
            del self._refs[ref.id]

    def copies_renumbered(self, pairs: list[tuple[int, int | None]]) -> None:
        """Carried copies taken out of the plan by undoing their carry in Compare, (old id, None),
        or put back by redoing it, (old id, new id): the plan's own undo follows them."""
        for old, new in pairs:
            if new is None:
                if (ref := self._refs.pop(old, None)) is not None:
                    ref.id = TAKEN_OUT  # an action that takes its old id meanwhile is not it
                    self._out[old] = ref
            elif (ref := self._out.pop(old, None)) is not None:
                self.rebind(ref, new)

    def _current_in_sight(self) -> None:
        if self._to_show is not None and self._to_show < self.model.rowCount():
            self.table.updateGeometries()  # the scroll range of the new heights, which Qt sets later
            self.table.scrollTo(self.model.index(self._to_show, 0))

    def _user_scrolled(self) -> None:
        self._to_show = None

    def plan_changed(self, select: int | None = None, select_row: int | None = None) -> None:
        self._session += 1
        self._load(select=select, select_row=select_row)

    # --- edits not saved ---------------------------------------------------------------------

    def keep_unsaved(self, ref: ActionRef, field: str, value: object, reason: str) -> None:
        """An edit that could not be saved: kept (the field shows it still), said above the plan,
        and tried again every few seconds; the first failure of a run is also said in a dialog."""
        first = not self._unsaved and not self._retrying
        self._unsaved[(ref.id, field)] = (ref, field, value)
        self.unsaved_label.setText(tr(C, "⚠ Not saved — retrying: {0}").format(reason))
        self.unsaved_label.show()
        if first:
            self.report_error(reason)
        self._retry.start(self.retry_ms)

    def edit_saved(self, ref: ActionRef, field: str) -> None:
        """A later edit of the same field was saved: what waited for it is stored with it."""
        if self._unsaved.pop((ref.id, field), None) is not None and not self._unsaved:
            self._all_saved()

    def has_unsaved(self) -> bool:
        return bool(self._unsaved)

    def flush_edits(self) -> bool:
        """Try the edits that could not be saved once more; True when none is left. Each one saved
        is a step of its own to undo when its action is in the plan shown."""
        self._retry.stop()
        for key, (ref, field, value) in list(self._unsaved.items()):
            if ref.id == TAKEN_OUT:  # its action left the plan meanwhile: nothing to save it to
                del self._unsaved[key]
                continue
            try:
                shown = self.model.row_of(ref.id) >= 0
            except KeyError:
                shown = False
            if shown and self._can_edit():
                self._session += 1  # its own step, never merged into what is typed next
                del self._unsaved[key]
                self._retrying = True  # a failure again is said above the plan, not in a dialog again
                try:
                    self.edit_action(ref.id, field, value)
                finally:
                    self._retrying = False
                self._session += 1
            else:  # another cycle's plan shows now: stored without a step to undo there
                try:
                    self.workspace.save_action(self.workspace.action(ref.id).replace(**{field: value}))
                except SaveFailed as exc:
                    self.unsaved_label.setText(tr(C, "⚠ Not saved — retrying: {0}").format(exc))
                    continue
                except Exception as exc:  # gone, or no longer editable: it can never be saved, and says so
                    log.exception("an action plan edit kept for a retry cannot be saved")
                    del self._unsaved[key]
                    self.report_error(tr(C, "An edit of the action plan kept to be saved again cannot be saved: "
                                            "{0}").format(exc))
                    continue
                del self._unsaved[key]
        if self._unsaved:
            self._retry.start(self.retry_ms)
            return False
        self._all_saved()
        return True

    def stop_retrying(self) -> None:
        """The window closes, its user having chosen to lose what could not be saved."""
        self._retry.stop()
        self._unsaved.clear()
        self.unsaved_label.hide()

    def _all_saved(self) -> None:
        self._retry.stop()
        self.unsaved_label.hide()

    def _with_unsaved(self, action: Action) -> Action:
        """The action as the user left it: with the edits that wait to be saved."""
        waiting = {field: value for ref, field, value in self._unsaved.values() if ref.id == action.id}
        return action.replace(**waiting) if waiting else action

    def action_saved(self, action: Action) -> None:
        """Show one saved edit in the table and the form without disturbing the field being typed in."""
        try:
            self.model.replace_action(action)
        except KeyError:
            self._load(select=action.id)
        if self._shown is not None and self._shown.id == action.id:
            self._show_action(action)
        else:
            row = self.model.row_of(action.id)  # type: ignore[arg-type]
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, ActionPlanModel.TEXT),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


    # --- user actions --------------------------------------------------------------------------

    def current_action_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.data(index, ActionIdRole) if index.isValid() else None

    def _can_edit(self) -> bool:
        return not self.read_only and self.cycle_id is not None

    def add_action(self) -> None:
        if not self._can_edit():
            return
        item_id = None
        if self._shown is not None:
            item_id = self._shown.item_id
        self.undo_stack.push(AddActionCommand(self, Action(cycle_id=self.cycle_id, item_id=item_id,  # type: ignore[arg-type]
                                                           text=tr(C, "New action"))))
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def recommended_actions(self) -> list[Action]:
        """One action for every priority whose item has none in the plan yet, in priority order."""
        if self.cycle_id is None or self.questionnaire is None:
            return []
        planned = {a.item_id for a in self.workspace.actions(self.cycle_id)}
        result = self.workspace.cycle_result(self.cycle_id)
        out = []
        for p in result.priorities:
            if p.item_id in planned:
                continue
            item = self.questionnaire.item(p.item_id)
            out.append(Action(cycle_id=self.cycle_id, item_id=p.item_id, text=p.action,
                              success_indicator=item.indicators[0] if item.indicators else ""))
        return out

    def add_recommended(self) -> None:
        if not self._can_edit():
            return
        todo = self.recommended_actions()
        if not todo:
            result = self.workspace.cycle_result(self.cycle_id)  # type: ignore[arg-type]
            if result.priorities:
                why = tr(C, "Every item below its target already has an action in the plan.")
            elif all(i.level is None for a in result.areas for i in a.items):
                why = tr(C, "No item has a level yet. The recommended actions come from the items below their "
                            "targets: answer first, or agree levels, then add them.")
            else:
                why = tr(C, "No item is below its target.")
            self.dialogs.inform(self, tr(C, "Nothing to add"), why)
            return
        # the most urgent first, a few at a time: sixty actions at once, none with an owner yet, are no
        # plan a leadership team can discuss; the same button adds the next ones
        added = [AddActionCommand(self, action) for action in todo[:RECOMMEND_AT_ONCE]]
        left = len(todo) - len(added)
        self.undo_stack.beginMacro(tr(C, "Add the recommended actions"))
        try:
            for command in added:
                self.undo_stack.push(command)
        finally:
            self.undo_stack.endMacro()
        if added[0].ref is not None:  # the first of them chosen, the most urgent, and brought into sight
            self._load(select=added[0].ref.id)
        done = sum(1 for command in added if command.ref is not None and not command.isObsolete())
        if done:
            said = (tr(C, "%n action(s) added, one for each item below its target without one, most urgent first.",
                       n=done) if not left else
                    tr(C, "%n action(s) added for the most urgent items below their target.", n=done) + " "
                    + tr(C, "%n more item(s) below their target have none yet: the same button adds the next ones.",
                         n=left))
            self.notice.setText(said + " " + tr(C, "Edit > Undo (Ctrl+Z) takes them all out again."))
            self.notice.show()

    def remove_selected(self) -> None:
        action_id = self.current_action_id()
        if not self._can_edit() or action_id is None:
            return
        self.undo_stack.push(RemoveActionCommand(self, self.ref(action_id)))

    def move_selected(self, step: int) -> None:
        action_id = self.current_action_id()
        if not self._can_edit() or action_id is None:
            return
        row = self.model.row_of(action_id)
        target = row + step
        if not 0 <= target < self.model.rowCount():
            return
        self.undo_stack.push(MoveActionCommand(self, self.ref(action_id), row, target))

    def edit_action(self, action_id: int, field: str, value: object) -> bool:
        """Change one field of one action: saved at once, one step to undo."""
        if not self._can_edit():
            return False
        old = getattr(self.workspace.action(action_id), field)
        if old == value:
            return False
        try:
            number = self.model.row_of(action_id) + 1  # as the plan numbers it now
        except KeyError:
            number = 0
        self.undo_stack.push(EditActionCommand(self, self.ref(action_id), field, old, value, self._session, number))
        return True

    def _edit_from_table(self, action_id: int, field: str, value: object) -> bool:
        self._session += 1  # an in-table edit is its own step
        done = self.edit_action(action_id, field, value)
        self._session += 1
        return done

    def _edit(self, field: str, value: object) -> None:
        if self._shown is None or self._shown.id is None:
            return
        self.edit_action(self._shown.id, field, value)

    def _due_toggled(self, on: bool) -> None:
        if not on and self.due_edit.hasFocus():
            self.has_due.setFocus()  # not lost with the field that had it
        self.due_edit.setEnabled(on and not self.read_only)
        self._edit("due_date", from_qdate(self.due_edit.date()) if on else None)

    def _due_changed(self, date: QDate) -> None:
        if self.has_due.isChecked():
            self._edit("due_date", from_qdate(date))

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's types
        # leaving a field ends a typing run: the next change there is a new undo step
        if event.type() == event.Type.FocusOut:
            self._session += 1
        elif (
            event.type() == event.Type.ShortcutOverride
            and watched is not self.table
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            # The plan's undo records the typing in these fields too, so Ctrl+Z goes to it (Edit >
            # Undo), not to the field's own history, which knows nothing of "Add action"
            return True
        elif (
            watched is self.table
            and event.type() == event.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # --- showing -------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: ARG002
        self._session += 1
        if self._to_show is not None and current.isValid():
            self._to_show = current.row()  # the row the user moved to is the one kept in sight
        self._show_action(self.model.action(current.row()) if current.isValid() else None)
        self._update_buttons()

    def _show_action(self, action: Action | None) -> None:
        if action is not None and self._unsaved:
            action = self._with_unsaved(action)
        self._shown = action
        if action is None:
            for w in self._detail_fields:
                w.setEnabled(False)
            with QSignalBlocker(self.text_edit), QSignalBlocker(self.notes_edit):
                self.text_edit.clear()
                self.notes_edit.clear()
            for line in (self.owner_edit, self.indicator_edit):
                with QSignalBlocker(line):
                    line.clear()
            with QSignalBlocker(self.has_due), QSignalBlocker(self.due_edit):  # no date shown, not 2000-01-01
                self.has_due.setChecked(False)
                self.due_edit.setDate(QDate.currentDate().addMonths(3))
            self.detail.setTitle(tr(C, "Selected action"))
            return
        row = self.model.row_of(action.id) if action.id is not None else 0  # type: ignore[arg-type]
        self.detail.setTitle(tr(C, "Action {0}").format(row + 1))
        # only fields whose value differs are set, so the cursor stays where the user types
        with QSignalBlocker(self.item_combo):
            self.item_combo.setCurrentIndex(max(0, self.item_combo.findData(action.item_id)))
        for edit, value in ((self.text_edit, action.text), (self.notes_edit, action.notes)):
            if (was := edit.toPlainText()) != value:
                with QSignalBlocker(edit):
                    edit.setPlainText(value)
                    if edit.hasFocus():  # an undo while typing: the cursor where the text changed, not at its start
                        cursor = edit.textCursor()
                        cursor.setPosition(caret_after_change(was, value))
                        edit.setTextCursor(cursor)
        for line, value in ((self.owner_edit, action.owner), (self.indicator_edit, action.success_indicator)):
            if (was := line.text()) != value:
                with QSignalBlocker(line):
                    line.setText(value)
                    # where the text changed while typing there, else the start of a long text
                    line.setCursorPosition(caret_after_change(was, value) if line.hasFocus() else 0)
        with QSignalBlocker(self.has_due), QSignalBlocker(self.due_edit):
            self.has_due.setChecked(action.due_date is not None)
            self.due_edit.setDate(to_qdate(action.due_date) if action.due_date else QDate.currentDate().addMonths(3))
        with QSignalBlocker(self.status_combo):
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(action.status.value)))
        editable = not self.read_only
        for w in self._detail_fields:
            w.setEnabled(True)
        for edit in (self.text_edit, self.notes_edit):
            edit.setReadOnly(not editable)
        for line in (self.owner_edit, self.indicator_edit):
            line.setReadOnly(not editable)
        self.item_combo.setEnabled(editable)
        self.status_combo.setEnabled(editable)
        self.has_due.setEnabled(editable)
        self.due_edit.setEnabled(editable and action.due_date is not None)

    def _enable(self, button: QAbstractButton, on: bool) -> None:
        enable(button, on, lambda: self.table.setFocus())  # a button with no use left: to the table

    def _update_buttons(self) -> None:
        editable = self._can_edit()
        has = self.current_action_id() is not None
        row = self.model.row_of(self.current_action_id()) if has else -1  # type: ignore[arg-type]
        self._enable(self.recommend_button, editable)
        self._enable(self.add_button, editable)
        self.export_button.setEnabled(self.cycle_id is not None)  # a report needs a cycle
        self._enable(self.remove_button, editable and has)
        self._enable(self.up_button, editable and has and row > 0)
        self._enable(self.down_button, editable and has and row < self.model.rowCount() - 1)
