"""Review and finalise: what is still unanswered, per respondent and area; then finalise."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.overview_view import when
from iah_assess.ui.widgets import blocked, heading

KeyRole = Qt.ItemDataRole.UserRole + 1  # what a row stands for, to find it again after the list is rebuilt
C = "Review"


class ReviewView(QWidget):
    jump = Signal(int, str)  # respondent id, item id
    finalised = Signal(int)

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None,
                 saved_first: Callable[[], bool] | None = None):
        """`saved_first` saves what other pages hold typed and not yet saved (an edit a full disk
        kept back, say); False if some of it could not be: nothing is finalised over it."""
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self._saved_first = saved_first or (lambda: True)
        self.cycle_id: int | None = None
        self.n_unanswered = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        self.title = heading(tr(C, "Review and finalise"), self)
        layout.addWidget(self.title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([tr(C, "Respondents and the items they have not answered"), tr(C, "Missing")])
        self.tree.setAccessibleName(tr(C, "Unanswered items by respondent and area"))
        # the names and titles take the room; the count column is as wide as its numbers
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)  # Enter, and a double-click (or a click where the system says so)
        layout.addWidget(self.tree, 1)
        self.hint = QLabel(self)  # while there is an item to go to
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        row.addWidget(self.state, 1)
        self.finalise_button = QPushButton(tr(C, "Fi&nalise cycle…"), self)
        row.addWidget(self.finalise_button)
        layout.addLayout(row)
        self.finalise_button.clicked.connect(self.finalise)

    def set_cycle(self, cycle_id: int | None) -> None:
        self.cycle_id = cycle_id
        self.refresh()

    def _key(self, node: QTreeWidgetItem | None) -> tuple | None:
        return None if node is None else node.data(0, KeyRole)

    def refresh(self) -> None:
        # the place in the list is kept: which areas are open, and the row chosen (or, when its item
        # was answered meanwhile, the next one still missing)
        opened = {self._key(self.tree.topLevelItem(k).child(j))
                  for k in range(self.tree.topLevelItemCount()) for j in range(self.tree.topLevelItem(k).childCount())
                  if self.tree.topLevelItem(k).child(j).isExpanded()}
        was = self._key(self.tree.currentItem())
        with blocked(self.tree):
            self.tree.clear()
        self.n_unanswered = 0
        if self.cycle_id is None:
            self.summary.setText(tr(C, "Choose a cycle first."))
            self.finalise_button.setEnabled(False)
            self.state.clear()
            self.hint.hide()
            return
        cycle = self.ws.cycle(self.cycle_id)
        q = self.ws.cycle_questionnaire(cycle)
        included = [a for a in q.areas if a.id in set(cycle.included_areas)]
        total = sum(len(a.items) for a in included)
        people = self.ws.respondents(cycle.id)
        answered: dict[int, set[str]] = {r.id: set() for r in people}
        for resp in self.ws.responses(cycle.id):
            if resp.answer is not None:
                answered.setdefault(resp.respondent_id, set()).add(resp.item_id)
        complete = 0
        with blocked(self.tree):
            for r in people:
                missing_total = 0
                node = QTreeWidgetItem([tr(C, "{0} ({1})").format(r.name, tr("Role", r.role)), ""])
                node.setData(0, KeyRole, ("respondent", r.id))
                for area in included:
                    missing = [i for i in area.items if i.id not in answered[r.id]]
                    if not missing:
                        continue
                    missing_total += len(missing)
                    area_node = QTreeWidgetItem([area.title, str(len(missing))])
                    area_node.setData(0, KeyRole, ("area", r.id, area.id))
                    for item in missing:
                        leaf = QTreeWidgetItem([item.title, ""])
                        leaf.setData(0, Qt.ItemDataRole.UserRole, (r.id, item.id))
                        leaf.setData(0, KeyRole, ("item", r.id, item.id, area.id, [i.id for i in area.items].index(item.id)))
                        leaf.setToolTip(0, item.statement)
                        area_node.addChild(leaf)
                    node.addChild(area_node)
                # under "Missing": how many of the items are still to answer
                node.setText(1, tr(C, "{0} of {1}").format(missing_total, total) if missing_total else tr(C, "none"))
                if missing_total == 0:
                    node.setText(0, tr(C, "{0} — every item answered").format(node.text(0)))
                    complete += 1
                self.tree.addTopLevelItem(node)
                node.setExpanded(True)
                for j in range(node.childCount()):
                    node.child(j).setExpanded(self._key(node.child(j)) in opened)
                self.n_unanswered += missing_total
            self._back_to(was)
        if not people:
            self.summary.setText(tr(C, "Nobody answers in this cycle yet. Add respondents first."))
        elif not self.n_unanswered:
            self.summary.setText(tr(C, "Cycle {0}: every respondent answered every item.").format(cycle.label))
        else:
            self.summary.setText(tr(C, "Cycle {0}: {1} of %n respondent(s) answered every item.", n=len(people)).format(cycle.label, complete)
                + " " + tr(C, "%n answer(s) missing.", n=self.n_unanswered))
        self.hint.setVisible(self.n_unanswered > 0)
        self.hint.setText(tr(C, "Double-click an item (or press Enter) to see it.") if cycle.finalised or self.ws.read_only
                          else tr(C, "Double-click an item (or press Enter) to answer it."))
        if cycle.finalised:
            self.state.setText(tr(C, "This cycle was finalised on {0}. It is read-only.").format(when(cycle.finalised_at or "")))
            self.finalise_button.setEnabled(False)
        elif self.ws.read_only:
            self.state.setText(tr(C, "The workspace is open read-only."))
            self.finalise_button.setEnabled(False)
        else:
            # what else is still open, said here and not first in the finalising question
            still = []
            if people and (unsettled := self.ws.cycle_summary(cycle.id).n_unsettled):
                still.append(tr(C, "Still without an agreed level: %n flagged item(s) (Agree levels, Ctrl+7).", n=unsettled))
            if people and not self.ws.actions(cycle.id):
                still.append(tr(C, "The action plan is empty (Action plan, Ctrl+8)."))
            self.state.setText(" ".join([tr(C, "Finalise when the team has answered and agreed levels. After that "
                                               "nothing in the cycle changes.")] + still))
            self.finalise_button.setEnabled(bool(people))

    def _back_to(self, key: tuple | None) -> None:
        """Choose the row that had `key` again; for an item answered meanwhile, the next one still
        missing in its area, else the area, else the respondent."""
        if key is None:
            return
        person = next((self.tree.topLevelItem(k) for k in range(self.tree.topLevelItemCount())
                       if self.tree.topLevelItem(k).data(0, KeyRole)[1] == key[1]), None)
        if person is None:
            return
        chosen = person
        area_id = key[2] if key[0] == "area" else key[3] if key[0] == "item" else None
        for j in range(person.childCount()):
            area = person.child(j)
            if area.data(0, KeyRole)[2] != area_id:
                continue
            chosen = area
            if key[0] == "item":
                leaves = [area.child(n) for n in range(area.childCount())]
                same = [leaf for leaf in leaves if leaf.data(0, KeyRole)[2] == key[2]]
                later = [leaf for leaf in leaves if leaf.data(0, KeyRole)[4] > key[4]]
                chosen = (same or later or [area])[0]
        self.tree.setCurrentItem(chosen)

    def _activated(self, node: QTreeWidgetItem) -> None:
        data = node.data(0, Qt.ItemDataRole.UserRole)
        if data:
            respondent_id, item_id = data
            self.jump.emit(int(respondent_id), str(item_id))

    def finalise(self) -> bool:
        if self.cycle_id is None:
            return False
        cycle = self.ws.cycle(self.cycle_id)
        if cycle.finalised or self.ws.read_only:
            return False
        if not self._saved_first():  # it would be frozen out of the cycle for good
            self.dialogs.error(self, tr(C, "Finalise cycle"), tr(
                C, "Something typed on another page could not be saved yet (see that page; it is tried again). "
                   "Finalise once it is saved."))
            return False
        text = tr(C, "Finalise cycle {0}? Its answers, respondents, agreed levels and action plan can no longer "
                     "change afterwards. Its open actions can be carried into next year's cycle on the Compare page "
                     "(Ctrl+9), where their progress is then kept.").format(cycle.label)
        if self.n_unanswered:
            text += "\n\n" + tr(C, "%n answer(s) still missing.", n=self.n_unanswered)
        if not self.ws.actions(cycle.id):
            text += "\n\n" + tr(C, "The action plan is empty: once finalised, the cycle's report has no actions. "
                                    "Action plan (Ctrl+8) makes one from the priorities.")
        if unsettled := self.ws.cycle_summary(cycle.id).n_unsettled:
            text += "\n\n" + tr(C, "%n flagged item(s) without an agreed level: the results use the median of the "
                                    "answers for them. Agree levels records a level.", n=unsettled)
        if not self.dialogs.confirm(self, tr(C, "Finalise cycle"), text, yes=tr(C, "Finalise"), no=tr(C, "Not yet")):
            return False
        try:
            self.ws.finalise_cycle(cycle.id)
        except db.WorkspaceError as exc:
            self.dialogs.error(self, tr(C, "Finalise cycle"), str(exc))
            return False
        self.refresh()
        self.finalised.emit(cycle.id)
        return True
