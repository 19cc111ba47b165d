"""The one way user or file text reaches a Paragraph: cleaned of control characters, escaped (R14)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

# C0/C1 controls (tab and newline are handled by the caller), bidi embeddings/overrides/isolates,
# and code points reportlab or the PDF cannot carry (lone surrogates, non-characters).
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t]+")

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*(?= )")

# A single Paragraph longer than this is split, so long answers flow across pages cheaply.
CHUNK = 1500


# Beyond Latin, Greek and Cyrillic: where the font may have no glyph (emoji, say)
_FAR = re.compile("[\u2000-\U0010ffff]")
# What joins or colours an emoji, with no meaning of its own: zero-width joiner, variation
# selectors, skin tones, tag characters
# A flag: two regional indicator letters, the country's code ("[flag BA]")
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
_SILENT = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def clean(text: object) -> str:
    """Text without control, bidi-override and non-character code points; tabs become spaces. A
    symbol the report's font has no glyph for (an emoji) is written as its name, "[graduation
    cap]", not as an empty box: what it said is kept."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    s = _DROP.sub("", s)
    # Unassigned and private-use code points have no glyph in the font; show a replacement.
    s = "".join(ch if unicodedata.category(ch) not in ("Cn", "Co", "Cs") else "\ufffd" for ch in s)
    if not _FAR.search(s):
        return s
    s = _FLAG.sub(lambda m: f"[flag {''.join(chr(ord(c) - 0x1F1E6 + ord('A')) for c in m.group())}]", s)
    return _FAR.sub(_named_if_missing, s)


def _named_if_missing(match: re.Match[str]) -> str:
    ch = match.group()
    if ord(ch) in _glyphs():
        return ch
    if _SILENT.fullmatch(ch):
        return ""
    if unicodedata.category(ch).startswith("S"):  # a symbol: its name says what it meant
        return f"[{unicodedata.name(ch, f'U+{ord(ch):04X}').lower()}]"
    return ch  # a letter of a script the font lacks: no name would read better


@cache
def _glyphs() -> frozenset[int]:
    """The code points the report's font draws."""
    from reportlab.pdfbase import pdfmetrics

    from iah_assess.reporting import fonts

    return frozenset(pdfmetrics.getFont(fonts.register()).face.charToGlyph)


def plain(text: object, limit: int | None = None) -> str:
    """One line of clean text for canvas strings, chart labels and PDF metadata."""
    s = _SPACES.sub(" ", clean(text).replace("\n", " ")).strip()
    if limit is not None and len(s) > limit:
        s = s[: max(1, limit - 1)].rstrip() + "…"
    return s


def to_para(text: object, limit: int | None = None) -> str:
    """Paragraph markup that shows `text` literally: cleaned, on one line, XML-escaped."""
    return escape(plain(text, limit))


def paragraphs(text: object, chunk: int = CHUNK, lines: bool = False) -> list[str]:
    """Escaped markup for each paragraph of a long text; very long ones are cut into pieces.

    A comment of 50,000 characters becomes some thirty Paragraphs that page breaks can fall
    between, instead of one block that reportlab must split again and again. A piece ends where
    a line does when a kept line break is in its second half, else where a sentence does, so that
    the break reads as a new paragraph; else at a space; a single word longer than that is cut where
    it must be.

    A blank line starts a new paragraph. With `lines`, for what people type (comments, notes, actions),
    a single line break stays one (a <br/> of ours, put in after escaping); without, for questionnaire
    texts wrapped by hand in their files, it is a space.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", clean(text)):
        parts = (_SPACES.sub(" ", part).strip() for part in block.split("\n"))
        line = ("\n" if lines else " ").join(p for p in parts if p)
        while len(line) > chunk:
            ends = [m.end() for m in _SENTENCE_END.finditer(line, chunk // 2, chunk)]
            cut = line.rfind("\n", chunk // 2, chunk)  # a line break kept is the best place
            if cut < 0:
                cut = ends[-1] if ends else line.rfind(" ", chunk // 2, chunk)
            cut = chunk if cut < 0 else cut
            out.append(_markup(line[:cut].strip()))
            line = line[cut:].strip()
        if line:
            out.append(_markup(line))
    return out


def _markup(piece: str) -> str:
    """A piece of text as escaped markup, its line breaks as breaks."""
    return escape(piece).replace("\n", "<br/>")
