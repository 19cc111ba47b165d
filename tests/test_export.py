"""Exports: CSV that reads back to the same values, versioned JSON, and atomic, checked writing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest

from iah_assess import export
from iah_assess.compare_service import comparison_for
from iah_assess.domain.records import Institution
from iah_assess.storage import files

TRICKY = 'Budžet, "virtuelna razmena"\nи друго: Ѓ Ќ Љ Њ Џ; č ć đ š ž ë ç'
WHEN = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def filled(workspace, mini):
    inst = workspace.save_institution(Institution(name="Универзитет, Test"))
    c1 = workspace.create_cycle(inst.id, "2024/25", mini)
    c2 = workspace.create_cycle(inst.id, "2025/26", mini, included_areas=["alpha"])
    for c, levels in ((c1, (1, 2, 0, 1)), (c2, (3, 2, None, None))):
        ana = workspace.add_respondent(c.id, "Ана Петровска", "Dean")
        ivo = workspace.add_respondent(c.id, "Ivo", "Rector")
        for item, level in zip(("a-one", "a-two", "b-one", "b-two"), levels, strict=True):
            if level is not None:
                workspace.save_response(ana.id, item, level, TRICKY if item == "a-one" else "", "Odluka 12/2024, član 3")
                workspace.save_response(ivo.id, item, "dont_know" if item == "a-two" else level)
        workspace.save_response(ivo.id, "a-one", "not_applicable", "", "")
    return workspace, c1, c2


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to see UTF-8
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cycle_csv_reads_back_with_the_same_values(filled, tmp_path):
    ws, c1, _ = filled
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    written = export.export_cycle(ws, c1.id, out, WHEN)
    assert written == [out, tmp_path / "out" / "export-scores.csv"]
    rows = read_csv(out)
    assert list(rows[0]) == list(export.RESPONSE_HEADER)
    assert len(rows) == 8  # two respondents x four items
    first = rows[0]
    assert (first["cycle"], first["area"], first["item id"], first["item title"]) == ("2024/25", "Alpha", "a-one", "Alpha one")
    assert (first["respondent"], first["role"], first["level"], first["level name"]) == ("1", "Dean", "1", "Initial")
    assert first["comment"] == TRICKY
    assert first["evidence"] == "Odluka 12/2024, član 3"
    assert rows[1]["level"] == "not applicable" and rows[1]["level name"] == ""
    assert rows[3]["item id"] == "a-two" and rows[3]["level"] == "don't know"
    scores = read_csv(tmp_path / "out" / "export-scores.csv")
    overall = scores[0]
    assert overall["kind"] == "overall"
    # alpha: a-one 1 (N/A does not count) -> 25, a-two 2 -> 50, weighted (25 + 2*50)/3; beta (0 + 25)/2
    assert float(overall["score"]) == pytest.approx(round((125 / 3 + 12.5) / 2, 2))
    areas = {r["area"]: r for r in scores if r["kind"] == "area"}
    assert float(areas["Alpha"]["score"]) == pytest.approx(round(125 / 3, 2))
    items = {r["item id"]: r for r in scores if r["kind"] == "item"}
    assert items["a-two"]["don't know"] == "1" and items["a-one"]["not applicable"] == "1"
    assert items["a-one"]["level"] == "1" and items["a-one"]["target"] == "3"


def test_an_area_left_out_is_marked_in_the_scores(filled, tmp_path):
    ws, _, c2 = filled
    export.export_cycle(ws, c2.id, tmp_path / "x.csv", WHEN)
    scores = read_csv(tmp_path / "x-scores.csv")
    beta = next(r for r in scores if r["kind"] == "area" and r["area"] == "Beta")
    assert beta["score"] == "" and beta["status"] == "not assessed"
    b_one = next(r for r in scores if r["item id"] == "b-one")
    assert b_one["status"] == "not assessed" and b_one["level"] == ""


def test_cycle_json_has_the_versioned_header_and_everything(filled, tmp_path):
    ws, c1, _ = filled
    path = export.export_cycle(ws, c1.id, tmp_path / "e.JSON", WHEN)[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "iah-assess/cycle-export" and data["format_version"] == 1
    assert data["exported_at"] == "2026-03-01T12:00:00+00:00"
    assert data["institution"]["name"] == "Универзитет, Test"
    assert data["cycle"]["questionnaire"]["id"] == "mini" and data["cycle"]["label"] == "2024/25"
    assert data["respondents"] == [{"number": 1, "role": "Dean"}, {"number": 2, "role": "Rector"}]
    answers = [(r["item"], r["respondent"], r["answer"]) for r in data["responses"]]
    assert answers[:4] == [("a-one", 1, 1), ("a-one", 2, "not applicable"), ("a-two", 1, 2), ("a-two", 2, "don't know")]
    assert data["responses"][0]["comment"] == TRICKY
    assert data["scores"]["areas"][1]["score"] == 12.5
    assert {i["id"] for i in data["scores"]["items"]} == {"a-one", "a-two", "b-one", "b-two"}
    # no names leave the workspace in an export: respondents are numbered
    assert "Ана" not in path.read_text(encoding="utf-8")


def test_comparison_csv_and_json(filled, tmp_path):
    ws, c1, c2 = filled
    comparison = comparison_for(ws, [c2.id, c1.id])
    path = export.export_comparison(comparison, tmp_path / "cmp.csv", "Универзитет, Test")
    rows = read_csv(path)
    header = list(rows[0])
    assert header[:6] == ["row", "area", "item id", "item title", "2024/25", "2025/26"]
    by = {(r["row"], r["area"], r["item id"]): r for r in rows}
    beta = by[("area score", "Beta", "")]
    assert beta["2025/26"] == "not assessed" and beta["change in whole points 2024/25 → 2025/26"] == ""
    assert beta["direction 2024/25 → 2025/26"] == "2025/26: left out of this cycle"
    alpha = by[("area score", "Alpha", "")]
    # alpha 2025/26: a-one 3 (Ivo's "not applicable" replaced his level), a-two 2 -> (75 + 100)/3
    assert float(alpha["2025/26"]) == round(175 / 3, 1)
    # the change in whole points, as the reports give it: 58 - 42, with its direction
    assert alpha["change in whole points 2024/25 → 2025/26"] == "16" and alpha["direction 2024/25 → 2025/26"] == "up"
    assert alpha["direction 2024/25 → 2025/26"] == "up"
    a_one = by[("item level", "Alpha", "a-one")]
    assert (a_one["2024/25"], a_one["2025/26"], a_one["item link 2024/25 → 2025/26"]) == ("1", "3", "matched")
    assert a_one["direction 2024/25 → 2025/26"] == "up"
    data = json.loads(export.export_comparison(comparison, tmp_path / "cmp.json", "U").read_text(encoding="utf-8"))
    assert data["format"] == "iah-assess/comparison" and data["format_version"] == 1
    assert [c["label"] for c in data["cycles"]] == ["2024/25", "2025/26"]
    alpha_change = data["steps"][0]["areas"][0]
    assert (alpha_change["previous"], alpha_change["current"], alpha_change["change"]) == (41.67, 58.33, 16)


def test_csv_bytes_quote_everything_that_needs_it():
    data = export.csv_bytes(["a", "b"], [[TRICKY, None], ['x =1+1 "x"', 3.5]])
    assert data.startswith("\ufeff".encode())
    assert b"\r\n" in data
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert back == [["a", "b"], [TRICKY, ""], ['x =1+1 "x"', "3.5"]]


def test_no_text_opens_as_a_formula_and_numbers_stay_numbers():
    texts = ["- first point\n- second", '=HYPERLINK("http://x","y")', "+387 33 123", "@home", "\tindented", "\rx",
             "-inf", "+nan", "-1_000", "\t-1"]  # numbers to Python, not to a spreadsheet
    numbers = [-1, -0.5, "-1", "+0.5", "-2.5"]  # a change of level is written as a number or as its text
    data = export.csv_bytes(["cell"], [[v] for v in texts + numbers])
    back = [row[0] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))][1:]
    assert back == ["'" + t for t in texts] + ["-1", "-0.5", "-1", "+0.5", "-2.5"]


def test_a_comment_starting_like_a_formula_is_written_as_text_in_the_export(filled, tmp_path):
    ws, c1, _ = filled
    ana = ws.respondents(c1.id)[0]
    ws.save_response(ana.id, "a-one", 1, "- the strategy names IaH\n- no budget yet", "=Odluka 12")
    export.export_cycle(ws, c1.id, tmp_path / "e.csv", WHEN)
    first = read_csv(tmp_path / "e.csv")[0]
    assert (first["comment"], first["evidence"]) == ("'- the strategy names IaH\n- no budget yet", "'=Odluka 12")
    export.export_cycle(ws, c1.id, tmp_path / "e.json", WHEN)  # JSON keeps the text exactly as typed
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["responses"][0]["comment"].startswith("- the")


def test_unknown_ending_is_refused_and_writes_nothing(filled, tmp_path):
    ws, c1, _ = filled
    with pytest.raises(export.ExportFailed, match=r"\.csv or \.json"):
        export.export_cycle(ws, c1.id, tmp_path / "e.xlsx")
    with pytest.raises(export.ExportFailed, match=r"\.csv or \.json"):
        export.export_comparison(comparison_for(ws, [c1.id, filled[2].id]), tmp_path / "c.txt")
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("workspace.sqlite") and p.name != "backups"]


class ShortWriter:
    """A file whose write silently drops the last bytes, as a full or failing disk can."""

    def __init__(self, fh, honest: bool):
        self._fh, self._honest = fh, honest

    def write(self, data: bytes) -> int:
        n = self._fh.write(data[:-7])
        return n if self._honest else len(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


@pytest.mark.parametrize("honest", [True, False])
def test_a_short_write_fails_and_leaves_no_file(tmp_path, monkeypatch, honest):
    real = os.fdopen
    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: ShortWriter(real(fd, mode), honest))
    target = tmp_path / "out.csv"
    with pytest.raises(export.ExportFailed, match="incomplete"):
        export.write_file(target, b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_pair_leaves_the_old_files_as_they_were(tmp_path, monkeypatch):
    first, second = tmp_path / "a.csv", tmp_path / "a-scores.csv"
    first.write_bytes(b"old")
    real = os.fdopen
    calls = []

    def fdopen(fd, mode):
        calls.append(fd)
        return ShortWriter(real(fd, mode), honest=False) if len(calls) == 2 else real(fd, mode)

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(export.ExportFailed):
        export.write_files({first: b"new responses", second: b"new scores"})
    assert first.read_bytes() == b"old" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_a_file_that_reads_back_differently_is_removed(tmp_path, monkeypatch):
    real = files._replace

    def corrupting_replace(temp, target):
        real(temp, target)
        target.write_bytes(b"damaged")

    monkeypatch.setattr(files, "_replace", corrupting_replace)
    with pytest.raises(export.ExportFailed, match="did not read back"):
        export.write_file(tmp_path / "x.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(export.ExportFailed, match="does not exist"):
        export.write_file(tmp_path / "nowhere" / "x.csv", b"a")


def test_writing_replaces_an_existing_file(tmp_path):
    target = tmp_path / "x.csv"
    target.write_bytes(b"old")
    export.write_file(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_figures_round_halves_up_as_the_app_does():
    from iah_assess.export import rounded as _r

    assert [_r(46.25, 1), _r(61.25, 1), _r(63.75, 1), _r(41.666666666666664), _r(None)] == [46.3, 61.3, 63.8, 41.67, None]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_written_file_has_the_umasks_mode_or_that_of_the_file_it_replaces(tmp_path):
    old = os.umask(0o022)
    try:
        new = export.write_file(tmp_path / "new.csv", b"a")
        kept = tmp_path / "kept.pdf"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        export.write_file(kept, b"b")
    finally:
        os.umask(old)
    assert new.stat().st_mode & 0o777 == 0o644  # readable by those it is shared with, as any saved file
    assert kept.stat().st_mode & 0o777 == 0o640


def test_a_pair_with_a_folder_in_the_way_writes_neither_and_names_it(tmp_path):
    first, second = tmp_path / "e.csv", tmp_path / "e-scores.csv"
    first.write_bytes(b"old")
    second.mkdir()
    with pytest.raises(export.ExportFailed) as caught:
        export.write_files({first: b"new", second: b"scores"})
    assert str(caught.value) == f"could not write {second}: a folder has that name; choose another name"
    assert first.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e-scores.csv", "e.csv"]


def test_a_full_disk_names_the_file_not_a_temporary_one(tmp_path, monkeypatch):
    import errno

    def full(fd, mode):
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", full)
    target = tmp_path / "x.json"
    with pytest.raises(export.ExportFailed) as caught:
        export.write_file(target, b"{}")
    assert str(caught.value) == f"could not write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(export.ExportFailed, match="could not write .*report.pdf: No space left on device"):
        export.write_file(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="links and file modes as POSIX has them")
def test_writing_through_a_link_replaces_the_file_it_points_to_and_keeps_a_read_only_mode(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "report.pdf").write_bytes(b"old")
    (real / "report.pdf").chmod(0o444)
    links = tmp_path / "links"
    links.mkdir()
    (links / "report.pdf").symlink_to(real / "report.pdf")
    export.write_file(links / "report.pdf", b"new")
    assert (links / "report.pdf").is_symlink() and (real / "report.pdf").read_bytes() == b"new"
    assert (real / "report.pdf").stat().st_mode & 0o777 == 0o444


def test_a_read_only_file_is_writable_while_it_is_replaced_as_windows_needs(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    target.chmod(0o444)
    seen = []
    real = files._replace

    def replace(temp, into):
        seen.append(into.stat().st_mode & 0o777)  # Windows refuses to rename over a read-only file
        real(temp, into)

    monkeypatch.setattr(files, "_replace", replace)
    monkeypatch.setattr(files, "WINDOWS", True)  # only Windows needs it; POSIX may not chmod another's file
    export.write_file(target, b"new")
    assert len(seen) == 1 and seen[0] & 0o200 and target.read_bytes() == b"new"  # writable then, the owner's bit
    assert not target.stat().st_mode & 0o200  # and read-only again after


@pytest.mark.skipif(os.name != "posix", reason="file modes as POSIX has them")
def test_on_posix_a_read_only_file_is_replaced_without_changing_its_mode_first(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    target.chmod(0o444)
    changed = []
    real = files.os.chmod
    monkeypatch.setattr(files.os, "chmod", lambda path, mode: (changed.append(Path(path)), real(path, mode)))
    export.write_file(target, b"new")
    assert target not in changed[:-1]  # no chmod of the old file (another user's would fail); the new one after
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o444


def test_levels_have_one_form_whatever_their_source(workspace, mini, tmp_path):
    """A whole level is an integer (2), a half 2.5, whether it is a median of answers (an int or
    a float) or an agreed level (a float): in the JSON and the scores CSV alike."""
    inst = workspace.save_institution(Institution(name="Levels"))
    cycle = workspace.create_cycle(inst.id, "2025/26", mini)
    ana = workspace.add_respondent(cycle.id, "Ana", "Dean")
    ivo = workspace.add_respondent(cycle.id, "Ivo", "Rector")
    for item, (a, b) in {"a-one": (1, 3), "a-two": (2, 3), "b-one": (0, 0), "b-two": (1, 1)}.items():
        workspace.save_response(ana.id, item, a)
        workspace.save_response(ivo.id, item, b)
    workspace.set_agreed_level(cycle.id, "b-two", 4)
    data = export.cycle_export(workspace, cycle.id, WHEN)
    items = {i["id"]: i for i in data["scores"]["items"]}
    # a-one: median of 1 and 3 is 2.0 (a float); b-one: median 0 (an int); b-two agreed 4 (4.0 inside)
    assert [(items[i]["level"], items[i]["median"], items[i]["agreed_level"]) for i in ("a-one", "a-two", "b-one", "b-two")] == [
        (2, 2, None), (2.5, 2.5, None), (0, 0, None), (4, 1, 4)]
    written = re.findall(r'"(?:level|median|agreed_level)": ([^,\n]+)', export.json_bytes(data).decode())
    assert sorted(set(written)) == ["0", "1", "2", "2.5", "4", "null"]  # never 2.0
    export.export_cycle(workspace, cycle.id, tmp_path / "x.csv", WHEN)
    scores = {r["item id"]: r for r in read_csv(tmp_path / "x-scores.csv") if r["kind"] == "item"}
    assert [(scores[i]["level"], scores[i]["median"], scores[i]["agreed level"]) for i in ("a-one", "a-two", "b-one", "b-two")] == [
        ("2", "2", ""), ("2.5", "2.5", ""), ("0", "0", ""), ("4", "1", "4")]


def test_comparison_json_levels_have_the_same_form(workspace, mini):
    inst = workspace.save_institution(Institution(name="Levels"))
    c1 = workspace.create_cycle(inst.id, "2024/25", mini)
    c2 = workspace.create_cycle(inst.id, "2025/26", mini)
    for c, (a, b) in ((c1, (1, 3)), (c2, (3, 3))):
        ana, ivo = workspace.add_respondent(c.id, "Ana", "Dean"), workspace.add_respondent(c.id, "Ivo", "Rector")
        for item in ("a-one", "a-two", "b-one", "b-two"):
            workspace.save_response(ana.id, item, a)
            workspace.save_response(ivo.id, item, b)
    workspace.set_agreed_level(c2.id, "a-two", 1)
    data = export.comparison_json(comparison_for(workspace, [c1.id, c2.id]))
    line = next(i for i in data["items"] if i["item"] == "a-one")
    assert line["levels"] == [2, 3] and all(type(x) is int for x in line["levels"])
    moved = {i["item"]: i for i in data["steps"][0]["moved_up"] + data["steps"][0]["moved_down"]}
    assert (moved["a-one"]["previous_level"], moved["a-one"]["level"], moved["a-one"]["change"]) == (2, 3, 1)
    assert all(type(moved["a-two"][k]) is int for k in ("previous_level", "level", "change"))


def test_a_name_too_long_is_a_plain_error_naming_the_file(tmp_path):
    """The length of a name is found out on the first look at it: before the writing starts."""
    long = tmp_path / ("y" * 300 + ".csv")
    with pytest.raises(files.WriteFailed) as info:
        files.write_files({long: b"a", tmp_path / "ok.csv": b"b"})
    assert str(info.value) == f"could not write {long}: File name too long; choose a shorter name"
    assert list(tmp_path.iterdir()) == []


def test_the_comparison_csv_says_where_an_item_merged_away_went(mini):
    from iah_assess.domain.comparison import compare_cycles
    from iah_assess.export import comparison_csv
    from tests.domain.test_comparison import cycle

    beta = mini.area("beta")
    merged_item = beta.items[0].model_copy(update={"id": "b-both", "title": "Beta both", "replaces": ["b-one", "b-two"]})
    merged = mini.model_copy(update={
        "version": "1.1", "areas": [mini.area("alpha"), beta.model_copy(update={"items": [merged_item]})]})
    c = compare_cycles([
        cycle("a", mini, {"a-one": [1], "a-two": [1], "b-one": [0], "b-two": [4]}),
        cycle("b", merged, {"a-one": [1], "a-two": [1], "b-both": [3]}),
    ])
    rows = {r["item id"]: r for r in csv.DictReader(io.StringIO(comparison_csv(c).decode("utf-8-sig")))
            if r["row"] == "item level"}
    link = "item link a → b"
    assert rows["b-one"][link] == rows["b-two"][link] == "merged into b-both"  # not left blank
    assert rows["b-both"][link] == "merged" and rows["a-one"][link] == "matched"


def test_each_csv_row_names_its_institution_in_a_last_column(filled, mini, tmp_path):
    """Exports of 2024/25 for two institutions looked the same apart from their file names. The
    institution is the last column, so that a reader taking the columns by position still reads
    every earlier one where it was."""
    ws, c1, _ = filled
    other = ws.create_cycle(ws.save_institution(Institution(name="=Universiteti Çlirim")).id, "2024/25", mini)
    ws.save_response(ws.add_respondent(other.id, "Arbër", "Dean").id, "a-one", 2)
    for cycle, name in ((c1, "ours"), (other, "theirs")):
        export.export_cycle(ws, cycle.id, tmp_path / f"{name}.csv", WHEN)
    for name, institution in (("ours", "Универзитет, Test"), ("theirs", "'=Universiteti Çlirim")):  # never a formula
        with open(tmp_path / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert header == ["cycle", "area", "item id", "item title", "respondent", "role", "level", "level name",
                          "comment", "evidence", "institution"]
        assert rows and all(len(row) == len(header) and row[-1] == institution for row in rows)
        with open(tmp_path / f"{name}-scores.csv", encoding="utf-8-sig", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert header == ["cycle", "kind", "area", "item id", "item title", "score", "level", "target", "agreed level",
                          "median", "answered", "don't know", "not applicable", "coverage", "status", "institution"]
        assert rows and all(len(row) == len(header) and row[-1] == institution for row in rows)
        assert rows[0][:2] == ["2024/25", "overall"] and rows[0][14] in ("scored", "partial: 1 area without a score")
