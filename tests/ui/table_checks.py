"""Checks on what a table shows, shared by the screens' tests."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTableView


def shown_whole(table: QTableView, col: int) -> bool:
    """Whether every row of the column has the width and height its text needs, wrapped, and
    no word is wider than the column (a word that is would be cut)."""
    # the room for text: the column less its grid line and the style's margin on each side
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    fm, width = table.fontMetrics(), table.columnWidth(col) - int(table.showGrid()) - 2 * margin
    model = table.model()
    for row in range(model.rowCount()):
        text = str(model.index(row, col).data() or "")
        if any(fm.horizontalAdvance(word) > width for word in text.split()):
            return False
        needed = fm.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), text).height()
        if needed > table.rowHeight(row):
            return False
    return True
