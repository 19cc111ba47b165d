"""The name a finished PDF goes under (storage.files writes it)."""

from __future__ import annotations

from pathlib import Path


def pdf_file(path: Path | str) -> Path:
    """The file a PDF is written to: the name as given when it ends in .pdf, else with .pdf added
    ("report" and "report.txt" become "report.pdf" and "report.txt.pdf"), so that a PDF always
    opens as one and never takes the place of a file of another kind."""
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
