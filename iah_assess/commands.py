"""The command line's commands other than the GUI, each `cmd_<name>(args) -> exit code`.

`cli` parses the arguments and imports this module only when one of these commands runs, so
that starting the app loads none of what they need (the questionnaire model, YAML, scoring).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from iah_assess.catalog import Catalog
from iah_assess.catalog.loader import LoadedQuestionnaire, QuestionnaireInvalid, check_paths, json_schema
from iah_assess.cli import AppHasIt, UsageError, UserError, data_dir
from iah_assess.domain.records import points
from iah_assess.domain.scoring import CycleResult
from iah_assess.domain.summary import index_partial
from iah_assess.export import level_value, responses_file_for, rounded, scores_file_named
from iah_assess.storage import db, paths
from iah_assess.storage.workspace import CycleFinalised, Workspace, name_key, one_line
from iah_assess.wording import counted

if TYPE_CHECKING:  # the comparison is imported only by the command that compares, the lock by those that swap
    from iah_assess.domain.comparison import Change, Comparison
    from iah_assess.domain.questionnaire import Questionnaire
    from iah_assess.domain.records import Cycle, Institution
    from iah_assess.domain.summary import ScoreSummary
    from iah_assess.storage import recovery
    from iah_assess.storage.lock import WorkspaceLock

log = logging.getLogger(__name__)

# --- helpers -------------------------------------------------------------------------------


def _catalog(args: argparse.Namespace) -> Catalog:
    return Catalog(paths.user_questionnaire_dir(data_dir(args)))


def _workspace(args: argparse.Namespace, read_only: bool = False, create: bool = False) -> Workspace:
    """The workspace, to read, or to change; a command that changes it holds the same lock as
    the app, so that it never writes under an open window (R16). Only a command that `create`s
    (demo) makes one where there is none: any other would leave an empty workspace behind and
    then say that what it was asked for is not in it."""
    folder = data_dir(args)
    file = folder / db.WORKSPACE_FILE
    if kept := db.backups_of_a_lost_workspace(file):
        state = "is empty (0 bytes)" if file.exists() else "is missing"
        raise UserError(f"the workspace {file} {state}, but {folder / db.BACKUP_DIR} holds "
                        f"{counted(len(kept), 'backup')} of it. If it was deleted or cut short by mistake, run "
                        f"`iah-assess restore` to put the newest sound backup in its place. To start a new, empty "
                        f"workspace instead, start the app and choose so. Nothing was changed.")
    if not create and _none_yet(file):
        raise UserError(f"there is no workspace in {folder} yet; run `iah-assess demo` or start the app.")
    if read_only:
        return Workspace(file, read_only=True)
    if (risk := paths.data_folder_risk(folder)) is not None:
        print(f"iah-assess: warning: the data folder {folder} is in {risk}, where the workspace can be damaged; "
              f"keep it on this computer's own disk (the usual place is {paths.data_dir_default()}).", file=sys.stderr)
    ws = Workspace.open_single_writer(file)
    if ws.read_only:
        ws.close()
        if ws.waiting_for_lock:
            raise _app_has_it(folder)
        raise UserError(f"{ws.read_only_reason} Nothing was changed.")
    return ws


def _none_yet(file: Path) -> bool:
    """Whether there is no workspace yet: no file, or an empty one (0 bytes), and no backups of
    one (else it was lost: see db.backups_of_a_lost_workspace)."""
    return db.holds_nothing(file) and not db.backups_of_a_lost_workspace(file)


def _print_json(data: object) -> None:
    """Print `data` as JSON that reads back exactly, whatever the output's encoding: letters as
    they are when the output is UTF-8, else as \\u escapes (plain ASCII), as in a code page
    without Ж the letter would be written as '?' (cli._never_fail_on_a_letter) and the name lost."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    print(json.dumps(data, indent=2, ensure_ascii=not utf8))


def _app_has_it(folder: Path) -> AppHasIt:
    """The refusal of a command that would change (or copy) the workspace in `folder` while the app
    has it open: the same words whether the workspace or the app's lock said so."""
    return AppHasIt(f"the workspace in {folder} is open in the iah-assess app; close the app, then run the command "
                    f"again (nothing was changed).")


def _questionnaire(args: argparse.Namespace, ref: str) -> LoadedQuestionnaire:
    try:
        return _catalog(args).get(ref)
    except LookupError as exc:
        raise UserError(str(exc).strip("'\"")) from None
    except QuestionnaireInvalid as exc:  # one line, as every error: the problems are validate's to list
        raise UserError(f"{ref} is not valid ({counted(len(exc.problems), 'problem')}); run `iah-assess validate {ref}`") from None


def _find_cycle(ws: Workspace, label: str, institution: str | None) -> Cycle:
    """The cycle of that label (in the institution named, if one is), found as an institution's name
    is: whatever the case of a letter and however its accents are encoded ("пилот 2025" is "Пилот
    2025"), when only one cycle is so; what is wrong otherwise said with what there is."""
    inst = None
    if institution is not None:
        inst = ws.find_institution(institution)
        if inst is None:
            known = "; ".join(i.name for i in ws.institutions()) or "none"
            raise UserError(f"there is no institution '{institution}' (known: {known})")
    cycles = ws.cycles(inst.id) if inst is not None else ws.cycles()
    matches = ([c for c in cycles if c.label == one_line(label)] or [c for c in cycles if one_line(c.label) == one_line(label)]
               or [c for c in cycles if name_key(c.label) == name_key(label)])
    if len(matches) == 1:
        return matches[0]
    if len({c.institution_id for c in matches}) > 1:
        names = "; ".join(ws.institution(i).name for i in dict.fromkeys(c.institution_id for c in matches))
        raise UserError(f"several institutions have a cycle '{one_line(label)}': {names}; add --institution NAME")
    if matches:  # two labels in one institution that differ only in case: the one typed, exactly
        raise UserError(f"several cycles match '{one_line(label)}': {', '.join(c.label for c in matches)}; give the "
                        f"label exactly as `iah-assess list` shows it")
    if inst is not None:
        theirs = ", ".join(c.label for c in cycles) or "none yet"
        raise UserError(f"{inst.name} has no cycle '{one_line(label)}'; its cycles: {theirs}")
    raise UserError(f"no cycle labelled '{one_line(label)}' (see `iah-assess list`)")


def _expanded(given: str, what: str = "-o") -> Path:
    """The path `given`, with a leading ~ or ~user made the home folder, once, for the check and
    the writing alike (a check on ~/r.pdf and a write to a folder '~' said "the folder ~ does
    not exist"). A user not known here, or no home folder, is a usage error naming it."""
    try:
        return Path(given).expanduser()
    except RuntimeError:  # ~nouser/x.pdf; ~ with no HOME
        head = Path(given).parts[0]
        if head == "~":
            raise UsageError(f"{what} {given}: the home folder (~) is not known here; give the whole path") from None
        raise UsageError(f"{what} {given}: there is no user '{head[1:]}' here, so {head} is no folder; give the "
                         f"whole path") from None


def _output(given: str, example: str, endings: Sequence[str]) -> Path:
    """The file named with -o, ~ made the home folder, once checked (see _check_output)."""
    _check_output(given, example, endings)
    return _expanded(given)


def _check_output(given: str | None, example: str, endings: Sequence[str]) -> None:
    """An empty -o is a mistake, not "no file" (compare would print instead) nor the current
    folder (report would say " is a folder"), and so are a name without one of the `endings`
    (report once wrote r.txt.pdf for r.txt, and a file '-.pdf' for -o -) and a file in a folder
    that is not there: said before any work is done, with the fix. A name that is empty, '-' or
    without the ending is a usage error (exit 2), as an empty argument is; a folder that is not
    there, an error (exit 1)."""
    if given is None:
        return
    if not given.strip():
        raise UsageError(f"-o needs a file name, such as -o {example}")
    ends = " or ".join((", ".join(endings[:-1]), endings[-1]) if len(endings) > 1 else endings)
    if given == "-":
        raise UsageError(f"-o - (the standard output) is not offered; give a file name ending in {ends}, such as -o {example}")
    if Path(given).suffix.lower() not in endings:
        raise UsageError(f"choose a file name ending in {ends}, not '{Path(given).name}', such as -o {example}")
    folder = _expanded(given).parent
    try:
        there = folder.is_dir()
    except OSError:  # a name too long to look up: the writing names the file and the fix
        return
    if not there:
        raise UserError(f"could not write {given}: the folder {folder} does not exist; create it or give another -o")


def _cannot_write(exc: OSError, folder: Path) -> str:
    """Why a file could not be written in `folder`, in the user's words."""
    import errno

    return {errno.EROFS: "the folder is read-only", errno.EACCES: f"you may not write in {folder}",
            errno.EPERM: f"you may not write in {folder}", errno.ENOSPC: "no space left on the device",
            errno.EDQUOT: "the disk quota is used up"}.get(exc.errno, exc.strerror or str(exc))  # type: ignore[call-overload]


SCORES_FORMAT = "iah-assess/cycle-scores"


def result_json(ws: Workspace, cycle_id: int, result: CycleResult) -> dict:
    """What `score --json` prints: a cycle's scores and its first priorities, versioned as the
    other JSON formats are."""
    cycle = ws.cycle(cycle_id)
    q = ws.cycle_questionnaire(cycle)
    inst = ws.institution(cycle.institution_id)
    return {
        "format": SCORES_FORMAT,
        "format_version": 1,
        "institution": inst.name,
        "cycle": cycle.label,
        "status": cycle.status.value,
        "questionnaire": {"id": q.id, "version": q.version, "hash": cycle.questionnaire_hash},
        "respondents": result.n_respondents,
        "overall_index": rounded(result.index),
        "band": result.band,
        "index_partial": index_partial(result),
        "areas": [
            {
                "id": a.area_id,
                "title": q.area(a.area_id).title,
                "included": a.included,
                "score": rounded(a.score),
                "coverage": rounded(a.coverage, 4),
                "status": "not assessed" if not a.included else ("scored" if a.score is not None else "not enough answers"),
                "dont_know": a.n_dont_know,
            }
            for a in result.areas
        ],
        "priorities": [
            {"rank": p.rank, "item": p.item_id, "level": level_value(p.level), "target": p.target,
             "gap": level_value(p.gap), "foundation": p.foundation, "action": p.action}
            for p in result.priorities[:10]
        ],
    }


# --- commands ------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    found = check_paths([Path(p) for p in args.paths], paths.user_questionnaire_dir(data_dir(args)),
                        stored=lambda: _stored_questionnaires(args))
    checked, problems = found.checked, found.problems
    for p in problems:
        print(p)
    for note in found.notes:  # what may be wrong in a file that can be used all the same
        print(note.as_note())
    noted = f", with {counted(len(found.notes), 'note')}" if found.notes else ""
    if problems:
        print(f"{counted(len(problems), 'problem')} in {counted(checked, 'questionnaire')} checked{noted}.", file=sys.stderr)
        return 1
    print(f"{counted(checked, 'questionnaire')} valid{noted}.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json_schema())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    lq = _questionnaire(args, args.questionnaire)
    try:
        q, completeness = lq.resolved(args.lang)
    except KeyError:
        raise UserError(f"no '{args.lang}' translation of {lq.questionnaire.id}; languages: {', '.join(lq.languages)}") from None
    if args.json:
        data = q.model_dump(mode="json")
        data["content_hash"] = lq.questionnaire.content_hash()
        data["completeness"] = {"language": completeness.language, "translated": completeness.translated, "total": completeness.total}
        _print_json(data)
        return 0
    print(f"{q.title} ({q.id} {q.version}), language {completeness.language}: {completeness.share:.0%} translated")
    print(q.description)
    for area in q.areas:
        req = "required" if area.required else "optional"
        print(f"\n{area.title} [{area.id}, {req}, {counted(len(area.items), 'item')}]")
        for item in area.items:
            mark = " (foundation)" if item.foundation else ""
            print(f"  {item.id}: {item.title}{mark}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from iah_assess.demo import DEMO_NAME, ensure_demo

    with _workspace(args, create=True) as ws:
        existed = ws.find_institution(DEMO_NAME) is not None
        inst = ensure_demo(ws)  # on the shipped iah-core, whatever the user's folder holds
        n = len(ws.cycles(inst.id))
    verb = "is already" if existed else "was created"
    print(f"The sample institution '{inst.name}' {verb} in {data_dir(args)} with {counted(n, 'cycle')}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if args.questionnaires:
        return _list_questionnaires(args)
    folder = data_dir(args)
    if _none_yet(folder / db.WORKSPACE_FILE):
        if args.json:  # a script gets the document, with nothing in it
            _print_json({"format": LIST_FORMAT, "format_version": 1, "institutions": []})
        else:
            print(f"No workspace in {folder} yet. Start the app (`iah-assess`) to set up your institution, or run "
                  f"`iah-assess demo` for the sample institution.")
        return 0
    with _workspace(args, read_only=True) as ws:
        listed = [(inst, [(cycle, ws.cycle_summary(cycle.id), len(ws.respondents(cycle.id))) for cycle in ws.cycles(inst.id)])
                  for inst in ws.institutions()]
    if args.json:
        _print_json(list_json(listed))
        return 0
    if not listed:
        print("No institutions yet.")
    lines: list[str | tuple[str, ...]] = []  # an institution's line, or a cycle's columns
    for inst, cycles in listed:
        where = ", ".join(x for x in (inst.city, inst.country) if x)
        lines.append(f"{inst.name}" + (f" ({where})" if where else ""))
        for cycle, result, people in cycles:
            index = "—" if result.index is None else (f"{points(result.index)} ({result.band}, partial)"
                                                       if result.unscored_areas else f"{points(result.index)} ({result.band})")
            progress = counted(people, "respondent")
            if not cycle.finalised:
                progress += f", {result.n_answers} of {counted(people * result.n_items, 'answer')} given"
            lines.append((cycle.label, cycle.status.value, f"{cycle.questionnaire_id} {cycle.questionnaire_version}",
                          f"index {index}", progress))
    # each column as wide as its longest entry, so that the columns line up whatever the labels
    # (a label longer than LIST_LABEL_MAX only pushes its own line along)
    cells = [line for line in lines if isinstance(line, tuple)]
    widths = [max((len(c[k]) for c in cells if k or len(c[k]) <= LIST_LABEL_MAX), default=0) for k in range(4)]
    for line in lines:
        print(line if isinstance(line, str) else "  " + "  ".join(f"{c:<{w}}" for c, w in zip(line, widths, strict=False))
              + "  " + line[-1])
    return 0


LIST_FORMAT = "iah-assess/list"
QUESTIONNAIRE_LIST_FORMAT = "iah-assess/questionnaire-list"


def list_json(listed: Sequence[tuple[Institution, Sequence[tuple[Cycle, ScoreSummary, int]]]]) -> dict:
    """What `list --json` prints: each institution with its cycles, as the text lists them, with
    each cycle's `respondents` people and, for an open cycle, the answers given of those asked for."""
    return {
        "format": LIST_FORMAT,
        "format_version": 1,
        "institutions": [
            {"name": inst.name, "country": inst.country, "city": inst.city, "cycles": [
                {"label": cycle.label, "status": cycle.status.value,
                 "questionnaire": {"id": cycle.questionnaire_id, "version": cycle.questionnaire_version,
                                   "hash": cycle.questionnaire_hash},
                 "respondents": people, "overall_index": rounded(result.index), "band": result.band,
                 "index_partial": index_partial(result),
                 "answers": None if cycle.finalised else {"given": result.n_answers, "expected": people * result.n_items}}
                for cycle, result, people in cycles]}
            for inst, cycles in listed
        ],
    }


def _list_questionnaires(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    entries = catalog.entries(notes=True, stored=lambda: _stored_questionnaires(args))
    user_folder = paths.user_questionnaire_dir(data_dir(args))
    if args.json:
        _print_json({
            "format": QUESTIONNAIRE_LIST_FORMAT,
            "format_version": 1,
            "user_folder": str(user_folder),
            "questionnaires": [
                {"id": e.loaded.questionnaire.id, "version": e.loaded.questionnaire.version,
                 "title": e.loaded.questionnaire.title, "path": str(e.path),
                 "source": "shipped" if e.path.is_relative_to(catalog.shipped) else "user",
                 "notes": [str(n) for n in e.notes]}
                for e in entries if e.loaded is not None],
            "unusable": [{"path": str(e.path), "problems": [str(p) for p in e.problems]} for e in entries if e.loaded is None],
        })
        return 0
    for entry in entries:
        if entry.loaded:
            q = entry.loaded.questionnaire
            noted = f"; {counted(len(entry.notes), 'note')}: run `iah-assess validate {entry.path}`" if entry.notes else ""
            print(f"{q.id} {q.version}  {q.title}  ({entry.path}){noted}")
        else:
            print(f"INVALID  {entry.path}: {counted(len(entry.problems), 'problem')}; run `iah-assess validate {entry.path}`")
    # only said, not made: a command that reads leaves the data folder as it is (the app makes it)
    print(f"User questionnaires folder: {user_folder}" + ("" if user_folder.is_dir() else
          " (not there yet: make that folder and put your questionnaire files in it, or open the app's "
          "New cycle page, which makes it)"))
    return 0


def _stored_questionnaires(args: argparse.Namespace) -> list[Questionnaire]:
    """The questionnaires the workspace's cycles ran on, as the app checks a 'replaces' against
    them too; none when there is no workspace, or it cannot be read (the reading commands say why)."""
    file = data_dir(args) / db.WORKSPACE_FILE
    if db.holds_nothing(file):
        return []
    try:
        with _workspace(args, read_only=True) as ws:
            return ws.stored_questionnaires()
    except db.UNREADABLE:
        return []


LIST_LABEL_MAX = 30


def cmd_score(args: argparse.Namespace) -> int:
    with _workspace(args, read_only=True) as ws:
        cycle = _find_cycle(ws, args.cycle, args.institution)
        result = ws.cycle_result(cycle.id)
        data = result_json(ws, cycle.id, result)
        answering = len({r.respondent_id for r in ws.responses(cycle.id) if r.answer is not None})
    if args.json:
        _print_json(data)
        return 0
    people = counted(data["respondents"], "respondent")
    if answering < data["respondents"]:  # the scores rest on those who answered, as the report says
        people += f" ({answering} with answers)"
    print(f"{data['institution']}, cycle {data['cycle']} ({data['status']}), {people}")
    # whole points from the unrounded scores: the JSON's are rounded to two decimals already
    for a, scored in zip(data["areas"], result.areas, strict=True):
        shown = a["status"] if scored.score is None else str(points(scored.score))
        coverage = f"coverage {a['coverage']:.0%}" if scored.included else "coverage —"  # left out: never 0
        print(f"  {a['title']:<30} {shown:>20}   {coverage}")
    index = "not enough answers" if result.index is None else f"{points(result.index)} ({data['band']})"
    print(f"  {'Overall index':<30} {index:>20}")
    if result.index is not None and (short := result.unscored_areas):  # as the app says: the index rests on the others
        print(f"  {partial_index(short)}")
    return 0


def partial_index(unscored: int, label: str | None = None) -> str:
    """What score and compare say of an overall index beside `unscored` areas without a score (of
    the cycle `label`, when several are shown): it is the mean of the others."""
    index = "overall index" if label is None else f"overall index of {label}"
    return f"The {index} is partial: {counted(unscored, 'area')} without a score, the mean of the others."


def _deleted(args: argparse.Namespace, what: str, delete: Callable[[], Path]) -> Path | None:
    """Delete `what` once the user confirms it (see _deletion_confirmed); the copy of the workspace
    kept first, or None when the user said no."""
    if not _deletion_confirmed(args, what):
        return None
    try:
        return delete()
    except db.WorkspaceError as exc:
        raise UserError(str(exc)) from None


def _deletion_confirmed(args: argparse.Namespace, what: str) -> bool:
    """Whether the user confirms deleting `what`: --yes, or "y" typed at the question; with
    neither and no terminal to ask on, the command is refused, saying what it would delete."""
    if args.yes:
        return True
    if not _can_ask():
        raise UserError(f"this would delete {what}; add --yes to confirm.")
    if _yes(f"Delete {what}? [y/N] "):
        return True
    print("Nothing was deleted.", file=sys.stderr)
    return False


def _can_ask() -> bool:
    """Whether there is a terminal to ask on: not when the input is a file or pipe, nor when it is
    closed (`<&-`, a service), where Python has no sys.stdin at all."""
    return sys.stdin is not None and sys.stdin.isatty()


def _yes(question: str) -> bool:
    """Whether "y" is typed at the question; the end of input (Ctrl+D) is no. The question, like the
    answer to a no, goes to stderr, the terminal's still when the output is redirected to a file
    (`> del.log`), where it was unseen and the command seemed to hang."""
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = input()
    except EOFError:
        print(file=sys.stderr)  # the prompt's line ends
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_delete_cycle(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        cycle = _find_cycle(ws, args.cycle, args.institution)
        try:  # refused before anyone is asked to confirm
            ws.check_deletable(cycle)
        except CycleFinalised as exc:  # the storage's words, and the command line's way out
            raise UserError(f"{exc} `iah-assess delete-institution` deletes an institution with all its cycles.") from None
        except db.WorkspaceError as exc:
            raise UserError(str(exc)) from None
        n = ws.cycle_size(cycle.id)
        what = (f"cycle {cycle.label} of {ws.institution(cycle.institution_id).name} with {counted(n['respondents'], 'respondent')}, "
                f"{counted(n['answers'], 'answer')}, agreed levels and targets for {counted(n['decisions'], 'item')} and "
                f"{counted(n['actions'], 'action')}")
        copy = _deleted(args, what, lambda: ws.delete_cycle(cycle.id))
    if copy is None:
        return 1
    print(f"Deleted {what}. The workspace as it was before is kept in {copy}; `iah-assess restore {copy.name}` "
          f"brings it back.")
    return 0


def cmd_delete_institution(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        inst = ws.find_institution(args.institution)
        if inst is None:
            known = "; ".join(i.name for i in ws.institutions()) or "none"
            raise UserError(f"there is no institution '{args.institution}' (known: {known}); nothing was deleted.")
        n = ws.institution_size(inst.id)
        finalised = f" ({n['finalised']} finalised)" if n["finalised"] else ""
        what = (f"{inst.name} with {counted(n['cycles'], 'cycle')}{finalised}, "
                f"{counted(n['respondents'], 'respondent')}, {counted(n['answers'], 'answer')} and "
                f"{counted(n['actions'], 'action')}")
        copy = _deleted(args, what, lambda: ws.delete_institution(inst.id))
    if copy is None:
        return 1
    print(f"Deleted {what}. The workspace as it was before is kept in {copy}; `iah-assess restore {copy.name}` "
          f"brings it back.")
    return 0


def _cycles_by_label(ws: Workspace, labels: Sequence[str], institution: str | None) -> list:
    cycles = [_find_cycle(ws, label, institution) for label in labels]
    if len({c.institution_id for c in cycles}) > 1:
        raise UserError("these cycles belong to different institutions; name one with --institution")
    return cycles


def comparison_text(comparison: Comparison, data: dict) -> list[str]:
    """The lines `compare` prints. The scores and their changes come from the comparison itself,
    in whole points (the JSON's, rounded to two decimals, would be rounded twice: 55.499 is 55,
    not 56); the rest from the JSON structure that `compare --json` prints."""
    c = comparison
    # a cycle's column: its score right-aligned, so scores line up whatever the change beside them
    statuses = [a.status.text for area in c.areas for a in area.scores if a.score is None]
    score_w = max(4, *(len(text) for text in (*c.labels, *statuses)))  # the widest label or "not enough answers"
    width = score_w + 8  # and " ▲+12" beside it
    lines = [f"{data['institution']}: {', '.join(c.labels)}",
             f"(a change of less than {c.threshold:g} points is steady; '—' = no score)", ""]

    def cell(score: float | int | None, status: str, change: Change | None = None) -> str:
        shown = f"{status if score is None else points(score):>{score_w}}"
        if change is not None and change.delta is not None and change.direction is not None:
            shown += f" {change.direction.arrow}{change.delta:+d}"
        return f"{shown:<{width}}"

    # the first column as wide as its longest name, to COMPARE_TITLE_MAX: a longer area title is
    # wrapped, whole, over lines of its own, its scores beside its last line
    targets = (("met", "At or above target"), ("missed", "Below target"))
    title_w = min(COMPARE_TITLE_MAX, max(len(name) for name in ("Overall index", *(n for _, n in targets),
                                                                 *(area.title for area in c.areas))))

    def row(name: str, cells: str) -> list[str]:
        parts = textwrap.wrap(name, title_w) if len(name) > title_w else [name]
        return parts[:-1] + [f"{parts[-1]:<{title_w + 2}}" + cells]

    lines += row("", "".join(cell(None, label) for label in c.labels))
    lines += row("Overall index", "".join(
        cell(s.index, "—", c.index_changes[k - 1] if k else None) for k, s in enumerate(c.cycles)))
    for area in c.areas:
        lines += row(area.title, "".join(
            cell(a.score, a.status.text, area.changes[k - 1] if k else None) for k, a in enumerate(area.scores)))
    # each cycle against its own targets; "met" and "missed" are kept for last cycle's targets a cycle on
    for pick, name in targets:
        lines += row(name, "".join(cell(len(getattr(s.targets, pick)), "") for s in c.cycles))
    # as score says: an index beside areas without a score is the mean of the others
    lines += [partial_index(s.unscored_areas, s.label) for s in c.cycles if index_partial(s)]

    def item(i: dict) -> str:
        was = "—" if i["previous_level"] is None else f"{i['previous_level']:g}"
        now = "—" if i["level"] is None else f"{i['level']:g}"
        return f"{i['item']} {i['title']}: level {was} → {now}"

    for st in data["steps"]:
        lines += ["", f"{st['from']} → {st['to']}"]
        if st["overall_index"]["note"]:
            lines.append(f"  The overall index change is {st['overall_index']['note']}.")
        if not st["same_questionnaire"]:
            lines.append("  The cycles use different questionnaires: items are not matched.")
        elif st["questionnaire_edited"]:
            lines.append(f"  {st['questionnaire_edited']['note']}")
        elif st["questionnaire_changed"]:
            lines.append("  The questionnaire was revised between these cycles; items are matched by id and 'replaces'.")
        groups = [
            ("Items up by a level or more", st["moved_up"], item),
            ("Items down by a level or more", st["moved_down"], item),
            ("New items", st["new_items"], lambda i: f"{i['item']} {i['title']}"),
            ("Retired items", st["retired_items"], lambda i: f"{i['previous_items'][0]} {i['title']}"),
            ("Renamed or merged items", st["renamed_items"],
             lambda i: f"{', '.join(i['previous_items'])} → {i['item']} {i['title']}"),
        ]
        for title, entries, show in groups:
            if entries:
                lines.append(f"  {title} ({len(entries)}):")
                lines += [f"    {show(i)}" for i in entries]
        t = st["targets_from_previous"]
        if t["met"] or t["missed"]:
            lines.append(f"  Targets of {st['from']} met in {st['to']}: {len(t['met'])} of {len(t['met']) + len(t['missed'])}"
                         + (f" ({len(t['no_level'])} without a level)" if t["no_level"] else ""))
        else:  # as the comparison PDF says it
            lines.append(f"  No target of {st['from']} can be checked against a level of {st['to']}.")
        if st["previous_actions"]:
            lines.append(f"  Actions of {st['from']}:")
            for a in st["previous_actions"]:
                carried = f" (carried into {st['to']})" if a["carried_to"] is not None else ""
                lines.append(f"    [{a['status']}] {textwrap.shorten(a['text'], 90, placeholder='…')}{carried}")
    return [line.rstrip() for line in lines]  # the last column's padding


COMPARE_TITLE_MAX = 40


def _check_compare_options(args: argparse.Namespace) -> None:
    """Options that would be ignored in this combination: refused, naming the conflict."""
    pdf = args.output is not None and Path(args.output).suffix.lower() == ".pdf"
    if args.json and args.output is not None:
        raise UsageError("--json prints the comparison and -o writes it to a file; give one of them (-o FILE.json "
                         "writes the JSON to a file)")
    for option, given in (("--paper", args.paper is not None), ("--date", args.date is not None)):
        if given and not pdf:
            raise UsageError(f"{option} is for the PDF: add -o FILE.pdf, or leave {option} out")


def cmd_compare(args: argparse.Namespace) -> int:
    from iah_assess import compare_service, export

    _check_compare_options(args)  # before the ending: `--json -o x.txt` is the conflict first
    output = None if args.output is None else _output(args.output, "comparison.csv", (".csv", ".json", ".pdf"))
    with _workspace(args, read_only=True) as ws:
        cycles = _cycles_by_label(ws, args.cycles, args.institution)
        if len({c.id for c in cycles}) < 2:
            raise UserError("name at least two different cycles to compare")
        comparison = compare_service.comparison_for(ws, [c.id for c in cycles])
        institution = ws.institution(cycles[0].institution_id).name
    if output is not None and output.suffix.lower() == ".pdf":
        from iah_assess.reporting.comparison_report import comparison_pdf

        pdf = comparison_pdf(comparison, institution, paper=args.paper or "a4", generated_on=args.date)
        path = _write_pdf(output, pdf)
        print(f"Wrote {path} (the comparison of {', '.join(comparison.labels)})")
        return 0
    if output is not None:
        try:
            written = export.export_comparison(comparison, output, institution)
        except export.ExportFailed as exc:
            raise UserError(str(exc)) from None
        print(f"Wrote {written}")
        return 0
    data = export.comparison_json(comparison, institution)
    if args.json:
        _print_json(data)
    else:
        print("\n".join(comparison_text(comparison, data)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from iah_assess import export

    output = _output(args.output, "cycle.csv", (".csv", ".json"))
    _check_not_a_scores_file(output)
    with _workspace(args, read_only=True) as ws:
        (cycle,) = _cycles_by_label(ws, [args.cycle], args.institution)
        try:
            written = export.export_cycle(ws, cycle.id, output)
        except export.ExportFailed as exc:
            raise UserError(str(exc)) from None
    for path in written:
        print(f"Wrote {path}")
    return 0


def _check_not_a_scores_file(given: Path) -> None:
    """A scores file's name (export.scores_file_named) is refused before any work, as a usage error."""
    if (why := scores_file_named(given)) is not None:
        raise UsageError(f"{why}, such as -o {responses_file_for(given)}")


def _write_pdf(output: Path, pdf: bytes) -> Path:
    from iah_assess.reporting.output import pdf_file
    from iah_assess.storage.files import WriteFailed, write_file

    try:
        a_folder = output.is_dir()
    except OSError:  # a name too long to look up: write_file names the file and the fix
        a_folder = False
    if a_folder:
        raise UserError(f"{output} is a folder; give a file name such as {output / 'report.pdf'}")
    path = pdf_file(output)  # ends in .pdf already (_check_output)
    try:
        return write_file(path, pdf)
    except WriteFailed as exc:
        raise UserError(str(exc)) from None


def cmd_report(args: argparse.Namespace) -> int:
    from iah_assess.reporting.report import UnknownLanguage, check_language, cycle_report_data, render_cycle_report

    output = _output(args.output, "report.pdf", (".pdf",))
    try:
        check_language(args.lang)
    except UnknownLanguage as exc:
        raise UserError(str(exc)) from None
    with _workspace(args, read_only=True) as ws:
        cycle = _find_cycle(ws, args.cycle, args.institution)
        data = cycle_report_data(ws, cycle.id, names=args.names, anonymous=args.anonymous, language=args.lang)
    pdf = render_cycle_report(data, paper=args.paper, generated_on=args.date)
    path = _write_pdf(output, pdf)
    print(f"Wrote {path} (the report of {data.institution}, cycle {data.cycle_label})")
    return 0


def cmd_blank(args: argparse.Namespace) -> int:
    from iah_assess.reporting.report import blank_questionnaire_pdf

    output = _output(args.output, "blank.pdf", (".pdf",))
    lq = _questionnaire(args, args.questionnaire)
    try:
        q, _ = lq.resolved(args.lang)
    except KeyError:
        raise UserError(f"no '{args.lang}' translation of {lq.questionnaire.id}; languages: {', '.join(lq.languages)}") from None
    path = _write_pdf(output, blank_questionnaire_pdf(q, paper=args.paper, generated_on=args.date,
                                                           content_hash=lq.questionnaire.content_hash()))
    print(f"Wrote {path} (blank questionnaire {q.id} {q.version}, {counted(len(q.items), 'item')})")
    return 0


# --- backups and restoring one (R7) -------------------------------------------------------------


def _made(b: db.Backup) -> str:
    """When a backup was made and why, as the listing and the question before a restore name it."""
    when = f"{b.made:%Y-%m-%d %H:%M:%S}"
    return f"{when} ({b.reason})" if b.reason else f"{when} ({b.path.name})"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"


def cmd_backups(args: argparse.Namespace) -> int:
    from iah_assess.storage.recovery import check_backup

    kept = data_dir(args) / db.BACKUP_DIR
    found = db.backups(kept)
    if not found:
        print(f"No backups in {kept} yet. One is made before the first change of each day, before a cycle is "
              f"deleted and before the workspace's format is upgraded.")
        return 0
    print(f"Backups in {kept}, newest first (put one in the workspace's place with `iah-assess restore NAME`):")
    sound: list[db.Backup] = []
    for b in found:
        try:
            size = _size(b.path.stat().st_size)
        except OSError:  # gone since it was listed
            size = "—"
        problem = check_backup(b.path)
        ahead = "; dated days after now: made while the clock was wrong, so listed after those dated rightly" \
            if db.dated_ahead(b) else ""
        print(f"  {b.made:%Y-%m-%d %H:%M:%S}  {b.reason:<16} {size:>8}  {b.path.name}  "
              + (f"NOT USABLE: {problem}" if problem else "sound") + ahead)
        if not problem:
            sound.append(b)
    if sound and sound[0] is found[0]:
        return 0
    # exit 1, for a script that watches the backups: the newest cannot be restored
    older = f"the newest sound one is {sound[0].path.name}" if sound else "none of them is usable"
    print(f"iah-assess: the newest backup, {found[0].path.name}, is not usable; {older}.", file=sys.stderr)
    return 1


def _chosen_backup(given: str | None, kept: Path, workspace: Path) -> tuple[db.Backup, list]:
    """The backup to restore and the newer ones passed over on the way (with why): the one named
    (a file name in the backups folder first, else a path), or the newest sound one."""
    from iah_assess.storage import recovery

    if given is None:
        best, passed_over = recovery.newest_sound_backup(kept)
        if best is None:
            if not passed_over:
                raise UserError(f"there are no backups in {kept} to restore; nothing was changed.")
            raise UserError(f"none of the {counted(len(passed_over), 'backup')} in {kept} is sound (the newest: "
                            f"{passed_over[0].problem}); see `iah-assess backups`. Nothing was changed.")
        return best, passed_over
    path = kept / given if given and Path(given).name == given and (kept / given).is_file() else _expanded(given, "the backup")
    if not path.is_file():
        raise UserError(f"there is no backup {given} in {kept}, nor a file of that name; give a name from "
                        f"`iah-assess backups` or a backup file's path. Nothing was changed.")
    if path.resolve() == workspace.resolve():
        raise UserError(f"{path} is the workspace itself; give a backup (see `iah-assess backups`). Nothing was changed.")
    problem = recovery.check_backup(path)
    if problem:
        raise UserError(f"the backup {path} cannot be restored: {problem}. Nothing was changed; choose another "
                        f"(see `iah-assess backups`).")
    listed = [b for b in db.backups(path.parent) if b.path.resolve() == path.resolve()]
    if listed:
        return listed[0], []
    return db.Backup(path, dt.datetime.fromtimestamp(path.stat().st_mtime), ""), []


def _workspace_state(file: Path) -> tuple[str, str]:
    """What the workspace is before a restore: ("missing" | "empty" | "sound" | "damaged" |
    "unreadable", why). Read with SQLite alone, read-only: a damaged file must not be opened as a
    Workspace, which would migrate it or make it anew."""
    if not file.exists():
        return "missing", ""
    if file.stat().st_size == 0:  # SQLite reads it as a sound, empty database: it is a workspace lost
        return "empty", "it is 0 bytes long"
    try:
        opened = db.connect(file, read_only=True)
        try:
            check = db.integrity(opened.conn)
        finally:
            opened.conn.close()
    except db.UNREADABLE as exc:
        return ("damaged" if db.is_damage(exc) else "unreadable"), str(exc)
    if check != "ok":
        return "damaged", f"it failed its integrity check ({check})"
    return "sound", ""


class CannotLock(Exception):
    """No lock file can be made in a data folder that cannot be written to (a read-only disk, a
    folder one may only read); nor can this user's app write the workspace there."""


def _app_lock(file: Path, to_read: bool = False) -> WorkspaceLock:
    """The app's lock on the workspace, held: a command that swaps or copies the file while no
    window has it open. Refused, with nothing changed, while the app has it. `to_read`, for a
    command that only reads the data folder: CannotLock where the folder cannot be written to."""
    import errno

    from iah_assess.storage.lock import LockFileRefused, WorkspaceLock

    lock = WorkspaceLock(file)
    try:
        held = lock.acquire()
    except OSError as exc:
        if isinstance(exc, LockFileRefused):
            raise UserError(f"{exc}. Nothing was changed.") from None
        if to_read and (exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) or db.read_only_disk(file)):
            raise CannotLock(exc.strerror or str(exc)) from None
        raise UserError(f"the lock file {lock.path} could not be made ({exc.strerror or exc}); check that you may "
                        f"write to {file.parent}. Nothing was changed.") from None
    if not held:
        raise _app_has_it(file.parent)
    return lock


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup in the workspace's place, the current file kept aside, never deleted (R7). The
    workspace may be damaged, so it is not opened as one: the app's lock is taken directly."""
    from iah_assess.storage import recovery

    folder = data_dir(args)
    file = folder / db.WORKSPACE_FILE
    if not folder.is_dir():
        raise UserError(f"there is no data folder {folder}; give the folder the workspace is in with --data-dir DIR.")
    with _app_lock(file):
        backup, passed_over = _chosen_backup(args.backup, folder / db.BACKUP_DIR, file)
        state, why = _workspace_state(file)
        if why:
            log.warning("before a restore, the workspace %s is %s: %s", file, state, why)
        prefix = recovery.REPLACED_PREFIX if state == "sound" else recovery.DAMAGED_PREFIX
        now = {"missing": f"there is no workspace in {folder} now",
               "empty": f"the workspace {file} is empty (0 bytes)",
               "sound": f"the workspace {file} is sound, not damaged",
               "damaged": f"the workspace {file} is damaged",
               "unreadable": f"the workspace {file} cannot be read ({why})"}[state]
        rescued = backup.path.name.startswith(recovery.RESCUED_PREFIX)  # made by `iah-assess rescue`, or the app
        put = f"the rescued copy {backup.path.name} in its place" if rescued else f"the backup of {_made(backup)} in its place"
        lost = "" if state in ("missing", "empty") else (
            f"what {'could not be rescued' if rescued else 'was changed after that backup'} is lost (the current file "
            f"is kept beside it as {prefix}….sqlite)")
        for c in passed_over[:5]:
            print(f"The newer backup of {_made(c.backup)} cannot be used: {c.problem}.", file=sys.stderr)
        if not args.yes:
            if not _can_ask():
                raise UserError(f"{now}; restoring would put {put}" + (f", and {lost}" if lost else "")
                                + "; add --yes to confirm.")
            if not _yes(f"{now[0].upper()}{now[1:]}. Put {put}?" + (f" {lost[0].upper()}{lost[1:]}." if lost else "")
                        + " [y/N] "):
                print("Nothing was changed.", file=sys.stderr)
                return 1
        try:
            aside = recovery.restore(file, backup.path, prefix=prefix)
        except db.WorkspaceError as exc:
            raise UserError(str(exc)) from None
    log.warning("restored %s from %s; the file it replaced is kept as %s", file, backup.path, aside)
    kept = f" The workspace as it was is kept as {aside}." if aside is not None else ""
    if rescued:
        print(f"The rescued copy {backup.path.name} is now the workspace in {folder}. Check the cycles it holds, and "
              f"enter again what is missing.{kept}")
    else:
        print(f"Restored the backup of {_made(backup)}: it is now the workspace in {folder}. Enter again what was "
              f"changed after it.{kept}")
    return 0


# What each table a rescue copies holds, in the listing it prints
_RESCUED_KINDS = {"questionnaire_snapshot": "stored questionnaires", "institution": "institutions", "cycle": "cycles",
                  "respondent": "respondents", "response": "answers", "decision": "agreed levels and targets",
                  "action": "actions", "ui_state": "the app's settings"}


# What each of a cycle's tables holds, one and many, in the lines a rescue prints for a cycle that lost some
_CYCLE_KINDS = {"respondent": ("respondent", "respondents"), "response": ("answer", "answers"),
                "decision": ("agreed level or target", "agreed levels or targets"), "action": ("action", "actions")}


def _rescued_by_cycle(rescued: recovery.Rescued) -> list[str]:
    """A line for each cycle that lost some of what it held, and for what was lost whose cycle
    cannot be known; none when nothing of a cycle is known to be lost."""
    lines = []
    for c in rescued.cycles_with_losses:
        name = f"{c.institution or 'an institution that could not be read'}, {c.label}" if c.label else \
            "a cycle whose own row could not be read"
        said = [f"{counted(c.lost[t], *kind)} lost ({c.read[t]} read)" for t, kind in _CYCLE_KINDS.items() if c.lost[t]]
        if not c.kept:
            said.insert(0, "the cycle itself was left out (what it belongs to was lost or damaged)")
        lines.append(f"    {name}: {'; '.join(said)}")
    lines += [f"    {counted(n, *_CYCLE_KINDS[t])} left out, as what they belong to was lost: they may belong to any cycle"
              for t, n in rescued.lost_any_cycle.items() if n]
    if unreadable := rescued.unreadable_any_cycle:
        kinds = {"cycle": "the cycles", **{t: f"the {kind[1]}" for t, kind in _CYCLE_KINDS.items()}}
        lines.append(f"    Part of {', '.join(kinds[t] for t in unreadable)} could not be read: how much, and of which "
                     f"cycles, cannot be known")
    return ["  Lost, cycle by cycle:", *lines] if lines else []


def cmd_rescue(args: argparse.Namespace) -> int:
    """Copy what can be read from the (damaged) workspace into a new workspace file, and list what
    it holds and what could not be read (R7). Like a restore, it takes the app's lock: the file
    and its -wal are copied together, which the app must not change in between. On a disk or in
    a folder that cannot be written to (a CD, a locked stick) it goes ahead without: no lock file
    can be made there, and the copy goes to a folder given with -o."""
    from iah_assess.storage import recovery

    folder = data_dir(args)
    file = folder / db.WORKSPACE_FILE
    if not file.is_file():
        raise UserError(f"there is no workspace {file}; give the folder it is in with --data-dir DIR.")
    if args.output is not None and not args.output.strip():
        raise UsageError("-o is empty; give the new file's name, or leave -o out for one in the data folder.")
    to = _expanded(args.output) if args.output else recovery.aside_name(file, prefix=recovery.RESCUED_PREFIX)
    if to.exists():
        raise UserError(f"{to} exists already; give another name with -o. Nothing was changed.")
    if not to.parent.is_dir():
        raise UserError(f"there is no folder {to.parent} for {to.name}; create it or give another -o. Nothing was changed.")
    if to.resolve() == file.resolve():
        raise UserError(f"{to} is the workspace itself; give another name with -o. Nothing was changed.")
    lock: WorkspaceLock | None = None
    try:
        lock = _app_lock(file, to_read=True)
    except CannotLock as exc:  # a read-only disk or folder: the copy goes elsewhere, and nothing is written there
        if to.parent.resolve() == folder.resolve():
            raise UserError(f"the data folder {folder} cannot be written to ({exc}), so the rescued copy cannot go "
                            f"there; give a file in another folder with -o FILE. Nothing was changed.") from None
        print(f"The data folder {folder} cannot be written to ({exc}), so the rescue goes ahead without the app's "
              f"lock, which needs a file there; nothing there is changed.")
    try:
        rescued = recovery.rescue(file, to, Catalog(paths.user_questionnaire_dir(folder)).contents())
    except db.WorkspaceError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # the new file's folder refused it (a read-only disk): said of the file given, not of
        if exc.filename is None or Path(exc.filename).parent != to.parent:  # the hidden one it is written to first
            raise
        raise UserError(f"could not write {to}: {_cannot_write(exc, to.parent)}; give another -o. The workspace was "
                        f"not changed.") from None
    finally:
        if lock is not None:
            lock.release()
    log.warning("rescued what could be read from %s into %s: %s", file, to, rescued)
    print(f"Rescued what could be read from {file} into {to}:")
    for table, kind in _RESCUED_KINDS.items():
        notes = ["part could not be read"] if table in rescued.unreadable else []
        if table == "ui_state" and not notes:
            continue  # where the window was left: of no interest unless damaged
        if rescued.left_out.get(table):
            notes.append(f"{rescued.left_out[table]} left out (damaged, or what they belong to was lost)")
        if rescued.mended.get(table):
            notes.append(f"{counted(rescued.mended[table], 'text')} with unreadable characters, shown as \ufffd")
        if table == "questionnaire_snapshot" and rescued.questionnaires_from_files:
            notes.append(f"{rescued.questionnaires_from_files} taken again from the questionnaire files")
        print(f"  {kind:<26} {rescued.read.get(table, 0):>6}" + (f"   {'; '.join(notes)}" if notes else ""))
    if rescued.not_known:
        print(f"  Left out, as this version of iah-assess does not know them: {', '.join(rescued.not_known)}.")
    for line in _rescued_by_cycle(rescued):
        print(line)
    print("Nothing was lost." if rescued.whole else "Some of the workspace could not be rescued (see above).")
    print(f"The workspace was not changed. To make the rescued copy the workspace (the damaged file kept aside): "
          f"iah-assess restore {to}")
    return 0
