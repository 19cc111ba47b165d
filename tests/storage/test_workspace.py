"""The workspace repository: what is saved comes back, and a finalised cycle cannot change."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from iah_assess.domain.records import DONT_KNOW, Action, ActionStatus, Institution
from iah_assess.storage import db
from iah_assess.storage.workspace import (
    Conflict,
    CycleFinalised,
    Workspace,
    cycle_state_key,
    item_state_key,
    respondent_state_key,
)


@pytest.fixture
def cycle(workspace, mini):
    inst = workspace.save_institution(Institution(name="Univerziteti i Testit", country="Kosovo"))
    return workspace.create_cycle(inst.id, "2025/26", mini)


def test_institution_names_are_unique(workspace):
    workspace.save_institution(Institution(name="Univerzitet u Tuzli"))
    with pytest.raises(Conflict):
        workspace.save_institution(Institution(name="univerzitet u tuzli"))
    cyrillic = workspace.save_institution(Institution(name="Универзитет Св. Кирил и Методиј"))
    with pytest.raises(Conflict):
        workspace.save_institution(Institution(name="УНИВЕРЗИТЕТ СВ. КИРИЛ И МЕТОДИЈ"))  # not only A-Z fold
    assert workspace.find_institution("универзитет св. кирил и методиј") == cyrillic
    latin = workspace.save_institution(Institution(name="Univerzitet u Čačku"))
    assert workspace.find_institution("UNIVERZITET U C\u030cAC\u030cKU") == latin  # Č typed as C and a combining caron


def test_names_an_older_version_let_differ_only_in_case_are_found_exactly_and_can_still_be_edited(workspace):
    # the older version's NOCASE (A-Z only) let both in; they are written here as it did
    workspace._conn.execute("INSERT INTO institution(name, country, city, type, size_band, contact, created_at, updated_at) "
                            "VALUES ('Škola za menadžment', '', '', 'College', '', '', 'x', 'x'), "
                            "('ŠKOLA ZA MENADŽMENT', '', '', 'College', '', '', 'x', 'x')")
    lower, upper = sorted(workspace.institutions(), key=lambda i: i.name != "Škola za menadžment")
    assert workspace.find_institution("Škola za menadžment") == lower
    assert workspace.find_institution("ŠKOLA ZA MENADŽMENT") == upper
    assert workspace.find_institution("škola za MENADŽMENT") is None  # which one is meant cannot be told
    workspace.save_institution(lower.replace(city="Beograd"))  # its own name does not clash with itself
    assert workspace.institution(lower.id).city == "Beograd"
    with pytest.raises(Conflict):  # but it cannot take its twin's very name
        workspace.save_institution(lower.replace(name="ŠKOLA ZA MENADŽMENT"))


def test_cycle_labels_are_unique_per_institution_and_required_areas_stay(workspace, mini, cycle):
    with pytest.raises(Conflict):
        workspace.create_cycle(cycle.institution_id, "2025/26", mini)
    with pytest.raises(ValueError, match="Required"):
        workspace.create_cycle(cycle.institution_id, "2026/27", mini, included_areas=["beta"])
    other = workspace.create_cycle(cycle.institution_id, "2026/27", mini, included_areas=["alpha"])
    assert other.included_areas == ("alpha",)


def test_a_cycle_can_start_with_a_team_all_or_nothing(workspace, mini, cycle):
    team = [("Љубица Ѓорѓиевска", "Dean"), ("  Ermira Çela ", "Student representative")]
    new = workspace.create_cycle(cycle.institution_id, "2026/27", mini, respondents=team)
    assert [(r.name, r.role) for r in workspace.respondents(new.id)] == [team[0], ("Ermira Çela", "Student representative")]
    with pytest.raises(ValueError, match="needs a name"):
        workspace.create_cycle(cycle.institution_id, "2027/28", mini, respondents=[("Arta", "Rector"), (" ", "Dean")])
    assert [c.label for c in workspace.cycles(cycle.institution_id)] == ["2025/26", "2026/27"]  # no cycle made


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


def test_a_change_the_workspace_refuses_is_a_workspace_error_that_says_so(workspace, cycle):
    from iah_assess.storage.db import WorkspaceError
    from iah_assess.storage.workspace import NotFound

    person = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.remove_respondent(person.id)
    with pytest.raises(NotFound, match="removed meanwhile") as refused:  # an answer saved for someone gone
        workspace.save_response(person.id, "a-one", 2)
    assert isinstance(refused.value, WorkspaceError)
    assert workspace.responses(cycle.id) == []
    from iah_assess.storage.workspace import Refused, SaveFailed

    with pytest.raises(Refused) as refused:  # another rule: trying again would not help, so not SaveFailed
        with workspace._write() as c:
            c.execute("INSERT INTO cycle(institution_id, label) VALUES (?, ?)", (cycle.institution_id, "x"))
    assert not isinstance(refused.value, SaveFailed) and "Nothing of this change was stored" in str(refused.value)
    with pytest.raises(Conflict, match="already in the workspace"):  # past the checks, the table's own rule
        with workspace._write() as c:
            c.execute("INSERT INTO cycle SELECT * FROM cycle WHERE id = ?", (cycle.id,))
    assert len(workspace.cycles()) == 1


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
    workspace.save_action(a.replace(owner="Vice-rector", due_date=dt.date(2026, 6, 30), status=ActionStatus.DONE))
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


def test_deleting_an_open_cycle_takes_its_contents_after_a_kept_copy(workspace, cycle, mini, tmp_path):
    from iah_assess.storage import db

    other = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    person = workspace.add_respondent(cycle.id, "Ana Kovač", "Dean")
    workspace.save_response(person.id, "a-one", 3, comment="ok")
    workspace.set_agreed_level(cycle.id, "a-one", 2, "agreed")
    workspace.save_action(Action(cycle_id=cycle.id, text="Do it"))
    workspace.set_state(respondent_state_key(cycle.id), str(person.id))
    workspace.cycle_summary(cycle.id)

    copy = workspace.delete_cycle(cycle.id)
    assert [c.id for c in workspace.cycles()] == [other.id]
    for table in ("respondent", "response", "decision", "action", "cycle_summary"):
        assert workspace._q(f"SELECT count(*) FROM {table}")[0][0] == 0, table
    assert workspace.state(respondent_state_key(cycle.id)) is None
    assert workspace._q("PRAGMA foreign_key_check") == []
    # the copy made just before holds the cycle, and thinning keeps it however old it gets
    with Workspace(copy, read_only=True) as before:
        assert [c.label for c in before.cycles()] == ["2025/26", "2026/27"]
        assert before.responses(cycle.id)[0].comment == "ok"
    later = dt.datetime.now() + dt.timedelta(days=40)
    for n in range(14):  # a copy a month for 14 months: thinning would take an ordinary copy from before
        db.backup(workspace._conn, copy.parent, "daily", now=later + dt.timedelta(days=31 * n))
    db.thin_backups(copy.parent)
    assert copy.exists()
    # the label is free again
    assert workspace.create_cycle(cycle.institution_id, "2025/26", mini).label == "2025/26"


def test_where_the_window_was_left_goes_with_the_person_or_cycle_it_names(workspace, cycle, mini):
    # SQLite gives the next person the id of the last one removed: they must not inherit
    # being the one answering, nor the item the other was on
    ana = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.set_state(respondent_state_key(cycle.id), str(ana.id))
    workspace.set_state(item_state_key(ana.id), "b-one")
    workspace.remove_respondent(ana.id)
    bob = workspace.add_respondent(cycle.id, "Bob", "Rector")
    assert bob.id == ana.id
    assert workspace.state(respondent_state_key(cycle.id)) is None and workspace.state(item_state_key(bob.id)) is None
    # removing someone else leaves the one answering as they are
    cem = workspace.add_respondent(cycle.id, "Cem", "Dean")
    workspace.set_state(respondent_state_key(cycle.id), str(bob.id))
    workspace.remove_respondent(cem.id)
    assert workspace.state(respondent_state_key(cycle.id)) == str(bob.id)

    # a deleted cycle takes its people's places and the institution's note of it
    later = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    dan = workspace.add_respondent(later.id, "Dan", "Dean")
    workspace.set_state(item_state_key(dan.id), "a-one")
    workspace.set_state(cycle_state_key(cycle.institution_id), str(later.id))
    workspace.delete_cycle(later.id)
    assert workspace.state(item_state_key(dan.id)) is None
    assert workspace.state(cycle_state_key(cycle.institution_id)) is None
    again = workspace.create_cycle(cycle.institution_id, "2027/28", mini)
    assert workspace.add_respondent(again.id, "Eda", "Dean").id == dan.id and workspace.state(item_state_key(dan.id)) is None


def test_a_finalised_cycle_cannot_be_deleted_nor_one_a_finalised_cycle_carried_from(workspace, cycle, mini):
    later = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    action = workspace.save_action(Action(cycle_id=cycle.id, text="Carry me"))
    workspace.carry_actions(cycle.id, later.id, [action.id])
    workspace.finalise_cycle(later.id)
    name = workspace.institution(later.institution_id).name
    with pytest.raises(CycleFinalised) as refused:
        workspace.delete_cycle(later.id)
    # the words the command line says too (it adds its delete-institution)
    assert str(refused.value) == f"Cycle 2026/27 is finalised: it is the record of {name} and cannot be deleted on its own."
    with pytest.raises(CycleFinalised, match="carried over"):
        workspace.delete_cycle(cycle.id)
    assert len(workspace.cycles()) == 2 and workspace.actions(cycle.id)[0].text == "Carry me"


def test_an_institution_is_deleted_whole_with_its_finalised_cycles_after_a_kept_copy(workspace, cycle, mini):
    other = workspace.save_institution(Institution(name="Univerzitet u Zenici"))
    kept = workspace.create_cycle(other.id, "2025/26", mini)
    kept_person = workspace.add_respondent(kept.id, "Amra Hodžić", "Dean")
    workspace.save_response(kept_person.id, "a-one", 3)
    person = workspace.add_respondent(cycle.id, "Ilir Berisha", "Rector")
    workspace.save_response(person.id, "a-one", 2)
    earlier = workspace.save_action(Action(cycle_id=cycle.id, text="Carried on"))
    workspace.finalise_cycle(cycle.id)
    later = workspace.create_cycle(cycle.institution_id, "2026/27", mini)
    workspace.carry_actions(cycle.id, later.id, [earlier.id])
    workspace.set_state(respondent_state_key(cycle.id), str(person.id))
    workspace.set_state("last_institution", str(cycle.institution_id))
    assert workspace.institution_size(cycle.institution_id) == {
        "cycles": 2, "finalised": 1, "respondents": 1, "answers": 1, "actions": 2}
    copy = workspace.delete_institution(cycle.institution_id)
    assert [i.name for i in workspace.institutions()] == ["Univerzitet u Zenici"]
    assert [c.id for c in workspace.cycles()] == [kept.id] and workspace.respondent_responses(kept_person.id)
    assert workspace.state(respondent_state_key(cycle.id)) is None and workspace.state("last_institution") is None
    with pytest.raises(CycleFinalised):  # the guards of finalised cycles are back in place
        workspace.finalise_cycle(kept.id)
        workspace.save_response(kept_person.id, "a-one", 1)
    assert db.integrity(workspace._conn) == "ok"
    assert copy in [b.path for b in db.backups(copy.parent)] and "before-delete" in copy.name
    with Workspace(copy, read_only=True) as before:  # the copy keeps it all
        assert len(before.institutions()) == 2 and len(before.cycles()) == 3


@pytest.mark.parametrize("change", [
    ('"title":"Alpha"', '"title":"A1pha"'),  # still reads, but is not what the cycles ran on
    ('"areas":[', '"areas":['[:-1] + "\x00"),  # no longer reads at all
])
def test_a_damaged_stored_questionnaire_is_named_not_used(tmp_path, mini, change):
    import sqlite3

    from iah_assess.cli import main
    from iah_assess.storage import db

    path = tmp_path / db.WORKSPACE_FILE
    with Workspace(path) as ws:
        inst = ws.save_institution(Institution(name="Mini College"))
        cycle = ws.create_cycle(inst.id, "2025/26", mini)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE questionnaire_snapshot SET content = replace(content, ?, ?)", change)
    raw.commit()
    raw.close()
    with Workspace(path) as ws, pytest.raises(db.WorkspaceDamaged) as info:
        ws.cycle_questionnaire(ws.cycle(cycle.id))
    assert str(info.value).startswith(f"{path}: the stored copy of questionnaire mini 1.0, which cycles run on, is damaged")
    assert "`iah-assess restore`" in str(info.value)
    assert main(["--data-dir", str(tmp_path), "score", "2025/26"]) != 0


def test_an_answer_taken_back_with_nothing_else_leaves_no_row(workspace, mini, cycle):
    person = workspace.add_respondent(cycle.id, "Ana", "Dean")
    workspace.save_response(person.id, "a-one", 2, "Dobro", "")
    workspace.save_response(person.id, "a-one", None, "Dobro", "")  # the comment stays
    assert workspace.respondent_responses(person.id)["a-one"].comment == "Dobro"
    workspace.save_response(person.id, "a-one", None, "", "")
    assert workspace.respondent_responses(person.id) == {} and workspace.responses(cycle.id) == []


class _FullDisk:
    """The workspace's connection on a disk that fills up: every change fails as SQLite's does."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_change_sqlite_cannot_store_is_a_workspace_error_that_names_the_file_and_the_fix(workspace):
    from iah_assess.storage.workspace import SaveFailed

    workspace.set_state("probe", "before")
    real = workspace._conn
    workspace._conn = _FullDisk(real)
    try:
        with pytest.raises(SaveFailed) as err:
            workspace.set_state("probe", "after")
        assert not real.in_transaction
    finally:
        workspace._conn = real
    message = str(err.value)
    assert str(workspace.path) in message and "disk is full" in message and "Free some space" in message
    assert isinstance(err.value, db.WorkspaceError)
    assert workspace.state("probe") == "before"


def test_cycles_come_in_the_order_of_their_years_whatever_their_labels(workspace, mini):
    from iah_assess.compare_service import comparison_for, previous_cycle

    inst = workspace.save_institution(Institution(name="Универзитет „Св. Кирил и Методиј“"))
    pilot = workspace.create_cycle(inst.id, "Пилот 2025", mini)  # sorts after "2026/27" by its letters
    first = workspace.create_cycle(inst.id, "2026/27 — прва самоевалуација", mini)
    second = workspace.create_cycle(inst.id, "2026/27", mini)  # the same year: made later, so later
    assert [c.label for c in workspace.cycles(inst.id)] == ["Пилот 2025", "2026/27 — прва самоевалуација", "2026/27"]
    assert previous_cycle(workspace, first.id).id == pilot.id
    assert list(comparison_for(workspace, [second.id, pilot.id]).labels) == ["Пилот 2025", "2026/27"]


def test_a_change_whose_rollback_fails_too_is_still_a_save_failed_and_the_next_one_works(workspace):
    from iah_assess.storage.workspace import SaveFailed

    class DiskGone(_FullDisk):
        def execute(self, sql, *args):
            if sql.strip().upper() in ("COMMIT", "ROLLBACK"):
                raise sqlite3.OperationalError("disk I/O error")
            return self._conn.execute(sql, *args)

    real = workspace._conn
    workspace._conn = DiskGone(real)
    try:
        with pytest.raises(SaveFailed):
            workspace.set_state("probe", "lost")
    finally:
        workspace._conn = real
    workspace.set_state("probe", "kept")  # the transaction left open is ended first
    assert workspace.state("probe") == "kept"


def test_undoing_an_actions_removal_restores_it_and_its_links_together_or_not_at_all(workspace, mini):
    from iah_assess.storage.workspace import SaveFailed

    inst = workspace.save_institution(Institution(name="Mini College"))
    first = workspace.create_cycle(inst.id, "2024/25", mini)
    later = workspace.create_cycle(inst.id, "2025/26", mini)
    original = workspace.save_action(Action(cycle_id=first.id, text="Train staff"))
    (copy,) = workspace.carry_actions(first.id, later.id, [original.id])
    copies = workspace.copies_of(original.id)
    removed = workspace.remove_action(original.id)

    class LinksFail(_FullDisk):
        def execute(self, sql, *args):
            return self._conn.execute(sql, *args)

        def executemany(self, sql, *args):
            raise sqlite3.OperationalError("database or disk is full")

    real = workspace._conn
    workspace._conn = LinksFail(real)
    try:
        with pytest.raises(SaveFailed):
            workspace.restore_action(removed, copies)
    finally:
        workspace._conn = real
    assert workspace.actions(first.id) == []  # not half restored
    back = workspace.restore_action(removed, copies)
    assert workspace.action(copy.id).carried_from == back.id


def test_a_new_cycle_never_holds_two_respondents_of_one_name(workspace, mini):
    inst = workspace.save_institution(Institution(name="Mini College"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini, respondents=[("Ana Kovač", "Rector"), ("ana kovač", "Dean")])
    assert [r.name for r in workspace.respondents(cycle.id)] == ["Ana Kovač", "ana kovač (2)"]


def test_a_batch_within_a_batch_is_all_or_nothing_too(workspace):
    with workspace.batch():
        workspace.save_institution(Institution(name="Outer"))
        try:
            with workspace.batch():
                workspace.save_institution(Institution(name="Inner, half made"))
                raise ValueError("the inner work fails, and its caller goes on")
        except ValueError:
            pass
    assert [i.name for i in workspace.institutions()] == ["Outer"]
