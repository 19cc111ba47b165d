"""The command line, end to end against a temporary data folder."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from iah_assess.cli import main
from tests.conftest import MINI


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_demo_list_and_score(data, capsys):
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0  # twice: nothing duplicated
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.count("(fictional)") == 1
    for label in ("2023/24", "2024/25", "2025/26"):
        assert out.count(label) == 1
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines["2023/24"].endswith("3 respondents")  # finalised: who answered
    assert lines["2025/26"].endswith("4 respondents, 256 of 256 answers given")  # open: how far (64 items each)
    assert main(["score", "2025/26", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["format"], result["format_version"]) == ("iah-assess/cycle-scores", 1)  # versioned as compare's, export's
    assert list(result)[:2] == ["format", "format_version"]
    assert result["cycle"] == "2025/26" and result["respondents"] in (3, 4)
    assert len(result["areas"]) == 6 and 0 < result["overall_index"] < 100
    assert result["priorities"]


def test_demo_is_deterministic(tmp_path, capsys):
    outs = []
    for n in range(2):
        assert main(["--data-dir", str(tmp_path / str(n)), "demo"]) == 0
        capsys.readouterr()
        assert main(["--data-dir", str(tmp_path / str(n)), "score", "2025/26", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        outs.append((data["overall_index"], data["areas"], data["priorities"]))
    assert outs[0] == outs[1]


def test_a_sample_cut_short_leaves_nothing_and_the_next_run_makes_it_whole(tmp_path):
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.demo import DEMO_NAME, ensure_demo
    from iah_assess.storage.workspace import Workspace

    core = load(shipped_dir() / "iah-core").questionnaire

    def killed(done: int, total: int) -> None:
        if done == 2:  # two cycles made, one finalised: then the process dies
            raise KeyboardInterrupt

    with Workspace.in_folder(tmp_path) as ws:
        with pytest.raises(KeyboardInterrupt):
            ensure_demo(ws, core, killed)
        assert ws.institutions() == [] and ws.cycles() == []
        inst = ensure_demo(ws, core)
        assert inst.name == DEMO_NAME
        assert [(c.label, c.finalised) for c in ws.cycles(inst.id)] == [("2023/24", True), ("2024/25", True), ("2025/26", False)]


def test_demo_has_cyrillic_albanian_and_serbian_latin(data):
    from iah_assess.storage.workspace import Workspace

    assert main(["demo"]) == 0
    with Workspace.in_folder(data) as ws:
        cycles = ws.cycles()
        names = {r.name for c in cycles for r in ws.respondents(c.id)}
        comments = " ".join(r.comment for c in cycles for r in ws.responses(c.id))
        assert any("Љ" in n for n in names)
        assert "ë" in comments and "ç" in comments.casefold() and "š" in comments and "đ" in comments.casefold()
        latest = cycles[-1]
        assert ws.actions(latest.id) and any(d.agreed_level is not None for d in ws.decisions(latest.id).values())
        assert [c.finalised for c in cycles] == [True, True, False]


def test_errors_are_one_line_and_non_zero(data, capsys):
    assert main(["score", "1999/00"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iah-assess:") and err.count("\n") == 1
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["score", "1999/00"]) == 1
    assert "no cycle" in capsys.readouterr().err
    assert main(["show", "no-such-questionnaire"]) == 1


def test_show_and_schema(data, capsys):
    assert main(["show", "iah-core", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown["areas"]) == 6 and shown["completeness"]["total"] > 0
    assert main(["show", str(MINI), "--lang", "xx"]) == 1
    assert "no 'xx' translation" in capsys.readouterr().err
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "iah-assess questionnaire"


def test_every_command_has_help(capsys):
    for cmd in ("gui", "validate", "schema", "show", "demo", "list", "score"):
        with pytest.raises(SystemExit) as info:
            main([cmd, "--help"])
        assert info.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_the_log_is_rotated_at_start_when_over_its_size(tmp_path):
    from iah_assess.cli import rotate_log

    log = tmp_path / "iah-assess.log"
    log.write_text("small")
    rotate_log(log, max_bytes=10)
    assert log.read_text() == "small"  # under the size: left as it is
    for run in range(5):
        log.write_text(f"run {run} " + "x" * 20)
        rotate_log(log, max_bytes=10, backups=3)
        assert not log.exists()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["iah-assess.log.1", "iah-assess.log.2", "iah-assess.log.3"]
    assert [(tmp_path / n).read_text()[:5] for n in kept] == ["run 4", "run 3", "run 2"]  # the oldest went


def test_a_command_logs_its_failure_to_the_file(tmp_path, capsys, monkeypatch):
    from iah_assess import commands

    def broken(args):  # noqa: ANN001
        raise RuntimeError("Ђ broken on purpose")

    monkeypatch.setattr(commands, "cmd_list", broken)
    assert main(["--data-dir", str(tmp_path), "list"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: Ђ broken on purpose" in err and "iah-assess.log" in err
    assert "Traceback" in (tmp_path / "iah-assess.log").read_text(encoding="utf-8")


@pytest.fixture
def own_iah_core(data):
    """A user's file with the id iah-core, a higher version and only the few items of mini."""
    folder = data / "questionnaires"
    folder.mkdir(parents=True)
    text = MINI.read_text(encoding="utf-8").replace("id: mini", "id: iah-core", 1).replace('version: "1.0"', 'version: "9.0"', 1)
    (folder / "iah-core.yaml").write_text(text, encoding="utf-8")
    return folder


def _shipped_iah_core():
    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load

    return load(shipped_dir() / "iah-core").questionnaire


def test_the_demo_is_made_on_the_shipped_questionnaire_whatever_the_users_folder_holds(data, own_iah_core, capsys):
    from iah_assess.storage.workspace import Workspace

    assert main(["show", "iah-core", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "9.0"  # by id, the newest: the user's (by design)
    assert main(["demo"]) == 0
    shipped = _shipped_iah_core()
    with Workspace.in_folder(data, read_only=True) as ws:
        cycles = ws.cycles(ws.institutions()[0].id)
        assert len(cycles) == 3 and {c.questionnaire_hash for c in cycles} == {shipped.content_hash()}


def test_the_apps_sample_is_made_on_the_shipped_questionnaire(data, own_iah_core):
    from iah_assess.cli import sample_builder
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(data) as ws:
        inst_id = sample_builder()(ws, lambda done, total: None)
        assert {c.questionnaire_hash for c in ws.cycles(inst_id)} == {_shipped_iah_core().content_hash()}


@pytest.mark.parametrize("argv", [
    [], ["gui"], ["--data-dir", "/tmp/ws"], ["--data-dir", "/tmp/ws", "gui"], ["--data-dir=/tmp/ws"],
    ["--data-dir=/tmp/ws", "gui"], ["--data-dir=", "gui"], ["--data-dir", "~/my folder/ws"],
])
def test_starting_the_app_is_read_as_the_whole_parser_reads_it(argv):
    """The short way in for starting the app gives what the whole parser would."""
    from iah_assess.cli import app_only, build_parser, cmd_gui

    quick, whole = app_only(argv), build_parser().parse_args(argv)
    assert quick is not None
    assert quick.data_dir == whole.data_dir
    assert quick.command == (whole.command or "gui") and quick.func is cmd_gui


@pytest.mark.parametrize("argv", [
    ["list"], ["gui", "x"], ["--data-dir"], ["--data-dir", "-x"], ["--data", "/tmp/ws"], ["--version"], ["-h"],
    ["gui", "--data-dir", "/tmp/ws"], ["--data-dir", "/tmp/ws", "score", "2025/26"],
])
def test_anything_else_goes_to_the_whole_parser(argv):
    from iah_assess.cli import app_only

    assert app_only(argv) is None


def test_delete_institution_asks_then_deletes_it_with_its_cycles_and_restore_brings_it_back(data, capsys):
    from iah_assess.storage import db

    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["delete-institution", "sample university of drinska dolina (fictional)"]) == 1
    assert capsys.readouterr().err == (
        "iah-assess: this would delete Sample University of Drinska Dolina (fictional) with 3 cycles (2 finalised), "
        "11 respondents, 668 answers and 12 actions; add --yes to confirm.\n")
    assert main(["delete-institution", "Nowhere University", "--yes"]) == 1
    assert "there is no institution 'Nowhere University' (known: Sample University" in capsys.readouterr().err
    assert main(["delete-institution", "Sample University of Drinska Dolina (fictional)", "--yes"]) == 0
    out = capsys.readouterr().out
    [copy] = [b for b in db.backups(data / db.BACKUP_DIR) if b.reason == db.BEFORE_DELETE]
    assert out.startswith("Deleted Sample University") and f"`iah-assess restore {copy.path.name}`" in out
    assert main(["list"]) == 0 and capsys.readouterr().out.startswith("No institutions yet.")
    assert main(["restore", copy.path.name, "--yes"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0 and "2024/25  finalised" in capsys.readouterr().out


def test_delete_cycle_asks_then_deletes_an_open_cycle_only(data, capsys, monkeypatch):
    import io

    from iah_assess.storage import db

    assert main(["demo"]) == 0
    capsys.readouterr()
    # not a terminal and no --yes: refused, saying what would go
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["delete-cycle", "2025/26"]) == 1
    err = capsys.readouterr().err
    assert "would delete cycle 2025/26 of Sample University" in err and "--yes" in err

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["delete-cycle", "2025/26"]) == 1
    out, err = capsys.readouterr()  # the question and the answer on stderr: seen with the output in a file
    assert out == "" and err.startswith("Delete cycle 2025/26 of Sample University") and err.endswith("? [y/N] Nothing was deleted.\n")
    monkeypatch.setattr("sys.stdin", Terminal(""))  # Ctrl+D at the question: no, without a traceback
    assert main(["delete-cycle", "2025/26"]) == 1
    assert capsys.readouterr().err.endswith("? [y/N] \nNothing was deleted.\n")
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["delete-cycle", "2025/26"]) == 0
    out = capsys.readouterr().out
    assert "Deleted cycle 2025/26" in out and "with 4 respondents, 256 answers" in out and "before-delete" in out
    assert "`iah-assess restore workspace-" in out and "brings it back" in out  # as for an institution
    assert [b.reason for b in db.backups(data / db.BACKUP_DIR)].count(db.BEFORE_DELETE) == 1

    assert main(["delete-cycle", "2024/25", "--yes"]) == 1  # finalised: the record stays
    assert "finalised" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["delete-cycle", "2024/25"]) == 1  # refused at once, not first offered for confirmation
    out, err = capsys.readouterr()
    assert "finalised" in err and "cannot be deleted" in err and "Delete cycle" not in out and "--yes" not in err
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "2024/25" in out and "2025/26" not in out


def test_commands_that_change_the_workspace_are_refused_try_later_while_the_app_has_it(data, capsys):
    from iah_assess.storage import db
    from iah_assess.storage.workspace import Workspace

    assert main(["demo"]) == 0
    capsys.readouterr()
    app = Workspace.open_single_writer(data / db.WORKSPACE_FILE)  # the app has it open
    try:
        for argv in (["delete-cycle", "2025/26", "--yes"], ["demo"], ["restore", "--yes"], ["rescue"]):
            assert main(argv) == 75  # EX_TEMPFAIL: a script may try again later
            # in the same words, whether the workspace (delete-cycle, demo) or the app's lock (restore, rescue) said so
            assert capsys.readouterr().err == (f"iah-assess: the workspace in {data} is open in the iah-assess app; "
                                               f"close the app, then run the command again (nothing was changed).\n"), argv
        assert main(["list"]) == 0  # reading goes on beside it
        assert "2025/26" in capsys.readouterr().out
    finally:
        app.close()
    assert main(["delete-cycle", "2025/26", "--yes"]) == 0


def test_score_json_rounds_as_the_export_does(data, capsys, tmp_path):
    from iah_assess.catalog import Catalog
    from iah_assess.domain.records import DONT_KNOW, Institution
    from iah_assess.storage import paths
    from iah_assess.storage.workspace import Workspace

    q = Catalog(paths.user_questionnaire_dir(data)).get("iah-core").questionnaire
    with Workspace.in_folder(data) as ws:
        inst = ws.save_institution(Institution("Half University"))
        cycle = ws.create_cycle(inst.id, "2025/26", q, respondents=[("A", "Rector")])
        (person,) = ws.respondents(cycle.id)
        for area in q.areas:
            for n, item in enumerate(area.items):
                lead = [2, 2, 2, 2, 2, 1, 1, 1]  # 13 of 32 on eight items: exactly 40.625
                answer = (lead[n] if n < 8 else DONT_KNOW) if area.id == "leadership" else 2
                ws.save_response(person.id, item.id, answer)
    assert main(["score", "2025/26", "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert main(["export", "2025/26", "-o", str(tmp_path / "x.json")]) == 0
    exported = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["scores"]
    assert {a["id"]: a["score"] for a in scored["areas"]}["leadership"] == 40.63  # halves up, not 40.62
    assert [a["score"] for a in scored["areas"]] == [a["score"] for a in exported["areas"]]
    assert scored["overall_index"] == exported["overall_index"]


def test_score_says_who_the_scores_rest_on_and_no_coverage_for_an_area_left_out(data, capsys):
    from iah_assess.catalog import Catalog
    from iah_assess.domain.records import Institution
    from iah_assess.storage import paths
    from iah_assess.storage.workspace import Workspace

    q = Catalog(paths.user_questionnaire_dir(data)).get("iah-core").questionnaire
    with Workspace.in_folder(data) as ws:
        inst = ws.save_institution(Institution("Univerzitet u Zenici"))
        areas = [a.id for a in q.areas if a.id != "curriculum"]
        cycle = ws.create_cycle(inst.id, "2025/26", q, areas,
                                respondents=[("Amra", "Rector"), ("Jasna", "Dean"), ("Edin", "Dean")])
        amra, jasna, _ = ws.respondents(cycle.id)
        for item in (i for a in q.areas if a.id in areas for i in a.items):
            ws.save_response(amra.id, item.id, 1)
            ws.save_response(jasna.id, item.id, 3)  # medians of 2.0, whole levels made as decimals
    assert main(["score", "2025/26"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("3 respondents (2 with answers)")  # Edin has not answered yet
    curriculum = next(line for line in out.splitlines() if "Curriculum" in line)
    assert curriculum.split()[-2:] == ["coverage", "—"]  # left out, not 0%
    assert main(["score", "2025/26", "--json"]) == 0
    priorities = json.loads(capsys.readouterr().out)["priorities"]
    assert priorities and priorities[0]["level"] == 2
    for p in priorities:  # whole levels as integers, as the exports give them
        assert all(not isinstance(p[k], float) or not p[k].is_integer() for k in ("level", "gap")), p


def test_a_file_given_as_the_data_folder_is_one_clear_line(tmp_path, capsys):
    file = tmp_path / "notes.txt"
    file.write_text("mine", encoding="utf-8")
    for command in (["list"], ["demo"], ["score", "2025/26"]):
        assert main(["--data-dir", str(file), *command]) == 1
        err = capsys.readouterr().err
        made = " (it is made if it does not exist)" if command == ["demo"] else ""  # only demo and the app make it
        assert err == f"iah-assess: the data folder {file} is a file, not a folder. Give a folder with --data-dir DIR{made}.\n"
    assert file.read_text(encoding="utf-8") == "mine"
    assert main(["--data-dir", str(file / "sub"), "demo"]) == 1
    assert capsys.readouterr().err.startswith(f"iah-assess: the data folder {file / 'sub'} is inside {file}, which is a file")
    assert main(["--data-dir", str(file), "validate", str(MINI)]) == 0  # needs no data folder
    assert main(["--data-dir", str(file), "schema"]) == 0


def test_commands_that_only_read_leave_a_missing_data_folder_missing(tmp_path, capsys, monkeypatch):
    """A mistyped --data-dir once looked like an empty workspace: "No workspace ... yet", exit 0."""
    missing = tmp_path / "nowhere"
    for argv in (["score", "2025/26"], ["list"], ["backups"], ["rescue"], ["restore"]):
        assert main(["--data-dir", str(missing), *argv]) == 1
        assert capsys.readouterr().err == f"iah-assess: there is no folder {missing}; check --data-dir.\n"
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(missing))
    assert main(["list"]) == 1
    assert capsys.readouterr().err == f"iah-assess: there is no folder {missing}; check IAH_ASSESS_DATA_DIR.\n"
    for argv in (["validate", str(MINI)], ["list", "--questionnaires"], ["show", "iah-core"]):
        assert main(argv) == 0  # no workspace needed
    capsys.readouterr()
    assert not missing.exists()
    missing.mkdir()  # there, and empty: nothing yet, as before the first start
    assert main(["list"]) == 0
    assert capsys.readouterr().out == (f"No workspace in {missing} yet. Start the app (`iah-assess`) to set up your "
                                       f"institution, or run `iah-assess demo` for the sample institution.\n")
    assert main(["--data-dir", str(missing), "demo"]) == 0 and (missing / "iah-assess.log").exists()


def test_list_questionnaires_says_when_the_user_folder_is_not_there_and_leaves_it_so(data, capsys):
    """It named <data>/questionnaires as where to put files, a folder that was not there until the
    user made it, without a word; a command that only reads does not make it."""
    folder = data / "questionnaires"
    assert main(["list", "--questionnaires"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"User questionnaires folder: {folder} (not there yet: make that folder and put your questionnaire files "
        f"in it, or open the app's New cycle page, which makes it)")
    assert not folder.exists() and not data.exists()
    folder.mkdir(parents=True)
    assert main(["list", "--questionnaires"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"User questionnaires folder: {folder}"


def test_run_as_python_dash_m_a_users_mistake_is_one_plain_line(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "iah_assess.cli", "--data-dir", str(tmp_path), "score", "2030/31"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr.startswith("iah-assess: ") and "UserError" not in out.stderr and "details in" not in out.stderr


def test_python_dash_m_iah_assess_is_the_command(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "iah_assess", "--data-dir", str(tmp_path), "list", "--questionnaires"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "iah-core" in out.stdout
    out = subprocess.run([sys.executable, "-m", "iah_assess", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("usage: iah-assess")


def test_a_command_that_writes_warns_of_a_synchronised_data_folder(tmp_path, capsys):
    folder = tmp_path / "Dropbox" / "iah"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    err = capsys.readouterr().err
    assert "warning: the data folder" in err and "a folder Dropbox keeps in sync" in err


@pytest.mark.parametrize("argv", [["--data-dir", "", "demo"], ["--data-dir=", "list"], ["--data-dir", " ", "gui"],
                                  ["--data-dir="]])
def test_an_empty_data_folder_is_an_error_not_the_default_one(tmp_path, monkeypatch, capsys, argv):
    """--data-dir "" once wrote the sample into the user's real data folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("IAH_ASSESS_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("iah_assess.cli.cmd_gui", lambda args: 0)  # were it let through, no window
    assert main(argv) == 2  # an empty argument: a usage error, as the README's exit codes say
    assert capsys.readouterr().err == ("iah-assess: --data-dir was given an empty folder name; name a folder "
                                       "(--data-dir DIR), or leave the option out for the usual one.\n")
    assert list(tmp_path.iterdir()) == []


def test_a_command_that_writes_makes_no_workspace_where_there_is_none(tmp_path, capsys):
    """delete-cycle once made an empty workspace, then said the cycle was not in it."""
    empty, missing = tmp_path / "empty", tmp_path / "missing"
    empty.mkdir()
    assert main(["--data-dir", str(empty), "delete-cycle", "2025/26", "--yes"]) == 1
    assert capsys.readouterr().err == (f"iah-assess: there is no workspace in {empty} yet; run `iah-assess demo` "
                                       f"or start the app.\n")
    assert main(["--data-dir", str(missing), "delete-cycle", "2025/26", "--yes"]) == 1
    assert capsys.readouterr().err == f"iah-assess: there is no folder {missing}; check --data-dir.\n"
    assert sorted(p.name for p in empty.iterdir()) == ["iah-assess.log"] and not missing.exists()
    assert main(["--data-dir", str(missing), "demo"]) == 0  # the one command that makes it
    assert (missing / "workspace.sqlite").is_file()


def test_an_id_is_not_taken_for_a_folder_of_that_name_where_the_command_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "iah-core").mkdir()
    assert main(["--data-dir", str(tmp_path / "data"), "demo"]) == 0
    assert main(["--data-dir", str(tmp_path / "data"), "show", "iah-core"]) == 0
    assert "(iah-core 1.1)" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "data"), "show", "./iah-core"]) == 1  # as a path: read, and refused
    assert "./iah-core is not valid (1 problem); run `iah-assess validate ./iah-core`" in capsys.readouterr().err
    assert main(["validate", "iah-core"]) == 1  # validate takes paths, bare or not


def test_a_path_too_long_is_one_clear_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long = "x" * 300
    assert main(["--data-dir", long, "list"]) == 1
    assert capsys.readouterr().err == (f"iah-assess: the data folder {long} cannot be used (File name too long). "
                                       f"Give a shorter path with --data-dir DIR.\n")
    assert main(["--data-dir", long, "validate", str(MINI)]) == 0  # needs no data folder
    capsys.readouterr()
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    for argv, name in ((["export", "2025/26", "-o"], "y" * 300 + ".csv"), (["report", "2025/26", "-o"], "y" * 300 + ".pdf"),
                       (["compare", "2024/25", "2025/26", "-o"], "y" * 300 + ".json")):
        assert main(["--data-dir", str(data), *argv, name]) == 1
        assert capsys.readouterr().err == f"iah-assess: could not write {name}: File name too long; choose a shorter name\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize(("argv", "example"), [
    (["compare", "2024/25", "2025/26"], "comparison.csv"), (["report", "2025/26"], "report.pdf"),
    (["export", "2025/26"], "cycle.csv"), (["blank", "iah-core"], "blank.pdf")])
def test_an_empty_output_file_name_is_an_error(data, capsys, argv, example):
    """compare -o "" once printed to the screen and said nothing; report -o "" said " is a folder"."""
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main([*argv, "-o", ""]) == 2  # a usage error, as any empty argument
    out, err = capsys.readouterr()
    assert err == f"iah-assess: -o needs a file name, such as -o {example}\n" and out == ""


def test_the_readmes_table_of_commands_names_every_option_each_command_offers():
    """README's `blank` row once left out the --lang and --date that `blank --help` offers."""
    import argparse
    import re

    from iah_assess.cli import build_parser

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {m[1]: m[2] for m in re.finditer(r"^\| `iah-assess ([a-z-]+)([^`]*)` \|", readme, re.MULTILINE)}
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(rows) == set(commands)
    missing = [f"{name} {action.option_strings[-1]}" for name, parser in commands.items() for action in parser._actions
               if action.option_strings and action.dest != "help"
               and not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", rows[name]) for o in action.option_strings)]
    assert missing == []


def test_an_output_name_starting_with_a_tilde_is_written_in_the_home_folder(data, capsys, tmp_path, monkeypatch):
    """-o ~/r.pdf once passed the check (which made ~ the home folder) and then failed to be written
    ("the folder ~ does not exist"); -o ~nouser/r.pdf was an internal fault (RuntimeError)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["blank", str(MINI), "-o", "~/b.pdf"]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {home / 'b.pdf'} (blank questionnaire")
    assert main(["report", "2025/26", "-o", "~/r.pdf"]) == 0
    assert main(["compare", "2024/25", "2025/26", "-o", "~/c.json"]) == 0
    assert main(["export", "2025/26", "-o", "~/e.csv"]) == 0
    assert sorted(p.name for p in home.iterdir()) == ["b.pdf", "c.json", "e-scores.csv", "e.csv", "r.pdf"]
    capsys.readouterr()
    assert main(["export", "2025/26", "-o", "~/e-scores.csv"]) == 2
    assert capsys.readouterr().err.endswith(f"such as -o {home / 'e.csv'}\n")
    for argv in (["blank", str(MINI)], ["report", "2025/26"], ["compare", "2024/25", "2025/26"], ["export", "2025/26"],
                 ["rescue"]):
        name = "x.csv" if argv[0] == "export" else "x.pdf"
        assert main([*argv, "-o", f"~nosuchuser1/{name}"]) == 2
        assert capsys.readouterr().err == (f"iah-assess: -o ~nosuchuser1/{name}: there is no user 'nosuchuser1' here, "
                                           f"so ~nosuchuser1 is no folder; give the whole path\n"), argv
    assert not list(tmp_path.glob("~*"))


def test_a_cycle_label_is_found_as_it_is_stored(data, capsys):
    """Labels are stored on one line (one_line): "2025/26 " and "2025/26\\n" are 2025/26."""
    assert main(["demo"]) == 0
    capsys.readouterr()
    for typed in ("2025/26 ", " 2025/26", "2025/26\n"):
        assert main(["score", typed]) == 0
        assert "cycle 2025/26 (open)" in capsys.readouterr().out
    assert main(["compare", "2024/25\t", "2025/26 "]) == 0
    assert main(["score", "2025 / 26"]) == 1  # within the label, spaces still count


@pytest.mark.parametrize("date", ["20260101", "2026-W01-1", "2026-W01", "2026-1-01", "2026-02-30", "２０２６-０１-０１"])
def test_a_date_is_yyyy_mm_dd_only(data, capsys, date):
    with pytest.raises(SystemExit) as info:
        main(["report", "2025/26", "-o", "x.pdf", "--date", date])
    assert info.value.code == 2 and f"'{date}' is not a date like 2026-05-01" in capsys.readouterr().err


def test_a_date_as_asked_for_is_taken():
    from iah_assess.cli import build_parser

    assert str(build_parser().parse_args(["report", "2025/26", "-o", "x.pdf", "--date", "2026-01-01"]).date) == "2026-01-01"


def test_the_samples_actions_are_owned_by_whom_they_name_and_its_comments_fit_their_areas(data):
    from iah_assess.demo import COMMENTS, owner_of
    from iah_assess.domain.records import ActionStatus
    from iah_assess.storage.workspace import Workspace

    assert owner_of("The rector asks the senior team to adopt…") == "Rector"
    assert owner_of("The vice-rector for teaching opens a call…") == "Vice-rector for teaching"
    assert owner_of("The finance office collects the figures…") == "Finance office"
    assert owner_of("The institution publishes its roadmap…") == "IaH lead"
    assert main(["demo"]) == 0
    with Workspace.in_folder(data) as ws:
        earlier, latest = ws.cycles()[-2:]
        for cycle in (earlier, latest):
            for a in ws.actions(cycle.id):  # before, "The rector asks…" was the finance director's
                assert a.owner == owner_of(a.text), (a.owner, a.text[:40])
        q = ws.cycle_questionnaire(latest)
        commented = [r for r in ws.responses(latest.id) if r.comment]
        assert commented
        for r in commented:  # about its area, and about something missing: never beside a 3 or 4
            assert r.comment in COMMENTS[q.area_of(r.item_id).id]
            assert r.answer == "dont_know" or (isinstance(r.answer, int) and r.answer <= 2), (r.answer, r.comment[:40])
        # an action of 2024/25 still open is there to be carried, not copied afresh as if it were new
        still_open = {a.item_id for a in ws.actions(earlier.id) if a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)}
        assert still_open and not still_open & {a.item_id for a in ws.actions(latest.id)}
        # nor is one done in 2024/25 planned afresh in the same words, as if it had not been done
        done = {a.text for a in ws.actions(earlier.id) if a.status is ActionStatus.DONE}
        assert done and not done & {a.text for a in ws.actions(latest.id)}
        # the years gone by were finalised at their ends, not on the day the sample was made
        assert [c.finalised_at[:10] for c in ws.cycles()[:2]] == ["2024-07-15", "2025-07-15"]
        today = dt.date.today()  # the open cycle's plan is current: one action a month late, the others to come
        assert [a.due_date < today for a in ws.actions(latest.id)] == [True] + [False] * 5


def test_an_index_on_fewer_areas_than_the_cycle_assesses_is_called_partial_as_the_app_calls_it(data, capsys):
    from iah_assess.catalog.loader import load
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(data) as ws:
        inst = ws.save_institution(Institution(name="Univerzitet u Tuzli"))
        cycle = ws.create_cycle(inst.id, "2025/26", load(MINI).questionnaire)
        rid = ws.add_respondent(cycle.id, "Arbër Çela", "Rector").id
        for item in ("a-one", "a-two"):  # Alpha only: Beta has no score
            ws.save_response(rid, item, 2)
    assert main(["list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "2025/26" in x)
    assert "index 50 (Developing, partial)" in line
    assert line.index("1 respondent") == line.index("index ") + len("index ") + 26  # the column holds it
    assert main(["score", "2025/26"]) == 0
    # in the words compare uses, and of the "Overall index" line above it
    assert "\n  The overall index is partial: 1 area without a score, the mean of the others.\n" in capsys.readouterr().out
    # and so in what scripts read: the JSON, the cycle export, the comparison in every form
    assert main(["score", "2025/26", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["index_partial"] is True
    assert main(["export", "2025/26", "-o", str(data / "e.json")]) == 0
    assert json.loads((data / "e.json").read_text(encoding="utf-8"))["scores"]["index_partial"] is True
    assert main(["export", "2025/26", "-o", str(data / "e.csv")]) == 0
    with open(data / "e-scores.csv", encoding="utf-8-sig", newline="") as fh:
        overall = next(r for r in csv.DictReader(fh) if r["kind"] == "overall")
    assert overall["status"] == "partial: 1 area without a score"
    with Workspace.in_folder(data) as ws:  # a second cycle, on both areas: its index is whole
        later = ws.create_cycle(inst.id, "2026/27", load(MINI).questionnaire)
        rid = ws.add_respondent(later.id, "Arbër Çela", "Rector").id
        for item in load(MINI).questionnaire.items:
            ws.save_response(rid, item.id, 2)
    capsys.readouterr()
    assert main(["compare", "2025/26", "2026/27"]) == 0
    out = capsys.readouterr().out
    assert "The overall index of 2025/26 is partial: 1 area without a score, the mean of the others." in out
    assert "of 2026/27 is partial" not in out
    assert main(["compare", "2025/26", "2026/27", "--json"]) == 0
    assert [c["index_partial"] for c in json.loads(capsys.readouterr().out)["cycles"]] == [True, False]
    assert main(["compare", "2025/26", "2026/27", "-o", str(data / "c.csv")]) == 0
    with open(data / "c.csv", encoding="utf-8-sig", newline="") as fh:
        status = next(r for r in csv.DictReader(fh) if r["row"] == "overall index status")
    assert (status["2025/26"], status["2026/27"]) == ("partial: 1 area without a score", "scored")


def test_damage_a_reading_command_meets_is_said_as_damage_with_the_way_out_not_as_a_fault(data, capsys, tmp_path):
    """A text damage made not UTF-8 passes the check on opening, and is met only when read."""
    import sqlite3

    from iah_assess.storage import db

    from iah_assess.storage.workspace import Workspace

    assert main(["demo"]) == 0
    file = data / db.WORKSPACE_FILE
    with Workspace.in_folder(data) as ws:
        ws.backup("manual")
    conn = sqlite3.connect(file)
    conn.execute("UPDATE institution SET name = CAST(X'C5FF41' AS TEXT)")
    conn.commit()
    conn.close()
    capsys.readouterr()
    for command in (["list"], ["score", "2025/26"], ["export", "2025/26", "-o", str(tmp_path / "x.csv")],
                    ["compare", "2024/25", "2025/26"], ["report", "2025/26", "-o", str(tmp_path / "r.pdf")]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"iah-assess: {file} is damaged: part of it cannot be read (Could not decode to UTF-8"), command
        assert "`iah-assess restore`" in err and "`iah-assess rescue`" in err and "Error" not in err
    for b in db.backups(data / db.BACKUP_DIR):  # without a backup, restore would only say there are none
        b.path.unlink()
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iah-assess: {file} is damaged") and "`iah-assess restore`" not in err
    assert err.endswith(f"There is no sound backup of it in {data / db.BACKUP_DIR} to restore; `iah-assess rescue` "
                        f"copies what can still be read from it into a new workspace file.\n")
    log = (data / "iah-assess.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "found the workspace" in log


def test_output_in_a_code_page_without_a_letter_still_reports_the_work_done(tmp_path):
    """With output in cp1252 (Windows redirected output) a deletion once raised on 'đ' after
    deleting, and never said where the copy to restore was."""
    import os
    import subprocess
    import sys

    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    with Workspace.in_folder(tmp_path) as ws:
        ws.save_institution(Institution("Univerzitet đorđe Ž"))
        ws.save_institution(Institution("Универзитет „Љубица”"))
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "IAH_ASSESS_DATA_DIR": str(tmp_path)}

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "iah_assess", *argv], capture_output=True, env=env, timeout=120)

    listed = run("list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.decode("cp1252").splitlines() == ["Univerzitet ?or?e Ž", "??????????? „??????”"]
    deleted = run("delete-institution", "Univerzitet đorđe Ž", "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert "`iah-assess restore workspace-" in deleted.stdout.decode("cp1252")


def test_json_in_a_code_page_without_a_letter_reads_back_exactly(tmp_path):
    """With output in cp1252, --json once wrote 'Љ' as '?' (exit 0): the names were lost. The
    JSON is now ASCII there, each such letter escaped, so it reads back exactly."""
    import os
    import subprocess
    import sys

    from iah_assess.catalog.loader import load
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    name = "Универзитет „Љубица” đ"
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name))
        for label in ("2024/25", "2025/26"):
            rid = ws.add_respondent(ws.create_cycle(inst.id, label, load(MINI).questionnaire).id, "Љ", "Rector").id
            for item in load(MINI).questionnaire.items:
                ws.save_response(rid, item.id, 2)
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINI.read_text(encoding="utf-8").replace("title: A small test questionnaire", f"title: {name}"),
                    encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "IAH_ASSESS_DATA_DIR": str(tmp_path)}
    for argv, read in ((["list", "--json"], lambda d: d["institutions"][0]["name"]),
                       (["score", "2025/26", "--json"], lambda d: d["institution"]),
                       (["compare", "2024/25", "2025/26", "--json"], lambda d: d["institution"]),
                       (["show", str(mine), "--json"], lambda d: d["title"])):
        out = subprocess.run([sys.executable, "-m", "iah_assess", *argv], capture_output=True, env=env, timeout=120)
        assert out.returncode == 0, out.stderr
        assert read(json.loads(out.stdout.decode("cp1252"))) == name, argv


def test_with_the_input_closed_a_deletion_or_restore_is_refused_as_without_a_terminal(data, capsys, monkeypatch):
    """`iah-assess delete-cycle 2025/26 <&-` once failed with AttributeError: Python has no stdin then."""
    assert main(["demo"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", None)
    for argv, what in ((["delete-cycle", "2025/26"], "this would delete cycle 2025/26"),
                       (["delete-institution", "Sample University of Drinska Dolina (fictional)"], "this would delete Sample"),
                       (["delete-cycle", "2025/26", "--yes"], None),  # done: a backup to restore
                       (["restore"], "restoring would put the backup")):
        if what is None:
            assert main(argv) == 0
            capsys.readouterr()
            continue
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("iah-assess: ") and what in err and err.endswith("add --yes to confirm.\n"), err


@pytest.mark.parametrize("argv", [[], ["gui"]])
def test_the_app_without_a_display_says_it_needs_a_desktop(tmp_path, capsys, monkeypatch, argv):
    """On a server (no DISPLAY, no WAYLAND_DISPLAY) Qt once aborted: "Reinstalling the application
    may fix this problem", exit 134."""
    started: list[object] = []
    monkeypatch.setattr("iah_assess.ui.app.run", lambda *a, **k: started.append(a) or 0)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["--data-dir", str(tmp_path / "data"), *argv]) == 1
    # and how to start it where there is a screen all the same (a kiosk, Wayland's default socket)
    assert capsys.readouterr().err == ("iah-assess: the app needs a desktop session, and there is no display here "
                                       "(DISPLAY and WAYLAND_DISPLAY are not set); if there is a screen, name Qt's "
                                       "platform, such as QT_QPA_PLATFORM=wayland or QT_QPA_PLATFORM=xcb (eglfs on a "
                                       "kiosk). For the command line, see `iah-assess --help`.\n")
    assert not started and not (tmp_path / "data").exists()
    for platform, env in (("linux", {"QT_QPA_PLATFORM": "offscreen"}), ("linux", {"DISPLAY": ":0"}),
                          ("linux", {"QT_QPA_PLATFORM": "wayland"}), ("linux", {"QT_QPA_PLATFORM": "eglfs"}),
                          ("linux", {"WAYLAND_DISPLAY": "wayland-0"}), ("win32", {}), ("darwin", {})):
        monkeypatch.setattr("sys.platform", platform)
        with monkeypatch.context() as m:
            for name, value in env.items():
                m.setenv(name, value)
            assert main(["--data-dir", str(tmp_path / "data"), *argv]) == 0
    assert len(started) == 7


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="a disk that is always full: Linux's /dev/full")
def test_output_to_a_full_disk_is_one_plain_line(data, tmp_path):
    """`iah-assess list > /dev/full` once printed a raw OSError."""
    import subprocess
    import sys

    assert main(["demo"]) == 0
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "iah_assess", "list"], stdout=full, stderr=subprocess.PIPE,
                             text=True, timeout=120)
    assert (out.returncode, out.stderr) == (1, "iah-assess: could not write the output: no space left on the device.\n")


def test_ctrl_c_before_the_command_runs_is_exit_130_without_a_traceback(data, monkeypatch):
    import subprocess
    import sys

    # Ctrl+C while the modules load: a finder that is asked for one of them is interrupted
    interrupt = ("import sys\n"
                 "class Interrupted:\n"
                 "    def find_spec(self, name, *rest):\n"
                 "        if name == 'iah_assess.storage':\n"
                 "            raise KeyboardInterrupt\n"
                 "sys.meta_path.insert(0, Interrupted())\n"
                 "sys.argv[1:] = ['list']\n"
                 "import iah_assess.__main__\n")
    out = subprocess.run([sys.executable, "-c", interrupt], capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stderr) == (130, "")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("iah_assess.cli.build_parser", interrupted)  # while the arguments are read
    assert main(["list"]) == 130


def test_a_workspace_damaged_on_opening_without_a_backup_is_sent_to_rescue_not_restore(data, capsys):
    from iah_assess.storage import db

    assert main(["demo"]) == 0
    file = data / db.WORKSPACE_FILE
    with open(file, "r+b") as f:
        f.truncate(file.stat().st_size // 2)
    capsys.readouterr()
    for command in (["list"], ["score", "2025/26"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"iah-assess: {file} cannot be read as a workspace") and "`iah-assess restore`" not in err
        assert "`iah-assess rescue` copies what can still be read" in err


def test_damage_is_sent_to_rescue_whatever_form_the_data_folder_is_given_in(data, capsys, monkeypatch):
    """The ways out were chosen by comparing the message with one made for the data folder as
    given: a folder given as a relative path, or with a '.' in it, missed, and restore was offered
    with no backup to restore."""
    from iah_assess.storage import db

    assert main(["demo"]) == 0
    file = data / db.WORKSPACE_FILE
    with open(file, "r+b") as f:
        f.truncate(file.stat().st_size // 2)
    monkeypatch.chdir(data.parent)
    capsys.readouterr()
    for given in (data.name, f"./{data.name}/.", str(data) + "/"):
        assert main(["--data-dir", given, "list"]) == 1
        err = capsys.readouterr().err
        assert "`iah-assess restore`" not in err and "`iah-assess rescue` copies what can still be read" in err, given


def test_a_file_in_a_folder_that_is_not_there_is_refused_with_the_fix_before_any_work(data, capsys, tmp_path):
    assert main(["demo"]) == 0
    capsys.readouterr()
    missing = tmp_path / "nodir"
    for argv, name in ((["report", "2025/26"], "r.pdf"), (["export", "2025/26"], "r.csv"), (["blank", "iah-core"], "b.pdf"),
                       (["compare", "2024/25", "2025/26"], "c.json")):
        assert main([*argv, "-o", str(missing / name)]) == 1
        assert capsys.readouterr().err == (f"iah-assess: could not write {missing / name}: the folder {missing} does not "
                                           f"exist; create it or give another -o\n")
    assert not missing.exists()


def test_a_cycle_is_found_as_an_institution_is_and_what_is_wrong_is_said_with_what_there_is(data, capsys):
    """Labels once matched only exactly while names match whatever the case; a cycle the institution
    does not have, or one several have, was said without saying what there is."""
    import unicodedata

    from iah_assess.catalog import Catalog
    from iah_assess.domain.records import Institution
    from iah_assess.storage import paths
    from iah_assess.storage.workspace import Workspace

    q = Catalog(paths.user_questionnaire_dir(data)).get("iah-core").questionnaire
    with Workspace.in_folder(data) as ws:
        first = ws.save_institution(Institution("Универзитет „Љубица”"))
        ws.create_cycle(first.id, "Пилот 2025", q)
        ws.create_cycle(first.id, "2024/25", q)
        second = ws.save_institution(Institution("Universiteti Çlirim"))
        ws.create_cycle(second.id, "2024/25", q)
        ws.create_cycle(second.id, "Déjà 2025", q)
    for typed in ("пилот 2025", "ПИЛОТ 2025"):
        assert main(["score", typed]) == 0
        assert "cycle Пилот 2025 (open)" in capsys.readouterr().out
    assert main(["score", unicodedata.normalize("NFD", "déjà 2025"), "--institution", "universiteti çlirim"]) == 0
    assert "cycle Déjà 2025 (open)" in capsys.readouterr().out
    assert main(["score", "2025/26", "--institution", "Universiteti Çlirim"]) == 1
    assert capsys.readouterr().err == "iah-assess: Universiteti Çlirim has no cycle '2025/26'; its cycles: 2024/25, Déjà 2025\n"
    assert main(["score", "2024/25"]) == 1
    assert capsys.readouterr().err == ("iah-assess: several institutions have a cycle '2024/25': Универзитет „Љубица”; "
                                       "Universiteti Çlirim; add --institution NAME\n")
    assert main(["score", "2024/25", "--institution", "Nowhere"]) == 1
    assert capsys.readouterr().err == ("iah-assess: there is no institution 'Nowhere' (known: Universiteti Çlirim; "
                                       "Универзитет „Љубица”)\n")


@pytest.mark.parametrize(("argv", "ends", "example"), [
    (["report", "2025/26"], ".pdf", "report.pdf"), (["blank", "iah-core"], ".pdf", "blank.pdf"),
    (["export", "2025/26"], ".csv or .json", "cycle.csv"), (["compare", "2024/25", "2025/26"], ".csv, .json or .pdf", "comparison.csv")])
def test_an_output_name_without_the_right_ending_is_refused_alike_by_every_command(data, capsys, tmp_path, monkeypatch, argv,
                                                                                    ends, example):
    """report -o out/r.txt once wrote out/r.txt.pdf, and -o - a file named '-.pdf'."""
    assert main(["demo"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    for name in ("r.txt", "r", "-"):
        assert main([*argv, "-o", name]) == 2  # a usage error, as the README's exit codes say
        err = capsys.readouterr().err
        if name == "-":
            assert err == f"iah-assess: -o - (the standard output) is not offered; give a file name ending in {ends}, such as -o {example}\n"
        else:
            assert err == f"iah-assess: choose a file name ending in {ends}, not '{name}', such as -o {example}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize(("argv", "said"), [
    (["validate", ""], "validate: error: argument PATH: is empty; give a questionnaire file or folder"),
    (["show", " "], "show: error: argument QUESTIONNAIRE: is empty; give an id such as iah-core, or a file or folder"),
    (["restore", ""], "restore: error: argument BACKUP: is empty; give a backup's file name, or leave it out for the newest sound one"),
    (["score", ""], "score: error: argument CYCLE: is empty; give a cycle label, such as 2025/26"),
    (["compare", "2024/25", ""], "compare: error: argument CYCLE: is empty; give a cycle label, such as 2024/25"),
    (["score", "2025/26", "--institution", ""], "score: error: argument --institution: is empty; give an institution's name"),
    (["delete-institution", ""], "delete-institution: error: argument NAME: is empty; give the institution's name, as "
                                 "`iah-assess list` shows it")])
def test_an_empty_argument_is_a_usage_error_saying_what_to_give(tmp_path, monkeypatch, capsys, argv, said):
    """validate "" once checked the current folder; show "" and restore "" said garbled things."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path), *argv])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(f"\niah-assess {said}\n")


def test_an_invalid_questionnaire_is_one_line_for_blank_as_for_show(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    for argv in (["blank", "bad.yaml", "-o", "x.pdf"], ["show", "bad.yaml"]):
        assert main(["--data-dir", str(tmp_path / "data"), *argv]) == 1
        out, err = capsys.readouterr()
        assert err.startswith("iah-assess: bad.yaml is not valid (") and err.endswith("run `iah-assess validate bad.yaml`\n")
        assert err.count("\n") == 1 and out == ""


def test_a_finalised_cycle_is_refused_naming_the_way_there_is(data, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["delete-cycle", "2024/25", "--yes"]) == 1
    assert capsys.readouterr().err == (
        "iah-assess: Cycle 2024/25 is finalised: it is the record of Sample University of Drinska Dolina (fictional) and "
        "cannot be deleted on its own. `iah-assess delete-institution` deletes an institution with all its cycles.\n")


def test_the_help_says_what_every_option_is_and_that_demo_is_safe_twice(capsys):
    from iah_assess.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse keeps them only there
    for name, sub in commands.items():
        for action in sub._actions:  # noqa: SLF001
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    assert "safe to run twice" in " ".join(capsys.readouterr().out.split())


def test_list_and_compare_columns_line_up_whatever_the_labels_and_statuses(data, capsys):
    """Labels over ten letters (Cyrillic ones too) pushed list's columns along, and "not enough
    answers" overflowed compare's twelve-letter column."""
    from iah_assess.catalog import Catalog
    from iah_assess.domain.records import Institution
    from iah_assess.storage import paths
    from iah_assess.storage.workspace import Workspace

    q = Catalog(paths.user_questionnaire_dir(data)).get("iah-core").questionnaire
    with Workspace.in_folder(data) as ws:
        inst = ws.save_institution(Institution("Универзитет „Љубица”"))
        for label in ("2024/25", "2026/27 — пилот"):
            cycle = ws.create_cycle(inst.id, label, q, respondents=[("Љубица", "Dean")])
            (person,) = ws.respondents(cycle.id)
            for area in q.areas[: 6 if label == "2024/25" else 5]:  # the last area unanswered in the pilot
                for item in area.items:
                    ws.save_response(person.id, item.id, 2)
    assert main(["list"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == 2 and len({row.index(" open") if " open" in row else row.index(" finalised") for row in rows}) == 1
    assert len({row.index("iah-core") for row in rows}) == 1 and len({row.index("respondent") for row in rows}) == 1
    assert main(["compare", "2024/25", "2026/27 — пилот"]) == 0
    out = capsys.readouterr().out.splitlines()
    header = next(line for line in out if line.lstrip().startswith("2024/25"))
    last = q.areas[5].title
    row = next(line for line in out if line.startswith(last))
    assert row.rstrip().endswith("not enough answers")  # each column's entries end where its label ends
    assert row.index("not enough answers") + len("not enough answers") == header.index("2026/27 — пилот") + len("2026/27 — пилот")
    for line in out[3:3 + 2 + len(q.areas)]:  # the overall index and the areas, in the first column
        first = line[32:].split()[0]
        assert line.index(first, 32) + len(first) == header.index("2024/25") + len("2024/25"), line


def test_list_json_gives_scripts_what_the_text_lists(data, capsys):
    """A yearly export script had to read list's fixed-width text: the same is now a versioned
    JSON document, each cycle with its index as the other JSON formats round it."""
    from iah_assess.catalog.loader import load
    from iah_assess.domain.records import Institution
    from iah_assess.storage.workspace import Workspace

    data.mkdir()
    assert main(["list", "--json"]) == 0  # no workspace yet: the document, empty
    assert json.loads(capsys.readouterr().out) == {"format": "iah-assess/list", "format_version": 1, "institutions": []}
    assert main(["demo"]) == 0
    mini = load(MINI).questionnaire
    with Workspace.in_folder(data) as ws:
        inst = ws.save_institution(Institution(name="Универзитет „Св. Кирил и Методиј”", country="Северна Македонија"))
        cycle = ws.create_cycle(inst.id, "2025/26", mini)
        rid = ws.add_respondent(cycle.id, "Љубица", "Rector").id
        ws.add_respondent(cycle.id, "Arbër Çela", "Dean")
        for item in ("a-one", "a-two"):  # Alpha only: Beta has no score
            ws.save_response(rid, item, 2)
        sample = ws.cycle_result(ws.cycles()[0].id).index
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["format"] == "iah-assess/list" and listed["format_version"] == 1
    demo, ours = listed["institutions"]
    assert demo["name"] == "Sample University of Drinska Dolina (fictional)" and demo["city"] == "Drinska Dolina"
    assert [(c["label"], c["status"], c["respondents"], c["answers"]) for c in demo["cycles"]] == [
        ("2023/24", "finalised", 3, None), ("2024/25", "finalised", 4, None),
        ("2025/26", "open", 4, {"given": 256, "expected": 256})]
    first = demo["cycles"][0]
    assert first["overall_index"] == round(sample, 2) and first["band"] == "Initial" and first["index_partial"] is False
    assert first["questionnaire"]["id"] == "iah-core" and first["questionnaire"]["version"] == "1.1"
    assert (ours["name"], ours["country"], ours["city"]) == ("Универзитет „Св. Кирил и Методиј”", "Северна Македонија", "")
    (cycle,) = ours["cycles"]
    assert cycle == {"label": "2025/26", "status": "open",
                     "questionnaire": {"id": mini.id, "version": mini.version, "hash": mini.content_hash()},
                     "respondents": 2, "overall_index": 50.0, "band": "Developing", "index_partial": True,
                     "answers": {"given": 2, "expected": 2 * len(mini.items)}}
    assert main(["list"]) == 0  # the same as the text says it
    line = next(x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("2025/26") and "partial" in x)
    assert line.endswith(f"2 respondents, 2 of {2 * len(mini.items)} answers given")


def test_list_questionnaires_json_names_each_questionnaire_and_each_file_that_cannot_be_used(data, capsys):
    import shutil

    from iah_assess.catalog import shipped_dir
    from iah_assess.catalog.loader import load
    from iah_assess.storage import paths

    folder = paths.user_questionnaire_dir(data)
    folder.mkdir(parents=True)
    shutil.copy(MINI, folder / "mini.yaml")
    (folder / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    assert main(["list", "--questionnaires", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["format"] == "iah-assess/questionnaire-list" and listed["format_version"] == 1
    assert listed["user_folder"] == str(folder)
    mini = load(MINI).questionnaire
    assert listed["questionnaires"] == [
        {"id": "iah-core", "version": load(shipped_dir() / "iah-core").questionnaire.version,
         "title": "Internationalisation at Home self-assessment", "path": str(shipped_dir() / "iah-core"), "source": "shipped",
         "notes": []},
        {"id": mini.id, "version": mini.version, "title": mini.title, "path": str(folder / "mini.yaml"), "source": "user",
         "notes": []}]
    (bad,) = listed["unusable"]
    assert bad["path"] == str(folder / "broken.yaml") and len(bad["problems"]) == 1
    assert bad["problems"][0].startswith(f"{folder / 'broken.yaml'}:2: ")
    assert not (data / "workspace.sqlite").exists()


def test_show_and_blank_count_one_item_in_the_singular(tmp_path, capsys):
    """show said "[beta, optional, 1 items]", and blank "(blank questionnaire mini 1.0, 1 items)"."""
    text = MINI.read_text(encoding="utf-8")
    one = text[:text.index("      - id: b-two")]  # Beta keeps b-one only
    assert "b-two" not in one and "b-one" in one
    (tmp_path / "one.yaml").write_text(one, encoding="utf-8")
    assert main(["show", str(tmp_path / "one.yaml")]) == 0
    out = capsys.readouterr().out
    assert "\nAlpha [alpha, required, 2 items]\n" in out and "\nBeta [beta, optional, 1 item]\n" in out
    only = text[:text.index("      - id: a-two")]  # Alpha with a-one only, and no Beta: blank said "1 items" too
    (tmp_path / "only.yaml").write_text(only, encoding="utf-8")
    assert main(["blank", str(tmp_path / "only.yaml"), "-o", str(tmp_path / "b.pdf")]) == 0
    assert capsys.readouterr().out == f"Wrote {tmp_path / 'b.pdf'} (blank questionnaire mini 1.0, 1 item)\n"
