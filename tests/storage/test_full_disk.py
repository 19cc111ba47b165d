"""A disk that fills up at any one change of a working session loses nothing saved (R8).

The session is run once to count its changes; then once for each of them, the disk full at that
change. The change that fails leaves the workspace exactly as it was and says so (SaveFailed);
done again once there is room, it is stored; and at the end the workspace holds what the session
without a failure holds, and is sound.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from iah_assess.domain.records import DONT_KNOW, Action, Institution
from iah_assess.storage import db
from iah_assess.storage.workspace import SaveFailed, Workspace

CHANGES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT")


class FillsUp:
    """The workspace's connection on a disk that is full at its n-th change (0: never)."""

    def __init__(self, conn: sqlite3.Connection, n: int):
        self._conn, self.n, self.changes = conn, n, 0

    def _change(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(CHANGES):
            self.changes += 1
            if self.changes == self.n:
                raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._change(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._change(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._conn, name)


def _session(mini) -> list[Callable[[Workspace, dict], object]]:  # noqa: ANN001
    """A working session, one call of the workspace a step; `k` keeps what the steps made for later ones."""
    def institution(ws: Workspace, k: dict) -> None:
        k["inst"] = ws.save_institution(Institution(name="Univerzitet „Džemal Bijedić“ u Mostaru", country="BA")).id

    def cycle(ws: Workspace, k: dict) -> None:
        k["cycle"] = ws.create_cycle(k["inst"], "2025/26", mini).id

    def ana(ws: Workspace, k: dict) -> None:
        k["ana"] = ws.add_respondent(k["cycle"], "Ana Šarić", "Rector").id

    def edin(ws: Workspace, k: dict) -> None:
        k["edin"] = ws.add_respondent(k["cycle"], "Edin Đulić", "Dean").id

    return [
        institution,
        cycle,
        ana,
        edin,
        lambda ws, k: ws.save_response(k["ana"], "a-one", 3, "Senat je usvojio plan", "Odluka 12/2025"),
        lambda ws, k: ws.save_response(k["edin"], "a-one", 1, "", ""),
        lambda ws, k: ws.save_response(k["edin"], "a-two", DONT_KNOW, "Ne znam", ""),
        lambda ws, k: ws.save_response(k["ana"], "a-one", 2, "Senat je usvojio plan", "Odluka 12/2025"),
        lambda ws, k: ws.set_agreed_level(k["cycle"], "a-one", 2, "Dogovoreno na sastanku"),
        lambda ws, k: ws.set_target(k["cycle"], "a-one", 3),
        lambda ws, k: ws.save_action(Action(cycle_id=k["cycle"], item_id="a-one", text="Radionica za dekane",
                                            owner="Prorektorica")),
        lambda ws, k: ws.set_state("last_item", "a-two"),
        lambda ws, k: ws.remove_respondent(k["edin"]),
    ]


def _content(ws: Workspace) -> list:
    """What the user sees of the workspace, every table of it."""
    out = []
    for inst in ws.institutions():
        out.append((inst.name, inst.country))
        for c in ws.cycles(inst.id):
            out.append((c.label, c.included_areas))
            for r in ws.respondents(c.id):
                answers = ws.respondent_responses(r.id)
                out.append((r.name, r.role, sorted((i, a.answer, a.comment, a.evidence) for i, a in answers.items())))
            out.append(sorted((i, d.agreed_level, d.agreed_note, d.target) for i, d in ws.decisions(c.id).items()))
            out.append([(a.item_id, a.text, a.owner) for a in ws.actions(c.id)])
    out.append(ws.state("last_item"))
    return out


def _run(folder, mini, full_at: int) -> tuple[list, int, int]:  # noqa: ANN001
    """The session with the disk full at change `full_at`: the content at its end, the changes
    counted, and how many steps failed (each done again once there was room)."""
    failed = 0
    with Workspace.in_folder(folder) as ws:
        real = ws._conn
        conn = FillsUp(real, full_at)
        kept: dict = {}
        for step in _session(mini):
            before = _content(ws)
            ws._conn = conn
            try:
                step(ws, kept)
            except SaveFailed as exc:
                failed += 1
                assert "disk is full" in str(exc) and str(ws.path) in str(exc)
                ws._conn = real
                assert not real.in_transaction
                assert _content(ws) == before  # nothing of the failed change half-stored
                step(ws, kept)  # room again: the same change goes in
            finally:
                ws._conn = real
        assert db.integrity(real) == "ok"
        return _content(ws), conn.changes, failed


def test_a_disk_full_at_any_change_of_a_session_loses_nothing_saved(tmp_path, mini):
    whole, changes, failed = _run(tmp_path / "whole", mini, 0)
    assert failed == 0 and changes > 20
    for n in range(1, changes + 1):
        content, _, failed = _run(tmp_path / f"full-at-{n}", mini, n)
        assert failed == 1, n
        assert content == whole, n


def test_the_control_a_change_reported_stored_but_lost_is_seen(tmp_path, mini, monkeypatch):
    """Were a failed change swallowed (said to be stored, and not), the session's content would
    differ from the whole one's: the comparison above sees it."""
    whole, _, _ = _run(tmp_path / "whole", mini, 0)

    def swallowed(self, respondent_id, item_id, answer, comment="", evidence=""):  # noqa: ANN001, ANN202
        return None  # "saved", and nothing stored

    monkeypatch.setattr(Workspace, "save_response", swallowed)
    content, _, _ = _run(tmp_path / "swallowed", mini, 0)
    assert content != whole
