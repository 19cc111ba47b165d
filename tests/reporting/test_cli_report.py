"""`iah-assess report` and `iah-assess blank`, end to end."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from iah_assess.cli import build_parser, main
from tests.conftest import MINI
from tests.reporting.conftest import text_of


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    assert main(["--data-dir", str(base / "data"), "demo"]) == 0
    return base


@pytest.fixture
def data(folder, tmp_path, monkeypatch):
    """The demo data folder (shared, read only here) and a fresh folder for the output."""
    monkeypatch.setenv("IAH_ASSESS_DATA_DIR", str(folder / "data"))
    return tmp_path


def test_help_lists_report_and_blank(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert "report" in out and "blank" in out


def test_report_writes_a_reproducible_pdf(data, capsys):
    out = data / "r.pdf"
    assert main(["report", "2025/26", "-o", str(out), "--date", "2026-05-01", "--names"]) == 0
    first = out.read_bytes()
    assert main(["report", "2025/26", "-o", str(out), "--date", "2026-05-01", "--names"]) == 0
    assert out.read_bytes() == first
    assert "Wrote" in capsys.readouterr().out
    text = text_of(first)
    assert "Љубица Ѓорѓиевска" in text and "Action plan" in text
    assert [p.name for p in data.iterdir()] == ["r.pdf"]  # no temporary file left behind


def test_report_on_letter_paper_and_anonymous(data):
    out = data / "letter.pdf"
    assert main(["report", "2024/25", "--anonymous", "--paper", "letter", "-o", str(out)]) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]


def test_report_errors_are_one_line(data, capsys):
    assert main(["report", "2025/26", "--lang", "xx", "-o", str(data / "x.pdf")]) == 1
    assert "not available in 'xx'" in capsys.readouterr().err
    assert main(["report", "1999/00", "-o", str(data / "x.pdf")]) == 1
    assert "no cycle" in capsys.readouterr().err
    assert main(["report", "2025/26", "-o", str(data / "missing" / "x.pdf")]) == 1
    assert "could not write" in capsys.readouterr().err
    assert not (data / "x.pdf").exists()
    with pytest.raises(SystemExit):
        main(["report", "2025/26", "--names", "--anonymous", "-o", str(data / "x.pdf")])


def test_a_pdf_is_written_only_to_a_name_ending_in_pdf(data, capsys):
    """-o notes.txt once wrote notes.txt.pdf (and -o - a file '-.pdf'): refused now, as compare and
    export refuse a name without their endings, and the file of another kind is left alone."""
    (data / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in data.iterdir())
    assert main(["report", "2025/26", "-o", str(data / "notes.txt")]) == 2
    assert capsys.readouterr().err == "iah-assess: choose a file name ending in .pdf, not 'notes.txt', such as -o report.pdf\n"
    assert main(["blank", str(MINI), "-o", str(data / "blank")]) == 2
    assert capsys.readouterr().err == "iah-assess: choose a file name ending in .pdf, not 'blank', such as -o blank.pdf\n"
    assert (data / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in data.iterdir()) == before
    assert main(["blank", str(MINI), "-o", str(data / "blank.PDF")]) == 0  # the ending in any case
    assert (data / "blank.PDF").read_bytes()[:5] == b"%PDF-"


def test_blank_writes_the_questionnaire(data, capsys):
    out = data / "blank.pdf"
    assert main(["blank", str(MINI), "-o", str(out), "--date", "2026-05-01", "--paper", "letter"]) == 0
    assert "4 items" in capsys.readouterr().out
    assert [round(float(x)) for x in PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox[2:]] == [612, 792]
    assert "Evidence to gather" in text_of(out.read_bytes())
    assert main(["blank", str(MINI), "--lang", "zz", "-o", str(out)]) == 1


def test_the_blank_form_gives_the_content_hash_a_cycles_report_gives(data, capsys):
    from iah_assess.catalog import Catalog
    from iah_assess.storage import paths

    assert main(["demo"]) == 0
    out = data / "blank.pdf"
    assert main(["blank", "iah-core", "-o", str(out)]) == 0
    stored = Catalog(paths.user_questionnaire_dir(data)).get("iah-core").questionnaire.content_hash()
    assert main(["report", "2025/26", "-o", str(data / "report.pdf")]) == 0
    report = " ".join(text_of((data / "report.pdf").read_bytes()).split())
    blank = " ".join(text_of(out.read_bytes()).split())
    assert stored[:24] in report.replace(" ", "") and stored[:24] in blank.replace(" ", "")  # one questionnaire, one hash
