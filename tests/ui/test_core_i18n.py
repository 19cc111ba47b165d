"""Every visible string in ui/ goes through tr(): a string literal passed straight to a text call fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import iah_assess.ui

UI = Path(iah_assess.ui.__file__).parent

# Calls whose string arguments reach the screen.
TEXT_CALLS = {
    "setText", "setWindowTitle", "addAction", "addMenu", "setTitle", "setToolTip", "setStatusTip",
    "setWhatsThis", "setPlaceholderText", "setAccessibleName", "setAccessibleDescription", "showMessage",
    "addRow", "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "addTab", "insertTab",
    "setTabText", "setPrefix", "setSuffix", "setSpecialValueText", "setFormat", "setLabelText", "setWindowIconText",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton", "QMenu",
    "Collapsible", "heading", "inform", "error", "confirm", "show_text", "show_message",
    "buddy_label", "filter_field", "table_view", "push_button",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_text(node: ast.expr) -> bool:
    """A string literal with letters in it (an empty string or a separator is not UI text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in re.sub(r"<[^>]*>", "", node.value))  # markup is not text
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_is_text(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _is_logging(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("log", "logger", "logging")


def untranslated(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _name(node.func) in TEXT_CALLS and not _is_logging(node.func):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if _is_text(arg):
                    found.append(f"{filename}:{node.lineno}: {_name(node.func)}({ast.unparse(arg)[:60]})")
    return found


def test_the_check_catches_literals_and_allows_tr():
    bad = 'label.setText("Saved")\nQPushButton("Next", self)\nw.setWindowTitle(f"Cycle {x}")\nform.addRow("Name:", e)\n'
    assert len(untranslated(bad, "x.py")) == 4
    good = 'label.setText(tr("C", "Saved"))\nQPushButton(tr("C", "Next"), self)\nform.addRow("", e)\nlabel.setText(name)\n'
    assert untranslated(good, "x.py") == []


def test_no_untranslated_string_literal_in_ui():
    problems = []
    for path in sorted(UI.glob("*.py")):
        problems += untranslated(path.read_text(encoding="utf-8"), path.name)
    assert problems == [], "\n".join(problems)


def test_tr_calls_name_an_explicit_context():
    """tr(context, text): the first argument is a literal context or a module constant, never missing."""
    bad = []
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "tr" and len(node.args) < 2:
                bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


def test_a_translator_is_installed_only_for_a_language_that_has_one(qapp, tmp_path):
    from PySide6.QtCore import QCoreApplication

    from iah_assess.ui.i18n import install_translator, tr

    assert install_translator(qapp, tmp_path, "en") is None  # English is the source: nothing to load
    assert install_translator(qapp, tmp_path, "sr") is None  # no iah_assess_sr.qm: English it stays
    assert tr("Overview", "Review") == "Review"
    assert QCoreApplication.translate("Overview", "Review") == "Review"
