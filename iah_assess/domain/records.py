"""What a workspace records: institutions, cycles, respondents, responses, decisions and actions.

Small read-only classes, checked as they are made. Change one with its `replace`, which makes a
changed copy and checks again. They are written out on a small base (Record) rather than made
by dataclasses: the app makes these classes on every start, and six frozen dataclasses plus the
dataclasses module cost about 14 ms of it, a twentieth, where these cost well under one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Any, Literal, TypeVar

# The five levels of the maturity scale, 0-4; a questionnaire describes each per item.
LEVEL_NAMES: tuple[str, ...] = ("Not started", "Initial", "Developing", "Established", "Embedded")
MAX_LEVEL = 4


def points(score: float) -> int:
    """A score (0-100) in whole points, as every screen, report and command shows it. Halves round
    up (62.5 is 63), as the maturity band does (62.5 is nearest to Established); Python's round()
    and format(x, ".0f") would round them to even (62). A change between two scores is the
    difference of their points, so that a printed change always matches the printed scores."""
    return math.floor(score + 0.5)

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"

# A respondent's answer to an item: a level 0-4, "don't know" or "not applicable".
Answer = int | Literal["dont_know", "not_applicable"]

ANSWER_LABELS = {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}


R = TypeVar("R", bound="Record")
_set = object.__setattr__  # how a record's __init__ sets its fields: the record's own refuses


class Record:
    """Read-only fields in __slots__ (listed in the order __init__ takes them); equal to a record of
    the same class with equal fields, and hashable."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: make a changed copy with replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def replace(self: R, **changes: Any) -> R:
        """A copy with some fields changed, checked as a new record is (an unknown field is a TypeError)."""
        return type(self)(**{**self.as_dict(), **changes})

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.values() == other.values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:  # copy and pickle through __init__
        return type(self), self.values()


def _check_lengths(record: object, limits: dict[str, int]) -> None:
    """Refuse a text field longer than its limit, naming the field and the limit."""
    for name, limit in limits.items():
        value = getattr(record, name)
        if not isinstance(value, str):
            raise TypeError(f"{type(record).__name__}.{name} must be text, not {type(value).__name__}.")
        if len(value) > limit:
            raise ValueError(f"{type(record).__name__}.{name} is {len(value)} characters long; the limit is {limit}.")


INSTITUTION_TYPES = (
    "Public university",
    "Private university",
    "College",
    "Academy",
)
SIZE_BANDS = (
    "Under 2,000 students",
    "2,000-10,000 students",
    "10,000-30,000 students",
    "Over 30,000 students",
)
ROLES = (
    "Rector",
    "Vice-rector",
    "Head of international office",
    "Dean",
    "Quality assurance",
    "Academic staff",
    "Administrative staff",  # finance, human resources, student services: who knows the budget and the support
    "Student representative",
    "External partner",
    "Other",
)


class Institution(Record):
    __slots__ = ("name", "id", "country", "city", "type", "size_band", "contact")
    name: str
    id: int | None
    country: str
    city: str
    type: str
    size_band: str
    contact: str

    def __init__(self, name: str, id: int | None = None, country: str = "", city: str = "", type: str = "",  # noqa: A002
                 size_band: str = "", contact: str = "") -> None:
        _set(self, "name", name)
        _set(self, "id", id)
        _set(self, "country", country)
        _set(self, "city", city)
        _set(self, "type", type)
        _set(self, "size_band", size_band)
        _set(self, "contact", contact)
        _check_lengths(self, {"name": 200, "country": 100, "city": 100, "type": 100, "size_band": 100, "contact": 300})
        if not self.name:
            raise ValueError("An institution needs a name.")


class CycleStatus(StrEnum):
    OPEN = "open"
    FINALISED = "finalised"


class Cycle(Record):
    __slots__ = ("id", "institution_id", "label", "questionnaire_id", "questionnaire_version", "questionnaire_hash",
                 "included_areas", "default_target", "status", "created_at", "finalised_at", "updated_at")
    id: int
    institution_id: int
    label: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    included_areas: tuple[str, ...]
    default_target: int
    status: CycleStatus
    created_at: str
    finalised_at: str | None
    updated_at: str

    def __init__(self, id: int, institution_id: int, label: str, questionnaire_id: str,  # noqa: A002
                 questionnaire_version: str, questionnaire_hash: str, included_areas: tuple[str, ...],
                 default_target: int = 3, status: CycleStatus = CycleStatus.OPEN, created_at: str = "",
                 finalised_at: str | None = None, updated_at: str = "") -> None:
        _set(self, "id", id)
        _set(self, "institution_id", institution_id)
        _set(self, "label", label)
        _set(self, "questionnaire_id", questionnaire_id)
        _set(self, "questionnaire_version", questionnaire_version)
        _set(self, "questionnaire_hash", questionnaire_hash)
        _set(self, "included_areas", included_areas)
        _set(self, "default_target", default_target)
        _set(self, "status", status)
        _set(self, "created_at", created_at)
        _set(self, "finalised_at", finalised_at)
        _set(self, "updated_at", updated_at)

    @property
    def finalised(self) -> bool:
        return self.status is CycleStatus.FINALISED

    @property
    def year(self) -> int:
        """The year the cycle is about: the first year in its label ("2025/26", "Pilot 2025"), else
        the year it was made in. Cycles are ordered by it, then by when they were made, so that a
        label that sorts otherwise ("Pilot 2025" after "2026/27") still comes in its place."""
        for word in _YEAR.findall(self.label):
            return int(word)
        return int(self.created_at[:4]) if self.created_at[:4].isdigit() else 0

    def chronological_key(self) -> tuple[int, str, int]:
        return (self.year, self.created_at, self.id)


_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")


class Respondent(Record):
    __slots__ = ("id", "cycle_id", "name", "role")
    id: int
    cycle_id: int
    name: str
    role: str

    def __init__(self, id: int, cycle_id: int, name: str, role: str) -> None:  # noqa: A002
        _set(self, "id", id)
        _set(self, "cycle_id", cycle_id)
        _set(self, "name", name)
        _set(self, "role", role)


class Response(Record):
    """One respondent's answer to one item. Not checked as it is made: cycles load tens of thousands,
    and the workspace's table constrains them already."""

    __slots__ = ("respondent_id", "item_id", "answer", "comment", "evidence", "updated_at")
    respondent_id: int
    item_id: str
    answer: Answer | None
    comment: str
    evidence: str
    updated_at: str

    def __init__(self, respondent_id: int, item_id: str, answer: Answer | None = None, comment: str = "",
                 evidence: str = "", updated_at: str = "") -> None:
        _set(self, "respondent_id", respondent_id)
        _set(self, "item_id", item_id)
        _set(self, "answer", answer)
        _set(self, "comment", comment)
        _set(self, "evidence", evidence)
        _set(self, "updated_at", updated_at)

    @property
    def level(self) -> int | None:
        return self.answer if isinstance(self.answer, int) else None


class Decision(Record):
    """What a cycle settled on for one item: an agreed level and a target."""

    __slots__ = ("item_id", "agreed_level", "agreed_note", "target")
    item_id: str
    agreed_level: int | None
    agreed_note: str
    target: int | None

    def __init__(self, item_id: str, agreed_level: int | None = None, agreed_note: str = "",
                 target: int | None = None) -> None:
        _set(self, "item_id", item_id)
        _set(self, "agreed_level", agreed_level)
        _set(self, "agreed_note", agreed_note)
        _set(self, "target", target)


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        """Still to be done: planned or in progress (what can be overdue, or carried on)."""
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class Action(Record):
    __slots__ = ("cycle_id", "id", "item_id", "position", "text", "owner", "due_date", "status", "success_indicator",
                 "notes", "carried_from")
    cycle_id: int
    id: int | None
    item_id: str | None
    position: int
    text: str
    owner: str
    due_date: dt.date | None
    status: ActionStatus
    success_indicator: str
    notes: str
    carried_from: int | None

    def __init__(self, cycle_id: int, id: int | None = None, item_id: str | None = None, position: int = 0,  # noqa: A002
                 text: str = "", owner: str = "", due_date: dt.date | None = None,
                 status: ActionStatus = ActionStatus.PLANNED, success_indicator: str = "", notes: str = "",
                 carried_from: int | None = None) -> None:
        if due_date is not None and not isinstance(due_date, dt.date):
            raise TypeError(f"Action.due_date must be a date, not {type(due_date).__name__}.")
        _set(self, "cycle_id", cycle_id)
        _set(self, "id", id)
        _set(self, "item_id", item_id)
        _set(self, "position", position)
        _set(self, "text", text)
        _set(self, "owner", owner)
        _set(self, "due_date", due_date)
        _set(self, "status", ActionStatus(status))
        _set(self, "success_indicator", success_indicator)
        _set(self, "notes", notes)
        _set(self, "carried_from", carried_from)
        _check_lengths(self, {"text": 20000})


def academic_year(today: dt.date) -> str:
    """The academic year a date falls in, as "2026/27" (a year starts in September)."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
