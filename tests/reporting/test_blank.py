"""The blank questionnaire on paper: each item's answer boxes and notes stay with the item."""

from __future__ import annotations

import io

import yaml
from pypdf import PdfReader

from iah_assess.catalog.loader import load
from iah_assess.reporting.report import blank_questionnaire_pdf
from tests.conftest import MINI
from tests.reporting.conftest import DAY


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_item_that_fits_on_a_page_is_on_one_page(iah_core):
    pages = _pages(blank_questionnaire_pdf(iah_core, generated_on=DAY))
    ids = {i.id for i in iah_core.items}
    seen = []
    for n, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines()]
        items = [line for line in lines if line in ids]  # each item's id, under its title
        seen += items
        # as many answer lines and notes as items begun on the page: none parted from its item
        assert text.count("Your answer:") == len(items) == text.count("Notes and evidence found"), f"page {n}"
        if items:
            assert text.index("Your answer:") > text.index(items[0]), f"page {n}"
    assert sorted(seen) == sorted(ids)


def test_an_item_longer_than_a_page_keeps_its_answer_boxes_and_notes_with_its_levels(tmp_path):
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    item = data["areas"][0]["items"][0]
    # near as long as a questionnaire allows: guidance, eight evidence prompts, level descriptors
    item["evidence_prompts"] = [f"Prompt {n}: " + "a document or a figure to check before answering. " * 3
                                for n in range(8)]
    item["levels"] = [f"Level {n} of the long item, " + "described with care and in detail. " * 16 for n in range(5)]
    for length in range(1000, 4001, 300):  # the end of the item at different heights of its second page
        item["guidance"] = ("Why it matters and what good looks like, at some length. " * 70)[:length]
        path = tmp_path / f"long-{length}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        pages = _pages(blank_questionnaire_pdf(load(path).questionnaire, generated_on=DAY))
        starts = next(n for n, text in enumerate(pages) if "a-one" in text.split())
        ends = next(n for n, text in enumerate(pages) if "Level 4 of the long item" in text)
        assert ends > starts, length  # longer than a page
        assert "1. Alpha" in pages[starts], length  # it runs on from under its area's heading, not a page of its own
        answer = next(n for n, text in enumerate(pages) if "Your answer:" in text)
        notes = next(n for n, text in enumerate(pages) if "Notes and evidence found" in text)
        levels = next(n for n, text in enumerate(pages) if "Level 0 of the long item" in text)
        assert levels == ends == answer == notes, length  # its levels, answer boxes and notes: one block


def test_an_areas_heading_stays_with_its_first_item(tmp_path):
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    item = data["areas"][0]["items"][0]
    item["levels"] = [f"Level {n}, " + "described with care and in detail. " * 16 for n in range(5)]
    for length in range(1000, 4001, 500):  # a long description: the first item fits under it or not
        data["areas"][0]["description"] = ("What this area looks at, and why. " * 120)[:length]
        path = tmp_path / f"area-{length}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        pages = _pages(blank_questionnaire_pdf(load(path).questionnaire, generated_on=DAY))
        heading = next(text for text in pages if "1. Alpha" in text)
        assert "a-one" in heading.split(), length  # not a heading alone on a page
