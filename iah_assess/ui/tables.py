"""Builders for the item tables many views show, the text field that filters them, and the
column widths that keep long texts readable at large fonts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QSize, Qt, QTimer, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QMenu, QStyle, QTableView, QWidget

from iah_assess.ui.i18n import tr

C = "Tables"


def filter_field(placeholder: str, accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    """A one-line text filter with a clear button; both texts are already translated."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    edit.setClearButtonEnabled(True)
    return edit


def table_view(model: QAbstractItemModel, accessible_name: str, parent: QWidget | None = None, *,
               sort_column: int | None = None, single_selection: bool = True, word_wrap: bool = False) -> QTableView:
    """A read-only table that selects whole rows, with alternating row colours and no row numbers;
    sortable (and sorted by `sort_column`, ascending) when a sort column is given."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next control; arrows move in it
    if sort_column is not None:
        sortable(table)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    if word_wrap:
        wrap_words(table)
    else:
        table.setWordWrap(False)
    table.verticalHeader().hide()
    return table


def wrap_words(table: QTableView) -> None:
    """Long texts wrap in their cells, and the table scrolls by lines, not by rows: a row taller
    than the table (a long comment) is read to its end instead of being skipped over."""
    table.setWordWrap(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalScrollBar().setSingleStep(table.fontMetrics().height())


def sortable(table: QTableView) -> None:
    """Makes the table sortable by clicking a column's header, or from the keyboard (keyboard_sorting)."""
    table.setHorizontalHeader(SortHeader(table))
    table.setSortingEnabled(True)
    keyboard_sorting(table)


class SortHeader(QHeaderView):
    """A table's column header that makes room for the sort arrow only in the column sorted by.

    Qt's own header widens every column by the arrow's room (20 px, 30 at 150% text) once the
    table can be sorted; at large fonts that pushes the last columns out of sight. Qt sizes the
    columns that fit their contents again when the sorted column changes."""

    def __init__(self, table: QTableView):
        super().__init__(Qt.Orientation.Horizontal, table)
        self.setSectionsClickable(True)  # as a table's own header
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N802, N803 - Qt's names
        size = super().sectionSizeFromContents(logicalIndex)
        if self.isSortIndicatorShown() and logicalIndex != self.sortIndicatorSection():
            # the room Qt adds: the header's height and a margin
            size.setWidth(size.width() - size.height() - self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self))
        return size


def keyboard_sorting(table: QTableView) -> None:
    """A sortable table's columns can be sorted without the mouse: the Menu key or Shift+F10 (and a
    right click) opens a menu of the columns; the one sorted now is ticked, and choosing it again
    turns its order round."""
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.customContextMenuRequested.connect(lambda pos: _open_sort_menu(table, pos))
    opener = QAction(table)
    opener.setShortcut(QKeySequence("Shift+F10"))
    opener.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    opener.triggered.connect(lambda: _open_sort_menu(table, QPoint(0, 0)))
    table.addAction(opener)
    table.setAccessibleDescription(tr(C, "Menu key or Shift+F10: sort by a column"))


def _open_sort_menu(table: QTableView, pos: QPoint) -> None:
    menu = sort_menu(table)
    menu.exec(table.viewport().mapToGlobal(pos))
    menu.deleteLater()  # a new one each time: the columns and the order may have changed


def sort_menu(table: QTableView) -> QMenu:
    """The menu of a table's columns to sort by (see keyboard_sorting)."""
    menu = QMenu(tr(C, "Sort by"), table)
    header, model = table.horizontalHeader(), table.model()
    sorted_by, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "").replace("\n", " ")
        if col == sorted_by:
            if order == Qt.SortOrder.DescendingOrder:
                title = tr(C, "{0} (descending; choose again for ascending)").format(title)
            else:
                title = tr(C, "{0} (ascending; choose again for descending)").format(title)
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(col == sorted_by)
        flip = Qt.SortOrder.AscendingOrder if order == Qt.SortOrder.DescendingOrder else Qt.SortOrder.DescendingOrder
        action.triggered.connect(lambda _=False, c=col, o=(flip if col == sorted_by else Qt.SortOrder.AscendingOrder):
                                 table.sortByColumn(c, o))
    return menu


def row_refitter(table: QTableView, *signals: SignalInstance) -> QTimer:
    """Re-measures the table's rows (for wrapped text) once control returns to the event loop
    after any of `signals`, however many fire together. Returns the timer that does it."""
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(table.resizeRowsToContents)
    for signal in signals:
        signal.connect(timer.start)
    return timer


def share_widths(room: int, shares: dict[int, float], floors: dict[int, int]) -> dict[int, int]:
    """Widths for columns that share `room` pixels in proportion to their shares, none narrower
    than its floor: a column its share would squeeze below the floor gets the floor, and the
    others share what is left (if the floors alone need more room, the table scrolls)."""
    fixed: dict[int, int] = {}
    free = dict(shares)
    while free:
        left, total = room - sum(fixed.values()), sum(free.values())
        squeezed = [c for c, s in free.items() if total <= 0 or left * s / total < floors[c]]
        if not squeezed:
            return {**fixed, **{c: int(left * s / total) for c, s in free.items()}}
        for c in squeezed:
            fixed[c] = floors[c]
            del free[c]
    return fixed


# Where a line may break: any white space but a no-break space
_BREAKS = re.compile(r"[^\S\u00a0\u202f]+")

# The longest word a column is widened for, in characters ("internacionalizacije" has 20)
LONGEST_WORD = 26


class ColumnShares(QObject):
    """Keeps table columns at shares of the table's width, none narrower than its header's
    text, so that no column is squeezed to nothing at large fonts; the user can still drag a
    column until the table resizes.

    A `shrinkable` column is as wide as its text on one line while there is room; when the
    shared columns would have to go below their longest words, it gives up width, down to its
    own longest word, and wraps (the tables' word_wrap), so that the columns after it stay in
    sight at large fonts."""

    def __init__(self, table: QTableView, shares: dict[int, float], shrinkable: Sequence[int] = ()):
        super().__init__(table)
        self._table = table
        self._shares = shares
        self._shrinkable = tuple(shrinkable)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in (*shares, *self._shrinkable):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)
        header.sortIndicatorChanged.connect(self.fit)  # the sorted column's header needs the arrow's room
        header.sectionResized.connect(self._other_resized)

    def set_shares(self, shares: dict[int, float]) -> None:
        self._shares = shares
        for col in shares:
            self._table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.fit()

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        shrinkable = [c for c in self._shrinkable if not header.isSectionHidden(c)]
        fixed = sum(header.sectionSize(c) for c in range(header.count())
                    if c not in self._shares and c not in self._shrinkable and not header.isSectionHidden(c))
        room = max(0, self._table.viewport().width() - fixed)
        floors = {c: self._floor(c) for c in (*self._shares, *shrinkable)}
        whole = {c: max(floors[c], self._table.sizeHintForColumn(c)) for c in shrinkable}
        # what the shrinkable columns give up: no more than the shared columns lack, nor than
        # takes them below their floors; each gives in proportion to what it can give
        short = max(0, sum(whole.values()) + sum(floors[c] for c in self._shares) - room)
        slack = sum(whole[c] - floors[c] for c in shrinkable)
        for col in shrinkable:
            give = (whole[col] - floors[col]) * min(1.0, short / slack) if slack else 0
            header.resizeSection(col, whole[col] - int(give + 0.999))
            room -= header.sectionSize(col)
        for col, width in share_widths(max(0, room), self._shares, floors).items():
            header.resizeSection(col, width)

    def _other_resized(self, col: int, _old: int, _new: int) -> None:
        """A column sized to its contents changed (Qt does it after the rows change): the shared
        columns have more or less room."""
        if col not in self._shares and col not in self._shrinkable:
            self.fit()

    def _floor(self, col: int) -> int:
        header = self._table.horizontalHeader()
        return max(header.minimumSectionSize(), header.sectionSizeHint(col), self._longest_word(col))

    def _longest_word(self, col: int, rows: int = 200) -> int:
        """The width the column's longest word needs, so that wrapping never has to cut one
        (read from its first `rows` rows). A "word" longer than LONGEST_WORD characters (a web
        address, a file's path) is no word: it is cut where the line ends rather than take the
        other columns' room."""
        model, fm = self._table.model(), self._table.fontMetrics()
        words = {w for r in range(min(rows, model.rowCount())) for w in _BREAKS.split(str(model.index(r, col).data() or ""))}
        cap = LONGEST_WORD * fm.averageCharWidth()
        return min(max((fm.horizontalAdvance(w) for w in words), default=0), cap) + 2 * fm.averageCharWidth()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
