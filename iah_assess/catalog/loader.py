"""Reading and validating questionnaire files and their translations (see the package for where they are)."""

from __future__ import annotations

import datetime
import difflib
import json
import logging
import os
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ValidationError

from iah_assess.catalog import EARLIER_DIR
from iah_assess.catalog.safe_yaml import MAX_PROBLEMS, Document, Problem, YamlRejected, read_yaml
from iah_assess.domain.questionnaire import (
    AboutText,
    Completeness,
    LongText,
    Questionnaire,
    ShortText,
    Statement,
    Translation,
    apply_translation,
)
from iah_assess.wording import counted

log = logging.getLogger(__name__)

MAIN_FILE = "questionnaire.yaml"
TRANSLATIONS_DIR = "translations"
YAML_SUFFIXES = (".yaml", ".yml")  # in any case: Windows shows mk.YAML and mk.yaml alike
# Files a system or an editor leaves in a folder, not put there by its user: never reported.
_SYSTEM_FILES = {"desktop.ini", "thumbs.db", "icon\r"}


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def _left_by_system(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in _SYSTEM_FILES


def main_file(folder: Path) -> Path | None:
    """A questionnaire folder's main file: questionnaire.yaml, or .yml, in any case; None if none."""
    found = sorted((f for f in folder.iterdir() if f.stem.lower() == "questionnaire" and _is_yaml(f) and f.is_file()),
                   key=lambda f: (f.name != MAIN_FILE, f.name))
    return found[0] if found else None


class QuestionnaireInvalid(Exception):
    """A questionnaire file (or folder) has problems; each one names the file, line and fix."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class LoadedQuestionnaire:
    questionnaire: Questionnaire
    source: str
    translations: dict[str, Translation] = field(default_factory=dict)
    # The line of each 'replaces' entry, by (item id, id it names): for a note on an id that no
    # other known version has (see replaces_notes), which must point at the line to fix.
    replaces_lines: dict[tuple[str, str], int | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def languages(self) -> list[str]:
        return [self.questionnaire.default_language, *sorted(self.translations)]

    def resolved(self, language: str | None = None) -> tuple[Questionnaire, Completeness]:
        """The questionnaire in a language, falling back to the default language text by text."""
        q = self.questionnaire
        if language is None or language == q.default_language:
            return apply_translation(q, None)
        if language not in self.translations:
            raise KeyError(language)
        return apply_translation(q, self.translations[language])


@dataclass
class Entry:
    """One questionnaire found in a folder: loaded, or the problems that stop it loading."""

    path: Path
    loaded: LoadedQuestionnaire | None
    problems: list[Problem]
    # What may be wrong in a questionnaire that can still be used (see replaces_notes): said, but
    # the file is offered all the same.
    notes: list[Problem] = field(default_factory=list)


def _where(data: object, loc: tuple) -> str:
    """Name the area and item a validation location points into."""
    parts = []
    try:
        if len(loc) >= 2 and loc[0] == "areas" and isinstance(loc[1], int):
            area = data["areas"][loc[1]]  # type: ignore[index]
            parts.append(f"area '{area.get('id', loc[1] + 1)}'" if isinstance(area, dict) else f"area {loc[1] + 1}")
            if len(loc) >= 4 and loc[2] == "items" and isinstance(loc[3], int):
                item = area["items"][loc[3]]
                parts.append(f"item '{item.get('id', loc[3] + 1)}'" if isinstance(item, dict) else f"item {loc[3] + 1}")
        elif len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], str):
            parts.append(f"item '{loc[1]}'")
        elif len(loc) >= 2 and loc[0] == "glossary":
            parts.append(f"glossary entry {loc[1] if isinstance(loc[1], str) else loc[1] + 1}")
    except (KeyError, IndexError, TypeError):
        pass
    return ", ".join(parts)


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str) and p not in ("areas", "items")]
    tail = [str(p) for p in loc[-2:] if isinstance(p, str)]
    if loc and isinstance(loc[-1], int) and len(loc) >= 2 and isinstance(loc[-2], str):
        if loc[-2] == "levels":  # the scale's own numbers, 0 to 4, as everywhere else
            return f"level {loc[-1]}"
        return f"{loc[-2]} entry {loc[-1] + 1}"
    return (tail[-1] if tail else (names[-1] if names else "the file"))


def _plain(err: dict) -> str:
    """A pydantic error in plain words, with the fix."""
    kind = err["type"]
    loc = tuple(err["loc"])
    # strict mode reports unions per member ('str', 'int', ...); drop those technical parts
    loc = tuple(p for p in loc if p not in ("str", "int", "float", "bool", "list[str]", "function-after[_unique_ids(), Questionnaire]"))
    name = _field_name(loc)
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "missing":
        return f"'{name}' is missing; add it."
    if kind == "extra_forbidden":
        return f"'{name}' is not a known field; remove it or check its spelling (see `iah-assess schema`)."
    if kind == "string_type" and given is None:  # `title:` or a `-` with nothing after it
        what = "its descriptor" if name.startswith("level ") else "the text"
        return f"'{name}' is empty; write {what}."
    if kind == "string_type" and name == "version" and isinstance(given, (int, float)):
        return f"'version' must be in quotes, like version: \"1.0\"; unquoted, it is read as the number {given!r}."
    if kind in ("string_type",):
        return f"'{name}' should be text; put it in quotes: unquoted, {_read_as(given)}."
    if kind == "string_too_short":
        if not str(given or "").strip():  # text fields drop their spaces before the check
            return f"'{name}' is empty; write the text."
        return f"'{name}' is too short ({counted(len(given), 'character')}; at least {ctx.get('min_length')}). Lengthen it."
    if kind == "string_too_long":
        return f"'{name}' is too long ({len(given)} characters; at most {ctx.get('max_length')}). Shorten it."
    if kind == "string_pattern_mismatch":
        if name in ("id", "questionnaire") or name.startswith("replaces"):
            return f"'{name}' must be a slug: lower-case letters, digits and single hyphens, such as 'lead-vision' (got {given!r})."
        if name == "version":
            return f"'version' must look like \"1.0\" in quotes (got {given!r})."
        if name in ("default_language", "language"):
            return _language_fix(name, given)
        return f"'{name}' has the wrong form (got {given!r})."
    if kind in ("too_short", "too_long"):
        n = len(given) if isinstance(given, (list, dict, str)) else "?"
        lo, hi = ctx.get("min_length"), ctx.get("max_length")
        if name == "levels" or name.endswith("levels"):
            return f"'levels' must list exactly five descriptors, for levels 0 to 4; it lists {n}."
        bound = f"at least {counted(lo, 'entry', 'entries')}" if kind == "too_short" else f"at most {counted(hi, 'entry', 'entries')}"
        return f"'{name}' must have {bound}; it has {n}."
    if kind in ("list_type",):
        return f"'{name}' should be a list (one '- ' entry per line)."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{name}' should be a block of 'key: value' lines."
    if kind in ("bool_type",):
        return f"'{name}' should be true or false (got {given!r})."
    if kind in ("float_type", "int_type"):
        if isinstance(given, str) and re.fullmatch(r"\s*\d+,\d+\s*", given):
            return f"'{name}' is {given.strip()}; use a decimal point: {given.strip().replace(',', '.')}."
        if isinstance(given, str) and not re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*", given):
            return f"'{name}' should be a number, such as 1, 2 or 0.5 (got {given!r})."
        return f"'{name}' should be a number without quotes (got {given!r})."
    if kind in ("greater_than", "less_than_equal", "greater_than_equal") and name == "weight":
        bound = (f"at most {_number(ctx.get('le'))}" if kind == "less_than_equal"
                 else f"more than {_number(ctx.get('gt', ctx.get('ge')))}")
        return (f"'weight' is {_number(given)}; a weight must be {bound}. 1 is the usual weight, 2 counts double, "
                f"0.5 counts half.")
    if kind in ("greater_than", "less_than_equal", "greater_than_equal"):
        return f"'{name}' is {given!r}; {err['msg'].lower()}."
    if kind in ("literal_error",):
        return f"'{name}' is {given!r}; {err['msg'].replace('Input should be', 'it should be')}."
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, ") + "."
    if kind == "finite_number":
        return f"'{name}' must be a finite number."
    return f"'{name}': {err['msg']}."


def _read_as(given: object) -> str:
    """What YAML made of an unquoted value that was meant as text."""
    if isinstance(given, bool):
        return "yes, no, true, false, on and off are read as yes or no"
    if isinstance(given, (int, float)):
        return f"{given!r} is read as a number"
    if isinstance(given, (datetime.date, datetime.datetime)):
        return f"{given.isoformat()} is read as a date"
    if isinstance(given, list):
        return "a text in [ ] is read as a list"
    if isinstance(given, dict):
        return "a text in { }, or one with ': ' in it, is read as a block of keys"
    return f"it is read as {type(given).__name__}"


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# Language names, in English and in the language itself, and their codes: 'default_language:
# Macedonian' is a natural thing to write.
_LANGUAGES = {"mk": ("macedonian", "македонски", "makedonski"), "sq": ("albanian", "shqip", "shqipe"),
              "sr": ("serbian", "српски", "srpski"), "hr": ("croatian", "hrvatski"), "bs": ("bosnian", "bosanski"),
              "sl": ("slovenian", "slovene", "slovenščina", "slovenski"), "bg": ("bulgarian", "български"),
              "cnr": ("montenegrin", "crnogorski", "црногорски"), "ro": ("romanian", "română"),
              "el": ("greek", "ελληνικά"), "tr": ("turkish", "türkçe"), "hu": ("hungarian", "magyar"),
              "en": ("english",), "de": ("german", "deutsch"), "fr": ("french", "français"), "it": ("italian", "italiano"),
              "es": ("spanish", "español")}


def _language_fix(name: str, given: object) -> str:
    text = str(given).strip()
    code = next((c for c, names in _LANGUAGES.items() if text.lower() in names or text.lower() == c), None)
    if code is not None:
        return f"'{name}' is {text!r}; write its language code instead: {code}."
    return (f"'{name}' must be a language code (got {given!r}), such as mk (Macedonian), sq (Albanian), sr (Serbian), "
            f"hr (Croatian), bs (Bosnian), sl (Slovenian), bg (Bulgarian) or en (English); sr-Latn or sr-Cyrl for a script.")


def _still_an_item(kept: str, line: int | None) -> str:
    """An item replacing one this version still has: comparing cycles would take the two for one
    item continued, and check the older one's target against the newer one's level. Checked here,
    on files, and not in the model, so that a workspace's stored copy made before still reads."""
    return (f"'replaces' names '{kept}', which is still an item of this questionnaire (line {line}); it may name "
            f"only items of an earlier version that this one no longer has. Remove '{kept}' from 'replaces', or "
            f"remove that item.")


def _raw_items(data: dict) -> list[tuple[tuple, dict]]:
    """Every item of the raw data with its location, skipping what is not an area or an item."""
    areas = data.get("areas")
    out = []
    for a_n, area in enumerate(areas if isinstance(areas, list) else []):
        items = area.get("items") if isinstance(area, dict) else None
        for i_n, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                out.append((("areas", a_n, "items", i_n), item))
    return out


def _cross_reference_problems(doc: Document, display: str) -> list[Problem]:
    """Duplicate ids, self-references and items replacing one still there, found in the raw data
    so that they show beside field errors."""
    data = doc.data
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    seen: dict[tuple[str, str], int] = {}

    def check(kind: str, value: object, loc: tuple, where: str) -> None:
        if not isinstance(value, str):
            return
        if (kind, value) in seen:
            problems.append(Problem(display, doc.line(loc), where, f"the {kind} id '{value}' is used twice (first on line {seen[(kind, value)]}); give each {kind} its own id."))
        else:
            seen[(kind, value)] = doc.line(loc) or 0

    areas = data.get("areas")
    item_lines: dict[str, int | None] = {}  # each item id and the line it is on
    for loc, item in _raw_items(data):
        if isinstance(item.get("id"), str):
            item_lines.setdefault(item["id"], doc.line(loc + ("id",)))
    for a_n, area in enumerate(areas if isinstance(areas, list) else []):
        if not isinstance(area, dict):
            continue
        check("area", area.get("id"), ("areas", a_n, "id"), "")
        items = area.get("items")
        for i_n, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            check("item", item.get("id"), ("areas", a_n, "items", i_n, "id"), f"area '{area.get('id')}'")
            replaces = item.get("replaces")
            if isinstance(replaces, list) and item.get("id") in replaces:
                problems.append(Problem(display, doc.line(("areas", a_n, "items", i_n, "replaces")), f"item '{item.get('id')}'", "the item lists itself in 'replaces'; remove it."))
            for r_n, kept in enumerate(replaces if isinstance(replaces, list) else []):
                if isinstance(kept, str) and kept != item.get("id") and kept in item_lines:
                    loc = ("areas", a_n, "items", i_n, "replaces", r_n)
                    problems.append(Problem(display, doc.line(loc), _where(data, loc),
                                            _still_an_item(kept, item_lines[kept])))
    glossary = data.get("glossary")
    for g_n, entry in enumerate(glossary if isinstance(glossary, list) else []):
        if isinstance(entry, dict):
            check("glossary entry", entry.get("id"), ("glossary", g_n, "id"), "")
    return problems


TEXT_TYPES = (ShortText, Statement, LongText, AboutText)  # the model's types of prose


def text_fields(*models: type[BaseModel]) -> frozenset[str]:
    """The names of the fields typed as prose (TEXT_TYPES, alone, optional or in a list) in these models
    and the models within them, such as Item within Area within Questionnaire."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(hint: object, name: str) -> None:
        if any(hint == text for text in TEXT_TYPES):
            names.add(name)
        elif isinstance(hint, type) and issubclass(hint, BaseModel):
            if hint not in seen:
                seen.add(hint)
                for key, inner in typing.get_type_hints(hint, include_extras=True).items():
                    walk(inner, key)
        elif typing.get_origin(hint) is not typing.Annotated:  # an id or a code: not prose
            for arg in typing.get_args(hint):  # list[...], dict[str, ...], ... | None
                walk(arg, name)

    for model in models:
        walk(model, "")
    return frozenset(names)


# The fields written as prose, where a ' #' in unquoted text cuts it short. A comment after an id,
# a language code or a number cuts nothing: a value with a space in it is refused there anyway.
# Found from the models, so that a text field added to them later has the same protection.
TEXT_FIELDS = text_fields(Questionnaire, Translation)


def _comment_problems(doc: Document, display: str) -> list[Problem]:
    """Unquoted texts that a comment follows on their line: YAML drops the text after ' #', so
    `guidance: Course #1 of the year` would read as "Course" without a word."""
    problems = []
    for loc, line in doc.commented.items():
        name = loc[-2] if loc and isinstance(loc[-1], int) and len(loc) >= 2 else (loc[-1] if loc else "")
        if name in TEXT_FIELDS:
            problems.append(Problem(display, line, _where(doc.data, loc), (
                f"'{_field_name(loc)}': the text after ' #' is read as a comment and dropped; put the whole "
                f"text in quotes, or move the comment to a line of its own.")))
    return problems


def _validate(model: type, doc: Document, display: str) -> object:
    cross = _cross_reference_problems(doc, display) if model is Questionnaire else []
    found = cross + _comment_problems(doc, display)
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        problems = found[:MAX_PROBLEMS]
        seen = set()
        errors = exc.errors(include_url=False)
        more = len(found) - len(problems)
        for n, err in enumerate(errors):
            if len(problems) >= MAX_PROBLEMS:
                more += len(errors) - n
                break
            loc = tuple(err["loc"])
            if err["type"] == "value_error" and cross and model is Questionnaire and not loc:
                continue  # the model's own id checks, already reported above with lines
            p = Problem(display, doc.line(loc), _where(doc.data, loc), _plain(err))
            if (p.line, p.where, p.message) not in seen:
                seen.add((p.line, p.where, p.message))
                problems.append(p)
        problems.sort(key=lambda p: p.line or 0)
        raise QuestionnaireInvalid(_with_more(problems, more, display)) from None
    if found:
        found.sort(key=lambda p: p.line or 0)
        raise QuestionnaireInvalid(_with_more(found[:MAX_PROBLEMS], len(found) - MAX_PROBLEMS, display))
    return result


def _with_more(problems: list[Problem], more: int, display: str) -> list[Problem]:
    """The problems listed, and a word on those left out: thousands would bury the first ones."""
    if more > 0:
        problems.append(Problem(display, None, "", f"{more:,} more problems are not listed; fix these, then check the file again."))
    return problems


def _translation_fit_problems(q: Questionnaire, doc: Document, display: str) -> list[Problem]:
    """Ids and list lengths in a translation file that do not fit the questionnaire, each with its line."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []

    def problem(loc: tuple, where: str, message: str) -> None:
        problems.append(Problem(display, doc.line(loc), where, message))

    if isinstance(data.get("questionnaire"), str) and data["questionnaire"] != q.id:
        problem(("questionnaire",), "", f"it translates '{data['questionnaire']}', not '{q.id}'; fix 'questionnaire' "
                                        f"or move the file to that questionnaire's translations/ folder.")
    for key, known, kind in (("areas", {a.id for a in q.areas}, "area"),
                             ("glossary", {g.id for g in q.glossary}, "glossary entry"),
                             ("items", {i.id for i in q.items}, "item")):
        entries = data.get(key)
        for entry_id in entries if isinstance(entries, dict) else {}:
            if entry_id not in known:
                problem((key, entry_id), "", f"{kind} '{entry_id}' is not in the questionnaire; fix the id or remove the entry.")
    items = data.get("items")
    base = {i.id: i for i in q.items}
    for item_id, texts in (items if isinstance(items, dict) else {}).items():
        if item_id not in base or not isinstance(texts, dict):
            continue
        for list_name in ("evidence_prompts", "indicators"):
            given, main = texts.get(list_name), getattr(base[item_id], list_name)
            if isinstance(given, list) and len(given) != len(main):
                problem(("items", item_id, list_name), f"item '{item_id}'",
                        f"{list_name} has {counted(len(given), 'entry', 'entries')}; the main file has {len(main)}. "
                        f"Give one for each, in the same order.")
    return problems


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(path: Path) -> LoadedQuestionnaire:
    """Load a questionnaire file or folder; raise QuestionnaireInvalid listing every problem.
    A folder's problems name the file in it each one is in (see Problem.part)."""
    path = Path(path)
    if not path.is_dir():
        return _load(path)
    try:
        return _load(path)
    except QuestionnaireInvalid as exc:
        folder = _display(path)
        raise QuestionnaireInvalid([replace(p, part=Path(os.path.relpath(p.file, folder)).as_posix())
                                    if p.file != folder else p for p in exc.problems]) from None


def _load(path: Path) -> LoadedQuestionnaire:
    main = (main_file(path) or path / MAIN_FILE) if path.is_dir() else path
    display = _display(main)
    if path.is_dir() and not main.exists():
        raise QuestionnaireInvalid([_no_main_file(path)])
    try:
        doc = read_yaml(main, display)
    except YamlRejected as exc:
        raise QuestionnaireInvalid(exc.problems) from None
    if isinstance(doc.data, dict) and "questionnaire" in doc.data and "areas" not in doc.data:
        raise QuestionnaireInvalid([Problem(display, 1, "", "this is a translation file, not a questionnaire. Put it in the questionnaire folder's translations/ folder.")])
    questionnaire = _validate(Questionnaire, doc, display)
    assert isinstance(questionnaire, Questionnaire)
    problems: list[Problem] = []
    translations: dict[str, Translation] = {}
    tdir = path / TRANSLATIONS_DIR if path.is_dir() else None
    if tdir is not None and tdir.is_dir():
        for tfile in sorted(tdir.iterdir()):
            if not _is_yaml(tfile):
                if tfile.is_file() and not _left_by_system(tfile):
                    problems.append(_not_read(tfile, "translation file"))
                continue
            tdisplay = _display(tfile)
            try:
                tdoc = read_yaml(tfile, tdisplay)
            except YamlRejected as exc:
                problems.extend(exc.problems)
                continue
            # the ids are checked whether or not the rest is valid, so that every problem shows at once
            fitting = _translation_fit_problems(questionnaire, tdoc, tdisplay)
            try:
                translation = _validate(Translation, tdoc, tdisplay)
            except QuestionnaireInvalid as exc:
                problems.extend(sorted(exc.problems + fitting, key=lambda p: p.line or 0))
                continue
            problems.extend(fitting)
            assert isinstance(translation, Translation)
            if translation.language == questionnaire.default_language:
                problems.append(Problem(tdisplay, None, "", f"it translates into '{translation.language}', the default language; remove it or change 'language'."))
            elif translation.language in translations:
                problems.append(Problem(tdisplay, None, "", f"a second translation into '{translation.language}'; keep one file per language."))
            translations[translation.language] = translation
    if problems:
        raise QuestionnaireInvalid(problems)
    return LoadedQuestionnaire(questionnaire, str(main), translations, _replaces_lines(doc))


def _replaces_lines(doc: Document) -> dict[tuple[str, str], int | None]:
    data = doc.data if isinstance(doc.data, dict) else {}
    lines: dict[tuple[str, str], int | None] = {}
    for loc, item in _raw_items(data):
        replaces = item.get("replaces")
        for r_n, named in enumerate(replaces if isinstance(replaces, list) else []):
            if isinstance(item.get("id"), str) and isinstance(named, str):
                lines.setdefault((item["id"], named), doc.line(loc + ("replaces", r_n)))
    return lines


def replaces_notes(lq: LoadedQuestionnaire, known: Iterable[Questionnaire]) -> list[Problem]:
    """A note for each id in a 'replaces' that is in none of the other versions of the same
    questionnaire known (files, earlier/ folders, a workspace's cycles), with the closest id
    they have: a typo (reg-joint-course for reg-joint-courses) would have comparisons show the old
    item retired and the new one new, unlinked. A note and not a problem: the id may be that of a
    version no longer kept. Nothing when no other version is known: there is nothing to check against."""
    q = lq.questionnaire
    others = {o.content_hash(): o for o in known if o.id == q.id}
    others.pop(q.content_hash(), None)
    if not others:
        return []
    earlier_ids = {i.id for o in others.values() for i in o.items}
    gone = sorted(earlier_ids - {i.id for i in q.items})  # the ids a 'replaces' may rightly name
    versions = ", ".join(sorted({o.version for o in others.values()}, key=_version_key))
    display = _display(Path(lq.source))
    notes = []
    for item in q.items:
        for named in item.replaces:
            if named in earlier_ids:
                continue
            close = difflib.get_close_matches(named, gone, n=1, cutoff=0.6)
            guess = f"did you mean '{close[0]}'? " if close else ""
            notes.append(Problem(display, lq.replaces_lines.get((item.id, named)), f"item '{item.id}'", (
                f"'replaces' names '{named}', which no other version of '{q.id}' found here ({versions}) has; "
                f"{guess}As it is, comparisons show this item as new, linked to no earlier one. "
                f"If '{named}' is in a version no longer kept here, leave it.")))
    return notes


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def with_notes(entries: list[Entry], known: Iterable[Questionnaire]) -> list[Entry]:
    """The entries, each usable one with its notes (see replaces_notes) against the versions known.
    New entries: those given may be a catalog's, kept between lookups."""
    known = list(known)
    return [replace(e, notes=replaces_notes(e.loaded, known)) if e.loaded is not None else e for e in entries]


def _candidates(folder: Path) -> list[Path]:
    """What `validate` checks in a folder: the folder itself if it is a questionnaire folder,
    else each questionnaire in it (see _listing)."""
    if main_file(folder) is not None:
        return [folder]
    return _listing(folder)[0]


def _listing(folder: Path) -> tuple[list[Path], list[Entry]]:
    """The questionnaires in a folder of them, YAML files and sub-folders with a main file, and
    an entry with the fix for each file or folder in it that is not read: named so that it ends
    in .yaml, or a folder without its questionnaire.yaml, was skipped without a word. A
    questionnaire.yaml here is a file like any other (it once hid every other file), and the
    earlier/ sub-folder is for rescues only (see Catalog.contents)."""
    found: list[Path] = []
    unread: list[Entry] = []
    for child in sorted(folder.iterdir()):
        if _left_by_system(child):
            continue
        if child.is_dir():
            if child.name == EARLIER_DIR:
                continue
            if main_file(child) is not None:
                found.append(child)
            elif any(not _left_by_system(f) for f in child.iterdir()):
                unread.append(Entry(child, None, [_no_main_file(child)]))
        elif _is_yaml(child):
            found.append(child)
        elif child.is_file():
            unread.append(Entry(child, None, [_not_read(child, "questionnaire file")]))
    return found, unread


def _not_read(path: Path, kind: str) -> Problem:
    name = path.name
    stem = name[: -len(path.suffix)] if path.suffix else name
    if _is_yaml(Path(stem)):  # mine.yaml.txt: an editor added its own ending
        fix = f"its name ends in {path.suffix}, which your editor may have added; rename it to {stem}."
    else:
        fix = (f"a {kind}'s name ends in .yaml. If it is one, rename it to {stem}.yaml; "
               f"if not, move it out of this folder.")
    return Problem(_display(path), None, "", f"this file is not read: {fix}")


def _no_main_file(folder: Path) -> Problem:
    """A folder that holds no questionnaire.yaml, and what to do about it."""
    yaml_files = sorted(f.name for f in folder.iterdir() if f.is_file() and _is_yaml(f))
    if folder.name == TRANSLATIONS_DIR:
        says = (f"a {TRANSLATIONS_DIR}/ folder belongs inside a questionnaire's own folder, beside its {MAIN_FILE}; "
                f"make a folder for the questionnaire and move both into it.")
    elif len(yaml_files) == 1:
        says = (f"the folder has no {MAIN_FILE}, the name its main file must have, so nothing in it is read: rename "
                f"{yaml_files[0]} to {MAIN_FILE}, or move {yaml_files[0]} up, out of the folder.")
    else:
        says = (f"the folder has no {MAIN_FILE}, so nothing in it is read: a questionnaire folder holds its main file "
                f"under that name, and its translations in {TRANSLATIONS_DIR}/.")
    return Problem(_display(folder), None, "", says)


def discover(folder: Path, known: dict[Path, tuple[Stamp, Entry]] | None = None, report: bool = False) -> list[Entry]:
    """Every questionnaire in a folder, loaded or with its problems; never raises for a bad file.
    With `report`, each file or folder in it that is not read is an entry too, with the fix.

    With `known`, what a catalog has read before, a file or folder unchanged since is not read
    again, and what is read is added to it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    entries = []
    found, unread = _listing(folder)
    for path in found:
        stamp = _stamp(path)
        seen = known.get(path) if known is not None else None
        if seen is not None and stamp is not None and seen[0] == stamp:
            entries.append(seen[1])
            continue
        loaded, problems = _checked(path)
        entry = Entry(path, loaded, problems)
        if known is not None and stamp is not None:
            known[path] = (stamp, entry)
        entries.append(entry)
    if report:
        entries = sorted([*entries, *unread], key=lambda e: e.path.name)
    return entries


Stamp = tuple[tuple[str, int, int, int], ...]


def _stamp(path: Path) -> Stamp | None:
    """What tells that a questionnaire's files are unchanged: each one's name, size, modification
    time and inode (an editor that saves by replacing the file gives it a new one). Taken before
    the files are read, so a change made while they are read shows next time. None if a file
    cannot be looked at: then it is read every time, and says why."""
    try:
        files = [path]
        if path.is_dir():
            tdir = path / TRANSLATIONS_DIR
            files = [main_file(path) or path / MAIN_FILE]
            if tdir.is_dir():
                files += sorted(tdir.iterdir())
        return tuple((f.name, st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()])
    except OSError:
        return None


def _checked(path: Path) -> tuple[Questionnaire | None, list[Problem]]:
    """Load one file or folder: the questionnaire, or its problems. A fault of ours is one problem
    too, so that one odd file never stops the others from being read or checked."""
    try:
        return load(path), []
    except QuestionnaireInvalid as exc:
        return None, exc.problems
    except Exception as exc:  # noqa: BLE001 - reported as a problem of this file, and logged
        log.exception("could not check %s", path)
        return None, [Problem(_display(path), None, "", f"could not be checked ({type(exc).__name__}: {exc}). "
                              "This is a fault in iah-assess; please report it with the file.")]


def one_per_version(entries: list[Entry], shipped: Path | None = None) -> list[Entry]:
    """The entries with each questionnaire id and version given once: a later file that gives the
    same id and version with other content (a copy of iah-core edited without raising its version,
    two user files) becomes a problem of that file, since a cycle names its questionnaire by id and
    version and the list offered them as two alike entries. A later file of exactly the same
    content and translations, a plain copy, is left out without a word: it offers nothing the
    first does not, and a cycle on either would store the same questionnaire."""
    first: dict[tuple[str, str], Entry] = {}
    out = []
    for entry in entries:
        if entry.loaded is None:
            out.append(entry)
            continue
        q = entry.loaded.questionnaire
        earlier = first.setdefault((q.id, q.version), entry)
        if earlier is entry:
            out.append(entry)
            continue
        assert earlier.loaded is not None
        if (earlier.loaded.questionnaire.content_hash() == q.content_hash()
                and earlier.loaded.translations == entry.loaded.translations):
            continue
        given_by = (f"the built-in questionnaire ({earlier.path})"
                    if shipped is not None and earlier.path.is_relative_to(shipped) else str(earlier.path))
        out.append(Entry(entry.path, None, [Problem(_display(Path(entry.loaded.source)), None, "", (
            f"questionnaire '{q.id}' version {q.version} is already given by {given_by} with different content; "
            f"give yours its own id, or raise its version."))]))
    return out


@dataclass
class Checked:
    """What `validate` found: how many questionnaires it checked, the problems that stop a file
    being used, and the notes on files that can be used all the same (see replaces_notes)."""

    checked: int
    problems: list[Problem]
    notes: list[Problem]


def validate_paths(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Validate files or folders; returns how many questionnaires were checked and all problems
    (see check_paths, which gives the notes too)."""
    found = check_paths(paths)
    return found.checked, found.problems


def check_paths(paths: list[Path], user_dir: Path | None = None,
                stored: Callable[[], Iterable[Questionnaire]] = tuple) -> Checked:
    """Validate files or folders: how many questionnaires were checked, all problems, and notes.
    A questionnaire that gives an id and version already given, with other content, by the
    built-in questionnaires or by a file checked before it is a problem, as in the app's list.
    The notes check each one's 'replaces' against the other versions of it known: those checked,
    the built-in ones, those in the user questionnaire folder `user_dir`, those kept in the
    earlier/ folder of these, of each folder checked and beside each file checked, and those
    `stored` gives (a workspace's cycles'), asked for only when some 'replaces' is there to check."""
    from iah_assess.catalog import shipped_dir

    checked = 0
    problems: list[Problem] = []
    entries: list[Entry] = []
    besides: list[Path] = []  # the folders a file or folder checked is in, or that are checked
    for path in paths:
        path = Path(path)
        before = len(problems)  # this path's own problems follow
        if not path.exists():
            problems.append(Problem(str(path), None, "", "no such file or folder."))
            continue
        if path.is_dir() and main_file(path) is None:  # a folder of questionnaires, as the app reads it
            targets, unread = _listing(path)
            besides.append(path)
            if path.resolve() != shipped_dir().resolve():  # whose README is ours
                problems.extend(p for e in unread for p in e.problems)
        elif path.is_file() and not _is_yaml(path):  # as the app would not read it, in its folder
            problems.append(_not_read(path, "questionnaire file"))
            continue
        else:
            targets = [path]
            besides.append(path.parent)
        if path.is_dir() and not targets and len(problems) == before:  # a file before it with problems: said all the same
            problems.append(Problem(str(path), None, "", "the folder holds no questionnaire (.yaml files or folders with questionnaire.yaml)."))
        for target in targets:
            checked += 1
            loaded, found = _checked(target)
            problems.extend(found)
            entries.append(Entry(target, loaded, found))
    mine = {e.path.resolve() for e in entries}
    shipped = [e for e in discover(shipped_dir()) if e.loaded is not None and e.path.resolve() not in mine]
    kept = {id(e) for e in shipped + entries}
    problems.extend(p for e in one_per_version(shipped + entries, shipped_dir())
                    if id(e) not in kept for p in e.problems)
    notes: list[Problem] = []
    if any(item.replaces for e in entries if e.loaded is not None for item in e.loaded.questionnaire.items):
        catalogs = [shipped_dir(), *([user_dir] if user_dir is not None else [])]
        folders = [*catalogs, *(f / EARLIER_DIR for f in [*catalogs, *besides])]
        others = [e for folder in dict.fromkeys(f.resolve() for f in folders)
                  for e in _readable(folder) if e.path.resolve() not in mine]
        known = [e.loaded.questionnaire for e in [*entries, *others] if e.loaded is not None]
        notes = [n for e in with_notes(entries, [*known, *stored()]) for n in e.notes]
    return Checked(checked, problems, notes)


def _readable(folder: Path) -> list[Entry]:
    """The questionnaires in a folder read only to check others against: none if it cannot be read."""
    try:
        return discover(folder)
    except OSError:
        return []


def json_schema() -> str:
    schema = Questionnaire.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "iah-assess questionnaire"
    return json.dumps(schema, indent=2, ensure_ascii=False)
