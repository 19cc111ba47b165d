"""The people answering in a cycle: add, rename, remove (with confirmation), choose who answers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.records import ROLES
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.widgets import blocked, heading, text_label

C = "Respondents"


class RespondentsView(QWidget):
    changed = Signal()
    answer_as = Signal(int)

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.current_respondent: int | None = None

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
        self.list = QListWidget(self)
        self.list.setSpacing(3)  # two lines a person: name and role, then progress
        self.list.setAccessibleName(tr(C, "Respondents"))
        self.list.setMinimumWidth(260)
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        box = QGroupBox(tr(C, "Respondent"), self)
        form = QFormLayout(box)
        self.name = QLineEdit(box)
        self.name.setMaxLength(120)
        self.name.setAccessibleName(tr(C, "Name"))
        self.role = QComboBox(box)
        self.role.setAccessibleName(tr(C, "Role"))
        for role in ROLES:
            self.role.addItem(tr("Role", role), role)
        form.addRow(tr(C, "&Name:"), self.name)
        form.addRow(tr(C, "&Role:"), self.role)
        side.addWidget(box)
        self.add_button = QPushButton(tr(C, "&Add as new respondent"), self)
        self.rename_button = QPushButton(tr(C, "&Save changes to the selected respondent"), self)
        self.remove_button = QPushButton(tr(C, "Re&move the selected respondent…"), self)
        self.answer_button = QPushButton(tr(C, "Answer as the selected respondent"), self)
        for b in (self.add_button, self.rename_button, self.remove_button, self.answer_button):
            side.addWidget(b)
        self.message = text_label(self)
        side.addWidget(self.message)
        side.addStretch(1)
        row.addLayout(side, 1)
        layout.addLayout(row, 1)

        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.answer_button.clicked.connect(self._answer)
        self.list.currentRowChanged.connect(self._selected)
        self.list.itemActivated.connect(lambda _item: self._answer())

    # --- model -> widgets ------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None, respondent_id: int | None = None) -> None:
        self.cycle_id = cycle_id
        self.current_respondent = respondent_id
        self.refresh()

    def editable(self) -> bool:
        if self.cycle_id is None or self.ws.read_only:
            return False
        return not self.ws.cycle(self.cycle_id).finalised

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        keep = self.selected_id()
        with blocked(self.list):
            self.list.clear()
            people = self.ws.respondents(self.cycle_id) if self.cycle_id is not None else []
            answered, total = self._progress() if people else ({}, 0)
            for r in people:
                text = tr(C, "{0} — {1}").format(r.name, tr("Role", r.role))
                progress = tr(C, "{0} of %n item(s) answered", n=total).format(answered.get(r.id, 0))
                if r.id == self.current_respondent:
                    progress = tr(C, "{0} · answering now").format(progress)
                item = QListWidgetItem(f"{text}\n{progress}")
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.list.addItem(item)
                if r.id == keep:
                    self.list.setCurrentItem(item)
        if self.cycle_id is None:
            self.title.setText(tr(C, "Respondents"))
        else:
            self.title.setText(tr(C, "Respondents in cycle {0}").format(self.ws.cycle(self.cycle_id).label))
        self._selected()

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
        rid = self.selected_id()
        editable = self.editable()
        if rid is not None:
            r = self.ws.respondent(rid)
            with blocked(self.name, self.role):
                self.name.setText(r.name)
                self.role.setCurrentIndex(max(0, self.role.findData(r.role)))
        self.name.setEnabled(editable)
        self.role.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable and rid is not None)
        self.remove_button.setEnabled(editable and rid is not None)
        self.answer_button.setEnabled(rid is not None)
        if self.cycle_id is not None and not editable:
            self.message.setText(tr(C, "This cycle cannot change: respondents can be seen, not added or removed."))

    # --- widgets -> store ---------------------------------------------------------------------------

    def add(self) -> int | None:
        if not self.editable():
            return None
        name = self.name.text().strip()
        if not name:
            self.message.setText(tr(C, "Type the respondent's name first."))
            self.name.setFocus()
            return None
        try:
            r = self.ws.add_respondent(self.cycle_id, name, self.role.currentData())  # type: ignore[arg-type]
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(tr(C, "{0} was added.").format(r.name))
        self.refresh()
        self._select(r.id)
        self.changed.emit()
        return r.id

    def rename(self) -> bool:
        rid = self.selected_id()
        if rid is None or not self.editable():
            return False
        try:
            r = self.ws.update_respondent(rid, self.name.text(), self.role.currentData())
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(tr(C, "Saved: {0}.").format(r.name))
        self.refresh()
        self.changed.emit()
        return True

    def remove(self) -> bool:
        rid = self.selected_id()
        if rid is None or not self.editable():
            return False
        r = self.ws.respondent(rid)
        n = self.ws.answer_count(rid)
        if n:
            text = tr(C, "Remove {0}? Their %n answer(s) in this cycle will be deleted too. This cannot be undone.",
                      n=n).format(r.name)
        else:
            text = tr(C, "Remove {0}? They have not answered anything yet.").format(r.name)
        if not self.dialogs.confirm(self, tr(C, "Remove respondent"), text):
            return False
        try:
            self.ws.remove_respondent(rid)
        except db.WorkspaceError as exc:
            self.message.setText(str(exc))
            return False
        if self.current_respondent == rid:
            self.current_respondent = None
        self.message.setText(tr(C, "{0} was removed.").format(r.name))
        with blocked(self.list):
            self.list.setCurrentRow(-1)
        self.refresh()
        self.changed.emit()
        return True

    def _select(self, respondent_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == respondent_id:
                self.list.setCurrentRow(row)
                return

    def _answer(self) -> None:
        rid = self.selected_id()
        if rid is not None:
            self.answer_as.emit(rid)
