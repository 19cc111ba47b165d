"""Finding a questionnaire by id or by path: an id is never taken for a file of that name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iah_assess.catalog import Catalog, looks_like_path, shipped_dir
from iah_assess.catalog.loader import load, validate_paths
from tests.conftest import MINI


@pytest.mark.parametrize(("ref", "path"), [
    ("iah-core", False), ("mini", False), ("./iah-core", True), ("q/iah-core", True), ("/abs/q", True),
    ("mine.yaml", True), ("mine.YML", True), ("q.json", True), (".", True), ("..", True),
])
def test_what_looks_like_a_path(ref, path):
    assert looks_like_path(ref) is path


def test_an_id_wins_over_a_file_or_folder_of_that_name_in_the_current_folder(tmp_path, monkeypatch):
    """A folder called iah-core where the command runs once took the place of the shipped one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "iah-core").mkdir()  # not a questionnaire at all
    assert Catalog().get("iah-core").questionnaire.id == "iah-core"
    (tmp_path / "iah-core").rmdir()
    (tmp_path / "iah-core").write_text("not: [a questionnaire", encoding="utf-8")
    assert Catalog().get("iah-core").questionnaire.id == "iah-core"


def test_a_path_is_read_as_one_and_a_bare_name_is_told_how(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(MINI, tmp_path / "mini.yaml")
    assert Catalog().get("mini.yaml").questionnaire.id == "mini"
    assert Catalog().get(str(MINI)).questionnaire.id == "mini"
    shutil.copytree(shipped_dir() / "iah-core", tmp_path / "mine")
    assert Catalog().get("./mine").questionnaire.id == "iah-core"
    with pytest.raises(LookupError, match=r"no questionnaire 'mine' \(known: iah-core\); to read the file or folder mine here, give it as \./mine"):
        Catalog().get("mine")
    with pytest.raises(LookupError, match=r"no questionnaire 'nothing' \(known: iah-core\); give an id or a file path"):
        Catalog().get("nothing")
    with pytest.raises(LookupError, match=r"there is no file or folder \./nothing\.yaml"):
        Catalog().get("./nothing.yaml")


def test_a_catalog_reads_each_file_once_until_it_changes(tmp_path, monkeypatch):
    """Every lookup read every questionnaire file again, and a failed one twice: a large or
    hostile file in the user folder cost each of them."""
    from collections import Counter

    from iah_assess.catalog import loader

    user = tmp_path / "user"
    user.mkdir()
    good = user / "good.yaml"
    good.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (user / "bad.yaml").write_text("a: [1\n", encoding="utf-8")
    read: Counter[str] = Counter()
    real = loader.read_yaml

    def counting(path, display=None):
        read[path.name] += 1
        return real(path, display)

    monkeypatch.setattr(loader, "read_yaml", counting)
    cat = Catalog(user_dir=user)
    assert cat.get("mini").questionnaire.id == "mini"
    assert cat.get("iah-core").questionnaire.id == "iah-core"
    with pytest.raises(LookupError):
        cat.get("nothing")
    assert {e.path.name for e in cat.entries() if e.loaded is None} == {"bad.yaml"}
    cat.contents()
    cat.contents()
    # iah-core's, and the earlier version kept for rescues, which only contents() reads
    assert read == {"good.yaml": 1, "bad.yaml": 1, "questionnaire.yaml": 1, "iah-core-1.0.yaml": 1}

    good.write_text(MINI.read_text(encoding="utf-8").replace("title:", "title: Revised", 1), encoding="utf-8")
    assert cat.get("mini").questionnaire.title.startswith("Revised")
    cat.valid()
    assert read == {"good.yaml": 2, "bad.yaml": 1, "questionnaire.yaml": 1, "iah-core-1.0.yaml": 1}
    good.unlink()
    with pytest.raises(LookupError, match="no questionnaire 'mini'"):
        cat.get("mini")


def test_a_translation_added_to_a_folder_is_read(tmp_path):
    user = tmp_path / "user"
    (user / "mini").mkdir(parents=True)
    (user / "mini" / "questionnaire.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    cat = Catalog(user_dir=user)
    assert cat.get("mini").languages == ["en"]
    (user / "mini" / "translations").mkdir()
    (user / "mini" / "translations" / "sq.yaml").write_text(
        "schema_version: 1\nquestionnaire: mini\nlanguage: sq\ntitle: Një pyetësor i vogël\n", encoding="utf-8")
    assert cat.get("mini").languages == ["en", "sq"]


def test_an_id_and_version_given_twice_with_other_content_is_a_problem_of_the_later_file(tmp_path, capsys):
    """A copy of iah-core edited without raising its version, or two user files of one id and
    version, were both offered: the New cycle list showed two alike entries, `validate` said all
    was valid, and which one `get` gave was chance."""
    from iah_assess.cli import main

    user = tmp_path / "user"
    user.mkdir()
    shutil.copy(MINI, user / "a.yaml")
    shutil.copy(MINI, user / "b-plain-copy.yaml")
    (user / "c-edited.yaml").write_text(MINI.read_text(encoding="utf-8").replace("title: Alpha\n", "title: Alfa\n"), encoding="utf-8")
    shutil.copytree(shipped_dir() / "iah-core", user / "core-copy")
    core = user / "core-copy" / "questionnaire.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("title: ", "title: Ours ", 1), encoding="utf-8")
    core_version = load(shipped_dir() / "iah-core").questionnaire.version
    cat = Catalog(user_dir=user)
    entries = {e.path.name: e for e in cat.entries()}
    # a plain copy gives nothing the first does not: left out, not offered twice
    assert [(lq.questionnaire.id, lq.source) for lq in cat.valid()] == [
        ("iah-core", str(shipped_dir() / "iah-core" / "questionnaire.yaml")), ("mini", str(user / "a.yaml"))]
    assert "b-plain-copy.yaml" not in entries
    [edited] = entries["c-edited.yaml"].problems
    assert str(edited).endswith(f"c-edited.yaml: questionnaire 'mini' version 1.0 is already given by {user / 'a.yaml'} "
                                f"with different content; give yours its own id, or raise its version.")
    [copied] = entries["core-copy"].problems
    assert f"questionnaire 'iah-core' version {core_version} is already given by the built-in questionnaire ({shipped_dir() / 'iah-core'}) with different content" in str(copied)
    assert cat.get("mini").source == str(user / "a.yaml")
    # a cycle may have run on the later one: a rescue can still take it
    assert load(user / "c-edited.yaml").questionnaire.content_hash() in cat.contents()
    # validate says the same
    assert main(["validate", str(user / "a.yaml"), str(user / "b-plain-copy.yaml"), str(user / "c-edited.yaml"), str(user / "core-copy")]) == 1
    out = capsys.readouterr().out
    assert out.count("is already given by") == 2 and "c-edited.yaml" in out and "core-copy" in out


def test_every_file_in_the_user_folder_is_offered_or_said_why_not(tmp_path):
    """A questionnaire.yaml in the user folder hid every other file there, and mk.YAML, a file
    Notepad saved as mine.yaml.txt, a folder with ukim.yaml in it and questionnaire.yml in a
    folder were skipped without a word."""
    user = tmp_path / "user"
    user.mkdir()
    mini_2 = (MINI.parent / "mini-2.yaml").read_text(encoding="utf-8")
    (user / "questionnaire.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (user / "upper.YAML").write_text(mini_2, encoding="utf-8")
    (user / "mine.yaml.txt").write_text(mini_2, encoding="utf-8")
    (user / "readme.txt").write_text("notes", encoding="utf-8")
    (user / "ukim").mkdir()
    (user / "ukim" / "ukim.yaml").write_text(mini_2, encoding="utf-8")
    (user / "tetova").mkdir()
    (user / "tetova" / "questionnaire.yml").write_text(
        MINI.read_text(encoding="utf-8").replace("id: mini", "id: tetova"), encoding="utf-8")
    (user / "tetova" / "translations").mkdir()
    (user / "tetova" / "translations" / "sq.YAML").write_text(
        "schema_version: 1\nquestionnaire: tetova\nlanguage: sq\ntitle: Një pyetësor i vogël\n", encoding="utf-8")
    (user / "translations").mkdir()  # beside a questionnaire.yaml, not inside its own folder
    (user / "translations" / "sq.yaml").write_text("language: sq\n", encoding="utf-8")
    (user / ".DS_Store").write_bytes(b"\0")  # left by the system, not by the user: not a word
    (user / "desktop.ini").write_text("[x]", encoding="utf-8")
    (user / "empty").mkdir()
    cat = Catalog(user_dir=user)
    offered = {lq.source: lq for lq in cat.valid()}
    assert set(offered) == {str(shipped_dir() / "iah-core" / "questionnaire.yaml"), str(user / "questionnaire.yaml"),
                            str(user / "upper.YAML"), str(user / "tetova" / "questionnaire.yml")}
    assert offered[str(user / "tetova" / "questionnaire.yml")].languages == ["en", "sq"]
    told = {e.path.name: e.problems[0].message for e in cat.entries() if e.loaded is None}
    assert told == {
        "mine.yaml.txt": "this file is not read: its name ends in .txt, which your editor may have added; "
                         "rename it to mine.yaml.",
        "readme.txt": "this file is not read: a questionnaire file's name ends in .yaml. If it is one, rename it "
                      "to readme.yaml; if not, move it out of this folder.",
        "ukim": "the folder has no questionnaire.yaml, the name its main file must have, so nothing in it is read: "
                "rename ukim.yaml to questionnaire.yaml, or move ukim.yaml up, out of the folder.",
        "translations": "a translations/ folder belongs inside a questionnaire's own folder, beside its "
                        "questionnaire.yaml; make a folder for the questionnaire and move both into it.",
    }
    # validate on the folder says the same (with a questionnaire.yaml in it, it is read as that questionnaire's folder)
    (user / "questionnaire.yaml").rename(user / "top.yaml")
    checked, problems = validate_paths([user])
    assert checked == 3 and sorted(Path(p.file).name for p in problems) == ["mine.yaml.txt", "readme.txt", "translations", "ukim"]
    checked, problems = validate_paths([user / "mine.yaml.txt"])
    assert [p.message for p in problems] == [told["mine.yaml.txt"]]
    # a stray file in a questionnaire's translations is said too, not skipped
    (user / "tetova" / "translations" / "sr.yaml.txt").write_text("language: sr\n", encoding="utf-8")
    [tetova] = [e for e in cat.entries() if e.path.name == "tetova"]
    assert [p.message for p in tetova.problems] == [
        "this file is not read: its name ends in .txt, which your editor may have added; rename it to sr.yaml."]


def test_earlier_versions_of_ones_own_questionnaires_are_kept_for_rescues_in_the_user_folders_earlier(tmp_path):
    """Only the shipped earlier/ was read for rescues: a user who kept version 1.0 of their own
    questionnaire, edited since, in <user folder>/earlier/ could not have a damaged cycle's copy
    of it given back."""
    user = tmp_path / "user"
    (user / "earlier").mkdir(parents=True)
    (user / "mini.yaml").write_text(MINI.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    shutil.copy(MINI, user / "earlier" / "mini-1.0.yaml")
    (user / "earlier" / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    cat = Catalog(user_dir=user)
    # never offered for a new cycle ...
    assert [lq.source for lq in cat.valid()] == [str(shipped_dir() / "iah-core" / "questionnaire.yaml"), str(user / "mini.yaml")]
    assert cat.get("mini").questionnaire.version == "1.1"
    # ... but there for a rescue
    assert load(MINI).questionnaire.content_hash() in cat.contents()
    # and one that cannot be read is said, not skipped
    assert [e.path.name for e in cat.entries() if e.loaded is None] == ["broken.yaml"]


MINI_2 = MINI.parent / "mini-2.yaml"  # version 2.0: a-second replaces a-two


def _typo(text: str) -> str:
    """Version 2.0 with a typo in its replaces: a-tw for a-two."""
    assert "replaces: [a-two]" in text
    return text.replace("replaces: [a-two]", "replaces: [a-tw]")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("where", ["user earlier", "user folder", "shipped earlier", "stored"])
def test_a_replaces_naming_an_id_no_other_version_has_is_a_note_with_the_closest_id(tmp_path, mini, where):
    """replaces: [reg-joint-course] for an earlier version's reg-joint-courses was taken without a
    word; comparisons then showed the old item retired and the new one new, unlinked. Where an
    earlier version is known (the folders' earlier/, the user folder, a workspace's cycles), such
    an id is a note, and the file is offered all the same."""
    user, shipped = tmp_path / "user", tmp_path / "shipped"
    (user / "earlier").mkdir(parents=True)
    (shipped / "earlier").mkdir(parents=True)
    mine = user / "mini-2.yaml"
    mine.write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    stored = []
    if where == "user earlier":
        shutil.copy(MINI, user / "earlier" / "mini-1.0.yaml")
    elif where == "user folder":
        shutil.copy(MINI, user / "mini.yaml")
    elif where == "shipped earlier":
        shutil.copy(MINI, shipped / "earlier" / "mini-1.0.yaml")
    else:
        stored = [mini]  # only a workspace's cycle holds version 1.0
    cat = Catalog(user_dir=user, shipped=shipped)
    [entry] = [e for e in cat.entries(notes=True, stored=lambda: stored) if e.path == mine]
    assert entry.loaded is not None and entry.problems == []  # can be used
    assert entry.loaded.questionnaire.version == "2.0" and entry.loaded in cat.valid()
    [note] = entry.notes
    assert (note.file, note.line, note.where) == (str(mine), _line_of(mine, "replaces: [a-tw]"), "item 'a-second'")
    assert note.message.startswith("'replaces' names 'a-tw', which no other version of 'mini' found here (1.0) has; "
                                   "did you mean 'a-two'?")
    assert "comparisons show this item as new" in note.message
    # only when asked: a lookup by id does not pay for reading the earlier versions
    assert all(e.notes == [] for e in cat.entries())


def test_no_note_without_another_version_to_check_against_nor_when_the_replaces_is_right(tmp_path, mini):
    user = tmp_path / "user"
    (user / "earlier").mkdir(parents=True)
    (user / "mini-2.yaml").write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    cat = Catalog(user_dir=user, shipped=tmp_path / "none")
    # the only version known: an id of an earlier one cannot be checked, and may rightly be there
    assert [e.notes for e in cat.entries(notes=True)] == [[]]
    # the right id, with version 1.0 known
    (user / "mini-2.yaml").write_text(MINI_2.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(MINI, user / "earlier" / "mini-1.0.yaml")
    assert [e.notes for e in cat.entries(notes=True)] == [[]]
    # an id like none known: said, with no guess
    (user / "mini-2.yaml").write_text(MINI_2.read_text(encoding="utf-8").replace("[a-two]", "[a-two, zz-older-thing]"),
                                      encoding="utf-8")
    [entry] = cat.entries(notes=True)
    [note] = entry.notes
    assert "'zz-older-thing'" in note.message and "did you mean" not in note.message


def test_validate_gives_a_note_and_still_says_valid(tmp_path, capsys):
    from iah_assess.cli import main

    data = tmp_path / "data"
    (data / "questionnaires" / "earlier").mkdir(parents=True)
    shutil.copy(MINI, data / "questionnaires" / "earlier" / "mini-1.0.yaml")
    draft = tmp_path / "drafts" / "mini-2.yaml"  # written elsewhere, version 1.0 kept in the data folder's earlier/
    draft.parent.mkdir()
    draft.write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--data-dir", str(data), "validate", str(draft)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{draft}:{_line_of(draft, 'a-tw')}: note: item 'a-second': 'replaces' names 'a-tw'")
    assert "did you mean 'a-two'?" in out[0]
    assert out[1] == "1 questionnaire valid, with 1 note."
    # beside the file, in its own earlier/, as in the user folder
    shutil.move(data / "questionnaires" / "earlier", draft.parent / "earlier")
    assert main(["--data-dir", str(data), "validate", str(draft)]) == 0
    assert "did you mean 'a-two'?" in capsys.readouterr().out
    # a folder checked: its earlier/ too
    assert main(["--data-dir", str(data), "validate", str(draft.parent)]) == 0
    assert capsys.readouterr().out.endswith("1 questionnaire valid, with 1 note.\n")
    # and a note is said beside a problem, which alone makes the exit 1
    (draft.parent / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "validate", str(draft.parent)]) == 1
    captured = capsys.readouterr()
    assert "note: item 'a-second'" in captured.out and "with 1 note." in captured.err


def test_list_questionnaires_says_how_many_notes_a_file_has(tmp_path, capsys):
    from iah_assess.cli import main

    user = tmp_path / "data" / "questionnaires"
    (user / "earlier").mkdir(parents=True)
    shutil.copy(MINI, user / "earlier" / "mini-1.0.yaml")
    (user / "mini-2.yaml").write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "data"), "list", "--questionnaires"]) == 0
    out = capsys.readouterr().out
    assert f"mini 2.0  A small test questionnaire, revised  ({user / 'mini-2.yaml'}); 1 note: run `iah-assess validate {user / 'mini-2.yaml'}`" in out


def test_list_questionnaires_gives_the_notes_in_text_and_json(tmp_path, capsys):
    import json

    from iah_assess.cli import main

    data = tmp_path / "data"
    user = data / "questionnaires"
    (user / "earlier").mkdir(parents=True)
    shutil.copy(MINI, user / "earlier" / "mini-1.0.yaml")
    (user / "mini-2.yaml").write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--data-dir", str(data), "list", "--questionnaires"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "mini-2.yaml" in x)
    assert line.endswith(f"; 1 note: run `iah-assess validate {user / 'mini-2.yaml'}`")
    assert main(["--data-dir", str(data), "list", "--questionnaires", "--json"]) == 0
    [mine] = [q for q in json.loads(capsys.readouterr().out)["questionnaires"] if q["path"] == str(user / "mini-2.yaml")]
    [note] = mine["notes"]
    assert "'replaces' names 'a-tw'" in note and "did you mean 'a-two'?" in note


def test_list_questionnaires_checks_a_replaces_against_the_cycles_stored_too(tmp_path, mini, capsys):
    """Version 1.0 is held only by a cycle of the workspace (its file is gone): the command line
    checks a 'replaces' of version 2.0 against it, as the New cycle page does."""
    from iah_assess.cli import main
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    data = tmp_path / "data"
    user = data / "questionnaires"
    user.mkdir(parents=True)
    with Workspace.in_folder(data) as ws:
        ws.create_cycle(ws.save_institution(Institution(name="Universiteti i Tetovës")).id, "2024/25", mini)
    (user / "mini-2.yaml").write_text(_typo(MINI_2.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--data-dir", str(data), "list", "--questionnaires"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "mini-2.yaml" in x)
    assert line.endswith(f"; 1 note: run `iah-assess validate {user / 'mini-2.yaml'}`")
    # and the command it names gives that note: validate checks against the cycles stored too
    assert main(["--data-dir", str(data), "validate", str(user / "mini-2.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "note: item 'a-second': 'replaces' names 'a-tw'" in out[0] and "did you mean 'a-two'?" in out[0]
    assert out[1] == "1 questionnaire valid, with 1 note."
