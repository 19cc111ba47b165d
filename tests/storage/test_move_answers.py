"""Moving a respondent's answers to another respondent of the cycle: all of them in one
transaction, a choice where both answered, and undo and redo that give back exactly what was."""

from __future__ import annotations

import pytest

from iah_assess.domain.records import DONT_KNOW, NOT_APPLICABLE, Institution
from iah_assess.storage.workspace import Conflict, CycleFinalised, ReadOnlyWorkspace, Workspace


@pytest.fixture
def cycle(workspace, mini):
    inst = workspace.save_institution(Institution(name="Univerzitet u Tuzli", country="Bosnia and Herzegovina"))
    return workspace.create_cycle(inst.id, "2025/26", mini)


@pytest.fixture
def two(workspace, cycle):
    """Marko (chosen by mistake while Ana answered) and Ana, with Marko's answers saved."""
    marko = workspace.add_respondent(cycle.id, "Marko Jovanović", "Dean")
    ana = workspace.add_respondent(cycle.id, "Ана Ковачевић", "Rector")
    workspace.save_response(marko.id, "a-one", 3, "Стратегија 2024–2028", "Senat, 12.3.")
    workspace.save_response(marko.id, "a-two", DONT_KNOW, "ne znam")
    workspace.save_response(marko.id, "b-one", None, "only a comment")
    return marko.id, ana.id


def rows(ws: Workspace, rid: int) -> dict[str, tuple]:
    """Everything stored of a respondent's answers, when each was saved included."""
    return {i: (r.answer, r.comment, r.evidence, r.updated_at) for i, r in ws.respondent_responses(rid).items()}


def test_every_answer_moves_whole_in_one_transaction_and_the_kept_summary_goes(sql_seen, workspace, cycle, two):
    marko, ana = two
    before = rows(workspace, marko)
    workspace.cycle_summary(cycle.id)  # kept until the answers change
    assert workspace._q("SELECT 1 FROM cycle_summary WHERE cycle_id = ?", (cycle.id,))
    sql_seen.clear()
    moved = workspace.move_answers(marko, ana)
    assert [s for s in sql_seen if s.startswith(("BEGIN", "COMMIT"))] == ["BEGIN IMMEDIATE", "COMMIT"]
    assert rows(workspace, ana) == before  # level or special answer, comment, evidence, updated_at
    assert rows(workspace, marko) == {}
    assert (moved.moved, moved.replaced, moved.kept) == (3, 0, 0)
    assert not workspace._q("SELECT 1 FROM cycle_summary WHERE cycle_id = ?", (cycle.id,))
    assert workspace.cycle_result(cycle.id).n_respondents == 2


def test_where_both_answered_the_target_keeps_theirs_and_the_source_keeps_the_others(workspace, two):
    marko, ana = two
    workspace.save_response(ana, "a-one", 1, "moja ocjena")
    workspace.save_response(ana, "b-two", NOT_APPLICABLE)
    anas, markos = rows(workspace, ana), rows(workspace, marko)
    assert workspace.answered_by_both(marko, ana) == ["a-one"]
    moved = workspace.move_answers(marko, ana, replace=False)
    assert (moved.moved, moved.replaced, moved.kept) == (2, 0, 1)
    assert rows(workspace, marko) == {"a-one": markos["a-one"]}  # nothing lost: it stays with him
    assert rows(workspace, ana) == {**anas, "a-two": markos["a-two"], "b-one": markos["b-one"]}


def test_replacing_the_targets_answers_is_undone_exactly_and_redone(workspace, two):
    marko, ana = two
    workspace.save_response(ana, "a-one", 1, "moja ocjena")
    workspace.save_response(ana, "b-two", NOT_APPLICABLE)
    anas, markos = rows(workspace, ana), rows(workspace, marko)
    moved = workspace.move_answers(marko, ana, replace=True)
    assert (moved.moved, moved.replaced, moved.kept) == (3, 1, 0)
    assert rows(workspace, marko) == {}
    assert rows(workspace, ana) == {**markos, "b-two": anas["b-two"]}
    workspace.undo_move(moved)
    assert rows(workspace, marko) == markos and rows(workspace, ana) == anas  # the replaced answer too
    again = workspace.redo_move(moved)
    assert rows(workspace, marko) == {} and rows(workspace, ana) == {**markos, "b-two": anas["b-two"]}
    workspace.undo_move(again)
    assert rows(workspace, marko) == markos and rows(workspace, ana) == anas


def test_undo_leaves_answers_to_other_items_given_since_alone(workspace, two):
    marko, ana = two
    moved = workspace.move_answers(marko, ana)
    workspace.save_response(marko, "b-two", 4)  # now truly Marko, answering
    workspace.save_response(ana, "b-two", 2)
    workspace.undo_move(moved)
    assert set(rows(workspace, marko)) == {"a-one", "a-two", "b-one", "b-two"}
    assert set(rows(workspace, ana)) == {"b-two"}


def test_undo_and_redo_refuse_when_a_moved_answer_was_changed_since_and_change_nothing(workspace, two):
    marko, ana = two
    moved = workspace.move_answers(marko, ana)
    workspace.save_response(ana, "a-one", 4, "ispravljeno")
    after = rows(workspace, marko), rows(workspace, ana)
    with pytest.raises(Conflict, match="changed"):
        workspace.undo_move(moved)
    assert (rows(workspace, marko), rows(workspace, ana)) == after
    workspace.save_response(ana, "a-one", 3, "Стратегија 2024–2028", "Senat, 12.3.")  # as moved: no change
    workspace.undo_move(moved)
    workspace.save_response(marko, "a-two", 2)
    with pytest.raises(Conflict):
        workspace.redo_move(moved)
    assert rows(workspace, ana) == {}


def test_a_move_is_all_or_nothing(workspace, two, monkeypatch):
    marko, ana = two
    before = rows(workspace, marko)

    def fail(c, cycle_id):  # noqa: ANN001, ANN202 - after the rows changed hands, before the commit
        raise OSError("disk gone")

    monkeypatch.setattr(workspace, "_touch", fail)
    with pytest.raises(OSError):
        workspace.move_answers(marko, ana)
    assert rows(workspace, marko) == before and rows(workspace, ana) == {}


def test_answers_move_only_to_someone_else_of_the_same_open_cycle(workspace, mini, cycle, two, monkeypatch):
    marko, ana = two
    with pytest.raises(ValueError, match="another respondent"):
        workspace.move_answers(marko, marko)
    other = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    elsewhere = workspace.add_respondent(other.id, "Marko Jovanović", "Dean")
    with pytest.raises(ValueError, match="same cycle"):
        workspace.move_answers(marko, elsewhere.id)
    with pytest.raises(ValueError, match="no answers"):
        workspace.move_answers(ana, marko)
    moved = workspace.move_answers(marko, ana)
    workspace.finalise_cycle(cycle.id)
    for attempt in (lambda: workspace.undo_move(moved), lambda: workspace.move_answers(ana, marko)):
        with pytest.raises(CycleFinalised):
            attempt()
    monkeypatch.setattr(workspace, "_check_open", lambda cycle_id: None)  # the database refuses all the same
    with pytest.raises(CycleFinalised):
        workspace.move_answers(ana, marko)
    assert len(rows(workspace, ana)) == 3 and rows(workspace, marko) == {}


def test_a_read_only_workspace_moves_nothing(tmp_path, workspace, two):
    marko, ana = two
    with Workspace.in_folder(tmp_path, read_only=True) as reader, pytest.raises(ReadOnlyWorkspace):
        reader.move_answers(marko, ana)
    assert len(rows(workspace, marko)) == 3
