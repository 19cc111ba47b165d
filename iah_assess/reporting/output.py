"""Writing a finished PDF to disk so that a crash never leaves half a file under the real name,
and the name it goes under."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pdf_file(path: Path | str) -> Path:
    """The file a PDF is written to: the name as given when it ends in .pdf, else with .pdf added
    ("report" and "report.txt" become "report.pdf" and "report.txt.pdf"), so that a PDF always
    opens as one and never takes the place of a file of another kind."""
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def write_atomically(path: Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder, fsync it, then rename it over `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the platform allows it
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return path
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return path
