"""Builders for the item tables many views show, and for the text field that filters them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget


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
    if sort_column is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(word_wrap)
    table.verticalHeader().hide()
    return table


def fit_columns(table: QTableView, stretch: int, interactive: int, width: int) -> QHeaderView:
    """Columns fit their contents, except `stretch`, which takes the room left, and `interactive`,
    which starts `width` pixels wide and can be dragged. Returns the header."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(interactive, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(interactive, width)
    return header


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
