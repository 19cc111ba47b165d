"""Starting a cycle: its label, the questionnaire, the areas to include and the default target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from iah_assess.catalog import Catalog
from iah_assess.catalog.loader import Entry, LoadedQuestionnaire
from iah_assess.domain.records import LEVEL_NAMES, academic_year
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.widgets import PAGE_MARGIN, blocked, error_label, heading, say_when_full, scroll_page, text_label

C = "NewCycle"


def open_in_file_manager(folder: Path) -> bool:
    """Shows a folder in the system's file manager; False if nothing would open it. Tests put
    their own in its place, so that no window of another program opens."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class FittedText(QPlainTextEdit):
    """Read-only text as tall as its lines, wrapped at its width, and a line to spare, up to a
    dozen lines; then it scrolls. Counted by paragraph, a long note that wraps at large text
    showed its first line or two in a box that looked whole."""

    MOST_LINES = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)

    def fit(self) -> None:
        from PySide6.QtGui import QTextLayout, QTextOption

        width = max(1, self.viewport().width() - 2 * int(self.document().documentMargin()))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lines = 0
        for paragraph in self.toPlainText().split("\n"):
            layout = QTextLayout(paragraph, self.font())
            layout.setTextOption(option)
            layout.beginLayout()
            while (line := layout.createLine()).isValid():
                line.setLineWidth(width)
                lines += 1
            layout.endLayout()
            if lines >= self.MOST_LINES:
                break
        lines = min(self.MOST_LINES, lines + 1)
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing()
                            + 2 * (self.frameWidth() + int(self.document().documentMargin())))

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt's type
        super().resizeEvent(event)
        self.fit()  # its width changes how many lines the text wraps to; its height does not


class NewCycleView(QWidget):
    created = Signal(int)
    cancelled = Signal()

    def __init__(self, workspace: Workspace, catalog: Catalog, dialogs: Dialogs, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.ws = workspace
        self.catalog = catalog
        self.dialogs = dialogs
        self.today = today
        self.institution_id: int | None = None
        self._loaded: list[LoadedQuestionnaire] = []
        self._area_boxes: list[QCheckBox] = []
        self._filled_for: int | None = -1  # the institution the form was last filled for (-1: none yet)

        body, layout = scroll_page(self, 10, tr(C, "New cycle page"))
        self._scroll = body.parentWidget().parentWidget()  # the scroll area (body sits in its viewport)
        self._scroll.viewport().installEventFilter(self)
        self.title = heading(tr(C, "New cycle"), body)
        layout.addWidget(self.title)

        box = QGroupBox(tr(C, "Cycle"), body)
        form = QFormLayout(box)
        self.label = QLineEdit(box)
        self.label.setMaxLength(40)
        say_when_full(self.label)
        self.label.setAccessibleName(tr(C, "Label"))
        self.questionnaire = QComboBox(box)
        self.questionnaire.setAccessibleName(tr(C, "Questionnaire"))
        # as wide as the form, not as its longest title: a long one (in Cyrillic, at 150% text)
        # made the page wider than a 1024-pixel window; the title shows whole in the list and its tip
        self.questionnaire.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.questionnaire.setMinimumContentsLength(24)
        self.target = QComboBox(box)
        self.target.setAccessibleName(tr(C, "Default target level"))
        for level, name in enumerate(LEVEL_NAMES):
            self.target.addItem(tr("Levels", "{0} · {1}").format(level, tr("Levels", name)), level)
        form.addRow(tr(C, "&Label:"), self.label)
        form.addRow(tr(C, "&Questionnaire:"), self.questionnaire)
        self.q_description = text_label(box)
        form.addRow("", self.q_description)
        form.addRow(tr(C, "Default &target:"), self.target)
        # a yearly cycle is mostly answered by the same team: offer last cycle's respondents
        self.same_team = QCheckBox(box)
        self.same_team.setAccessibleName(tr(C, "Add the respondents of the latest cycle"))
        self.team_names = text_label(box)
        team = QVBoxLayout()
        team.setContentsMargins(0, 0, 0, 0)
        team.addWidget(self.same_team)
        team.addWidget(self.team_names)
        form.addRow(tr(C, "Respondents:"), team)
        self.form, self._team_row = form, team
        layout.addWidget(box)

        self.areas_box = QGroupBox(tr(C, "Areas to include"), body)
        # two columns where two fit side by side, so that the page is shorter; else one (see _place_areas)
        self.areas_layout = QGridLayout(self.areas_box)
        self._area_columns = 0
        layout.addWidget(self.areas_box)

        # what stops the cycle, and the buttons, under the page, outside its scrolling: always seen
        footer = QWidget(self)
        foot = QVBoxLayout(footer)
        foot.setContentsMargins(PAGE_MARGIN, 0, PAGE_MARGIN, PAGE_MARGIN // 2)
        self.message = error_label(footer)
        foot.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(tr(C, "Cancel"), footer)
        self.create_button = QPushButton(tr(C, "Create cycle"), footer)
        self.create_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addWidget(self.create_button)
        foot.addLayout(row)
        self.layout().addWidget(footer)

        # where other questionnaires go, with a button that opens that folder, then what is wrong
        # with those that cannot be used (or, in earlier/, read), then notes on those that can
        folder_row = QHBoxLayout()
        self.folder_hint = text_label(body)
        folder_row.addWidget(self.folder_hint, 1)
        self.open_folder_button = QPushButton(tr(C, "&Open the folder"), body)
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.open_folder_button)
        layout.addLayout(folder_row)
        self.invalid_box, self.invalid_text = self._file_list(
            body, tr(C, "Questionnaire files that cannot be used or read"), tr(C, "Problems in questionnaire files"))
        layout.addWidget(self.invalid_box)
        self.notes_box, self.notes_text = self._file_list(
            body, tr(C, "Notes on questionnaires that can be used"), tr(C, "Notes on questionnaire files"))
        layout.addWidget(self.notes_box)
        layout.addStretch(1)
        self.create_button.clicked.connect(self.create)
        self.label.returnPressed.connect(self.create)
        self.cancel_button.clicked.connect(self.cancelled)
        self.questionnaire.currentIndexChanged.connect(self._show_areas)

    @staticmethod
    def _file_list(parent: QWidget, title: str, name: str) -> tuple[QGroupBox, FittedText]:
        box = QGroupBox(title, parent)
        text = FittedText(box)
        text.setAccessibleName(name)
        QVBoxLayout(box).addWidget(text)
        return box, text

    @staticmethod
    def _fill(box: QGroupBox, text: FittedText, files: list[tuple[Path, list[str]]]) -> None:
        """Each file with what is said of it, under its name; the box hidden when there is none."""
        box.setVisible(bool(files))
        text.setPlainText("\n\n".join(f"{path}\n" + "\n".join(f"  • {said}" for said in lines) for path, lines in files))
        text.fit()

    def _make_user_folder(self) -> str | None:
        """Makes the user questionnaire folder if it is not there, so that the page can send the
        user to it (it was named, but not there, until they made it); why it cannot be, or None."""
        folder = self.catalog.user_dir
        if folder is None:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            return tr(C, "a file has that name")
        except OSError as exc:  # a data folder on a disk that is read-only, one the user may not write to
            return exc.strerror or type(exc).__name__
        return None

    def open_folder(self) -> None:
        """The user questionnaire folder in the system's file manager (made again if it went)."""
        folder = self.catalog.user_dir
        if folder is None:
            return
        reason = self._make_user_folder()
        if reason is not None:
            self.dialogs.error(self, tr(C, "Open the folder"),
                               tr(C, "The folder {0} cannot be made here ({1}).").format(folder, reason))
        elif not open_in_file_manager(folder):
            self.dialogs.error(self, tr(C, "Open the folder"), tr(
                C, "The folder {0} could not be opened here. Open it from your file manager.").format(folder))

    def set_institution(self, institution_id: int | None, load: bool = True) -> None:
        """Which institution the cycle is for; load=False defers reading the questionnaire files
        (slow for big ones) until the page is shown."""
        self.institution_id = institution_id
        self._show_team()  # at once, even when loading waits: the team is this institution's
        if load or not self.isHidden():  # the page showing: the label and areas are this institution's too
            self.refresh()

    def suggested_label(self) -> str:
        """The current academic year, or the next free one when the institution has it already."""
        taken = {c.label for c in self.ws.cycles(self.institution_id)} if self.institution_id is not None else set()
        day = self.today()
        label = academic_year(day)
        for _ in range(20):
            if label not in taken:
                break
            day = day.replace(year=day.year + 1)
            label = academic_year(day)
        return label

    def refresh(self) -> None:
        """The form for a new cycle. What the user set in it for the same institution (the label,
        questionnaire, target, areas, the team) is kept when the page is shown again, until a cycle
        is created."""
        kept = self._settings() if self._filled_for == self.institution_id else None
        self._filled_for = self.institution_id
        cannot_make = self._make_user_folder()
        entries = self.catalog.entries(notes=True, stored=self.ws.stored_questionnaires)
        self._loaded = [e.loaded for e in entries if e.loaded is not None]
        with blocked(self.questionnaire, self.label):
            self.questionnaire.clear()
            for lq in self._loaded:
                q = lq.questionnaire
                self.questionnaire.addItem(tr(C, "{0} (version {1})").format(q.title, q.version), q.id)
            self.label.setText(self.suggested_label())
            self.target.setCurrentIndex(3)
        bad = [e for e in entries if e.loaded is None]
        noted = [e for e in entries if e.notes]
        self._fill(self.invalid_box, self.invalid_text, [(e.path, [p.in_file() for p in e.problems]) for e in bad])
        self._fill(self.notes_box, self.notes_text, [(e.path, [p.in_file() for p in e.notes]) for e in noted])
        self._say_where_files_go(cannot_make, bad, noted)
        self.message.clear()
        self._show_areas()
        self._show_team()
        writable = not self.ws.read_only and self.institution_id is not None
        for w in (self.label, self.questionnaire, self.target, self.same_team, self.create_button, self.areas_box):
            w.setEnabled(writable)
        if self.institution_id is None:
            self.message.setText(tr(C, "Save the institution's profile first."))
        if kept is not None:
            self._restore(kept)

    def _say_where_files_go(self, cannot_make: str | None, bad: list[Entry], noted: list[Entry]) -> None:
        folder = self.catalog.user_dir
        self.open_folder_button.setVisible(folder is not None and cannot_make is None)
        if folder is None:
            return
        # for the leader choosing here, not for whoever writes questionnaires (the README tells them more)
        if cannot_make is None:
            hint = tr(C, "Other questionnaires: put their files in {0}. Those that can be used are offered in the "
                         "Questionnaire list above.").format(folder)
        else:
            hint = tr(C, "Other questionnaires go in the folder {0}, which cannot be made here ({1}).").format(
                folder, cannot_make)
        if bad and noted:
            hint += " " + tr(C, "What is wrong with the others, and notes on some that can be used, are shown below.")
        elif bad:
            hint += " " + tr(C, "What is wrong with the others is shown below.")
        elif noted:
            hint += " " + tr(C, "Notes on some of them are shown below.")
        self.folder_hint.setText(hint)

    def _settings(self) -> tuple[str, tuple[str, str] | None, int, dict[str, bool], bool]:
        lq = self._current()
        # the questionnaire by its file and content, not by its id: a user's copy of a shipped
        # questionnaire, or another version of it, has the same id
        chosen = None if lq is None else (lq.source, lq.questionnaire.content_hash())
        return (self.label.text(), chosen, self.target.currentData(),
                {b.property("area_id"): b.isChecked() for b in self._area_boxes}, self.same_team.isChecked())

    def _find(self, chosen: tuple[str, str]) -> int:
        """The row of the questionnaire chosen before: the same file with the same content, else
        the same file (edited since), else the same content (the file moved); -1 when it is gone."""
        source, content = chosen
        for same in (lambda lq: lq.source == source and lq.questionnaire.content_hash() == content,
                     lambda lq: lq.source == source,
                     lambda lq: lq.questionnaire.content_hash() == content):
            for row, lq in enumerate(self._loaded):
                if same(lq):
                    return row
        return -1

    def _restore(self, kept: tuple[str, tuple[str, str] | None, int, dict[str, bool], bool]) -> None:
        label, questionnaire, target, areas, same_team = kept
        taken = {c.label for c in self.ws.cycles(self.institution_id)} if self.institution_id is not None else set()
        if label.strip() not in taken:
            self.label.setText(label)
        if questionnaire is not None and (found := self._find(questionnaire)) >= 0:
            self.questionnaire.setCurrentIndex(found)  # its areas are shown again
        self.target.setCurrentIndex(max(0, self.target.findData(target)))
        for box in self._area_boxes:
            if box.isEnabled() and box.property("area_id") in areas:
                box.setChecked(areas[box.property("area_id")])
        if not self.same_team.isHidden():
            self.same_team.setChecked(same_team)

    def _latest_team(self) -> tuple[str, list[tuple[str, str]]]:
        """The institution's latest cycle's label and respondents (name, role); ("", []) for none."""
        cycles = self.ws.cycles(self.institution_id) if self.institution_id is not None else []
        if not cycles:
            return "", []
        return cycles[-1].label, [(r.name, r.role) for r in self.ws.respondents(cycles[-1].id)]

    def _show_team(self) -> None:
        """Offers the latest cycle's respondents, ticked; the row is hidden when it has none."""
        label, team = self._latest_team()
        self.form.setRowVisible(self._team_row, bool(team))
        self.same_team.setChecked(bool(team))
        if team:
            self.same_team.setText(tr(C, "The &same people as in {0} (%n respondent(s))", n=len(team)).format(label))
            self.team_names.setText(", ".join(tr(C, "{0} ({1})").format(name, tr("Role", role)) for name, role in team))

    def _current(self) -> LoadedQuestionnaire | None:
        i = self.questionnaire.currentIndex()
        return self._loaded[i] if 0 <= i < len(self._loaded) else None

    def _show_areas(self) -> None:
        for box in self._area_boxes:
            self.areas_layout.removeWidget(box)
            box.deleteLater()
        self._area_boxes = []
        lq = self._current()
        if lq is None:
            self.q_description.setText(tr(C, "No valid questionnaire was found."))
            return
        q = lq.questionnaire
        self.questionnaire.setToolTip(self.questionnaire.currentText())
        self.q_description.setText(q.description)
        for area in q.areas:
            n = len(area.items)
            if area.required:
                text = tr(C, "{0} (%n item(s), required)", n=n).format(area.title)
            else:
                text = tr(C, "{0} (%n item(s))", n=n).format(area.title)
            box = QCheckBox(text, self.areas_box)
            box.setChecked(True)
            box.setProperty("area_id", area.id)
            if area.required:
                box.setEnabled(False)  # required areas stay locked on
                box.setToolTip(tr(C, "Required areas cannot be left out."))
            self._area_boxes.append(box)
        self._area_columns = 0
        self._place_areas()
        # Tab goes through the form, then the areas, the folder's button and the lists of files, as on
        # the page, then Cancel and Create under it (made before the areas)
        chain = [self.same_team, *self._area_boxes, self.open_folder_button, self.invalid_text, self.notes_text,
                 self.cancel_button, self.create_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _place_areas(self) -> None:
        """The areas in two columns, the first half down the left, the rest down the right, when
        the two widest fit side by side in the page; else in one: a check box's text does not wrap,
        and long area titles in two columns made the page wider than a 1024-pixel window."""
        if not self._area_boxes:
            return
        grid = self.areas_layout
        margins = grid.contentsMargins()
        widest = max(b.sizeHint().width() for b in self._area_boxes)
        frame = self.areas_box.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) + 1
        room = self._scroll.viewport().width() - 2 * PAGE_MARGIN - margins.left() - margins.right() - 2 * frame
        columns = 2 if 2 * widest + grid.horizontalSpacing() <= room else 1
        if columns == self._area_columns:
            return
        self._area_columns = columns
        down = (len(self._area_boxes) + columns - 1) // columns
        for k, box in enumerate(self._area_boxes):
            grid.removeWidget(box)
            grid.addWidget(box, k % down, k // down)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's types
        if event.type() == QEvent.Type.Resize:  # the page's room, which the page gets after the view
            self._place_areas()
        return False

    def area_boxes(self) -> dict[str, QCheckBox]:
        return {b.property("area_id"): b for b in self._area_boxes}

    def create(self) -> int | None:
        lq = self._current()
        label = self.label.text().strip()
        if self.institution_id is None:
            self.message.setText(tr(C, "Save the institution's profile first."))
            return None
        if lq is None:
            self.message.setText(tr(C, "Choose a questionnaire."))
            return None
        if not label:
            self.message.setText(tr(C, "Give the cycle a label, such as {0}.").format(academic_year(self.today())))
            return None
        if any(c.label == label for c in self.ws.cycles(self.institution_id)):
            self.message.setText(tr(C, "This institution already has a cycle labelled '{0}'. Choose another label.").format(label))
            self.label.setFocus()
            self.label.selectAll()
            return None
        areas = [b.property("area_id") for b in self._area_boxes if b.isChecked()]
        try:
            team = self._latest_team()[1] if self.same_team.isChecked() else []
            cycle = self.ws.create_cycle(self.institution_id, label, lq.questionnaire, areas, int(self.target.currentData()), team)
        except (ValueError, db.WorkspaceError) as exc:
            self.message.setText(str(exc))
            return None
        self.message.clear()
        self._filled_for = -1  # the next new cycle starts from the suggestions again
        self.created.emit(cycle.id)
        return cycle.id
