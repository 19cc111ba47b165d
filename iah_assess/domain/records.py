"""What a workspace records: institutions, cycles, respondents, responses, decisions and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"

# A respondent's answer to an item: a level 0-4, "don't know" or "not applicable".
Answer = int | Literal["dont_know", "not_applicable"]

ANSWER_LABELS = {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Institution(Record):
    id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(default="", max_length=100)
    city: str = Field(default="", max_length=100)
    type: str = Field(default="", max_length=100)
    size_band: str = Field(default="", max_length=100)
    contact: str = Field(default="", max_length=300)


class CycleStatus(StrEnum):
    OPEN = "open"
    FINALISED = "finalised"


class Cycle(Record):
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


class Respondent(Record):
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


class Decision(Record):
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


class Action(Record):
    id: int | None = None
    cycle_id: int
    item_id: str | None = None
    position: int = 0
    text: str = Field(default="", max_length=20000)
    owner: str = ""
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    success_indicator: str = ""
    notes: str = ""
    carried_from: int | None = None


def academic_year(today: dt.date) -> str:
    """The academic year a date falls in, as "2026/27" (a year starts in September)."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
