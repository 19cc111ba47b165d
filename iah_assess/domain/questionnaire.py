"""The questionnaire as a strict, frozen model: areas, items, levels, actions and translations."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", min_length=2, max_length=48),
    Field(description="Lower-case letters, digits and single hyphens, starting with a letter."),
]
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=20),
    Field(description="A BCP 47 language tag such as en, sq, mk, sr-Latn, sr-Cyrl, bs."),
]


def _text(max_length: int, description: str) -> object:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        Field(description=description),
    ]


ShortText = _text(200, "A short text on one line.")
Statement = _text(600, "One observable statement.")
LongText = _text(4000, "A paragraph of text.")
AboutText = _text(40000, "Several paragraphs separated by blank lines.")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Actions(StrictModel):
    """The recommended action for each band of levels."""

    low: LongText = Field(description="The primary action at levels 0-1.")  # type: ignore[valid-type]
    developing: LongText = Field(description="The next step at level 2.")  # type: ignore[valid-type]
    established: LongText = Field(description="The sustain-and-evaluate step at level 3.")  # type: ignore[valid-type]
    embedded: LongText = Field(description="The share-or-validate-externally step at level 4.")  # type: ignore[valid-type]

    def for_level(self, level: float) -> str:
        """The action for a (possibly fractional, median) level: its band is the level below."""
        if level < 2:
            return self.low
        if level < 3:
            return self.developing
        if level < 4:
            return self.established
        return self.embedded


class Item(StrictModel):
    """One statement to rate, with five level descriptors, guidance and actions."""

    id: Slug = Field(description="Unique in the questionnaire and stable across versions.")  # type: ignore[valid-type]
    title: ShortText  # type: ignore[valid-type]
    statement: Statement  # type: ignore[valid-type]
    guidance: LongText  # type: ignore[valid-type]
    evidence_prompts: list[ShortText] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=8, description="Documents or data to check before answering."
    )
    levels: list[LongText] = Field(  # type: ignore[valid-type]
        min_length=5, max_length=5, description="Exactly five descriptors, for levels 0-4."
    )
    weight: float = Field(default=1.0, gt=0, le=10, description="The item's weight in its area.")
    foundation: bool = Field(default=False, description="Without this item IaH cannot start.")
    actions: Actions
    indicators: list[ShortText] = Field(default_factory=list, max_length=8)  # type: ignore[valid-type]
    references: list[ShortText] = Field(default_factory=list, max_length=8)  # type: ignore[valid-type]
    replaces: list[Slug] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=10,
        description="Ids of items of an earlier version that this item continues.",
    )


class Area(StrictModel):
    """One part of the questionnaire, such as leadership or finance."""

    id: Slug  # type: ignore[valid-type]
    title: ShortText  # type: ignore[valid-type]
    description: LongText  # type: ignore[valid-type]
    weight: float = Field(default=1.0, gt=0, le=10)
    required: bool = Field(default=True, description="Required areas cannot be left out.")
    items: list[Item] = Field(min_length=1, max_length=100)


class GlossaryEntry(StrictModel):
    id: Slug  # type: ignore[valid-type]
    term: ShortText  # type: ignore[valid-type]
    definition: LongText  # type: ignore[valid-type]


class Questionnaire(StrictModel):
    """A versioned instrument made of areas."""

    schema_version: Literal[1] = Field(description="The file format's version.")
    id: Slug  # type: ignore[valid-type]
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$", max_length=20)] = Field(
        description='Such as "1.0"; quote it in YAML.'
    )
    title: ShortText  # type: ignore[valid-type]
    description: LongText  # type: ignore[valid-type]
    default_language: LanguageCode = "en"  # type: ignore[valid-type]
    language: LanguageCode | None = Field(  # type: ignore[valid-type]
        default=None, description="Set by the loader: the language the texts are in."
    )
    about: AboutText | None = None  # type: ignore[valid-type]
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=500)
    areas: list[Area] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _unique_ids(self) -> Questionnaire:
        problems: list[str] = []
        for kind, ids in (
            ("area", [a.id for a in self.areas]),
            ("item", [i.id for a in self.areas for i in a.items]),
            ("glossary entry", [g.id for g in self.glossary]),
        ):
            seen: set[str] = set()
            for one in ids:
                if one in seen:
                    problems.append(f"the {kind} id '{one}' is used twice; give each {kind} its own id")
                seen.add(one)
        item_ids = {i.id for a in self.areas for i in a.items}
        for area in self.areas:
            for item in area.items:
                if item.id in item.replaces:
                    problems.append(f"item '{item.id}' lists itself in 'replaces'; remove it")
        del item_ids
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- lookups -------------------------------------------------------------------------

    @property
    def items(self) -> list[Item]:
        return [item for area in self.areas for item in area.items]

    def item(self, item_id: str) -> Item:
        for area in self.areas:
            for item in area.items:
                if item.id == item_id:
                    return item
        raise KeyError(item_id)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_of(self, item_id: str) -> Area:
        for area in self.areas:
            if any(item.id == item_id for item in area.items):
                return area
        raise KeyError(item_id)

    @property
    def required_area_ids(self) -> list[str]:
        return [a.id for a in self.areas if a.required]

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: the identity of exactly this content."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def canonical_json(self) -> str:
        return json.dumps(
            self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )


# --- translations ------------------------------------------------------------------------


class TermTranslation(StrictModel):
    term: ShortText | None = None  # type: ignore[valid-type]
    definition: LongText | None = None  # type: ignore[valid-type]


class AreaTranslation(StrictModel):
    title: ShortText | None = None  # type: ignore[valid-type]
    description: LongText | None = None  # type: ignore[valid-type]


class ActionsTranslation(StrictModel):
    low: LongText | None = None  # type: ignore[valid-type]
    developing: LongText | None = None  # type: ignore[valid-type]
    established: LongText | None = None  # type: ignore[valid-type]
    embedded: LongText | None = None  # type: ignore[valid-type]


class ItemTranslation(StrictModel):
    title: ShortText | None = None  # type: ignore[valid-type]
    statement: Statement | None = None  # type: ignore[valid-type]
    guidance: LongText | None = None  # type: ignore[valid-type]
    evidence_prompts: list[ShortText] | None = Field(default=None, max_length=8)  # type: ignore[valid-type]
    levels: list[LongText] | None = Field(default=None, min_length=5, max_length=5)  # type: ignore[valid-type]
    actions: ActionsTranslation | None = None
    indicators: list[ShortText] | None = Field(default=None, max_length=8)  # type: ignore[valid-type]


class Translation(StrictModel):
    """The texts of one language for a questionnaire, by id."""

    schema_version: Literal[1]
    questionnaire: Slug  # type: ignore[valid-type]
    language: LanguageCode  # type: ignore[valid-type]
    title: ShortText | None = None  # type: ignore[valid-type]
    description: LongText | None = None  # type: ignore[valid-type]
    about: AboutText | None = None  # type: ignore[valid-type]
    glossary: dict[str, TermTranslation] = Field(default_factory=dict)
    areas: dict[str, AreaTranslation] = Field(default_factory=dict)
    items: dict[str, ItemTranslation] = Field(default_factory=dict)


@dataclass(frozen=True)
class Completeness:
    """How many of a questionnaire's texts a language gives."""

    language: str
    translated: int
    total: int

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def apply_translation(q: Questionnaire, t: Translation | None) -> tuple[Questionnaire, Completeness]:
    """The questionnaire in t's language; texts t lacks fall back to the default language."""
    done = 0
    total = 0

    def pick(given: object, fallback: object) -> object:
        nonlocal done, total
        total += 1
        if given is None:
            return fallback
        done += 1
        return given

    tr = t or Translation(schema_version=1, questionnaire=q.id, language=q.default_language)
    glossary = []
    for g in q.glossary:
        gt = tr.glossary.get(g.id, TermTranslation())
        glossary.append(
            g.model_copy(update={"term": pick(gt.term, g.term), "definition": pick(gt.definition, g.definition)})
        )
    areas = []
    for a in q.areas:
        at = tr.areas.get(a.id, AreaTranslation())
        items = []
        for i in a.items:
            it = tr.items.get(i.id, ItemTranslation())
            acts = it.actions or ActionsTranslation()
            actions = Actions(
                low=pick(acts.low, i.actions.low),  # type: ignore[arg-type]
                developing=pick(acts.developing, i.actions.developing),  # type: ignore[arg-type]
                established=pick(acts.established, i.actions.established),  # type: ignore[arg-type]
                embedded=pick(acts.embedded, i.actions.embedded),  # type: ignore[arg-type]
            )
            items.append(
                i.model_copy(
                    update={
                        "title": pick(it.title, i.title),
                        "statement": pick(it.statement, i.statement),
                        "guidance": pick(it.guidance, i.guidance),
                        "evidence_prompts": pick(it.evidence_prompts, i.evidence_prompts),
                        "levels": pick(it.levels, i.levels),
                        "actions": actions,
                        "indicators": pick(it.indicators, i.indicators) if i.indicators else i.indicators,
                    }
                )
            )
        areas.append(
            a.model_copy(
                update={
                    "title": pick(at.title, a.title),
                    "description": pick(at.description, a.description),
                    "items": items,
                }
            )
        )
    resolved = q.model_copy(
        update={
            "title": pick(tr.title, q.title),
            "description": pick(tr.description, q.description),
            "about": pick(tr.about, q.about) if q.about else None,
            "glossary": glossary,
            "areas": areas,
            "language": tr.language,
        }
    )
    if t is None:
        return resolved, Completeness(q.default_language, total, total)
    return resolved, Completeness(tr.language, done, total)
