"""Loading questionnaire files: valid ones, broken ones (every problem at once) and hostile ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iah_assess.catalog import Catalog
from iah_assess.catalog.loader import QuestionnaireInvalid, json_schema, load, validate_paths
from iah_assess.catalog.safe_yaml import MAX_BYTES
from tests.conftest import FIXTURES, MINI

BROKEN = FIXTURES / "broken" / "many-problems.yaml"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(QuestionnaireInvalid) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def test_the_test_questionnaire_loads(mini):
    assert [a.id for a in mini.areas] == ["alpha", "beta"]
    assert mini.item("a-two").weight == 2
    assert mini.area_of("b-one").id == "beta"
    assert len(mini.content_hash()) == 64


def test_every_problem_is_reported_at_once_with_line_and_id():
    found = problems_of(BROKEN)
    text = "\n".join(found)
    expected = [
        ("id", ":2:", "slug"),                      # Broken_Id
        ("version", ":3:", "quote"),                # 1.0 read as a number
        ("weight", ":10:", "number without quotes"),  # "1"
        ("levels", ":18:", "exactly five"),
        ("colour", ":20:", "not a known field"),
        ("statement", ":21:", "missing"),
        ("default", "", ""),
    ]
    assert "area 'alpha', item 'a-one'" in text
    for field, place, words in expected[:-1]:
        hits = [line for line in found if field in line and place in line and words in line]
        assert hits, f"no problem about {field} at {place}: {text}"
    assert "used twice" in text
    assert all("many-problems.yaml" in line for line in found)
    assert "Traceback" not in text


def test_a_short_text_an_empty_one_and_an_empty_list_are_told_apart(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text('schema_version: 1\nid: x\nversion: "1.0"\ntitle: "   "\ndescription: d\nareas: []\n', encoding="utf-8")
    found = problems_of(path)
    assert any(":2:" in p and "'id' is too short (1 character; at least 2)" in p for p in found), found
    assert any(":4:" in p and "'title' is empty; write the text." in p for p in found), found  # spaces only
    assert any(":6:" in p and "'areas' must have at least 1 entry; it has 0." in p for p in found), found


def test_validate_command_lists_every_problem_and_exits_1(capsys):
    from iah_assess.cli import main

    code = main(["validate", str(BROKEN), str(MINI)])
    out = capsys.readouterr()
    assert code == 1
    assert out.out.count("many-problems.yaml") >= 6
    assert "Traceback" not in out.out + out.err
    assert "in 2 questionnaires checked." in out.err
    assert main(["validate", str(MINI)]) == 0
    assert capsys.readouterr().out.strip() == "1 questionnaire valid."


def test_replacing_an_item_the_questionnaire_still_has_is_a_problem(tmp_path):
    # b-two "replaces" a-one, which is still there: comparing cycles would take a-one's history
    # for b-two's and check its target twice
    text = MINI.read_text(encoding="utf-8").replace(
        "      - id: b-two\n", "      - id: b-two\n        replaces: [a-two, gone-item, a-one]\n")
    path = tmp_path / "revised.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    replaces_line = lines.index("        replaces: [a-two, gone-item, a-one]") + 1
    a_one_line, a_two_line = lines.index("      - id: a-one") + 1, lines.index("      - id: a-two") + 1
    with pytest.raises(QuestionnaireInvalid) as info:
        load(path)
    assert all(p.file.endswith("revised.yaml") for p in info.value.problems)
    assert [p.in_file() for p in info.value.problems] == [
        f"line {replaces_line}: area 'beta', item 'b-two': 'replaces' names '{kept}', which is still an item of "
        f"this questionnaire (line {line}); it may name only items of an earlier version that this one no longer "
        f"has. Remove '{kept}' from 'replaces', or remove that item."
        for kept, line in (("a-two", a_two_line), ("a-one", a_one_line))
    ]
    checked, problems = validate_paths([path])
    assert checked == 1 and len(problems) == 2
    # an earlier version's item that is gone is what 'replaces' is for
    path.write_text(text.replace("[a-two, gone-item, a-one]", "[gone-item]"), encoding="utf-8")
    assert load(path).questionnaire.item("b-two").replaces == ["gone-item"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x [1]\nb: *x\n", "anchor"),
        ("a: !!python/object/apply:os.system ['true']\n", "tag"),
        ("a: !custom 1\n", "tag"),
        ("a: 1\na: 2\n", "appears twice"),
        ("a: [1, 2\n", "cannot be read"),
        ("a: b\n  c: d\n", "cannot be read"),
        ("", "empty"),
        ("title: \u202eevil\n", "text-direction"),
        ("id: x\ndate: 2024-13-45\n", ":2: the value '2024-13-45' cannot be read (month must be in 1..12). Put it in quotes"),
        ("a: " + "9" * 5000 + "\n", "cannot be read (Exceeds the limit (4300 digits)"),
        ("a: 1\n<<: {b: 2}\n", ":2: a merge key (<<) is used"),
        ("a: " + "[" * 2000 + "]" * 2000 + "\n", ":1: the data is nested more than 32 levels deep"),
    ],
)
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_hostile_yaml_is_refused_with_a_reason(tmp_path, monkeypatch, text, words, parser):
    import yaml

    from iah_assess.catalog import safe_yaml

    if parser == "python":  # PyYAML built without libyaml: the same reasons
        monkeypatch.setattr(safe_yaml, "PARSER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml")
    else:
        assert safe_yaml.PARSER is yaml.CSafeLoader  # the wheels have it: the quick parser is the one used
    f = tmp_path / "q.yaml"
    f.write_text(text, encoding="utf-8")
    found = problems_of(f)
    assert any(words in p for p in found), found


def test_both_parsers_read_the_shipped_questionnaire_alike(monkeypatch):
    import yaml

    from iah_assess.catalog import safe_yaml, shipped_dir

    path = shipped_dir() / "iah-core" / "questionnaire.yaml"
    quick = safe_yaml.read_yaml(path)
    monkeypatch.setattr(safe_yaml, "PARSER", yaml.SafeLoader)
    plain = safe_yaml.read_yaml(path)
    assert quick.data == plain.data and quick.lines == plain.lines


def test_one_odd_file_does_not_stop_the_others_from_being_checked_or_listed(tmp_path, monkeypatch):
    from iah_assess.catalog import loader

    user = tmp_path / "user"
    user.mkdir()
    (user / "a-date.yaml").write_text("id: x\ndate: 2024-13-45\n", encoding="utf-8")
    (user / "good.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    checked, found = validate_paths([user / "a-date.yaml", user / "good.yaml"])
    assert checked == 2 and len(found) == 1
    assert Catalog(user_dir=user).get("mini").questionnaire.id == "mini"
    # even a fault of ours in one file is that file's problem, not the end of the list
    real = loader.load
    monkeypatch.setattr(loader, "load", lambda path: (_ for _ in ()).throw(RuntimeError("boom")) if path.name == "a-date.yaml" else real(path))
    entries = {e.path.name: e for e in loader.discover(user)}
    assert entries["good.yaml"].loaded is not None
    assert "could not be checked (RuntimeError: boom)" in str(entries["a-date.yaml"].problems[0])


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any("alias" in p for p in problems_of(f))


def test_size_cap_and_encoding(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10))
    assert any("at most" in p for p in problems_of(big))
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Universitet u Tuzli\ncity: \xe8\n".encode("latin-1"))
    found = problems_of(latin)
    assert any("UTF-8" in p and ":2:" in p for p in found)


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    checked, found = validate_paths([tmp_path / "nope.yaml"])
    assert found and "no such file" in str(found[0])


def with_translation(tmp_path: Path, language: str, text: str) -> Path:
    """The test questionnaire as a folder, with one translation file of that text."""
    folder = tmp_path / "mini"
    (folder / "translations").mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "translations" / f"{language}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_translation_falls_back_and_reports_completeness(tmp_path):
    folder = with_translation(tmp_path, "sq",
        "schema_version: 1\nquestionnaire: mini\nlanguage: sq\ntitle: Një pyetësor i vogël\n"
        "areas:\n  alpha: {title: Alfa}\nitems:\n  a-one: {title: Alfa një, statement: Gjëja e parë është në vend.}\n")
    lq = load(folder)
    assert lq.languages == ["en", "sq"]
    q, done = lq.resolved("sq")
    assert q.title == "Një pyetësor i vogël"
    assert q.area("alpha").title == "Alfa"
    assert q.item("a-one").statement == "Gjëja e parë është në vend."
    assert q.item("a-two").statement == "The second thing is in place."  # fallback
    assert 0 < done.share < 0.2
    assert lq.resolved(None)[1].share == 1.0


def test_translation_with_unknown_ids_is_reported(tmp_path):
    folder = with_translation(tmp_path, "mk",
        "schema_version: 1\nquestionnaire: mini\nlanguage: mk\nitems:\n  no-such-item: {title: Ѓ}\n")
    assert any("no-such-item" in p and "mk.yaml" in p for p in problems_of(folder))


def test_every_problem_of_a_translation_shows_at_once_with_its_line(tmp_path):
    folder = with_translation(tmp_path, "sr",
        "schema_version: 1\nquestionnaire: mini\nlanguage: sr\nitems:\n  a-one:\n    levels: [a, b, c]\n"
        "    evidence_prompts: [Одлука]\n  no-such: {title: Љ}\n")
    found = [p.split("sr.yaml:", 1)[1] for p in problems_of(folder)]
    assert found == [
        "6: item 'a-one': 'levels' must list exactly five descriptors, for levels 0 to 4; it lists 3.",
        "7: item 'a-one': evidence_prompts has 1 entry; the main file has 2. Give one for each, in the same order.",
        "8: item 'no-such' is not in the questionnaire; fix the id or remove the entry.",
    ]


def test_catalog_lists_invalid_user_files_instead_of_hiding_them(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "good.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (user / "bad.yaml").write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    cat = Catalog(user_dir=user)
    entries = {e.path.name: e for e in cat.entries()}
    assert entries["good.yaml"].loaded is not None
    assert entries["bad.yaml"].loaded is None and entries["bad.yaml"].problems
    assert cat.get("mini").questionnaire.id == "mini"


def test_json_schema_describes_the_format():
    schema = json.loads(json_schema())
    assert "areas" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_reading_a_questionnaire_keeps_nothing_of_it_afterwards():
    """The app reads the questionnaire files whenever the New cycle page opens; nothing of a
    read may stay behind (a shared YAML constructor once kept every node it had seen)."""
    import gc

    import yaml

    def nodes() -> int:
        gc.collect()
        return sum(isinstance(o, yaml.Node) for o in gc.get_objects())

    load(MINI)
    before = nodes()
    for _ in range(5):
        load(MINI)
    assert nodes() == before


def test_a_file_is_parsed_once_and_no_node_tree_is_built(monkeypatch):
    """A file read twice (once for anchors and tags, once more for its values) paid twice for
    every hostile byte; the values are now made from the one pass that checks them."""
    import yaml

    from iah_assess.catalog import safe_yaml

    made = []

    class Counting(safe_yaml.PARSER):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str):
            made.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(safe_yaml, "PARSER", Counting)
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: pytest.fail("a node tree was built"))
    assert load(MINI).questionnaire.id == "mini"
    assert len(made) == 1


def test_a_file_of_very_many_values_is_refused_where_the_limit_is_reached(tmp_path):
    """A file of 145,000 tiny keys once took 15 s and 350 MB for every command that looked up a
    questionnaire; reading now stops at the first value over the limit."""
    from iah_assess.catalog.safe_yaml import MAX_VALUES

    f = tmp_path / "many.yaml"
    f.write_text("".join(f"k{n}: {n}\n" for n in range(MAX_VALUES)), encoding="utf-8")  # two values a line
    with pytest.raises(QuestionnaireInvalid) as info:
        load(f)
    [problem] = info.value.problems
    assert problem.file.endswith("many.yaml")
    assert problem.line == -(-MAX_VALUES // 2)  # the line of value MAX_VALUES + 1, counting the file's block
    assert f"more than {MAX_VALUES:,} values" in problem.message
    assert "reading stopped here" in problem.message


def test_the_value_limit_leaves_the_shipped_questionnaire_room_to_grow():
    import yaml

    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.safe_yaml import MAX_VALUES

    text = (shipped_dir() / "iah-core" / "questionnaire.yaml").read_text(encoding="utf-8")
    values = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in yaml.parse(text, Loader=yaml.SafeLoader))
    assert values * 8 <= MAX_VALUES  # a questionnaire eight times iah-core still reads
