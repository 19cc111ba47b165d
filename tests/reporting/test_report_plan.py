"""The action plan in the cycle report: the team's order and numbers, overdue actions, and the
priorities that say which action of the plan takes them up."""

from __future__ import annotations

import dataclasses
import datetime as dt

from iah_assess.domain.records import Action, ActionStatus, Institution
from iah_assess.reporting.data import ActionLine
from iah_assess.reporting.report import cycle_report_data, render_cycle_report
from tests.reporting.conftest import DAY, text_of


def _one_line(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


def _plan_cycle(workspace, mini) -> int:  # noqa: ANN001
    """A cycle whose items are all below target, with a plan the team put in its own order:
    a general action, then Beta two, then the foundation item Alpha one. Returns the cycle id."""
    inst = workspace.save_institution(Institution(name="Plan College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Rector")
    for item in mini.items:
        workspace.save_response(ana.id, item.id, 1)
    for item_id, text, due, status in (
        ("b-two", "Step for Beta two.", dt.date(2026, 4, 30), ActionStatus.PLANNED),  # due the day before: overdue
        (None, "A general step.", dt.date(2026, 5, 1), ActionStatus.PLANNED),  # due on the report's day: not yet
        ("a-one", "Step for the foundation item.", dt.date(2026, 1, 15), ActionStatus.IN_PROGRESS),  # overdue
        ("a-two", "Step for Alpha two.", dt.date(2026, 2, 1), ActionStatus.DONE),  # done: never overdue
    ):
        workspace.save_action(Action(cycle_id=cycle.id, item_id=item_id, text=text, owner="Dean", due_date=due,
                                     status=status))
    first = workspace.actions(cycle.id)[0]
    workspace.move_action(first.id, 1)  # the team moves Beta two below the general step
    return cycle.id


def test_a_recorded_plan_keeps_the_teams_order_and_numbers(workspace, mini):
    cycle_id = _plan_cycle(workspace, mini)
    stored = [a.text for a in workspace.actions(cycle_id)]
    assert stored == ["A general step.", "Step for Beta two.", "Step for the foundation item.", "Step for Alpha two."]
    data = cycle_report_data(workspace, cycle_id)
    # as the app shows them: the foundation item is not moved to the top
    assert [a.text for a in data.actions] == stored
    assert [a.number for a in data.actions] == [1, 2, 3, 4]
    text = _one_line(render_cycle_report(data, generated_on=DAY))
    plan = text[text.index("Action plan The actions"):]
    assert "in the team's order and numbered as in the app" in plan and "foundation items first" not in plan
    assert "1 General A general step." in plan and "2 Beta two Step for Beta two." in plan
    assert [plan.index(t) for t in stored] == sorted(plan.index(t) for t in stored)


def test_an_action_past_its_due_date_is_overdue_on_the_reports_date(workspace, mini):
    data = cycle_report_data(workspace, _plan_cycle(workspace, mini))
    assert [a.overdue(DAY) for a in data.actions] == [False, True, True, False]
    assert not any(a.overdue(dt.date(2026, 1, 1)) for a in data.actions)  # the day counts, not the clock
    proposed = ActionLine(number=1, item_id=None, item_title="x", foundation=False, text="x", owner="", due_date=None,
                          status="proposed", success_indicator="")
    assert not proposed.overdue(DAY)

    text = _one_line(render_cycle_report(data, generated_on=DAY))
    plan = text[text.index("Action plan The actions"):]
    assert "2026-04-30 overdue planned" in plan and "2026-01-15 overdue in progress" in plan
    assert "2026-05-01 planned" in plan and "2026-02-01 done" in plan  # due today, and done
    assert plan.count("overdue") == 2
    warnings = text[text.index("Warnings"):text.index("Action plan The actions")]
    # which, by whom and since when, not a count to look up in the plan
    assert ("Overdue. 2 actions in the plan are overdue, due before 2026-05-01 and still planned or in progress: "
            "action 2, Beta two (Dean, due 2026-04-30); action 3, Alpha one (Dean, due 2026-01-15).") in warnings

    earlier = _one_line(render_cycle_report(data, generated_on=dt.date(2026, 1, 1)))
    assert "overdue" not in earlier.lower()  # nothing was due before the report's date
    one = _one_line(render_cycle_report(data, generated_on=dt.date(2026, 2, 1)))
    assert "1 action in the plan is overdue, due before 2026-02-01" in one


def test_a_finalised_cycles_plan_is_judged_on_the_day_it_was_finalised_at_every_printing(workspace, mini):
    cycle_id = _plan_cycle(workspace, mini)
    data = dataclasses.replace(cycle_report_data(workspace, cycle_id), cycle_status="finalised",
                               finalised_on=dt.date(2026, 2, 1))
    texts = [_one_line(render_cycle_report(data, generated_on=day)) for day in (DAY, dt.date(2030, 1, 1))]
    assert texts[0] == texts[1].replace("2030-01-01", DAY.isoformat())  # printed later, it says the same
    plan = texts[0][texts[0].index("Action plan The actions"):]
    assert plan.count("overdue") == 1 and "2026-01-15 overdue in progress" in plan  # Beta two was not due yet then
    assert ("Overdue. 1 action in the plan was overdue when the cycle was finalised on 2026-02-01, due before it "
            "and still planned or in progress: action 3, Alpha one (Dean, due 2026-01-15).") in texts[0]
    # a finalised cycle whose workspace lost the day (a rescued one): judged on the print date, and said so
    unknown = _one_line(render_cycle_report(dataclasses.replace(data, finalised_on=None), generated_on=DAY))
    assert "when the cycle was finalised" not in unknown
    assert "2 actions in the plan are overdue, due before 2026-05-01" in unknown


def test_a_priority_is_a_suggestion_and_says_which_action_takes_it_up(workspace, mini):
    cycle_id = _plan_cycle(workspace, mini)
    data = cycle_report_data(workspace, cycle_id)
    text = _one_line(render_cycle_report(data, generated_on=DAY))
    summary = text[text.index("Top five priorities"):text.index("Strengths")]
    numbers = {a.item_id: a.number for a in data.actions}
    assert numbers == {None: 1, "b-two": 2, "a-one": 3, "a-two": 4}
    assert {p.item_id for p in data.priorities} == {"a-one", "a-two", "b-one", "b-two"}
    for p in data.priorities[:5]:
        assert f"Suggested by the questionnaire: {p.action}" in summary
        if p.item_id in numbers:
            assert f"{p.action} In the plan as action {numbers[p.item_id]}." in summary, p.item_id
        else:  # an item without an action in the recorded plan says so
            assert f"{p.action} No action for it in the plan yet." in summary, p.item_id
    workspace.remove_action(workspace.actions(cycle_id)[1].id)  # Beta two's
    data = cycle_report_data(workspace, cycle_id)
    text = _one_line(render_cycle_report(data, generated_on=DAY))
    assert text.count("No action for it in the plan yet.") == 2
    assert f"{mini.item('a-one').actions.low} In the plan as action 2." in text  # the foundation item's, now second


def test_a_priority_with_several_actions_names_them_all_and_a_proposed_plan_none(workspace, mini):
    cycle_id = _plan_cycle(workspace, mini)
    data = cycle_report_data(workspace, cycle_id)
    item = data.priorities[0].item_id
    actions = tuple(dataclasses.replace(a, item_id=item) if a.number in (1, 3, 4) else a for a in data.actions)
    text = _one_line(render_cycle_report(dataclasses.replace(data, actions=actions), generated_on=DAY))
    assert "In the plan as actions 1, 3 and 4." in text
    # a proposed plan is no decision either: its priorities name no action
    proposed = _one_line(render_cycle_report(dataclasses.replace(data, actions_proposed=True), generated_on=DAY))
    assert "Suggested by the questionnaire:" in proposed and "In the plan as" not in proposed


def test_an_actions_notes_are_printed_under_it(workspace, mini):
    cycle_id = _plan_cycle(workspace, mini)
    first = workspace.actions(cycle_id)[0]
    workspace.save_action(first.replace(notes="Dogovoreno na sjednici senata.\nBudžet: 2.000 €"))
    text = _one_line(render_cycle_report(cycle_report_data(workspace, cycle_id), generated_on=DAY))
    plan = text[text.index("Action plan The actions"):]
    # under the action's text, in the row's next line, the typed line break kept
    assert "1 General A general step. Dean 2026-05-01 planned — Notes: Dogovoreno na sjednici senata. Budžet: 2.000 €" in plan
