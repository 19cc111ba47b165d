"""Exporting a cycle or a comparison as CSV or JSON, written atomically and checked after writing.

CSV is UTF-8 with a byte-order mark, a header row and quoting where needed, so Excel and
LibreOffice open it with every diacritic and Cyrillic letter intact. JSON follows the versioned
structure described in README.md ("format" and "format_version" at the top).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from iah_assess import __version__
from iah_assess.domain.comparison import Change, Comparison, EditedPart, ItemChange, ItemLine, Step, edited_note
from iah_assess.domain.records import ANSWER_LABELS, DONT_KNOW, LEVEL_NAMES, NOT_APPLICABLE, Answer
from iah_assess.domain.summary import index_partial, unscored
from iah_assess.storage.files import WriteFailed, write_file, write_files
from iah_assess.storage.workspace import Workspace
from iah_assess.wording import counted

CYCLE_FORMAT = "iah-assess/cycle-export"
COMPARISON_FORMAT = "iah-assess/comparison"
FORMAT_VERSION = 1


# A file that could not be written completely; nothing was left at the target (R1, R9).
ExportFailed = WriteFailed


# What a spreadsheet takes for the start of a formula when it opens a CSV file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet reads one: not "-inf", "+nan" or "-1_000", which Python's float() takes
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def as_text_cell(value: object) -> object:
    """A cell a spreadsheet shows as typed. A text that starts like a formula ("- first point",
    "=SUM(A1)", "@home") is opened by Excel as one, showing #NAME? or running it; an apostrophe
    before it makes it text, as it does when typed in a cell. Numbers, and texts that are plain
    numbers ("-1", "+0.5": a change of level), are kept as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file as Excel and LibreOffice open it: UTF-8 with a BOM, CRLF, quoted where needed,
    and no text taken for a formula (as_text_cell)."""
    out = io.StringIO(newline="")
    w = csv.writer(out, dialect="excel")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else as_text_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def json_bytes(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def scores_path(path: Path) -> Path:
    """Where the scores file of a CSV export goes: FILE-scores.csv beside FILE.csv."""
    return path.with_name(f"{path.stem}-scores{path.suffix}")


def partial_status(n_unscored: int) -> str:
    """The status of a partial index, in the exports' words."""
    return f"partial: {counted(n_unscored, 'area')} without a score"


def rounded(x: float | None, digits: int = 2) -> float | None:
    """A figure rounded for a file, halves up as the app rounds everywhere (46.25 is 46.3 to one
    decimal; round() would give 46.2)."""
    if x is None:
        return None
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def level_value(level: float | None) -> int | float | None:
    """A level for a file, in one form whatever its source: a whole level as an integer (2), a
    half as a decimal (2.5). The median of the answers comes as an int or a float, and an agreed
    level as a float, so that unformatted the same level read 2 in one cycle and 2.0 in another."""
    if level is None:
        return None
    return int(level) if float(level).is_integer() else float(level)


def _level_text(level: float | None) -> str:
    if level is None:
        return ""
    return f"{level:g}"


# --- a cycle -------------------------------------------------------------------------------------


def answer_text(answer: Answer | None) -> str:
    """A response's answer for a file: 0-4, "don't know", "not applicable" or empty."""
    if answer is None:
        return ""
    if answer in (DONT_KNOW, NOT_APPLICABLE):
        return ANSWER_LABELS[answer].lower()  # type: ignore[index]
    return str(answer)


def cycle_export(ws: Workspace, cycle_id: int, exported_at: dt.datetime | None = None) -> dict:
    """Everything a cycle export holds, as the versioned JSON structure."""
    cycle = ws.cycle(cycle_id)
    inst = ws.institution(cycle.institution_id)
    q = ws.cycle_questionnaire(cycle)
    result = ws.cycle_result(cycle_id)
    respondents = ws.respondents(cycle_id)
    number = {r.id: n + 1 for n, r in enumerate(respondents)}
    role = {r.id: r.role for r in respondents}
    order = {i.id: n for n, i in enumerate(q.items)}
    where = {i.id: (a, i) for a in q.areas for i in a.items}
    responses = sorted(
        (r for r in ws.responses(cycle_id) if r.item_id in where),
        key=lambda r: (order[r.item_id], number[r.respondent_id]),
    )
    areas = []
    for a in result.areas:
        status = "not assessed" if not a.included else ("scored" if a.score is not None else "not enough answers")
        areas.append({"id": a.area_id, "title": q.area(a.area_id).title, "included": a.included,
                      "score": rounded(a.score), "coverage": rounded(a.coverage, 4), "status": status})
    items = []
    for a in result.areas:
        for i in a.items:
            items.append({
                "id": i.item_id, "area": a.area_id, "title": where[i.item_id][1].title,
                "level": level_value(i.level) if a.included else None, "score": rounded(i.score) if a.included else None,
                "target": i.target, "agreed_level": level_value(i.agreed_level), "median": level_value(i.median),
                "answered": i.n_answered, "dont_know": i.n_dont_know, "not_applicable": i.n_not_applicable,
                "assessed": a.included,
            })
    when = exported_at or dt.datetime.now(dt.timezone.utc)
    return {
        "format": CYCLE_FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": when.isoformat(timespec="seconds"),
        "generator": f"iah-assess {__version__}",
        "institution": {"name": inst.name, "country": inst.country, "city": inst.city},
        "cycle": {
            "label": cycle.label, "status": cycle.status.value,
            "questionnaire": {"id": q.id, "version": q.version, "hash": cycle.questionnaire_hash},
            "included_areas": list(cycle.included_areas), "default_target": cycle.default_target,
        },
        "respondents": [{"number": number[r.id], "role": r.role} for r in respondents],
        "responses": [
            {
                "area": where[r.item_id][0].id, "item": r.item_id, "item_title": where[r.item_id][1].title,
                "respondent": number[r.respondent_id], "role": role[r.respondent_id],
                "answer": r.answer if isinstance(r.answer, int) else (answer_text(r.answer) or None),
                "comment": r.comment, "evidence": r.evidence,
            }
            for r in responses
        ],
        "scores": {
            "overall_index": rounded(result.index), "band": result.band, "index_partial": index_partial(result),
            "respondents": result.n_respondents,
            "areas": areas, "items": items,
        },
    }


# A column is only ever added at the end: a reader that takes the columns by position keeps working.
RESPONSE_HEADER = ("cycle", "area", "item id", "item title", "respondent", "role", "level", "level name", "comment", "evidence",
                   "institution")
SCORE_HEADER = ("cycle", "kind", "area", "item id", "item title", "score", "level", "target", "agreed level",
                "median", "answered", "don't know", "not applicable", "coverage", "status", "institution")


def cycle_csv(data: dict) -> tuple[bytes, bytes]:
    """The responses file and the scores file of a cycle export (from cycle_export()), each row
    ending with the institution's name: two institutions' exports of 2024/25 differed only in
    their file names."""
    responses, scores = _cycle_rows(data)
    institution = data["institution"]["name"]
    return (csv_bytes(RESPONSE_HEADER, [(*row, institution) for row in responses]),
            csv_bytes(SCORE_HEADER, [(*row, institution) for row in scores]))


def _cycle_rows(data: dict) -> tuple[list[tuple], list[tuple]]:
    """The rows of the responses file and of the scores file, but for the institution."""
    label = data["cycle"]["label"]
    titles = {a["id"]: a["title"] for a in data["scores"]["areas"]}
    rows = []
    for r in data["responses"]:
        answer = r["answer"]
        rows.append((label, titles[r["area"]], r["item"], r["item_title"], r["respondent"], r["role"],
                     "" if answer is None else answer,
                     LEVEL_NAMES[answer] if isinstance(answer, int) else "", r["comment"], r["evidence"]))
    scores = data["scores"]
    overall = ("not enough answers" if scores["overall_index"] is None
               else partial_status(unscored((a["included"], a["score"]) for a in scores["areas"]))
               if scores["index_partial"] else "scored")
    score_rows: list[tuple] = [(label, "overall", "", "", "", scores["overall_index"], "", "", "", "", "", "", "", "", overall)]
    for a in scores["areas"]:
        score_rows.append((label, "area", a["title"], "", "", a["score"], "", "", "", "", "", "", "", a["coverage"], a["status"]))
    for i in scores["items"]:
        status = "not assessed" if not i["assessed"] else ("scored" if i["level"] is not None else "no level")
        score_rows.append((label, "item", titles[i["area"]], i["id"], i["title"], i["score"], i["level"], i["target"],
                           i["agreed_level"], i["median"], i["answered"], i["dont_know"], i["not_applicable"], "", status))
    return rows, score_rows


SCORES_ENDING = "-scores.csv"


def scores_file_named(path: Path) -> str | None:
    """Why a CSV export may not be given this name, or None. It writes FILE.csv and FILE-scores.csv
    beside it: given e-scores.csv after e.csv, it wrote responses over that export's scores (and
    e-scores-scores.csv beside them)."""
    if not path.name.lower().endswith(SCORES_ENDING):
        return None
    return (f"'{path.name}' is the name of a scores file: the scores go to FILE-scores.csv beside the responses "
            f"file FILE.csv; give the responses file's name")


def responses_file_for(path: Path) -> Path:
    """The responses file whose scores file `path` would be: e.csv for e-scores.csv."""
    stem = path.stem
    while stem.lower().endswith("-scores"):
        stem = stem[: -len("-scores")]
    return path.with_name(f"{stem or 'cycle'}.csv")


def export_cycle(ws: Workspace, cycle_id: int, path: Path, exported_at: dt.datetime | None = None) -> list[Path]:
    """Write a cycle to FILE.json, or to FILE.csv and FILE-scores.csv; returns the files written."""
    path = Path(path)
    data = cycle_export(ws, cycle_id, exported_at)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return write_files({path: json_bytes(data)})
    if suffix == ".csv":
        if (why := scores_file_named(path)) is not None:
            raise ExportFailed(f"{why}, such as {responses_file_for(path).name}")
        responses, scores = cycle_csv(data)
        return write_files({path: responses, scores_path(path): scores})
    raise ExportFailed(f"choose a file name ending in .csv or .json, not '{path.name}'")


# --- a comparison --------------------------------------------------------------------------------


def _change_json(c: Change) -> dict:
    return {"previous": rounded(c.previous), "current": rounded(c.current), "change": c.delta,
            "direction": None if c.direction is None else c.direction.value, "reason": c.reason or None,
            "note": c.note or None}


def _item_json(i: ItemChange) -> dict:
    return {"item": i.item_id, "previous_items": list(i.previous_ids), "area": i.area_id, "title": i.title,
            "link": i.link.value, "previous_level": level_value(i.previous_level), "level": level_value(i.level),
            "change": level_value(i.change),
            "moved": None if i.moved is None else i.moved.value}


def _tally_json(t: object) -> dict:
    return {"met": list(t.met), "missed": list(t.missed), "no_level": list(t.no_level)}  # type: ignore[attr-defined]


def _edited_json(parts: Sequence[EditedPart]) -> list[dict]:
    return [{"id": p.id, "title": p.title, "weight": None if p.weight is None else list(p.weight)} for p in parts]


def _edit_json(st: Step) -> dict | None:
    """What differs in a questionnaire edited without its version being raised; None when it was not."""
    if st.edit is None:
        return None
    return {"note": edited_note(st), "areas": _edited_json(st.edit.areas), "items": _edited_json(st.edit.items),
            "questionnaire_texts": st.edit.texts, "items_moved_between_areas": st.edit.moved,
            "items_reordered_in": _edited_json(st.edit.reordered), "areas_reordered": st.edit.areas_reordered,
            "items_added_or_removed": st.edit.added_or_removed}


def comparison_json(comparison: Comparison, institution: str = "") -> dict:
    """A comparison as the versioned JSON structure that `compare --json` prints."""
    c = comparison
    return {
        "format": COMPARISON_FORMAT,
        "format_version": FORMAT_VERSION,
        "institution": institution,
        "steady_threshold": c.threshold,
        "cycles": [
            {
                "label": s.label,
                "questionnaire": {"id": s.questionnaire_id, "version": s.questionnaire_version, "hash": s.questionnaire_hash},
                "respondents": s.n_respondents, "overall_index": rounded(s.index), "band": s.band,
                "index_partial": index_partial(s),
                "areas": [
                    {"id": a.area_id, "title": row.title, "score": rounded(a.score), "status": a.status.text,
                     "reason": a.reason or None, "coverage": rounded(a.coverage, 4)}
                    for a, row in zip(s.areas, c.areas, strict=True)
                ],
                "targets": _tally_json(s.targets),
            }
            for s in c.cycles
        ],
        "steps": [
            {
                "from": st.previous, "to": st.current,
                # changed: another questionnaire, another version, or the same version with other content (edited)
                "questionnaire_changed": st.questionnaire_changed, "same_questionnaire": st.same_questionnaire,
                "questionnaire_edited": _edit_json(st),
                "overall_index": _change_json(st.index),
                "areas": [{"id": a.area_id, "title": a.title, **_change_json(a.change)} for a in st.areas],
                "moved_up": [_item_json(i) for i in st.moved_up],
                "moved_down": [_item_json(i) for i in st.moved_down],
                "new_items": [_item_json(i) for i in st.new_items],
                "retired_items": [_item_json(i) for i in st.retired_items],
                "renamed_items": [_item_json(i) for i in st.renamed_items],
                "targets_from_previous": _tally_json(st.targets),
                "previous_actions": [
                    {"id": f.action.id, "item": f.action.item_id, "item_title": f.item_title, "text": f.action.text,
                     "owner": f.action.owner, "due_date": f.action.due_date.isoformat() if f.action.due_date else None,
                     "status": f.status.value, "carried_to": f.carried_to}
                    for f in st.actions
                ],
            }
            for st in c.steps
        ],
        "items": [
            {"item": line.latest.item_id, "title": line.latest.title, "area": line.latest.area_id,
             "ids": [None if x is None else x.item_id for x in line.cells],
             "levels": [None if x is None else level_value(x.level) for x in line.cells]}
            for line in c.item_lines
        ],
    }


def _score_cell(score: float | None, status: str) -> object:
    return status if score is None else rounded(score, 1)


def _line_link(c: Comparison, line: ItemLine, step: int) -> ItemChange | None:
    later, earlier = line.cells[step + 1], line.cells[step]
    st = c.steps[step]
    for i in st.items:
        if later is not None and i.item_id == later.item_id:
            return i
        if later is None and earlier is not None and i.item_id is None and i.previous_ids == (earlier.item_id,):
            return i
    return None


def _merged_into(c: Comparison, line: ItemLine, step: int) -> str:
    """The item an earlier item went into, with others, in the step's later cycle; "" if none.
    Its own row would otherwise say nothing of where it went."""
    later, earlier = line.cells[step + 1], line.cells[step]
    if later is not None or earlier is None:
        return ""
    return next((i.item_id for i in c.steps[step].items
                 if i.item_id is not None and len(i.previous_ids) > 1 and earlier.item_id in i.previous_ids), "") or ""


def comparison_csv(c: Comparison) -> bytes:
    """One table: the overall index, every area and every item, a column per cycle and per change."""
    labels = c.labels
    step_names = [f"{s.previous} → {s.current}" for s in c.steps]
    header = ["row", "area", "item id", "item title", *labels]
    for name in step_names:
        # changes are in whole points, the difference of the rounded scores, as the reports give
        # them: the header says so, as the scores beside them have a decimal
        header += [f"change in whole points {name}", f"direction {name}", f"item link {name}"]
    rows: list[list[object]] = []

    def changes(chs: Sequence[Change]) -> list[object]:
        out: list[object] = []
        for ch in chs:
            out += ["" if ch.delta is None else ch.delta,
                    ch.reason if ch.direction is None else ch.direction.value, ""]
        return out

    rows.append(["overall index", "", "", "", *[_score_cell(s.index, "not enough answers") for s in c.cycles],
                 *changes(c.index_changes)])
    if any(index_partial(s) for s in c.cycles):  # an index resting on some areas only is not a whole one
        rows.append(["overall index status", "", "", "",
                     *[("not enough answers" if s.index is None else partial_status(s.unscored_areas) if index_partial(s)
                        else "scored") for s in c.cycles], *[""] * (3 * len(c.steps))])
    for area in c.areas:
        rows.append(["area score", area.title, "", "",
                     *[_score_cell(s.score, s.status.text) for s in area.scores], *changes(area.changes)])
    titles = {a.area_id: a.title for a in c.areas}
    for line in c.item_lines:
        latest = line.latest
        cells = [("not in questionnaire" if x is None else ("no level" if x.level is None else _level_text(x.level)))
                 for x in line.cells]
        tail: list[object] = []
        for k in range(len(c.steps)):
            ic = _line_link(c, line, k)
            if ic is None:
                into = _merged_into(c, line, k)
                tail += ["", "", f"merged into {into}" if into else ""]
            else:
                tail += ["" if ic.change is None else _level_text(ic.change),
                         "" if ic.moved is None else ic.moved.value, ic.link.value]
        rows.append(["item level", titles.get(latest.area_id, latest.area_id), latest.item_id, latest.title, *cells, *tail])
    blank_steps = [""] * (3 * len(c.steps))
    # the questionnaire of each cycle and, for each step, whether it changed, in the step's item
    # link column (a version edited without being raised says so, as its id and version alone look
    # the same); its change and direction columns stay empty: the note of an edit is in the JSON
    quest: list[object] = []
    for st in c.steps:
        link = ("other questionnaire" if not st.same_questionnaire else "revised" if st.version_changed
                else "edited, same version" if st.edit is not None else "same")
        quest += ["", "", link]
    rows.append(["questionnaire", "", "", "", *[f"{s.questionnaire_id} {s.questionnaire_version}" for s in c.cycles], *quest])
    for pick in ("met", "missed"):
        rows.append([f"targets {pick}", "", "", "", *[len(getattr(s.targets, pick)) for s in c.cycles], *blank_steps])
        rows.append([f"previous cycle's targets {pick}", "", "", "", "",
                     *[len(getattr(st.targets, pick)) for st in c.steps], *blank_steps])
    return csv_bytes(header, rows)


def comparison_pdf(c: Comparison, institution: str) -> bytes:
    """The comparison report (reportlab is loaded only when a PDF is asked for)."""
    from iah_assess.reporting.comparison_report import comparison_pdf as render

    return render(c, institution)


# Writers of a comparison file by suffix.
ComparisonWriter = Callable[[Comparison, str], bytes]
COMPARISON_WRITERS: dict[str, ComparisonWriter] = {
    ".csv": lambda c, institution: comparison_csv(c),
    ".json": lambda c, institution: json_bytes(comparison_json(c, institution)),
    ".pdf": comparison_pdf,
}


def export_comparison(comparison: Comparison, path: Path, institution: str = "") -> Path:
    """Write a comparison to FILE.csv, FILE.json or FILE.pdf (by the file name's ending)."""
    path = Path(path)
    writer = COMPARISON_WRITERS.get(path.suffix.lower())
    if writer is None:
        endings = " or ".join(sorted(COMPARISON_WRITERS))
        raise ExportFailed(f"choose a file name ending in {endings}, not '{path.name}'")
    return write_file(path, writer(comparison, institution))
