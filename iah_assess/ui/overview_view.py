"""The start screen: the institution, its cycles with scores, the latest radar and next steps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.records import Cycle, CycleStatus, points
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.charts import AreaBars, RadarChart
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.widgets import PAGE_MARGIN, heading, plain_text, push_button, scroll_page

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from iah_assess.domain.summary import ScoreSummary

C = "Overview"


def status_text(cycle: Cycle) -> str:
    return tr(C, "Finalised") if cycle.status is CycleStatus.FINALISED else tr(C, "Open")


def when(stamp: str) -> str:
    """A stored UTC time stamp as a local date and time, or the text as it is."""
    try:
        moment = dt.datetime.fromisoformat(stamp[:19]).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class Welcome(QWidget):
    """The empty workspace: what the tool is, the sample institution or a fresh start, and the
    progress of the sample being made."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        wl = QVBoxLayout(self)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(heading(tr(C, "Welcome to iah-assess"), self))
        intro = QLabel(tr(C, "Assess Internationalisation at Home at your institution: several people answer a "
                             "questionnaire, the tool scores the answers, shows where you disagree and helps you "
                             "plan actions. Everything stays on this computer."), self)
        intro.setWordWrap(True)
        wl.addWidget(intro)
        row = QHBoxLayout()
        self.sample_button = push_button(tr(C, "Open the sample institution"), self)
        self.sample_button.setAccessibleName(tr(C, "Open the sample institution"))
        self.sample_button.setToolTip(tr(C, "A fictional university with three yearly cycles, to look around safely."))
        self.own_button = push_button(tr(C, "Start with my institution"), self)
        self.own_button.setAccessibleName(tr(C, "Start with my institution"))
        for b in (self.sample_button, self.own_button):
            b.setMinimumHeight(b.sizeHint().height() * 2)
            row.addWidget(b)
        row.addStretch(1)
        wl.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr(C, "Creating the sample institution"))
        self.progress.setFormat(tr(C, "Creating the sample institution… %p%"))
        self.progress.hide()
        wl.addWidget(self.progress)
        wl.addStretch(1)


class OverviewView(QWidget):
    """With no institution yet it offers the sample and a fresh start; else the institution."""

    open_sample = Signal()
    start_own = Signal()
    new_cycle = Signal()
    edit_institution = Signal()
    choose_cycle = Signal(int)
    continue_answering = Signal(int)  # respondent id
    review = Signal()
    results = Signal()
    action_plan = Signal()
    agree = Signal()

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self.institution_id: int | None = None
        self.cycle_id: int | None = None
        self.respondent_id: int | None = None
        self.sample_available = True

        body, layout = scroll_page(self, 12, tr(C, "Overview page"))

        # the empty workspace's page is made when first shown (see welcome): most starts never show it
        self._body, self._layout = body, layout
        self._welcome: Welcome | None = None

        # --- the institution ---------------------------------------------------------------
        self.main = QWidget(body)
        ml = QVBoxLayout(self.main)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(12)
        top = QHBoxLayout()
        self.card = QGroupBox(tr(C, "Institution"), self.main)
        card_form = QFormLayout(self.card)
        self.name_label = heading("", self.card, 1.25)
        plain_text(self.name_label)
        card_form.addRow(self.name_label)
        self.place_label = QLabel(self.card)
        self.type_label = QLabel(self.card)
        self.size_label = QLabel(self.card)
        self.contact_label = QLabel(self.card)
        for label in (self.place_label, self.type_label, self.size_label, self.contact_label):
            plain_text(label)
            label.setWordWrap(True)
        card_form.addRow(tr(C, "Place:"), self.place_label)
        card_form.addRow(tr(C, "Type:"), self.type_label)
        card_form.addRow(tr(C, "Size:"), self.size_label)
        card_form.addRow(tr(C, "Contact:"), self.contact_label)
        self.edit_button = push_button(tr(C, "Edit profile"), self.card)
        self.edit_button.clicked.connect(self.edit_institution)
        card_form.addRow(self.edit_button)

        self.steps = QGroupBox(tr(C, "Next steps"), self.main)
        sl = QVBoxLayout(self.steps)
        self.steps_text = QLabel(self.steps)
        self.steps_text.setWordWrap(True)
        sl.addWidget(self.steps_text)
        self.continue_button = QPushButton(self.steps)
        self.agree_button = push_button(tr(C, "Agree levels"), self.steps)
        self.review_button = push_button(tr(C, "Review"), self.steps)
        self.plan_button = push_button(tr(C, "Open action plan"), self.steps)
        self.new_cycle_button = push_button(tr(C, "New cycle…"), self.steps)
        for b in (self.continue_button, self.agree_button, self.review_button, self.plan_button, self.new_cycle_button):
            sl.addWidget(b)
        sl.addStretch(1)
        self.agree_button.hide()  # only while flagged items wait for an agreed level
        self.continue_button.clicked.connect(self._continue)
        self.agree_button.clicked.connect(self.agree)
        self.review_button.clicked.connect(self._review_or_results)
        self.plan_button.clicked.connect(self.action_plan)
        self.new_cycle_button.clicked.connect(self.new_cycle)
        top.addWidget(self.card, 3)
        top.addWidget(self.steps, 2)
        ml.addLayout(top)

        cycles_box = QGroupBox(tr(C, "Cycles"), self.main)
        cl = QVBoxLayout(cycles_box)
        self.table = QTableWidget(0, 6, cycles_box)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setHorizontalHeaderLabels([
            tr(C, "Cycle"), tr(C, "Status"), tr(C, "Respondents"), tr(C, "Overall index"),
            tr(C, "Areas"), tr(C, "Last change"),
        ])
        self.table.setAccessibleName(tr(C, "Cycles"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._cycle_activated)  # Enter, and a double-click (or a click where the system says so)
        cl.addWidget(self.table)
        hint = QLabel(tr(C, "Double-click a cycle (or press Enter) to work on it."), cycles_box)
        hint.setWordWrap(True)
        cl.addWidget(hint)
        cl.addStretch(1)
        self.cycles_box = cycles_box

        self.radar_box = QGroupBox(self.main)
        rl = QVBoxLayout(self.radar_box)
        self.radar = RadarChart(self.radar_box)
        self.radar.setMinimumHeight(self.radar.minimumSizeHint().height())
        rl.addWidget(self.radar)
        # The cycles and the radar sit side by side when both fit, so that the whole start screen
        # shows at 1280x800; with larger text or a narrower window the radar goes below (_arrange).
        self.lower = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.lower.addWidget(cycles_box, 3)
        self.lower.addWidget(self.radar_box, 2)
        ml.addLayout(self.lower)
        layout.addWidget(self.main)
        layout.addStretch(1)
        self._cycles: list[Cycle] = []
        self._summaries: dict[int, ScoreSummary] = {}  # each cycle's, as the table shows them
        self._measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _measure(self) -> None:
        """The widths the cycles box and the radar box need side by side: the table's columns
        whole, the radar at its least. Measured when the table is filled, not at every resize."""
        header = self.table.horizontalHeader()
        columns = sum(max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c)) for c in range(self.table.columnCount()))
        box = 2 * self.fontMetrics().height()  # a group box's frame and margins, and then some
        self._needs = (columns + 2 * self.table.frameWidth() + box, self.radar.minimumSizeHint().width() + box)
        self._arrange()

    def _arrange(self) -> None:
        """The radar beside the cycles when, at three fifths and two fifths of the width, both
        get what they need (_measure); else below the cycles."""
        row = self.width() - 2 * PAGE_MARGIN
        side_by_side = row * 3 / 5 >= self._needs[0] and row * 2 / 5 >= self._needs[1]
        direction = QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        if self.lower.direction() != direction:
            self.lower.setDirection(direction)
            # side by side the two share the width 3:2; one above the other each takes its own height
            self.lower.setStretch(0, 3 if side_by_side else 0)
            self.lower.setStretch(1, 2 if side_by_side else 0)

    # --- state ---------------------------------------------------------------------------------

    def set_context(self, institution_id: int | None, cycle_id: int | None, respondent_id: int | None,
                    load: bool = True) -> None:
        self.institution_id, self.cycle_id, self.respondent_id = institution_id, cycle_id, respondent_id
        if load:
            self.refresh()

    @property
    def welcome(self) -> Welcome:
        """The empty workspace's page, made the first time it is asked for."""
        if self._welcome is None:
            self._welcome = Welcome(self._body)
            self._welcome.sample_button.clicked.connect(self.open_sample)
            self._welcome.own_button.clicked.connect(self.start_own)
            self._layout.insertWidget(0, self._welcome)
        return self._welcome

    def set_busy(self, done: int, total: int) -> None:
        """Progress of the sample institution being created; total 0 hides the bar."""
        w = self.welcome
        w.progress.setVisible(total > 0)
        w.progress.setRange(0, max(total, 1))
        w.progress.setValue(done)
        busy = total > 0
        w.sample_button.setEnabled(not busy and not self.ws.read_only)
        w.own_button.setEnabled(not busy and not self.ws.read_only)

    def refresh(self) -> None:
        empty = self.institution_id is None
        if empty or self._welcome is not None:
            w = self.welcome
            w.setVisible(empty)
            if w.progress.isHidden():
                w.sample_button.setEnabled(not self.ws.read_only and self.sample_available)
                w.own_button.setEnabled(not self.ws.read_only)
            w.sample_button.setVisible(self.sample_available)
        self.main.setVisible(not empty)
        if empty:
            return
        inst = self.ws.institution(self.institution_id)  # type: ignore[arg-type]
        self.name_label.setText(inst.name)
        self.place_label.setText(", ".join(x for x in (inst.city, inst.country) if x) or tr(C, "not given"))
        self.type_label.setText(tr("InstitutionType", inst.type) if inst.type else tr(C, "not given"))  # as the profile names them
        self.size_label.setText(tr("SizeBand", inst.size_band) if inst.size_band else tr(C, "not given"))
        self.contact_label.setText(inst.contact or tr(C, "not given"))
        self.edit_button.setEnabled(not self.ws.read_only)
        self._fill_cycles()
        self._fill_steps()

    def _fill_cycles(self) -> None:
        self._cycles = self.ws.cycles(self.institution_id)
        self._summaries = {}
        people = self.ws.respondent_counts(self.institution_id)  # type: ignore[arg-type]
        self.table.setRowCount(len(self._cycles))
        latest = chosen = None
        for row, cycle in enumerate(self._cycles):
            result = self._summaries[cycle.id] = self.ws.cycle_summary(cycle.id)
            # an index on fewer areas than the cycle assesses says on how many, briefly (one area of
            # six read as the whole); the tooltip says how
            short = result.unscored_areas if result.index is not None else 0
            included = sum(1 for a in result.areas if a.included)
            band = tr("Levels", result.band or "")
            index = (tr(C, "not enough answers") if result.index is None
                     else tr(C, "{0} ({1}, {2} of %n area(s))", n=included).format(points(result.index), band, included - short)
                     if short
                     else tr(C, "{0} ({1})").format(points(result.index), band))  # as Results names it
            partial = tr(C, "%n area(s) without a score: the index is the mean of the others.", n=short) if short else ""
            texts = [cycle.label, status_text(cycle), str(people.get(cycle.id, 0)), index, "", when(cycle.updated_at)]
            for col, text in enumerate(texts):
                self.table.setItem(row, col, QTableWidgetItem(text))
            self.table.item(row, 3).setToolTip(partial)
            holder = self.table.cellWidget(row, 4)
            bars = holder.findChild(AreaBars) if holder is not None else None
            if bars is None:  # rows keep their bar widget; refreshing only gives it new data
                holder = QWidget()
                hl = QHBoxLayout(holder)
                hl.setContentsMargins(6, 2, 6, 2)
                bars = AreaBars(holder)
                hl.addWidget(bars)
                hl.addStretch(1)
                self.table.setCellWidget(row, 4, holder)
            bars.set_data([(a.title, a.score) for a in result.areas])
            if cycle.id == self.cycle_id:
                self.table.selectRow(row)
                chosen = (cycle, result)
            if latest is None or latest[1].index is None or result.index is not None:
                latest = (cycle, result)  # the latest cycle with scores; a new one without any waits its turn
        self.table.setFixedHeight(self.table.horizontalHeader().height() + sum(
            self.table.rowHeight(r) for r in range(self.table.rowCount())) + 2 * self.table.frameWidth() + 4)
        self._measure()  # the table's columns may have widened
        self.radar_box.setVisible(latest is not None)
        if latest is not None:
            cycle, result = latest
            series = [(cycle.label, [a.score for a in result.areas])]
            # an earlier cycle chosen above, with scores, is drawn beside the latest: the steps
            # below speak of it
            same_spokes = chosen is not None and [a.area_id for a in chosen[1].areas] == [a.area_id for a in result.areas]
            if chosen is not None and chosen[0].id != cycle.id and chosen[1].index is not None and same_spokes:
                series.append((chosen[0].label, [a.score for a in chosen[1].areas]))
                self.radar_box.setTitle(tr(C, "Area scores, cycles {0} and {1}").format(cycle.label, chosen[0].label))
            else:
                self.radar_box.setTitle(tr(C, "Area scores, cycle {0}").format(cycle.label))
            self.radar.set_data([a.title for a in result.areas], series)

    def _chosen_cycle(self) -> Cycle | None:
        return next((c for c in self._cycles if c.id == self.cycle_id), None)

    def _fill_steps(self) -> None:
        cycle = self._chosen_cycle()
        writable = not self.ws.read_only
        self.new_cycle_button.setEnabled(writable)
        self.agree_button.hide()
        if cycle is None:
            self.steps_text.setText(tr(C, "This institution has no cycle yet. Start one to begin answering."))
            for b in (self.continue_button, self.review_button, self.plan_button):
                b.hide()
            return
        self.review_button.show()
        # an open cycle is reviewed before it is finalised; a finalised one has its results to see
        self.review_button.setText(tr(C, "See the results") if cycle.finalised else tr(C, "Review"))
        self.plan_button.show()
        respondents = self.ws.respondents(cycle.id)
        people = len(respondents)
        name = next((r.name for r in respondents if r.id == self.respondent_id), None)
        summary = self._summaries[cycle.id]
        if cycle.finalised:
            self.steps_text.setText(tr(C, "Cycle {0} is finalised. Look at its results and action plan.").format(cycle.label))
            self.continue_button.hide()
        elif summary.every_answer_given(people):
            # nobody has anything left to answer: what is left is agreeing and finalising
            text = tr(C, "Cycle {0}: every respondent has answered every item.").format(cycle.label) + " "
            if summary.n_unsettled:
                # flagged and not yet agreed, as Results counts what is flagged and Finalise what is unsettled
                text += tr(C, "Still to agree: %n flagged item(s) without an agreed level. Then finalise the cycle "
                              "in Review.", n=summary.n_unsettled)
                self.agree_button.show()
                self.agree_button.setEnabled(writable)
            else:
                text += tr(C, "Review and finalise the cycle.")
            self.steps_text.setText(text)
            self.continue_button.hide()
        elif name is None:
            if people:
                self.steps_text.setText(tr(C, "Cycle {0} is open with %n respondent(s). Choose who is answering now.", n=people).format(cycle.label)
                                        + " " + self._answers_given(summary, people))
                self.continue_button.setText(tr(C, "Choose who is answering"))
            else:
                self.steps_text.setText(tr(C, "Cycle {0} is open. Add the people who answer, then answer.").format(cycle.label))
                self.continue_button.setText(tr(C, "Add respondents"))
            self.continue_button.show()
            self.continue_button.setEnabled(writable)
        else:
            self.steps_text.setText(tr(C, "Cycle {0} is open.").format(cycle.label) + " " + self._answers_given(summary, people))
            self.continue_button.setText(tr(C, "Continue answering as {0}").format(name))
            self.continue_button.show()
            self.continue_button.setEnabled(True)

    @staticmethod
    def _answers_given(summary: ScoreSummary, people: int) -> str:
        return tr(C, "{0} of %n answer(s) given.", n=people * summary.n_items).format(summary.n_answers)

    def _review_or_results(self) -> None:
        cycle = self._chosen_cycle()
        (self.results if cycle is not None and cycle.finalised else self.review).emit()

    def _continue(self) -> None:
        self.continue_answering.emit(self.respondent_id if self.respondent_id is not None else -1)

    def _cycle_activated(self, index) -> None:  # noqa: ANN001 (a QModelIndex)
        if 0 <= index.row() < len(self._cycles):  # the table is not sorted: its rows are the cycles in order
            self.choose_cycle.emit(self._cycles[index.row()].id)
