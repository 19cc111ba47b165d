"""What a workspace records: institutions, cycles, respondents, responses, decisions and actions.

Plain frozen dataclasses, checked as they are made: the app reads them on every start, and
they must not cost the start the import of a validation library. Change one with
`dataclasses.replace`, which checks again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# The five levels of the maturity scale, 0-4; a questionnaire describes each per item.
LEVEL_NAMES: tuple[str, ...] = ("Not started", "Initial", "Developing", "Established", "Embedded")
MAX_LEVEL = 4

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"

# A respondent's answer to an item: a level 0-4, "don't know" or "not applicable".
Answer = int | Literal["dont_know", "not_applicable"]

ANSWER_LABELS = {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}


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
    "Student representative",
    "External partner",
)


@dataclass(frozen=True, slots=True)
class Institution:
    name: str
    id: int | None = None
    country: str = ""
    city: str = ""
    type: str = ""
    size_band: str = ""
    contact: str = ""

    def __post_init__(self) -> None:
        _check_lengths(self, {"name": 200, "country": 100, "city": 100, "type": 100, "size_band": 100, "contact": 300})
        if not self.name:
            raise ValueError("An institution needs a name.")


class CycleStatus(StrEnum):
    OPEN = "open"
    FINALISED = "finalised"


@dataclass(frozen=True, slots=True)
class Cycle:
    id: int
    institution_id: int
    label: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    included_areas: tuple[str, ...]
    default_target: int = 3
    status: CycleStatus = CycleStatus.OPEN
    created_at: str = ""
    finalised_at: str | None = None
    updated_at: str = ""

    @property
    def finalised(self) -> bool:
        return self.status is CycleStatus.FINALISED


@dataclass(frozen=True, slots=True)
class Respondent:
    id: int
    cycle_id: int
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answer to one item. A plain dataclass: cycles load tens of thousands."""

    respondent_id: int
    item_id: str
    answer: Answer | None = None
    comment: str = ""
    evidence: str = ""
    updated_at: str = ""

    @property
    def level(self) -> int | None:
        return self.answer if isinstance(self.answer, int) else None


@dataclass(frozen=True, slots=True)
class Decision:
    """What a cycle settled on for one item: an agreed level and a target."""

    item_id: str
    agreed_level: int | None = None
    agreed_note: str = ""
    target: int | None = None


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Action:
    cycle_id: int
    id: int | None = None
    item_id: str | None = None
    position: int = 0
    text: str = ""
    owner: str = ""
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    success_indicator: str = ""
    notes: str = ""
    carried_from: int | None = None

    def __post_init__(self) -> None:
        _check_lengths(self, {"text": 20000})
        if self.due_date is not None and not isinstance(self.due_date, dt.date):
            raise TypeError(f"Action.due_date must be a date, not {type(self.due_date).__name__}.")
        object.__setattr__(self, "status", ActionStatus(self.status))


def academic_year(today: dt.date) -> str:
    """The academic year a date falls in, as "2026/27" (a year starts in September)."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
