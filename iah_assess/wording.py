"""English wording shared by the reports and the command line: a count with its noun; and a
name made fit to be part of a file name.

(The screens write counts through ui.i18n.tr, whose %n a translation can give every plural form
of its language; the reports and the command line are English only.)
"""

from __future__ import annotations

import datetime as dt


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """The count and its noun, singular for one: "1 respondent", "0 items", "3 answers".

    `plural` is for a noun that does not simply add an s.
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


_REFUSED = set('<>:"|?*')  # what Windows refuses in a file name, besides the slashes


def file_name_part(text: str, limit: int = 60) -> str:
    """`text` as part of a suggested file name: its letters kept (Cyrillic, č ć đ š ž ë ç alike),
    spaces and slashes as dashes, what Windows refuses and control characters left out, no dot or
    dash at either end, at most `limit` characters. "Univerzitet u Tuzli" gives
    "Univerzitet-u-Tuzli", 2025/26 gives 2025-26."""
    out: list[str] = []
    for c in text:
        if c in "/\\" or c.isspace():
            if out and out[-1] != "-":
                out.append("-")
        elif c not in _REFUSED and c.isprintable():
            out.append(c)
    return "".join(out)[:limit].strip("-. ")


def local_day(stamp: str | None) -> dt.date | None:
    """The day, on this computer's clock, of a time the workspace stores in UTC
    ("2026-01-15T23:30:00.000000Z" is the 16th in Sarajevo); None when there is none or it
    cannot be read (a rescued workspace may have lost it)."""
    try:
        moment = dt.datetime.fromisoformat((stamp or "")[:19]).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    return moment.astimezone().date()
