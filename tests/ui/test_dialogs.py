"""The real dialogs (other tests answer through a scripted double): they show and answer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTextBrowser

from iah_assess.ui.dialogs import Dialogs


def _when_shown(act) -> None:  # noqa: ANN001
    def check() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, check)
        else:
            act(box)

    QTimer.singleShot(0, check)


def test_confirm_returns_the_users_answer(qtbot):
    dialogs = Dialogs()
    _when_shown(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert dialogs.confirm(None, "Remove Đorđe?", "Their 12 answers go too.") is True
    _when_shown(lambda box: box.button(QMessageBox.StandardButton.No).click())
    assert dialogs.confirm(None, "Remove Đorđe?", "Their 12 answers go too.") is False


def test_a_confirmation_with_named_buttons_keeps_on_enter_and_escape_and_acts_on_its_button(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialogs = Dialogs()
    asked = (None, "Delete cycle 2026/27", "Cycle 2026/27 will be deleted with everything in it: 3 answers (Ђорђе).")
    seen = []

    def press(key=None, button=""):  # noqa: ANN001, ANN202
        def act(box) -> None:  # noqa: ANN001
            seen.append(sorted(b.text() for b in box.buttons()))
            if key is not None:
                QTest.keyClick(box, key)
            else:
                next(b for b in box.buttons() if b.text() == button).click()
        return act

    _when_shown(press(Qt.Key.Key_Return))  # Enter keeps it, as Escape does: a deletion is never the default
    assert dialogs.confirm(*asked, yes="Delete cycle", no="Keep it") is False
    _when_shown(press(Qt.Key.Key_Escape))
    assert dialogs.confirm(*asked, yes="Delete cycle", no="Keep it") is False
    _when_shown(press(button="Delete cycle"))
    assert dialogs.confirm(*asked, yes="Delete cycle", no="Keep it") is True
    assert seen == [["Delete cycle", "Keep it"]] * 3


def test_asking_to_save_saves_on_enter_drops_on_discard_and_stays_on_escape(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialogs = Dialogs()
    asked = (None, "Unsaved changes", "The changes to Đorđe are not saved. Save them?")
    _when_shown(lambda box: QTest.keyClick(box, Qt.Key.Key_Return))
    assert dialogs.ask_to_save(*asked) is True
    _when_shown(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    assert dialogs.ask_to_save(*asked) is False
    _when_shown(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))  # a key pressed to be rid of it loses nothing
    assert dialogs.ask_to_save(*asked) is None


def test_choose_names_each_answer_takes_enter_for_the_first_and_escape_for_the_last(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialogs = Dialogs()
    asked = (None, "The workspace is damaged", "Restore the backup of 28.11.2026 (Ѓорѓе)?", ["Restore the backup", "Quit"])
    seen = []

    def read_and_press(key):  # noqa: ANN001, ANN202
        def act(box) -> None:  # noqa: ANN001
            seen.append(sorted(b.text() for b in box.buttons()))
            QTest.keyClick(box, key)
        return act

    _when_shown(read_and_press(Qt.Key.Key_Return))
    assert dialogs.choose(*asked) == 0
    _when_shown(read_and_press(Qt.Key.Key_Escape))
    assert dialogs.choose(*asked) == 1
    _when_shown(lambda box: [b for b in box.buttons() if b.text() == "Quit"][0].click())
    assert dialogs.choose(*asked) == 1
    assert seen == [["Quit", "Restore the backup"]] * 2


def test_show_text_shows_the_html_it_is_given(qtbot):
    seen = []

    def read_and_close(box) -> None:  # noqa: ANN001
        seen.append((box.windowTitle(), box.findChild(QTextBrowser).toPlainText()))
        box.reject()

    _when_shown(read_and_close)
    Dialogs().show_text(None, "Glossary", "<h2>Virtual exchange</h2><p>Љубљана – Ѓорѓе č ć đ š ž ë ç</p>")
    assert seen == [("Glossary", "Virtual exchange\nЉубљана – Ѓорѓе č ć đ š ž ë ç")]


def test_a_name_typed_without_an_ending_gets_the_ending_of_the_kind_chosen(qtbot, monkeypatch):
    from PySide6 import QtWidgets

    answers = [("/data/mydata", "JSON files (*.json)"), ("/data/mydata", "CSV files (*.csv)"),
               ("/data/plan.v2.pdf", "PDF files (*.pdf)"), ("/data/Izvještaj 2025.26", "JSON files (*.json)"),
               ("/data/report.CSV", "JSON files (*.json)"), ("", "")]
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", staticmethod(lambda *args: answers.pop(0)))
    kinds = "CSV files (*.csv);;JSON files (*.json)"
    assert Dialogs().save_file(None, "Export", "data.csv", kinds) == "/data/mydata.json"
    assert Dialogs().save_file(None, "Export", "data.csv", kinds) == "/data/mydata.csv"
    assert Dialogs().save_file(None, "Export", "plan.pdf", "PDF files (*.pdf)") == "/data/plan.v2.pdf"
    assert Dialogs().save_file(None, "Export", "data.csv", kinds) == "/data/Izvještaj 2025.26.json"  # a dot, no ending
    assert Dialogs().save_file(None, "Export", "data.csv", kinds) == "/data/report.CSV"  # an ending offered, typed
    assert Dialogs().save_file(None, "Export", "plan.pdf", "PDF files (*.pdf)") is None  # cancelled
