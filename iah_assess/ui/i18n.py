"""The one translation mechanism for UI strings: every visible string goes through tr().

Only English ships now; translators will fill compiled Qt .qm files in resources/i18n, loaded
by install_translator(). Contexts are explicit so that the same English word can be
translated differently on different screens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate text within an explicit context (a screen or dialog name).

    A count is passed as `n` and written as %n, Qt's numerus form: a translation gives each form
    its language has. The English source marks the plural ending as "(s)" ("%n answer(s)"), and
    with no translation tr() writes it out: "1 answer", "3 answers". One count to a string: a
    sentence with several counts is made of several strings.
    """
    out = QCoreApplication.translate(context, text, disambiguation, n)
    if n >= 0 and "(s)" in out:
        out = out.replace("(s)", "" if n == 1 else "s")
    return out


def install_translator(app: QCoreApplication, folder: Path, language: str | None = None) -> QTranslator | None:
    """Load resources/i18n/iah_assess_<lang>.qm when it exists; English needs none."""
    lang = language or QLocale.system().name().split("_")[0]
    if lang == "en":
        return None
    translator = QTranslator(app)
    if translator.load(str(folder / f"iah_assess_{lang}.qm")):
        app.installTranslator(translator)
        return translator
    translator.deleteLater()
    return None
