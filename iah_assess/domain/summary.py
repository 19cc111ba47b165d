"""A cycle's scores in brief, as lists of cycles show them, and kept in the workspace.

Apart from scoring, so that reading a kept summary (as the app does when it starts) imports
none of the scoring code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from iah_assess.domain.questionnaire import Questionnaire
    from iah_assess.domain.scoring import CycleResult

# Bump when a rule in `scoring` changes: summaries kept under an older number are worked out
# again when next read.
# 2: a summary also counts the answers, the items asked and the disagreements left
# 3: area scores and the index are worked out exactly, so that one that is a half is shown rounded up
SCORING_VERSION = 3


def unscored(areas: Iterable[tuple[bool, float | None]]) -> int:
    """The areas a cycle assesses that have no score, from each area's (included, score): an
    overall index beside them is partial, the mean of the others. The one rule for a cycle's
    result, its kept summary, a compared cycle and an export."""
    return sum(1 for included, score in areas if included and score is None)


class Scored(Protocol):
    """A cycle's figures with an overall index: CycleResult, ScoreSummary, a compared cycle."""

    @property
    def index(self) -> float | None: ...

    @property
    def unscored_areas(self) -> int: ...


def index_partial(cycle: Scored) -> bool:
    """Whether an overall index rests on some of the areas assessed only: the others have no score."""
    return cycle.index is not None and cycle.unscored_areas > 0


class AreaSummary(NamedTuple):  # NamedTuples, not dataclasses: made in a tenth of the time at start
    area_id: str
    title: str
    included: bool
    score: float | None


class ScoreSummary(NamedTuple):
    """A cycle's scores in brief, as lists of cycles show them: kept in the workspace.

    It holds what a list needs without the questionnaire (the area titles come with it), so
    that showing every cycle's scores costs neither loading nor scoring each questionnaire.
    """

    n_respondents: int
    index: float | None
    band: str | None
    areas: tuple[AreaSummary, ...]
    n_answers: int = 0  # answers given on the included items: a level, don't know or not applicable
    n_items: int = 0  # the included items, each asked of every respondent
    n_unsettled: int = 0  # items flagged for disagreement with no agreed level yet

    @classmethod
    def of(cls, result: CycleResult, questionnaire: Questionnaire) -> ScoreSummary:
        items = [i for a in result.areas if a.included for i in a.items]
        return cls(result.n_respondents, result.index, result.band, tuple(
            AreaSummary(a.area_id, questionnaire.area(a.area_id).title, a.included, a.score) for a in result.areas),
            n_answers=sum(i.n_answered + i.n_dont_know + i.n_not_applicable for i in items),
            n_items=len(items),
            n_unsettled=sum(1 for i in items if i.disagreement and not i.agreed))

    @property
    def unscored_areas(self) -> int:
        """The areas the cycle assesses that have no score (see unscored)."""
        return unscored((a.included, a.score) for a in self.areas)

    def every_answer_given(self, people: int) -> bool:
        """Whether each of the cycle's `people` respondents has answered every item."""
        return people > 0 and self.n_answers >= people * self.n_items

    def to_json(self) -> str:
        return json.dumps({
            "n_respondents": self.n_respondents, "index": self.index, "band": self.band,
            "areas": [[a.area_id, a.title, a.included, a.score] for a in self.areas],
            "n_answers": self.n_answers, "n_items": self.n_items, "n_unsettled": self.n_unsettled,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ScoreSummary:
        """A stored summary; ValueError (or KeyError, TypeError) when the text is not one."""
        data = json.loads(text)
        return cls(int(data["n_respondents"]), data["index"], data["band"], tuple(
            AreaSummary(str(a), str(t), bool(i), None if s is None else float(s)) for a, t, i, s in data["areas"]),
            int(data["n_answers"]), int(data["n_items"]), int(data["n_unsettled"]))
