"""Writing a user's files (reports, exports): complete or not there, and nothing left behind (R1, R9)."""

from __future__ import annotations

import os
import time

import pytest

from iah_assess.storage.files import write_file


def _aged(path, seconds: float) -> None:  # noqa: ANN001
    path.write_bytes(b"\0" * 4096)
    os.utime(path, (time.time() - seconds, time.time() - seconds))


def test_temporary_files_a_killed_export_left_beside_its_target_go_when_it_is_written_again(tmp_path):
    """kill -9 while an export is written leaves its temporary file, as big as the export, beside it."""
    target = tmp_path / "report.pdf"
    left = tmp_path / ".report.pdf.0a1b2c3d.part"
    being_written = tmp_path / ".report.pdf.4e5f6a7b.part"  # by another window, a moment ago
    other = tmp_path / ".scores.pdf.0a1b2c3d.part"  # another file's
    mine = tmp_path / ".report.pdf.notes.part"  # not a name the writer gives
    for path, age in ((left, 120), (being_written, 5), (other, 120), (mine, 120)):
        _aged(path, age)
    write_file(target, b"%PDF-1.4 report")
    assert target.read_bytes() == b"%PDF-1.4 report"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, being_written.name, other.name, mine.name])


def test_a_folder_the_file_system_cannot_sync_is_no_error(tmp_path, monkeypatch):
    import errno
    import os

    from iah_assess.storage import files

    def refuse(fd):  # noqa: ANN001
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "fsync", refuse)
    files._fsync_dir(tmp_path)  # as on some network and FUSE file systems: the rename stands all the same

    def broken(fd):  # noqa: ANN001
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        files._fsync_dir(tmp_path)
