"""Modal questions go through this small service, so that tests can answer them.

The dialog classes are looked up in QtWidgets when a dialog is first shown (PySide6 makes
each class on first use), not when the app starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class Dialogs:
    """The real dialogs. Tests pass a subclass with canned answers."""

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QtWidgets.QMessageBox.question(
            parent, title, text,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.warning(parent, title, text)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, "", filters)
        return path or None

    def show_text(self, parent: QWidget | None, title: str, html: str) -> None:
        """A longer, scrollable text (about, glossary); the caller escapes what it puts in."""
        box = QtWidgets.QDialog(parent)
        box.setWindowTitle(title)
        box.resize(640, 520)
        layout = QtWidgets.QVBoxLayout(box)
        browser = QtWidgets.QTextBrowser(box)
        browser.setOpenExternalLinks(False)
        browser.setHtml(html)
        layout.addWidget(browser)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, box)
        buttons.rejected.connect(box.reject)
        layout.addWidget(buttons)
        box.exec()
