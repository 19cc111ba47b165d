"""The Compare screen: an institution's cycles side by side, item changes and last cycle's actions."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iah_assess.compare_service import action_follow_up, chronological, comparison_for, previous_cycle
from iah_assess.domain.comparison import Comparison
from iah_assess.domain.records import Cycle, points
from iah_assess.export import ExportFailed, export_comparison, export_cycle
from iah_assess.reporting.output import pdf_file
from iah_assess.storage.db import WorkspaceError
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.charts import LineChart, RadarChart
from iah_assess.ui.compare_models import FollowUpModel, ItemChangeFilter, ItemChangesModel
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.tables import ColumnShares, filter_field, row_refitter, table_view
from iah_assess.ui.widgets import Banner, buddy_label, heading
from iah_assess.wording import file_name_part

log = logging.getLogger(__name__)

C = "Compare"


def _file_name(labels: list[str], institution: str, ending: str) -> str:
    """The suggested name of a comparison's file: the institution, the first and the last cycle."""
    return (f"iah-comparison-{file_name_part(institution)}-{file_name_part(labels[0])}-to-"
            f"{file_name_part(labels[-1])}{ending}")


class CompareView(QWidget):
    """Compares the current cycle's institution across its cycles; carries open actions forward."""

    actions_carried = Signal(int)  # the id of the cycle that received the actions

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.institution_id: int | None = None
        self.comparison: Comparison | None = None
        self.compared: list[Cycle] = []  # the compared cycles, oldest first
        self._unchecked: set[int] = set()  # cycles the user left out, kept while the institution stays
        self._previous: Cycle | None = None
        self._build()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = heading("", self, 1.3)
        self.index_label = QLabel(self)
        self.index_label.setWordWrap(True)
        self.index_label.setAccessibleName(tr(C, "Overall index in each cycle"))
        self.index_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_data_button = QPushButton(tr(C, "Export data…"), self)
        self.export_data_button.setToolTip(tr(C, "Save this cycle's responses and scores as CSV or JSON"))
        self.export_data_button.clicked.connect(self.export_data)
        self.export_comparison_button = QPushButton(tr(C, "Export comparison CSV…"), self)
        self.export_comparison_button.setToolTip(tr(C, "Save the compared cycles' scores and item levels as one CSV table"))
        self.export_comparison_button.clicked.connect(self.export_comparison_csv)
        self.export_pdf_button = QPushButton(tr(C, "Export comparison PDF…"), self)
        self.export_pdf_button.setToolTip(tr(C, "Save a report of the compared cycles: scores, changes, moved items and last cycle's actions"))
        self.export_pdf_button.clicked.connect(self.export_comparison_pdf)
        self.pdf_job = None
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # the title has the whole width (an institution's name is long); the exports sit beside the index
        top = QVBoxLayout()
        top.addWidget(self.title)
        below = QHBoxLayout()
        heads = QVBoxLayout()
        heads.addWidget(self.index_label)
        heads.addWidget(self.saved_label)
        below.addLayout(heads, 1)
        below.addWidget(self.export_data_button, 0, Qt.AlignmentFlag.AlignTop)
        below.addWidget(self.export_comparison_button, 0, Qt.AlignmentFlag.AlignTop)
        below.addWidget(self.export_pdf_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(below)

        # left: which cycles to compare
        self.cycle_list = QListWidget(self)
        self.cycle_list.setAccessibleName(tr(C, "Cycles to compare"))
        self.cycle_list.itemChanged.connect(self._cycles_ticked)
        cycles_label = buddy_label(tr(C, "Cycles to co&mpare:"), self.cycle_list, self)
        cycles_label.setWordWrap(True)
        self.cycles_hint = QLabel(tr(C, "Tick at least two cycles."), self)
        self.cycles_hint.setWordWrap(True)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(cycles_label)
        lv.addWidget(self.cycle_list, 1)
        lv.addWidget(self.cycles_hint)
        self._left = left
        self._fit_cycle_list([])

        # tab 1: area scores over time, and a radar of two cycles
        self.line_chart = LineChart(self)
        self.radar = RadarChart(self)
        self.radar_later = QComboBox(self)
        self.radar_later.setAccessibleName(tr(C, "Later cycle on the radar"))
        self.radar_earlier = QComboBox(self)
        self.radar_earlier.setAccessibleName(tr(C, "Earlier cycle on the radar"))
        self.radar_later.currentIndexChanged.connect(self._fill_radar)
        self.radar_earlier.currentIndexChanged.connect(self._fill_radar)
        picks = QHBoxLayout()
        picks.addWidget(buddy_label(tr(C, "&Radar:"), self.radar_later, self))
        picks.addWidget(self.radar_later, 1)
        picks.addWidget(QLabel(tr(C, "against"), self))
        picks.addWidget(self.radar_earlier, 1)
        radar_page = QWidget(self)
        rv = QVBoxLayout(radar_page)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(picks)
        rv.addWidget(self.radar, 1)
        line_page = QWidget(self)
        linev = QVBoxLayout(line_page)
        linev.setContentsMargins(0, 0, 0, 0)
        line_title = QLabel(tr(C, "Area scores (0–100) in each cycle"), self)
        line_title.setMinimumHeight(self.radar_later.sizeHint().height())
        linev.addWidget(line_title)
        linev.addWidget(self.line_chart, 1)
        self.charts = QSplitter(Qt.Orientation.Horizontal, self)
        self.charts.addWidget(line_page)
        self.charts.addWidget(radar_page)
        self.charts.setChildrenCollapsible(False)

        # tab 2: item changes
        self.changes_model = ItemChangesModel(self)
        self.changes_proxy = ItemChangeFilter(self)
        self.changes_proxy.setSourceModel(self.changes_model)
        self.filter_edit = filter_field(tr(C, "Filter items…"), tr(C, "Filter item changes by text"), self)
        self.filter_edit.textChanged.connect(self.changes_proxy.set_text)
        self.step_filter = QComboBox(self)
        self.step_filter.setAccessibleName(tr(C, "Show changes between"))
        # "All neighbouring cycles" is read whole; the filter field gives way
        self.step_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.step_filter.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.step_filter.currentIndexChanged.connect(lambda _=0: self.changes_proxy.set_step(self.step_filter.currentData()))
        self.declines_only = QCheckBox(tr(C, "Only &declines"), self)
        self.declines_only.setToolTip(tr(C, "Show only items whose level went down"))
        self.declines_only.toggled.connect(self.changes_proxy.set_only_declines)
        self.flagged_only = QCheckBox(tr(C, "Only fl&agged"), self)
        self.flagged_only.setToolTip(tr(C, "Show only items whose levels in the latest compared cycle are two or more apart"))
        self.flagged_only.toggled.connect(self.changes_proxy.set_only_flagged)
        filters = QHBoxLayout()
        filters.addWidget(buddy_label(tr(C, "Fil&ter:"), self.filter_edit, self))
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(buddy_label(tr(C, "&Between:"), self.step_filter, self))
        filters.addWidget(self.step_filter, 1)
        filters.addWidget(self.declines_only)
        filters.addWidget(self.flagged_only)
        self.changes_table = table_view(self.changes_proxy, tr(C, "Item changes"), self, sort_column=ItemChangesModel.CYCLES,
                                        word_wrap=True)
        header = self.changes_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the area and the item share what the other columns leave, none narrower than its longest
        # word, and wrap rather than being cut; at large fonts the cycles wrap too ("2023/24 →" over
        # "2024/25"), so that the levels, the change and the flag stay in sight. Rows are re-measured
        # when rows or widths change
        self._changes_columns = ColumnShares(self.changes_table, {ItemChangesModel.AREA: 0.3, ItemChangesModel.ITEM: 0.7},
                                             shrinkable=[ItemChangesModel.CYCLES])
        self._changes_rows = row_refitter(self.changes_table, self.changes_proxy.modelReset, self.changes_proxy.layoutChanged,
                                          self.changes_proxy.rowsInserted, header.sectionResized)
        self.changes_count = QLabel(self)
        for signal in (self.changes_proxy.rowsInserted, self.changes_proxy.rowsRemoved,
                       self.changes_proxy.modelReset, self.changes_proxy.layoutChanged):
            signal.connect(self._update_count)
        changes_page = QWidget(self)
        cv = QVBoxLayout(changes_page)
        cv.addLayout(filters)
        cv.addWidget(self.changes_table, 1)
        cv.addWidget(self.changes_count)

        # tab 3: the previous cycle's actions and carrying the open ones
        self.follow_model = FollowUpModel(self)
        self.follow_model.dataChanged.connect(self._update_carry_button)
        self.follow_title = QLabel(self)
        self.follow_title.setWordWrap(True)
        self.follow_table = table_view(self.follow_model, tr(C, "Actions of the previous cycle"), self, single_selection=False,
                                       word_wrap=True)
        header = self.follow_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the actions are read whole before they are carried: the words share the width, as in the
        # action plan, and wrap
        F = FollowUpModel
        self._follow_columns = ColumnShares(self.follow_table, {F.ITEM: 0.22, F.TEXT: 0.48, F.OWNER: 0.16, F.CARRIED: 0.14})
        self._follow_rows = row_refitter(self.follow_table, self.follow_model.modelReset, self.follow_model.layoutChanged,
                                         header.sectionResized)
        # rows are chosen whole: the current cell stays on the tick box, so that Space ticks the row shown
        self.follow_table.selectionModel().currentChanged.connect(self._keep_on_carry)
        self.carry_note = Banner(self)
        self.carry_button = QPushButton(self)
        self.carry_button.clicked.connect(self.carry_ticked)
        carry_row = QHBoxLayout()
        carry_row.addStretch(1)
        carry_row.addWidget(self.carry_button)
        follow_page = QWidget(self)
        fv = QVBoxLayout(follow_page)
        fv.addWidget(self.follow_title)
        fv.addWidget(self.carry_note)
        fv.addWidget(self.follow_table, 1)
        fv.addLayout(carry_row)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.charts, tr(C, "&Scores"))
        self.tabs.addTab(changes_page, tr(C, "Item &changes"))
        self.tabs.addTab(follow_page, tr(C, "&Last cycle's actions"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        right = QVBoxLayout()
        right.addWidget(self.message)
        right.addWidget(self.tabs, 1)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        self._sized = False
        self._tab_before_disabling: int | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().showEvent(event)
        if not self._sized:  # line chart and radar share the width evenly
            self._sized = True
            total = max(1, self.charts.width())
            self.charts.setSizes([total // 2, total - total // 2])

    # --- data --------------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        """Compare the cycles of this cycle's institution; its previous cycle's actions can be carried into it."""
        self.cycle_id = cycle_id
        institution_id = self.workspace.cycle(cycle_id).institution_id if cycle_id is not None else None
        if institution_id != self.institution_id:
            self._unchecked = set()
        self.institution_id = institution_id
        self.refresh()

    def refresh(self) -> None:
        self.saved_label.clear()
        if self.cycle_id is None or self.institution_id is None:
            self.title.setText(tr(C, "Compare cycles"))
            self.index_label.setText(tr(C, "Choose a cycle to compare its institution's cycles."))
            self.export_data_button.setEnabled(False)
            with QSignalBlocker(self.cycle_list):
                self.cycle_list.clear()
            self._show_comparison([])
            self._fill_follow_up()
            return
        inst = self.workspace.institution(self.institution_id)
        self.title.setText(tr(C, "Compare cycles — {0}").format(inst.name))
        self.export_data_button.setEnabled(True)
        cycles = self.workspace.cycles(self.institution_id)  # oldest first
        with QSignalBlocker(self.cycle_list):
            self.cycle_list.clear()
            for c in cycles:
                text = c.label if not c.finalised else tr(C, "{0} (finalised)").format(c.label)
                item = QListWidgetItem(text, self.cycle_list)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Unchecked if c.id in self._unchecked else Qt.CheckState.Checked)
        self._fit_cycle_list([self.cycle_list.item(k).text() for k in range(self.cycle_list.count())])
        self._show_comparison(self.checked_cycles())
        self._fill_follow_up()

    def _fit_cycle_list(self, lines: list[str]) -> None:
        """The list of cycles is as wide as its longest line ("2024/25 (finalised)" at least), up to
        16 letters M: the tables beside it need the room."""
        fm, style = self.cycle_list.fontMetrics(), self.cycle_list.style()
        shortest = max(fm.horizontalAdvance(tr(C, "{0} (finalised)").format("0000/00")), fm.horizontalAdvance("M") * 9)
        longest = max((fm.horizontalAdvance(line) for line in lines), default=0)
        text = min(max(shortest, longest), fm.horizontalAdvance("M") * 16)
        # the tick and its gap, the margins around the tick and the text, the frame, a scroll bar
        tick = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
        margins = 4 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self._left.setMaximumWidth(text + tick + margins + 2 * self.cycle_list.frameWidth() + bar + fm.averageCharWidth())

    def checked_cycles(self) -> list[int]:
        """The ids of the ticked cycles, oldest first."""
        out = []
        for row in range(self.cycle_list.count()):
            item = self.cycle_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_checked_cycles(self, cycle_ids: list[int]) -> None:
        """Tick exactly these cycles (as a user would) and compare them."""
        wanted = set(cycle_ids)
        with QSignalBlocker(self.cycle_list):
            for row in range(self.cycle_list.count()):
                item = self.cycle_list.item(row)
                item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted else Qt.CheckState.Unchecked)
        self._cycles_ticked()

    def _cycles_ticked(self, _item: QListWidgetItem | None = None) -> None:
        ids = self.checked_cycles()
        all_ids = {int(self.cycle_list.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.cycle_list.count())}
        self._unchecked = all_ids - set(ids)
        self._show_comparison(ids)

    def _show_comparison(self, cycle_ids: list[int]) -> None:
        self.comparison = None
        self.compared = []
        if len(cycle_ids) >= 2:
            self.compared = chronological(self.workspace, cycle_ids)
            self.comparison = comparison_for(self.workspace, cycle_ids)
        c = self.comparison
        self.export_comparison_button.setEnabled(c is not None)
        self.export_pdf_button.setEnabled(c is not None and self.pdf_job is None)
        if c is None and self._tab_before_disabling is None and self.tabs.isTabEnabled(0):
            self._tab_before_disabling = self.tabs.currentIndex()
        self.tabs.setTabEnabled(0, c is not None)
        self.tabs.setTabEnabled(1, c is not None)
        if c is not None and self._tab_before_disabling is not None:
            # Qt moved off the disabled tab; go back to where the user was
            self.tabs.setCurrentIndex(self._tab_before_disabling)
            self._tab_before_disabling = None
        if c is None:
            n = self.cycle_list.count()
            if self.cycle_id is None:
                note = ""
            elif n < 2:
                note = tr(C, "This institution has only one cycle so far: there is nothing to compare it with yet.")
            else:
                note = tr(C, "Tick at least two cycles on the left to compare them.")
            self.message.setText(note)
            self.message.setVisible(bool(note))
            self.cycles_hint.setVisible(n >= 2)
            if self.cycle_id is not None:
                self.index_label.clear()
            self.line_chart.set_data([], [])
            self.radar.set_data([], [])
            for combo in (self.radar_later, self.radar_earlier, self.step_filter):
                with QSignalBlocker(combo):
                    combo.clear()
            self.changes_proxy.set_step(None)
            self.changes_model.set_comparison(None)
            return
        self.message.hide()
        self.cycles_hint.hide()
        parts = [f"{s.label}: " + (tr(C, "not enough answers") if s.index is None else str(points(s.index))) for s in c.cycles]
        text = tr(C, "Overall index (0–100): {0}").format(" → ".join(parts))
        for step in c.steps:  # an index on other areas than the one before it
            if step.index.note:
                text += "\n" + tr(C, "{0} → {1}: {2}").format(step.previous, step.current, step.index.note)
        self.index_label.setText(text)
        labels = c.labels
        self.line_chart.set_data(labels, [(a.title, [s.score for s in a.scores]) for a in c.areas])

        # the radar: by default the latest compared cycle against the one before it
        keep_later, keep_earlier = self.radar_later.currentText(), self.radar_earlier.currentText()
        n = len(labels)
        for combo, keep, default in ((self.radar_later, keep_later, n - 1), (self.radar_earlier, keep_earlier, n - 2)):
            with QSignalBlocker(combo):
                combo.clear()
                for k, label in enumerate(labels):
                    combo.addItem(label, k)
                chosen = combo.findText(keep) if keep else -1
                combo.setCurrentIndex(chosen if chosen >= 0 else default)
        self._fill_radar()

        keep_step = self.step_filter.currentText()
        with QSignalBlocker(self.step_filter):
            self.step_filter.clear()
            self.step_filter.addItem(tr(C, "All neighbouring cycles"), None)
            for k, st in enumerate(c.steps):
                self.step_filter.addItem(f"{st.previous} → {st.current}", k)
            self.step_filter.setCurrentIndex(max(0, self.step_filter.findText(keep_step)))
        self.changes_proxy.set_step(self.step_filter.currentData())
        latest = self.compared[-1]
        result = self.workspace.cycle_result(latest.id)
        included = set(latest.included_areas)
        flagged = {i.item_id for a in result.areas if a.area_id in included for i in a.items if i.disagreement}
        self.changes_model.set_comparison(c, flagged)
        self._changes_columns.fit()  # the longest words may have changed

    def _fill_radar(self) -> None:
        c = self.comparison
        later, earlier = self.radar_later.currentData(), self.radar_earlier.currentData()
        if c is None or later is None or earlier is None:
            self.radar.set_data([], [])
            return
        picks = [later] if later == earlier else [later, earlier]
        series = [(c.labels[k], [a.scores[k].score for a in c.areas]) for k in picks]
        self.radar.set_data([a.title for a in c.areas], series)

    def radar_cycles(self) -> tuple[str, str]:
        return self.radar_later.currentText(), self.radar_earlier.currentText()

    def set_radar_cycles(self, later: str, earlier: str) -> None:
        self.radar_later.setCurrentIndex(self.radar_later.findText(later))
        self.radar_earlier.setCurrentIndex(self.radar_earlier.findText(earlier))

    def _update_count(self) -> None:
        self.changes_count.setText(tr(C, "{0} of {1} item changes shown").format(
            self.changes_proxy.rowCount(), self.changes_model.rowCount()))

    # --- the previous cycle's actions ------------------------------------------------------------

    def _target(self) -> Cycle | None:
        return self.workspace.cycle(self.cycle_id) if self.cycle_id is not None else None

    def carry_blocked_reason(self) -> str:
        """Why actions cannot be carried into the current cycle, or "" when they can."""
        target = self._target()
        if target is None or self._previous is None:
            return tr(C, "There is no earlier cycle to carry actions from.")
        if self.workspace.read_only:
            return tr(C, "The workspace is open read-only.")
        if target.finalised:
            return tr(C, "{0} is finalised: actions can no longer be carried into it.").format(target.label)
        return ""

    def _fill_follow_up(self) -> None:
        target = self._target()
        self._previous = previous_cycle(self.workspace, target.id) if target is not None else None
        label = target.label if target is not None else ""
        self.carry_button.setText(tr(C, "Carry open actions into {0}").format(label) if label else tr(C, "Carry open actions"))
        if target is None or self._previous is None:
            self.follow_title.setText(tr(C, "The first cycle has no earlier action plan to follow up.") if target is not None
                                      else tr(C, "Choose a cycle to follow up the actions of the cycle before it."))
            self.follow_model.set_follow_up([], label, False)
            self.carry_note.show_message("")
            self._update_carry_button()
            return
        rows = action_follow_up(self.workspace, target.id)
        blocked = self.carry_blocked_reason()
        self.follow_model.set_follow_up(rows, target.label, not blocked)
        n_open = sum(1 for f in rows if f.open)
        n_carried = sum(1 for f in rows if f.carried_to is not None)
        if not rows:
            text = tr(C, "The action plan of {0} had no actions.").format(self._previous.label)
        else:
            text = tr(C, "The %n action(s) of {0}, with where they stand (a carried action as its copy in {3} "
                         "stands): {1} still open, {2} carried into {3}.",
                      n=len(rows)).format(self._previous.label, n_open, n_carried, target.label)
        self.follow_title.setText(text)
        self.carry_note.show_message(blocked if rows and self.follow_model.carriable() else "")
        self._update_carry_button()

    def _update_carry_button(self) -> None:
        ticked = self.follow_model.ticked()
        blocked = self.carry_blocked_reason()
        self.carry_button.setEnabled(not blocked and bool(ticked))
        if blocked:
            self.carry_button.setToolTip(blocked)
        elif not self.follow_model.carriable():
            self.carry_button.setToolTip(tr(C, "No open action is left to carry."))
        elif not ticked:
            self.carry_button.setToolTip(tr(C, "Tick the actions to carry in the first column."))
        else:
            self.carry_button.setToolTip(tr(C, "Copy the %n ticked action(s) to the end of this cycle's action plan.", n=len(ticked)))

    def _keep_on_carry(self, current, previous) -> None:  # noqa: ANN001, ARG002 - Qt's indexes
        if current.isValid() and current.column() != FollowUpModel.CARRY:
            self.follow_table.selectionModel().setCurrentIndex(
                current.siblingAtColumn(FollowUpModel.CARRY), QItemSelectionModel.SelectionFlag.NoUpdate)

    def carry_ticked(self) -> None:
        target, source = self._target(), self._previous
        ids = self.follow_model.ticked()
        if target is None or source is None or not ids or self.carry_blocked_reason():
            return
        if not self.dialogs.confirm(self, tr(C, "Carry actions"), tr(C, "Copy %n open action(s) of {0} to the end of the action "
                                                                       "plan of {1}? Each copy keeps its owner, due date "
                                                                       "and status.", n=len(ids)).format(source.label, target.label)):
            return
        try:
            made = self.workspace.carry_actions(source.id, target.id, ids)  # type: ignore[arg-type]
        except (WorkspaceError, ValueError) as exc:
            log.warning("carrying actions into cycle %s failed: %s", target.id, exc)
            self.dialogs.error(self, tr(C, "Carry actions"), tr(C, "The actions could not be carried: {0}").format(exc))
            self._fill_follow_up()
            return
        self._fill_follow_up()
        self.saved_label.setText(tr(C, "%n action(s) carried into the action plan of {0}.", n=len(made)).format(target.label))
        self.actions_carried.emit(target.id)

    # --- export ----------------------------------------------------------------------------------

    def _institution_name(self) -> str:
        return self.workspace.institution(self.institution_id).name if self.institution_id is not None else ""

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        path = self.dialogs.save_file(self, title, suggested, tr(C, "CSV files (*.csv);;JSON files (*.json)"))
        if not path:
            return None
        target = Path(path)
        return target if target.suffix else target.with_name(target.name + ".csv")

    def export_data(self) -> None:
        """The current cycle's responses and scores: FILE.csv with FILE-scores.csv, or FILE.json."""
        target_cycle = self._target()
        if target_cycle is None:
            return
        title = tr(C, "Export the data of {0}").format(target_cycle.label)
        path = self._ask_path(title, f"iah-{file_name_part(self._institution_name())}-{file_name_part(target_cycle.label)}.csv")
        if path is None:
            return
        try:
            written = export_cycle(self.workspace, target_cycle.id, path)  # type: ignore[arg-type]
        except ExportFailed as exc:
            self.dialogs.error(self, title, tr(C, "The data could not be saved: {0}").format(exc))
            return
        self.saved_label.setText(tr(C, "Saved {0}").format(", ".join(str(p) for p in written)))

    def export_comparison_pdf(self) -> None:
        """The comparison report as PDF, rendered off the GUI thread."""
        c = self.comparison
        if c is None or self.institution_id is None or self.pdf_job is not None:
            return
        title = tr(C, "Export the comparison as PDF")
        suggested = _file_name(c.labels, self._institution_name(), ".pdf")
        chosen = self.dialogs.save_file(self, title, suggested, tr(C, "PDF files (*.pdf)"))
        if not chosen:
            return
        path = pdf_file(chosen)
        institution = self.workspace.institution(self.institution_id).name
        from iah_assess.ui.workers import TaskJob

        job = TaskJob(lambda: export_comparison(c, path, institution), self)
        job.done.connect(self._pdf_done)
        job.failed.connect(lambda message: self._pdf_failed(title, message))
        self.pdf_job = job
        self.export_pdf_button.setEnabled(False)
        self.saved_label.setText(tr(C, "Writing {0}…").format(path))
        job.start()

    def wait_for_export(self) -> None:
        """Block until a running PDF export has finished (for quitting and for tests)."""
        if self.pdf_job is not None:
            self.pdf_job.wait()

    def _pdf_done(self, written: object) -> None:
        self.pdf_job = None
        self.export_pdf_button.setEnabled(True)
        self.saved_label.setText(tr(C, "Saved {0}").format(written))

    def _pdf_failed(self, title: str, message: str) -> None:
        self.pdf_job = None
        self.export_pdf_button.setEnabled(True)
        self.saved_label.clear()
        self.dialogs.error(self, title, tr(C, "The comparison could not be saved: {0}").format(message))

    def export_comparison_csv(self) -> None:
        c = self.comparison
        if c is None or self.institution_id is None:
            return
        title = tr(C, "Export the comparison")
        path = self._ask_path(title, _file_name(c.labels, self._institution_name(), ".csv"))
        if path is None:
            return
        try:
            written = export_comparison(c, path, self.workspace.institution(self.institution_id).name)
        except ExportFailed as exc:
            self.dialogs.error(self, title, tr(C, "The comparison could not be saved: {0}").format(exc))
            return
        self.saved_label.setText(tr(C, "Saved {0}").format(written))
