"""Records are checked as they are made, and again when changed with replace; they are read-only
values."""

from __future__ import annotations

import datetime as dt
import copy
import inspect
import pickle

import pytest

from iah_assess.domain import records
from iah_assess.domain.records import Action, ActionStatus, Cycle, Decision, Institution, Record, Respondent, Response


def test_an_institution_needs_a_name_within_the_limits():
    assert Institution(name="Univerzitet u Bihaću").country == ""
    with pytest.raises(ValueError, match="needs a name"):
        Institution(name="")
    with pytest.raises(ValueError, match="Institution.name is 201 characters long; the limit is 200"):
        Institution(name="š" * 201)
    with pytest.raises(ValueError, match="Institution.city"):
        Institution(name="Ok").replace(city="x" * 101)
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
        action.replace(text="a" * 20001)
    assert action.replace(due_date=dt.date(2026, 5, 1)).due_date == dt.date(2026, 5, 1)


def test_records_are_read_only():
    inst = Institution(name="Ok")
    with pytest.raises(AttributeError, match="read-only: make a changed copy with replace"):
        inst.name = "Changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        inst.other = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del inst.name
    with pytest.raises(TypeError, match="unexpected keyword argument 'nmae'"):
        inst.replace(nmae="typo")
    assert inst.name == "Ok"



def test_every_record_lists_its_fields_alike_in_slots_annotations_and_init():
    made = {Institution, Cycle, Respondent, Response, Decision, Action}
    assert set(Record.__subclasses__()) == made
    for kind in made:
        names = tuple(kind.__slots__)
        assert tuple(kind.__annotations__) == names, kind
        assert tuple(inspect.signature(kind.__init__).parameters)[1:] == names, kind


def test_records_are_values_equal_by_class_and_fields():
    a = Response(1, "x", 2, "note")
    assert a == Response(1, "x", 2, "note") and hash(a) == hash(Response(1, "x", 2, "note"))
    assert a != Response(1, "x", 3, "note")
    assert Decision("x") != Response(1, "x")  # same first field, other class
    assert a != (1, "x", 2, "note", "", "")
    assert len({a, Response(1, "x", 2, "note")}) == 1
    assert a.as_dict() == {"respondent_id": 1, "item_id": "x", "answer": 2, "comment": "note", "evidence": "",
                           "updated_at": ""}
    assert repr(Respondent(1, 2, "Ana Đurić", "Dean")) == "Respondent(id=1, cycle_id=2, name='Ana Đurić', role='Dean')"
    action = Action(cycle_id=3, text="Plan", status=ActionStatus.DONE, due_date=dt.date(2027, 1, 31))
    for same in (copy.copy(action), copy.deepcopy(action), pickle.loads(pickle.dumps(action))):
        assert same == action and same.status is ActionStatus.DONE
    assert records.Cycle(1, 1, "2026/27", "q", "1", "h", ("a",)).finalised is False
