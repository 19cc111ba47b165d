"""The main window: navigation, the institution and cycle selectors, menus, and the views.

Only the overview is built when the window opens. Every other view is built, and its module
imported, the first time it is needed (its page is shown or the view is asked for), so that
the window paints quickly; a view built late catches up with the institution and cycle then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from iah_assess import __version__
from iah_assess.storage import db
from iah_assess.storage.workspace import cycle_state_key, item_state_key, respondent_state_key
from iah_assess.ui import paint
from iah_assess.ui.i18n import tr
from iah_assess.ui.overview_view import OverviewView
from iah_assess.ui.widgets import Banner, ElidedComboBox, ElidedLabel, UnmarkedList, blocked

if TYPE_CHECKING:  # the views' modules are imported when their page is first built
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from iah_assess.catalog import Catalog
    from iah_assess.domain.questionnaire import Questionnaire
    from iah_assess.domain.records import Cycle
    from iah_assess.storage.workspace import Workspace
    from iah_assess.ui.actions_view import ActionPlanView
    from iah_assess.ui.agree_view import AgreeView
    from iah_assess.ui.answer_view import AnswerView
    from iah_assess.ui.compare_view import CompareView
    from iah_assess.ui.dialogs import Dialogs
    from iah_assess.ui.institution_view import InstitutionView
    from iah_assess.ui.new_cycle_view import NewCycleView
    from iah_assess.ui.respondents_view import RespondentsView
    from iah_assess.ui.results_view import ResultsView
    from iah_assess.ui.review_view import ReviewView
    from iah_assess.ui.workers import SampleBuilder, SampleJob, TaskJob

log = logging.getLogger(__name__)
C = "MainWindow"

OVERVIEW, INSTITUTION, RESPONDENTS, ANSWER, REVIEW, RESULTS, AGREE, ACTIONS, COMPARE, NEW_CYCLE = range(10)
# The views that read every answer of the cycle: they load a new cycle only when they are shown.
RESULT_PAGES = (RESULTS, AGREE, ACTIONS, COMPARE)
LOCK_RETRY_MS = 2000  # how often a read-only window tries to take over from the one that writes


class MainWindow(QMainWindow):
    first_frame = Signal()  # the window is on screen, painted for the first time

    def __init__(
        self,
        workspace: Workspace,
        catalog: Catalog,
        dialogs: Dialogs,
        data_dir: Path,
        sample: SampleBuilder | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ws = workspace
        workspace.on_damage = self._damage_found
        self.catalog = catalog
        self.dialogs = dialogs
        self.data_dir = Path(data_dir)
        self.sample = sample
        self.institution_id: int | None = None
        self.cycle_id: int | None = None
        self.respondent_id: int | None = None
        self.sample_job: SampleJob | None = None
        self._leaving = False  # while a page is being left: see _may_leave_page
        self.pdf_job: TaskJob | None = None
        self._closed = False  # set once the window has closed, for work that ends after it
        self._catalog_first: tuple[Questionnaire, ...] | None = None
        self._restored = False
        self._stale: set[QWidget] = set()  # views whose cycle changed while they were hidden
        self._after_first_frame: QTimer | None = None

        # --- views: the overview now, the others on first use (see page()) -------------------
        self.overview = OverviewView(workspace, dialogs)
        self.overview.sample_available = sample is not None
        self._builders: dict[int, Callable[[], QWidget]] = {
            INSTITUTION: self._build_institution, RESPONDENTS: self._build_respondents, ANSWER: self._build_answer,
            REVIEW: self._build_review, RESULTS: self._build_results, AGREE: self._build_agree,
            ACTIONS: self._build_actions, COMPARE: self._build_compare, NEW_CYCLE: self._build_new_cycle,
        }
        self._views: dict[int, QWidget] = {OVERVIEW: self.overview}
        # Edit > Undo and Redo act on the undo stack of the page that shows: the respondents, the action
        # plan, or Compare (carrying actions).
        self.undo_group = QUndoGroup(self)
        names = [tr(C, "Overview"), tr(C, "Institution"), tr(C, "Respondents"), tr(C, "Answer"), tr(C, "Review"),
                 tr(C, "Results"), tr(C, "Agree levels"), tr(C, "Action plan"), tr(C, "Compare")]

        # --- layout --------------------------------------------------------------------------------
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = Banner(central)
        outer.addWidget(self.banner)
        bar = QHBoxLayout()
        bar.setContentsMargins(10, 6, 10, 6)
        self.institution_label = QLabel(tr(C, "&Institution:"), central)
        self.institution_combo = ElidedComboBox(central)
        self.institution_combo.setAccessibleName(tr(C, "Institution"))
        self.institution_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.institution_combo.setMinimumContentsLength(18)
        self.institution_label.setBuddy(self.institution_combo)
        self.cycle_label = QLabel(tr(C, "C&ycle:"), central)
        self.cycle_combo = QComboBox(central)
        self.cycle_combo.setAccessibleName(tr(C, "Cycle"))
        self.cycle_combo.setMinimumContentsLength(10)
        self.cycle_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cycle_label.setBuddy(self.cycle_combo)
        self.who_label = ElidedLabel(central)
        self.who_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        bar.addWidget(self.institution_label)
        bar.addWidget(self.institution_combo, 2)
        bar.addSpacing(12)
        bar.addWidget(self.cycle_label)
        bar.addWidget(self.cycle_combo, 1)
        bar.addSpacing(12)
        bar.addWidget(self.who_label, 2)
        outer.addLayout(bar)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        self.nav = UnmarkedList(central)
        self.nav.setAccessibleName(tr(C, "Sections"))
        self.nav.addItems(names)
        # the widest name whole, with a line's margins (the style's focus frame, 3 pixels a side, and
        # room to spare): measured from the font, as the list's own measure costs 1.5 ms of the start
        fm = self.nav.fontMetrics()
        self.nav.setFixedWidth(max(150, max(fm.horizontalAdvance(name) for name in names) + 8 + 24))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget(central)
        self.stack.addWidget(self.overview)
        for _ in range(NEW_CYCLE):  # an empty stand-in for each view until it is built
            self.stack.addWidget(QWidget(self.stack))
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.save_state_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.save_state_label)

        self._build_menus()
        self._connect()
        self.resize(QSize(1280, 800))
        self._restore()
        if getattr(self.ws, "waiting_for_lock", False):  # another window writes: this one takes over when it closes
            self._lock_timer = QTimer(self)
            self._lock_timer.setInterval(LOCK_RETRY_MS)
            self._lock_timer.timeout.connect(self._try_to_write)
            self._lock_timer.start()

    def _try_to_write(self) -> None:
        """Once the window that held the workspace has closed, this one may edit: every page is
        brought up to date as writable, and the user is told."""
        if not self.ws.try_to_write():
            if not self.ws.waiting_for_lock:  # it stays read-only for another reason, now shown
                self._lock_timer.stop()
                self._update_chrome()
            return
        self._lock_timer.stop()
        self._keep_own_place()
        # the other window may have added or deleted institutions and cycles: the lists are read
        # again, and the place kept above is found in them (or the nearest, if it is gone)
        self._fill_institutions(self.institution_id)
        self.show_page(self.current_page())
        self.statusBar().showMessage(tr(C, "The other window has closed: you can edit here now."), 15000)

    def _keep_own_place(self) -> None:
        """Store where this window is (institution, cycle, who answers, the item), which it could not
        while read-only, so that what is read next is this window's place, not the other's."""
        answer = self._built(ANSWER)
        item = answer.current_item if answer is not None else None  # type: ignore[attr-defined]
        try:
            if self.institution_id is not None:
                self.ws.set_state("last_institution", str(self.institution_id))
                if self.cycle_id is not None:
                    self.ws.set_state(cycle_state_key(self.institution_id), str(self.cycle_id))
            if self.cycle_id is not None:  # nobody answering here stays so, whoever answers in the other
                self.ws.set_state(respondent_state_key(self.cycle_id), str(self.respondent_id or ""))
            if self.respondent_id is not None and item is not None:
                self.ws.set_state(item_state_key(self.respondent_id), item.id)
        except db.WorkspaceError:
            log.warning("could not keep this window's place on taking over", exc_info=True)

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        # setShortcuts, as setShortcut needs PySide6's whole Qt namespace (see paint); for a
        # standard key it also gives every binding the platform has.
        menu = self.menuBar().addMenu(tr(C, "&File"))
        self.new_institution_action = menu.addAction(tr(C, "New &institution…"))
        self.new_institution_action.triggered.connect(self.start_own)
        self.sample_action = menu.addAction(tr(C, "Open the &sample institution"))
        self.sample_action.triggered.connect(self.open_sample)
        self.sample_action.setVisible(self.sample is not None)
        self.new_cycle_action = menu.addAction(tr(C, "&New cycle…"))
        self.new_cycle_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_cycle_action.triggered.connect(self.show_new_cycle)
        self.delete_cycle_action = menu.addAction(tr(C, "&Delete this cycle…"))
        self.delete_cycle_action.setStatusTip(tr(C, "Delete the open cycle chosen above, such as one started by mistake; "
                                                    "a copy of the workspace is kept first"))
        self.delete_cycle_action.triggered.connect(self.delete_cycle)
        self.delete_institution_action = menu.addAction(tr(C, "Delete this instit&ution…"))
        self.delete_institution_action.setStatusTip(tr(C, "Delete the institution chosen above with all its cycles, such "
                                                          "as the sample institution; a copy of the workspace is kept first"))
        self.delete_institution_action.triggered.connect(self.delete_institution)
        menu.addSeparator()
        self.export_action = menu.addAction(tr(C, "&Export PDF…"))
        self.export_action.setShortcuts([QKeySequence("Ctrl+E")])
        self.export_action.triggered.connect(self.export_pdf)
        self.blank_action = menu.addAction(tr(C, "&Blank questionnaire PDF…"))
        self.blank_action.triggered.connect(self.blank_pdf)
        menu.addSeparator()
        self.quit_action = menu.addAction(tr(C, "&Quit"))
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        edit = self.menuBar().addMenu(tr(C, "&Edit"))
        self.undo_action = self.undo_group.createUndoAction(self, tr(C, "&Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, tr(C, "&Redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)

        go = self.menuBar().addMenu(tr(C, "&Go"))
        self.page_actions: list[QAction] = []
        for n in range(self.nav.count()):
            action = go.addAction(self.nav.item(n).text())
            action.setShortcuts([QKeySequence(f"Ctrl+{n + 1}")])
            action.triggered.connect(lambda _=False, page=n: self._go_to(page))
            self.page_actions.append(action)
        go.addSeparator()
        # The answering view's own actions take these places when it is built; until then the
        # menu shows them disabled (they only work on the Answer page).
        self.go_menu = go
        self._answer_stand_ins: list[QAction] = []
        for text, keys in ((tr("Answer", "&Next item"), "Alt+Right"), (tr("Answer", "&Previous item"), "Alt+Left"),
                           (tr("Answer", "Next &unanswered item"), "Ctrl+J")):
            stand_in = go.addAction(text)
            stand_in.setShortcuts([QKeySequence(keys)])
            stand_in.setEnabled(False)
            self._answer_stand_ins.append(stand_in)

        help_menu = self.menuBar().addMenu(tr(C, "&Help"))
        self.about_action = help_menu.addAction(tr(C, "&About iah-assess"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)
        self.about_q_action = help_menu.addAction(tr(C, "About this &questionnaire"))
        self.about_q_action.triggered.connect(self.about_questionnaire)
        self.glossary_action = help_menu.addAction(tr(C, "&Glossary"))
        self.glossary_action.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.glossary_action.triggered.connect(self.glossary)

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.institution_combo.currentIndexChanged.connect(self._institution_chosen)
        self.cycle_combo.currentIndexChanged.connect(self._cycle_chosen)
        o = self.overview
        o.open_sample.connect(self.open_sample)
        o.start_own.connect(self.start_own)
        o.new_cycle.connect(self.show_new_cycle)
        o.edit_institution.connect(lambda: self.show_page(INSTITUTION))
        o.choose_cycle.connect(self.select_cycle)
        o.continue_answering.connect(self._continue_answering)
        o.review.connect(lambda: self.show_page(REVIEW))
        o.results.connect(lambda: self.show_page(RESULTS))
        o.action_plan.connect(lambda: self.show_page(ACTIONS))
        o.agree.connect(lambda: self.show_page(AGREE))

    # --- the views, built on first use -------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The view of a page, built (and brought up to the current context) on first use."""
        view = self._views.get(index)
        if view is None:
            view = self._builders[index]()
            self._views[index] = view
            stand_in = self.stack.widget(index)
            current = self.stack.currentWidget()
            self.stack.removeWidget(stand_in)
            self.stack.insertWidget(index, view)
            self.stack.setCurrentWidget(current)
            stand_in.deleteLater()
            if index in RESULT_PAGES:
                self._stale.add(view)  # it loads the cycle when it is shown
        return view

    def _built(self, index: int) -> QWidget | None:
        """The view of a page if it has been built, else None (nothing to update then)."""
        return self._views.get(index)

    def _build_institution(self) -> InstitutionView:
        from iah_assess.ui.institution_view import InstitutionView

        view = InstitutionView(self.ws, self.dialogs)
        view.set_institution(self.institution_id)
        view.saved.connect(self._institution_saved)
        return view

    def _build_respondents(self) -> RespondentsView:
        from iah_assess.ui.respondents_view import RespondentsView

        view = RespondentsView(self.ws, self.dialogs)
        view.set_cycle(self.cycle_id, self.respondent_id)
        view.answer_as.connect(self.answer_as)
        view.changed.connect(self._respondents_changed)
        view.answering_again.connect(self.set_respondent)
        self.undo_group.addStack(view.undo_stack)  # active while the respondents show (see show_page)
        return view

    def _build_answer(self) -> AnswerView:
        from iah_assess.ui.answer_view import AnswerView

        view = AnswerView(self.ws, self.dialogs)
        view.set_cycle(self.cycle_id)
        view.set_respondent(self.respondent_id)
        view.save_state_changed.connect(self._save_state_changed)
        view.to_overview.connect(lambda: self.show_page(OVERVIEW))
        view.to_respondents.connect(lambda: self.show_page(RESPONDENTS))
        for stand_in, action in zip(self._answer_stand_ins, self._answer_actions(view), strict=True):
            self.go_menu.insertAction(stand_in, action)
            self.go_menu.removeAction(stand_in)
            stand_in.deleteLater()
            self.addAction(action)
            action.setEnabled(False)  # show_page enables them on the Answer page
        self._answer_stand_ins = []
        return view

    @staticmethod
    def _answer_actions(view: AnswerView) -> tuple[QAction, QAction, QAction]:
        return view.next_action, view.prev_action, view.unanswered_action

    def _build_review(self) -> ReviewView:
        from iah_assess.ui.review_view import ReviewView

        view = ReviewView(self.ws, self.dialogs, saved_first=self.save_what_waits)
        view.set_cycle(self.cycle_id)
        view.jump.connect(self.answer_as)
        view.finalised.connect(self._cycle_finalised)
        return view

    def _build_results(self) -> ResultsView:
        from iah_assess.ui.results_view import ResultsView

        view = ResultsView(self.ws, self.dialogs, own_banner=False)  # the window's banner is above every page
        # a report started on another page says so where the user is: the Results page's own bar is not in sight
        view.export_started.connect(lambda: self.statusBar().showMessage(tr(C, "Writing the report…")))
        view.export_ended.connect(self.statusBar().clearMessage)
        return view

    def _build_agree(self) -> AgreeView:
        from iah_assess.ui.agree_view import AgreeView

        return AgreeView(self.ws, self.dialogs, own_banner=False)

    def _build_actions(self) -> ActionPlanView:
        from iah_assess.ui.actions_view import ActionPlanView

        view = ActionPlanView(self.ws, self.dialogs, own_banner=False)
        view.export_pdf_requested.connect(self.export_pdf)
        self.undo_group.addStack(view.undo_stack)  # active while the plan shows (see show_page)
        return view

    def _build_compare(self) -> CompareView:
        from iah_assess.ui.compare_view import CompareView

        view = CompareView(self.ws, self.dialogs)
        self.undo_group.addStack(view.undo_stack)  # active while Compare shows (see show_page): carrying actions
        view.copies_renumbered.connect(self._copies_renumbered)
        return view

    def _copies_renumbered(self, pairs: list[tuple[int, int | None]]) -> None:
        if (plan := self._built(ACTIONS)) is not None:  # only a plan already built has undo steps
            plan.copies_renumbered(pairs)  # type: ignore[attr-defined]

    def _build_new_cycle(self) -> NewCycleView:
        from iah_assess.ui.new_cycle_view import NewCycleView

        view = NewCycleView(self.ws, self.catalog, self.dialogs)
        view.set_institution(self.institution_id, load=False)
        view.created.connect(self._cycle_created)
        view.cancelled.connect(lambda: self.show_page(OVERVIEW))
        return view

    # Each view as an attribute, built when first asked for.

    @property
    def institution_view(self) -> InstitutionView:
        return self.page(INSTITUTION)  # type: ignore[return-value]

    @property
    def respondents_view(self) -> RespondentsView:
        return self.page(RESPONDENTS)  # type: ignore[return-value]

    @property
    def answer_view(self) -> AnswerView:
        return self.page(ANSWER)  # type: ignore[return-value]

    @property
    def review_view(self) -> ReviewView:
        return self.page(REVIEW)  # type: ignore[return-value]

    @property
    def results_view(self) -> ResultsView:
        return self.page(RESULTS)  # type: ignore[return-value]

    @property
    def agree_view(self) -> AgreeView:
        return self.page(AGREE)  # type: ignore[return-value]

    @property
    def actions_view(self) -> ActionPlanView:
        return self.page(ACTIONS)  # type: ignore[return-value]

    @property
    def compare_view(self) -> CompareView:
        return self.page(COMPARE)  # type: ignore[return-value]

    @property
    def new_cycle_view(self) -> NewCycleView:
        return self.page(NEW_CYCLE)  # type: ignore[return-value]

    def save_what_waits(self) -> bool:
        """Save what was typed and not yet saved (an answer's comment, a note on an agreed level, an
        edit of the plan a full disk kept back); False if some of it could not be saved (it is kept,
        and tried again)."""
        ok = True
        for page, save in ((ANSWER, "flush"), (AGREE, "flush_note"), (ACTIONS, "flush_edits")):
            view = self._built(page)
            if view is None:
                continue
            try:
                ok = getattr(view, save)() and ok
            except Exception:  # in an error's wake: never a second one from here
                log.exception("saving what waits after an error failed")
                ok = False
        return ok

    def _flush_answer(self) -> None:
        """Save the answer being typed, if the answering view exists."""
        view = self._built(ANSWER)
        if view is not None:
            view.flush()  # type: ignore[attr-defined]

    # --- restoring and choosing context ----------------------------------------------------------

    def _restore(self) -> None:
        last_inst = self.ws.state("last_institution")
        self._fill_institutions(int(last_inst) if last_inst and last_inst.isdigit() else None)
        self._restored = True
        self.show_page(OVERVIEW)

    def _fill_institutions(self, choose: int | None) -> None:
        self._set_institution(self._list_institutions(choose))

    def _list_institutions(self, choose: int | None) -> int | None:
        """Fills the institution list and shows `choose` in it (else the first); the views are left
        as they are. Returns the institution shown."""
        institutions = self.ws.institutions()
        with blocked(self.institution_combo):
            self.institution_combo.clear()
            for inst in institutions:
                self.institution_combo.addItem(inst.name, inst.id)
            ids = [i.id for i in institutions]
            if choose not in ids:
                choose = ids[0] if ids else None
            if choose is not None:
                self.institution_combo.setCurrentIndex(ids.index(choose))
        return choose

    def _set_institution(self, institution_id: int | None, cycle_id: int | None = None) -> None:
        self.institution_id = institution_id
        if institution_id is not None:
            self.ws.set_state("last_institution", str(institution_id))
        cycles = self.ws.cycles(institution_id) if institution_id is not None else []
        ids = [c.id for c in cycles]
        if cycle_id is None:
            last = self.ws.state(cycle_state_key(institution_id))
            cycle_id = int(last) if last and last.isdigit() else None
        if cycle_id not in ids:
            open_ones = [c.id for c in cycles if not c.finalised]
            cycle_id = (open_ones or ids or [None])[-1]
        with blocked(self.cycle_combo):
            self.cycle_combo.clear()
            for c in cycles:
                text = c.label if not c.finalised else tr(C, "{0} (finalised)").format(c.label)
                self.cycle_combo.addItem(text, c.id)
            if cycle_id is not None:
                self.cycle_combo.setCurrentIndex(ids.index(cycle_id))
        if (view := self._built(INSTITUTION)) is not None:
            view.set_institution(institution_id)  # type: ignore[attr-defined]
        if (view := self._built(NEW_CYCLE)) is not None:
            view.set_institution(institution_id, load=False)  # type: ignore[attr-defined]
        self._set_cycle(cycle_id)

    def _set_cycle(self, cycle_id: int | None) -> None:
        self._flush_answer()
        self.cycle_id = cycle_id
        if cycle_id is not None and self.institution_id is not None:
            self.ws.set_state(cycle_state_key(self.institution_id), str(cycle_id))
        respondent_id = None
        if cycle_id is not None:
            last = self.ws.state(respondent_state_key(cycle_id))
            people = [r.id for r in self.ws.respondents(cycle_id)]
            if last and last.isdigit() and int(last) in people:
                respondent_id = int(last)
        self.respondent_id = respondent_id
        if (answer := self._built(ANSWER)) is not None:
            answer.set_cycle(cycle_id)  # type: ignore[attr-defined]
            answer.set_respondent(respondent_id)  # type: ignore[attr-defined]
        if (view := self._built(RESPONDENTS)) is not None:
            view.set_cycle(cycle_id, respondent_id)  # type: ignore[attr-defined]
        if (view := self._built(REVIEW)) is not None:
            view.set_cycle(cycle_id)  # type: ignore[attr-defined]
        # The result-based views read every answer of the cycle (compare: of every cycle), so
        # only the one on screen loads now; the others load when they are shown. Views not
        # built yet load the cycle when they are built and shown.
        if (plan := self._built(ACTIONS)) is not None and plan.cycle_id != cycle_id:  # type: ignore[attr-defined]
            plan.undo_stack.clear()  # now, even if hidden: Edit > Undo must not change the plan of a cycle left behind
        for view in filter(None, map(self._built, RESULT_PAGES)):
            if self.stack.currentWidget() is view:
                view.set_cycle(cycle_id)  # type: ignore[attr-defined]
                self._stale.discard(view)
            else:
                self._stale.add(view)
        self._update_chrome()
        # the overview reads every cycle's scores: only when it is on screen (show_page refreshes it)
        self.overview.set_context(self.institution_id, cycle_id, respondent_id,
                                  load=self._restored and self.stack.currentIndex() == OVERVIEW)

    def select_cycle(self, cycle_id: int) -> None:
        """Work on another cycle of the current institution (from the overview or a test)."""
        index = self.cycle_combo.findData(cycle_id)
        if index >= 0:
            with blocked(self.cycle_combo):
                self.cycle_combo.setCurrentIndex(index)
            self._set_cycle(cycle_id)

    def set_respondent(self, respondent_id: int | None, item_id: str | None = None) -> None:
        self.respondent_id = respondent_id
        if respondent_id is not None and self.cycle_id is not None:
            self.ws.set_state(respondent_state_key(self.cycle_id), str(respondent_id))
        answer = self._built(ANSWER)
        if answer is None and item_id is not None:
            answer = self.answer_view  # built now, so that it opens at that item
        if answer is not None:
            answer.set_respondent(respondent_id, item_id)  # type: ignore[attr-defined]
        if (view := self._built(RESPONDENTS)) is not None:
            view.current_respondent = respondent_id  # type: ignore[attr-defined]
            view.refresh()  # type: ignore[attr-defined]
        self._update_chrome()

    def _institution_chosen(self, index: int) -> None:
        wanted = self.institution_combo.itemData(index) if index >= 0 else None  # before a save refills the list
        if not self._may_leave_page():
            with blocked(self.institution_combo):  # back to the institution being edited
                self.institution_combo.setCurrentIndex(max(0, self.institution_combo.findData(self.institution_id)))
            return
        self._flush_answer()
        with blocked(self.institution_combo):  # where the user chose, even if saving the profile refilled the list
            self.institution_combo.setCurrentIndex(self.institution_combo.findData(wanted))
        self._set_institution(wanted)

    def _may_leave_page(self) -> bool:
        """Before the page showing is left (for another page, institution or cycle, or closing):
        a form with changes not saved (the profile, a respondent, an agreed level) asks whether to
        save them. False when they could not be saved: the page stays, and says why."""
        settle = getattr(self.stack.currentWidget(), "settle", None)
        self._leaving = True  # a profile saved now is listed, and the user goes where they were going
        try:
            return settle is None or settle()
        finally:
            self._leaving = False

    def _cycle_chosen(self, index: int) -> None:
        if not self._may_leave_page():
            with blocked(self.cycle_combo):  # back to the cycle whose respondent is being edited
                self.cycle_combo.setCurrentIndex(max(0, self.cycle_combo.findData(self.cycle_id)))
            return
        self._set_cycle(self.cycle_combo.itemData(index) if index >= 0 else None)

    # --- window chrome: title, banner, enabled actions -------------------------------------------

    def current_cycle_editable(self) -> bool:
        if self.cycle_id is None or self.ws.read_only:
            return False
        return not self.ws.cycle(self.cycle_id).finalised

    def _update_banner(self, cycle: Cycle | None) -> None:
        """The workspace read-only, or the cycle finalised. Not the cycle on the pages that are not
        about it: on New cycle, "2025/26 is finalised" would read as a word on the cycle being made."""
        if self.ws.read_only:
            self.banner.show_message(tr(C, "Read-only: {0}").format(self.ws.read_only_reason))
        elif cycle is not None and cycle.finalised and self.stack.currentIndex() not in (INSTITUTION, NEW_CYCLE):
            self.banner.show_message(tr(C, "Cycle {0} is finalised and read-only: answers, respondents, agreed "
                                           "levels and the action plan can be seen but not changed.").format(cycle.label))
        else:
            self.banner.show_message("")

    def _update_chrome(self) -> None:
        parts = ["iah-assess"]
        inst = self.ws.institution(self.institution_id) if self.institution_id is not None else None
        cycle = self.ws.cycle(self.cycle_id) if self.cycle_id is not None else None
        person = self.ws.respondent(self.respondent_id) if self.respondent_id is not None else None
        if inst:
            parts.append(inst.name)
        if cycle:
            parts.append(cycle.label)
        closed = cycle is not None and cycle.finalised  # nobody answers any more: their answers are shown
        if person:
            parts.append((tr(C, "answers of {0}") if closed else tr(C, "answering as {0}")).format(person.name))
        self.setWindowTitle(" — ".join(parts))
        if person:
            who = tr(C, "Showing the answers of {0} ({1})") if closed else tr(C, "Answering as {0} ({1})")
            self.who_label.set_full_text(who.format(person.name, tr("Role", person.role)))
        else:
            self.who_label.set_full_text(tr(C, "No cycle chosen") if cycle is None else tr(C, "The cycle is finalised")
                                         if closed else tr(C, "Nobody chosen to answer now"))
        self._update_banner(cycle)
        writable = not self.ws.read_only
        self.new_institution_action.setEnabled(writable)
        self.sample_action.setEnabled(writable and self.sample_job is None)
        self.new_cycle_action.setEnabled(writable and self.institution_id is not None)
        self.delete_cycle_action.setEnabled(writable and cycle is not None and not cycle.finalised)
        self.delete_institution_action.setEnabled(writable and self.institution_id is not None)
        self.export_action.setEnabled(cycle is not None)

    def delete_cycle(self) -> bool:
        """Delete the current cycle, an open one, once the user has confirmed what goes with it."""
        if self.cycle_id is None or not self._may_leave_page():  # the profile being edited, say, is asked about first
            return False
        self._flush_answer()
        cycle = self.ws.cycle(self.cycle_id)
        if (results := self._built(RESULTS)) is not None and results.exporting() == cycle.id:  # type: ignore[attr-defined]
            self.dialogs.inform(self, tr(C, "Delete cycle {0}").format(cycle.label), tr(
                C, "The report of cycle {0} is being written. Delete the cycle once it is saved.").format(cycle.label))
            return False
        n = self.ws.cycle_size(cycle.id)
        parts = [text for count, text in (
            (n["respondents"], tr(C, "%n respondent(s)", n=n["respondents"])), (n["answers"], tr(C, "%n answer(s)", n=n["answers"])),
            (n["decisions"], tr(C, "agreed levels and targets for %n item(s)", n=n["decisions"])),
            (n["actions"], tr(C, "%n action(s)", n=n["actions"]))) if count]
        what = (tr(C, "Cycle {0} will be deleted with everything in it: {1}.").format(cycle.label, tr(C, ", ").join(parts))
                if parts else tr(C, "Cycle {0} will be deleted. Nothing has been entered in it yet.").format(cycle.label))
        text = what + "\n\n" + tr(C, "A copy of the whole workspace is kept first in {0}, named workspace-…-before-delete.sqlite. "
                                     "To get the cycle back later, close iah-assess and run iah-assess restore with "
                                     "that file.").format(self.data_dir / db.BACKUP_DIR)
        if not self.dialogs.confirm(self, tr(C, "Delete cycle {0}").format(cycle.label), text,
                                    yes=tr(C, "Delete cycle"), no=tr(C, "Keep it")):
            return False
        try:
            copy = self.ws.delete_cycle(cycle.id)
        except db.WorkspaceError as exc:
            self.dialogs.error(self, tr(C, "The cycle was not deleted"), str(exc))
            return False
        self._set_institution(self.institution_id)
        self.show_page(OVERVIEW)
        self.statusBar().showMessage(tr(C, "Cycle {0} deleted. The workspace as it was before is kept in {1}.").format(
            cycle.label, copy), 15000)
        return True

    def delete_institution(self) -> bool:
        """Delete the current institution with all its cycles, once the user has confirmed what goes
        with it; a copy of the whole workspace is kept first."""
        if self.institution_id is None or not self._may_leave_page():
            return False
        self._flush_answer()
        inst = self.ws.institution(self.institution_id)
        title = tr(C, "Delete institution {0}").format(inst.name)
        if (results := self._built(RESULTS)) is not None and results.exporting() is not None:  # type: ignore[attr-defined]
            self.dialogs.inform(self, title, tr(C, "A report is being written. Delete the institution once it is saved."))
            return False
        n = self.ws.institution_size(inst.id)
        parts = [text for count, text in (
            (n["cycles"], tr(C, "%n cycle(s)", n=n["cycles"])), (n["respondents"], tr(C, "%n respondent(s)", n=n["respondents"])),
            (n["answers"], tr(C, "%n answer(s)", n=n["answers"])), (n["actions"], tr(C, "%n action(s)", n=n["actions"]))) if count]
        what = (tr(C, "{0} will be deleted with everything in it: {1}.").format(inst.name, tr(C, ", ").join(parts))
                if parts else tr(C, "{0} will be deleted. Nothing has been entered for it yet.").format(inst.name))
        if n["finalised"]:
            what += " " + tr(C, "Among them: %n finalised cycle(s), the institution's record of past years.", n=n["finalised"])
        text = what + "\n\n" + tr(C, "A copy of the whole workspace is kept first in {0}, named workspace-…-before-delete.sqlite. "
                                     "To get the institution back later, close iah-assess and run iah-assess restore with "
                                     "that file.").format(self.data_dir / db.BACKUP_DIR)
        if not self.dialogs.confirm(self, title, text, yes=tr(C, "Delete institution"), no=tr(C, "Keep it")):
            return False
        try:
            copy = self.ws.delete_institution(inst.id)
        except db.WorkspaceError as exc:
            self.dialogs.error(self, tr(C, "The institution was not deleted"), str(exc))
            return False
        self._fill_institutions(None)
        self.show_page(OVERVIEW)
        self.statusBar().showMessage(tr(C, "{0} deleted. The workspace as it was before is kept in {1}.").format(
            inst.name, copy), 15000)
        return True

    def _damage_found(self, detail: str) -> None:
        """The day's full check of the workspace (its daily backup's) found damage: said once the
        change that ran it is done. The next opening checks in full and offers the newest backup."""
        text = tr(C, "The day's check of the workspace found damage in it ({0}).\n\nWhat you enter is still saved, "
                     "but part of the file may no longer be readable. Export what you need now (File > Export PDF…), "
                     "then close iah-assess and start it again: it checks the file in full and offers to put the newest "
                     "sound backup in its place. Changes made after that backup would have to be entered again.").format(detail)
        QTimer.singleShot(0, self, lambda: self.dialogs.error(self, tr(C, "The workspace is damaged"), text))

    def _save_state_changed(self, _state: str = "") -> None:
        """The answers' save state, in the status bar while another page shows: the Answer page
        shows it by its buttons."""
        answer = self._built(ANSWER)
        if answer is None or self.stack.currentIndex() == ANSWER:
            self.save_state_label.clear()
            return
        said = answer.state_label.text()  # type: ignore[attr-defined]
        # on another page, "✓ Saved" alone could be read as said of that page's own edits
        self.save_state_label.setText(tr(C, "Answers: {0}").format(said) if said else "")
        if answer.save_state == "not saved":  # type: ignore[attr-defined]
            self.save_state_label.setStyleSheet("color: #a40000; font-weight: bold;")
        else:
            self.save_state_label.setStyleSheet("")

    # --- pages ----------------------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        if page == self.stack.currentIndex() and getattr(self.stack.currentWidget(), "has_changes", lambda: False)():
            return  # the page shows already, with edits not saved: it is not filled again over them
        if page != self.stack.currentIndex() and not self._may_leave_page():
            with blocked(self.nav):
                self.nav.setCurrentRow(self.stack.currentIndex())
            return
        if self.stack.currentIndex() == ANSWER and page != ANSWER:
            self._flush_answer()
        if self.ws.read_only and not self._place_still_there():
            # the window that may write deleted what this one shows: the lists are read again
            # and the nearest institution and cycle shown
            self._fill_institutions(self.institution_id)
        with blocked(self.nav):
            self.nav.setCurrentRow(page if page < self.nav.count() else -1)
        # a button on the page that goes ("Open action plan") had the keys: they go to the new page's
        # first control, not where Qt would pass them as the button hides (the top bar, the page's frame)
        focus = QApplication.focusWidget()
        keys_on_page = page != self.stack.currentIndex() and focus is not None and self.stack.isAncestorOf(focus)
        view = self.page(page)
        if page == INSTITUTION:
            self.institution_view.set_institution(self.institution_id)
        elif page == NEW_CYCLE:
            self.new_cycle_view.set_institution(self.institution_id)
        elif page == OVERVIEW:
            self.overview.set_context(self.institution_id, self.cycle_id, self.respondent_id)
        elif view in self._stale:
            self._stale.discard(view)
            view.set_cycle(self.cycle_id)  # type: ignore[attr-defined]
        elif hasattr(view, "refresh"):
            view.refresh()
        self.stack.setCurrentIndex(page)
        self._update_banner(self.ws.cycle(self.cycle_id) if self.cycle_id is not None else None)
        # Edit > Undo acts on the respondents, the plan or Compare only while they show; elsewhere
        # Ctrl+Z is the text field's own
        self.undo_group.setActiveStack(getattr(self.stack.currentWidget(), "undo_stack", None))
        self._save_state_changed()
        if (answer := self._built(ANSWER)) is not None:
            for action in self._answer_actions(answer):  # type: ignore[arg-type]
                action.setEnabled(page == ANSWER and answer.can_move())  # type: ignore[attr-defined]
        if page == ANSWER:
            self.answer_view.focus_answer()
        elif keys_on_page:
            self._focus_first_control()

    def _place_still_there(self) -> bool:
        """Whether the institution and cycle shown are still in the workspace."""
        try:
            if self.institution_id is not None:
                self.ws.institution(self.institution_id)
            if self.cycle_id is not None:
                self.ws.cycle(self.cycle_id)
        except db.WorkspaceError:  # NotFound
            return False
        return True

    def _go_to(self, page: int) -> None:
        """A page chosen by its key (Ctrl+1 to Ctrl+9): the keyboard goes to its first control, with
        the focus frame shown, as Tab would put it there."""
        self.show_page(page)
        if self.current_page() != page:
            return
        from PySide6.QtCore import Qt  # only now: the first frame is long on screen (see paint)

        if page == ANSWER and self.answer_view.focus_answer():  # the level cards, ready for 0-4
            self.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
            return
        self._focus_first_control()

    def _focus_first_control(self) -> None:
        """The keyboard to the page's first field, list or table, with the focus frame shown; a
        button only when the page has nothing else, so that a Space pressed blind adds or removes
        nothing."""
        from PySide6.QtCore import Qt  # only now: the first frame is long on screen (see paint)
        from PySide6.QtWidgets import QAbstractButton, QScrollArea

        view = self.stack.currentWidget()
        reachable, widget = [], view.nextInFocusChain()
        for _ in range(500):
            if not view.isAncestorOf(widget):
                break
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus \
                    and type(widget) is not QScrollArea:  # a page's scrolling frame is no control
                reachable.append(widget)
            widget = widget.nextInFocusChain()
        target = next((x for x in reachable if not isinstance(x, QAbstractButton)), reachable[0] if reachable else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # also when it had the focus already
            target.update()

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_page(row)

    def current_page(self) -> int:
        return self.stack.currentIndex()

    # --- flows --------------------------------------------------------------------------------------------

    def start_own(self) -> None:
        if self.ws.read_only or not self._may_leave_page():
            return
        self.show_page(INSTITUTION)  # as any page change: what was typed on Answer is saved first
        self.institution_view.set_institution(None)
        self.institution_view.name.setFocus()

    def _institution_saved(self, institution_id: int) -> None:
        if self._leaving:
            self._list_institutions(self.institution_id)
            self._update_chrome()
            return
        is_new = institution_id != self.institution_id
        self._fill_institutions(institution_id)
        if is_new and not self.ws.cycles(institution_id):
            self.show_new_cycle()
        else:
            self.show_page(OVERVIEW)

    def show_new_cycle(self) -> None:
        if self.ws.read_only or self.institution_id is None:
            return
        self.show_page(NEW_CYCLE)
        self.new_cycle_view.label.setFocus()

    def _cycle_created(self, cycle_id: int) -> None:
        self._set_institution(self.institution_id, cycle_id)
        self.show_page(RESPONDENTS)
        self.respondents_view.name.setFocus()

    def _respondents_changed(self) -> None:
        people = {r.id for r in self.ws.respondents(self.cycle_id)} if self.cycle_id is not None else set()
        if self.respondent_id not in people:
            self.respondent_id = None
        if (answer := self._built(ANSWER)) is not None:
            answer.refresh()  # type: ignore[attr-defined]
        self._update_chrome()

    def answer_as(self, respondent_id: int, item_id: str = "") -> None:
        if self.stack.currentIndex() != ANSWER and not self._may_leave_page():  # a respondent's new name, say
            return
        self.set_respondent(respondent_id, item_id or None)
        self.show_page(ANSWER)

    def _continue_answering(self, respondent_id: int) -> None:
        if respondent_id < 0:
            self.show_page(RESPONDENTS)
        else:
            self.answer_as(respondent_id)

    def _cycle_finalised(self, cycle_id: int) -> None:
        for view in filter(None, map(self._built, (ACTIONS, RESPONDENTS, COMPARE))):  # nothing of a finalised cycle can be undone
            view.undo_stack.clear()  # type: ignore[attr-defined]
        self._set_institution(self.institution_id, cycle_id)
        self.show_page(REVIEW)

    # --- the sample institution ----------------------------------------------------------------------------

    def open_sample(self) -> None:
        if self.sample is None or self.sample_job is not None or self.ws.read_only:
            return
        self.show_page(OVERVIEW)  # what is being edited is settled first
        if self.current_page() != OVERVIEW:  # the user stayed with their edits: no sample meanwhile
            return
        from iah_assess.ui.workers import SampleJob

        job = SampleJob(self.ws.path, self.sample, self)
        job.progress.connect(self._sample_progress)
        job.done.connect(self._sample_done)
        job.failed.connect(self._sample_failed)
        self.sample_job = job
        self.overview.welcome.show()
        self.overview.main.hide()
        self.overview.set_busy(0, 1)
        self.statusBar().showMessage(tr(C, "Creating the sample institution…"))
        self._update_chrome()
        job.start()

    def _sample_progress(self, done: int, total: int) -> None:
        self.overview.set_busy(done, total)

    def _end_sample(self) -> None:
        self.sample_job = None
        self.overview.set_busy(0, 0)
        self.statusBar().clearMessage()

    def _sample_done(self, institution_id: int) -> None:
        self._end_sample()
        if self._closed:  # finished while the window closed: nothing to show it in
            return
        if getattr(self.stack.currentWidget(), "has_changes", lambda: False)():
            # a form is being edited: it stays as it is; the sample waits in the list
            self._list_institutions(self.institution_id)
            self.statusBar().showMessage(tr(C, "The sample institution is ready: choose it under Institution."), 15000)
            return
        self._flush_answer()
        self._fill_institutions(institution_id)
        self.show_page(OVERVIEW)

    def _sample_failed(self, message: str) -> None:
        self._end_sample()
        self._update_chrome()
        self.dialogs.error(self, tr(C, "Sample institution"), tr(C, "The sample institution could not be created: {0}").format(message))

    # --- PDFs ---------------------------------------------------------------------------------------------------

    def export_pdf(self) -> None:
        """The cycle's report, through the Results view, which runs the export off the GUI thread; the
        status bar says so. The attribution and the file are asked for first: cancelling leaves the user
        where they were, and so does the export."""
        if self.cycle_id is None or self.results_view.exporting() is not None:
            return
        chosen = self.results_view.ask_report_file(self.cycle_id)
        if not chosen:
            return
        # what was typed is saved first, so that the report has it; the user stays on the page. A form
        # with changes a Save records (the profile, a level not yet recorded), or an edit that cannot be
        # saved now, is asked about as on leaving the page, and Results then shows
        view = self.stack.currentWidget()
        if getattr(view, "has_changes", lambda: False)() or not self.save_what_waits():
            self.show_page(RESULTS)
            if self.current_page() != RESULTS:
                return
        self.results_view.export_pdf(chosen, self.cycle_id)

    def _questionnaire(self) -> Questionnaire | None:
        if self.cycle_id is not None:
            return self.ws.cycle_questionnaire(self.ws.cycle(self.cycle_id))
        if self._catalog_first is None:  # read once, on first use: parsing big files takes a moment
            valid = self.catalog.valid()
            self._catalog_first = (valid[0].questionnaire,) if valid else ()
        return self._catalog_first[0] if self._catalog_first else None

    def blank_pdf(self) -> None:
        q = self._questionnaire()
        if q is None or self.pdf_job is not None:
            return
        suggested = f"{q.id}-{q.version}-blank.pdf"
        path = self.dialogs.save_file(self, tr(C, "Blank questionnaire PDF"), suggested, tr(C, "PDF files (*.pdf)"))
        if not path:
            return
        from iah_assess.reporting.output import pdf_file

        target = pdf_file(path)

        def render() -> str:
            from iah_assess.reporting.report import blank_questionnaire_pdf

            from iah_assess.storage.files import write_file

            return str(write_file(target, blank_questionnaire_pdf(q)))

        from iah_assess.ui.workers import TaskJob

        self.pdf_job = TaskJob(render, self)
        self.pdf_job.done.connect(self._blank_done)
        self.pdf_job.failed.connect(self._blank_failed)
        self.blank_action.setEnabled(False)
        self.statusBar().showMessage(tr(C, "Writing the blank questionnaire…"))
        self.pdf_job.start()

    def _blank_done(self, path: object) -> None:
        self.pdf_job = None
        self.blank_action.setEnabled(True)
        self.statusBar().showMessage(tr(C, "Saved {0}").format(path), 8000)

    def _blank_failed(self, message: str) -> None:
        self.pdf_job = None
        self.blank_action.setEnabled(True)
        self.statusBar().clearMessage()
        self.dialogs.error(self, tr(C, "Blank questionnaire PDF"), tr(C, "The PDF could not be saved: {0}").format(message))

    # --- help ----------------------------------------------------------------------------------------------------

    def about(self) -> None:
        self.dialogs.inform(self, tr(C, "About iah-assess"), tr(C, "iah-assess {0}\n\nSelf-assessment of Internationalisation "
                                                                     "at Home for higher-education institutions, with a scored "
                                                                     "action plan. Everything stays on this computer.\n\n"
                                                                     "Data folder: {1}").format(__version__, self.data_dir))

    def about_questionnaire(self) -> None:
        import html  # here: the start needs none of it

        q = self._questionnaire()
        if q is None:
            return
        text = q.about or q.description
        paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        title = html.escape(f"{q.title} ({q.id} {q.version})")
        self.dialogs.show_text(self, tr(C, "About this questionnaire"), f"<h2>{title}</h2>{paragraphs}")

    def glossary(self) -> None:
        import html

        q = self._questionnaire()
        if q is None:
            return
        entries = sorted(q.glossary, key=lambda g: g.term.casefold())
        if not entries:
            body = f"<p>{html.escape(tr(C, 'This questionnaire has no glossary.'))}</p>"
        else:
            body = "<dl>" + "".join(f"<dt><b>{html.escape(g.term)}</b></dt><dd>{html.escape(g.definition)}</dd>" for g in entries) + "</dl>"
        self.dialogs.show_text(self, tr(C, "Glossary"), body)

    # --- the first frame ---------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._after_first_frame is None:  # once this first paint pass is done: see _on_screen
            self._after_first_frame = QTimer(self)
            self._after_first_frame.setSingleShot(True)
            self._after_first_frame.timeout.connect(self._on_screen)
            self._after_first_frame.start(0)

    def _on_screen(self) -> None:
        paint.make_qt_namespace()  # now, rather than on the first key press
        if self.institution_id is None and self.current_page() == OVERVIEW and self.overview.welcome.own_button.isEnabled() \
                and self.focusWidget() in (None, self.institution_combo):
            # an empty workspace: the keys start at its first step, not in the empty institution box
            # (set now, not as the window is built: setFocus would make the Qt namespace then)
            self.overview.welcome.own_button.setFocus()
        self.first_frame.emit()

    # --- closing ------------------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._may_leave_page():
            event.ignore()
            return
        # what was typed and not yet saved is saved now; if that fails, the user decides
        unsaved = (
            (ANSWER, "close_down", tr(C, "An answer could not be saved (the details are in the log). Close anyway and lose it?")),
            (AGREE, "flush_note", tr(C, "A note on an agreed level could not be saved. Close anyway and lose it?")),
            (ACTIONS, "flush_edits", tr(C, "An edit of the action plan could not be saved (the details are in the log). "
                                           "Close anyway and lose it?")),
        )
        for page, save, question in unsaved:
            view = self._built(page)
            if view is not None and not getattr(view, save)() and not self.dialogs.confirm(
                    self, tr(C, "Not saved"), question, yes=tr(C, "Close and lose it"), no=tr(C, "Stay")):
                event.ignore()  # the window stays, and so does the edit (the answer page keeps retrying)
                return
        for page in (ANSWER, ACTIONS):
            if (view := self._built(page)) is not None:
                view.stop_retrying()  # type: ignore[attr-defined]
        # work still running in other threads ends before the window does; what it reports then
        # finds the window closed and asks nothing
        for job in (self.sample_job, self.pdf_job):
            if job is not None:
                job.wait()
        for page in (RESULTS, COMPARE):
            if (view := self._built(page)) is not None:
                view.wait_for_export()  # type: ignore[attr-defined]
        self._keep_summaries()
        self._closed = True
        event.accept()

    def _keep_summaries(self) -> None:
        """Work out and keep the summaries this session's changes dropped, while the questionnaire
        is loaded anyway: the next start then shows the overview without scoring anything."""
        if self.ws.read_only or self.institution_id is None:
            return
        try:
            for cycle in self.ws.cycles(self.institution_id):
                self.ws.cycle_summary(cycle.id)
        except Exception:  # never a reason not to close: the next start works them out instead
            log.exception("could not keep the cycle summaries")
