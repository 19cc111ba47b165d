"""English wording shared by the reports and the command line: a count with its noun.

(The screens write counts through ui.i18n.tr, whose %n a translation can give every plural form
of its language; the reports and the command line are English only.)
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """The count and its noun, singular for one: "1 respondent", "0 items", "3 answers".

    `plural` is for a noun that does not simply add an s.
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
