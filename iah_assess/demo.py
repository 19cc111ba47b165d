"""The sample institution: a clearly fictional university with three yearly cycles.

Deterministic: the same questionnaire gives the same answers, and running it twice adds nothing.
Only the open cycle's due dates follow the day the sample is made, so that its plan is current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable

from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import DONT_KNOW, NOT_APPLICABLE, Action, ActionStatus, Institution
from iah_assess.domain.scoring import score_cycle
from iah_assess.storage.workspace import Workspace

DEMO_NAME = "Sample University of Drinska Dolina (fictional)"
DEMO_QUESTIONNAIRE = "iah-core"  # of the shipped questionnaires

CYCLES = [
    # label, year offset (answers improve), respondents (name, role), finalised
    ("2023/24", 0.0, [("Arta Krasniqi", "Vice-rector"), ("Marko Jovanović", "Head of international office"),
                      ("Elena Stojanovska", "Quality assurance")], True),
    ("2024/25", 0.6, [("Arta Krasniqi", "Vice-rector"), ("Marko Jovanović", "Head of international office"),
                      ("Љубица Ѓорѓиевска", "Dean"), ("Elena Stojanovska", "Quality assurance")], True),
    ("2025/26", 1.2, [("Arta Krasniqi", "Rector"), ("Marko Jovanović", "Head of international office"),
                      ("Љубица Ѓорѓиевска", "Dean"), ("Ermira Çela", "Student representative")], False),
]

# Comments by area, in the languages of the region and in English, so that each one is about
# its item's area; within an area they take turns. Each tells of something still missing, so it
# goes only with an answer at level 2 or below, or "don't know": beside a 4 it would contradict it.
COMMENTS = {
    "leadership": [
        "Rektori e përmend ndërkombëtarizimin në shtëpi në çdo fjalim, por vendimet e senatit ende nuk caktojnë "
        "njerëz as kohë për të.",
        "Dekani se slažu da je potreban jedan odgovorni koordinator; pitanje je samo ko će to biti.",
    ],
    "strategy": [
        "Strategjia e re përmend ndërkombëtarizimin në shtëpi, por ende pa objektiva të matshme. Çështja do të "
        "diskutohet në senat.",
        "Стратегијата ги наведува целите, но факултетските планови сè уште не се усогласени со неа.",
    ],
    "finance": [
        "Budžet za virtuelnu razmenu još nije usvojen; šef kancelarije za međunarodnu saradnju će pripremiti "
        "predlog do decembra.",
        "Only the Faculty of Economics reports spending on IaH; the others do not separate it yet.",
    ],
    "stakeholders": [
        "Saradnja sa lokalnim kompanijama je dobra, ali memorandumi se retko koriste u nastavi. Studenti traže "
        "više praktičnih zadataka.",
        "Dy fakultete kanë filluar projekte COIL me partnerë nga Italia; studentët e vlerësuan shumë përvojën.",
    ],
    "staff": [
        "Čini mi se da dekani različito razumeju pojam internacionalizacije kod kuće; potrebna je zajednička "
        "radionica.",
        "Обуката за интеркултурна настава беше добро посетена, но нема следење дали се применува во часовите.",
    ],
    "curriculum": [
        "Nuk jam i sigurt nëse rregullorja e re e programeve është miratuar; duhet të kontrollohet me zyrën e "
        "cilësisë.",
        "Evidence: the programme review template now asks for international and intercultural outcomes.",
    ],
}

EVIDENCE = [
    "Senate decision 12/2024; strategy 2024-2029, chapter 3",
    "Budget 2025, line 4.2 (internationalisation)",
    "Erasmus+ KA171 report; COIL pilot evaluation",
    "Minutes of the IaH steering group, October",
]


def _base(item_id: str) -> float:
    """A stable starting level for an item, from its id: 0.0-2.2."""
    return int(hashlib.sha256(item_id.encode()).hexdigest()[:4], 16) % 23 / 10


def shipped_questionnaire() -> Questionnaire:
    """The questionnaire the sample is made on: the shipped iah-core, whatever the user's folder
    holds. A user's file of that id and a higher version is what `show iah-core` gives; it must
    not make the sample of a few items of its own."""
    from iah_assess.catalog import Catalog

    return Catalog(None).get(DEMO_QUESTIONNAIRE).questionnaire


def ensure_demo(ws: Workspace, questionnaire: Questionnaire | None = None,
                progress: Callable[[int, int], None] | None = None) -> Institution:
    """Create the sample institution with its cycles unless it is already there: in one
    transaction, so that a build cut short (the process killed, the disk full) leaves nothing
    half made, and the next run makes it whole. It is made on the shipped iah-core unless a
    test gives another questionnaire."""
    existing = ws.find_institution(DEMO_NAME)
    if existing is not None:
        return existing
    with ws.batch():
        return _build(ws, questionnaire or shipped_questionnaire(), progress)


def _build(ws: Workspace, questionnaire: Questionnaire, progress: Callable[[int, int], None] | None) -> Institution:
    inst = ws.save_institution(
        Institution(name=DEMO_NAME, country="Bosnia and Herzegovina", city="Drinska Dolina",
                    type="Public university", size_band="10,000-30,000 students",
                    contact="iah@example.org (fictional)")
    )
    rng = random.Random(2026)
    items = questionnaire.items
    total = len(CYCLES)
    previous_cycle_id = None
    for n, (label, offset, people, finalised) in enumerate(CYCLES):
        areas = [a.id for a in questionnaire.areas]
        if label == "2023/24":  # the first cycle left curriculum out
            areas = [a for a in areas if a != "curriculum" or not _optional(questionnaire, a)]
        cycle = ws.create_cycle(inst.id, label, questionnaire, areas, default_target=3)  # type: ignore[arg-type]
        included = set(cycle.included_areas)
        for p, (name, role) in enumerate(people):
            resp = ws.add_respondent(cycle.id, name, role)
            for k, item in enumerate(items):
                if questionnaire.area_of(item.id).id not in included:
                    continue
                roll = rng.random()
                if roll < 0.05:
                    answer: int | str = DONT_KNOW
                elif roll < 0.07:
                    answer = NOT_APPLICABLE
                else:
                    # mostly close judgements; on about one item in eleven one respondent
                    # sees it two levels apart, so that some items call for discussion
                    noise = rng.choice((-1, 0, 0, 0, 0, 0, 1)) + (rng.choice((-2, 2)) if k % 11 == 0 and p == (k // 11) % len(people) else 0)
                    answer = max(0, min(4, round(_base(item.id) + offset + noise)))
                said = COMMENTS.get(questionnaire.area_of(item.id).id, [])
                fits = answer == DONT_KNOW or (isinstance(answer, int) and answer <= 2)
                comment = said[(k + p) % len(said)] if said and fits and (k * 7 + p * 3) % 9 == 0 else ""
                evidence = EVIDENCE[(k + n) % len(EVIDENCE)] if (k + p) % 6 == 0 else ""
                ws.save_response(resp.id, item.id, answer, comment, evidence)
        # targets: an ambitious few
        for item in items[::9]:
            if questionnaire.area_of(item.id).id in included:
                ws.set_target(cycle.id, item.id, 4)
        result = ws.cycle_result(cycle.id)
        if n == total - 1:
            flagged = [i for i in result.items if i.disagreement][:3]
            for i in flagged:
                ws.set_agreed_level(cycle.id, i.item_id, int(i.median or 0),
                                    "Agreed at the leadership meeting after looking at the evidence together.")
        if n >= total - 2:
            _seed_actions(ws, questionnaire, cycle.id, finished=finalised, previous=previous_cycle_id)
        if finalised:  # at the end of its academic year, not on the day the sample is made
            ws.finalise_cycle(cycle.id, dt.datetime(int(label[:4]) + 1, 7, 15, 12, tzinfo=dt.timezone.utc))
        previous_cycle_id = cycle.id
        if progress:
            progress(n + 1, total)
    return inst


def _optional(q: Questionnaire, area_id: str) -> bool:
    return not q.area(area_id).required


# Who does an action, by how its text begins (the questionnaire's actions name the one who acts
# first): the owner in the plan is the person the action names, not a name taken in turn.
OWNERS = [
    ("The rector's team", "Rector's team"),
    ("The rector's office", "Rector's office"),
    ("The rector", "Rector"),
    ("The vice-rector for teaching", "Vice-rector for teaching"),
    ("The vice-rector for international", "Vice-rector for international relations"),
    ("The vice-rector for students", "Vice-rector for students"),
    ("The vice-rector responsible for internationalisation", "Vice-rector for international relations"),
    ("The vice-rector", "Vice-rector for teaching"),
    ("The head of staff development", "Head of staff development"),
    ("The head of student services", "Head of student services"),
    ("The head of the international", "Head of international office"),
    ("The head of the quality", "Head of quality assurance"),
    ("Programme teams", "Programme leaders"),
    ("Student representatives", "Student representatives"),
    ("The chief financial officer", "Chief financial officer"),
    ("The head of human resources", "Head of human resources"),
    ("The human resources office", "Human resources office"),
    ("The quality assurance office", "Quality assurance office"),
    ("The international office", "International office"),
    ("The staff development unit", "Staff development unit"),
    ("The student services office", "Student services office"),
    ("The communication office", "Communication office"),
    ("The IaH steering group", "IaH steering group"),
    ("The steering group", "IaH steering group"),
    ("Each dean", "Deans"),
    ("Faculties", "Deans"),
]


# "The finance office collects…", "The career centre asks…": an office or a body named first
_BODY = re.compile(r"(?:The|Each) ((?:[\w\-]+ ){0,3}?(?:office|unit|centre|group|team|board|library))\b")


def owner_of(action: str) -> str:
    """The one an action's text names first as doing it; the IaH lead when it names the
    institution, or no one the demo knows."""
    listed = next((owner for start, owner in OWNERS if action.startswith(start)), None)
    if listed is not None:
        return listed
    body = _BODY.match(action)
    return body.group(1)[0].upper() + body.group(1)[1:] if body else "IaH lead"


def _seed_actions(ws: Workspace, q: Questionnaire, cycle_id: int, finished: bool, previous: int | None) -> None:
    """Six actions for the top priorities. In the open cycle, none for an item whose action of the
    cycle before is still open: that one is left to be carried in from the Compare page, as the
    sample's user can try (a fresh copy of it would read as not carried, yet there). Nor for one
    whose action was done: the same words again would read as the first not having been done."""
    result = score_cycle(q, ws.responses(cycle_id), ws.cycle(cycle_id).included_areas,
                         ws.decisions(cycle_id), ws.cycle(cycle_id).default_target)
    # a finished year's actions fall due in it (2024/25: March to August 2025); the open cycle's
    # from the day the sample is made, its first a month past, so that one shows as overdue
    label = ws.cycle(cycle_id).label
    today = dt.date.today()
    statuses = [ActionStatus.DONE, ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.DROPPED,
                ActionStatus.PLANNED, ActionStatus.DONE]
    followed = {a.item_id for a in ws.actions(previous)
                if a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE)} if previous is not None else set()
    chosen = [p for p in result.priorities if p.item_id not in followed][:6]
    for n, p in enumerate(chosen):
        item = q.item(p.item_id)
        ws.save_action(Action(
            cycle_id=cycle_id,
            item_id=p.item_id,
            text=p.action,
            owner=owner_of(p.action),
            due_date=dt.date(int(label[:4]) + 1, 3 + n, 28) if finished else today + dt.timedelta(days=60 * n - 30),
            status=statuses[n] if finished else (ActionStatus.IN_PROGRESS if n == 0 else ActionStatus.PLANNED),
            success_indicator=item.indicators[0] if item.indicators else "",
            notes="Discussed at the senate meeting." if n == 0 else "",
        ))
