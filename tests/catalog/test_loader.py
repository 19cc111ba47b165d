"""Loading questionnaire files: valid ones, broken ones (every problem at once) and hostile ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from iah_assess.catalog import Catalog
from iah_assess.catalog.loader import QuestionnaireInvalid, discover, json_schema, load, validate_paths
from iah_assess.catalog.safe_yaml import MAX_BYTES, Problem
from iah_assess.domain.questionnaire import LongText, Slug, StrictModel
from tests.conftest import FIXTURES, MINI

BROKEN = FIXTURES / "broken" / "many-problems.yaml"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(QuestionnaireInvalid) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def problems_of_each(path: Path) -> list[Problem]:
    with pytest.raises(QuestionnaireInvalid) as info:
        load(path)
    return info.value.problems


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
        ("a: [1, 2\n", ":1: a [ opened on this line is not closed with ]"),
        ("a: b\n  c: d\n", ":2: a ': ' here is read as a new key"),
        ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "cannot be read here"),  # what is not one of the common mistakes is said as the parser says it
        ("", "empty"),
        ("title: \u202eevil\n", "text-direction"),
        ("id: x\ndate: 2024-13-45\n", ":2: the value '2024-13-45' cannot be read (month must be in 1..12). Put it in quotes"),
        ("a: " + "9" * 5000 + "\n", ":1: a value of 5,000 characters stands here unquoted"),
        # PyYAML takes minutes over a long base-60 number, and cannot show a 4,000-digit hex one
        ("a: 1" + ":59" * 2000 + "\n", ":1: a value of 6,001 characters stands here unquoted"),
        ("title: 0x" + "f" * 4000 + "\n", ":1: a value of 4,002 characters stands here unquoted"),
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


def _mini_with(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


HIDDEN = [  # YAML escapes, as written in the file, and what the problem must name
    (r"Budget \u202Efdp.exe\u202C ok \x1b]0;pwned\x07 \x1b[2J",
     ["U+202E RIGHT-TO-LEFT OVERRIDE", "U+202C POP DIRECTIONAL FORMATTING", "U+001B ESCAPE", "U+0007 BELL"]),
    (r"end\0", ["U+0000 NULL"]),
    (r"over\rwritten", ["U+000D CARRIAGE RETURN"]),
    (r"\e[31mred", ["U+001B ESCAPE"]),
    (r"next\Nline \x9b2J \x7f", ["U+0085 NEXT LINE", "U+009B CONTROL SEQUENCE INTRODUCER", "U+007F DELETE"]),
    (r"isolate \u2066x\u2069", ["U+2066 LEFT-TO-RIGHT ISOLATE", "U+2069 POP DIRECTIONAL ISOLATE"]),
]


@pytest.mark.parametrize(("escaped", "names"), HIDDEN)
def test_control_and_direction_characters_written_as_escapes_are_refused_with_field_and_code_point(tmp_path, escaped, names):
    """The file's own text was checked, but not what its escapes decode to: "\\u202e" or "\\x1b]0;"
    went through, and `iah-assess show` wrote them to the terminal."""
    path = _mini_with(tmp_path, "        title: Alpha two\n", f'        title: "{escaped}"\n')
    line = path.read_text(encoding="utf-8").splitlines().index(f'        title: "{escaped}"') + 1
    with pytest.raises(QuestionnaireInvalid) as info:
        load(path)
    [problem] = info.value.problems
    assert problem.file.endswith("q.yaml") and problem.line == line
    assert problem.where == "areas[0].items[1].title"
    assert all(name in problem.message for name in names), problem.message
    assert "remove" in problem.message
    assert not any(ch in str(problem) for ch in "\x00\x07\x1b\r\x85\x9b\x7f\u202c\u202e\u2066\u2069")


def test_a_hidden_character_in_a_key_in_a_list_or_in_a_translation_is_refused(tmp_path):
    path = _mini_with(tmp_path, "        references: [Leask 2015]\n",
                      '        references: [Leask 2015, "x\\u202e"]\n        "ti\\x1btle": y\n')
    found = {p.where: p.message for p in problems_of_each(path)}
    assert found["areas[0].items[1].references[1]"].startswith("the text holds U+202E RIGHT-TO-LEFT OVERRIDE")
    assert found["areas[0].items[1]"].startswith(r"the key 'ti\x1btle' holds U+001B ESCAPE")
    folder = with_translation(tmp_path, "ar", 'schema_version: 1\nquestionnaire: mini\nlanguage: ar\ntitle: "\\u202eاستبيان"\n')
    [problem] = problems_of_each(folder)
    assert problem.file.endswith("ar.yaml") and problem.line == 4 and problem.where == "title"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in problem.message


def test_a_direction_character_typed_in_a_comment_is_refused_and_one_in_a_text_named_once(tmp_path):
    commented = _mini_with(tmp_path, "glossary:\n", "# \u202e hidden\nglossary:\n")
    [problem] = problems_of_each(commented)
    assert problem.line == 11 and "(U+202E RIGHT-TO-LEFT OVERRIDE) stands on this line" in problem.message
    typed = _mini_with(tmp_path, "        title: Alpha two\n", "        title: Alpha \u202etwo\n")
    [problem] = problems_of_each(typed)
    assert problem.where == "areas[0].items[1].title" and "U+202E RIGHT-TO-LEFT OVERRIDE" in problem.message


def test_a_lone_surrogate_is_refused_by_either_parser(tmp_path, monkeypatch):
    import yaml

    from iah_assess.catalog import safe_yaml

    path = _mini_with(tmp_path, "        title: Alpha two\n", '        title: "smile \\ud83d\\ude00"\n')
    line = path.read_text(encoding="utf-8").splitlines().index('        title: "smile \\ud83d\\ude00"') + 1
    if hasattr(yaml, "CSafeLoader"):  # libyaml refuses the escape itself
        assert [p.line for p in problems_of_each(path)] == [line]
    monkeypatch.setattr(safe_yaml, "PARSER", yaml.SafeLoader)  # the pure-Python one decodes it
    [problem] = problems_of_each(path)
    assert problem.line == line and problem.where == "areas[0].items[1].title"
    assert "U+D83D (half of a character) and U+DE00 (half of a character)" in problem.message
    assert "write an emoji or other character as itself" in problem.message


LIVING_TEXT = [
    "Интернационализација у кући",      # Serbian and Macedonian Cyrillic
    "Ndërkombëtarizimi në shtëpi, çështje", # Albanian ë ç
    "Internacionalizacija: čćđšž ČĆĐŠŽ",   # Croatian, Bosnian
    "التدويل في الداخل\u200f (٢٠٢٥)",        # Arabic, with a right-to-left mark, which is allowed
    "Go 🌍🎓 👩🏽‍🏫 ❤️",                       # emoji, skin tone, joiner, variation selector
    "tab\tinside",
]


@pytest.mark.parametrize("text", LIVING_TEXT)
def test_text_in_any_script_still_reads_as_typed_and_as_escapes(tmp_path, text):
    path = _mini_with(tmp_path, "        title: Alpha two\n", f"        title: {json.dumps(text, ensure_ascii=False)}\n")
    assert load(path).questionnaire.item("a-two").title == text
    escaped = "".join(ch if ch.isascii() else f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}" for ch in text)
    path = _mini_with(tmp_path, "        title: Alpha two\n", f'        title: "{escaped}"\n'.replace("\t", "\\t"))
    assert load(path).questionnaire.item("a-two").title == text


def test_every_questionnaire_and_fixture_file_is_free_of_hidden_characters():
    from iah_assess.catalog import safe_yaml, shipped_dir

    files = [*shipped_dir().rglob("*.yaml"), *(FIXTURES / "questionnaires").rglob("*.yaml")]
    assert files
    for path in files:
        safe_yaml.read_yaml(path)  # raises on any



def test_a_file_of_thousands_of_problems_lists_the_first_hundred(tmp_path):
    """Every problem of a file was listed, however many: 29,000 escapes or aliases took seconds to
    find and buried the first ones in the list."""
    from iah_assess.catalog.safe_yaml import MAX_PROBLEMS

    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("a: &a x\nb:\n" + "- *a\n" * 5000, encoding="utf-8")
    found = problems_of_each(aliases)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].line == MAX_PROBLEMS + 2
    assert found[-1].message == f"reading stopped here after {MAX_PROBLEMS} problems; fix these, then check the file again."
    items = "".join(f"      - {{id: i-{n}, x: 1}}\n" for n in range(100))
    areas = "".join(f"  - id: a-{n}\n    title: A\n    description: D\n    items:\n{items}" for n in range(5))
    invalid = tmp_path / "items.yaml"
    invalid.write_text('schema_version: 1\nid: many\nversion: "1.0"\ntitle: T\ndescription: D\nareas:\n' + areas, encoding="utf-8")
    found = problems_of_each(invalid)
    assert len(found) == MAX_PROBLEMS + 1
    assert all(p.line for p in found[:-1]) and found[-1].line is None
    assert found[-1].message.endswith("more problems are not listed; fix these, then check the file again.")
    assert int(found[-1].message.split()[0].replace(",", "")) > 2000  # 500 items, each several


def test_a_direction_character_in_a_comment_is_named_beside_a_control_character_elsewhere(tmp_path):
    path = _mini_with(tmp_path, "glossary:\n", "# \u202e hidden\nglossary:\n")
    path.write_text(path.read_text(encoding="utf-8").replace("title: Alpha two\n", 'title: "two\\e[2J"\n'), encoding="utf-8")
    found = problems_of_each(path)
    assert [p.line for p in found] == [11, 34], found
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in found[0].message and "U+001B ESCAPE" in found[1].message


def mini_with(tmp_path: Path, *changes: tuple[str, str], name: str = "q.yaml") -> Path:
    """The test questionnaire with some of its text replaced, written to a file."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_a_comment_that_cuts_an_unquoted_text_short_is_refused(tmp_path, monkeypatch, parser):
    """`guidance: Краток опис #1 на курсот.` was read as "Краток опис" without a word: YAML takes
    the text after ' #' for a comment."""
    import yaml

    from iah_assess.catalog import safe_yaml

    if parser == "python":
        monkeypatch.setattr(safe_yaml, "PARSER", yaml.SafeLoader)
    path = mini_with(tmp_path, ("guidance: Why it matters. What good looks like.",
                                "guidance: Краток опис #1 на курсот."),
                     ("levels: [Nothing, A little, Some, Most, All]\n        weight: 2",
                      "levels:\n          - Nothing\n          - A little  # for now\n          - Some\n          - Most\n"
                      "          - All\n        weight: 2"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [p.in_file() for p in problems_of_each(path)] == [
        f"line {lines.index('        guidance: Краток опис #1 на курсот.') + 1}: area 'alpha', item 'a-one': "
        "'guidance': the text after ' #' is read as a comment and dropped; put the whole text in quotes, "
        "or move the comment to a line of its own.",
        f"line {lines.index('          - A little  # for now') + 1}: area 'alpha', item 'a-two': "
        "'level 1': the text after ' #' is read as a comment and dropped; put the whole text in quotes, "
        "or move the comment to a line of its own.",
    ]
    # quoted, a comment after a number, an id or a code, or on a line of its own: nothing is cut
    path = mini_with(tmp_path, ("guidance: Why it matters. What good looks like.",
                                "# a comment of its own\n        guidance: \"Краток опис #1 на курсот.\"  # quoted"),
                     ("weight: 2", "weight: 2  # doubled"), ("id: mini", "id: mini  # ours"),
                     ("default_language: en", "default_language: en # English"),
                     ("title: Beta one", "title: 'Beta #1'"))
    q = load(path).questionnaire
    assert q.item("a-one").guidance == "Краток опис #1 на курсот."
    assert q.item("a-two").weight == 2 and q.item("b-one").title == "Beta #1"


class _Note(StrictModel):  # a model with a text field added later
    id: Slug  # type: ignore[valid-type]
    summary: LongText  # type: ignore[valid-type]


class _Notes(StrictModel):
    notes: list[_Note]
    by_id: dict[str, _Note] | None = None
    tips: list[LongText] | None = None  # type: ignore[valid-type]


def test_the_texts_a_comment_may_cut_are_the_models_prose_fields():
    """The list of prose fields was written by hand: a text field added to the model later would have
    lost its ' #' check without a word. It comes from the models now."""
    from iah_assess.catalog.loader import TEXT_FIELDS, text_fields

    assert {"title", "description", "about", "term", "definition", "statement", "guidance", "evidence_prompts",
            "levels", "indicators", "references", "low", "developing", "established", "embedded"} <= TEXT_FIELDS
    assert not {"id", "version", "language", "default_language", "replaces", "questionnaire"} & TEXT_FIELDS
    assert text_fields(_Notes) == {"summary", "tips"}


def test_a_folders_problems_each_name_their_file_in_a_list_under_the_folder(tmp_path):
    """The app lists a folder's problems under the folder's name, each as `in_file()`: a problem
    in translations/sq.yaml read "line 7: ..." and was looked for in questionnaire.yaml."""
    folder = with_translation(tmp_path, "sq", "schema_version: 1\nquestionnaire: mini\nlanguage: sq\nitems:\n"
                                              "  a-one:\n    levels: [a, b, c]\n")
    main = folder / "questionnaire.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("weight: 2", "weight: -2"), encoding="utf-8")
    [entry] = discover(tmp_path)
    assert [p.in_file() for p in entry.problems] == [
        f"questionnaire.yaml, line {main.read_text(encoding='utf-8').splitlines().index('        weight: -2') + 1}: "
        f"area 'alpha', item 'a-two': 'weight' is -2; a weight must be more than 0. 1 is the usual weight, 2 counts "
        f"double, 0.5 counts half.",
    ]
    main.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "translations" / "sr.yaml").write_text("schema_version: 1\nquestionnaire: mini\nlanguage: sr\n", encoding="utf-8")
    (folder / "translations" / "sr-copy.yaml").write_text("schema_version: 1\nquestionnaire: mini\nlanguage: sr\n", encoding="utf-8")
    [entry] = discover(tmp_path)
    assert [p.in_file() for p in entry.problems] == [
        "translations/sq.yaml, line 6: item 'a-one': 'levels' must list exactly five descriptors, for levels 0 to 4; it lists 3.",
        "translations/sr.yaml: a second translation into 'sr'; keep one file per language.",
    ]
    # the whole text, as the command line shows it, names the file as before
    assert str(entry.problems[0]).startswith(str(folder / "translations" / "sq.yaml") + ":6: ")


def test_levels_are_named_by_their_number_on_the_scale_and_an_empty_one_is_said_to_be_empty(tmp_path):
    """The level-2 descriptor was called 'levels entry 3', and an empty `-` was told to be put in
    quotes, since "YAML read None as NoneType"."""
    path = mini_with(tmp_path, ("levels: [Nothing, A little, Some, Most, All]\n        weight: 2",
                                "levels:\n          - Nothing\n          - A little\n          -\n          - Most\n"
                                "          - " + "x" * 4001 + "\n        weight: 2"),
                     ("guidance: Why it matters. What good looks like.", "guidance:"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [p.in_file() for p in problems_of_each(path)] == [
        f"line {lines.index('        guidance:') + 1}: area 'alpha', item 'a-one': 'guidance' is empty; write the text.",
        f"line {lines.index('          -') + 1}: area 'alpha', item 'a-two': 'level 2' is empty; write its descriptor.",
        f"line {lines.index('          - ' + 'x' * 4001) + 1}: area 'alpha', item 'a-two': 'level 4' is too long "
        f"(4001 characters; at most 4000). Shorten it.",
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a:\n\tb: 1\n", ":2: a tab stands here, where YAML does not allow one: indent with spaces, never tabs"),
        ("a:\n  b: 1\n  c:\n\t d: 1\n", ":4: a tab stands here"),
        ("guidance: Важно: краток опис.\n", ":1: this text holds ': ' (a colon and a space), which YAML reads as the start "
                                            "of a key: put the whole text in quotes, like this: guidance: \"Важно: краток опис.\""),
        ("a:\n  guidance: \"Краток\" опис.\n  b: c\n", ":2: the text starts with a quote mark (\") but goes on after the "
                                                 "closing one: put the whole text in quotes of the other kind ('...'), "
                                                 "like this: guidance: '\"Краток\" опис.'"),
        ("a: @home\n", ":1: a text here starts with @, which YAML does not allow at the start of an unquoted text: put the whole text in quotes."),
        ("a: `code`\n", ":1: a text here starts with `,"),
        ("a: - one\n", ":1: a text here starts with '- ', which YAML reads as a list entry: put the whole text in quotes"),
        ("a: b\n  c: d\n", ":2: a ': ' here is read as a new key, where none can start: check the indentation"),
        ("a:\n  b: 1\n c: 2\n", ":3: this line does not line up with the lines around it"),
        ("a:\n  - x\n - y\n", ":3: this line does not line up with the lines around it"),
        ('a: "open\nb: c\n', ":1: a quote mark opened on this line is never closed"),
        ("a: b\nc\nd: e\n", ":2: this line has no ': ' after a key"),
        ("a: [x, y\nb: c\n", ":1: a [ opened on this line is not closed with ]"),
        ("a: *bold*\n", ":1: a text here starts with * or &"),
    ],
)
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_yaml_layout_errors_are_said_in_plain_words_with_the_fix(tmp_path, monkeypatch, text, said, parser):
    """A tab, a ': ' or a quote inside unquoted text came out as the parser's own words: "found
    character that cannot start any token", "mapping values are not allowed in this context"."""
    import yaml

    from iah_assess.catalog import safe_yaml

    if parser == "python":
        monkeypatch.setattr(safe_yaml, "PARSER", yaml.SafeLoader)
    f = tmp_path / "q.yaml"
    f.write_text(text, encoding="utf-8")
    [found] = problems_of(f)
    assert said in found, found


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ((("default_language: en", "default_language: Macedonian"),), "'default_language' is 'Macedonian'; write its language code instead: mk."),
        ((("default_language: en", "default_language: Shqip"),), "'default_language' is 'Shqip'; write its language code instead: sq."),
        ((("default_language: en", "default_language: Klingon"),),
         "'default_language' must be a language code (got 'Klingon'), such as mk (Macedonian), sq (Albanian), sr (Serbian)"),
        ((("weight: 2", "weight: 1,5"),), "area 'alpha', item 'a-two': 'weight' is 1,5; use a decimal point: 1.5."),
        ((("weight: 2", "weight: 0"),),
         "area 'alpha', item 'a-two': 'weight' is 0; a weight must be more than 0. 1 is the usual weight, 2 counts double, 0.5 counts half."),
        ((("weight: 2", "weight: 20"),), "'weight' is 20; a weight must be at most 10."),
        ((("weight: 2", "weight: high"),), "'weight' should be a number, such as 1, 2 or 0.5 (got 'high')."),
        ((("weight: 2", "weight: \"2\""),), "'weight' should be a number without quotes (got '2')."),
        ((("version: \"1.0\"", "version: 1.0"),), "'version' must be in quotes, like version: \"1.0\"; unquoted, it is read as the number 1.0."),
        ((("title: Alpha two", "title: 2030"),), "'title' should be text; put it in quotes: unquoted, 2030 is read as a number."),
        ((("title: Alpha two", "title: 2025-10-01"),), "'title' should be text; put it in quotes: unquoted, 2025-10-01 is read as a date."),
        ((("title: Alpha two", "title: yes"),), "'title' should be text; put it in quotes: unquoted, yes, no, true, false, on and off are read as yes or no."),
        ((("weight: 2", "weight: 2\n        weight: 3"),),
         "area 'alpha', item 'a-two': the key 'weight' appears twice in the same block (first on line 38); keep one."),
    ],
)
def test_a_rule_broken_is_said_with_its_fix(tmp_path, changes, said):
    """default_language: Macedonian, weight: 1,5 or 0, a key twice: the message stated the rule
    (or the library's "input should be greater than 0"), not what to write."""
    found = "\n".join(problems_of(mini_with(tmp_path, *changes)))
    assert said in found, found


def test_a_file_too_large_is_not_told_to_be_split(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10))
    [said] = problems_of(big)
    assert "Split" not in said and "a questionnaire cannot be split over several files" in said


def test_an_empty_folder_is_said_to_hold_no_questionnaire_after_a_broken_file_too(tmp_path):
    """`validate bad.yaml emptydir/` told only of bad.yaml: the empty folder went unmentioned, as
    the problems were counted over every path checked so far, not the folder's own."""
    empty = tmp_path / "emptydir"
    empty.mkdir()
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: bad\n", encoding="utf-8")
    said = "the folder holds no questionnaire (.yaml files or folders with questionnaire.yaml)."
    for paths in ([empty], [bad, empty], [tmp_path / "missing", empty]):
        checked, problems = validate_paths(paths)
        assert [p.message for p in problems if p.file == str(empty)] == [said], paths
    _, problems = validate_paths([bad])
    assert problems and all(p.message != said for p in problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_validate_refuses_a_named_pipe_at_once_instead_of_waiting_on_it(tmp_path, capsys):
    from iah_assess.cli import main

    import threading

    pipe = tmp_path / "questionnaire.yaml"
    os.mkfifo(pipe)  # opened for reading, it would wait for a writer for ever
    done = threading.Event()

    def writer_at_last() -> None:  # should it be opened all the same: the test fails, it does not hang
        if not done.wait(10):
            with open(pipe, "wb"):
                pass

    threading.Thread(target=writer_at_last, daemon=True).start()
    try:
        assert main(["--data-dir", str(tmp_path / "data"), "validate", str(pipe)]) == 1
    finally:
        done.set()
    out = capsys.readouterr().out
    assert out == f"{pipe}: is not a file but a pipe, a device or a socket; give the questionnaire file itself.\n"
