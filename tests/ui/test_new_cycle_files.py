"""The New cycle page and the user's questionnaire files: the folder they go in, made when the
page shows and opened from it; what is wrong with files that cannot be used or read; notes on
those that can."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QScrollArea

from iah_assess.catalog import Catalog, shipped_dir
from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import NEW_CYCLE
from tests.conftest import MINI

MINI_2 = MINI.parent / "mini-2.yaml"  # version 2.0: a-second replaces a-two


@pytest.fixture
def institution(ws):
    return ws.save_institution(Institution(name="Универзитет „Св. Кирил и Методиј“ — Tetovë", country="North Macedonia"))


@pytest.fixture
def window(shown_window, institution):
    return shown_window


def test_the_folder_for_ones_own_questionnaires_is_made_when_the_page_shows_and_opens_from_it(
        window, data_dir, dialogs, opened_folders):
    """The page said "put their files in <data>/questionnaires", a folder that was not there
    until the user made it; now the page makes it, and a button opens it."""
    folder = data_dir / "questionnaires"
    w = window(Catalog(folder, shipped=shipped_dir()))
    assert not folder.exists()  # not at the start: only when the page shows
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    assert folder.is_dir()
    assert view.folder_hint.text().startswith(f"Other questionnaires: put their files in {folder}.")
    assert view.open_folder_button.isVisible() and view.open_folder_button.text() == "&Open the folder"
    view.open_folder_button.click()
    assert opened_folders == [folder] and dialogs.errors == []
    folder.rmdir()  # gone since: made again, then opened
    view.open_folder_button.click()
    assert folder.is_dir() and opened_folders == [folder, folder]


def test_a_folder_that_cannot_be_opened_is_said(window, data_dir, dialogs, monkeypatch):
    monkeypatch.setattr("iah_assess.ui.new_cycle_view.open_in_file_manager", lambda folder: False)
    folder = data_dir / "questionnaires"
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    w.new_cycle_view.open_folder_button.click()
    assert dialogs.errors == [("Open the folder", f"The folder {folder} could not be opened here. Open it from your file manager.")]


@pytest.mark.parametrize("why", ["read-only disk", "a file of that name"])
def test_a_folder_that_cannot_be_made_is_said_and_the_page_still_works(window, data_dir, monkeypatch, why):
    folder = data_dir / "questionnaires"
    if why == "a file of that name":
        folder.write_text("", encoding="utf-8")
        reason = "a file has that name"
    else:
        made = Path.mkdir

        def read_only(path: Path, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            if path == folder:
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            made(path, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", read_only)
        reason = "Read-only file system"
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    assert view.folder_hint.text() == f"Other questionnaires go in the folder {folder}, which cannot be made here ({reason})."
    assert view.open_folder_button.isHidden()
    assert view.questionnaire.count() == 1 and view.create() is not None  # the built-in one, as ever


def _versions(folder: Path, replaces: str = "a-tw") -> Path:
    """Version 1.0 of mini in the user folder's earlier/, and version 2.0 with `replaces`."""
    (folder / "earlier").mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI, folder / "earlier" / "mini-1.0.yaml")
    mine = folder / "mini-2.yaml"
    mine.write_text(MINI_2.read_text(encoding="utf-8").replace("replaces: [a-two]", f"replaces: [{replaces}]"), encoding="utf-8")
    return mine


def test_a_replaces_with_a_typo_is_a_note_and_the_questionnaire_is_offered(window, data_dir):
    folder = data_dir / "questionnaires"
    mine = _versions(folder)
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    assert view.invalid_box.isHidden() and not view.notes_box.isHidden()
    assert view.notes_box.title() == "Notes on questionnaires that can be used"
    text = view.notes_text.toPlainText()
    assert text.startswith(f"{mine}\n  • line ") and "item 'a-second': 'replaces' names 'a-tw'" in text
    assert "did you mean 'a-two'?" in text
    assert view.questionnaire.findData("mini") >= 0  # can be used
    assert view.folder_hint.text().endswith("Notes on some of them are shown below.")
    # the right id: no note
    _versions(folder, "a-two")
    w.show_page(0)
    w.show_page(NEW_CYCLE)
    assert view.notes_box.isHidden() and not view.folder_hint.text().endswith("shown below.")


def test_a_replaces_is_checked_against_the_versions_the_workspaces_cycles_ran_on(window, ws, data_dir, institution, mini):
    folder = data_dir / "questionnaires"
    mine = _versions(folder)
    (folder / "earlier" / "mini-1.0.yaml").unlink()  # no file of version 1.0 any more ...
    ws.create_cycle(institution.id, "2024/25", mini)  # ... but a cycle ran on it
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    assert "did you mean 'a-two'?" in w.new_cycle_view.notes_text.toPlainText()
    assert str(mine) in w.new_cycle_view.notes_text.toPlainText()


def test_files_that_cannot_be_used_or_read_are_listed_under_a_heading_that_fits_both(window, data_dir):
    """A broken file in the user's earlier/ (read for rescues only, never offered) was listed under
    "Questionnaire files that cannot be used"."""
    folder = data_dir / "questionnaires"
    _versions(folder)
    (folder / "earlier" / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    (folder / "tabbed.yaml").write_text("schema_version: 1\nid:\tx\n", encoding="utf-8")
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    assert view.invalid_box.title() == "Questionnaire files that cannot be used or read"
    assert str(folder / "earlier" / "broken.yaml") in view.invalid_text.toPlainText()
    assert view.folder_hint.text().endswith("What is wrong with the others, and notes on some that can be used, are shown below.")


def _fits(view, qtbot) -> None:  # noqa: ANN001
    scroll = view.findChild(QScrollArea)
    qtbot.waitUntil(lambda: scroll.widget().width() >= scroll.viewport().width())  # laid out
    assert scroll.widget().width() == scroll.viewport().width()  # not wider than the window
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    for text in (view.invalid_text, view.notes_text):  # each box tall enough for its wrapped lines
        if text.isVisible():
            assert text.verticalScrollBar().maximum() == 0
    button = view.open_folder_button
    scroll.ensureWidgetVisible(button)
    qtbot.waitUntil(lambda: button.visibleRegion().boundingRect().size() == button.size())


def test_the_page_fits_1024_by_600_at_150_percent_text_with_long_titles(qtbot, window, data_dir, large_text):
    """At 150% text the page was wider than a 1024-pixel window, even with the built-in
    questionnaire: two columns of long area titles, and the questionnaire list as wide as its
    longest title; the right edge, and the end of the titles, were cut off."""
    folder = data_dir / "questionnaires"
    mine = _versions(folder)
    long = mine.read_text(encoding="utf-8").replace(
        "title: A small test questionnaire, revised", "title: Самопроценка на интернационализацијата дома (УКИМ) — Vetëvlerësimi")
    long = long.replace("title: Гама (Gamma)", "title: Регионална соработка (Западен Балкан) — Bashkëpunimi rajonal")
    mine.write_text(long, encoding="utf-8")
    (folder / "tabbed.yaml").write_text("schema_version: 1\nid:\tx\n", encoding="utf-8")
    w = window(Catalog(folder, shipped=shipped_dir()), 1024, 600)
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    for qid in ("iah-core", "mini"):
        view.questionnaire.setCurrentIndex(view.questionnaire.findData(qid))
        _fits(view, qtbot)
    assert view.questionnaire.toolTip().startswith("Самопроценка на интернационализацијата дома (УКИМ) — Vetëvlerësimi")


def test_tab_goes_from_the_areas_to_the_folder_and_the_lists_before_cancel_and_create(window, data_dir):
    folder = data_dir / "questionnaires"
    _versions(folder)
    (folder / "tabbed.yaml").write_text("schema_version: 1\nid:\tx\n", encoding="utf-8")
    w = window(Catalog(folder, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    order, widget = [], list(view.area_boxes().values())[-1]
    for _ in range(40):
        widget = widget.nextInFocusChain()
        order.append(widget)
    assert (order.index(view.open_folder_button) < order.index(view.invalid_text) < order.index(view.notes_text)
            < order.index(view.cancel_button) < order.index(view.create_button))


def test_the_areas_are_in_two_columns_where_they_fit(qtbot, window):
    w = window(Catalog(None, shipped=shipped_dir()))
    w.show_page(NEW_CYCLE)
    view = w.new_cycle_view
    boxes = list(view.area_boxes().values())
    assert len(boxes) == 6
    qtbot.waitUntil(lambda: boxes[3].x() > boxes[0].x())  # the second half down the right
    assert [b.y() for b in boxes[:3]] == [b.y() for b in boxes[3:]]
