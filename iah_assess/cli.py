"""The command line. With no command it starts the GUI, which is one of its commands."""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import logging.handlers
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from iah_assess import __version__
from iah_assess.catalog.loader import Catalog, LoadedQuestionnaire, QuestionnaireInvalid, json_schema, validate_paths
from iah_assess.domain.records import LEVEL_NAMES
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

    return run(_data_dir(args), sys.argv[:1], sample=sample_builder(_catalog(args)))


def sample_builder(catalog: Catalog) -> Callable[[Workspace, Callable[[int, int], None]], int]:
    """What the GUI's "Open the sample institution" runs (in a worker thread, on its own workspace).

    Passed in from here because the ui layer does not import the demo module.
    """

    def build(ws: Workspace, progress: Callable[[int, int], None]) -> int:
        from iah_assess.demo import ensure_demo

        inst = ensure_demo(ws, catalog.get("iah-core").questionnaire, progress)
        return inst.id  # type: ignore[return-value]

    return build


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


def _cycles_by_label(ws: Workspace, labels: Sequence[str], institution: str | None) -> list:
    try:
        cycles = [ws.find_cycle(label, institution) for label in labels]
    except db.WorkspaceError as exc:
        raise UserError(str(exc)) from None
    if len({c.institution_id for c in cycles}) > 1:
        raise UserError("these cycles belong to different institutions; name one with --institution")
    return cycles


def _signed(x: float | None, fmt: str = ".0f") -> str:
    return "" if x is None else f"{x:+{fmt}}"


def comparison_text(data: dict) -> list[str]:
    """The lines `compare` prints, from the same JSON structure that `compare --json` prints."""
    arrows = {"up": "▲", "down": "▼", "steady": "▬"}
    labels = [c["label"] for c in data["cycles"]]
    width = 18
    lines = [f"{data['institution']}: {', '.join(labels)}",
             f"(a change of less than {data['steady_threshold']:g} points is steady; '—' = no score)", ""]

    def cell(score: float | None, status: str, change: dict | None) -> str:
        shown = status if score is None else f"{score:.0f}"
        if change and change["change"] is not None:
            shown += f" {arrows[change['direction']]}{_signed(change['change'])}"
        return f"{shown:>{width}}"

    lines.append(f"{'':<32}" + "".join(f"{x:>{width}}" for x in labels))
    row = f"{'Overall index':<32}"
    for k, c in enumerate(data["cycles"]):
        ch = data["steps"][k - 1]["overall_index"] if k else None
        row += cell(c["overall_index"], "—", ch)
    lines.append(row)
    for j, area in enumerate(data["cycles"][0]["areas"]):
        row = f"{area['title'][:31]:<32}"
        for k, c in enumerate(data["cycles"]):
            a = c["areas"][j]
            ch = data["steps"][k - 1]["areas"][j] if k else None
            row += cell(a["score"], a["status"], ch)
        lines.append(row)
    for pick in ("met", "missed"):
        lines.append(f"{'Targets ' + pick:<32}" + "".join(f"{len(c['targets'][pick]):>{width}}" for c in data["cycles"]))

    def item(i: dict) -> str:
        was = "—" if i["previous_level"] is None else f"{i['previous_level']:g}"
        now = "—" if i["level"] is None else f"{i['level']:g}"
        return f"{i['item']} {i['title']}: level {was} → {now}"

    for st in data["steps"]:
        lines += ["", f"{st['from']} → {st['to']}"]
        if not st["same_questionnaire"]:
            lines.append("  The cycles use different questionnaires: items are not matched.")
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
        lines.append(f"  Targets of {st['from']} met in {st['to']}: {len(t['met'])} of {len(t['met']) + len(t['missed'])}"
                     + (f" ({len(t['no_level'])} without a level)" if t["no_level"] else ""))
        if st["previous_actions"]:
            lines.append(f"  Actions of {st['from']}:")
            for a in st["previous_actions"]:
                carried = f" (carried into {st['to']})" if a["carried_to"] is not None else ""
                lines.append(f"    [{a['status']}] {textwrap.shorten(a['text'], 90, placeholder='…')}{carried}")
    return lines


def cmd_compare(args: argparse.Namespace) -> int:
    from iah_assess import compare_service, export

    with _workspace(args, read_only=True) as ws:
        cycles = _cycles_by_label(ws, args.cycles, args.institution)
        if len({c.id for c in cycles}) < 2:
            raise UserError("name at least two different cycles to compare")
        comparison = compare_service.comparison_for(ws, [c.id for c in cycles])
        institution = ws.institution(cycles[0].institution_id).name
    if args.output and Path(args.output).suffix.lower() == ".pdf":
        from iah_assess.reporting.comparison_report import comparison_pdf

        pdf = comparison_pdf(comparison, institution, paper=args.paper, generated_on=args.date)
        path = _write_pdf(args.output, pdf)
        print(f"Wrote {path} (the comparison of {', '.join(comparison.labels)})")
        return 0
    if args.output:
        try:
            written = export.export_comparison(comparison, Path(args.output), institution)
        except export.ExportFailed as exc:
            raise UserError(str(exc)) from None
        print(f"Wrote {written}")
        return 0
    data = export.comparison_json(comparison, institution)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join(comparison_text(data)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from iah_assess import export

    with _workspace(args, read_only=True) as ws:
        (cycle,) = _cycles_by_label(ws, [args.cycle], args.institution)
        try:
            written = export.export_cycle(ws, cycle.id, Path(args.output))
        except export.ExportFailed as exc:
            raise UserError(str(exc)) from None
    for path in written:
        print(f"Wrote {path}")
    return 0


def _add_compare_and_export(sub: argparse._SubParsersAction, add: Callable) -> None:
    p = add("compare", cmd_compare, "compare two or more cycles of one institution: scores, changes, items, targets, actions")
    p.add_argument("cycles", nargs="+", metavar="CYCLE", help="cycle labels, such as 2024/25 2025/26")
    p.add_argument("--institution", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the comparison to FILE.csv, FILE.json or FILE.pdf (a report) instead")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size of FILE.pdf (default: a4)")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="the date printed in FILE.pdf; also makes the file byte-for-byte reproducible")
    p = add("export", cmd_export, "write a cycle's responses and scores to FILE.csv (and FILE-scores.csv) or FILE.json")
    p.add_argument("cycle", metavar="CYCLE", help="the cycle label, such as 2025/26")
    p.add_argument("--institution", metavar="NAME")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="FILE.csv or FILE.json")


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-05-01") from None


def _write_pdf(output: str, pdf: bytes) -> Path:
    from iah_assess.reporting.output import write_atomically

    path = Path(output)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name such as {path / 'report.pdf'}")
    try:
        return write_atomically(path, pdf)
    except OSError as exc:
        raise UserError(f"could not write {path}: {exc.strerror or exc}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from iah_assess.reporting.report import UnknownLanguage, check_language, cycle_report_data, render_cycle_report

    try:
        check_language(args.lang)
    except UnknownLanguage as exc:
        raise UserError(str(exc)) from None
    with _workspace(args, read_only=True) as ws:
        try:
            cycle = ws.find_cycle(args.cycle, args.institution)
        except db.WorkspaceError as exc:
            raise UserError(str(exc)) from None
        data = cycle_report_data(ws, cycle.id, names=args.names, anonymous=args.anonymous, language=args.lang)
    pdf = render_cycle_report(data, paper=args.paper, generated_on=args.date)
    path = _write_pdf(args.output, pdf)
    print(f"Wrote {path} (the report of {data.institution}, cycle {data.cycle_label})")
    return 0


def cmd_blank(args: argparse.Namespace) -> int:
    from iah_assess.reporting.report import blank_questionnaire_pdf

    lq = _questionnaire(args, args.questionnaire)
    try:
        q, _ = lq.resolved(args.lang)
    except KeyError:
        raise UserError(f"no '{args.lang}' translation of {lq.questionnaire.id}; languages: {', '.join(lq.languages)}") from None
    path = _write_pdf(args.output, blank_questionnaire_pdf(q, paper=args.paper, generated_on=args.date))
    print(f"Wrote {path} (blank questionnaire {q.id} {q.version}, {len(q.items)} items)")
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
    p = add("report", cmd_report, "write a cycle's scored report and action plan to a PDF file")
    p.add_argument("cycle", metavar="CYCLE", help="the cycle label, such as 2025/26")
    p.add_argument("--institution", metavar="NAME")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF file to write")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--names", action="store_true", help="show respondents' names beside their roles")
    who.add_argument("--anonymous", action="store_true", help="show comments and evidence without attribution")
    p.add_argument("--lang", metavar="L", help="the report's language (only en ships now)")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="the date printed in the report; also makes the file byte-for-byte reproducible")
    p = add("blank", cmd_blank, "write a blank questionnaire to a PDF file, for preparing evidence before answering")
    p.add_argument("questionnaire", metavar="QUESTIONNAIRE", help="an id such as iah-core, or a file or folder")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF file to write")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    p.add_argument("--lang", metavar="L", help="a language the questionnaire has a translation for")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date, help="the date printed on the pages")
    for extend in _EXTENSIONS:
        extend(sub, add)
    return parser


# Later commands (reports, comparison, export) register themselves here.
_EXTENSIONS: list[Callable] = []
_EXTENSIONS.append(_add_compare_and_export)


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
