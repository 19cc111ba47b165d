"""The public face of reporting: gather a cycle's report data, render it, and the blank questionnaire."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from iah_assess import __version__, compare_service
from iah_assess.domain.comparison import ActionFollowUp, Comparison, Direction, edited_note, who_answered_note
from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.domain.records import LEVEL_NAMES, Action, Response
from iah_assess.domain.scoring import DISAGREEMENT_SPAN, MIN_COVERAGE, ItemResult, band
from iah_assess.reporting import blank, document, sections
from iah_assess.reporting.data import (
    ActionLine,
    AreaChangeLine,
    AreaSection,
    ComparisonPart,
    FollowUpLine,
    GlossaryLine,
    ItemLine,
    ItemMoveLine,
    PreviousCycle,
    PriorityLine,
    Remark,
    ReportData,
    RespondentLine,
    StrengthLine,
    Warning,
)
from iah_assess.storage.workspace import NotFound, Workspace
from iah_assess.wording import counted, local_day

TOOL_NAME = "iah-assess"
# The languages the report's own words exist in; questionnaire texts come in the cycle's language.
REPORT_LANGUAGES = ("en",)
# An item with at least this share of "don't know" answers is flagged.
MANY_DONT_KNOW = 1 / 3
# A proposed plan (when the cycle has no actions yet) lists this many priorities.
PROPOSED_ACTIONS = 10
# The comparison section lists this many of the biggest rises and of the biggest falls among items.
MOVES_SHOWN = 5
PAPERS = ("a4", "letter")


class UnknownLanguage(ValueError):
    """The report is asked for in a language it does not ship in."""

    def __init__(self, language: str):
        super().__init__(
            f"the report is not available in '{language}'; available: {', '.join(REPORT_LANGUAGES)}"
        )
        self.language = language


def check_language(language: str | None) -> str:
    if language is None:
        return REPORT_LANGUAGES[0]
    if language not in REPORT_LANGUAGES:
        raise UnknownLanguage(language)
    return language


def many_dont_know(i: ItemResult) -> bool:
    total = i.n_answered + i.n_dont_know + i.n_not_applicable
    return i.n_dont_know > 0 and i.n_dont_know >= MANY_DONT_KNOW * total


def _listing(titles: list[str], most: int = 6) -> str:
    shown = "; ".join(titles[:most])
    return shown + (f"; and {len(titles) - most} more" if len(titles) > most else "")


def cycle_report_data(
    ws: Workspace,
    cycle_id: int,
    *,
    names: bool = False,
    anonymous: bool = False,
    language: str | None = None,
) -> ReportData:
    """Everything the report of a cycle shows, read from the workspace.

    Respondents appear by role; `names=True` adds their names, `anonymous=True` attributes
    comments and evidence to no one (the cover still counts respondents by role).
    """
    if names and anonymous:
        raise ValueError("a report cannot both show names and be anonymous")
    lang = check_language(language)
    cycle = ws.cycle(cycle_id)
    q = ws.cycle_questionnaire(cycle)
    inst = ws.institution(cycle.institution_id)
    result = ws.cycle_result(cycle_id)
    people = {r.id: r for r in ws.respondents(cycle_id)}

    def by(respondent_id: int) -> str:
        if anonymous:
            return "A respondent"
        r = people.get(respondent_id)
        if r is None:
            return "A respondent"
        return f"{r.name} ({r.role})" if names else r.role

    remarks: dict[str, list[Remark]] = {}
    responses: list[Response] = sorted(ws.responses(cycle_id), key=lambda r: (r.item_id, r.respondent_id))
    for r in responses:
        for kind, text in (("comment", r.comment), ("evidence", r.evidence)):
            if text.strip():
                remarks.setdefault(r.item_id, []).append(Remark(kind, text, by(r.respondent_id)))
    if anonymous:  # the order of answers must not point to a person either
        for lst in remarks.values():
            lst.sort(key=lambda m: (m.kind, m.text))

    decisions = ws.decisions(cycle_id)

    def agreed_note(i: ItemResult) -> str:
        d = decisions.get(i.item_id)
        return d.agreed_note if i.agreed and d is not None else ""

    areas = []
    for a in result.areas:
        area = q.area(a.area_id)
        items = tuple(
            ItemLine(
                id=i.item_id,
                title=q.item(i.item_id).title,
                statement=q.item(i.item_id).statement,
                foundation=i.foundation,
                level=i.level,
                agreed=i.agreed,
                n_answered=i.n_answered,
                n_dont_know=i.n_dont_know,
                n_not_applicable=i.n_not_applicable,
                low=i.min,
                high=i.max,
                target=i.target,
                gap=i.gap,
                disagreement=i.disagreement,
                many_dont_know=many_dont_know(i),
                remarks=tuple(remarks.get(i.item_id, ())),
                agreed_note=agreed_note(i),
            )
            for i in a.items
        )
        areas.append(
            AreaSection(
                id=a.area_id, title=area.title, description=area.description, included=a.included,
                score=a.score, band=None if a.score is None else band(a.score), coverage=a.coverage,
                n_items=a.n_items, n_scored=a.n_scored, n_dont_know=a.n_dont_know,
                enough_answers=a.enough_answers, items=items,
            )
        )

    def title(item_id: str) -> str:
        return q.item(item_id).title

    prios = tuple(
        PriorityLine(
            rank=p.rank, item_id=p.item_id, item_title=title(p.item_id), area_title=q.area(p.area_id).title,
            level=p.level, target=p.target, gap=p.gap, foundation=p.foundation, action=p.action,
        )
        for p in result.priorities
    )
    # an item at level 0 (not started) is no strength, however the others stand
    strongest = tuple(
        StrengthLine(i.item_id, title(i.item_id), q.area(i.area_id).title, i.level, i.agreed)  # type: ignore[arg-type]
        for i in result.strongest(3) if i.level
    )

    warnings: list[Warning] = []
    for a in areas:
        if not a.included:
            warnings.append(Warning("not assessed", f"{a.title} was left out of this cycle."))
        elif not a.enough_answers:
            warnings.append(Warning(
                "not enough answers",
                f"{a.title} has a level on only {a.n_scored} of {a.n_items} items, so it has no score "
                f"(an area needs a level on at least {MIN_COVERAGE:.0%} of its items).",
            ))
    scored_items = [i for a in areas if a.included for i in a.items]
    disputed = [i.title for i in scored_items if i.disagreement and not i.agreed]
    if disputed:
        warnings.append(Warning(
            "disagreement",
            f"Answers differ by {DISAGREEMENT_SPAN} levels or more on {counted(len(disputed), 'item')} without an "
            f"agreed level: {_listing(disputed)}. Discuss them and record an agreed level.",
        ))
    unknown = [i.title for i in scored_items if i.many_dont_know]
    if unknown:
        warnings.append(Warning(
            "don't know",
            f"Many \"don't know\" answers (a third or more) on {counted(len(unknown), 'item')}: {_listing(unknown)}. "
            "They show where information is missing.",
        ))

    comparison = _comparison_part(ws, cycle_id)
    if comparison is not None and (left := sum(a.left_open for a in comparison.actions)):
        warnings.append(Warning(
            "left open",
            f"{counted(left, 'action')} of {comparison.previous_label} still planned or in progress "
            f"{'was' if left == 1 else 'were'} not carried into this cycle's plan: see \"Actions of "
            f"{comparison.previous_label}\" under Change since {comparison.previous_label}.",
        ))

    foundation = {i.id for i in q.items if i.foundation}
    stored = ws.actions(cycle_id)
    if stored:  # in the team's own order, numbered as the app numbers them
        actions = tuple(
            ActionLine(
                number=n + 1, item_id=x.item_id,
                item_title=_item_title(q, x.item_id), foundation=x.item_id in foundation,
                text=x.text, owner=x.owner, due_date=x.due_date, status=x.status.value,
                success_indicator=x.success_indicator, carried_from=_carried_from(ws, x), notes=x.notes,
            )
            for n, x in enumerate(stored)
        )
    else:
        top = prios[:PROPOSED_ACTIONS]  # in the priorities' order, which puts urgent foundation items first
        actions = tuple(
            ActionLine(
                number=n + 1, item_id=p.item_id, item_title=p.item_title, foundation=p.foundation,
                text=p.action, owner="", due_date=None, status="proposed",
                success_indicator=(q.item(p.item_id).indicators or [""])[0],
            )
            for n, p in enumerate(top)
        )

    previous = None
    cycles = ws.cycles(cycle.institution_id)  # oldest first, by the years they are about
    earlier = cycles[:[c.id for c in cycles].index(cycle.id)]
    if earlier:
        prev = earlier[-1]
        prev_result = ws.cycle_result(prev.id)
        known = {a.area_id: a for a in prev_result.areas}
        then = [(a.id, known.get(a.id)) for a in areas]
        previous = PreviousCycle(
            label=prev.label, index=prev_result.index,
            area_scores=tuple((i, r.score if r else None) for i, r in then),
            # why an area had no score, as the comparison says it: one not in that cycle was not assessed
            area_status=tuple((i, "not enough answers" if r and r.included else "not assessed")
                              for i, r in then if r is None or r.score is None),
        )

    return ReportData(
        institution=inst.name,
        cycle_label=cycle.label,
        cycle_status=cycle.status.value,
        questionnaire_id=q.id,
        questionnaire_title=q.title,
        questionnaire_version=q.version,
        questionnaire_hash=cycle.questionnaire_hash,
        language=lang,
        tool_name=TOOL_NAME,
        tool_version=__version__,
        names_shown=names,
        anonymous=anonymous,
        respondents=tuple(
            RespondentLine(r.role, r.name if names else None) for r in people.values()
        ),
        index=result.index,
        band=result.band,
        level_names=LEVEL_NAMES,
        min_coverage=MIN_COVERAGE,
        disagreement_span=DISAGREEMENT_SPAN,
        weights_equal=len({i.weight for i in q.items}) <= 1,
        areas=tuple(areas),
        priorities=prios,
        strongest=strongest,
        warnings=tuple(warnings),
        actions=actions,
        actions_proposed=not stored,
        glossary=tuple(GlossaryLine(g.term, g.definition) for g in q.glossary),
        previous=previous,
        comparison=comparison,
        answering=len({r.respondent_id for r in responses if r.answer is not None}),
        finalised_on=local_day(cycle.finalised_at) if cycle.finalised else None,
        changed_on=local_day(cycle.updated_at),
    )


def _comparison_part(ws: Workspace, cycle_id: int) -> ComparisonPart | None:
    """The change since the previous cycle of the institution, or None for its first cycle."""
    before = compare_service.previous_cycle(ws, cycle_id)
    if before is None:
        return None
    return comparison_part(compare_service.comparison_for(ws, [before.id, cycle_id]))


def follow_up_lines(follow_ups: Iterable[ActionFollowUp]) -> tuple[FollowUpLine, ...]:
    """The previous cycle's actions as report lines: item, text, owner, due date, where it stands, carried."""
    return tuple(
        FollowUpLine(
            item_title=f.item_title or ("General" if f.action.item_id is None else f.action.item_id),
            text=f.action.text, owner=f.action.owner, due_date=f.action.due_date,
            status=f.status.value, carried=f.carried_to is not None,  # the copy's status, once carried
        )
        for f in follow_ups
    )


def comparison_part(comparison: Comparison) -> ComparisonPart:
    """The report's view of the last step of a comparison: area changes, item moves, last actions."""
    step = comparison.steps[-1]
    k = len(comparison.cycles) - 1
    areas = tuple(
        AreaChangeLine(
            area_id=row.area_id, title=row.title,
            previous=row.scores[k - 1].score, current=row.scores[k].score,
            previous_status=row.scores[k - 1].status.text, current_status=row.scores[k].status.text,
            delta=row.changes[k - 1].delta,
            direction=None if row.changes[k - 1].direction is None else row.changes[k - 1].direction.value,
        )
        for row in comparison.areas
    )
    area_titles = {row.area_id: row.title for row in comparison.areas}
    order = {id(i): n for n, i in enumerate(step.items)}
    # items that moved a whole level or more, as the comparison counts a move (half a level is steady)
    compared = [i for i in step.items if i.moved in (Direction.UP, Direction.DOWN)]

    def move(i) -> ItemMoveLine:
        return ItemMoveLine(i.item_id, i.title, area_titles.get(i.area_id, i.area_id), i.previous_level, i.level)

    rises = sorted((i for i in compared if i.change > 0), key=lambda i: (-i.change, order[id(i)]))
    falls = sorted((i for i in compared if i.change < 0), key=lambda i: (i.change, order[id(i)]))
    if not step.same_questionnaire:
        note = (f"{step.previous} and {step.current} use different questionnaires, so their items are not "
                "compared; only the area scores are.")
    elif step.previous_version != step.current_version:
        note = (f"The questionnaire was revised between the cycles (version {step.previous_version} to "
                f"{step.current_version}); items are matched by their id and by the items they replace.")
    elif step.edit is not None:
        note = edited_note(step)
    else:
        note = ""
    actions = follow_up_lines(step.actions)
    return ComparisonPart(
        previous_label=step.previous,
        previous_index=step.index.previous,
        index=step.index.current,
        index_delta=step.index.delta,
        index_direction=None if step.index.direction is None else step.index.direction.value,
        index_note=step.index.note,
        threshold=comparison.threshold,
        questionnaire_note=note,
        areas=areas,
        rises=tuple(move(i) for i in rises[:MOVES_SHOWN]),
        falls=tuple(move(i) for i in falls[:MOVES_SHOWN]),
        actions=actions,
        respondents_note=who_answered_note(comparison.cycles[-2], comparison.cycles[-1]),
    )


def _carried_from(ws: Workspace, action: Action) -> str | None:
    """The label of the cycle an action was carried from; None when it was not carried, or its
    original is gone. Without it a carried action read as new in this cycle's plan."""
    if action.carried_from is None:
        return None
    try:
        return ws.cycle(ws.action(action.carried_from).cycle_id).label
    except NotFound:
        return None


def _item_title(q: Questionnaire, item_id: str | None) -> str:
    if item_id is None:
        return "General"
    try:
        return q.item(item_id).title
    except KeyError:
        return item_id


def _paper(paper: str) -> str:
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size '{paper}'; use one of: {', '.join(PAPERS)}")
    return paper


def overdue_warning(actions: Iterable[ActionLine], day: dt.date, closed: bool = False) -> Warning | None:
    """The warning that actions are overdue on `day`, the report's date, or were on the day a
    finalised (`closed`) cycle was finalised; None when none is."""
    overdue = [a for a in actions if a.overdue(day)]
    late = len(overdue)
    if not late:
        return None
    # which, by whom and since when, so that the board need not look them up in the plan
    named = "; ".join(f"action {a.number}, {a.item_title or 'no item'} ({a.owner or 'no owner'}, due "
                      f"{a.due_date.isoformat()})" for a in overdue[:3] if a.due_date is not None)
    named += f"; and {late - 3} more" if late > 3 else ""
    if closed:
        return Warning("overdue", f"{counted(late, 'action')} in the plan {'was' if late == 1 else 'were'} overdue when "
                                  f"the cycle was finalised on {day.isoformat()}, due before it and still planned or "
                                  f"in progress: {named}.")
    return Warning("overdue", f"{counted(late, 'action')} in the plan {'is' if late == 1 else 'are'} overdue, "
                              f"due before {day.isoformat()} and still planned or in progress: {named}.")


def render_cycle_report(data: ReportData, *, paper: str = "a4", generated_on: dt.date | None = None) -> bytes:
    """The cycle report as PDF bytes. With `generated_on` set the output is byte-for-byte reproducible."""
    paper = _paper(paper)
    day = generated_on or dt.date.today()
    # what is overdue depends on the report's date, which the data does not know (or, for a
    # finalised cycle, on the day it was finalised)
    late = overdue_warning(data.actions, sections.overdue_on(data, day), data.finalised_on is not None)
    if late is not None:
        data = dataclasses.replace(data, warnings=(*data.warnings, late))
    return document.build(
        sections.story(data, day, document.text_width(paper)),
        paper=paper,
        title=f"{data.institution}: Internationalisation at Home, cycle {data.cycle_label}",
        author=data.institution,
        subject=f"Self-assessment report and action plan ({data.questionnaire_id} {data.questionnaire_version})",
        language=data.language,
        # on every page, not on the cover only: a page passed round alone still says it is provisional
        header=(data.institution, f"Cycle {data.cycle_label}" + (" (open, provisional)"
                                                                  if data.cycle_status != "finalised" else "")),
        footer=f"{data.tool_name} {data.tool_version} · {day.isoformat()}",
        generated_on=generated_on,
    )


def blank_questionnaire_pdf(q: Questionnaire, *, paper: str = "a4", generated_on: dt.date | None = None,
                            content_hash: str | None = None) -> bytes:
    """Every item with its guidance, evidence prompts, level descriptors and room for notes.
    `content_hash` is the questionnaire's as its file gives it, where `q` is a translation of it:
    the one a cycle's report prints, so that the two can be told to be the same questionnaire."""
    return blank.render_blank(q, TOOL_NAME, __version__, _paper(paper), generated_on, content_hash)
