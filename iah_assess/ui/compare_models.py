"""Qt item models for the Compare screen: item changes between cycles and last cycle's actions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from iah_assess.domain.comparison import (
    ActionFollowUp,
    Comparison,
    CycleSummary,
    Direction,
    ItemChange,
    ItemLink,
    who_answered,
)
from iah_assess.ui.i18n import tr
from iah_assess.ui.models import (
    ActionIdRole,
    AreaIdRole,
    FlaggedRole,
    Index,
    ItemIdRole,
    RowFilterProxy,
    SortRole,
    TableModel,
    level_text,
    sort_key,
    status_label,
)

ChangeRole = Qt.ItemDataRole.UserRole + 20  # the level change as a float, or None
StepRole = Qt.ItemDataRole.UserRole + 21  # which step (pair of cycles) the row belongs to

LINK_LABELS = {
    ItemLink.MATCHED: "matched",
    ItemLink.RENAMED: "renamed",
    ItemLink.MERGED: "merged",
    ItemLink.NEW: "new",
    ItemLink.RETIRED: "retired",
}
LINK_TIPS = {
    ItemLink.MATCHED: "The same item in both cycles",
    ItemLink.RENAMED: "This item continues an item of the earlier questionnaire version",
    ItemLink.MERGED: "This item continues several earlier items; its level is not compared",
    ItemLink.NEW: "Only in the later cycle's questionnaire",
    ItemLink.RETIRED: "Only in the earlier cycle's questionnaire",
}


def who_answered_text(previous: CycleSummary, current: CycleSummary) -> str:
    """The domain's who_answered in the screen's language, "" when the same roles answered in both."""
    who = who_answered(previous, current)
    if who is None:
        return ""

    def listed(roles: tuple[tuple[str, int], ...]) -> str:
        return ", ".join(tr("ItemChanges", "{0} ({1})").format(tr("Role", role), n) if n > 1 else tr("Role", role)
                         for role, n in roles)

    before, after = who
    return tr("ItemChanges", "The people answering changed: {0} {1}; {2} {3}. Part of a change may come from who "
                             "answered rather than from what changed.").format(
        before.label, listed(before.roles), after.label, listed(after.roles))


def _short_level(level: float | None) -> str:
    return "–" if level is None else f"{level:g}"


def _change_text(change: float | None, moved: Direction | None) -> str:
    """"▲ +1", "▼ −2" for a move of a whole level or more; a smaller change as its number alone
    ("−0.5"): the steady bar beside a number read as "no change"."""
    if change is None:
        return ""
    number = "0" if change == 0 else f"{change:+g}".replace("-", "−")
    return f"{moved.arrow} {number}" if moved in (Direction.UP, Direction.DOWN) else number


@dataclass(frozen=True)
class ChangeRow:
    step: int
    pair: str  # "2024/25 → 2025/26", a no-break space before the arrow
    area_title: str
    change: ItemChange
    flagged: bool
    order: int  # area, then item in questionnaire order, then pair of cycles


class ItemChangesModel(TableModel):
    """One row per item and pair of neighbouring compared cycles: level before → after and the change."""

    AREA, ITEM, CYCLES, LEVELS, CHANGE, STATUS, FLAG = range(7)
    CONTEXT = "ItemChanges"
    NUMBERED = True
    HEADERS = ("Area", "Item", "Cycles", "Levels", "Change", "Status", "Flag")
    TIPS = (
        "The area the item belongs to",
        "The item's title (in the later cycle of the pair)",
        "The two cycles compared on this row",
        "The item's level in the earlier and the later cycle (agreed, else the median)",
        "Later level minus earlier level; ▲/▼ mark a change of a whole level or more",
        "How the item relates to the earlier cycle: matched, renamed, merged, new or retired",
        "Flagged when the levels given in the latest compared cycle are two or more apart",
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ChangeRow] = []
        # per step: its pair of cycles and how the people answering changed ("" when they did not)
        self._who: list[tuple[str, str]] = []

    def set_comparison(self, comparison: Comparison | None, flagged_latest: set[str] | frozenset[str] = frozenset()) -> None:
        """Fill from a comparison; `flagged_latest` holds the latest cycle's items with disagreement."""
        self.beginResetModel()
        self._rows = []
        self._who = []
        if comparison is not None:
            cycles = comparison.cycles
            self._who = [(f"{s.previous} → {s.current}", who_answered_text(cycles[k], cycles[k + 1]))
                         for k, s in enumerate(comparison.steps)]
            titles = {a.area_id: a.title for a in comparison.areas}
            flagged = self._flagged_lines(comparison, set(flagged_latest))
            area_order = {a.area_id: n for n, a in enumerate(comparison.areas)}
            n_steps = len(comparison.steps)
            for k, step in enumerate(comparison.steps):
                pair = f"{step.previous}\u00a0→ {step.current}"  # wrapped, the arrow stays with the first cycle
                for pos, ic in enumerate(step.items):
                    key = (k + 1, ic.item_id) if ic.item_id is not None else (k, ic.previous_ids[0])
                    order = (area_order.get(ic.area_id, len(area_order)) * 10000 + pos) * n_steps + k
                    self._rows.append(ChangeRow(k, pair, titles.get(ic.area_id, ic.area_id), ic, key in flagged, order))
        self.endResetModel()

    @staticmethod
    def _flagged_lines(comparison: Comparison, flagged_latest: set[str]) -> set[tuple[int, str]]:
        """(cycle index, item id) of every cell on an item line that ends flagged in the latest cycle."""
        out: set[tuple[int, str]] = set()
        last = len(comparison.cycles) - 1
        for line in comparison.item_lines:
            end = line.cells[last]
            if end is None or end.item_id not in flagged_latest:
                continue
            out.update((k, c.item_id) for k, c in enumerate(line.cells) if c is not None)
        return out

    def row(self, row: int) -> ChangeRow:
        return self._rows[row]

    def who_answered(self, step: int | None = None) -> list[tuple[str, str]]:
        """(the step's pair of cycles, who_answered_text) for each step whose people answering
        changed, of all steps or of that one: a change there may come from who answered."""
        return [(pair, note) for k, (pair, note) in enumerate(self._who) if note and step in (None, k)]

    # --- the model ---------------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        tip = super().headerData(section, orientation, role)
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section == self.CYCLES
                and (notes := self.who_answered())):
            tip = "\n\n".join([tip, *(note for _, note in notes)])
        return tip

    def _cell(self, row: int, col: int, role: int) -> Any:
        r = self._rows[row]
        ic = r.change
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if col == self.CYCLES and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._who[r.step][1] or None  # who answered changed between the two cycles
        if role == SortRole:
            return sort_key(self._sort_value(r, col, row))
        if role == ChangeRole:
            return ic.change
        if role == StepRole:
            return r.step
        if role == FlaggedRole:
            return r.flagged
        if role == ItemIdRole:
            return ic.item_id if ic.item_id is not None else ic.previous_ids[0]
        if role == AreaIdRole:
            return ic.area_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.AREA:
                return r.area_title
            if col == self.ITEM:
                return ic.title
            if col == self.LEVELS:
                before = level_text(ic.previous_level) or tr("ItemChanges", "no level")
                after = level_text(ic.level) or tr("ItemChanges", "no level")
                if ic.link is ItemLink.NEW:
                    before = tr("ItemChanges", "not in the questionnaire")
                if ic.link is ItemLink.RETIRED:
                    after = tr("ItemChanges", "not in the questionnaire")
                return f"{before} → {after}"
            if col == self.STATUS:
                tip = tr("ItemChanges", LINK_TIPS[ic.link])
                if ic.link in (ItemLink.RENAMED, ItemLink.MERGED):
                    tip += " (" + ", ".join(ic.previous_ids) + ")"
                return tip
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.LEVELS, self.CHANGE):
                return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, r: ChangeRow, col: int) -> str:
        ic = r.change
        if col == self.AREA:
            return r.area_title
        if col == self.ITEM:
            return ic.title
        if col == self.CYCLES:
            return r.pair
        if col == self.LEVELS:
            before = "" if ic.link is ItemLink.NEW else _short_level(ic.previous_level)
            after = "" if ic.link is ItemLink.RETIRED else _short_level(ic.level)
            return f"{before} → {after}".strip()
        if col == self.CHANGE:
            return _change_text(ic.change, ic.moved)
        if col == self.STATUS:
            return tr("ItemChanges", LINK_LABELS[ic.link])
        if col == self.FLAG:
            return tr("ItemChanges", "⚑ disagree") if r.flagged else ""
        return ""

    def _sort_value(self, r: ChangeRow, col: int, row: int) -> Any:
        ic = r.change
        if col == self.AREA:
            return r.order
        if col == self.ITEM:
            return ic.title.casefold()
        if col == self.CYCLES:
            return row  # rows are in order of the pairs of cycles
        if col == self.LEVELS:
            return ic.level if ic.level is not None else -math.inf
        if col == self.CHANGE:
            # no change to compare sorts after every number, whichever way the column is sorted
            return ic.change if ic.change is not None else math.inf
        if col == self.STATUS:
            return list(ItemLink).index(ic.link)
        if col == self.FLAG:
            return 1 if r.flagged else 0
        return None


class ItemChangeFilter(RowFilterProxy):
    """Filters item changes by text (area or item), pair of cycles, "only declines" and "only flagged"."""

    TEXT_COLUMNS = (ItemChangesModel.AREA, ItemChangesModel.ITEM)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._step: int | None = None
        self._only_declines = False
        self._only_flagged = False

    def set_step(self, step: int | None) -> None:
        self._change("_step", step)

    def set_only_declines(self, only: bool) -> None:
        self._change("_only_declines", bool(only))

    def set_only_flagged(self, only: bool) -> None:
        self._change("_only_flagged", bool(only))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        m = self.sourceModel()
        first = m.index(source_row, 0, source_parent)
        if self._step is not None and m.data(first, StepRole) != self._step:
            return False
        if self._only_declines:
            change = m.data(first, ChangeRole)
            if change is None or change >= 0:
                return False
        if self._only_flagged and not m.data(first, FlaggedRole):
            return False
        return self._text_matches(source_row, source_parent)


class FollowUpModel(TableModel):
    """The previous cycle's actions with their final status; open ones can be ticked to carry over.

    The Carry column holds the tick of an open action and, once it is carried, says so in its
    place: one column for carrying, so that the action's own words keep the room at large text."""

    CARRY, ITEM, TEXT, OWNER, DUE, STATUS = range(6)
    CONTEXT = "FollowUp"
    HEADERS = ("Carry", "Item", "Action", "Owner", "Due date", "Final status")
    TIPS = (
        "Tick the open actions to carry; a carried one says so",
        "The item the action is for",
        "What was to be done",
        "Who was responsible",
        "When it was due",
        "How the action ended; a carried action's status is its copy's",
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ActionFollowUp] = []
        self._ticked: set[int] = set()
        self._unticked: set[int] = set()  # the user's unticks: kept when the table is filled again
        self._target = ""
        self.can_carry = False  # False when the target cycle is finalised or the workspace read-only

    def set_follow_up(self, rows: list[ActionFollowUp], target_label: str, can_carry: bool) -> None:
        """Show the actions; every open, not yet carried one starts ticked when carrying is possible,
        unless the user has unticked it (before the page was left and shown again, say)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._target = target_label
        self.can_carry = can_carry
        self._ticked = {f.action.id for f in self._rows if f.can_carry and f.action.id is not None
                        and f.action.id not in self._unticked} if can_carry else set()
        self.endResetModel()

    def follow_up(self, row: int) -> ActionFollowUp:
        return self._rows[row]

    def carriable(self) -> list[int]:
        """Ids of the actions that could be carried (open and not carried yet)."""
        return [f.action.id for f in self._rows if f.can_carry and f.action.id is not None]

    def ticked(self) -> list[int]:
        """Ids of the ticked actions, in plan order."""
        return [f.action.id for f in self._rows if f.action.id in self._ticked and f.can_carry]  # type: ignore[misc]

    def set_ticked(self, action_id: int, ticked: bool) -> None:
        for row, f in enumerate(self._rows):
            if f.action.id == action_id:
                self.setData(self.index(row, self.CARRY),
                             (Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked).value, Qt.ItemDataRole.CheckStateRole)
                return
        raise KeyError(action_id)

    # --- the model ---------------------------------------------------------------------------

    def _checkable(self, row: int) -> bool:
        return self.can_carry and self._rows[row].can_carry

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.column() == self.CARRY and 0 <= index.row() < len(self._rows) and self._checkable(index.row()):
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def _carry_cell(self, row: int, f: ActionFollowUp, tip: bool) -> str | None:
        """The tick of an action that can be carried, else whether it was: a word in the cell, in
        full in its tooltip."""
        if self._checkable(row):
            return tr("FollowUp", "Tick to carry this action into {0}").format(self._target) if tip else ""
        if f.carried_to is not None:
            return (tr("FollowUp", "Carried into {0}; its status is its copy's there").format(self._target) if tip
                    else tr("FollowUp", "carried"))
        if f.open:
            return tr("FollowUp", "Still open, not carried into {0}").format(self._target) if tip else tr("FollowUp", "not carried")
        return None if tip else ""

    def _cell(self, row: int, col: int, role: int) -> Any:
        f = self._rows[row]
        a = f.action
        if role == Qt.ItemDataRole.CheckStateRole and col == self.CARRY and self._checkable(row):
            return Qt.CheckState.Checked if a.id in self._ticked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.CARRY:
                return self._carry_cell(row, f, role == Qt.ItemDataRole.ToolTipRole)
            if col == self.ITEM:
                return f.item_title or (a.item_id or tr("FollowUp", "(no item)"))
            if col == self.TEXT:
                return a.text
            if col == self.OWNER:
                return a.owner
            if col == self.DUE:
                return a.due_date.isoformat() if a.due_date else ""
            if col == self.STATUS:
                return status_label(f.status)  # the copy's, once carried
        if role == ActionIdRole:
            return a.id
        if role == SortRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != self.CARRY:
            return False
        if not 0 <= index.row() < len(self._rows) or not self._checkable(index.row()):
            return False
        action_id = self._rows[index.row()].action.id
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self._ticked.add(action_id)  # type: ignore[arg-type]
            self._unticked.discard(action_id)  # type: ignore[arg-type]
        else:
            self._ticked.discard(action_id)  # type: ignore[arg-type]
            self._unticked.add(action_id)  # type: ignore[arg-type]
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
