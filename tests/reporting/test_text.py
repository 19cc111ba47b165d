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
    for markup in [to_para(text), *paragraphs(text, 200), *paragraphs(text, 200, lines=True)]:
        p = Paragraph(markup, styles().body)
        p.wrap(300, 10_000)


def test_a_long_paragraph_is_cut_where_a_sentence_ends():
    text = " ".join(f"Ово је реченица број {n}, која говори о нечему важном." for n in range(80))
    pieces = paragraphs(text)
    assert len(pieces) > 1 and all(p.endswith("важном.") for p in pieces)  # not mid-sentence
    assert " ".join(pieces) == text


def test_typed_line_breaks_stay_breaks_and_typed_markup_stays_text():
    text = "Line one\nLine two <br/> & more \r\n  Line three\n\nA new paragraph\n"
    assert paragraphs(text, lines=True) == ["Line one<br/>Line two &lt;br/&gt; &amp; more<br/>Line three",
                                            "A new paragraph"]
    # questionnaire texts, wrapped by hand in their files, still flow as one line
    assert paragraphs(text) == ["Line one Line two &lt;br/&gt; &amp; more Line three", "A new paragraph"]


def test_a_long_text_with_line_breaks_is_still_cut_into_pieces():
    text = "\n".join(f"Line {n} of a long note." for n in range(400))
    pieces = paragraphs(text, lines=True)
    assert len(pieces) > 1 and all(len(p.replace("<br/>", "\n")) <= CHUNK for p in pieces)
    assert all(not p.startswith("<br/>") and not p.endswith("<br/>") for p in pieces)
    assert "<br/>".join(pieces).split("<br/>") == text.split("\n")  # every line, each whole


def test_a_symbol_the_font_cannot_draw_is_written_as_its_name_not_an_empty_box():
    from iah_assess.reporting.text import clean

    assert clean("Bravo 🎓 👍🏽!") == "Bravo [graduation cap] [thumbs up sign]!"  # the skin tone says nothing more
    assert clean("€ ✓ ⚑ ▲ Ѓ Ќ Љ č ë") == "€ ✓ ⚑ ▲ Ѓ Ќ Љ č ë"  # what the font draws stays as it is
    assert clean("中文") == "中文"  # letters of a script the font lacks: no name reads better
    assert clean("Partneri 🇧🇦🇲🇰") == "Partneri [flag BA][flag MK]"  # a flag by its country's code
    assert to_para("<🎓>") == "&lt;[graduation cap]&gt;"


def test_an_emoji_in_a_comment_reaches_the_pdf_as_words(workspace, mini):
    from iah_assess.domain.records import Institution
    from iah_assess.reporting.report import cycle_report_data, render_cycle_report
    from tests.reporting.conftest import DAY, text_of

    inst = workspace.save_institution(Institution(name="Univerzitet u Tuzli"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    workspace.save_response(ana.id, "a-one", 2, "Studenti su oduševljeni 🎓🌍", "")
    text = " ".join(text_of(render_cycle_report(cycle_report_data(workspace, cycle.id), generated_on=DAY)).split())
    assert "Studenti su oduševljeni [graduation cap][earth globe europe-africa]" in text
