"""Comparing cycles of one institution: scores, changes, item moves, targets and last cycle's actions.

For the GUI and PDF engineers — how to use it:

    comparison = compare_cycles([ComparedCycle(label, questionnaire, result, actions), ...])
    # or, from a workspace: iah_assess.compare_service.comparison_for(ws, cycle_ids)

Pass the cycles oldest first (compare_service sorts them as ws.cycles() does: by the year in
the label, then by when they were made).
With n cycles the Comparison holds:

- ``cycles`` (n): label, questionnaire id and version, respondents, ``index``/``band``, one
  ``AreaScore`` per area in ``areas`` order, and ``targets`` (this cycle's levels against this
  cycle's targets).
- ``areas`` (every area of any compared cycle): an ``AreaRow`` with ``scores`` (n) and
  ``changes`` (n-1). An ``AreaScore.score`` of None always comes with a ``status``: NOT_ASSESSED
  (left out of the cycle or not in its questionnaire) or NOT_ENOUGH_ANSWERS — show
  ``status.text``, never 0.
- ``index_changes`` (n-1) and ``steps`` (n-1): each ``Step`` goes from cycle k-1 to cycle k with
  the index and area ``Change``s, every item as an ``ItemChange`` (``link`` MATCHED, RENAMED,
  MERGED, NEW or RETIRED; ``moved`` UP/DOWN when its level changed by a whole level or more),
  the previous cycle's targets checked against this cycle's levels (each once: a target of an
  item split, merged or retired has no single level to check and is in ``no_level``), and the
  previous cycle's actions with their final status (``ActionFollowUp``).
- ``item_lines``: one row per item across all cycles (its id, title and level in each cycle),
  built by following the links, for a levels-per-cycle table.

A ``Change`` has ``delta`` (current minus previous, in whole points: the difference of the two
scores as they are shown, each rounded by ``records.points``, so that a printed change always
matches the printed scores) and ``direction``: UP or DOWN when |delta| >= STEADY_THRESHOLD (2.5
points, so 3 or more), else STEADY; both are None when either side has no score (``reason`` says
why).

Items of different questionnaire versions are matched by item id and by the newer item's
``replaces`` list (in either direction, so a later cycle on an older version still matches).
An item that replaces several older items is MERGED: it is linked to all of them but its
level is not compared, since no single earlier level stands for it. Items of cycles on
different questionnaires (different ``id``) are not matched at all: every item is NEW or
RETIRED and ``Step.same_questionnaire`` is False. Areas are matched by id.

Two cycles on the same id and version whose contents differ (the file was edited without its
version being raised: a weight, a level descriptor) are not taken for the same questionnaire:
``Step.edit`` then says which areas and items differ (and whether items moved, were reordered,
added or taken out), ``Step.questionnaire_changed`` is True and
``edited_note`` words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from typing import NamedTuple

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import Action, ActionStatus, points
from iah_assess.domain.scoring import CycleResult, band
from iah_assess.domain.summary import unscored

# A change of an area score or the index by less than this many points (0-100) is "steady":
# about a tenth of a level, below what a change of one respondent's answer usually moves.
STEADY_THRESHOLD = 2.5
# An item "moved" when its level (agreed, else the median) changed by at least a whole level.
ITEM_MOVE = 1.0



class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "steady": "▬"}[self.value]


class AreaStatus(Enum):
    """Why an area has a score or not."""

    SCORED = "scored"
    NOT_ASSESSED = "not assessed"
    NOT_ENOUGH_ANSWERS = "not enough answers"

    @property
    def text(self) -> str:
        return self.value


class ItemLink(StrEnum):
    """How an item of the later cycle of a step relates to the earlier cycle."""

    MATCHED = "matched"  # the same item id in both
    RENAMED = "renamed"  # continues one earlier item through `replaces`
    MERGED = "merged"  # continues several earlier items; its level is not compared
    NEW = "new"  # only in the later cycle's questionnaire
    RETIRED = "retired"  # only in the earlier cycle's questionnaire


class ComparedCycle(NamedTuple):
    """One cycle to compare: a plain (label, questionnaire, result) tuple works too."""

    label: str
    questionnaire: Questionnaire
    result: CycleResult
    actions: Sequence[Action] = ()
    finalised: bool = True  # False for a cycle still open: its answers may change
    roles: tuple[str, ...] = ()  # the respondents' roles, one per respondent
    questionnaire_hash: str = ""  # its content hash, when known (a workspace keeps it); else worked out

    def content_hash(self) -> str:
        return self.questionnaire_hash or self.questionnaire.content_hash()


def direction_of(change: float | None, steady_below: float) -> Direction | None:
    """UP or DOWN for a change of at least steady_below, STEADY for less, None if not compared."""
    if change is None:
        return None
    if abs(change) < steady_below:
        return Direction.STEADY
    return Direction.UP if change > 0 else Direction.DOWN


@dataclass(frozen=True)
class Change:
    previous: float | None
    current: float | None
    reason: str = ""  # why there is no delta, when there is none
    note: str = ""  # what to bear in mind when reading a delta (an index on other areas)
    # For an overall index: the titles of the areas scored in the previous cycle only, and in
    # the current one only, which the note is made from (a screen words it in its own language).
    only_previous: tuple[str, ...] = ()
    only_current: tuple[str, ...] = ()

    @property
    def delta(self) -> int | None:
        if self.previous is None or self.current is None:
            return None
        return points(self.current) - points(self.previous)

    @property
    def direction(self) -> Direction | None:
        return direction_of(self.delta, STEADY_THRESHOLD)


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    score: float | None
    status: AreaStatus
    coverage: float  # share of the area's items with a level; 0 when not assessed
    reason: str = ""  # e.g. "left out of this cycle", "not in questionnaire iah-core 1.0"


@dataclass(frozen=True)
class TargetTally:
    """Items at or above their target, below it, and without a level to tell."""

    met: tuple[str, ...]
    missed: tuple[str, ...]
    no_level: tuple[str, ...]


@dataclass(frozen=True)
class CycleSummary:
    label: str
    questionnaire_id: str
    questionnaire_version: str
    n_respondents: int
    index: float | None
    band: str | None
    areas: tuple[AreaScore, ...]  # in Comparison.areas order
    targets: TargetTally
    finalised: bool = True  # False: still open, its scores provisional
    roles: tuple[str, ...] = ()  # the respondents' roles, sorted, one per respondent
    questionnaire_hash: str = ""  # the content hash of the questionnaire it runs on

    @property
    def unscored_areas(self) -> int:
        """The areas the cycle assesses that have no score (see summary.unscored)."""
        return unscored((a.status is not AreaStatus.NOT_ASSESSED, a.score) for a in self.areas)


class RolesAnswering(NamedTuple):
    """Who answered in one cycle: its label and each role with how many answered in it."""

    label: str
    roles: tuple[tuple[str, int], ...]  # (role, count), roles in sorted order


def who_answered(previous: CycleSummary, current: CycleSummary) -> tuple[RolesAnswering, RolesAnswering] | None:
    """The roles answering in each of two cycles when they differ, None when they are the same (or
    unknown): part of a change may then come from who answered rather than from what changed.
    A screen words it in its own language; who_answered_note words it for the PDFs and the CLI."""
    if not previous.roles or not current.roles or previous.roles == current.roles:
        return None

    def listed(s: CycleSummary) -> RolesAnswering:
        return RolesAnswering(s.label, tuple((role, s.roles.count(role)) for role in dict.fromkeys(s.roles)))

    return listed(previous), listed(current)


def roles_text(roles: tuple[tuple[str, int], ...]) -> str:
    """'Dean (2), Rector': a role answered by one person is its name alone."""
    return ", ".join(f"{role} ({n})" if n > 1 else role for role, n in roles)


def who_answered_note(previous: CycleSummary, current: CycleSummary) -> str:
    """Words for a change of the people answering between two cycles (see who_answered), "" when none."""
    who = who_answered(previous, current)
    if who is None:
        return ""
    before, after = who
    return (f"The people answering changed: {before.label} {roles_text(before.roles)}; {after.label} "
            f"{roles_text(after.roles)}. Part of a change may come from who answered rather than from what changed.")


@dataclass(frozen=True)
class AreaRow:
    area_id: str
    title: str  # from the latest cycle whose questionnaire has the area
    scores: tuple[AreaScore, ...]  # one per cycle
    changes: tuple[Change, ...]  # one per step: changes[k] is cycle k -> cycle k+1


@dataclass(frozen=True)
class AreaChange:
    area_id: str
    title: str
    change: Change


@dataclass(frozen=True)
class ItemChange:
    link: ItemLink
    item_id: str | None  # in the later cycle; None when retired
    previous_ids: tuple[str, ...]  # in the earlier cycle; empty when new
    area_id: str
    title: str
    previous_level: float | None
    level: float | None

    @property
    def change(self) -> float | None:
        if self.link in (ItemLink.MERGED, ItemLink.NEW, ItemLink.RETIRED):
            return None
        if self.previous_level is None or self.level is None:
            return None
        return self.level - self.previous_level

    @property
    def moved(self) -> Direction | None:
        """UP or DOWN after a change of a whole level or more, STEADY after less, None if not compared."""
        return direction_of(self.change, ITEM_MOVE)


@dataclass(frozen=True)
class ActionFollowUp:
    """An action of the previous cycle with its final status, and its copy in this cycle if carried."""

    action: Action
    item_title: str | None
    carried_to: int | None  # the id of the copy in the later cycle
    carried_status: ActionStatus | None = None  # the copy's status: the work goes on there

    @property
    def status(self) -> ActionStatus:
        """Where the action stands now: its copy's status once carried (a finalised cycle's own
        plan no longer changes), else its own."""
        return self.carried_status if self.carried_status is not None else self.action.status

    @property
    def open(self) -> bool:
        return self.status.is_open

    @property
    def can_carry(self) -> bool:
        return self.open and self.carried_to is None


@dataclass(frozen=True)
class EditedPart:
    """An area or an item in both of two contents of one questionnaire version, which differs between them."""

    id: str
    title: str  # in the later cycle's questionnaire
    weight: tuple[float, float] | None = None  # (earlier, later) when its weight changed


@dataclass(frozen=True)
class QuestionnaireEdit:
    """What differs between two contents of one questionnaire id and version: the file was edited
    without its version being raised. Items in only one of them are the step's new and retired items."""

    questionnaire_id: str
    version: str
    areas: tuple[EditedPart, ...]  # areas whose own settings or texts differ (weight, title, description, required)
    items: tuple[EditedPart, ...]  # items whose content differs (texts, level descriptors, weight, actions, ...)
    texts: bool  # the questionnaire's own texts differ (title, description, about, glossary)
    moved: int = 0  # items in both that are in another area
    reordered: tuple[EditedPart, ...] = ()  # areas whose items (in both, in that area in both) are in another order
    areas_reordered: bool = False  # the areas in both are in another order
    added_or_removed: bool = False  # items in one only (the step's new and retired items)


def questionnaire_edit(earlier: Questionnaire, later: Questionnaire) -> QuestionnaireEdit:
    """The areas and items in both questionnaires whose content differs."""

    def weight(before: float, after: float) -> tuple[float, float] | None:
        return None if before == after else (before, after)

    old_areas = {a.id: a for a in earlier.areas}
    areas = tuple(
        EditedPart(a.id, a.title, weight(old.weight, a.weight)) for a in later.areas
        if (old := old_areas.get(a.id)) is not None and old.model_dump(exclude={"items"}) != a.model_dump(exclude={"items"})
    )
    old_items = {i.id: i for i in earlier.items}
    items = tuple(EditedPart(i.id, i.title, weight(old.weight, i.weight)) for i in later.items
                  if (old := old_items.get(i.id)) is not None and old != i)
    own = {"areas", "language"}
    # where the items are: a move or a new order changes the content without changing any part
    old_area_of = {i.id: a.id for a in earlier.areas for i in a.items}
    new_area_of = {i.id: a.id for a in later.areas for i in a.items}
    both = old_area_of.keys() & new_area_of.keys()
    moved = sum(1 for i in both if old_area_of[i] != new_area_of[i])

    def kept(a_id: str, q: Questionnaire) -> list[str]:
        return [i.id for i in q.area(a_id).items if i.id in both and old_area_of[i.id] == new_area_of[i.id] == a_id]

    reordered = tuple(EditedPart(a.id, a.title) for a in later.areas
                      if a.id in old_areas and kept(a.id, earlier) != kept(a.id, later))
    area_order = [[a.id for a in q.areas if a.id in old_areas and a.id in {b.id for b in later.areas}] for q in (earlier, later)]
    return QuestionnaireEdit(later.id, later.version, areas, items,
                             earlier.model_dump(exclude=own) != later.model_dump(exclude=own), moved, reordered,
                             area_order[0] != area_order[1], old_area_of.keys() != new_area_of.keys())


# At most so many edited items are named in a note; the others are counted.
EDITED_ITEMS_NAMED = 8


class EditedKind(StrEnum):
    """What one part of an edited questionnaire's note names."""

    AREA = "area"  # an area whose own settings or texts differ: title, weight
    ITEM = "item"  # an item whose content differs: title, weight
    MORE_ITEMS = "more items"  # the edited items past EDITED_ITEMS_NAMED: count
    TEXTS = "texts"  # the questionnaire's own texts
    MOVED = "moved"  # items moved between areas: count
    REORDERED = "reordered"  # an area whose items are in another order: title
    AREAS_REORDERED = "areas reordered"  # the areas are in another order
    ADDED_OR_REMOVED = "added or removed"  # items added or taken out (the step's new and retired items)
    OTHER = "other"  # none of the above (the language, say): the note is never empty-handed


class EditedWord(NamedTuple):
    """One part of what differs in a questionnaire edited without its version being raised: the
    PDFs and the CLI word it in English (edited_note), a screen in its own language."""

    kind: EditedKind
    title: str = ""
    weight: tuple[float, float] | None = None  # (earlier, later) when the part's weight changed
    count: int = 0


def edited_parts(e: QuestionnaireEdit) -> list[EditedWord]:
    """The parts of an edit a note names, in the order it names them."""
    parts = [EditedWord(EditedKind.AREA, a.title, a.weight) for a in e.areas]
    parts += [EditedWord(EditedKind.ITEM, i.title, i.weight) for i in e.items[:EDITED_ITEMS_NAMED]]
    if len(e.items) > EDITED_ITEMS_NAMED:
        parts.append(EditedWord(EditedKind.MORE_ITEMS, count=len(e.items) - EDITED_ITEMS_NAMED))
    if e.texts:
        parts.append(EditedWord(EditedKind.TEXTS))
    if e.moved:
        parts.append(EditedWord(EditedKind.MOVED, count=e.moved))
    parts += [EditedWord(EditedKind.REORDERED, a.title) for a in e.reordered]
    if e.areas_reordered:
        parts.append(EditedWord(EditedKind.AREAS_REORDERED))
    if e.added_or_removed:
        parts.append(EditedWord(EditedKind.ADDED_OR_REMOVED))
    return parts or [EditedWord(EditedKind.OTHER)]


def _edited_word(w: EditedWord) -> str:
    weight = f" (weight {w.weight[0]:g} → {w.weight[1]:g})" if w.weight else ""
    return {
        EditedKind.AREA: f"area {w.title}{weight}",
        EditedKind.ITEM: f"item {w.title}{weight}",
        EditedKind.MORE_ITEMS: f"{w.count} more item" + ("" if w.count == 1 else "s"),
        EditedKind.TEXTS: "the questionnaire's own texts",
        EditedKind.MOVED: f"{w.count} item{'' if w.count == 1 else 's'} moved between areas",
        EditedKind.REORDERED: f"area {w.title}: items reordered",
        EditedKind.AREAS_REORDERED: "the order of the areas",
        EditedKind.ADDED_OR_REMOVED: "items added or taken out",
        EditedKind.OTHER: "other content (such as its language)",
    }[w.kind]


def edited_headline(step: Step) -> str:
    """The first words of edited_note, "" when the questionnaire was not edited: which cycle uses
    which version as edited after which (a report's cover says this much)."""
    e = step.edit
    if e is None:
        return ""
    return (f"{step.current} uses version {e.version} of {e.questionnaire_id} as edited after {step.previous}: its "
            f"content differs though its version is the same")


def edited_note(step: Step) -> str:
    """Words for a questionnaire edited without its version being raised between the step's two
    cycles, "" when it was not: what differs, and that part of a change may come from it."""
    if step.edit is None:
        return ""
    parts = [_edited_word(w) for w in edited_parts(step.edit)]
    return (edited_headline(step) + f". What differs: {'; '.join(parts)}"
            + ". Part of a change may come from the edit rather than from what changed.")


@dataclass(frozen=True)
class Step:
    """From one compared cycle to the next."""

    previous: str  # cycle labels
    current: str
    same_questionnaire: bool  # same questionnaire id (versions may differ)
    previous_version: str
    current_version: str
    index: Change
    areas: tuple[AreaChange, ...]
    items: tuple[ItemChange, ...]
    targets: TargetTally  # the previous cycle's targets against this cycle's levels, each once
    actions: tuple[ActionFollowUp, ...]  # the previous cycle's actions
    # same id and version, other content: what differs (None when the contents are the same,
    # or when the id or the version differs)
    edit: QuestionnaireEdit | None = None

    @property
    def version_changed(self) -> bool:
        return not self.same_questionnaire or self.previous_version != self.current_version

    @property
    def questionnaire_changed(self) -> bool:
        """Another questionnaire, another version, or the same version with other content."""
        return self.version_changed or self.edit is not None

    def _items(self, *links: ItemLink) -> list[ItemChange]:
        return [i for i in self.items if i.link in links]

    @property
    def moved_up(self) -> list[ItemChange]:
        return [i for i in self.items if i.moved is Direction.UP]

    @property
    def moved_down(self) -> list[ItemChange]:
        return [i for i in self.items if i.moved is Direction.DOWN]

    @property
    def new_items(self) -> list[ItemChange]:
        return self._items(ItemLink.NEW)

    @property
    def retired_items(self) -> list[ItemChange]:
        return self._items(ItemLink.RETIRED)

    @property
    def renamed_items(self) -> list[ItemChange]:
        return self._items(ItemLink.RENAMED, ItemLink.MERGED)


@dataclass(frozen=True)
class ItemCell:
    item_id: str
    title: str
    area_id: str
    level: float | None
    target: int


@dataclass(frozen=True)
class ItemLine:
    """One item followed through the compared cycles; a cell is None where it was not asked."""

    cells: tuple[ItemCell | None, ...]

    @property
    def latest(self) -> ItemCell:
        return next(c for c in reversed(self.cells) if c is not None)


@dataclass(frozen=True)
class Comparison:
    cycles: tuple[CycleSummary, ...]
    areas: tuple[AreaRow, ...]
    index_changes: tuple[Change, ...]
    steps: tuple[Step, ...]
    item_lines: tuple[ItemLine, ...]
    threshold: float = STEADY_THRESHOLD

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.cycles]


# --- building it -----------------------------------------------------------------------------


def _area_score(area_id: str, c: ComparedCycle) -> AreaScore:
    q = c.questionnaire
    if area_id not in {a.id for a in q.areas}:
        return AreaScore(area_id, None, AreaStatus.NOT_ASSESSED, 0.0, f"not in questionnaire {q.id} {q.version}")
    a = c.result.area(area_id)
    if not a.included:
        return AreaScore(area_id, None, AreaStatus.NOT_ASSESSED, 0.0, "left out of this cycle")
    score = a.score
    if score is None:
        return AreaScore(area_id, None, AreaStatus.NOT_ENOUGH_ANSWERS, a.coverage,
                         f"only {a.n_scored} of {a.n_items} items have a level")
    return AreaScore(area_id, score, AreaStatus.SCORED, a.coverage)


def _change(previous: float | None, current: float | None, previous_why: str, current_why: str,
            previous_label: str, current_label: str) -> Change:
    if previous is None:
        return Change(previous, current, f"{previous_label}: {previous_why}")
    if current is None:
        return Change(previous, current, f"{current_label}: {current_why}")
    return Change(previous, current)


def _unlike(ic: Change, area_ids: list[str], titles: dict[str, str], before: list[AreaScore], after: list[AreaScore],
            before_label: str, after_label: str) -> Change:
    """The index change with why the two indexes are not like for like, if they are not: each is
    the mean of the areas scored in its cycle, and an area scored in one cycle only moves it
    without any area changing."""
    pairs = list(zip(area_ids, before, after, strict=True))
    only_before = tuple(titles[a] for a, p, q in pairs if p.score is not None and q.score is None)
    only_after = tuple(titles[a] for a, p, q in pairs if p.score is None and q.score is not None)
    parts = [f"{', '.join(names)} scored in {scored}, not in {not_scored}" for names, scored, not_scored in
             ((only_before, before_label, after_label), (only_after, after_label, before_label)) if names]
    note = f"not like for like: {'; '.join(parts)}" if parts else ""
    return replace(ic, note=note, only_previous=only_before, only_current=only_after)


def _levels(c: ComparedCycle) -> dict[str, tuple[float | None, int]]:
    """Each item's level and target. The level is None in an area left out or without a score:
    a level resting on the one or two answers given there is not set against another cycle's."""
    out = {}
    for a in c.result.areas:
        for i in a.items:
            out[i.item_id] = (i.level if a.included and a.score is not None else None, i.target)
    return out


def _tally(entries: Iterable[tuple[str, float | None, int]]) -> TargetTally:
    met, missed, none = [], [], []
    for item_id, level, target in entries:
        if level is None:
            none.append(item_id)
        elif level >= target:
            met.append(item_id)
        else:
            missed.append(item_id)
    return TargetTally(tuple(met), tuple(missed), tuple(none))


def _included_items(c: ComparedCycle) -> list[str]:
    return [i.item_id for a in c.result.areas if a.included for i in a.items]


def _previous_targets(
    previous_items: list[str], links: dict[str, tuple[str, ...]],
    prev_levels: dict[str, tuple[float | None, int]], cur_levels: dict[str, tuple[float | None, int]],
) -> TargetTally:
    """The previous cycle's targets against the next cycle's levels, each target counted once.
    Only an item continued by exactly one item that continues nothing else has one level to check
    its target against; one split into several, merged with others or retired has none (no_level)."""
    successors: dict[str, list[str]] = {}
    for new, olds in links.items():
        for old in olds:
            successors.setdefault(old, []).append(new)
    entries = []
    for old in previous_items:
        after = successors.get(old, [])
        sole_successor = after[0] if len(after) == 1 and len(links[after[0]]) == 1 else None
        level = None if sole_successor is None else cur_levels[sole_successor][0]
        entries.append((old, level, prev_levels[old][1]))
    return _tally(entries)


def match_items(earlier: Questionnaire, later: Questionnaire) -> dict[str, tuple[str, ...]]:
    """For each item of `later`, the ids of the items of `earlier` it continues (empty: new)."""
    if earlier.id != later.id:
        return {i.id: () for i in later.items}
    old_ids = [i.id for i in earlier.items]
    old_set = set(old_ids)
    # an older version's item may list a newer one in `replaces` when a later cycle ran on it
    backwards: dict[str, list[str]] = {}
    for i in earlier.items:
        for r in i.replaces:
            backwards.setdefault(r, []).append(i.id)
    out: dict[str, tuple[str, ...]] = {}
    for item in later.items:
        if item.id in old_set:
            out[item.id] = (item.id,)
            continue
        found = [r for r in item.replaces if r in old_set]
        found += [o for o in backwards.get(item.id, ()) if o not in found]
        out[item.id] = tuple(sorted(found, key=old_ids.index))
    return out


def _step_items(
    prev: ComparedCycle, cur: ComparedCycle, prev_levels: dict[str, tuple[float | None, int]],
    cur_levels: dict[str, tuple[float | None, int]],
) -> tuple[list[ItemChange], dict[str, tuple[str, ...]]]:
    links = match_items(prev.questionnaire, cur.questionnaire)
    changes: list[ItemChange] = []
    continued: set[str] = set()
    for area in cur.questionnaire.areas:
        for item in area.items:
            olds = links[item.id]
            continued.update(olds)
            if not olds:
                link = ItemLink.NEW
            elif olds == (item.id,):
                link = ItemLink.MATCHED
            elif len(olds) == 1:
                link = ItemLink.RENAMED
            else:
                link = ItemLink.MERGED
            previous_level = prev_levels[olds[0]][0] if len(olds) == 1 else None
            changes.append(ItemChange(link, item.id, olds, area.id, item.title, previous_level, cur_levels[item.id][0]))
    for area in prev.questionnaire.areas:
        for item in area.items:
            if item.id not in continued:
                changes.append(ItemChange(ItemLink.RETIRED, None, (item.id,), area.id, item.title,
                                          prev_levels[item.id][0], None))
    return changes, links


def follow_up(previous_actions: Iterable[Action], current_actions: Iterable[Action],
              questionnaire: Questionnaire | None = None) -> tuple[ActionFollowUp, ...]:
    """The previous cycle's actions with their status and, if carried, their copy's id."""
    copies = {a.carried_from: a for a in current_actions if a.carried_from is not None}
    titles = {i.id: i.title for i in questionnaire.items} if questionnaire is not None else {}
    out = []
    for a in previous_actions:
        copy = copies.get(a.id)
        out.append(ActionFollowUp(a, titles.get(a.item_id) if a.item_id else None,
                                  copy.id if copy else None, copy.status if copy else None))
    return tuple(out)


def compare_cycles(cycles: Sequence[ComparedCycle | tuple]) -> Comparison:
    """Compare two or more cycles of one institution, given oldest first."""
    cs = [c if isinstance(c, ComparedCycle) else ComparedCycle(*c) for c in cycles]
    if len(cs) < 2:
        raise ValueError("A comparison needs at least two cycles.")
    labels = [c.label for c in cs]
    if len(set(labels)) != len(labels):
        raise ValueError("Each cycle can be compared only once.")

    # every area of any cycle: the latest questionnaire's first, then those only older ones had
    area_ids: list[str] = []
    titles: dict[str, str] = {}
    for c in reversed(cs):
        for a in c.questionnaire.areas:
            if a.id not in titles:
                area_ids.append(a.id)
                titles[a.id] = a.title

    scores = [[_area_score(a, c) for a in area_ids] for c in cs]
    levels_of = [_levels(c) for c in cs]
    # CycleResult computes its index afresh on every call: once per cycle is enough
    indexes = [c.result.index for c in cs]
    hashes = [c.content_hash() for c in cs]
    summaries = []
    for c, row, levels, index, content_hash in zip(cs, scores, levels_of, indexes, hashes, strict=True):
        summaries.append(CycleSummary(
            c.label, c.questionnaire.id, c.questionnaire.version, c.result.n_respondents,
            index, None if index is None else band(index), tuple(row),
            _tally((i, *levels[i]) for i in _included_items(c)), c.finalised, tuple(sorted(c.roles)), content_hash,
        ))

    steps = []
    index_changes = []
    area_changes: list[list[Change]] = [[] for _ in area_ids]
    lines: list[list[ItemCell | None]] = []
    line_of: dict[str, list[int]] = {}  # item id in the previous cycle -> lines it ends
    n = len(cs)

    where = [{i.id: (i.title, a.id) for a in c.questionnaire.areas for i in a.items} for c in cs]

    def cell(k: int, item_id: str) -> ItemCell:
        lv, target = levels_of[k][item_id]
        title, area_id = where[k][item_id]
        return ItemCell(item_id, title, area_id, lv, target)

    for item in cs[0].questionnaire.items:
        lines.append([cell(0, item.id)] + [None] * (n - 1))
        line_of[item.id] = [len(lines) - 1]

    for k in range(1, n):
        prev, cur = cs[k - 1], cs[k]
        no_index = "not enough answers for an overall index"
        ic = _change(indexes[k - 1], indexes[k], no_index, no_index, prev.label, cur.label)
        if ic.delta is not None:
            ic = _unlike(ic, area_ids, titles, scores[k - 1], scores[k], prev.label, cur.label)
        index_changes.append(ic)
        step_areas = []
        for j, area_id in enumerate(area_ids):
            p, q = scores[k - 1][j], scores[k][j]
            ch = _change(p.score, q.score, p.reason or p.status.text, q.reason or q.status.text, prev.label, cur.label)
            area_changes[j].append(ch)
            step_areas.append(AreaChange(area_id, titles[area_id], ch))
        items, links = _step_items(prev, cur, levels_of[k - 1], levels_of[k])
        targets = _previous_targets(_included_items(prev), links, levels_of[k - 1], levels_of[k])
        pq, cq = prev.questionnaire, cur.questionnaire
        edited = pq.id == cq.id and pq.version == cq.version and hashes[k - 1] != hashes[k]
        steps.append(Step(
            prev.label, cur.label, pq.id == cq.id, pq.version, cq.version, ic, tuple(step_areas), tuple(items), targets,
            follow_up(prev.actions, cur.actions, pq), questionnaire_edit(pq, cq) if edited else None,
        ))
        # follow the items into this cycle: a split copies the line, a merge or new item starts one
        next_line_of: dict[str, list[int]] = {}
        used: set[int] = set()
        for item in cur.questionnaire.items:
            olds = links[item.id]
            continues = line_of.get(olds[0], []) if len(olds) == 1 else []
            made = []
            for li in continues:
                if li in used:  # a split: the second new item gets a copy of the history
                    lines.append(list(lines[li]))
                    li = len(lines) - 1
                lines[li][k] = cell(k, item.id)
                used.add(li)
                made.append(li)
            if not made:
                lines.append([None] * n)
                lines[-1][k] = cell(k, item.id)
                made.append(len(lines) - 1)
            next_line_of[item.id] = made
        line_of = next_line_of

    # items of the latest cycle in its questionnaire's order, then retired ones, latest first
    orders = [{i.id: pos for pos, i in enumerate(c.questionnaire.items)} for c in cs]

    def line_key(line: list[ItemCell | None]) -> tuple[int, int]:
        last = max(k for k, c in enumerate(line) if c is not None)
        return (-last, orders[last][line[last].item_id])  # type: ignore[union-attr]

    lines.sort(key=line_key)
    return Comparison(
        cycles=tuple(summaries),
        areas=tuple(
            AreaRow(a, titles[a], tuple(scores[k][j] for k in range(n)), tuple(area_changes[j]))
            for j, a in enumerate(area_ids)
        ),
        index_changes=tuple(index_changes),
        steps=tuple(steps),
        item_lines=tuple(ItemLine(tuple(line)) for line in lines),
    )
