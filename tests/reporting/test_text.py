"""The escaping helper (R14) and the atomic writer."""

from __future__ import annotations


from hypothesis import given
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from iah_assess.reporting.styles import styles
from iah_assess.reporting.text import CHUNK, paragraphs, plain, to_para


def test_markup_becomes_literal_text():
    assert to_para('<b>x</b> & <img src="/etc/hostname"/>') == '&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src="/etc/hostname"/&gt;'


def test_control_and_bidi_characters_are_dropped():
    assert plain("a\x00b\x07c\u202ed\u2066e\x1bf\tg\r\nh") == "abcdef g h"


def test_plain_shortens_with_an_ellipsis():
    assert plain("abcdefghij", 5) == "abcd…"


def test_long_text_is_cut_into_pieces_at_spaces():
    text = " ".join(["word"] * 5000) + "\n\nsecond paragraph"
    pieces = paragraphs(text)
    assert all(len(p) <= CHUNK for p in pieces)
    assert pieces[-1] == "second paragraph" and len(pieces) > 10
    assert " ".join(pieces[:-1]).split() == ["word"] * 5000
    assert all(len(p) <= CHUNK for p in paragraphs("y" * 20000))


@given(st.text())
def test_any_text_makes_a_paragraph_that_lays_out(text):
    for markup in [to_para(text), *paragraphs(text, 200)]:
        p = Paragraph(markup, styles().body)
        p.wrap(300, 10_000)


def test_a_long_paragraph_is_cut_where_a_sentence_ends():
    text = " ".join(f"Ово је реченица број {n}, која говори о нечему важном." for n in range(80))
    pieces = paragraphs(text)
    assert len(pieces) > 1 and all(p.endswith("важном.") for p in pieces)  # not mid-sentence
    assert " ".join(pieces) == text
