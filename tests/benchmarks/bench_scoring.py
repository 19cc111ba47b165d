"""Scoring a full cycle: the iah-core questionnaire, thirty respondents."""

from __future__ import annotations

import random
import time

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.domain.records import Response
from iah_assess.domain.scoring import score_cycle


def run() -> list[str]:
    q = load(shipped_dir() / "iah-core").questionnaire
    rng = random.Random(1)
    responses = [Response(respondent_id=p, item_id=i.id, answer=rng.randint(0, 4)) for p in range(30) for i in q.items]
    # baseline: one pass over the same responses doing the least work (a per-item tally)
    t0 = time.perf_counter()
    for _ in range(20):
        tally: dict[str, int] = {}
        for r in responses:
            tally[r.item_id] = tally.get(r.item_id, 0) + (r.answer if isinstance(r.answer, int) else 0)
    base = (time.perf_counter() - t0) / 20
    t0 = time.perf_counter()
    for _ in range(20):
        score_cycle(q, responses)
    full = (time.perf_counter() - t0) / 20
    return [f"score_cycle, 30 respondents x {len(q.items)} items: {full * 1000:.2f} ms "
            f"(bare tally {base * 1000:.2f} ms, ratio {full / base:.1f}x)"]
