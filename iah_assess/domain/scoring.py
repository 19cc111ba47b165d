"""Scoring: item, area and overall scores, disagreement, gaps and priorities, as pure functions."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from iah_assess.domain.records import DONT_KNOW, LEVEL_NAMES, MAX_LEVEL, NOT_APPLICABLE, Decision, Response, points
from iah_assess.domain.summary import unscored

if TYPE_CHECKING:  # scoring reads a questionnaire, but needs no import of its model to do so
    from iah_assess.domain.questionnaire import Item, Questionnaire

MIN_COVERAGE = 0.5
DISAGREEMENT_SPAN = 2
DEFAULT_TARGET = 3


def level_score(level: float) -> float:
    """A level 0-4 as a score 0-100."""
    return level / MAX_LEVEL * 100


def band(index: float) -> str:
    """The maturity band of a score: the name of the level nearest its whole points, so that a
    band never disagrees with the score printed beside it (62.5 is 63, Established)."""
    return LEVEL_NAMES[min(MAX_LEVEL, max(0, math.floor(points(index) / 25 + 0.5)))]


@lru_cache(maxsize=1024)  # a questionnaire has a handful of weights, and item scores are multiples of 12.5
def _exact(number: float) -> Fraction:
    """A weight or item score as the decimal it is written as (a weight of 0.1 is a tenth, not the
    binary number nearest it)."""
    return Fraction(repr(number))


def weighted_mean(pairs: Iterable[tuple[float, Fraction | float]]) -> Fraction:
    """The weighted mean of (weight, value) pairs, worked out exactly. In floats a mean that is a
    half comes out a hair below or above it (255/6 as 42.49999999999999), and the score shown,
    the band and the change would round the wrong way; the exact mean converts to the exact half."""
    total = numerator = Fraction(0)
    for weight, value in pairs:
        w = _exact(weight)
        total += w
        numerator += w * (value if isinstance(value, Fraction) else _exact(value))
    return numerator / total


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    area_id: str
    weight: float
    foundation: bool
    levels: tuple[int, ...]
    n_dont_know: int
    n_not_applicable: int
    agreed_level: int | None
    target: int

    @property
    def n_answered(self) -> int:
        return len(self.levels)

    @property
    def median(self) -> float | None:
        return statistics.median(self.levels) if self.levels else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.levels) if self.levels else None

    @property
    def min(self) -> int | None:
        return min(self.levels) if self.levels else None

    @property
    def max(self) -> int | None:
        return max(self.levels) if self.levels else None

    @property
    def stdev(self) -> float | None:
        return statistics.pstdev(self.levels) if self.levels else None

    @property
    def level(self) -> float | None:
        """The item's level: the agreed one when set, else the median of the answers."""
        return float(self.agreed_level) if self.agreed_level is not None else self.median

    @property
    def agreed(self) -> bool:
        return self.agreed_level is not None

    @property
    def scored(self) -> bool:
        return self.level is not None

    @property
    def score(self) -> float | None:
        return None if self.level is None else level_score(self.level)

    @property
    def gap(self) -> float | None:
        return None if self.level is None else self.target - self.level

    @property
    def disagreement(self) -> bool:
        return len(self.levels) >= 2 and max(self.levels) - min(self.levels) >= DISAGREEMENT_SPAN


@dataclass(frozen=True)
class AreaResult:
    area_id: str
    weight: float
    included: bool
    items: tuple[ItemResult, ...]

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def n_scored(self) -> int:
        return sum(1 for i in self.items if i.scored)

    @property
    def coverage(self) -> float:
        return self.n_scored / self.n_items if self.items else 0.0

    @property
    def enough_answers(self) -> bool:
        return self.included and self.coverage >= MIN_COVERAGE

    @cached_property  # the result is frozen, and exact sums cost: worked out once
    def exact_score(self) -> Fraction | None:
        """Weighted mean of answered item scores, exactly; None when not assessed or too few answers.
        The overall index is worked out from these, not from the rounded floats."""
        if not self.enough_answers:
            return None
        return weighted_mean((i.weight, i.score) for i in self.items if i.scored)  # type: ignore[misc]

    @property
    def score(self) -> float | None:
        """The exact score as the nearest float: a score that is a half is exactly that half."""
        exact = self.exact_score
        return None if exact is None else float(exact)

    @property
    def n_dont_know(self) -> int:
        return sum(i.n_dont_know for i in self.items)


@dataclass(frozen=True)
class Priority:
    rank: int
    item_id: str
    area_id: str
    level: float
    target: int
    gap: float
    foundation: bool
    action: str


@dataclass(frozen=True)
class CycleResult:
    areas: tuple[AreaResult, ...]
    n_respondents: int
    priorities: tuple[Priority, ...] = field(default=())

    @property
    def index(self) -> float | None:
        """Weighted mean of the scored areas, worked out exactly (see weighted_mean)."""
        exact = [(a.weight, a.exact_score) for a in self.areas]
        scored = [(weight, score) for weight, score in exact if score is not None]
        if not scored:
            return None
        return float(weighted_mean(scored))

    @property
    def band(self) -> str | None:
        return None if self.index is None else band(self.index)

    @property
    def unscored_areas(self) -> int:
        """The areas the cycle assesses that have no score: an index beside them is partial, the
        mean of the others (see summary.unscored)."""
        return unscored((a.included, a.score) for a in self.areas)

    def area(self, area_id: str) -> AreaResult:
        for a in self.areas:
            if a.area_id == area_id:
                return a
        raise KeyError(area_id)

    def item(self, item_id: str) -> ItemResult:
        for a in self.areas:
            for i in a.items:
                if i.item_id == item_id:
                    return i
        raise KeyError(item_id)

    @property
    def items(self) -> list[ItemResult]:
        return [i for a in self.areas for i in a.items]

    def strongest(self, n: int = 3) -> list[ItemResult]:
        """The n items with the highest level, in questionnaire order among equals. Only items above
        level 0 count: an item not started is no strength, however few items there are."""
        started = [i for a in self.areas if a.included for i in a.items if i.scored and i.level > 0]  # type: ignore[operator]
        return sorted(started, key=lambda i: -i.level)[:n]  # type: ignore[operator]


def score_item(
    item: Item,
    area_id: str,
    responses: Iterable[Response],
    decision: Decision | None,
    default_target: int,
) -> ItemResult:
    levels: list[int] = []
    dont_know = not_applicable = 0
    for r in responses:
        if r.answer == DONT_KNOW:
            dont_know += 1
        elif r.answer == NOT_APPLICABLE:
            not_applicable += 1
        elif isinstance(r.answer, int):
            levels.append(r.answer)
    target = default_target
    agreed = None
    if decision is not None:
        agreed = decision.agreed_level
        if decision.target is not None:
            target = decision.target
    return ItemResult(
        item_id=item.id,
        area_id=area_id,
        weight=item.weight,
        foundation=item.foundation,
        levels=tuple(sorted(levels)),
        n_dont_know=dont_know,
        n_not_applicable=not_applicable,
        agreed_level=agreed,
        target=target,
    )


def score_cycle(
    questionnaire: Questionnaire,
    responses: Iterable[Response],
    included_areas: Iterable[str] | None = None,
    decisions: Mapping[str, Decision] | None = None,
    default_target: int = DEFAULT_TARGET,
) -> CycleResult:
    """Score every item and area of a cycle and rank the priorities."""
    by_item: dict[str, list[Response]] = {}
    respondents: set[int] = set()
    for r in responses:
        by_item.setdefault(r.item_id, []).append(r)
        respondents.add(r.respondent_id)
    included = set(included_areas) if included_areas is not None else {a.id for a in questionnaire.areas}
    decisions = decisions or {}
    areas = []
    for area in questionnaire.areas:
        items = tuple(
            score_item(item, area.id, by_item.get(item.id, ()), decisions.get(item.id), default_target)
            for item in area.items
        )
        areas.append(AreaResult(area.id, area.weight, area.id in included, items))
    partial = CycleResult(tuple(areas), len(respondents))
    return CycleResult(partial.areas, partial.n_respondents, priorities(questionnaire, partial))


def priorities(questionnaire: Questionnaire, result: CycleResult) -> tuple[Priority, ...]:
    """Items below target: foundation items below level 2 first (those the questionnaire's action
    for levels 0-1 is given for, 1.5 too), then by weight x gap."""
    order = {item.id: n for n, item in enumerate(questionnaire.items)}
    candidates = [
        i for a in result.areas if a.included for i in a.items if i.scored and i.gap is not None and i.gap > 0
    ]

    def key(i: ItemResult) -> tuple[int, float, int]:
        urgent = 0 if i.foundation and i.level is not None and i.level < 2 else 1
        return (urgent, -(i.weight * i.gap), order[i.item_id])  # type: ignore[operator]

    ranked = sorted(candidates, key=key)
    return tuple(
        Priority(
            rank=n + 1,
            item_id=i.item_id,
            area_id=i.area_id,
            level=i.level,  # type: ignore[arg-type]
            target=i.target,
            gap=i.gap,  # type: ignore[arg-type]
            foundation=i.foundation,
            action=questionnaire.item(i.item_id).actions.for_level(i.level),  # type: ignore[arg-type]
        )
        for n, i in enumerate(ranked)
    )
