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
