"""The results of a cycle: overall index, area radar, item bars per area and a filterable item table."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    QThread,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import points
from iah_assess.domain.scoring import MIN_COVERAGE, AreaResult, CycleResult, band
from iah_assess.reporting.output import pdf_file
from iah_assess.storage.files import write_file
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.charts import BarChart, RadarChart
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.models import AreaIdRole, FlaggedRole, ItemIdRole, ItemResultsModel, RowFilterProxy
from iah_assess.ui.tables import ColumnShares, filter_field, row_refitter, table_view
from iah_assess.ui.widgets import Banner, FocusRing, buddy_label, make_heading, text_label
from iah_assess.wording import file_name_part

log = logging.getLogger(__name__)

C = "Results"


def area_status(area: AreaResult) -> str:
    """An area's score in words: "62 (Established)", "not enough answers" or "not assessed"."""
    if not area.included:
        return tr(C, "not assessed")
    if area.score is None:
        return tr(C, "not enough answers ({0} of %n item(s) scored)", n=area.n_items).format(area.n_scored)
    return tr(C, "{0} ({1})").format(points(area.score), tr("Levels", band(area.score)))


class ItemFilterProxy(RowFilterProxy):
    """Filters item rows by text (area or item title), area and "only flagged"."""

    TEXT_COLUMNS = (ItemResultsModel.AREA, ItemResultsModel.ITEM)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._area: str | None = None
        self._only_flagged = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_area(self, area_id: str | None) -> None:
        self._change("_area", area_id)

    def set_only_flagged(self, only: bool) -> None:
        self._change("_only_flagged", only)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        m = self.sourceModel()
        first = m.index(source_row, 0, source_parent)
        if self._area is not None and m.data(first, AreaIdRole) != self._area:
            return False
        if self._only_flagged and not m.data(first, FlaggedRole):
            return False
        return self._text_matches(source_row, source_parent)


class _AreaScroll(QScrollArea):
    """The scrolling list of areas in words: as high as the page sets it (ResultsView._fit_area_list),
    and no higher; less where the page is short of height."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._preferred, self._least = 0, 0

    def set_heights(self, preferred: int, least: int) -> None:
        if (preferred, least) != (self._preferred, self._least):
            self._preferred, self._least = preferred, least
            self.setMaximumHeight(preferred)
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self._preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().minimumSizeHint().width(), self._least)


class ShortHeading(QLabel):
    """A bold heading wrapped to at most `max_lines` lines. A longer one (with an institution's
    long name, at large text) ends in "…" and shows whole as its tooltip, so that it never takes
    the height the page's charts and tables need."""

    def __init__(self, parent: QWidget | None = None, scale: float = 1.3, max_lines: int = 2):
        super().__init__(parent)
        make_heading(self, scale)
        self.setTextFormat(Qt.TextFormat.PlainText)  # an institution's name is never markup
        self._full = ""
        self._max_lines = max_lines

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def full_text(self) -> str:
        return self._full

    def _wrapped_height(self, text: str, width: int) -> int:
        return self.fontMetrics().boundingRect(QRect(0, 0, max(1, width), 100_000), int(Qt.TextFlag.TextWordWrap), text).height()

    def _shown(self, width: int) -> str:
        """The text as it fits `width`: whole, or its longest beginning that fits with "…"."""
        room = self._wrapped_height("\n".join("X" * self._max_lines), 100_000)  # as high as max_lines lines
        if width <= 0 or self._wrapped_height(self._full, width) <= room:
            return self._full
        lo, hi = 0, len(self._full)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._wrapped_height(self._full[:mid].rstrip() + "…", width) <= room:
                lo = mid
            else:
                hi = mid - 1
        return self._full[:lo].rstrip() + "…"

    def _fit(self) -> None:
        shown = self._shown(self.contentsRect().width())
        if self.text() != shown:
            self.setText(shown)
        cut = shown != self._full
        self.setToolTip(self._full if cut else "")
        self.setAccessibleName(self._full if cut else "")

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._wrapped_height(self._shown(inner), inner) + margins.top() + margins.bottom()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        super().resizeEvent(event)
        self._fit()


# How a report attributes comments, as the command line's report does: by role (the default),
# by role and name (--names), to no one (--anonymous)
ATTRIBUTIONS = ("role", "names", "anonymous")


class _ExportWorker(QObject):
    """Builds the report in its own thread with its own workspace connection, writes the file."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, workspace_path: Path, cycle_id: int, target: Path, attribution: str = "role"):
        super().__init__()
        self._path = workspace_path
        self.cycle_id = cycle_id
        self._target = target
        self._attribution = attribution

    @Slot()
    def run(self) -> None:
        try:
            from iah_assess.reporting.report import cycle_report_data, render_cycle_report  # in the try: its failure is reported too

            with Workspace(self._path, read_only=True) as ws:
                pdf = render_cycle_report(cycle_report_data(
                    ws, self.cycle_id, names=self._attribution == "names", anonymous=self._attribution == "anonymous"))
            write_file(self._target, pdf)  # complete or not there: a failed export leaves no half file
        except Exception as exc:  # shown to the user; the details go to the log
            log.exception("exporting the report failed")
            self.failed.emit(str(exc))
            return
        self.done.emit(str(self._target))


class ResultsView(QWidget):
    """What a cycle scored. Read-only: the answers are given elsewhere."""

    pdf_exported = Signal(str)  # the path of a finished export
    export_started = Signal()
    export_ended = Signal()  # done or failed

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None,
                 own_banner: bool = True):
        """`own_banner` False: the window's banner says the page's read-only state (see Banner.muted)."""
        super().__init__(parent)
        self._own_banner = own_banner
        self.workspace = workspace
        self.dialogs = dialogs
        self.cycle_id: int | None = None
        self.questionnaire: Questionnaire | None = None
        self.result: CycleResult | None = None
        self._thread: QThread | None = None
        self._closing = False  # the window is closing: an export that ends then asks nothing
        self._worker: _ExportWorker | None = None
        self._build()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = ShortHeading(self, 1.3)  # at most two lines, however long the institution's name
        self.index_label = QLabel(self)
        self.index_label.setWordWrap(True)
        self.index_label.setAccessibleName(tr(C, "Overall index"))
        self.index_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_label = Banner(self)
        self.read_only_label.muted = not self._own_banner
        self._finalised_text = tr(C, "This cycle is finalised: its results are read-only.")
        self.export_button = QPushButton(tr(C, "E&xport PDF…"), self)
        self.export_button.setAccessibleName(tr(C, "Export the cycle report as PDF"))
        self.export_button.clicked.connect(self.export_pdf)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(tr(C, "Exporting the report"))
        self.progress.setFormat(tr(C, "Exporting…"))
        self.progress.hide()

        top = QHBoxLayout()
        heads = QVBoxLayout()
        heads.addWidget(self.title)
        heads.addWidget(self.index_label)
        heads.addWidget(self.read_only_label)
        top.addLayout(heads, 1)
        top.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        # left: radar and the areas in words
        self.radar = RadarChart(self)
        self.area_list = text_label(self)
        self.area_list.setAccessibleName(tr(C, "Area scores"))
        self.area_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the list scrolls past seven lines or so, so that many areas without a score (each a
        # longer line) never squeeze the radar to a dot at large fonts
        areas_box = _AreaScroll(self)
        areas_box.setWidget(self.area_list)
        areas_box.setWidgetResizable(True)
        areas_box.setFrameShape(QFrame.Shape.NoFrame)
        areas_box.viewport().setAutoFillBackground(False)  # on the page's own background, as before
        self.area_list.setAutoFillBackground(False)
        areas_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        areas_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # a Tab stop, so that the arrow keys scroll the list: named, and framed while it has the focus
        areas_box.setAccessibleName(tr(C, "Area scores, to scroll"))
        FocusRing(areas_box)
        self.areas_box = areas_box
        areas_box.installEventFilter(self)  # as high as its lines at the width it gets (_fit_area_list)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.radar, 1)
        lv.addWidget(areas_box)

        # the item table with its filters
        self.model = ItemResultsModel(self)
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = filter_field(tr(C, "Filter items…"), tr(C, "Filter items by text"), self)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.area_filter = QComboBox(self)
        self.area_filter.setAccessibleName(tr(C, "Show items of area"))
        self.area_filter.currentIndexChanged.connect(self._area_filter_changed)
        self.flagged_only = QCheckBox(tr(C, "Only flagged"), self)
        self.flagged_only.setToolTip(tr(C, "Show only items where the levels given are two or more apart"))
        self.flagged_only.toggled.connect(self.proxy.set_only_flagged)
        filters = QHBoxLayout()
        filters.addWidget(buddy_label(tr(C, "Fi&lter:"), self.filter_edit, self))
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(buddy_label(tr(C, "&Area:"), self.area_filter, self))
        filters.addWidget(self.area_filter, 1)
        filters.addWidget(self.flagged_only)
        self.table = table_view(self.proxy, tr(C, "Item results"), self, sort_column=ItemResultsModel.AREA, word_wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("n") + 16)
        # the numbers take what they need; the area, item and level share the rest, none narrower
        # than its longest word, and wrap (at 150% text the item title would otherwise be cut)
        M = ItemResultsModel
        self._columns = ColumnShares(self.table, {M.AREA: 0.26, M.ITEM: 0.5, M.LEVEL: 0.24})
        # wrapped item titles need their rows re-measured when columns change width
        self._rows_timer = row_refitter(self.table, self.proxy.modelReset, self.proxy.layoutChanged, header.sectionResized)
        self.count_label = QLabel(self)
        table_page = QWidget(self)
        tv = QVBoxLayout(table_page)
        tv.addLayout(filters)
        tv.addWidget(self.table, 1)
        tv.addWidget(self.count_label)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        # the item bars of one area
        self.bar_area = QComboBox(self)
        self.bar_area.setAccessibleName(tr(C, "Area to chart"))
        self.bar_area.currentIndexChanged.connect(self._show_bars)
        self.bar_note = QLabel(self)
        self.bar_note.setWordWrap(True)
        self.bars = BarChart(self)
        scroll = self.bar_scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.bars)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName(tr(C, "Item bars, to scroll"))
        FocusRing(scroll)
        bar_page = self.bar_page = QWidget(self)
        bv = QVBoxLayout(bar_page)
        form = QFormLayout()
        form.addRow(buddy_label(tr(C, "Items of a&rea:"), self.bar_area, self), self.bar_area)
        bv.addLayout(form)
        bv.addWidget(self.bar_note)
        bv.addWidget(scroll, 1)

        # tab 1: areas (radar and area scores beside the bars of one area); tab 2: the item table
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(bar_page)
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.splitter, tr(C, "Area&s"))
        self.tabs.addTab(table_page, tr(C, "I&tems"))
        # Tab goes from the header to the tabs, then into the page they show; made last, they came last
        QWidget.setTabOrder(self.export_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.tabs.tabBar())
        self._sized = False

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._set_empty()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's event type
        super().showEvent(event)
        if not self._sized:  # radar and bars share the width evenly, unless the bars need more
            self._sized = True
            total = max(1, self.splitter.width() - self.splitter.handleWidth())
            radar_least = self.splitter.widget(0).minimumSizeHint().width()
            bars = max(total - total // 2, min(self.bars_width_needed(), total - radar_least))
            self.splitter.setSizes([total - bars, bars])

    def bars_width_needed(self) -> int:
        """The width the item bars' side needs for the chart not to scroll sideways, its scores and
        flags out of sight: at large text on a small screen, more than half the page."""
        margins = self.bar_page.layout().contentsMargins()
        return (self.bars.minimumSizeHint().width() + self.bar_scroll.verticalScrollBar().sizeHint().width()
                + 2 * self.bar_scroll.frameWidth() + margins.left() + margins.right())

    def _set_empty(self) -> None:
        self.title.set_full_text(tr(C, "Results"))
        self.index_label.setText(tr(C, "Choose a cycle to see its results."))
        self.export_button.setEnabled(False)

    # --- data --------------------------------------------------------------------------------

    def set_cycle(self, cycle_id: int | None) -> None:
        self.cycle_id = cycle_id
        self.refresh()

    def refresh(self) -> None:
        if self.cycle_id is None:
            self.model.set_result(None, None)
            self.radar.set_data([], [])
            self.bars.set_data([])
            self.area_list.clear()
            self._set_empty()
            return
        cycle = self.workspace.cycle(self.cycle_id)
        inst = self.workspace.institution(cycle.institution_id)
        q = self.workspace.cycle_questionnaire(cycle)
        result = self.workspace.cycle_result(self.cycle_id)
        self.questionnaire, self.result = q, result
        self.title.set_full_text(tr(C, "Results of {0} — {1}").format(cycle.label, inst.name))
        if result.index is None:
            index = tr(C, "Overall index: not enough answers yet (an area needs a level on at least {0:.0%} of its items).").format(MIN_COVERAGE)
        else:
            index = tr(C, "Overall index: {0} of 100 — {1}").format(points(result.index), tr("Levels", result.band or ""))
            if result.unscored_areas:  # the index is the mean of the areas scored: say so
                index += " " + tr(C, "(partial: %n area(s) with not enough answers for a score)", n=result.unscored_areas)
        flagged = [i for a in result.areas if a.included for i in a.items if i.disagreement]
        n_flagged, n_agreed = len(flagged), sum(1 for i in flagged if i.agreed)
        respondents = tr(C, "%n respondent(s)", n=result.n_respondents)
        answering = len({r.respondent_id for r in self.workspace.responses(cycle.id) if r.answer is not None})
        if answering < result.n_respondents:  # the results rest on those who have answered
            respondents += " " + tr(C, "({0} with answers)").format(answering)
        # as the overview counts them too: the flagged items, and how many of them the team has settled
        # (a flag stays on an item agreed since: its answers were apart; the count says what is left)
        settled = ("" if not n_agreed else " " + tr(C, "(all agreed)") if n_agreed == n_flagged
                   else " " + tr(C, "({0} agreed, {1} still to agree)").format(n_agreed, n_flagged - n_agreed))
        self.index_label.setText(
            index + "\n" + respondents + " · "
            + tr(C, "%n item(s) flagged for disagreement", n=n_flagged) + settled
        )
        self.read_only_label.show_message(self._finalised_text if cycle.finalised else "")
        self.export_button.setEnabled(self._thread is None)

        self._fill_radar(cycle.institution_id, cycle.label, q, result)
        self.area_list.setText("\n".join(f"{q.area(a.area_id).title}: {area_status(a)}" for a in result.areas))
        self._fit_area_list()

        self.model.set_result(q, result)
        self._columns.fit()  # the longest words may have changed
        keep = self.area_filter.currentData()
        with QSignalBlocker(self.area_filter):
            self.area_filter.clear()
            self.area_filter.addItem(tr(C, "All areas"), None)
            for a in q.areas:
                self.area_filter.addItem(a.title, a.id)
            self.area_filter.setCurrentIndex(max(0, self.area_filter.findData(keep)))
        self.proxy.set_area(self.area_filter.currentData())
        keep = self.bar_area.currentData()
        with QSignalBlocker(self.bar_area):
            self.bar_area.clear()
            for a in q.areas:
                self.bar_area.addItem(a.title, a.id)
            self.bar_area.setCurrentIndex(max(0, self.bar_area.findData(keep)))
        self._show_bars()
        self._update_count()

    def _fill_radar(self, institution_id: int, label: str, q: Questionnaire, result: CycleResult) -> None:
        """This cycle and up to two earlier cycles of the institution on the same questionnaire."""
        series = [(label, [a.score for a in result.areas])]
        cycles = self.workspace.cycles(institution_id)  # oldest first
        before = next((n for n, c in enumerate(cycles) if c.id == self.cycle_id), len(cycles))
        earlier = [c for c in cycles[:before] if c.questionnaire_id == q.id]
        for c in reversed(earlier[-2:]):
            try:
                old = self.workspace.cycle_result(c.id)
            except Exception:  # an unreadable old cycle must not hide this one's results
                log.exception("scoring cycle %s for the radar failed", c.id)
                continue
            scores = []
            for a in result.areas:
                try:
                    scores.append(old.area(a.area_id).score)
                except KeyError:
                    scores.append(None)
            series.append((c.label, scores))
        self.radar.set_data([q.area(a.area_id).title for a in result.areas], series)

    def _area_filter_changed(self) -> None:
        self.proxy.set_area(self.area_filter.currentData())

    def _show_bars(self) -> None:
        if self.result is None or self.questionnaire is None or self.bar_area.currentData() is None:
            self.bars.set_data([])
            self.bar_note.clear()
            return
        area = self.result.area(self.bar_area.currentData())
        self.bar_note.setText(tr(C, "{0}: {1}").format(self.questionnaire.area(area.area_id).title, area_status(area)))
        if not area.included:
            self.bars.set_data([])
            return
        rows = []
        for i in area.items:
            flags = []
            if i.agreed and i.disagreement:  # settled: the flag says why it was taken to the team
                flags.append(tr(C, "(agreed, was ⚑)"))
            elif i.agreed:
                flags.append(tr(C, "(agreed)"))
            elif i.disagreement:
                flags.append(tr(C, "⚑ disagree"))
            rows.append((self.questionnaire.item(i.item_id).title, i.score, " ".join(flags)))
        self.bars.set_data(rows)

    def _update_count(self) -> None:
        self.count_label.setText(tr(C, "{0} of %n item(s) shown", n=self.model.rowCount()).format(self.proxy.rowCount()))

    def selected_item_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], ItemIdRole) if rows else None

    # --- export ------------------------------------------------------------------------------

    def ask_report_file(self, cycle_id: int) -> tuple[str, str] | None:
        """Whose words the comments are shown as (ATTRIBUTIONS), then the file the report of a cycle
        is to go to, as the user chooses them; None if they cancel either."""
        choice = self.dialogs.choose(self, tr(C, "Export the report"), tr(
            C, "How are the respondents' comments and evidence attributed in the report?\n\n"
               "By role: \"Dean\", \"Rector\". Where only one person holds a role, the role alone identifies them.\n"
               "By role and name: for a report that stays within the team.\n"
               "Anonymous: to no one; the cover still counts the respondents by role."),
            [tr(C, "By role"), tr(C, "By role and name"), tr(C, "Anonymous"), tr(C, "Cancel")], warning=False)
        if choice is None or choice >= len(ATTRIBUTIONS):
            return None
        cycle = self.workspace.cycle(cycle_id)
        institution = self.workspace.institution(cycle.institution_id).name  # two faculties' reports: two names
        suggested = f"iah-report-{file_name_part(institution)}-{file_name_part(cycle.label)}.pdf"
        path = self.dialogs.save_file(self, tr(C, "Export the report"), suggested, tr(C, "PDF files (*.pdf)"))
        return (path, ATTRIBUTIONS[choice]) if path else None

    def export_pdf(self, chosen: tuple[str, str] | None = None, cycle_id: int | None = None) -> None:
        """Write the report of the cycle shown (or of `cycle_id`, for an export started on another
        page) to the file chosen, with the attribution chosen (both asked for when not given), off
        the GUI thread."""
        cycle_id = self.cycle_id if cycle_id is None else cycle_id
        if cycle_id is None or self._thread is not None:
            return
        chosen = chosen or self.ask_report_file(cycle_id)
        if not chosen:
            return
        path, attribution = chosen
        target = pdf_file(path)
        self.export_button.setEnabled(False)
        self.progress.show()
        self.export_started.emit()
        self._thread = QThread(self)
        self._worker = _ExportWorker(self.workspace.path, cycle_id, target, attribution)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.done.connect(self._export_done)
        self._worker.failed.connect(self._export_failed)
        self._thread.start()

    def exporting(self) -> int | None:
        """The cycle whose report is being written now, if any."""
        return self._worker.cycle_id if self._worker is not None else None

    def _end_export(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        self._thread = None
        self._worker = None
        self.progress.hide()
        self.export_button.setEnabled(self.cycle_id is not None)
        self.export_ended.emit()

    def _export_done(self, path: str) -> None:
        self._end_export()
        self.pdf_exported.emit(path)
        if not self._closing and self.dialogs.confirm(  # not once the window has closed
                self, tr(C, "Report exported"), tr(C, "The report was saved as\n{0}\n\nOpen it now?").format(path)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _export_failed(self, message: str) -> None:
        self._end_export()
        self.dialogs.error(self, tr(C, "Export failed"), tr(C, "The report could not be saved: {0}").format(message))

    def _fit_area_list(self) -> None:
        """The list of areas in words is as high as its lines at its width, up to seven and a half
        lines and a good quarter of the pane; beyond that it scrolls. Where the window has no
        height to spare (large text, a finalised cycle's notices), it gives way down to three
        and a half lines before the radar does, and never makes the window taller."""
        spacing = self.fontMetrics().lineSpacing()
        needed = self.area_list.heightForWidth(max(1, self.areas_box.viewport().width()))
        cap = min(spacing * 7.5, max(spacing * 3.5, self.areas_box.parentWidget().height() * 0.28))
        preferred = int(min(max(needed + 4, spacing), cap))
        self.areas_box.set_heights(preferred, min(preferred, int(spacing * 3.5)))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's event type
        super().resizeEvent(event)
        self._fit_area_list()  # its share of the pane changes with the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.areas_box and event.type() == QEvent.Type.Resize:
            self._fit_area_list()
        return super().eventFilter(watched, event)

    def wait_for_export(self) -> None:
        """Let a running export finish (before the window closes): it then asks nothing."""
        self._closing = True
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

