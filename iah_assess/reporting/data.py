"""What a cycle report shows, as plain frozen data: no workspace, no reportlab.

`render_cycle_report` is a pure function of a ReportData, so the GUI, the CLI and the tests all
get the same PDF from the same data. New report parts (such as the year-on-year comparison) are
added as new optional fields with a default of None, so existing callers keep working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iah_assess.domain.comparison import Comparison
from iah_assess.domain.records import MAX_LEVEL, ActionStatus, points
from iah_assess.domain.scoring import band, level_score

# The statuses of an action not yet done nor dropped: past its due date, such an action is overdue.
UNFINISHED = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class RespondentLine:
    """One respondent on the cover: the role always, the name only when names are shown."""

    role: str
    name: str | None = None


@dataclass(frozen=True)
class Remark:
    """A comment or the evidence one respondent gave on an item."""

    kind: str  # "comment" or "evidence"
    text: str
    by: str  # "Dean", "Ljubica G. (Dean)" or "A respondent"


@dataclass(frozen=True)
class ItemLine:
    id: str
    title: str
    statement: str
    foundation: bool
    level: float | None  # agreed level when there is one, else the median of the answers
    agreed: bool
    n_answered: int
    n_dont_know: int
    n_not_applicable: int
    low: int | None  # the lowest and highest level given: the spread
    high: int | None
    target: int
    gap: float | None
    disagreement: bool
    many_dont_know: bool
    remarks: tuple[Remark, ...] = ()
    agreed_note: str = ""  # why the team settled on the agreed level, when it gave a reason


@dataclass(frozen=True)
class AreaSection:
    id: str
    title: str
    description: str
    included: bool
    score: float | None
    band: str | None
    coverage: float
    n_items: int
    n_scored: int
    n_dont_know: int
    enough_answers: bool
    items: tuple[ItemLine, ...]


@dataclass(frozen=True)
class PriorityLine:
    rank: int
    item_id: str
    item_title: str
    area_title: str
    level: float
    target: int
    gap: float
    foundation: bool
    action: str


@dataclass(frozen=True)
class StrengthLine:
    item_id: str
    item_title: str
    area_title: str
    level: float
    agreed: bool


@dataclass(frozen=True)
class ActionLine:
    """One row of the action plan; `proposed` rows come from the priorities, not from the team."""

    number: int
    item_id: str | None
    item_title: str
    foundation: bool
    text: str
    owner: str
    due_date: dt.date | None
    status: str
    success_indicator: str
    carried_from: str | None = None  # the label of the cycle it was carried from, when it was
    notes: str = ""  # the team's notes on it

    def overdue(self, day: dt.date) -> bool:
        """Whether the action was due before `day`, the report's date, and is still planned or in
        progress: as the app's action plan marks it, but on the report's date, not the clock's."""
        return self.due_date is not None and self.due_date < day and self.status in UNFINISHED


@dataclass(frozen=True)
class Warning:
    kind: str  # "disagreement", "not enough answers", "don't know", "not assessed", "overdue"
    text: str


@dataclass(frozen=True)
class GlossaryLine:
    term: str
    definition: str


@dataclass(frozen=True)
class PreviousCycle:
    """The cycle before this one, for the dashed outline on the radar and the summary's last column."""

    label: str
    index: float | None
    area_scores: tuple[tuple[str, float | None], ...]  # (area id, score), by this report's area order
    # (area id, why it has no score: "not assessed" or "not enough answers"), for areas without one;
    # a bare "—" in the summary did not say which
    area_status: tuple[tuple[str, str], ...] = ()

    def score(self, area_id: str) -> float | None:
        return dict(self.area_scores).get(area_id)

    def status(self, area_id: str) -> str:
        """Why the area has no score in that cycle; "" when it has one or the reason is not known."""
        return dict(self.area_status).get(area_id, "")


@dataclass(frozen=True)
class AreaChangeLine:
    """One area's score in the previous cycle and in this one; a None score comes with its reason."""

    area_id: str
    title: str
    previous: float | None
    current: float | None
    previous_status: str  # "scored", "not assessed" or "not enough answers"
    current_status: str
    delta: int | None  # whole points, current minus previous as shown (records.points); None when either has no score
    direction: str | None  # "up", "down" or "steady"; None with the delta


@dataclass(frozen=True)
class ItemMoveLine:
    """An item whose level changed between the previous cycle and this one."""

    item_id: str
    title: str
    area_title: str
    previous_level: float
    level: float

    @property
    def change(self) -> float:
        return self.level - self.previous_level


@dataclass(frozen=True)
class FollowUpLine:
    """An action of the previous cycle with where it stands (its carried copy's status, once carried), and whether it was carried into this one."""

    item_title: str
    text: str
    owner: str
    due_date: dt.date | None
    status: str
    carried: bool

    @property
    def left_open(self) -> bool:
        """Still planned or in progress, and not carried on: left behind in the cycle before."""
        return not self.carried and self.status in UNFINISHED


@dataclass(frozen=True)
class ComparisonPart:
    """The change since the previous cycle, for the section right after the action plan."""

    previous_label: str
    previous_index: float | None
    index: float | None
    index_delta: int | None
    index_direction: str | None
    index_note: str  # why the two indexes are not like for like (areas scored in one cycle only); "" when they are
    threshold: float  # a change of fewer points than this is steady
    questionnaire_note: str  # why items may not match, "" when both cycles use the same questionnaire
    areas: tuple[AreaChangeLine, ...]
    rises: tuple[ItemMoveLine, ...]  # the biggest rises among items, up to five
    falls: tuple[ItemMoveLine, ...]  # the biggest falls, up to five
    actions: tuple[FollowUpLine, ...]  # the previous cycle's actions
    # who answered changed between the cycles (see domain.comparison.who_answered_note); "" when not
    respondents_note: str = ""


@dataclass(frozen=True)
class BandLine:
    """A maturity band: its name and the whole points of the scores in it, from `low` to `high`."""

    name: str
    low: int
    high: int


def band_lines() -> tuple[BandLine, ...]:
    """Each maturity band with its range of points, read off the domain's band(), so that the
    ranges the report prints cannot drift from the bands it gives."""
    lines: list[BandLine] = []
    for p in range(points(level_score(0)), points(level_score(MAX_LEVEL)) + 1):
        name = band(p)
        if lines and lines[-1].name == name:
            lines[-1] = BandLine(name, lines[-1].low, p)
        else:
            lines.append(BandLine(name, p, p))
    return tuple(lines)


@dataclass(frozen=True)
class ReportData:
    """Everything a cycle report shows. Build it with `report.cycle_report_data`."""

    institution: str
    cycle_label: str
    cycle_status: str
    questionnaire_id: str
    questionnaire_title: str
    questionnaire_version: str
    questionnaire_hash: str
    language: str
    tool_name: str
    tool_version: str
    names_shown: bool
    anonymous: bool
    respondents: tuple[RespondentLine, ...]
    index: float | None
    band: str | None
    level_names: tuple[str, ...]
    min_coverage: float
    disagreement_span: int
    areas: tuple[AreaSection, ...]
    priorities: tuple[PriorityLine, ...]
    strongest: tuple[StrengthLine, ...]
    warnings: tuple[Warning, ...]
    actions: tuple[ActionLine, ...]
    actions_proposed: bool  # True when the cycle has no stored actions and the plan is proposed
    glossary: tuple[GlossaryLine, ...] = ()
    previous: PreviousCycle | None = None
    comparison: ComparisonPart | None = None  # the change since the previous cycle, when there is one
    # respondents with at least one answer (a level, "don't know" or "not applicable"); None counts them all
    answering: int | None = None
    # when the assessment was done: the day a finalised cycle was finalised, and the day of the last
    # change to an open one; None when the workspace does not say
    finalised_on: dt.date | None = None
    changed_on: dt.date | None = None
    bands: tuple[BandLine, ...] = field(default_factory=band_lines)  # for the method's scale
    # whether every item weighs the same in its area (as in iah-core): the method then ranks by gap alone
    weights_equal: bool = True
    # Later parts are added here as optional fields defaulting to None, with a builder in
    # sections.py that shows nothing when its part is None (as `comparison` and change_since do).

    @property
    def n_respondents(self) -> int:
        return len(self.respondents)

    @property
    def n_answering(self) -> int:
        """The respondents the results rest on: those who gave at least one answer."""
        return self.n_respondents if self.answering is None else self.answering

    def roles(self) -> list[tuple[str, int]]:
        """Respondent counts by role, in order of first appearance."""
        counts: dict[str, int] = {}
        for r in self.respondents:
            counts[r.role] = counts.get(r.role, 0) + 1
        return list(counts.items())


@dataclass(frozen=True)
class ComparisonReportData:
    """Everything the comparison report shows: the domain comparison of two or more cycles, and who made it.

    Build it with `comparison_report.comparison_report_data`, or from any Comparison.
    """

    institution: str
    comparison: Comparison
    tool_name: str
    tool_version: str
    language: str = "en"
