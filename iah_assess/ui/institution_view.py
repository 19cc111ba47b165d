"""The institution profile: name, country, city, type, size band and contact, validated."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iah_assess.domain.records import INSTITUTION_TYPES, SIZE_BANDS, Institution
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace, one_line
from iah_assess.ui.countries import WESTERN_BALKANS, countries, country_named
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import tr
from iah_assess.ui.widgets import blocked, error_label, heading, say_when_full, text_label

C = "Institution"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class InstitutionView(QWidget):
    """Edits one institution, or a new one (institution id None)."""

    saved = Signal(int)

    def __init__(self, workspace: Workspace, dialogs: Dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.dialogs = dialogs
        self.institution_id: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        self.title = heading("", self)
        layout.addWidget(self.title)
        box = QGroupBox(tr(C, "Profile"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(box)
        self.name.setMaxLength(200)
        say_when_full(self.name)
        self.name.setPlaceholderText(tr(C, "The full official name"))
        self.country = QComboBox(box)
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country.addItem("")
        self.country.addItems(WESTERN_BALKANS)
        self.country.insertSeparator(self.country.count())
        self.country.addItems(countries()[len(WESTERN_BALKANS):])
        self.city = QLineEdit(box)
        self.city.setMaxLength(100)
        say_when_full(self.city)
        self.type = QComboBox(box)
        self.type.addItem(tr(C, "(choose)"), "")
        for t in INSTITUTION_TYPES:
            self.type.addItem(tr("InstitutionType", t), t)
        self.size = QComboBox(box)
        self.size.addItem(tr(C, "(choose)"), "")
        for s in SIZE_BANDS:
            self.size.addItem(tr("SizeBand", s), s)
        self.contact = QLineEdit(box)
        self.contact.setMaxLength(300)
        say_when_full(self.contact)
        self.contact.setPlaceholderText(tr(C, "A name and an e-mail address or phone number"))
        # the fields a profile cannot be saved without (see _problems): marked *, said once above
        # them, and told to a screen reader, which reads the accessible name and not the label
        self.required: tuple[QWidget, ...] = (self.name, self.type)
        self.required_note = text_label(box)
        self.required_note.setText(tr(C, "Fields marked * must be filled in."))
        form.addRow(self.required_note)
        form.addRow(tr(C, "&Name: *"), self.name)
        form.addRow(tr(C, "Co&untry:"), self.country)
        form.addRow(tr(C, "&City:"), self.city)
        form.addRow(tr(C, "&Type: *"), self.type)
        form.addRow(tr(C, "&Size:"), self.size)
        form.addRow(tr(C, "C&ontact:"), self.contact)
        for label, widget in ((tr(C, "Name"), self.name), (tr(C, "Country"), self.country), (tr(C, "City"), self.city),
                              (tr(C, "Type"), self.type), (tr(C, "Size"), self.size), (tr(C, "Contact"), self.contact)):
            widget.setAccessibleName(label)
        for widget in self.required:
            widget.setAccessibleDescription(tr(C, "Required"))
        layout.addWidget(box)
        self.message = error_label(self)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setDefault(True)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        for line in (self.name, self.city, self.contact):  # Enter in any of them saves, as Save does
            line.returnPressed.connect(self.save)
        self._shown = self._values()  # what the form showed when last filled or saved: see has_changes

    # --- model -> widgets --------------------------------------------------------------------

    def set_institution(self, institution_id: int | None) -> None:
        self.institution_id = institution_id
        self.refresh()

    def refresh(self) -> None:
        inst = self.ws.institution(self.institution_id) if self.institution_id is not None else Institution(name="x")
        new = self.institution_id is None
        self.title.setText(tr(C, "New institution") if new else tr(C, "Institution profile"))
        with blocked(self.name, self.country, self.city, self.type, self.size, self.contact):
            self.name.setText("" if new else inst.name)
            self.country.setCurrentText(inst.country)
            self.city.setText(inst.city)
            self.type.setCurrentIndex(max(0, self.type.findData(inst.type)))
            self.size.setCurrentIndex(max(0, self.size.findData(inst.size_band)))
            self.contact.setText(inst.contact)
        self.message.clear()
        self._shown = self._values()
        writable = not self.ws.read_only
        for w in (self.name, self.country, self.city, self.type, self.size, self.contact, self.save_button):
            w.setEnabled(writable)

    def _values(self) -> tuple:
        return (one_line(self.name.text()), self.country.currentText().strip(), one_line(self.city.text()),
                self.type.currentData(), self.size.currentData(), one_line(self.contact.text()))

    def has_changes(self) -> bool:
        """Whether the form differs from the profile as stored (or, for a new one, from the empty form)."""
        return not self.ws.read_only and self._values() != self._shown

    def settle(self) -> bool:
        """Before the page is left (for another page, another institution, or closing) with changes
        not saved: saved or dropped, as the user says. False when the user would rather stay, or
        they could not be saved: the page stays, with the edits, and says why."""
        if not self.has_changes():
            return True
        answer = self.dialogs.ask_to_save(self, tr(C, "Unsaved changes"),
                                          tr(C, "The institution's profile has changes that are not saved. Save them?"))
        if answer is None:
            return False
        if not answer:
            self.refresh()
            return True
        return self.save()

    # --- widgets -> store ----------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What is wrong with the form, in plain words; empty when it can be saved."""
        return [message for _, message in self._problems()]

    def _problems(self) -> list[tuple[QWidget, str]]:
        """Each problem with the field it is about, in the form's order."""
        out: list[tuple[QWidget, str]] = []
        name = self.name.text().strip()
        if not name:
            out.append((self.name, tr(C, "Give the institution's name.")))
        elif len(name) < 3:
            out.append((self.name, tr(C, "The name is too short; write the full name.")))
        country = self.country.currentText().strip()
        if country and self._country() is None:
            out.append((self.country, tr(C, "'{0}' is not a country in the list; choose one from the list.").format(country)))
        if not self.type.currentData():
            out.append((self.type, tr(C, "Choose the type of institution.")))
        contact = self.contact.text().strip()
        if contact and "@" in contact and not _EMAIL.search(contact):
            out.append((self.contact, tr(C, "The e-mail address in the contact looks incomplete (like name@example.org).")))
        return out

    def _country(self) -> str | None:
        """The country typed or chosen, as the list names it (a local name, such as Srbija or
        Shqipëri, stands for its English name); None when it is none of them."""
        return country_named(self.country.currentText(), [self.country.itemText(k) for k in range(self.country.count())])

    def save(self) -> bool:
        problems = self._problems()
        if problems:
            self.message.setText("\n".join(message for _, message in problems))
            if self.isVisible():
                problems[0][0].setFocus()  # the first field to mend, to type in at once
            return False
        country = self._country() or ""  # as the list names it
        inst = Institution(
            id=self.institution_id,
            name=self.name.text().strip(),
            country=country,
            city=self.city.text().strip(),
            type=self.type.currentData(),
            size_band=self.size.currentData(),
            contact=self.contact.text().strip(),
        )
        try:
            stored = self.ws.save_institution(inst)
        except db.WorkspaceError as exc:
            self.message.setText(str(exc))
            return False
        self.institution_id = stored.id
        self.refresh()  # the form shows what was stored (a pasted line break is a space there)
        self.saved.emit(stored.id)
        return True
