"""The people answering in a cycle: add, rename, remove (with confirmation), move answers given
under the wrong person to the right one, choose who answers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.records import ROLES
from iah_assess.storage import db
from iah_assess.storage.workspace import MovedAnswers, RemovedRespondent, Workspace, one_line
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.widgets import UnmarkedList, blocked, enable, heading, say_when_full, text_label

log = logging.getLogger(__name__)
C = "Respondents"


class Person:
    """Whom an undo step changes. A person removed and brought back gets a new id (SQLite may give
    the old one to someone added meanwhile); the steps before their removal hold this, which the
    removal's undo points at the new id, never the old number."""

    __slots__ = ("id",)

    def __init__(self, rid: int):
        self.id = rid


class RemoveRespondentCommand(QUndoCommand):
    """Removing a respondent, done once confirmed: undo puts them back with every answer."""

    def __init__(self, view: RespondentsView, removed: RemovedRespondent):
        super().__init__(tr(C, "Remove {0}").format(removed.respondent.name))
        self._view, self._removed = view, removed
        self._person = view.person(removed.respondent.id)
        view.people.pop(self._person.id, None)  # gone: an id given again is someone else
        self._done = True  # pushed after the removal itself
        self._was_answering = view.current_respondent == removed.respondent.id

    def redo(self) -> None:
        if self._done:
            self._done = False
            self._view._removed(self._removed.respondent.id)
            return
        def removed() -> None:
            self._view.people.pop(self._person.id, None)
            self._view._removed(self._removed.respondent.id)

        self._run(lambda: self._view.ws.remove_respondent(self._removed.respondent.id), removed)

    def undo(self) -> None:
        name, n = self._removed.respondent.name, len(self._removed.answers)

        def restore() -> None:
            back = self._view.ws.restore_respondent(self._removed)
            self._removed = self._removed._replace(respondent=back)  # their new id: what Redo removes
            self._person.id = back.id  # and what the steps before this one change
            self._view.people[back.id] = self._person

        self._run(restore, lambda: (self._view._restored(self._removed.respondent.id, self._was_answering),
                                    self._view.message.setText(tr(C, "{0} is back, with %n answer(s).", n=n).format(name))))

    def _run(self, change: Callable[[], object], then: Callable[[], object]) -> None:
        try:
            change()
        except Exception as exc:  # e.g. someone of that name was added since, or the disk is full
            log.warning("undoing or redoing a respondent's removal failed", exc_info=True)
            self._view.message.setText(str(exc))
            self.setObsolete(True)  # the stack drops it: it no longer matches the store
            return
        then()


class RenameRespondentCommand(QUndoCommand):
    """A respondent's new name or role, saved: undo gives back the old ones."""

    def __init__(self, view: RespondentsView, rid: int, before: tuple[str, str], after: tuple[str, str]):
        super().__init__(tr(C, "Rename {0}").format(before[0]) if before[0] != after[0] else tr(C, "Change the role of {0}").format(after[0]))
        self._view, self._person, self._before, self._after = view, view.person(rid), before, after
        self._done = True  # pushed after the change itself

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)

    def _set(self, values: tuple[str, str]) -> None:
        view = self._view
        try:
            r = view.ws.update_respondent(self._person.id, *values)
        except (ValueError, db.WorkspaceError) as exc:  # the name was given to someone since, say
            log.warning("undoing or redoing a respondent's new name failed", exc_info=True)
            view.message.setText(str(exc))
            self.setObsolete(True)
            return
        view.message.setText(tr(C, "Saved: {0}.").format(r.name))
        view._fill_list()
        if view._shown == r.id:
            view._show_form()
        view.changed.emit()


class MoveAnswersCommand(QUndoCommand):
    """Answers given under the wrong respondent, moved to the right one: undo gives both exactly the
    answers they had before (the target's replaced ones too), redo moves the same answers again."""

    def __init__(self, view: RespondentsView, moved: MovedAnswers, source: str, target: str):
        super().__init__(tr(C, "Move answers from {0} to {1}").format(source, target))
        self._view, self._moved = view, moved
        self._source, self._target = view.person(moved.source_id), view.person(moved.target_id)
        self._done = True  # pushed after the move itself

    def _record(self) -> MovedAnswers:
        """The move, between the two as they are now: a removal undone since gives one a new id."""
        return self._moved._replace(source_id=self._source.id, target_id=self._target.id)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return

        def move() -> None:
            self._moved = self._view.ws.redo_move(self._record())

        self._run(move, lambda: self._view.message.setText(self._view.moved_text(self._moved)))

    def undo(self) -> None:
        def said() -> None:
            ws = self._view.ws
            self._view.message.setText(tr(C, "The move was undone: {0} and {1} have the answers they had before it.").format(
                ws.respondent(self._source.id).name, ws.respondent(self._target.id).name))

        self._run(lambda: self._view.ws.undo_move(self._record()), said)

    def _run(self, change: Callable[[], object], then: Callable[[], object]) -> None:
        view = self._view
        try:
            change()
        except (ValueError, db.WorkspaceError) as exc:  # an answer moved was changed since, say: nothing was
            log.warning("undoing or redoing a move of answers failed", exc_info=True)
            view.message.setText(str(exc))
            self.setObsolete(True)  # the stack drops it: it no longer matches the store
            return
        view.refresh()
        then()
        view.changed.emit()


class RespondentsView(QWidget):
    changed = Signal()
    answer_as = Signal(int)
    answering_again = Signal(int)  # the person who was answering, removed, is back (Undo)

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.current_respondent: int | None = None
        self.undo_stack = QUndoStack(self)  # removals and new names, undone by Edit > Undo while this page shows
        self.people: dict[int, Person] = {}  # whom the steps on the stack change, by their id now
        # whose name and role the form shows (None: a blank form for a new one), and those values
        # as stored; a form that differs from them has changes not saved
        self._shown: int | None = None
        self._shown_values: tuple[str, str | None] = ("", None)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        self.title = heading(tr(C, "Respondents"), self)
        layout.addWidget(self.title)
        self.intro = QLabel(tr(C, "The people who answer in this cycle. Each answers on their own; the results "
                                  "combine their answers and show where they disagree."), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        row = QHBoxLayout()
        self.list = UnmarkedList(self)
        # three lines a person: name, role, progress. A line too long for the list (a long name, at
        # a large text size) wraps at a space rather than running off under a scroll bar: a role
        # cut to "Head of internatio" could be any of several.
        self.list.setSpacing(3)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(UnmarkedList.ResizeMode.Adjust)  # wrapped again as the window narrows
        self.list.setAlternatingRowColors(True)  # where one person's lines end and the next one's begin
        self.list.setAccessibleName(tr(C, "Respondents"))
        self.list.setMinimumWidth(260)
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        box = self.form_box = QGroupBox(tr(C, "New respondent"), self)
        form = QFormLayout(box)
        self.name = QLineEdit(box)
        self.name.setMaxLength(120)
        say_when_full(self.name)
        self.name.setAccessibleName(tr(C, "Name"))
        self.role = QComboBox(box)
        self.role.setAccessibleName(tr(C, "Role"))
        # no role is taken for granted: the report attributes each comment by role
        self.role.addItem(tr(C, "(choose a role)"), None)
        for role in ROLES:
            self.role.addItem(tr("Role", role), role)
        form.addRow(tr(C, "&Name:"), self.name)
        form.addRow(tr(C, "&Role:"), self.role)
        side.addWidget(box)
        self.add_button = QPushButton(tr(C, "&Add as new respondent"), self)
        self.rename_button = QPushButton(tr(C, "&Save changes to the selected respondent"), self)
        self.remove_button = QPushButton(tr(C, "Re&move the selected respondent…"), self)
        self.move_button = QPushButton(tr(C, "Mo&ve answers to…"), self)
        self.move_button.setAccessibleName(tr(C, "Move the selected respondent's answers to another respondent"))
        self.move_button.setToolTip(tr(C, "Give the selected respondent's answers to another respondent of this cycle, "
                                          "as when someone answered while the wrong person was chosen."))
        self.answer_button = QPushButton(tr(C, "Answer as the selected respondent"), self)
        for b in (self.add_button, self.rename_button, self.remove_button, self.move_button, self.answer_button):
            side.addWidget(b)
        self.message = text_label(self)
        side.addWidget(self.message)
        side.addStretch(1)
        row.addLayout(side, 1)
        layout.addLayout(row, 1)

        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.move_button.clicked.connect(self.move_answers)
        self.answer_button.clicked.connect(self._answer)
        self.name.returnPressed.connect(self._enter)
        self.list.currentRowChanged.connect(self._selected)
        self.list.itemActivated.connect(lambda _item: self._answer())
        self.name.installEventFilter(self)
        self.role.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's types
        # Ctrl+Z in the name: the field's own typing first, then Edit > Undo (a removal, a new
        # name), as the message after them says; the field would swallow the key for nothing
        if watched is self.name and event.type() == event.Type.ShortcutOverride and (
            (event.matches(QKeySequence.StandardKey.Undo) and not self.name.isUndoAvailable())
            or (event.matches(QKeySequence.StandardKey.Redo) and not self.name.isRedoAvailable())
        ):
            return True
        # Enter in the role (its list closed) does what Enter in the name does: name, Tab, a
        # role's first letter, Enter adds a person without the mouse
        if watched is self.role and event.type() == event.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.role.view().isVisible():
            self._enter()
            return True
        return super().eventFilter(watched, event)

    # --- model -> widgets ------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None, respondent_id: int | None = None) -> None:
        another = cycle_id != self.cycle_id
        if another:
            with blocked(self.list):
                self.list.setCurrentRow(-1)
            self._shown = None
            self.message.clear()  # what it said was about the other cycle
            self.undo_stack.clear()  # Edit > Undo never changes a cycle left behind
            self.people.clear()
        self.cycle_id = cycle_id
        self.current_respondent = respondent_id
        self.refresh()
        if another:
            self._show_form()  # blank for another cycle

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type and name
        super().hideEvent(event)
        # "Ana was added." said what the last click did; on coming back it would read as news. What
        # holds for the page (a finalised cycle, no cycle) is said again as it is shown (refresh).
        # Not when the window is minimised (the system's hiding): it comes back as it was.
        if not event.spontaneous():
            self.message.clear()

    def editable(self) -> bool:
        if self.cycle_id is None or self.ws.read_only:
            return False
        return not self.ws.cycle(self.cycle_id).finalised

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        """The list, and the selected respondent in the form; what is typed there for them and
        not saved yet stays."""
        self._fill_list()
        if self.selected_id() != self._shown or not self.has_changes():
            self._shown = self.selected_id()
            self._show_form()
        else:
            self._enable()
        if self.cycle_id is None:
            self.title.setText(tr(C, "Respondents"))
            self.message.setText(
                tr(C, "Respondents answer in a cycle: choose a cycle first, or start one with File > New cycle "
                      "(Ctrl+N).") if self.ws.institutions()
                else tr(C, "Respondents answer in a cycle. Enter your institution first, on the Institution page "
                           "(Ctrl+2); then start a cycle with File > New cycle (Ctrl+N)."))
        else:
            self.title.setText(tr(C, "Respondents in cycle {0}").format(self.ws.cycle(self.cycle_id).label))

    def _fill_list(self) -> None:
        """The respondents, with the same one selected; the form is left as it is."""
        keep = self.selected_id()
        with blocked(self.list):
            self.list.clear()
            people = self.ws.respondents(self.cycle_id) if self.cycle_id is not None else []
            answered, total = self._progress() if people else ({}, 0)
            for r in people:
                progress = tr(C, "{0} of %n item(s) answered", n=total).format(answered.get(r.id, 0))
                if r.id == self.current_respondent:
                    progress = tr(C, "{0} · answering now").format(progress)
                item = QListWidgetItem(f"{r.name}\n{tr('Role', r.role)}\n{progress}")
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.list.addItem(item)
                if r.id == keep:
                    self.list.setCurrentItem(item)

    def _progress(self) -> tuple[dict[int, int], int]:
        """How many items each respondent has answered (a level, don't know or not applicable),
        and how many the cycle asks."""
        cycle = self.ws.cycle(self.cycle_id)  # type: ignore[arg-type]
        included = set(cycle.included_areas)
        items = {i.id for a in self.ws.cycle_questionnaire(cycle).areas if a.id in included for i in a.items}
        answered: dict[int, int] = {}
        for resp in self.ws.responses(cycle.id):
            if resp.answer is not None and resp.item_id in items:
                answered[resp.respondent_id] = answered.get(resp.respondent_id, 0) + 1
        return answered, len(items)

    def _selected(self) -> None:
        """Another respondent was selected: the form shows them, once changes typed for the one
        it showed are saved or dropped, as the user says."""
        if self.selected_id() != self._shown and not self.settle():
            # back to the one being edited, whose changes could not be saved: now, and again once
            # a mouse press that chose another row has selected it
            self._back_to_shown()
            QTimer.singleShot(0, self, self._back_to_shown)
            return
        if self.selected_id() != self._shown:
            self.message.clear()  # it spoke of the one shown before ("Ana was added"), not of this one
        self._shown = self.selected_id()
        self._show_form()

    def _back_to_shown(self) -> None:
        with blocked(self.list):
            self._select(self._shown)

    def _show_form(self) -> None:
        """The form shows self._shown as stored (blank when None), enabled as the cycle allows."""
        rid = self._shown
        r = self.ws.respondent(rid) if rid is not None else None
        self._shown_values = (r.name, r.role) if r else ("", None)
        # whom Enter and Save change: a person shown is renamed, a blank form adds one
        if r is None:
            self.form_box.setTitle(tr(C, "New respondent"))
        else:  # a long name is cut: the title never widens the page
            self.form_box.setTitle(tr(C, "Editing {0}").format(r.name if len(r.name) <= 40 else r.name[:39] + "…"))
        with blocked(self.name, self.role):
            self.name.setText(self._shown_values[0])
            self.role.setCurrentIndex(max(0, self.role.findData(self._shown_values[1])) if r else 0)
        self._enable()

    def _enable(self) -> None:
        rid = self._shown
        editable = self.editable()
        self.name.setEnabled(editable)
        self.role.setEnabled(editable)
        self.add_button.setEnabled(editable)
        for button, on in ((self.rename_button, editable and rid is not None),
                           (self.remove_button, editable and rid is not None),
                           (self.move_button, editable and rid is not None and self._may_move(rid)),
                           (self.answer_button, rid is not None)):
            enable(button, on, self.list.setFocus)  # after a removal, say: never to the institution box
        if self.cycle_id is not None and not editable:
            self.message.setText(
                tr(C, "The workspace is open read-only: respondents can be seen, not added or removed.") if self.ws.read_only
                else tr(C, "This cycle is finalised: respondents can be seen, not added or removed."))
        elif self.message.text().startswith(tr(C, "The workspace is open read-only")):
            self.message.clear()  # it can be written again (the other window has closed)

    def has_changes(self) -> bool:
        """Whether the form differs from the respondent it shows (or, when blank, has a name typed)."""
        if not self.editable():
            return False
        typed = (one_line(self.name.text()), self.role.currentData())
        if self._shown is None:
            return bool(typed[0])
        name, role = self._shown_values  # as stored: an older version kept a pasted line break
        return typed != (one_line(name), role)

    def settle(self) -> bool:
        """Before the form shows someone else, or the page is left (for another page or cycle, or
        closing), with changes not saved: saved (a name typed in the blank form is added) or dropped,
        as the user says. False when the user would rather stay, or they could not be saved: the
        form stays, with the edits, and says why."""
        if not self.has_changes():
            return True
        name = self.name.text().strip()
        if self._shown is None:
            question = tr(C, "{0} was typed but not added. Add them as a new respondent?").format(name)
        else:
            question = tr(C, "The changes to {0} are not saved. Save them?").format(self._shown_values[0])
        answer = self.dialogs.ask_to_save(self, tr(C, "Unsaved changes"), question)
        if answer is None:  # stay, with what was typed
            return False
        if not answer:
            self._show_form()
            return True
        if not self._role_chosen(name):
            return False
        try:
            if self._shown is None:
                r = self.ws.add_respondent(self.cycle_id, name, self.role.currentData())  # type: ignore[arg-type]
                self.message.setText(tr(C, "{0} was added.").format(r.name))
            else:
                before = self._stored(self._shown)
                r = self.ws.update_respondent(self._shown, name, self.role.currentData())
                self._pushed_rename(r.id, before, (r.name, r.role))
                self.message.setText(tr(C, "Saved: {0}.").format(r.name))
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return False
        self._shown, self._shown_values = r.id, (r.name, r.role)  # the form now shows them as stored
        self._fill_list()
        if self.selected_id() is None:  # leaving the page: the list shows whom the form shows
            self._back_to_shown()
        self.changed.emit()
        return True

    # --- widgets -> store ---------------------------------------------------------------------------

    def add(self) -> int | None:
        if not self.editable():
            return None
        name = self.name.text().strip()
        if not name:
            self.message.setText(tr(C, "Type the respondent's name first."))
            self.name.setFocus()
            return None
        if not self._role_chosen(name):
            return None
        try:
            r = self.ws.add_respondent(self.cycle_id, name, self.role.currentData())  # type: ignore[arg-type]
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(tr(C, "{0} was added.").format(r.name))
        self._blank_form()
        self.changed.emit()
        return r.id

    def _blank_form(self) -> None:
        """Listed, and the form blank for the next person: a name typed next (and Enter) adds
        another person, never renames the one just added."""
        self._fill_list()
        with blocked(self.list):
            self.list.setCurrentRow(-1)
        self._shown = None
        self._show_form()
        self.name.setFocus()

    def _role_chosen(self, name: str) -> bool:
        """Whether a role is chosen in the form; if not, says so and puts the focus on it."""
        if self.role.currentData() is not None:
            return True
        self.message.setText(tr(C, "Choose the role of {0} first: the results and the report name each comment by "
                                   "its respondent's role.").format(name))
        self.role.setFocus()
        return False

    def rename(self) -> bool:
        rid = self.selected_id()
        if rid is None or not self.editable() or not self._role_chosen(self.name.text().strip()):
            return False
        before = self._stored(rid)
        try:
            r = self.ws.update_respondent(rid, self.name.text(), self.role.currentData())
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return False
        self._pushed_rename(rid, before, (r.name, r.role))
        self.message.setText(tr(C, "Saved: {0}. Edit > Undo (Ctrl+Z) takes it back.").format(r.name))
        self._shown_values = (r.name, r.role)
        self._fill_list()
        self._show_form()
        self.changed.emit()
        return True

    def person(self, rid: int) -> Person:
        """The one Person an undo step holds for the respondent with this id now."""
        return self.people.setdefault(rid, Person(rid))

    def _stored(self, rid: int) -> tuple[str, str]:
        r = self.ws.respondent(rid)
        return r.name, r.role

    def _pushed_rename(self, rid: int, before: tuple[str, str], after: tuple[str, str]) -> None:
        if before != after:
            self.undo_stack.push(RenameRespondentCommand(self, rid, before, after))

    def remove(self) -> bool:
        rid = self.selected_id()
        if rid is None or not self.editable():
            return False
        r = self.ws.respondent(rid)
        n = self.ws.answer_count(rid)
        if n:
            text = tr(C, "Remove {0}? Their %n answer(s) in this cycle will be deleted too (Edit > Undo brings them back).",
                      n=n).format(r.name)
        else:
            text = tr(C, "Remove {0}? They have not answered anything yet.").format(r.name)
        if not self.dialogs.confirm(self, tr(C, "Remove respondent"), text, yes=tr(C, "Remove"), no=tr(C, "Keep")):
            return False
        try:
            removed = self.ws.remove_respondent(rid)
        except db.WorkspaceError as exc:
            self.message.setText(str(exc))
            return False
        self.undo_stack.push(RemoveRespondentCommand(self, removed))
        self.message.setText(tr(C, "{0} was removed. Edit > Undo (Ctrl+Z) brings them back.").format(r.name))
        return True

    def _may_move(self, rid: int) -> bool:
        """Whether the respondent has answers, and the cycle someone else to give them to."""
        return bool(self.ws.respondent_responses(rid)) and len(self.ws.respondents(self.cycle_id)) > 1  # type: ignore[arg-type]

    def move_answers(self) -> bool:
        """The selected respondent's answers, given while the wrong person was chosen, go to the one
        the user picks. Where that one has answered the same items too, the user chooses whose
        answers they keep; answers not moved stay where they are. Edit > Undo takes it back."""
        rid = self.selected_id()
        if rid is None or not self.editable() or not self._may_move(rid):
            return False
        source = self.ws.respondent(rid)
        others = [r for r in self.ws.respondents(self.cycle_id) if r.id != rid]  # type: ignore[arg-type]
        title = tr(C, "Move answers")
        n = len(self.ws.respondent_responses(rid))
        chosen = self.dialogs.pick(
            self, title, tr(C, "Who should have the %n answer(s) given as {0}?", n=n).format(source.name),
            [tr(C, "{0} — {1}").format(r.name, tr("Role", r.role)) for r in others], tr(C, "Move the answers"))
        if chosen is None:
            return False
        target = others[chosen]
        replace = False
        if shared := len(self.ws.answered_by_both(rid, target.id)):
            question = " ".join((
                tr(C, "For %n item(s) {0} answered, {1} has an answer too.", n=shared).format(source.name, target.name),
                tr(C, "Keep what {0} answered (what was given as {1} then stays with {1}), or replace it with the "
                      "moved answers? Edit > Undo takes the move back either way.").format(target.name, source.name)))
            choice = self.dialogs.choose(
                self, title, question,
                [tr(C, "Keep"), tr(C, "Replace"), tr(C, "Cancel")], warning=False)  # names of any length stay in the text
            if choice not in (0, 1):
                return False
            replace = choice == 1
        try:
            moved = self.ws.move_answers(rid, target.id, replace)
        except (ValueError, db.WorkspaceError) as exc:  # the disk is full, say: nothing was moved
            self.message.setText(str(exc))
            return False
        if moved.moved:
            self.undo_stack.push(MoveAnswersCommand(self, moved, source.name, target.name))
        self.refresh()  # the counts; a name typed in the form and not saved stays
        self.message.setText(self.moved_text(moved))
        self.changed.emit()
        return True

    def moved_text(self, moved: MovedAnswers) -> str:
        """What a move did, in a few sentences of one count each."""
        source, target = self.ws.respondent(moved.source_id).name, self.ws.respondent(moved.target_id).name
        if not moved.moved:
            return tr(C, "Nothing was moved: {0} had answered every one of these items already, and keeps "
                         "those answers.").format(target)
        said = [tr(C, "%n answer(s) moved from {0} to {1}.", n=moved.moved).format(source, target)]
        if moved.replaced:
            said.append(tr(C, "Replaced: %n earlier answer(s) of {0}.", n=moved.replaced).format(target))
        if moved.kept:
            said.append(tr(C, "%n answer(s) stayed with {0}, as {1} had answered the same item(s).",
                           n=moved.kept).format(source, target))
        said.append(tr(C, "Edit > Undo (Ctrl+Z) takes the move back."))
        return " ".join(said)

    def _removed(self, rid: int) -> None:
        """After a respondent was removed (or the removal redone): the list and a blank form."""
        if self.current_respondent == rid:
            self.current_respondent = None
        with blocked(self.list):
            self.list.setCurrentRow(-1)
        self.refresh()  # the form is blank again
        self.changed.emit()

    def _restored(self, rid: int, was_answering: bool = False) -> None:
        if was_answering:
            self.current_respondent = rid
        self.refresh()
        self._select(rid)
        self.changed.emit()
        if was_answering:
            self.answering_again.emit(rid)

    def _enter(self) -> None:
        """Enter in the name or the role: adds the person typed in the blank form, or saves the
        shown respondent's new name and role."""
        if self._shown is None:
            self.add()
        else:
            self.rename()

    def _select(self, respondent_id: int | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == respondent_id:
                self.list.setCurrentRow(row)
                return
        self.list.setCurrentRow(-1)

    def _answer(self) -> None:
        rid = self.selected_id()
        if rid is not None:
            self.answer_as.emit(rid)
