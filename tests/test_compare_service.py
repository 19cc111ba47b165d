"""Comparisons from a workspace: cycle order, the previous cycle, follow-up and carrying actions over."""

from __future__ import annotations

import datetime as dt

import pytest

from iah_assess.catalog.loader import load
from iah_assess.compare_service import action_follow_up, comparison_for, previous_cycle
from iah_assess.domain.records import Action, ActionStatus, Institution
from iah_assess.storage.workspace import CycleFinalised
from tests.conftest import FIXTURES


@pytest.fixture
def plan(workspace, mini):
    inst = workspace.save_institution(Institution(name="Test"))
    mini2 = load(FIXTURES / "questionnaires" / "mini-2.yaml").questionnaire
    old = workspace.create_cycle(inst.id, "2024/25", mini)
    new = workspace.create_cycle(inst.id, "2025/26", mini2)

    def add(item, status, text):
        return workspace.save_action(Action(cycle_id=old.id, item_id=item, text=text, owner="Dean",
                                            due_date=dt.date(2025, 6, 30), status=status, success_indicator="Count"))

    actions = [
        add("a-one", ActionStatus.DONE, "Done already."),
        add("a-two", ActionStatus.IN_PROGRESS, "Renamed item, in progress."),
        add("b-one", ActionStatus.PLANNED, "Retired item, planned."),
        add(None, ActionStatus.DROPPED, "Dropped."),
    ]
    return workspace, old, new, actions


def test_previous_cycle_and_order(plan):
    ws, old, new, _ = plan
    assert previous_cycle(ws, new.id).id == old.id
    assert previous_cycle(ws, old.id) is None
    c = comparison_for(ws, [new.id, old.id, new.id])
    assert c.labels == ["2024/25", "2025/26"]
    with pytest.raises(ValueError, match="at least two"):
        comparison_for(ws, [new.id])
    other = ws.save_institution(Institution(name="Other"))
    elsewhere = ws.create_cycle(other.id, "2025/26", ws.cycle_questionnaire(old))
    with pytest.raises(ValueError, match="one institution"):
        comparison_for(ws, [old.id, elsewhere.id])


def test_carry_open_actions_once_with_a_link(plan):
    ws, old, new, (done, renamed, retired, dropped) = plan
    assert [f.can_carry for f in action_follow_up(ws, new.id)] == [False, True, True, False]
    copies = ws.carry_actions(old.id, new.id, [renamed.id, retired.id])
    assert [c.carried_from for c in copies] == [renamed.id, retired.id]
    first, second = copies
    # the renamed item's action follows it to its new id; the retired one becomes general
    assert first.item_id == "a-second" and first.status is ActionStatus.IN_PROGRESS
    assert (first.text, first.owner, first.due_date, first.success_indicator) == (
        renamed.text, renamed.owner, renamed.due_date, renamed.success_indicator)
    assert second.item_id is None and "'b-one' is not in this questionnaire version" in second.notes
    assert [a.id for a in ws.actions(new.id)] == [first.id, second.id]
    assert [a.position for a in ws.actions(new.id)] == [0, 1]
    # asking again copies nothing
    assert ws.carry_actions(old.id, new.id, [renamed.id, retired.id]) == []
    assert len(ws.actions(new.id)) == 2
    follow = action_follow_up(ws, new.id)
    assert [(f.action.id, f.carried_to, f.can_carry) for f in follow] == [
        (done.id, None, False), (renamed.id, first.id, False), (retired.id, second.id, False), (dropped.id, None, False)]
    # the comparison shows the same
    step = comparison_for(ws, [old.id, new.id]).steps[0]
    assert [f.carried_to for f in step.actions] == [None, first.id, second.id, None]
    # the source is unchanged
    assert ws.action(renamed.id) == renamed


def test_a_carried_action_stands_as_its_copy_does_once_the_old_plan_is_frozen(plan):
    from iah_assess.reporting.report import follow_up_lines

    ws, old, new, (done, renamed, retired, dropped) = plan
    first, second = ws.carry_actions(old.id, new.id, [renamed.id, retired.id])
    ws.finalise_cycle(old.id)  # last year's plan can no longer change: the work goes on in the copies
    ws.save_action(first.replace(status=ActionStatus.DONE))
    follow = action_follow_up(ws, new.id)
    assert [f.status for f in follow] == [ActionStatus.DONE, ActionStatus.DONE, ActionStatus.PLANNED, ActionStatus.DROPPED]
    assert [f.open for f in follow] == [False, False, True, False]
    assert [line.status for line in follow_up_lines(follow)] == ["done", "done", "planned", "dropped"]


def test_carrying_refuses_what_it_should(plan):
    ws, old, new, (done, renamed, _, _) = plan
    with pytest.raises(ValueError, match="planned or in-progress"):
        ws.carry_actions(old.id, new.id, [renamed.id, done.id])
    assert ws.actions(new.id) == []  # nothing half done
    with pytest.raises(ValueError, match="own cycle"):
        ws.carry_actions(old.id, old.id, [renamed.id])
    with pytest.raises(ValueError, match="not in cycle"):
        ws.carry_actions(new.id, old.id, [renamed.id])
    ws.finalise_cycle(new.id)
    with pytest.raises(CycleFinalised):
        ws.carry_actions(old.id, new.id, [renamed.id])


def test_a_comparison_takes_each_cycles_content_hash_from_the_workspace_not_worked_out_again(plan, monkeypatch):
    from iah_assess.domain.questionnaire import Questionnaire

    ws, old, new, _ = plan
    worked_out: list[str] = []
    real = Questionnaire.content_hash
    monkeypatch.setattr(Questionnaire, "content_hash", lambda self: worked_out.append(self.id) or real(self))
    c = comparison_for(ws, [old.id, new.id])
    assert worked_out == []
    assert [s.questionnaire_hash for s in c.cycles] == [old.questionnaire_hash, new.questionnaire_hash]
