"""Counts in English for the reports and the command line."""

from __future__ import annotations

from iah_assess.wording import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "respondent") == "1 respondent"
    assert counted(0, "item") == "0 items"
    assert counted(12, "answer") == "12 answers"
    assert counted(2, '"don\'t know" answer') == '2 "don\'t know" answers'
    assert counted(3, "person", "people") == "3 people"
    assert counted(1, "person", "people") == "1 person"
