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


def _in_every_ui_module(check) -> list[str]:  # noqa: ANN001 - a check(source, file name) -> problems
    return [p for path in sorted(UI.glob("*.py")) for p in check(path.read_text(encoding="utf-8"), path.name)]


def test_no_untranslated_string_literal_in_ui():
    problems = _in_every_ui_module(untranslated)
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


def test_a_count_takes_the_singular_or_the_plural(qapp):
    from iah_assess.ui.i18n import tr

    assert tr("Review", "%n answer(s) still missing.", n=1) == "1 answer still missing."
    assert tr("Review", "%n answer(s) still missing.", n=0) == "0 answers still missing."
    assert tr("Review", "%n answer(s) still missing.", n=12) == "12 answers still missing."
    assert tr("Overview", "Cycle {0} is open with %n respondent(s).", n=1).format("2025/26") == "Cycle 2025/26 is open with 1 respondent."


# A count written as {k} before a plural noun reads "1 items" when there is one: counts are %n.
_COUNTED = re.compile(r"\{\d*(:[^}]*)?\} (respondents|items|answers|actions|cycles|areas|people|problems)\b")


def _counts_done_right(source: str, filename: str) -> list[str]:
    bad = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _name(node.func) == "tr" and len(node.args) >= 2:
            text = node.args[1]
            if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                continue
            has_n = len(node.args) >= 4 or any(k.arg == "n" for k in node.keywords)
            if _COUNTED.search(text.value) or ("(s)" in text.value) != ("%n" in text.value) or ("%n" in text.value) != has_n \
                    or text.value.count("%n") > 1:
                bad.append(f"{filename}:{node.lineno}: {text.value[:70]}")
    return bad


def test_the_count_check_catches_a_count_that_is_not_n():
    assert len(_counts_done_right('tr(C, "{0} items shown").format(n)\ntr(C, "%n item(s)")\ntr(C, "{0} answer(s)", n=2)\n', "x.py")) == 3
    assert _counts_done_right('tr(C, "%n item(s) shown", n=k)\ntr(C, "{0} of {1}").format(a, b)\n', "x.py") == []


def test_every_count_in_ui_text_is_a_numerus_n():
    problems = _in_every_ui_module(_counts_done_right)
    assert problems == [], "\n".join(problems)


def test_a_role_is_translated_in_one_context_everywhere():
    """A respondent's role reads the same on every screen: each tr(context, ….role) uses "Role"."""
    contexts = {(path.name, m.group(1)) for path in UI.glob("*.py")
                for m in re.finditer(r'tr\("(\w+)", [\w.]*\brole\b', path.read_text(encoding="utf-8"))}
    assert contexts and {c for _, c in contexts} == {"Role"}, sorted(contexts)
