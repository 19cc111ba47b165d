"""Comparing cycles: hand-computed deltas, version changes, left-out areas and last cycle's actions."""

from __future__ import annotations

import pytest

from iah_assess.catalog.loader import load
from iah_assess.domain.comparison import (
    STEADY_THRESHOLD,
    AreaStatus,
    Change,
    ComparedCycle,
    Direction,
    ItemLink,
    compare_cycles,
    EditedKind,
    edited_note,
    edited_parts,
    follow_up,
    match_items,
)
from iah_assess.domain.records import Action, ActionStatus, Decision, Response, points
from iah_assess.domain.scoring import score_cycle
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def mini2():
    return load(FIXTURES / "questionnaires" / "mini-2.yaml").questionnaire


def answers(levels: dict[str, list[int | str]]) -> list[Response]:
    return [
        Response(respondent_id=p, item_id=item, answer=a)
        for item, given in levels.items()
        for p, a in enumerate(given)
    ]


def cycle(label, q, levels, included=None, decisions=None, actions=()):
    return ComparedCycle(label, q, score_cycle(q, answers(levels), included, decisions), tuple(actions))


@pytest.fixture
def three(mini):
    # 2023: alpha = (1*25 + 2*50)/3 = 41.667, beta = (0 + 25)/2 = 12.5, index = 27.083
    c1 = cycle("2023", mini, {"a-one": [1], "a-two": [2], "b-one": [0], "b-two": [1]},
               decisions={"a-one": Decision(item_id="a-one", target=1)})
    # 2024: beta left out; alpha = (2*25 + 2*2*25)/3 = 50, index = 50
    c2 = cycle("2024", mini, {"a-one": [2], "a-two": [2]}, included=["alpha"])
    # 2025: alpha = (4*25 + 2*1*25)/3 = 50, beta = (25 + 25)/2 = 25, index = 37.5
    c3 = cycle("2025", mini, {"a-one": [4], "a-two": [1], "b-one": [1], "b-two": [1]})
    return compare_cycles([c1, c2, c3])


def test_hand_computed_scores_and_deltas_over_three_cycles(three):
    c = three
    assert c.labels == ["2023", "2024", "2025"]
    assert [s.index for s in c.cycles] == pytest.approx([325 / 12, 50, 37.5])
    alpha, beta = c.areas
    assert (alpha.area_id, beta.area_id) == ("alpha", "beta")
    assert [s.score for s in alpha.scores] == pytest.approx([125 / 3, 50, 50])
    # changes are between the scores as shown, in whole points: 42 -> 50 -> 50
    assert [ch.delta for ch in alpha.changes] == [8, 0]
    assert [ch.direction for ch in alpha.changes] == [Direction.UP, Direction.STEADY]
    assert [ch.delta for ch in c.index_changes] == [50 - 27, 38 - 50]  # 27.08 -> 50 -> 37.5 shown as 27, 50, 38
    assert [ch.direction for ch in c.index_changes] == [Direction.UP, Direction.DOWN]
    # the steps carry the same figures
    assert c.steps[0].index == c.index_changes[0]
    assert c.steps[1].areas[0].change == alpha.changes[1]


def test_an_area_left_out_is_not_assessed_never_zero(three):
    beta = three.areas[1]
    assert [s.status for s in beta.scores] == [AreaStatus.SCORED, AreaStatus.NOT_ASSESSED, AreaStatus.SCORED]
    assert beta.scores[1].score is None and beta.scores[1].status.text == "not assessed"
    assert beta.scores[1].reason == "left out of this cycle"
    assert [ch.delta for ch in beta.changes] == [None, None]
    assert [ch.direction for ch in beta.changes] == [None, None]
    assert beta.changes[0].reason == "2024: left out of this cycle"
    assert beta.changes[1].reason == "2024: left out of this cycle"
    # its items have no level in that cycle, so they are not counted as moved
    b_one = next(i for i in three.steps[0].items if i.item_id == "b-one")
    assert (b_one.previous_level, b_one.level, b_one.moved) == (0, None, None)


def test_items_that_moved_a_level_or_more(three):
    first, second = three.steps
    assert [i.item_id for i in first.moved_up] == ["a-one"]
    assert first.moved_down == []
    assert [(i.item_id, i.change) for i in second.moved_up] == [("a-one", 2)]
    assert [(i.item_id, i.change) for i in second.moved_down] == [("a-two", -1)]
    assert all(i.link is ItemLink.MATCHED for s in three.steps for i in s.items)


def test_half_a_level_is_not_a_move(mini):
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1, 2], "a-two": [2], "b-one": [1], "b-two": [1]}),  # a-one median 1.5
        cycle("b", mini, {"a-one": [2], "a-two": [2], "b-one": [1], "b-two": [1]}),
    ])
    a_one = next(i for i in c.steps[0].items if i.item_id == "a-one")
    assert a_one.change == 0.5 and a_one.moved is Direction.STEADY
    assert c.steps[0].moved_up == []


def test_targets_met_and_missed(three):
    first, second, third = three.cycles
    assert first.targets.met == ("a-one",)  # its target was lowered to 1
    assert first.targets.missed == ("a-two", "b-one", "b-two")
    assert second.targets.met == () and second.targets.missed == ("a-one", "a-two")
    assert second.targets.no_level == ()  # beta was left out: its items are not counted
    assert third.targets.met == ("a-one",)
    # 2023's targets against 2024's levels: a-one (target 1) reached; beta not assessed in 2024
    assert three.steps[0].targets.met == ("a-one",)
    assert three.steps[0].targets.missed == ("a-two",)
    assert three.steps[0].targets.no_level == ("b-one", "b-two")


def test_steady_threshold_is_documented_and_applied():
    assert STEADY_THRESHOLD == 2.5
    assert Change(50, 52.49).direction is Direction.STEADY
    assert Change(50, 47.51).direction is Direction.STEADY
    assert Change(50, 52.5).direction is Direction.UP  # 50 -> 53: +3
    assert Change(50, 47.4).direction is Direction.DOWN  # 50 -> 47: -3
    assert Change(50, 47.5).direction is Direction.STEADY  # 50 -> 48, as shown: -2
    assert Change(None, 50).direction is None and Change(None, 50).delta is None


def test_a_change_is_the_difference_of_the_scores_as_shown():
    # 22.6 and 53.4 are shown as 23 and 53: the change shown is +30, not 30.8 rounded to +31
    assert (points(22.6), points(53.4), Change(22.6, 53.4).delta) == (23, 53, 30)
    # halves round up, as the band does (62.5 is Established), not to even as round() does
    assert [points(x) for x in (62.5, 63.5, 0.5, 12.49, 99.5, 100)] == [63, 64, 1, 12, 100, 100]
    assert Change(61.5, 62.5).delta == 1 and Change(None, 50).delta is None


def test_a_revised_questionnaire_renamed_new_and_retired_items(mini, mini2):
    old = cycle("2024", mini, {"a-one": [1], "a-two": [1], "b-one": [2], "b-two": [2]})
    new = cycle("2025", mini2, {"a-one": [1], "a-second": [3], "a-three": [2], "b-two": [2], "g-one": [1]},
                included=["alpha", "beta"])
    c = compare_cycles([old, new])
    step = c.steps[0]
    assert step.same_questionnaire and step.version_changed
    links = {(i.item_id, i.previous_ids): i.link for i in step.items}
    assert links == {
        ("a-one", ("a-one",)): ItemLink.MATCHED,
        ("a-second", ("a-two",)): ItemLink.RENAMED,
        ("a-three", ()): ItemLink.NEW,
        ("b-two", ("b-two",)): ItemLink.MATCHED,
        ("g-one", ()): ItemLink.NEW,
        (None, ("b-one",)): ItemLink.RETIRED,
    }
    assert [(i.item_id, i.previous_level, i.level, i.moved) for i in step.moved_up] == [("a-second", 1, 3, Direction.UP)]
    assert [i.item_id for i in step.new_items] == ["a-three", "g-one"]
    assert [i.previous_ids for i in step.retired_items] == [("b-one",)]
    assert step.retired_items[0].title == "Beta one" and step.retired_items[0].previous_level == 2
    # every item of either version appears exactly once
    assert len(step.items) == 6
    # areas: the new version's, gamma not in the old questionnaire and left out of the new cycle
    assert [a.area_id for a in c.areas] == ["alpha", "beta", "gamma"]
    gamma = c.areas[2]
    assert [s.status for s in gamma.scores] == [AreaStatus.NOT_ASSESSED, AreaStatus.NOT_ASSESSED]
    assert gamma.scores[0].reason == "not in questionnaire mini 1.0"
    assert gamma.title == "Гама (Gamma)"
    # one line per item across the versions, latest order first, retired ones after
    ids = [tuple(None if x is None else x.item_id for x in line.cells) for line in c.item_lines]
    assert ids == [("a-one", "a-one"), ("a-two", "a-second"), (None, "a-three"), ("b-two", "b-two"),
                   (None, "g-one"), ("b-one", None)]
    # the renamed item's old target (3) is checked against its new level (3)
    assert "a-two" in step.targets.met and "b-one" not in step.targets.met + step.targets.missed
    assert step.targets.no_level == ("b-one",)  # retired: no level to check its target against


def test_an_older_version_in_a_later_cycle_still_matches(mini, mini2):
    c = compare_cycles([
        cycle("2024", mini2, {"a-one": [1], "a-second": [1], "a-three": [1], "b-two": [1]}),
        cycle("2025", mini, {"a-one": [1], "a-two": [3], "b-one": [2], "b-two": [2]}),
    ])
    a_two = next(i for i in c.steps[0].items if i.item_id == "a-two")
    assert a_two.link is ItemLink.RENAMED and a_two.previous_ids == ("a-second",) and a_two.change == 2


def test_a_merged_item_is_linked_but_not_compared(mini):
    beta = mini.area("beta")
    merged_item = beta.items[0].model_copy(update={"id": "b-both", "title": "Beta both", "replaces": ["b-one", "b-two"]})
    merged = mini.model_copy(update={
        "version": "1.1",
        "areas": [mini.area("alpha"), beta.model_copy(update={"items": [merged_item]})],
    })
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1], "a-two": [1], "b-one": [0], "b-two": [4]}),
        cycle("b", merged, {"a-one": [1], "a-two": [1], "b-both": [3]}),
    ])
    both = next(i for i in c.steps[0].items if i.item_id == "b-both")
    assert both.link is ItemLink.MERGED and both.previous_ids == ("b-one", "b-two")
    assert both.change is None and both.moved is None
    assert c.steps[0].retired_items == [] and c.steps[0].renamed_items == [both]


def test_a_split_item_gives_both_successors_its_history(mini):
    alpha = mini.area("alpha")
    first = alpha.items[1].model_copy(update={"id": "a-two-x", "replaces": ["a-two"]})
    second = alpha.items[1].model_copy(update={"id": "a-two-y", "replaces": ["a-two"]})
    split = mini.model_copy(update={
        "version": "1.1",
        "areas": [alpha.model_copy(update={"items": [alpha.items[0], first, second]}), mini.area("beta")],
    })
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1], "a-two": [1], "b-one": [1], "b-two": [1]}),
        cycle("b", split, {"a-one": [1], "a-two-x": [2], "a-two-y": [1], "b-one": [1], "b-two": [1]}),
    ])
    assert {i.item_id: i.link for i in c.steps[0].items if i.item_id and i.item_id.startswith("a-two")} == {
        "a-two-x": ItemLink.RENAMED, "a-two-y": ItemLink.RENAMED}
    lines = [tuple(x.item_id for x in line.cells) for line in c.item_lines if line.cells[0] and line.cells[0].item_id == "a-two"]
    assert sorted(lines) == [("a-two", "a-two-x"), ("a-two", "a-two-y")]


def edited(mini, alpha_weight=5.0):
    """mini edited without raising its version: alpha's weight, a level descriptor of a-two."""
    alpha = mini.area("alpha")
    two = alpha.items[1]
    two = two.model_copy(update={"levels": [*two.levels[:2], "Rewritten: what level 2 means now.", *two.levels[3:]]})
    return mini.model_copy(update={"areas": [alpha.model_copy(update={"weight": alpha_weight, "items": [alpha.items[0], two]}),
                                             mini.area("beta")]})


def test_a_questionnaire_edited_without_raising_its_version_is_a_changed_questionnaire(mini):
    changed = edited(mini)
    assert (changed.id, changed.version) == (mini.id, mini.version) and changed.content_hash() != mini.content_hash()
    levels = {"a-one": [1], "a-two": [2], "b-one": [1], "b-two": [1]}
    c = compare_cycles([cycle("2025/26", mini, levels), cycle("2026/27", changed, levels)])
    step = c.steps[0]
    assert step.same_questionnaire and not step.version_changed  # the same id and version ...
    assert step.questionnaire_changed  # ... but not the same questionnaire
    assert [(a.id, a.weight) for a in step.edit.areas] == [("alpha", (1.0, 5.0))]
    assert [(i.id, i.weight) for i in step.edit.items] == [("a-two", None)]
    assert not step.edit.texts
    assert [s.questionnaire_hash for s in c.cycles] == [mini.content_hash(), changed.content_hash()]
    note = edited_note(step)
    assert note.startswith("2026/27 uses version 1.0 of mini as edited after 2025/26: its content differs though "
                           "its version is the same.")
    assert "area Alpha (weight 1 → 5); item Alpha two." in note
    # the same answers give another index on the other weights: it is said, not taken for a change
    assert step.index.delta != 0
    # the same content is the same questionnaire, however it was loaded
    same = compare_cycles([cycle("a", mini, levels), cycle("b", mini.model_copy(), levels)]).steps[0]
    assert same.edit is None and not same.questionnaire_changed and edited_note(same) == ""


def test_different_questionnaires_are_not_matched_by_item_id(mini):
    other = mini.model_copy(update={"id": "other"})
    assert match_items(mini, other) == {i.id: () for i in other.items}
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1], "a-two": [1]}),
        cycle("b", other, {"a-one": [3], "a-two": [1]}),
    ])
    assert not c.steps[0].same_questionnaire
    assert len(c.steps[0].new_items) == 4 and len(c.steps[0].retired_items) == 4
    assert c.steps[0].moved_up == []


def test_last_cycles_actions_with_status_and_carried_copies(mini):
    done = Action(id=1, cycle_id=1, item_id="a-one", text="Start it.", status=ActionStatus.DONE)
    open_ = Action(id=2, cycle_id=1, item_id="a-two", text="Extend two, with care.", status=ActionStatus.IN_PROGRESS)
    general = Action(id=3, cycle_id=1, text="A general action.", status=ActionStatus.PLANNED)
    copy = Action(id=9, cycle_id=2, item_id="a-two", text="Extend two, with care.", carried_from=2)
    fu = follow_up([done, open_, general], [copy], mini)
    assert [(f.action.id, f.item_title, f.open, f.carried_to, f.can_carry) for f in fu] == [
        (1, "Alpha one", False, None, False),
        (2, "Alpha two", True, 9, False),
        (3, None, True, None, True),
    ]
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1]}, actions=[done, open_, general]),
        cycle("b", mini, {"a-one": [1]}, actions=[copy]),
    ])
    assert c.steps[0].actions == fu


def test_plain_tuples_and_bad_input(mini):
    r = score_cycle(mini, answers({"a-one": [1], "a-two": [1]}))
    c = compare_cycles([("a", mini, r), ("b", mini, r)])
    assert c.index_changes[0].delta == 0 and c.index_changes[0].direction is Direction.STEADY
    with pytest.raises(ValueError, match="at least two"):
        compare_cycles([("a", mini, r)])
    with pytest.raises(ValueError, match="only once"):
        compare_cycles([("a", mini, r), ("a", mini, r)])


def test_no_overall_index_gives_no_delta_with_a_reason(mini):
    empty = score_cycle(mini, [])
    full = score_cycle(mini, answers({"a-one": [2], "a-two": [2], "b-one": [2], "b-two": [2]}))
    c = compare_cycles([("a", mini, empty), ("b", mini, full)])
    assert c.cycles[0].index is None
    assert c.areas[0].scores[0].status is AreaStatus.NOT_ENOUGH_ANSWERS
    assert c.index_changes[0].delta is None
    assert c.index_changes[0].reason == "a: not enough answers for an overall index"


def test_an_index_on_other_areas_says_it_is_not_like_for_like(three):
    # 2023 scored alpha and beta, 2024 alpha only: the index moved without any area changing alike
    first, second = three.index_changes
    assert first.note == "not like for like: Beta scored in 2023, not in 2024"
    assert second.note == "not like for like: Beta scored in 2025, not in 2024"
    assert (first.only_previous, first.only_current) == (("Beta",), ())  # what a screen words itself
    assert (second.only_previous, second.only_current) == ((), ("Beta",))
    assert three.areas[0].changes[0].note == ""


def test_an_item_in_an_area_without_a_score_is_not_compared():
    from iah_assess.catalog import shipped_dir

    core = load(shipped_dir() / "iah-core").questionnaire
    everything = {i.id: [1] for i in core.items}
    area = core.areas[2]
    later = {**{i.id: [1] for a in core.areas if a is not area for i in a.items}, area.items[0].id: [4]}  # one answer there
    c = compare_cycles([cycle("2024/25", core, everything), cycle("2025/26", core, later)])
    assert c.areas[2].scores[1].status is AreaStatus.NOT_ENOUGH_ANSWERS
    lone = next(i for i in c.steps[0].items if i.item_id == area.items[0].id)
    assert lone.level is None and lone.moved is None  # not "up by 3" on one person's answer
    assert lone not in c.steps[0].moved_up


def spread(questionnaire, level_sums: list[int]) -> dict[str, list[int]]:
    """One respondent whose levels in each area add up to the given sum, 4s first."""
    levels = {}
    for area, left in zip(questionnaire.areas, level_sums, strict=True):
        for item in area.items:
            levels[item.id] = [min(4, left)]
            left -= levels[item.id][0]
    return levels


def test_an_index_that_is_exactly_a_half_is_shown_rounded_up_and_so_is_its_change():
    from iah_assess.catalog import shipped_dir

    core = load(shipped_dir() / "iah-core").questionnaire
    # 45, then areas of 850/11, 55, 250/11, 87.5, 12.5 and 0: their mean is 255/6 = 42.5 exactly
    c = compare_cycles([cycle("2024/25", core, spread(core, [19, 14, 36, 17, 12, 18])),
                        cycle("2025/26", core, spread(core, [34, 22, 10, 35, 5, 0]))])
    assert [s.index for s in c.cycles] == [45, 42.5]  # not 42.49999999999999, shown as 42
    assert [points(s.index) for s in c.cycles] == [45, 43]
    assert c.cycles[1].band == "Developing"
    assert (c.index_changes[0].delta, c.index_changes[0].direction) == (-2, Direction.STEADY)


def test_each_previous_target_is_counted_once_and_split_merged_or_retired_ones_have_no_level(mini):
    alpha, beta = mini.area("alpha"), mini.area("beta")
    halves = [alpha.items[0].model_copy(update={"id": f"a-one-{x}", "replaces": ["a-one"]}) for x in "xy"]
    both = beta.items[0].model_copy(update={"id": "b-both", "replaces": ["b-one", "b-two"]})
    revised = mini.model_copy(update={"version": "1.1", "areas": [
        alpha.model_copy(update={"items": [*halves, alpha.items[1]]}), beta.model_copy(update={"items": [both]})]})
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1], "a-two": [1], "b-one": [1], "b-two": [1]}),  # every target 3
        cycle("b", revised, {"a-one-x": [4], "a-one-y": [4], "a-two": [3], "b-both": [4]}),
    ])
    targets = c.steps[0].targets
    # a-one was split (met twice before), b-one and b-two merged (in no list before)
    assert targets.met == ("a-two",) and targets.missed == ()
    assert targets.no_level == ("a-one", "b-one", "b-two")


def test_an_item_moved_to_another_area_or_reordered_keeping_the_version_is_named():
    from iah_assess.catalog import shipped_dir

    core = load(shipped_dir() / "iah-core").questionnaire
    first, second = core.areas[0], core.areas[1]
    item = first.items[0]
    moved = core.model_copy(update={"areas": [
        first.model_copy(update={"items": first.items[1:]}),
        second.model_copy(update={"items": [*second.items, item]}),
        *core.areas[2:],
    ]})
    levels = {i.id: [2] for i in core.items}
    step = compare_cycles([cycle("2025/26", core, levels), cycle("2026/27", moved, levels)]).steps[0]
    assert step.edit is not None and not step.edit.areas and not step.edit.items  # no part of it differs ...
    note = edited_note(step)
    assert "What differs: 1 item moved between areas." in note  # ... but it is named
    assert [w.kind for w in edited_parts(step.edit)] == [EditedKind.MOVED]

    # the same items in another order within an area
    swapped = core.model_copy(update={"areas": [
        first.model_copy(update={"items": [first.items[1], first.items[0], *first.items[2:]]}), *core.areas[1:]]})
    step = compare_cycles([cycle("2025/26", core, levels), cycle("2026/27", swapped, levels)]).steps[0]
    assert f"What differs: area {first.title}: items reordered." in edited_note(step)
    # the areas in another order
    turned = core.model_copy(update={"areas": [second, first, *core.areas[2:]]})
    step = compare_cycles([cycle("2025/26", core, levels), cycle("2026/27", turned, levels)]).steps[0]
    assert "What differs: the order of the areas." in edited_note(step)
    # only the language: nothing to name but that the content differs, which is still said
    other = core.model_copy(update={"language": "xx"})
    step = compare_cycles([cycle("2025/26", core, levels), cycle("2026/27", other, levels)]).steps[0]
    assert "What differs: other content (such as its language)." in edited_note(step)
