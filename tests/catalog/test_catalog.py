"""Finding a questionnaire by id or by path: an id is never taken for a file of that name."""

from __future__ import annotations

import shutil

import pytest

from iah_assess.catalog import Catalog, looks_like_path, shipped_dir
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
