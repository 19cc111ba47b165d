"""`iah-assess compare` and `iah-assess export` end to end on the sample institution."""

from __future__ import annotations

import csv
import json

import pytest

from iah_assess.cli import main
from iah_assess.domain.records import points


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    assert main(["--data-dir", str(folder), "demo"]) == 0
    return folder


def run(demo, *args):
    return main(["--data-dir", str(demo), *args])


def test_compare_prints_the_same_figures_as_json(demo, capsys):
    capsys.readouterr()
    assert run(demo, "compare", "2025/26", "2023/24", "2024/25", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "iah-assess/comparison" and data["format_version"] == 1
    assert [c["label"] for c in data["cycles"]] == ["2023/24", "2024/25", "2025/26"]
    curriculum = [a for a in data["cycles"][0]["areas"] if a["id"] == "curriculum"][0]
    assert curriculum["score"] is None and curriculum["status"] == "not assessed"
    assert len(data["steps"]) == 2
    assert data["steps"][1]["previous_actions"]  # the demo's 2024/25 plan
    assert run(demo, "compare", "2023/24", "2024/25", "2025/26") == 0
    text = capsys.readouterr().out
    assert "not assessed" in text
    index = [points(c["overall_index"]) for c in data["cycles"]]
    overall = next(line for line in text.splitlines() if line.startswith("Overall index"))
    assert overall.split()[2:] == [str(index[0]), str(index[1]), f"▲{index[1] - index[0]:+d}",
                                   str(index[2]), f"▲{index[2] - index[1]:+d}"]  # each change: the scores shown
    for step in data["steps"]:
        change = step["overall_index"]
        assert change["change"] == points(change["current"]) - points(change["previous"])  # whole points, as shown
        assert f"{step['from']} → {step['to']}" in text
    assert "Items up by a level or more" in text and "Actions of 2024/25:" in text


def test_compare_lines_up_each_cycles_scores(demo, capsys):
    capsys.readouterr()
    assert run(demo, "compare", "2023/24", "2024/25", "2025/26") == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["2023/24", "2024/25", "2025/26"])
    table = lines[header:header + 10]  # the labels, the index, six areas, at or above and below target
    assert table[-2].startswith("At or above target") and table[-1].startswith("Below target")
    # each cycle's label, scores and counts end in the same column, whatever the change written after them
    ends = [lines[header].index(label) + len(label) for label in ("2023/24", "2024/25", "2025/26")]
    for line in table[1:]:
        for end in ends:
            word = line[:end].rsplit(" ", 1)[-1]
            assert (word.isdigit() or word == "assessed") and (end == len(line) or line[end] == " "), line
    assert all(line == line.rstrip() for line in lines)


def test_compare_writes_csv_and_json(demo, tmp_path, capsys):
    out = tmp_path / "compare.csv"
    assert run(demo, "compare", "2024/25", "2025/26", "-o", str(out)) == 0
    assert str(out) in capsys.readouterr().out
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["row"] == "overall index"
    assert sum(1 for r in rows if r["row"] == "item level") == 64
    assert run(demo, "compare", "2024/25", "2025/26", "-o", str(tmp_path / "c.json")) == 0
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["cycles"][1]["label"] == "2025/26"


def test_export_csv_and_json(demo, tmp_path, capsys):
    out = tmp_path / "cycle.csv"
    assert run(demo, "export", "2024/25", "-o", str(out)) == 0
    printed = capsys.readouterr().out
    assert "cycle.csv" in printed and "cycle-scores.csv" in printed
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["cycle"] for r in rows} == {"2024/25"}
    assert any("Dean" == r["role"] for r in rows)
    assert any("ž" in r["comment"] for r in rows) and any("ë" in r["comment"] for r in rows)
    assert run(demo, "export", "2024/25", "--institution", "Sample University of Drinska Dolina (fictional)",
               "-o", str(tmp_path / "cycle.json")) == 0
    data = json.loads((tmp_path / "cycle.json").read_text(encoding="utf-8"))
    assert data["format"] == "iah-assess/cycle-export" and len(data["responses"]) == len(rows)


def test_plain_errors(demo, tmp_path, capsys):
    capsys.readouterr()
    assert run(demo, "compare", "2024/25") == 1
    assert "at least two" in capsys.readouterr().err
    assert run(demo, "compare", "2024/25", "1999/00") == 1
    assert "no cycle labelled '1999/00'" in capsys.readouterr().err
    assert run(demo, "export", "2024/25", "-o", str(tmp_path / "x.xlsx")) == 2  # a usage error
    assert ".csv or .json" in capsys.readouterr().err
    assert run(demo, "compare", "2024/25", "2025/26", "-o", str(tmp_path / "no" / "x.csv")) == 1
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_text_rounds_scores_once_not_the_jsons_rounded_figures(demo, capsys, monkeypatch):
    from iah_assess.domain.scoring import CycleResult

    # an index of 55.499 is 55.5 in the JSON (two decimals), and 55 in whole points, not 56
    monkeypatch.setattr(CycleResult, "index", property(lambda self: 55.499))
    capsys.readouterr()
    assert run(demo, "score", "2025/26", "--json") == 0
    assert json.loads(capsys.readouterr().out)["overall_index"] == 55.5
    assert run(demo, "score", "2025/26") == 0
    index_line = next(line for line in capsys.readouterr().out.splitlines() if "Overall index" in line)
    assert index_line.split()[2] == "55"
    assert run(demo, "compare", "2024/25", "2025/26") == 0
    overall = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Overall index"))
    assert overall.split()[2:] == ["55", "55", "▬+0"]


def test_every_output_counts_the_cycles_respondents_alike(tmp_path, capsys):
    """Someone in the cycle with no answer yet is a respondent in the list, the scores, the
    comparison and the export alike."""
    from iah_assess.storage.workspace import Workspace

    assert run(tmp_path, "demo") == 0
    with Workspace.in_folder(tmp_path) as ws:
        cycle = ws.find_cycle("2025/26")
        ws.add_respondent(cycle.id, "Ђорђе Petrović", "Academic staff")  # nothing answered
        people = len(ws.respondents(cycle.id))
    capsys.readouterr()
    assert run(tmp_path, "score", "2025/26", "--json") == 0
    assert json.loads(capsys.readouterr().out)["respondents"] == people
    assert run(tmp_path, "score", "2025/26") == 0
    assert f"{people} respondents" in capsys.readouterr().out.splitlines()[0]
    assert run(tmp_path, "compare", "2024/25", "2025/26", "--json") == 0
    assert json.loads(capsys.readouterr().out)["cycles"][-1]["respondents"] == people
    assert run(tmp_path, "export", "2025/26", "-o", str(tmp_path / "c.json")) == 0
    exported = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert exported["scores"]["respondents"] == len(exported["respondents"]) == people


def test_compare_says_when_no_target_can_be_checked(tmp_path, capsys):
    from iah_assess.storage.workspace import Workspace

    assert run(tmp_path, "demo") == 0
    with Workspace.in_folder(tmp_path) as ws:
        latest = ws.find_cycle("2025/26")
        ws.create_cycle(latest.institution_id, "2026/27", ws.cycle_questionnaire(latest))  # nothing answered yet
    capsys.readouterr()
    assert run(tmp_path, "compare", "2025/26", "2026/27") == 0
    out = capsys.readouterr().out
    assert "No target of 2025/26 can be checked against a level of 2026/27." in out and "0 of 0" not in out


def test_an_index_change_over_other_areas_is_marked_not_like_for_like(demo, capsys):
    capsys.readouterr()
    assert run(demo, "compare", "2023/24", "2024/25", "--json") == 0
    step = json.loads(capsys.readouterr().out)["steps"][0]
    assert step["overall_index"]["note"] == "not like for like: Curriculum and learning scored in 2024/25, not in 2023/24"
    assert all(a["note"] is None for a in step["areas"])
    assert run(demo, "compare", "2023/24", "2024/25") == 0
    assert "The overall index change is not like for like: Curriculum and learning scored in 2024/25, not in 2023/24." in capsys.readouterr().out


def test_a_questionnaire_edited_without_raising_its_version_is_said_to_have_changed(tmp_path, mini, capsys):
    """A cycle on mini 1.0, finalised; then the file edited (alpha's weight 1 → 5, a level
    descriptor) keeping its version, and a second cycle on it: not "the same questionnaire"."""
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace
    from tests.domain.test_comparison import edited
    from tests.reporting.conftest import text_of

    ws = Workspace.in_folder(tmp_path)
    inst = ws.save_institution(Institution(name="Edited College"))
    for label, q in (("2025/26", mini), ("2026/27", edited(mini))):
        cycle = ws.create_cycle(inst.id, label, q)
        person = ws.add_respondent(cycle.id, "Ana", "Rector")
        for n, item in enumerate(q.items):
            ws.save_response(person.id, item.id, n % 5, "", "")
        if label == "2025/26":
            ws.finalise_cycle(cycle.id)
    ws.close()
    note = "2026/27 uses version 1.0 of mini as edited after 2025/26: its content differs though its version is the same"

    def compare(*args):
        capsys.readouterr()
        assert main(["--data-dir", str(tmp_path), "compare", "2025/26", "2026/27", *args]) == 0
        return capsys.readouterr().out

    assert note in compare()
    data = json.loads(compare("--json"))
    step = data["steps"][0]
    assert step["questionnaire_changed"] is True and step["same_questionnaire"] is True
    assert step["questionnaire_edited"]["note"].startswith(note)
    assert step["questionnaire_edited"]["areas"] == [{"id": "alpha", "title": "Alpha", "weight": [1.0, 5.0]}]
    assert [i["id"] for i in step["questionnaire_edited"]["items"]] == ["a-two"]
    assert {k: step["questionnaire_edited"][k] for k in ("items_moved_between_areas", "items_reordered_in", "areas_reordered",
                                                          "items_added_or_removed")} == {
        "items_moved_between_areas": 0, "items_reordered_in": [], "areas_reordered": False, "items_added_or_removed": False}
    hashes = [c["questionnaire"]["hash"] for c in data["cycles"]]
    assert hashes == [mini.content_hash(), edited(mini).content_hash()]

    compare("-o", str(tmp_path / "cmp.csv"))
    with open(tmp_path / "cmp.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["row"] == "questionnaire")
    assert (row["2025/26"], row["2026/27"]) == ("mini 1.0", "mini 1.0")
    assert row["item link 2025/26 → 2026/27"] == "edited, same version"
    # the direction column holds directions only: the note is in the JSON
    assert row["direction 2025/26 → 2026/27"] == row["change in whole points 2025/26 → 2026/27"] == ""

    compare("-o", str(tmp_path / "cmp.pdf"))
    text = " ".join(text_of((tmp_path / "cmp.pdf").read_bytes()).split())
    assert "All cycles use mini version 1.0." not in text and "both cycles use version 1.0 of the questionnaire." not in text
    assert f"All cycles use mini version 1.0, but not the same content: {note}." in text
    assert f"{note}. What differs: area Alpha (weight 1 → 5); item Alpha two." in text


@pytest.mark.parametrize(("options", "said"), [
    (["-o", "c.pdf", "--json"], "--json prints the comparison and -o writes it to a file; give one of them (-o FILE.json "
                                "writes the JSON to a file)"),
    (["--json", "-o", "c.json"], "--json prints the comparison and -o writes it to a file; give one of them (-o FILE.json "
                                 "writes the JSON to a file)"),
    (["--json", "-o", "c.txt"], "--json prints the comparison and -o writes it to a file; give one of them (-o FILE.json "
                                "writes the JSON to a file)"),  # the conflict before the ending, both usage errors
    (["--paper", "a4", "-o", "c.txt"], "--paper is for the PDF: add -o FILE.pdf, or leave --paper out"),
    (["--paper", "letter"], "--paper is for the PDF: add -o FILE.pdf, or leave --paper out"),
    (["-o", "c.csv", "--paper", "a4"], "--paper is for the PDF: add -o FILE.pdf, or leave --paper out"),
    (["--date", "2026-01-01", "-o", "x.csv"], "--date is for the PDF: add -o FILE.pdf, or leave --date out")])
def test_compare_refuses_options_it_would_ignore_as_a_usage_error(demo, capsys, tmp_path, monkeypatch, options, said):
    monkeypatch.chdir(tmp_path)
    assert run(demo, "compare", "2024/25", "2025/26", *options) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"iah-assess: {said}\n")
    assert not list(tmp_path.iterdir())  # nothing written


def test_export_refuses_a_scores_files_name_which_would_overwrite_an_exports_scores(demo, tmp_path, capsys, monkeypatch):
    """export -o out/e.csv, then -o out/e-scores.csv, wrote responses over the first export's
    scores (and out/e-scores-scores.csv beside them)."""
    out = tmp_path / "out"
    out.mkdir()
    assert run(demo, "export", "2025/26", "-o", str(out / "e.csv")) == 0
    scores = (out / "e-scores.csv").read_bytes()
    capsys.readouterr()
    for name in ("e-scores.csv", "E-Scores.CSV", "e-scores-scores.csv"):
        assert run(demo, "export", "2025/26", "-o", str(out / name)) == 2
        assert capsys.readouterr().err == (f"iah-assess: '{name}' is the name of a scores file: the scores go to "
                                           f"FILE-scores.csv beside the responses file FILE.csv; give the responses "
                                           f"file's name, such as -o {out / name[:1]}.csv\n")
    monkeypatch.chdir(out)
    assert run(demo, "export", "2025/26", "--output=-scores.csv") == 2
    assert capsys.readouterr().err.endswith("such as -o cycle.csv\n")
    assert sorted(p.name for p in out.iterdir()) == ["e-scores.csv", "e.csv"]
    assert (out / "e-scores.csv").read_bytes() == scores
    assert run(demo, "export", "2025/26", "-o", str(out / "e-scores.json")) == 0  # a JSON export is one file


LONG_TITLE = "Регионална соработка (Западен Балкан)"
LONGER_TITLE = "Internationalisation of the curriculum at home, on campus and on line, for every student"


@pytest.mark.parametrize("beta", ["Beta", LONGER_TITLE])
def test_compare_gives_each_area_title_whole_its_scores_in_line(tmp_path, mini, capsys, beta):
    """compare cut area titles at 31 characters ("Регионална соработка (Западен Б"): the first column
    is now as wide as its longest title, and a title longer than COMPARE_TITLE_MAX is wrapped, whole,
    its scores beside its last line."""
    from iah_assess.commands import COMPARE_TITLE_MAX
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    q = mini.model_copy(update={"areas": [mini.area("alpha").model_copy(update={"title": LONG_TITLE}),
                                          mini.area("beta").model_copy(update={"title": beta})]})
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name="Универзитет „Гоце Делчев”"))
        for label, level in (("2024/25", 1), ("2025/26", 3)):
            person = ws.add_respondent(ws.create_cycle(inst.id, label, q).id, "Ана", "Rector")
            for item in q.items:
                ws.save_response(person.id, item.id, level)
    assert main(["--data-dir", str(tmp_path), "compare", "2024/25", "2025/26"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(k for k, line in enumerate(lines) if line.split() == ["2024/25", "2025/26"])
    first = min(COMPARE_TITLE_MAX, len(beta if len(beta) > len(LONG_TITLE) else LONG_TITLE)) + 2  # two spaces after it
    assert lines[header][:first].strip() == "" and lines[header][first:].split() == ["2024/25", "2025/26"]
    alpha = next(line for line in lines if line.startswith(LONG_TITLE))
    assert alpha[:first].rstrip() == LONG_TITLE and alpha[first:].split() == ["25", "75", "▲+50"]
    wrapped = [line for line in lines[header + 1:] if line[:first].strip() and line.startswith(beta.split()[0])]
    if len(beta) > COMPARE_TITLE_MAX:  # over lines of its own, whole, its scores beside its last line
        start = lines.index(wrapped[0])
        wrapped = lines[start:next(k for k in range(start, len(lines)) if lines[k][first:].strip()) + 1]
        assert len(wrapped) > 1 and all(len(line) <= COMPARE_TITLE_MAX for line in wrapped[:-1])
    assert " ".join(line[:first].strip() for line in wrapped) == beta
    assert wrapped[-1][first:].split() == ["25", "75", "▲+50"]
    # every row's scores end in the columns of the labels above them
    ends = [lines[header].index(label) + len(label) for label in ("2024/25", "2025/26")]
    rows = [line for line in lines[header + 1:header + 8] if line[first:].strip()]
    assert [line[:first].strip() for line in rows] == ["Overall index", LONG_TITLE, wrapped[-1][:first].strip(),
                                                       "At or above target", "Below target"]
    for line in rows:
        assert [line[:end].split()[-1] for end in ends] == ([str(len(q.items)), "0"] if line.startswith("Below") else
                                                             ["0", str(len(q.items))] if line.startswith("At or") else
                                                             ["25", "75"]), line
