"""Kept cycle summaries: always the same as scoring the cycle afresh, whatever was written."""

from __future__ import annotations

import random
import sqlite3

import pytest

from iah_assess.domain.records import DONT_KNOW, NOT_APPLICABLE, Action, Institution
from iah_assess.domain.summary import SCORING_VERSION, ScoreSummary
from iah_assess.storage import db
from iah_assess.storage.workspace import Workspace

ITEMS = ["a-one", "a-two", "b-one", "b-two"]


def fresh(ws: Workspace, cycle_id: int) -> ScoreSummary:
    cycle = ws.cycle(cycle_id)
    return ScoreSummary.of(ws.cycle_result(cycle_id), ws.cycle_questionnaire(cycle))


def kept(ws: Workspace, cycle_id: int) -> int:
    return ws._q("SELECT count(*) FROM cycle_summary WHERE cycle_id = ?", (cycle_id,))[0][0]


@pytest.fixture
def cycle(workspace, mini):
    inst = workspace.save_institution(Institution(name="Univerzitet „Džemal Bijedić“"))
    return workspace.create_cycle(inst.id, "2025/26", mini)


def test_a_summary_is_kept_and_read_back_without_scoring(workspace, cycle, monkeypatch):
    r = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.save_response(r.id, "a-one", 3)
    workspace.save_response(r.id, "a-two", 2)
    first = workspace.cycle_summary(cycle.id)
    assert first == fresh(workspace, cycle.id)
    assert first.areas[0].title == "Alpha" and first.n_respondents == 1
    assert kept(workspace, cycle.id) == 1

    def no_scoring(cycle_id):
        raise AssertionError("a kept summary needs no scoring")

    monkeypatch.setattr(workspace, "cycle_result", no_scoring)
    assert workspace.cycle_summary(cycle.id) == first


def test_every_change_to_the_scores_drops_the_kept_summary(workspace, cycle, mini):
    """A long random run of writes: after each, the summary equals scoring afresh."""
    rng = random.Random(7)
    people = [workspace.add_respondent(cycle.id, name, "Dean").id for name in ("Ana", "Đorđe")]
    other = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    workspace.save_response(workspace.add_respondent(other.id, "Ema", "Dean").id, "a-one", 4)
    before_other = workspace.cycle_summary(other.id)
    for step in range(150):
        choice = rng.randrange(7)
        if choice <= 2:
            answer = rng.choice([None, 0, 1, 2, 3, 4, DONT_KNOW, NOT_APPLICABLE])
            workspace.save_response(rng.choice(people), rng.choice(ITEMS), answer, comment=f"step {step}")
        elif choice == 3:
            workspace.set_agreed_level(cycle.id, rng.choice(ITEMS), rng.choice([None, 0, 2, 4]))
        elif choice == 4:
            workspace.set_target(cycle.id, rng.choice(ITEMS), rng.choice([None, 1, 4]))
        elif choice == 5 and len(people) > 1:
            workspace.remove_respondent(people.pop(rng.randrange(len(people))))
        else:
            people.append(workspace.add_respondent(cycle.id, f"Person {step}", "Academic staff").id)
        if rng.random() < 0.7:  # sometimes read (and keep) it, sometimes let several writes pile up
            assert workspace.cycle_summary(cycle.id) == fresh(workspace, cycle.id), f"after step {step}"
    assert workspace.cycle_summary(cycle.id) == fresh(workspace, cycle.id)
    assert workspace.cycle_summary(other.id) == before_other  # another cycle's summary stays
    assert kept(workspace, other.id) == 1


def test_actions_and_renames_keep_the_summary(workspace, cycle):
    r = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.save_response(r.id, "a-one", 3)
    workspace.cycle_summary(cycle.id)
    workspace.update_respondent(r.id, "Ana Marić", "Rector")
    assert kept(workspace, cycle.id) == 0  # a respondent row changed: worked out again, to be safe
    workspace.cycle_summary(cycle.id)
    action = workspace.save_action(Action(cycle_id=cycle.id, item_id="a-one", text="Appoint a lead"))
    assert kept(workspace, cycle.id) == 0  # the action touched the cycle row
    summary = workspace.cycle_summary(cycle.id)
    workspace.save_action(action.replace(owner="Dean"))
    assert workspace.cycle_summary(cycle.id) == summary


def test_finalising_keeps_a_correct_summary(workspace, cycle):
    r = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.save_response(r.id, "a-one", 1)
    workspace.cycle_summary(cycle.id)
    workspace.finalise_cycle(cycle.id)
    assert kept(workspace, cycle.id) == 0
    assert workspace.cycle_summary(cycle.id) == fresh(workspace, cycle.id)
    assert kept(workspace, cycle.id) == 1  # a finalised cycle's summary can still be kept


def test_an_unreadable_or_older_summary_is_worked_out_again(workspace, cycle):
    r = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.save_response(r.id, "a-one", 2)
    right = workspace.cycle_summary(cycle.id)
    for scoring, content in ((SCORING_VERSION, "{not json"), (SCORING_VERSION, '{"areas": 5}'),
                             (SCORING_VERSION - 1, right._replace(index=99.0).to_json())):
        with workspace._write() as c:
            c.execute("UPDATE cycle_summary SET scoring = ?, content = ? WHERE cycle_id = ?", (scoring, content, cycle.id))
        assert workspace.cycle_summary(cycle.id) == right
        assert workspace._q("SELECT scoring FROM cycle_summary WHERE cycle_id = ?", (cycle.id,))[0][0] == SCORING_VERSION


def test_a_read_only_workspace_works_it_out_without_writing(tmp_path, mini):
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name="Read only"))
        cycle = ws.create_cycle(inst.id, "2025/26", mini)
        ws.save_response(ws.add_respondent(cycle.id, "Ana", "Dean").id, "b-one", 4)
    with Workspace.in_folder(tmp_path, read_only=True) as ro:
        assert ro.cycle_summary(cycle.id) == fresh(ro, cycle.id)
        assert kept(ro, cycle.id) == 0


def test_a_format_1_workspace_gains_summaries_after_a_backup(tmp_path, mini, monkeypatch):
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
    monkeypatch.setattr(db, "SCHEMA_VERSION", 1)
    with Workspace.in_folder(tmp_path) as old:
        inst = old.save_institution(Institution(name="Универзитет Св. Кирил"))
        cycle = old.create_cycle(inst.id, "2024/25", mini)
        rid = old.add_respondent(cycle.id, "Ана", "Rector").id
        old.save_response(rid, "a-one", 3)
    monkeypatch.undo()
    with Workspace.in_folder(tmp_path) as ws:
        assert ws._q("PRAGMA user_version")[0][0] == db.SCHEMA_VERSION
        assert len(list((tmp_path / db.BACKUP_DIR).glob("*before-format-*.sqlite"))) == 1
        assert ws.cycle_summary(cycle.id) == fresh(ws, cycle.id)
        ws.save_response(rid, "a-two", 4)
        assert kept(ws, cycle.id) == 0
        assert ws.cycle_summary(cycle.id).areas[0].score == fresh(ws, cycle.id).areas[0].score


def test_the_summary_triggers_run_whoever_writes(tmp_path, mini):
    """A change made by plain SQL, not through the workspace, still drops the summary."""
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name="Plain SQL"))
        cycle = ws.create_cycle(inst.id, "2025/26", mini)
        rid = ws.add_respondent(cycle.id, "Ana", "Dean").id
        ws.save_response(rid, "a-one", 3)
        ws.cycle_summary(cycle.id)
    raw = sqlite3.connect(tmp_path / db.WORKSPACE_FILE)
    raw.execute("UPDATE response SET level = 0 WHERE respondent_id = ?", (rid,))
    raw.commit()
    assert raw.execute("SELECT count(*) FROM cycle_summary").fetchone()[0] == 0
    raw.close()
