"""Every shipped questionnaire loads, scores a sample answer set, and iah-core meets its content rules."""

from __future__ import annotations

import re

import pytest

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import discover, load, validate_paths
from iah_assess.domain.records import Response
from iah_assess.domain.scoring import score_cycle

SHIPPED = discover(shipped_dir())
FOUNDATION = {"strat-iah-in-strategy", "lead-accountable-lead", "fin-recurrent-budget", "curr-ilo-policy"}


@pytest.mark.parametrize("entry", SHIPPED, ids=[e.path.name for e in SHIPPED])
def test_every_shipped_questionnaire_loads_and_scores(entry):
    assert entry.loaded is not None, "\n".join(map(str, entry.problems))
    q = entry.loaded.questionnaire
    answers = [Response(respondent_id=1, item_id=i.id, answer=n % 5) for n, i in enumerate(q.items)]
    result = score_cycle(q, answers)
    assert result.index is not None and 0 <= result.index <= 100


def test_validate_passes_on_the_shipped_folder():
    checked, problems = validate_paths([shipped_dir()])
    assert checked >= 1 and problems == []


@pytest.fixture(scope="module")
def core():
    return load(shipped_dir() / "iah-core").questionnaire


def test_iah_core_has_six_areas_with_nine_to_twelve_items(core):
    assert [a.id for a in core.areas] == ["leadership", "strategy", "finance", "stakeholders", "staff", "curriculum"]
    assert [a.required for a in core.areas] == [True, True, True, True, False, False]
    for area in core.areas:
        assert 9 <= len(area.items) <= 12, area.id
        assert area.description
    assert 54 <= len(core.items) <= 70


def test_exactly_the_four_foundation_items(core):
    assert {i.id for i in core.items if i.foundation} == FOUNDATION


def test_every_item_is_complete(core):
    for item in core.items:
        assert len(item.title.split()) <= 8, item.id
        assert len(item.statement.split()) <= 40, item.id
        assert 2 <= len(re.findall(r"[.!?](\s|$)", item.guidance)) <= 4, item.id
        assert 2 <= len(item.evidence_prompts) <= 4, item.id
        assert len(item.levels) == 5 and len(set(item.levels)) == 5, item.id
        actions = [item.actions.low, item.actions.developing, item.actions.established, item.actions.embedded]
        assert len(set(actions)) == 4, item.id
        assert 1 <= len(item.indicators) <= 3, item.id
        assert 1 <= len(item.references) <= 3, item.id
        assert not re.search(r"\b(agree|disagree)\b", item.statement, re.I), item.id
        assert item.weight == 1, item.id


def test_titles_and_statements_are_unique(core):
    titles = [i.title.casefold() for i in core.items]
    statements = [i.statement.casefold() for i in core.items]
    assert len(set(titles)) == len(titles)
    assert len(set(statements)) == len(statements)


def test_about_text_and_glossary_are_there(core):
    assert core.about and "Not applicable" in core.about and "median" in core.about
    terms = {g.term.split(" (")[0].casefold() for g in core.glossary}
    for needed in ("coil", "virtual exchange", "intended learning outcomes", "blended intensive programme"):
        assert any(needed in t for t in terms), needed


def test_the_readmes_example_is_a_valid_questionnaire_whose_levels_are_descriptors_only(tmp_path):
    """The example showed `- "0 Not started: ..."` and the next line said to write the descriptor
    without the number; a reader copies the example."""
    import re

    text = (shipped_dir() / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(schema_version: 1 .*?)```", text, re.S)[1]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    [item] = load(path).questionnaire.items
    assert len(item.levels) == 5
    assert not any(re.match(r"\s*[0-4]\b", level) for level in item.levels), item.levels


def test_the_shipped_questionnaires_have_no_notes():
    """Each id in a shipped questionnaire's 'replaces' is an item of one of its earlier versions."""
    from iah_assess.catalog import Catalog

    assert [(e.path.name, e.notes) for e in Catalog().entries(notes=True) if e.notes] == []
    assert Catalog().entries(notes=True)
