"""R16: one writer at a time, and the lock of a killed process does not outlive it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from iah_assess.storage.lock import WorkspaceLock

HOLD = """
import sys, time
from pathlib import Path
from iah_assess.storage.lock import WorkspaceLock
lock = WorkspaceLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


def test_a_second_holder_is_refused_until_the_first_releases(tmp_path):
    db = tmp_path / "workspace.sqlite"
    first = WorkspaceLock(db)
    assert first.acquire()
    other = subprocess.run([sys.executable, "-c", HOLD, str(db)], input="\n", capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "refused"
    first.release()
    other = subprocess.run([sys.executable, "-c", HOLD, str(db)], input="\n", capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "held"


def test_the_lock_of_a_killed_process_is_recovered(tmp_path):
    db = tmp_path / "workspace.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    mine = WorkspaceLock(db)
    assert not mine.acquire()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert mine.acquire()
    mine.release()
    holder.stdin.close()
    holder.stdout.close()


def test_a_second_app_window_opens_read_only_and_writes_again_after_the_first_closes(tmp_path):
    from iah_assess.storage.workspace import Workspace

    path = tmp_path / "workspace.sqlite"
    first = Workspace.open_single_writer(path)
    assert not first.read_only
    other = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from iah_assess.storage.workspace import Workspace; "
         "ws = Workspace.open_single_writer(Path(sys.argv[1])); print(ws.read_only, ws.read_only_reason); ws.close()",
         str(path)],
        capture_output=True, text=True, check=True,
    )
    assert other.stdout.startswith("True") and "another iah-assess window" in other.stdout
    first.set_state("k", "v")
    first.close()
    again = Workspace.open_single_writer(path)
    assert not again.read_only and again.state("k") == "v"
    again.close()


def test_a_read_only_window_takes_over_for_writing_once_the_other_has_closed(tmp_path):
    from iah_assess.storage.workspace import Workspace

    path = tmp_path / "workspace.sqlite"
    first = Workspace.open_single_writer(path)
    second = Workspace.open_single_writer(path)  # a lock of another open file: refused, as for another process
    assert second.read_only and second.waiting_for_lock
    assert not second.try_to_write()  # the first still writes
    first.set_state("k", "v")
    first.close()
    assert second.try_to_write() and not second.read_only and not second.waiting_for_lock
    second.set_state("k", "w")
    third = Workspace.open_single_writer(path)
    assert third.read_only and third.state("k") == "w"  # the second holds the lock now
    third.close()
    second.close()


def test_a_takeover_that_fails_keeps_no_lock(tmp_path, monkeypatch):
    import sqlite3

    from iah_assess.storage import db
    from iah_assess.storage.lock import WorkspaceLock as Lock
    from iah_assess.storage.workspace import Workspace

    path = tmp_path / "workspace.sqlite"
    first = Workspace.open_single_writer(path)
    second = Workspace.open_single_writer(path)
    first.close()

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(db, "connect", locked)
    assert not second.try_to_write() and second.read_only and second.waiting_for_lock
    probe = Lock(path)
    assert probe.acquire()  # the failed attempt let the lock go
    probe.release()
    monkeypatch.undo()
    assert second.try_to_write()
    second.close()


def test_a_lock_file_that_is_a_link_to_another_file_is_refused_and_that_file_left_as_it_is(tmp_path):
    """`ln -s notes.txt workspace.sqlite.lock` once had the lock empty the user's notes."""
    import pytest

    from iah_assess.storage.lock import LockFileRefused

    notes = tmp_path / "notes.txt"
    notes.write_text("Sastanak s prorektorom u petak", encoding="utf-8")
    lock = WorkspaceLock(tmp_path / "workspace.sqlite")
    lock.path.symlink_to(notes)
    with pytest.raises(LockFileRefused, match="is a link to another file") as info:
        lock.acquire()
    assert str(lock.path) in str(info.value) and "delete the link" in str(info.value)
    assert notes.read_text(encoding="utf-8") == "Sastanak s prorektorom u petak"
    lock.path.unlink()
    lock.path.symlink_to(tmp_path / "not-there.txt")  # nor does a link to nothing make a file
    with pytest.raises(LockFileRefused):
        lock.acquire()
    assert not (tmp_path / "not-there.txt").exists()
    lock.path.unlink()
    lock.path.mkdir()
    with pytest.raises(LockFileRefused, match="is a folder"):
        lock.acquire()
    assert not lock.held


def test_a_lock_file_with_another_name_too_is_locked_but_not_written(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    lock = WorkspaceLock(tmp_path / "workspace.sqlite")
    os.link(notes, lock.path)
    assert lock.acquire()
    assert notes.read_text(encoding="utf-8") == "mine"
    lock.release()


def test_a_window_or_a_command_facing_a_linked_lock_file_writes_nothing_and_says_why(tmp_path, capsys):
    from iah_assess.cli import main
    from iah_assess.storage.workspace import Workspace

    path = tmp_path / "workspace.sqlite"
    Workspace(path).close()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    (tmp_path / "workspace.sqlite.lock").symlink_to(notes)
    ws = Workspace.open_single_writer(path)
    assert ws.read_only and "is a link to another file" in ws.read_only_reason
    ws.close()
    for command in (["demo"], ["rescue", "-o", str(tmp_path / "rescued.sqlite")]):
        assert main(["--data-dir", str(tmp_path), *command]) == 1
        assert f"ock file {tmp_path / 'workspace.sqlite.lock'} is a link to another file" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "mine"


def test_a_full_disk_that_cannot_take_the_pid_still_gives_the_lock_and_lets_it_go(tmp_path, monkeypatch):
    import errno

    from iah_assess.storage import lock as lock_module

    real_write = os.write

    def no_space(fd, data):  # noqa: ANN001
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_module.os, "write", no_space)
    first = WorkspaceLock(tmp_path / "workspace.sqlite")
    assert first.acquire() and first.held  # the pid is only for whoever looks
    monkeypatch.setattr(lock_module.os, "write", real_write)
    second = WorkspaceLock(tmp_path / "workspace.sqlite")
    assert not second.acquire()
    first.release()  # and it goes: no file left open that holds it
    assert second.acquire()
    second.release()
