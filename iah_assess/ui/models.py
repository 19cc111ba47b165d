"""Qt item models for the results table and the action plan, fed from domain objects."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import ANSWER_LABELS, DONT_KNOW, LEVEL_NAMES, Action, ActionStatus, Respondent, Response
from iah_assess.domain.scoring import AreaResult, CycleResult, ItemResult
from iah_assess.ui.i18n import tr

OVERDUE_COLOUR = QColor("#a40000")  # the app's colour for what needs attention; the words say it too

Index = QModelIndex | QPersistentModelIndex

ItemIdRole = Qt.ItemDataRole.UserRole + 1
AreaIdRole = Qt.ItemDataRole.UserRole + 2
FlaggedRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4


def sort_key(value: Any) -> Any:
    """A column's sort value as Qt compares it right: every number as a float. Qt 6.11 orders a
    mix of ints and floats wrongly (-1, -0.5, -1), as a gap or change column holds."""
    return float(value) if isinstance(value, (int, float)) else value
ActionIdRole = Qt.ItemDataRole.UserRole + 5

STATUS_LABELS = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


def status_label(status: ActionStatus) -> str:
    return tr("ActionPlan", STATUS_LABELS[status])


def level_text(level: float | None) -> str:
    """A level as "2 Developing", or "2.5 Developing – Established" for a median between two
    levels, as the report names it: a bare "2.5" beside named levels reads as another scale. The
    dash has spaces, so that a narrow column may wrap there."""
    if level is None:
        return ""
    if float(level).is_integer():
        return f"{int(level)} {tr('Levels', LEVEL_NAMES[int(level)])}"
    low, high = (tr("Levels", LEVEL_NAMES[int(level) + k]) for k in (0, 1))
    return f"{level:g} {low} – {high}"


def _number(value: float) -> str:
    return f"{value:+g}" if value else "0"


class RowFilterProxy(QSortFilterProxyModel):
    """A sorting proxy (by `SortRole`) whose row filters are attributes changed through `_change`;
    it has a text filter on some columns (`TEXT_COLUMNS`), and subclasses add their own filters."""

    TEXT_COLUMNS: tuple[int, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._text = ""
        self.setSortRole(SortRole)

    def _change(self, name: str, value: object) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() with begin/endFilterChange(); older Qt has only the first
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._change("_text", text.strip().casefold())

    def _text_matches(self, source_row: int, source_parent: Index) -> bool:
        """True when no text is set or one of `TEXT_COLUMNS` contains it (case-insensitively)."""
        if not self._text:
            return True
        m = self.sourceModel()
        return any(self._text in str(m.data(m.index(source_row, col, source_parent)) or "").casefold()
                   for col in self.TEXT_COLUMNS)


class TableModel(QAbstractTableModel):
    """A flat table over `self._rows`: row and column counts, headers (HEADERS translated in the
    context CONTEXT, TIPS as their tooltips, row numbers when NUMBERED), selectable cells, and
    data() that checks the index before asking `_cell(row, col, role)`."""

    CONTEXT = ""
    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    NUMBERED = False  # the vertical header numbers the rows

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(self.CONTEXT, self.HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TIPS):
                return tr(self.CONTEXT, self.TIPS[section])
        if (self.NUMBERED and orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._rows)):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.HEADERS):
            return None
        return self._cell(index.row(), index.column(), role)

    def _cell(self, row: int, col: int, role: int) -> Any:
        """The value of a cell in range for a role; None when the role has none."""
        raise NotImplementedError


class ItemResultsModel(TableModel):
    """One row per item of a cycle: level, spread, answers, target, gap and disagreement."""

    AREA, ITEM, LEVEL, SPREAD, N, DONT_KNOW, NOT_APPLICABLE, TARGET, GAP, FLAG = range(10)
    CONTEXT = "ItemResults"
    NUMBERED = True
    HEADERS = ("Area", "Item", "Level", "Spread", "n", "Don't know", "N/A", "Target", "Gap", "Flag")
    TIPS = (
        "The area the item belongs to",
        "The item's title",
        "The median of the answered levels, or the agreed level when one was recorded",
        "The lowest and highest level given",
        "How many respondents gave a level",
        "How many respondents answered \"don't know\"",
        "How many respondents answered \"not applicable\"",
        "The level this cycle aims for",
        "Target minus level: how far the item is below its target",
        "Flagged when the levels given are two or more apart",
    )

    def __init__(self, parent=None):  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self._rows: list[tuple[ItemResult, AreaResult, str, str]] = []

    def set_result(self, questionnaire: Questionnaire | None, result: CycleResult | None) -> None:
        self.beginResetModel()
        self._rows = []
        if questionnaire is not None and result is not None:
            for area in result.areas:
                area_title = questionnaire.area(area.area_id).title
                for item in area.items:
                    self._rows.append((item, area, area_title, questionnaire.item(item.item_id).title))
        self.endResetModel()

    def item_result(self, row: int) -> ItemResult:
        return self._rows[row][0]

    def row_of(self, item_id: str) -> int:
        for n, (item, _, _, _) in enumerate(self._rows):
            if item.item_id == item_id:
                return n
        raise KeyError(item_id)

    # --- the model ---------------------------------------------------------------------------

    def _cell(self, row: int, col: int, role: int) -> Any:
        item, area, area_title, item_title = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, area, area_title, item_title, col)
        if role == SortRole:
            return sort_key(self._sort_value(item, area, col, row))
        if role == ItemIdRole:
            return item.item_id
        if role == AreaIdRole:
            return item.area_id
        if role == FlaggedRole:
            return bool(area.included and item.disagreement)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.ITEM:
                return item_title
            if col == self.LEVEL and item.agreed:
                return tr("ItemResults", "Agreed level; the answers' median is {0}.").format(
                    level_text(item.median) or tr("ItemResults", "none"))
            if col == self.TARGET:
                return level_text(item.target)
            if col == self.SPREAD and item.levels:
                return tr("ItemResults", "Levels given: {0}").format(", ".join(str(x) for x in item.levels))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.N, self.DONT_KNOW, self.NOT_APPLICABLE, self.TARGET, self.GAP):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, item: ItemResult, area: AreaResult, area_title: str, item_title: str, col: int) -> str:
        if col == self.AREA:
            return area_title
        if col == self.ITEM:
            return item_title
        if not area.included:
            return tr("ItemResults", "not assessed") if col == self.LEVEL else ""
        if col == self.LEVEL:
            if item.level is None:  # as in the report: "don't know" and "not applicable" give no level
                return tr("ItemResults", "no level") if item.n_dont_know or item.n_not_applicable \
                    else tr("ItemResults", "no answers")
            text = level_text(item.level)
            return tr("ItemResults", "{0} (agreed)").format(text) if item.agreed else text
        if col == self.SPREAD:
            if not item.levels:
                return ""
            return f"{item.min}–{item.max}"  # "2–2" when all agree, as the report gives it: "2" would read as a span
        if col == self.N:
            return str(item.n_answered)
        if col == self.DONT_KNOW:
            return str(item.n_dont_know)
        if col == self.NOT_APPLICABLE:
            return str(item.n_not_applicable)
        if col == self.TARGET:
            return str(item.target)
        if col == self.GAP:
            return "" if item.gap is None else _number(item.gap)
        if col == self.FLAG:
            return tr("ItemResults", "⚑ disagree") if item.disagreement else ""
        return ""

    def _sort_value(self, item: ItemResult, area: AreaResult, col: int, row: int) -> Any:
        # numbers sort as numbers; missing values go last (as -inf / +inf as fits)
        missing = -math.inf
        if col == self.AREA:
            return row  # questionnaire order
        if col == self.ITEM:
            return self._rows[row][3].casefold()
        if col == self.LEVEL:
            return item.level if area.included and item.level is not None else missing
        if col == self.SPREAD:
            return (item.max - item.min) if item.levels else missing  # type: ignore[operator]
        if col == self.N:
            return item.n_answered
        if col == self.DONT_KNOW:
            return item.n_dont_know
        if col == self.NOT_APPLICABLE:
            return item.n_not_applicable
        if col == self.TARGET:
            return item.target
        if col == self.GAP:
            return item.gap if area.included and item.gap is not None else missing
        if col == self.FLAG:
            return 1 if area.included and item.disagreement else 0
        return None


class ActionPlanModel(TableModel):
    """The action plan of a cycle, in its order. Edits go to `on_edit`, which saves them."""

    POSITION, ITEM, TEXT, OWNER, DUE, STATUS, INDICATOR, NOTES = range(8)
    CONTEXT = "ActionPlan"
    HEADERS = ("#", "Item", "Action", "Owner", "Due date", "Status", "Success indicator", "Notes")
    FIELDS = {OWNER: "owner", DUE: "due_date", STATUS: "status", INDICATOR: "success_indicator", NOTES: "notes", TEXT: "text"}

    def __init__(self, parent=None):  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self._rows: list[Action] = []
        self._item_titles: dict[str, str] = {}
        self.read_only = False
        self.today = dt.date.today()  # what is overdue is due before it
        self.closed_on: dt.date | None = None
        # called with (action id, field name, new value); returns True when saved
        self.on_edit: Callable[[int, str, object], bool] | None = None

    def set_actions(self, actions: list[Action], item_titles: dict[str, str], read_only: bool = False,
                    closed_on: dt.date | None = None) -> None:
        """`closed_on`, the day a finalised cycle was finalised: its plan is judged overdue on that
        day, as its report is, not on today."""
        self.beginResetModel()
        self.today = closed_on or dt.date.today()
        self.closed_on = closed_on
        self._rows = list(actions)
        self._item_titles = dict(item_titles)
        self.read_only = read_only
        self.endResetModel()

    def action(self, row: int) -> Action:
        return self._rows[row]

    def actions(self) -> list[Action]:
        return list(self._rows)

    def row_of(self, action_id: int) -> int:
        for n, a in enumerate(self._rows):
            if a.id == action_id:
                return n
        raise KeyError(action_id)

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if not self.read_only and index.column() in self.FIELDS:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def overdue(self, a: Action) -> bool:
        """Whether an action not yet done (nor dropped) was due before today."""
        return (a.due_date is not None and a.due_date < self.today
                and a.status.is_open)

    def _item_title(self, a: Action) -> str:
        if a.item_id is None:
            return tr("ActionPlan", "(no item)")
        return self._item_titles.get(a.item_id, a.item_id)

    def _cell(self, row: int, col: int, role: int) -> Any:
        a = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.POSITION:
                return str(row + 1)
            if col == self.ITEM:
                return self._item_title(a)
            if col == self.DUE:
                if a.due_date is None:
                    return ""
                return (tr("ActionPlan", "{0}\noverdue").format(a.due_date.isoformat()) if self.overdue(a)
                        else a.due_date.isoformat())
            if col == self.STATUS:
                return status_label(a.status)
            return getattr(a, self.FIELDS[col])
        if role == Qt.ItemDataRole.EditRole:
            if col == self.DUE:
                return QDate(a.due_date.year, a.due_date.month, a.due_date.day) if a.due_date else None
            if col == self.STATUS:
                return a.status.value
            if col in self.FIELDS:
                return getattr(a, self.FIELDS[col])
            return None
        if role == ActionIdRole:
            return a.id
        if role == ItemIdRole:
            return a.item_id
        if col == self.DUE and self.overdue(a):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.ToolTipRole:
                if self.closed_on is not None:
                    return tr("ActionPlan", "Due on {0}, and its status was still {1} when the cycle was finalised on "
                                            "{2}: past its date.").format(a.due_date.isoformat(), status_label(a.status),  # type: ignore[union-attr]
                                                                         self.closed_on.isoformat())
                return tr("ActionPlan", "Due on {0}, and its status is still {1}: past its date.").format(
                    a.due_date.isoformat(), status_label(a.status))  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.TEXT, self.NOTES, self.INDICATOR, self.ITEM):
            value = self._item_title(a) if col == self.ITEM else getattr(a, self.FIELDS[col])
            return value or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        col = index.column()
        if col not in self.FIELDS or not 0 <= index.row() < len(self._rows):
            return False
        a = self._rows[index.row()]
        field = self.FIELDS[col]
        if col == self.DUE:
            if isinstance(value, QDate):
                value = dt.date(value.year(), value.month(), value.day()) if value.isValid() else None
            elif value is not None and not isinstance(value, dt.date):
                return False
        elif col == self.STATUS:
            try:
                value = ActionStatus(value)
            except ValueError:
                return False
        else:
            value = str(value)
        if getattr(a, field) == value:
            return False
        if self.on_edit is None or a.id is None:
            return False
        return self.on_edit(a.id, field, value)

    def replace_action(self, action: Action) -> None:
        """Show a saved change to one action without resetting the view."""
        row = self.row_of(action.id)  # type: ignore[arg-type]
        self._rows[row] = action
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class ItemAnswersModel(TableModel):
    """Every respondent's answer to one item, side by side: name, role, level, comment, evidence."""

    RESPONDENT, LEVEL, COMMENT, EVIDENCE = range(4)
    CONTEXT = "ItemAnswers"
    HEADERS = ("Respondent", "Level", "Comment", "Evidence")

    def __init__(self, parent=None):  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, int, str, str]] = []

    def set_answers(self, rows: list[tuple[Respondent, Response | None]]) -> None:
        self.beginResetModel()
        self._rows = []
        for person, response in rows:
            answer = None if response is None else response.answer
            if answer is None:
                text, order = tr("ItemAnswers", "no answer"), -3
            elif isinstance(answer, int):
                text, order = level_text(answer), answer
            else:
                text, order = tr("ItemAnswers", ANSWER_LABELS[answer]), -1 if answer == DONT_KNOW else -2
            self._rows.append((
                person.name, tr("Role", person.role) if person.role else "", text, order,
                response.comment if response else "", response.evidence if response else "",
            ))
        self.endResetModel()

    def _cell(self, row: int, col: int, role: int) -> Any:
        name, person_role, level, order, comment, evidence = self._rows[row]
        who = f"{name}\n{person_role}" if person_role else name  # the role under the name
        values = (who, level, comment, evidence)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and col not in (self.COMMENT, self.EVIDENCE):
                return None
            return values[col] or None if role == Qt.ItemDataRole.ToolTipRole else values[col]
        if role == SortRole:
            return order if col == self.LEVEL else values[col].casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
