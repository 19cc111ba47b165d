"""Comparisons read from a workspace: the cycles to compare, the previous cycle, last cycle's actions.

Cycles are in order of the year in their labels, then of when they were made (as ws.cycles()
lists them): "2023/24" before "2024/25".
"""

from __future__ import annotations

from collections.abc import Iterable

from iah_assess.domain.comparison import ActionFollowUp, ComparedCycle, Comparison, compare_cycles, follow_up
from iah_assess.domain.records import Cycle
from iah_assess.storage.workspace import Workspace


def chronological(ws: Workspace, cycle_ids: Iterable[int]) -> list[Cycle]:
    """The cycles, oldest first; all must belong to one institution."""
    ids = list(dict.fromkeys(cycle_ids))
    cycles = [ws.cycle(i) for i in ids]
    if len({c.institution_id for c in cycles}) > 1:
        raise ValueError("Only cycles of one institution can be compared.")
    if not cycles:
        return []
    order = {c.id: n for n, c in enumerate(ws.cycles(cycles[0].institution_id))}
    return sorted(cycles, key=lambda c: order[c.id])


def compared_cycle(ws: Workspace, cycle: Cycle) -> ComparedCycle:
    return ComparedCycle(cycle.label, ws.cycle_questionnaire(cycle), ws.cycle_result(cycle.id), tuple(ws.actions(cycle.id)),
                         cycle.finalised, tuple(r.role for r in ws.respondents(cycle.id)), cycle.questionnaire_hash)


def comparison_for(ws: Workspace, cycle_ids: Iterable[int]) -> Comparison:
    """Compare two or more cycles of one institution, whatever order the ids come in."""
    cycles = chronological(ws, cycle_ids)
    if len(cycles) < 2:
        raise ValueError("Choose at least two different cycles to compare.")
    return compare_cycles([compared_cycle(ws, c) for c in cycles])


def previous_cycle(ws: Workspace, cycle_id: int) -> Cycle | None:
    """The institution's cycle just before this one, or None for its first."""
    cycle = ws.cycle(cycle_id)
    earlier = None
    for c in ws.cycles(cycle.institution_id):
        if c.id == cycle.id:
            return earlier
        earlier = c
    return None


def action_follow_up(ws: Workspace, cycle_id: int) -> list[ActionFollowUp]:
    """The previous cycle's actions with their final status, and which were carried into this one."""
    previous = previous_cycle(ws, cycle_id)
    if previous is None:
        return []
    return list(follow_up(ws.actions(previous.id), ws.actions(cycle_id), ws.cycle_questionnaire(previous)))
