"""The workspace repository: what is saved comes back, and a finalised cycle cannot change."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from iah_assess.domain.records import DONT_KNOW, Action, ActionStatus, Institution
from iah_assess.storage.workspace import Conflict, CycleFinalised, Workspace


@pytest.fixture
def cycle(workspace, mini):
    inst = workspace.save_institution(Institution(name="Univerziteti i Testit", country="Kosovo"))
    return workspace.create_cycle(inst.id, "2025/26", mini)


def test_institution_names_are_unique(workspace):
    workspace.save_institution(Institution(name="Univerzitet u Tuzli"))
    with pytest.raises(Conflict):
        workspace.save_institution(Institution(name="univerzitet u tuzli"))


def test_cycle_labels_are_unique_per_institution_and_required_areas_stay(workspace, mini, cycle):
    with pytest.raises(Conflict):
        workspace.create_cycle(cycle.institution_id, "2025/26", mini)
    with pytest.raises(ValueError, match="Required"):
        workspace.create_cycle(cycle.institution_id, "2026/27", mini, included_areas=["beta"])
    other = workspace.create_cycle(cycle.institution_id, "2026/27", mini, included_areas=["alpha"])
    assert other.included_areas == ("alpha",)


def test_responses_round_trip_with_odd_text(workspace, cycle):
    r = workspace.add_respondent(cycle.id, "Љубица Ѓорѓиевска", "Dean")
    odd = "Plan <b>bold & 5 < 6 \u202e; Ć č đ š ž ë ç\n\"quoted\", 'x'"
    workspace.save_response(r.id, "a-one", 3, odd, "Senate decision 12/2024")
    workspace.save_response(r.id, "a-two", DONT_KNOW)
    got = workspace.respondent_responses(r.id)
    assert got["a-one"].answer == 3 and got["a-one"].comment == odd
    assert got["a-two"].answer == DONT_KNOW
    workspace.save_response(r.id, "a-one", None, "changed my mind")
    assert workspace.respondent_responses(r.id)["a-one"].answer is None


def test_the_cycle_stores_its_own_questionnaire(workspace, cycle, mini):
    q = workspace.cycle_questionnaire(cycle)
    assert q == mini
    assert cycle.questionnaire_hash == mini.content_hash()


def test_a_finalised_cycle_refuses_every_change(workspace, cycle):
    r = workspace.add_respondent(cycle.id, "Arta", "Rector")
    workspace.save_response(r.id, "a-one", 2)
    workspace.save_action(Action(cycle_id=cycle.id, text="Appoint a lead"))
    workspace.finalise_cycle(cycle.id)
    for attempt in (
        lambda: workspace.save_response(r.id, "a-one", 4),
        lambda: workspace.add_respondent(cycle.id, "New", "Dean"),
        lambda: workspace.remove_respondent(r.id),
        lambda: workspace.set_agreed_level(cycle.id, "a-one", 4),
        lambda: workspace.set_target(cycle.id, "a-one", 4),
        lambda: workspace.save_action(Action(cycle_id=cycle.id, text="late")),
        lambda: workspace.finalise_cycle(cycle.id),
    ):
        with pytest.raises(CycleFinalised):
            attempt()
    assert workspace.respondent_responses(r.id)["a-one"].answer == 2


def test_actions_keep_order_and_can_be_undone(workspace, cycle):
    ids = [workspace.save_action(Action(cycle_id=cycle.id, text=t)).id for t in ("one", "two", "three")]
    workspace.move_action(ids[2], 0)
    assert [a.text for a in workspace.actions(cycle.id)] == ["three", "one", "two"]
    removed = workspace.remove_action(ids[0])
    assert [a.text for a in workspace.actions(cycle.id)] == ["three", "two"]
    workspace.restore_action(removed)
    assert [a.text for a in workspace.actions(cycle.id)] == ["three", "one", "two"]
    a = workspace.actions(cycle.id)[0]
    workspace.save_action(replace(a, owner="Vice-rector", due_date=dt.date(2026, 6, 30), status=ActionStatus.DONE))
    again = workspace.action(a.id)
    assert (again.owner, again.due_date, again.status) == ("Vice-rector", dt.date(2026, 6, 30), ActionStatus.DONE)


def test_decisions_feed_the_result(workspace, cycle):
    a = workspace.add_respondent(cycle.id, "A", "Dean")
    b = workspace.add_respondent(cycle.id, "B", "Dean")
    workspace.save_response(a.id, "a-one", 0)
    workspace.save_response(b.id, "a-one", 4)
    workspace.set_agreed_level(cycle.id, "a-one", 1, "after discussion")
    workspace.set_target(cycle.id, "a-one", 4)
    item = workspace.cycle_result(cycle.id).item("a-one")
    assert item.agreed and item.level == 1 and item.target == 4 and item.disagreement


def test_everything_survives_reopening(tmp_path, mini):
    ws = Workspace.in_folder(tmp_path)
    inst = ws.save_institution(Institution(name="Džemal Bijedić test"))
    c = ws.create_cycle(inst.id, "2025/26", mini)
    r = ws.add_respondent(c.id, "Ermira Çela", "Student representative")
    ws.save_response(r.id, "b-one", 2, "ë ç")
    ws.close()
    ws = Workspace.in_folder(tmp_path)
    assert ws.respondent_responses(r.id)["b-one"].comment == "ë ç"
    assert ws.cycle_questionnaire(ws.cycle(c.id)).id == "mini"
    ws.close()
