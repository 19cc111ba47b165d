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
