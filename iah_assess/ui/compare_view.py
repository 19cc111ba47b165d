"""The Compare screen: an institution's cycles side by side, item changes and last cycle's actions."""

from __future__ import annotations

import logging
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from iah_assess.compare_service import action_follow_up, chronological, comparison_for, previous_cycle
from iah_assess.domain.comparison import Comparison, EditedKind, EditedWord, ItemLink, Step, edited_parts
from iah_assess.domain.records import Action, Cycle, points
from iah_assess.export import ExportFailed, export_comparison, export_cycle
from iah_assess.reporting.output import pdf_file
from iah_assess.storage.db import WorkspaceError
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.charts import CYCLE_GREYS, LineChart, RadarChart
from iah_assess.ui.compare_models import FollowUpModel, ItemChangeFilter, ItemChangesModel
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.tables import ColumnShares, filter_field, row_refitter, table_view
from iah_assess.ui.widgets import Banner, ErrorLater, FocusRing, buddy_label, heading, plain_text, tab_focus
from iah_assess.wording import file_name_part

log = logging.getLogger(__name__)

C = "Compare"


def _file_name(labels: list[str], institution: str, ending: str) -> str:
    """The suggested name of a comparison's file: the institution, the first and the last cycle."""
    return (f"iah-comparison-{file_name_part(institution)}-{file_name_part(labels[0])}-to-"
            f"{file_name_part(labels[-1])}{ending}")


class WhoAnsweredNote(QLabel):
    """A short line over the item changes when the people answering changed between the cycles:
    the whole note (who answered in each, in the screen's language) is its tooltip and its accessible description.
    It takes the focus by Tab, and then shows the tooltip: the note is read without a mouse too."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        plain_text(self)
        self.setWordWrap(True)
        tab_focus(self)
        FocusRing(self)
        self.setAccessibleName(tr(C, "Who answered"))
        self.hide()

    def show_notes(self, notes: list[tuple[str, str]]) -> None:
        """(pair of cycles, note) of each step shown whose people answering changed; none hides the line."""
        if notes:
            self.setText(tr(C, "Who answered changed ({0}): a change may come from that.").format(
                ", ".join(pair for pair, _ in notes)))
        else:
            self.clear()
        whole = "\n".join(note for _, note in notes)
        self.setToolTip(whole)
        self.setAccessibleDescription(whole)
        self.setVisible(bool(notes))

    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type and name
        super().focusInEvent(event)
        # once the focus has settled: a tooltip shown while it moves is hidden by the move itself
        QTimer.singleShot(0, self, self._show_tip)

    def _show_tip(self) -> None:
        if self.hasFocus() and self.toolTip():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), self.toolTip(), self)


def _edited_word(w: EditedWord) -> str:
    """One part of what differs in an edited questionnaire, as the domain's edited_parts gives it."""
    weight = tr(C, " (weight {0} → {1})").format(f"{w.weight[0]:g}", f"{w.weight[1]:g}") if w.weight else ""
    if w.kind is EditedKind.AREA:
        return tr(C, "area {0}").format(w.title) + weight
    if w.kind is EditedKind.ITEM:
        return tr(C, "item {0}").format(w.title) + weight
    if w.kind is EditedKind.MORE_ITEMS:
        return tr(C, "%n more item(s)", n=w.count)
    if w.kind is EditedKind.MOVED:
        return tr(C, "%n item(s) moved between areas", n=w.count)
    if w.kind is EditedKind.REORDERED:
        return tr(C, "area {0}: items reordered").format(w.title)
    return {
        EditedKind.TEXTS: tr(C, "the questionnaire's own texts"),
        EditedKind.AREAS_REORDERED: tr(C, "the order of the areas"),
        EditedKind.ADDED_OR_REMOVED: tr(C, "items added or taken out"),
        EditedKind.OTHER: tr(C, "other content (such as its language)"),
    }[w.kind]


def _edited_text(step: Step) -> str:
    """A questionnaire edited without its version being raised between the step's cycles, and what
    differs: the domain's edited_note in the screen's language."""
    e = step.edit
    assert e is not None
    text = tr(C, "{0} → {1}: {1} uses version {2} of {3} as edited after {0}: its content differs though its version is "
                 "the same.").format(step.previous, step.current, e.version, e.questionnaire_id)
    return text + " " + tr(C, "What differs: {0}.").format("; ".join(_edited_word(w) for w in edited_parts(e)))


class CarryActionsCommand(QUndoCommand):
    """Open actions carried into the newer cycle's plan, done once confirmed: undo takes out of that
    plan exactly the copies it made, redo puts them back, linked to the actions they were carried
    from (and to any copies made of them since)."""

    def __init__(self, view: CompareView, target: Cycle, made: list[Action]):
        super().__init__(tr(C, "Carry %n action(s) into {0}", n=len(made)).format(target.label))
        self._view, self._target = view, target
        self._ids = [a.id for a in made]  # the copies' ids now: a copy put back gets a new one
        self._taken: list[tuple[Action, list[int]]] = []  # what undo took out, with the copies carried on from each
        self._out: list[int] = []  # the ids the copies undo took out had, in their plan's order
        self._done = True  # pushed after the carry itself

    def redo(self) -> None:
        if self._done:
            self._done = False
            return

        def put_back() -> int:
            ws = self._view.workspace
            # in the order of their places, so that each goes back where it was (see undo); all of
            # them or, if one fails, none
            with ws.batch():
                back = [ws.restore_action(copy, onward) for copy, onward in reversed(self._taken)]
            self._ids = [a.id for a in back]  # type: ignore[misc]
            self._view.copies_renumbered.emit(list(zip(self._out, self._ids, strict=True)))  # the plan's undo follows them
            self._taken, self._out = [], []
            return len(back)

        self._run(put_back, lambda n: tr(C, "%n action(s) carried into the action plan of {0} again.", n=n))

    def undo(self) -> None:
        def take_out() -> int:
            ws = self._view.workspace
            # a copy removed in the action plan since is that plan's to undo; the others go, the
            # last in the plan first, so that each one's place holds when they are put back
            mine = set(self._ids)
            here = [a.id for a in ws.actions(self._target.id) if a.id in mine]
            taken = []
            with ws.batch():  # all of them or, if one fails, none
                for action_id in reversed(here):
                    onward = ws.copies_of(action_id)  # type: ignore[arg-type]
                    taken.append((ws.remove_action(action_id), onward))  # type: ignore[arg-type]
            self._taken, self._out = taken, here
            self._ids = []
            self._view.copies_renumbered.emit([(action_id, None) for action_id in here])
            return len(taken)

        self._run(take_out, lambda n: tr(C, "The carry was undone: %n action(s) taken out of the action plan of {0}.", n=n))

    def _run(self, change, said) -> None:  # noqa: ANN001 - the storage work (giving a count) and its message
        view = self._view
        try:
            n = change()
        except Exception as exc:  # the cycle finalised in another window, a read-only file, a lost disk
            log.warning("undoing or redoing carrying actions into cycle %s failed", self._target.id, exc_info=True)
            self.setObsolete(True)  # the stack drops it: it no longer matches the store
            view.report_error(str(exc))
            n = None
        view.follow_up_changed()
        if n is not None:
            view.saved_label.setText(said(n).format(self._target.label))
            view.actions_carried.emit(self._target.id)


class CompareView(QWidget):
    """Compares the current cycle's institution across its cycles; carries open actions forward."""

    actions_carried = Signal(int)  # the id of the cycle that received the actions
    # Undoing a carry takes its copies out of the plan, (old id, None) each; redoing it puts them
    # back under new ids, (old id, new id): what the action plan's own undo refers to them by.
    copies_renumbered = Signal(list)

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
        self.undo_stack = QUndoStack(self)  # carrying actions, undone by Edit > Undo while this page shows
        self.report_error = ErrorLater(self, lambda message: self.dialogs.error(
            self, tr(C, "Carry actions"), tr(C, "The action plan could not be changed: {0}").format(message)))
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
        # on a narrow window (large text, a small screen) the buttons say less, so that the index
        # beside them is not squeezed into a column of many lines that takes the charts' height
        self._export_texts = [
            (self.export_data_button, self.export_data_button.text(), tr(C, "Cycle data…")),
            (self.export_comparison_button, self.export_comparison_button.text(), tr(C, "CSV…")),
            (self.export_pdf_button, self.export_pdf_button.text(), tr(C, "PDF…")),
        ]
        for button, text, _ in self._export_texts:
            button.setAccessibleName(text.rstrip("…"))
        self.export_label = QLabel(tr(C, "Comparison:"), self)  # before the short CSV… and PDF…, level with their words
        self.export_label.setFixedHeight(self.export_pdf_button.sizeHint().height())
        self.export_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.export_label.hide()
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
        exports = QHBoxLayout()
        for widget in (self.export_data_button, self.export_label, self.export_comparison_button, self.export_pdf_button):
            exports.addWidget(widget)
        # under the exports, on a narrow page, the cycles to compare (see _place_cycles)
        self._top_side = QVBoxLayout()
        self._top_side.addLayout(exports)
        self._top_side.addStretch(1)
        below.addLayout(self._top_side)
        top.addLayout(below)

        # left: which cycles to compare
        self.cycle_list = QListWidget(self)
        self.cycle_list.setAccessibleName(tr(C, "Cycles to compare"))
        # as wide as its lines need (see _fit_cycle_list): a line too long for that is cut short, not scrolled to
        self.cycle_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cycle_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.cycle_list.itemChanged.connect(self._cycles_ticked)
        cycles_label = buddy_label(tr(C, "Cycles to co&mpare:"), self.cycle_list, self)
        cycles_label.setWordWrap(True)
        self.cycles_hint = QLabel(tr(C, "Tick at least two cycles."), self)
        self.cycles_hint.setWordWrap(True)
        left = QWidget(self)
        lv = QGridLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self._left, self._cycles_label = left, cycles_label
        self._narrow_page: bool | None = None
        self.cycle_list.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._fit_cycle_list())

        # tab 1: area scores over time, and a radar of two cycles
        self.line_chart = LineChart(self)
        self.radar = RadarChart(self)
        self.radar.colours = CYCLE_GREYS  # the line chart beside it gives the areas the colours
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
        # who answered changed between the cycles shown: a change may come from that, not from real change
        self.who_note = WhoAnsweredNote(self)
        self.changes_model.modelReset.connect(self._show_who_answered)
        self.step_filter.currentIndexChanged.connect(lambda _=0: self._show_who_answered())
        self.changes_count = QLabel(self)
        for signal in (self.changes_proxy.rowsInserted, self.changes_proxy.rowsRemoved,
                       self.changes_proxy.modelReset, self.changes_proxy.layoutChanged):
            signal.connect(self._update_count)
        changes_page = QWidget(self)
        cv = QVBoxLayout(changes_page)
        cv.addWidget(self.who_note)
        cv.addLayout(filters)
        cv.addWidget(self.changes_table, 1)
        cv.addWidget(self.changes_count)
        # Tab goes down the page: the note (the first thing said), the filters, then the table
        QWidget.setTabOrder(self.cycle_list, self.who_note)
        chain = (self.who_note, self.filter_edit, self.step_filter, self.declines_only, self.flagged_only, self.changes_table)
        for first, then in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, then)

        # tab 3: the previous cycle's actions and carrying the open ones
        self.follow_model = FollowUpModel(self)
        self.follow_model.dataChanged.connect(self._update_carry_button)
        self.follow_title = QLabel(self)
        self.follow_title.setWordWrap(True)
        self.follow_table = table_view(self.follow_model, tr(C, "Actions of the previous cycle"), self, single_selection=False,
                                       word_wrap=True)
        header = self.follow_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # the due date and the status fit them
        # the actions are read whole before they are carried: the action gets most of the width,
        # the item and the owner at least what their longest words need, and all of them wrap; the
        # carry column is only as wide as its heading, its ticks or "carried"
        F = FollowUpModel
        self._follow_columns = ColumnShares(self.follow_table, {F.CARRY: 0.01, F.ITEM: 0.2, F.TEXT: 0.6, F.OWNER: 0.19})
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
        # the charts keep their least size and the tab scrolls, rather than squeeze the line chart flat
        # (large text on a small screen)
        charts_scroll = QScrollArea(self)
        charts_scroll.setWidgetResizable(True)
        charts_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        charts_scroll.setAccessibleName(tr(C, "Area scores in each cycle"))  # a Tab stop, that the keys scroll
        FocusRing(charts_scroll)
        charts_scroll.setWidget(self.charts)
        self.tabs.addTab(charts_scroll, tr(C, "&Scores"))
        self.tabs.addTab(changes_page, tr(C, "Item &changes"))
        self.tabs.addTab(follow_page, tr(C, "&Last cycle's actions"))
        # Tab goes from the header to the tabs, then into the page they show, in the order it is read
        # (the radar's cycles before the radar); made last, the tabs came last
        for before, after in pairwise((self.cycle_list, self.tabs, self.tabs.tabBar(), charts_scroll, self.line_chart,
                                       self.radar_later, self.radar_earlier, self.radar)):
            QWidget.setTabOrder(before, after)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        right = QVBoxLayout()
        right.addWidget(self.message)
        right.addWidget(self.tabs, 1)
        body = QHBoxLayout()
        body.addLayout(right, 1)
        self._body = body
        self._place_cycles(narrow=True)  # until the page has its width: it asks the window for no more
        self._sized = False
        self._tab_before_disabling: int | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type and name
        super().resizeEvent(event)
        self._fit_exports()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed while the window is open
            self._fit_exports()
            self._fit_cycle_list()

    def _fit_exports(self) -> None:
        """The export buttons' full words while they leave the index half the width; else short ones."""
        full = sum(b.fontMetrics().horizontalAdvance(text) + b.fontMetrics().averageCharWidth() * 4
                   for b, text, _ in self._export_texts)
        short = self.width() < 2 * full
        for button, text, brief in self._export_texts:
            button.setText(brief if short else text)
        self.export_label.setVisible(short)
        self._place_cycles(narrow=short)

    def _place_cycles(self, narrow: bool) -> None:
        """The cycles to compare in a column left of the tabs; on a narrow page (large text, a small
        screen) beside their label under the exports, in the room the index leaves there, so that the
        tabs keep the whole width and the cycles are read whole."""
        if narrow == self._narrow_page:
            return
        self._narrow_page = narrow
        left, grid, label = self._left, self._left.layout(), self._cycles_label
        for layout in (self._body, self._top_side):
            layout.removeWidget(left)
        for widget in (label, self.cycle_list, self.cycles_hint):
            grid.removeWidget(widget)
        if narrow:
            grid.addWidget(label, 0, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.cycle_list, 0, 1)
            grid.addWidget(self.cycles_hint, 1, 0, 1, 2)
            grid.setRowStretch(0, 0)
            self._top_side.insertWidget(1, left)
        else:
            grid.addWidget(label, 0, 0, 1, 2)
            grid.addWidget(self.cycle_list, 1, 0, 1, 2)
            grid.addWidget(self.cycles_hint, 2, 0, 1, 2)
            grid.setRowStretch(1, 1)
            self._body.insertWidget(0, left)
        self._fit_cycle_list()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().showEvent(event)
        if not self._sized:  # line chart and radar share the width evenly
            self._sized = True
            total = max(1, self.charts.width())
            self.charts.setSizes([total // 2, total - total // 2])

    # --- data --------------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        """Compare the cycles of this cycle's institution; its previous cycle's actions can be carried into it."""
        if cycle_id != self.cycle_id:
            self.undo_stack.clear()  # Edit > Undo never changes the plan of a cycle left behind
        self.cycle_id = cycle_id
        institution_id = self.workspace.cycle(cycle_id).institution_id if cycle_id is not None else None
        if institution_id != self.institution_id:
            self._unchecked = set()
        self.institution_id = institution_id
        self.refresh()

    def refresh(self) -> None:
        if self.pdf_job is None:  # "Writing …" stays until the file is written
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
        self._fit_cycle_list()
        self._show_comparison(self.checked_cycles())
        self._fill_follow_up()

    def _fit_cycle_list(self) -> None:
        """The list of cycles is as wide as its longest line with its tick needs at the text size,
        and a scroll bar when it has one: no narrower than 9 letters M (the label above it is read
        in a line or two), no wider than 20 (the tables beside it need the room). A longer line is
        cut short with "…" and said whole in its tooltip; the list never scrolls sideways. Under the
        exports it is as tall as its lines, four at most, and gives way to the tabs."""
        lst, style = self.cycle_list, self.cycle_list.style()
        fm = lst.fontMetrics()
        m = fm.horizontalAdvance("M")
        # the tick and its gap, the margins around the tick and the text
        tick = (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
                + 4 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1))
        lines = lst.sizeHintForColumn(0) if lst.count() else 0  # the widest line with its tick and margins
        bar = lst.verticalScrollBar()
        scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar) if bar.maximum() > 0 else 0
        inside = max(9 * m + tick, min(lines, 20 * m + tick))  # what the lines get
        lst.setFixedWidth(inside + 2 * lst.frameWidth() + scroll)
        for row in range(lst.count()):
            item = lst.item(row)
            cut = lst.sizeHintForIndex(lst.indexFromItem(item)).width() > inside
            item.setToolTip(item.text() if cut else "")
        if self._narrow_page:  # as tall as its lines (four at most); one, to ask the page for no more height
            row = max(lst.sizeHintForRow(0), fm.height())
            lst.setMinimumHeight(row + 2 * lst.frameWidth())
            lst.setMaximumHeight(max(1, min(4, lst.count())) * row + 2 * lst.frameWidth())
        else:
            lst.setMinimumHeight(0)
            lst.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX: the column's height

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
            self.index_label.setToolTip("")
            self.index_label.setAccessibleDescription("")
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
            why = [tr(C, "{0} scored in {1}, not in {2}").format(", ".join(titles), scored, not_scored)
                   for titles, scored, not_scored in ((step.index.only_previous, step.previous, step.current),
                                                      (step.index.only_current, step.current, step.previous))
                   if titles]
            if why:
                text += "\n" + tr(C, "{0} → {1}: not like for like: {2}").format(step.previous, step.current, "; ".join(why))
            if step.edit is not None:  # the same version with other content is not the same questionnaire
                text += "\n" + _edited_text(step)
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
        # who answered changed: said in its whole on hover and to a screen reader, not in a line of its own
        # (the page has none to spare at large text); the item changes say it in a short line
        who = "\n".join(note for _, note in self.changes_model.who_answered())
        self.index_label.setToolTip(who)
        self.index_label.setAccessibleDescription(who)
        # "matched" on every row says nothing: the column shows when an item was renamed, merged, new or retired
        self.changes_table.setColumnHidden(ItemChangesModel.STATUS,
                                           all(i.link is ItemLink.MATCHED for s in c.steps for i in s.items))
        self._changes_columns.fit()  # the longest words may have changed

    def _show_who_answered(self) -> None:
        self.who_note.show_notes(self.changes_model.who_answered(self.step_filter.currentData()))

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
        shown, total = self.changes_proxy.rowCount(), self.changes_model.rowCount()
        if shown == total:
            self.changes_count.setText(tr(C, "%n item change(s)", n=total))
        else:  # one count to a string, so that each takes its own plural
            self.changes_count.setText(tr(C, "%n item change(s) shown", n=shown) + " "
                                       + tr(C, "(%n item change(s) in all)", n=total))

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
        if blocked:
            self.undo_stack.clear()  # nothing of a finalised cycle, or of a read-only workspace, can be undone
        self.follow_model.set_follow_up(rows, target.label, not blocked)
        self._follow_columns.fit()  # a tick became "carried", or back: the carry column's longest word changed
        n_open = sum(1 for f in rows if f.open)
        n_carried = sum(1 for f in rows if f.carried_to is not None)
        if not rows:
            text = tr(C, "The action plan of {0} had no actions.").format(self._previous.label)
        else:
            # one count to a string, so that each takes its own plural
            text = " ".join((
                tr(C, "The %n action(s) of {0}, with where they stand (a carried action as its copy in {1} stands).",
                   n=len(rows)).format(self._previous.label, target.label),
                tr(C, "Still open: %n action(s).", n=n_open),
                tr(C, "Carried into {0}: %n action(s).", n=n_carried).format(target.label)))
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
        if made:
            self.undo_stack.push(CarryActionsCommand(self, target, made))
            self.saved_label.setText(tr(C, "%n action(s) carried into the action plan of {0}; Edit > Undo (Ctrl+Z) undoes "
                                           "the carry.", n=len(made)).format(target.label))
        else:  # carried already, from another window
            self.saved_label.setText(tr(C, "%n action(s) carried into the action plan of {0}.", n=0).format(target.label))
        self.actions_carried.emit(target.id)

    def follow_up_changed(self) -> None:
        """Show the previous cycle's actions as they stand now (after an undo or a redo)."""
        self._fill_follow_up()


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
        self.export_pdf_button.setEnabled(self.comparison is not None)  # cycles may have been unticked meanwhile
        self.saved_label.setText(tr(C, "Saved {0}").format(written))

    def _pdf_failed(self, title: str, message: str) -> None:
        self.pdf_job = None
        self.export_pdf_button.setEnabled(self.comparison is not None)
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
