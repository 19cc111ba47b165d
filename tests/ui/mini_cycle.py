"""A small hand-made cycle on the mini questionnaire, for the results, agree and action-plan tests."""

from __future__ import annotations

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import DONT_KNOW, Institution
from iah_assess.storage.workspace import Workspace

# Three respondents. a-one: 0, 1, 3 (median 1, spread 0-3: flagged); a-two: 1, 2, don't know
# (median 1.5); beta is left out of the cycle unless asked for, and then nobody answers it.
ANSWERS = {
    ("Ana Kovač", "Rector"): {"a-one": 0, "a-two": 1},
    ("Љубица Ѓорѓиевска", "Dean"): {"a-one": 1, "a-two": 2},
    ("Ermira Çela", "Student representative"): {"a-one": 3, "a-two": DONT_KNOW},
}


def make_cycle(ws: Workspace, q: Questionnaire, areas: list[str] | None = None, label: str = "2025/26") -> int:
    inst = ws.find_institution("Test University") or ws.save_institution(Institution(name="Test University"))
    cycle = ws.create_cycle(inst.id, label, q, areas if areas is not None else ["alpha"])  # type: ignore[arg-type]
    for (name, role), answers in ANSWERS.items():
        r = ws.add_respondent(cycle.id, name, role)
        for item_id, answer in answers.items():
            ws.save_response(r.id, item_id, answer, comment=f"{name} on {item_id}", evidence="Minutes")
    return cycle.id
