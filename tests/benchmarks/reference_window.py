"""A reference for the start benchmark: the first window's widgets in plain PySide6, no app code.

It builds what iah-assess's main window shows on the sample workspace (menus with their
shortcuts, the institution and cycle bar, the section list, the overview's institution card,
next steps, cycles table with area bars, and the radar chart) from fixed texts: no command line,
log, database, records or translations. It is written as PySide6 code usually is, with the Qt
namespace's enums (Qt.AlignmentFlag and the like), setPen and fillRect. Its start time over a
bare QMainWindow's is what such a window costs as usually written: Qt's enums, widget classes,
fonts, layout and painting.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

AREAS = ("Leadership", "Institutional strategy", "Finance and resources", "Stakeholders", "Staff development",
         "Curriculum and learning")
BLUE = QColor("#0072B2")


class Bars(QWidget):
    def __init__(self, values: list[float], parent: QWidget | None = None):
        super().__init__(parent)
        self.values = values

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(len(self.values) * 10 + 2, int(self.fontMetrics().height() * 1.5))

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001, ARG002
        p = QPainter(self)
        h = self.height() - 2.0
        p.setPen(QPen(QColor(0, 0, 0, 110), 1))
        p.drawLine(QPointF(0, h + 1), QPointF(self.width(), h + 1))
        for k, v in enumerate(self.values):
            p.fillRect(QRectF(1 + k * 10, h + 1 - h * v / 100, 7, h * v / 100), BLUE)
        p.end()


class Radar(QWidget):
    def __init__(self, values: list[float], parent: QWidget | None = None):
        super().__init__(parent)
        self.values = values
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(self.fontMetrics().height() * 15)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().height() * 34, self.fontMetrics().height() * 26)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001, ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2)
        radius = min(self.width() / 2 - 200, self.height() / 2 - 50)
        n = len(self.values)

        def point(i: int, value: float) -> QPointF:
            a = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(centre.x() + radius * value / 100 * math.cos(a), centre.y() + radius * value / 100 * math.sin(a))

        p.setBrush(Qt.BrushStyle.NoBrush)
        for level in (25, 50, 75, 100):
            p.setPen(QPen(QColor(0, 0, 0, 70), 1, Qt.PenStyle.SolidLine if level == 100 else Qt.PenStyle.DotLine))
            p.drawPolygon(QPolygonF([point(i, level) for i in range(n)]))
            p.drawText(point(0, level), str(level))
        p.setPen(QColor(0, 0, 0))
        for i, label in enumerate(AREAS):
            at = point(i, 115)
            p.drawText(QRectF(at.x() - 80, at.y() - 20, 160, 40),
                       int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), label)
        fill = QColor(BLUE)
        fill.setAlpha(30)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawPolygon(QPolygonF([point(i, v) for i, v in enumerate(self.values)]))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(BLUE, 2.2))
        p.drawPolygon(QPolygonF([point(i, v) for i, v in enumerate(self.values)]))
        p.setBrush(BLUE)
        for i, v in enumerate(self.values):
            p.drawEllipse(point(i, v), 4, 4)
        p.end()


def _overview(parent: QWidget) -> QScrollArea:
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.setSpacing(12)
    top = QHBoxLayout()
    card = QGroupBox("Institution", page)
    form = QFormLayout(card)
    name = QLabel("Sample University of Drinska Dolina (fictional)", card)
    font = name.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    name.setFont(font)
    name.setTextFormat(Qt.TextFormat.PlainText)
    form.addRow(name)
    for key, value in (("Place:", "Drinska Dolina, Bosnia and Herzegovina"), ("Type:", "Public university"),
                       ("Size:", "10,000-30,000 students"), ("Contact:", "iah@example.org (fictional)")):
        label = QLabel(value, card)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        form.addRow(key, label)
    form.addRow(QPushButton("Edit profile", card))
    steps = QGroupBox("Next steps", page)
    sl = QVBoxLayout(steps)
    text = QLabel("Cycle 2025/26 is open with 4 respondents. Choose who is answering now.", steps)
    text.setWordWrap(True)
    sl.addWidget(text)
    for caption in ("Choose who is answering", "Review", "Open action plan", "New cycle…"):
        sl.addWidget(QPushButton(caption, steps))
    top.addWidget(card, 3)
    top.addWidget(steps, 2)
    layout.addLayout(top)
    box = QGroupBox("Cycles", page)
    bl = QVBoxLayout(box)
    table = QTableWidget(3, 6, box)
    table.setHorizontalHeaderLabels(["Cycle", "Status", "Respondents", "Overall index", "Areas", "Last change"])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    rows = (("2023/24", "Finalised", "3", "30 (Initial)"), ("2024/25", "Finalised", "4", "45 (Developing)"),
            ("2025/26", "Open", "4", "58 (Developing)"))
    for row, texts in enumerate(rows):
        for col, value in enumerate((*texts, "", "2026-11-28 23:39")):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, row)
            table.setItem(row, col, item)
        holder = QWidget()
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(6, 2, 6, 2)
        hl.addWidget(Bars([20.0 + 10 * row + 5 * i for i in range(6)], holder))
        table.setCellWidget(row, 4, holder)
    table.selectRow(2)
    table.setFixedHeight(table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(3)) + 2 * table.frameWidth() + 4)
    bl.addWidget(table)
    bl.addWidget(QLabel("Double-click a cycle (or press Enter) to work on it.", box))
    layout.addWidget(box)
    radar_box = QGroupBox("Area scores, cycle 2025/26", page)
    QVBoxLayout(radar_box).addWidget(Radar([50.0, 60.0, 45.0, 58.0, 62.0, 55.0], radar_box))
    layout.addWidget(radar_box)
    layout.addStretch(1)
    scroll.setWidget(page)
    return scroll


class ReferenceWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        central = QWidget(self)
        outer = QVBoxLayout(central)
        banner = QLabel(central)  # the read-only banner, hidden
        banner.setObjectName("banner")
        banner.setStyleSheet("#banner { background: #fff4c2; }")
        banner.hide()
        outer.addWidget(banner)
        bar = QHBoxLayout()
        institution, cycle = QComboBox(central), QComboBox(central)
        institution.addItem("Sample University of Drinska Dolina (fictional)")
        cycle.addItems(["2023/24", "2024/25", "2025/26"])
        who = QLabel("Nobody chosen to answer now", central)
        who.setTextFormat(Qt.TextFormat.PlainText)
        for label, combo in (("&Institution:", institution), ("C&ycle:", cycle)):
            buddy = QLabel(label, central)
            buddy.setBuddy(combo)
            bar.addWidget(buddy)
            bar.addWidget(combo)
        bar.addWidget(who)
        outer.addLayout(bar)
        body = QHBoxLayout()
        nav = QListWidget(central)
        nav.addItems(["Overview", "Institution", "Respondents", "Answer", "Review", "Results", "Agree levels",
                      "Action plan", "Compare"])
        nav.setFixedWidth(max(150, nav.sizeHintForColumn(0) + 24))
        stack = QStackedWidget(central)
        stack.addWidget(_overview(stack))
        for _ in range(9):
            stack.addWidget(QWidget(stack))
        body.addWidget(nav)
        body.addWidget(stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(QLabel(self))
        for title, count in (("&File", 6), ("&Edit", 2), ("&Go", 12), ("&Help", 3)):
            menu = self.menuBar().addMenu(title)
            for i in range(count):
                action = menu.addAction(f"Action {i + 1}")
                action.setShortcut(QKeySequence(f"Ctrl+Shift+{i % 10}"))
        self.resize(1280, 800)
