"""R17: whatever sequence of operations runs, a finalised cycle's content never changes."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from iah_assess.catalog.loader import load
from iah_assess.domain.records import DONT_KNOW, NOT_APPLICABLE, Action, Institution
from iah_assess.storage.workspace import CycleFinalised, Workspace
from tests.conftest import MINI

ITEMS = ["a-one", "a-two", "b-one", "b-two"]
answers = st.one_of(st.none(), st.integers(0, 4), st.sampled_from([DONT_KNOW, NOT_APPLICABLE]))


def content(ws: Workspace, cycle_id: int) -> str:
    """Everything a cycle holds, hashed."""
    data = {
        "cycle": ws.cycle(cycle_id).as_dict(),
        "respondents": [r.as_dict() for r in ws.respondents(cycle_id)],
        "responses": [{**r.as_dict(), "updated_at": None} for r in ws.responses(cycle_id)],
        "decisions": {k: d.as_dict() for k, d in ws.decisions(cycle_id).items()},
        "actions": [a.as_dict() for a in ws.actions(cycle_id)],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class FinalisedStaysPut(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.ws = Workspace.in_folder(Path(self.dir.name))
        q = load(MINI).questionnaire
        inst = self.ws.save_institution(Institution(name="R17"))
        self.cycles = [self.ws.create_cycle(inst.id, f"202{n}/2{n + 1}", q).id for n in range(2)]
        self.respondents = {c: [self.ws.add_respondent(c, "Ѓорѓи", "Dean").id] for c in self.cycles}
        self.frozen: dict[int, str] = {}

    def teardown(self):
        self.ws.close()
        self.dir.cleanup()

    def _try(self, cycle_id, fn):
        try:
            fn()
        except CycleFinalised:
            assert cycle_id in self.frozen
        else:
            assert cycle_id not in self.frozen

    @rule(c=st.integers(0, 1), item=st.sampled_from(ITEMS), answer=answers, comment=st.text(max_size=20))
    def answer(self, c, item, answer, comment):
        cid = self.cycles[c]
        self._try(cid, lambda: self.ws.save_response(self.respondents[cid][0], item, answer, comment))

    @rule(c=st.integers(0, 1))
    def add_respondent(self, c):
        cid = self.cycles[c]
        self._try(cid, lambda: self.respondents[cid].append(self.ws.add_respondent(cid, f"Њ{len(self.respondents[cid])}", "Rector").id))

    @rule(c=st.integers(0, 1), item=st.sampled_from(ITEMS), level=st.one_of(st.none(), st.integers(0, 4)))
    def agree(self, c, item, level):
        cid = self.cycles[c]
        self._try(cid, lambda: self.ws.set_agreed_level(cid, item, level, "note"))

    @rule(c=st.integers(0, 1), text=st.text(max_size=30))
    def plan(self, c, text):
        cid = self.cycles[c]
        self._try(cid, lambda: self.ws.save_action(Action(cycle_id=cid, text=text)))

    @rule(c=st.integers(0, 1))
    def remove_first_action(self, c):
        cid = self.cycles[c]
        acts = self.ws.actions(cid)
        if acts:
            self._try(cid, lambda: self.ws.remove_action(acts[0].id))

    @precondition(lambda self: len(self.frozen) < 2)
    @rule(c=st.integers(0, 1))
    def finalise(self, c):
        cid = self.cycles[c]
        if cid in self.frozen:
            return
        self.ws.finalise_cycle(cid)
        self.frozen[cid] = content(self.ws, cid)

    @invariant()
    def finalised_content_never_changes(self):
        for cid, digest in self.frozen.items():
            assert content(self.ws, cid) == digest


FinalisedStaysPut.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestFinalisedStaysPut = FinalisedStaysPut.TestCase
