"""Counts in English for the reports and the command line."""

from __future__ import annotations

import pytest

from iah_assess.wording import counted, local_day


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "respondent") == "1 respondent"
    assert counted(0, "item") == "0 items"
    assert counted(12, "answer") == "12 answers"
    assert counted(2, '"don\'t know" answer') == '2 "don\'t know" answers'
    assert counted(3, "person", "people") == "3 people"
    assert counted(1, "person", "people") == "1 person"


@pytest.mark.parametrize(("text", "part"), [
    ("Univerzitet u Tuzli", "Univerzitet-u-Tuzli"),
    ("2025/26", "2025-26"),
    ("Universiteti i Tiranës", "Universiteti-i-Tiranës"),
    ("Правен факултет „Јустинијан Први“", "Правен-факултет-„Јустинијан-Први“"),
    ('a<b>c:d"e|f?g*h\\i', "abcdefgh-i"),
    ("  Dean.\t\n ", "Dean"),
    ("a\x00b", "ab"),
])
def test_a_name_as_part_of_a_file_name_keeps_its_letters_and_drops_what_windows_refuses(text, part):
    from iah_assess.wording import file_name_part

    assert file_name_part(text) == part
    assert len(file_name_part("Ѓ" * 200)) == 60


def test_a_stored_time_is_the_day_it_is_on_this_computers_clock(monkeypatch):
    import datetime as dt
    import time

    monkeypatch.setenv("TZ", "Europe/Sarajevo")
    time.tzset()
    try:
        assert local_day("2026-01-15T23:30:00.000000Z") == dt.date(2026, 1, 16)  # 00:30 in Sarajevo
        assert local_day("2026-01-15T12:00:00.000000Z") == dt.date(2026, 1, 15)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert local_day(None) is None and local_day("damaged") is None  # a rescued workspace may have lost it
