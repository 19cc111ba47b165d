"""Modal questions go through this small service, so that tests can answer them.

The dialog classes are looked up in QtWidgets when a dialog is first shown (PySide6 makes
each class on first use), not when the app starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class Dialogs:
    """The real dialogs. Tests pass a subclass with canned answers."""

    def confirm(self, parent: QWidget | None, title: str, text: str, default_yes: bool = False,
                yes: str = "", no: str = "") -> bool:
        """A yes-or-no question. No is the default (Enter) answer, as for a deletion; default_yes
        makes it Yes, as for "Save the changes?", where no is what loses something. `yes` and `no`,
        given together, name the two buttons for what they do ("Delete cycle", "Keep it"), where Yes
        and No would have the user read the question again; Escape is always no."""
        if not yes:
            buttons = QtWidgets.QMessageBox.StandardButton
            answer = QtWidgets.QMessageBox.question(
                parent, title, text, buttons.Yes | buttons.No, buttons.Yes if default_yes else buttons.No)
            return answer == QtWidgets.QMessageBox.StandardButton.Yes
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        roles = QtWidgets.QMessageBox.ButtonRole
        accept = box.addButton(yes, roles.AcceptRole)
        reject = box.addButton(no, roles.RejectRole)
        box.setDefaultButton(accept if default_yes else reject)
        box.setEscapeButton(reject)
        box.exec()
        return box.clickedButton() is accept

    def ask_to_save(self, parent: QWidget | None, title: str, text: str) -> bool | None:
        """Before edits not yet saved would be left: True to save them (the default, Enter), False
        to drop them, None to stay where they are (Cancel, Escape or closing the question), so
        that a key pressed to get rid of the question never loses anything."""
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            parent, title, text, buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: True, buttons.Discard: False}.get(answer)

    def choose(self, parent: QWidget | None, title: str, text: str, choices: Sequence[str], warning: bool = True) -> int | None:
        """One of a few answers, each a button named for what it does; the first is the default
        (Enter), the last is what Escape or closing the question gives. Its index, or None. A
        warning (something is wrong) has the warning sign, else it is a plain question."""
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning if warning else QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        roles = QtWidgets.QMessageBox.ButtonRole
        buttons = [box.addButton(label, roles.RejectRole if i == len(choices) - 1 else roles.AcceptRole)
                   for i, label in enumerate(choices)]
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(buttons[-1])
        box.exec()
        return buttons.index(box.clickedButton()) if box.clickedButton() in buttons else None

    def pick(self, parent: QWidget | None, title: str, text: str, options: Sequence[str], ok: str) -> int | None:
        """One of a list (people, say), each option on its own line, the first chosen; `ok` names
        what accepting does. Its index, or None (Cancel, Escape). Enter or a double-click accepts."""
        from PySide6.QtCore import Qt

        box = QtWidgets.QDialog(parent)
        box.setWindowTitle(title)
        layout = QtWidgets.QVBoxLayout(box)
        label = QtWidgets.QLabel(text, box)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are shown as typed, never as markup
        label.setWordWrap(True)
        layout.addWidget(label)
        listed = QtWidgets.QListWidget(box)
        listed.setAccessibleName(text)
        listed.addItems(list(options))
        listed.setCurrentRow(0)
        listed.itemActivated.connect(lambda _item: box.accept())
        label.setBuddy(listed)
        layout.addWidget(listed, 1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel, box)
        accept = buttons.addButton(ok, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        accept.setDefault(True)
        buttons.accepted.connect(box.accept)
        buttons.rejected.connect(box.reject)
        layout.addWidget(buttons)
        # wide enough for a short question on one line and for the longest option, within the
        # screen; a longer question wraps, a longer option scrolls
        em = label.fontMetrics().horizontalAdvance("M")
        widest = max([listed.fontMetrics().horizontalAdvance(o) + 4 * em for o in options]
                     + [min(label.fontMetrics().horizontalAdvance(text) + 3 * em, 40 * em), box.sizeHint().width()])
        screen = (parent.screen() if parent is not None else QtWidgets.QApplication.primaryScreen()).availableGeometry()
        box.resize(min(widest, screen.width() * 3 // 4), box.sizeHint().height())
        listed.setFocus()
        if box.exec() != QtWidgets.QDialog.DialogCode.Accepted or listed.currentRow() < 0:
            return None
        return listed.currentRow()

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.warning(parent, title, text)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
        """The file to save to, or None. A name typed without one of the offered endings gets the
        ending of the kind of file chosen in the dialog ("JSON files (*.json)": data becomes data.json)."""
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, filters)
        if not path:
            return None
        ending = re.search(r"\*(\.\w+)", chosen or "")
        offered = {e.lower() for e in re.findall(r"\*(\.\w+)", filters)}
        if ending and PurePath(path).suffix.lower() not in offered:  # "Izvještaj 2025.26" has no ending of ours
            path += ending.group(1)
        return path

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
