"""The institution form marks the fields it cannot be saved without, and only those: with a * on their
label, explained once on the form, and "Required" for a screen reader."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel

from iah_assess.ui.institution_view import InstitutionView


@pytest.fixture
def view(qtbot, ws, dialogs):
    v = InstitutionView(ws, dialogs)
    qtbot.addWidget(v)
    v.set_institution(None)  # a new institution: the blank form
    return v


def _labels(view: InstitutionView) -> dict:
    """Each field of the form with its label's text."""
    form = view.name.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    out = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None:
            out[field.widget()] = label.widget().text()
    return out


def test_the_fields_a_blank_profile_is_refused_for_are_the_ones_marked_required(view):
    labels = _labels(view)
    assert len(labels) == 6
    refused = {field for field, _ in view._problems()}  # what Save says is missing in a blank form
    assert refused == {view.name, view.type}
    marked = {field for field, text in labels.items() if text.rstrip(":").endswith("*")}
    assert marked == refused
    described = {field for field in labels if field.accessibleDescription() == "Required"}
    assert described == refused
    for field in set(labels) - refused:  # the others say nothing of the kind
        assert "*" not in labels[field] and field.accessibleDescription() == ""
    assert {field.accessibleName() for field in refused} == {"Name", "Type"}  # the * is not read out as the name
    form = view.name.parentWidget().layout()
    for field, text in labels.items():  # with the mark, Alt+N still reaches the name and Alt+T the type
        assert text.count("&") == 1 and form.labelForField(field).buddy() is field, text


def test_the_form_says_once_what_the_mark_means(view, ws):
    notes = [label for label in view.findChildren(QLabel) if "*" in label.text() and label.buddy() is None]
    assert [note.text() for note in notes] == ["Fields marked * must be filled in."]
    # and, once the marked fields are filled in, the profile is saved with the others left blank
    view.name.setText("Универзитет „Св. Кирил и Методиј“ во Скопје")
    view.type.setCurrentIndex(view.type.findData("Public university"))
    assert view.save()
    [inst] = ws.institutions()
    assert (inst.country, inst.city, inst.size_band, inst.contact) == ("", "", "", "")

