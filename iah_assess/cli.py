"""The command line. With no command it starts the GUI, which is one of its commands."""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from iah_assess import __version__
from iah_assess.catalog.loader import Catalog, LoadedQuestionnaire, QuestionnaireInvalid, json_schema, validate_paths
from iah_assess.domain.questionnaire import LEVEL_NAMES
from iah_assess.domain.scoring import CycleResult
from iah_assess.storage import db, paths
from iah_assess.storage.workspace import Workspace

log = logging.getLogger("iah_assess")


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


# --- helpers -------------------------------------------------------------------------------


def _data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def _catalog(args: argparse.Namespace) -> Catalog:
    return Catalog(paths.user_questionnaire_dir(_data_dir(args)))


def _workspace(args: argparse.Namespace, read_only: bool = False) -> Workspace:
    folder = _data_dir(args)
    file = folder / db.WORKSPACE_FILE
    if read_only and not file.exists():
        raise UserError(f"there is no workspace in {folder} yet; run `iah-assess demo` or start the app.")
    return Workspace(file, read_only=read_only)


def _questionnaire(args: argparse.Namespace, ref: str) -> LoadedQuestionnaire:
    try:
        return _catalog(args).get(ref)
    except LookupError as exc:
        raise UserError(str(exc).strip("'\"")) from None


def _fmt(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"


def result_json(ws: Workspace, cycle_id: int, result: CycleResult) -> dict:
    cycle = ws.cycle(cycle_id)
    q = ws.cycle_questionnaire(cycle)
    inst = ws.institution(cycle.institution_id)
    return {
        "institution": inst.name,
        "cycle": cycle.label,
        "status": cycle.status.value,
        "questionnaire": {"id": q.id, "version": q.version, "hash": cycle.questionnaire_hash},
        "respondents": result.n_respondents,
        "overall_index": None if result.index is None else round(result.index, 2),
        "band": result.band,
        "areas": [
            {
                "id": a.area_id,
                "title": q.area(a.area_id).title,
                "included": a.included,
                "score": None if a.score is None else round(a.score, 2),
                "coverage": round(a.coverage, 4),
                "status": "not assessed" if not a.included else ("scored" if a.score is not None else "not enough answers"),
                "dont_know": a.n_dont_know,
            }
            for a in result.areas
        ],
        "priorities": [
            {"rank": p.rank, "item": p.item_id, "level": p.level, "target": p.target, "gap": p.gap,
             "foundation": p.foundation, "action": p.action}
            for p in result.priorities[:10]
        ],
    }


# --- commands ------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from iah_assess.ui.app import run  # PySide6 is loaded only when the GUI starts

    return run(_data_dir(args), sys.argv[:1])


def cmd_validate(args: argparse.Namespace) -> int:
    checked, problems = validate_paths([Path(p) for p in args.paths])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) in {checked} questionnaire(s) checked.", file=sys.stderr)
        return 1
    print(f"{checked} questionnaire(s) valid.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json_schema())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    try:
        lq = _questionnaire(args, args.questionnaire)
    except QuestionnaireInvalid as exc:
        raise UserError(f"{args.questionnaire} is not valid ({len(exc.problems)} problems); run `iah-assess validate {args.questionnaire}`") from None
    try:
        q, completeness = lq.resolved(args.lang)
    except KeyError:
        raise UserError(f"no '{args.lang}' translation of {lq.questionnaire.id}; languages: {', '.join(lq.languages)}") from None
    if args.json:
        data = q.model_dump(mode="json")
        data["content_hash"] = lq.questionnaire.content_hash()
        data["completeness"] = {"language": completeness.language, "translated": completeness.translated, "total": completeness.total}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{q.title} ({q.id} {q.version}), language {completeness.language}: {completeness.share:.0%} translated")
    print(q.description)
    for area in q.areas:
        req = "required" if area.required else "optional"
        print(f"\n{area.title} [{area.id}, {req}, {len(area.items)} items]")
        for item in area.items:
            mark = " (foundation)" if item.foundation else ""
            print(f"  {item.id}: {item.title}{mark}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from iah_assess.demo import DEMO_NAME, ensure_demo

    lq = _questionnaire(args, "iah-core")
    with _workspace(args) as ws:
        existed = ws.find_institution(DEMO_NAME) is not None
        inst = ensure_demo(ws, lq.questionnaire)
        n = len(ws.cycles(inst.id))
    verb = "is already" if existed else "was created"
    print(f"The sample institution '{inst.name}' {verb} in {_data_dir(args)} with {n} cycles.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if args.questionnaires:
        for entry in _catalog(args).entries():
            if entry.loaded:
                q = entry.loaded.questionnaire
                print(f"{q.id} {q.version}  {q.title}  ({entry.path})")
            else:
                print(f"INVALID  {entry.path}: {len(entry.problems)} problem(s); run `iah-assess validate {entry.path}`")
        print(f"User questionnaires folder: {paths.user_questionnaire_dir(_data_dir(args))}")
        return 0
    folder = _data_dir(args)
    if not (folder / db.WORKSPACE_FILE).exists():
        print(f"No workspace in {folder} yet. Run `iah-assess demo` for the sample institution.")
        return 0
    with _workspace(args, read_only=True) as ws:
        institutions = ws.institutions()
        if not institutions:
            print("No institutions yet.")
        for inst in institutions:
            where = ", ".join(x for x in (inst.city, inst.country) if x)
            print(f"{inst.name}" + (f" ({where})" if where else ""))
            for cycle in ws.cycles(inst.id):
                result = ws.cycle_result(cycle.id)
                index = "—" if result.index is None else f"{result.index:.0f} ({result.band})"
                print(f"  {cycle.label:<10} {cycle.status.value:<10} {cycle.questionnaire_id} {cycle.questionnaire_version:<6} index {index}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    with _workspace(args, read_only=True) as ws:
        try:
            cycle = ws.find_cycle(args.cycle, args.institution)
        except db.WorkspaceError as exc:
            raise UserError(str(exc)) from None
        result = ws.cycle_result(cycle.id)
        data = result_json(ws, cycle.id, result)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{data['institution']}, cycle {data['cycle']} ({data['status']}), {data['respondents']} respondents")
    for a in data["areas"]:
        shown = a["status"] if a["score"] is None else f"{a['score']:.0f}"
        print(f"  {a['title']:<30} {shown:>20}   coverage {a['coverage']:.0%}")
    index = "not enough answers" if data["overall_index"] is None else f"{data['overall_index']:.0f} ({data['band']})"
    print(f"  {'Overall index':<30} {index:>20}")
    return 0


# --- wiring --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iah-assess",
        description="Assess and plan Internationalisation at Home. With no command, the app starts.",
    )
    parser.add_argument("--version", action="version", version=f"iah-assess {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=f"the workspace folder (default: ${paths.ENV_VAR} or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("gui", cmd_gui, "start the app")
    p = add("validate", cmd_validate, "check questionnaire files or folders; exit 1 if any problem")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add("schema", cmd_schema, "print the questionnaire JSON Schema, for editors")
    p = add("show", cmd_show, "print a questionnaire as the app reads it")
    p.add_argument("questionnaire", metavar="QUESTIONNAIRE", help="an id such as iah-core, or a file or folder")
    p.add_argument("--lang", metavar="L", help="a language the questionnaire has a translation for")
    p.add_argument("--json", action="store_true", help="print JSON")
    add("demo", cmd_demo, "create the fictional sample institution with three yearly cycles")
    p = add("list", cmd_list, "list institutions and cycles with status and overall index")
    p.add_argument("--questionnaires", action="store_true", help="list the questionnaires instead")
    p = add("score", cmd_score, "print a cycle's area scores, coverage and overall index")
    p.add_argument("cycle", metavar="CYCLE", help="the cycle label, such as 2025/26")
    p.add_argument("--institution", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    for extend in _EXTENSIONS:
        extend(sub, add)
    return parser


# Later commands (reports, comparison, export) register themselves here.
_EXTENSIONS: list[Callable] = []


def _setup_logging(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file(folder), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cmd_gui
    folder = _data_dir(args)
    _setup_logging(folder)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"iah-assess: {exc}", file=sys.stderr)
        return 1
    except db.WorkspaceError as exc:
        print(f"iah-assess: {exc}", file=sys.stderr)
        return 1
    except QuestionnaireInvalid as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (`| head`) stopped reading; nothing is wrong
        sys.stderr.close()
        return 0
    except Exception as exc:  # the one-line message; the traceback goes to the log
        log.exception("command %s failed", args.command)
        print(f"iah-assess: {type(exc).__name__}: {exc} (details in {paths.log_file(folder)})", file=sys.stderr)
        return 1
    finally:
        for h in list(log.handlers):
            h.close()
            log.removeHandler(h)


if __name__ == "__main__":
    sys.exit(main())
