"""Records are checked as they are made, and again when changed with dataclasses.replace."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError, replace

import pytest

from iah_assess.domain.records import Action, ActionStatus, Institution


def test_an_institution_needs_a_name_within_the_limits():
    assert Institution(name="Univerzitet u Bihaću").country == ""
    with pytest.raises(ValueError, match="needs a name"):
        Institution(name="")
    with pytest.raises(ValueError, match="Institution.name is 201 characters long; the limit is 200"):
        Institution(name="š" * 201)
    with pytest.raises(ValueError, match="Institution.city"):
        replace(Institution(name="Ok"), city="x" * 101)
    with pytest.raises(TypeError, match="Institution.contact must be text"):
        Institution(name="Ok", contact=None)  # type: ignore[arg-type]


def test_an_action_takes_a_status_text_and_refuses_a_bad_date_or_overlong_text():
    action = Action(cycle_id=1, status="in progress")  # type: ignore[arg-type]
    assert action.status is ActionStatus.IN_PROGRESS
    with pytest.raises(ValueError):
        Action(cycle_id=1, status="someday")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="due_date must be a date"):
        Action(cycle_id=1, due_date="2026-05-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="the limit is 20000"):
        replace(action, text="a" * 20001)
    assert replace(action, due_date=dt.date(2026, 5, 1)).due_date == dt.date(2026, 5, 1)


def test_records_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Institution(name="Ok").name = "Changed"  # type: ignore[misc]
