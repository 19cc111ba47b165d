"""An acknowledged save survives the process being killed at any moment."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time

from iah_assess.domain.records import Institution
from iah_assess.storage.workspace import Workspace

ROUNDS = 200


def _child(folder, respondent_id: int, start: int, ack_fd: int) -> None:
    ws = Workspace.in_folder(folder)
    n = start
    while True:
        ws.save_response(respondent_id, f"item-{n}", n % 5, f"comment {n} " + "č" * (n % 50))
        os.write(ack_fd, n.to_bytes(4, "little"))  # acknowledged: save_response returned
        n += 1


def test_kill_9_during_saves_loses_nothing_acknowledged(tmp_path, mini):
    ws = Workspace.in_folder(tmp_path)
    inst = ws.save_institution(Institution(name="Crash test"))
    cycle = ws.create_cycle(inst.id, "2025/26", mini)
    respondent = ws.add_respondent(cycle.id, "Writer", "Dean")
    ws.close()
    rng = random.Random(7)
    acknowledged: set[int] = set()
    next_start = 0
    for _ in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child saves until it is killed
            os.close(read_fd)
            try:
                _child(tmp_path, respondent.id, next_start, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        wanted = rng.randint(0, 6)
        got = 0
        buf = b""
        while got < wanted:
            chunk = os.read(read_fd, 4096)
            if not chunk:
                break
            buf += chunk
            got = len(buf) // 4
        # a random extra moment, so that the kill lands anywhere inside the next save
        until = time.perf_counter() + rng.random() * 0.004
        while time.perf_counter() < until:
            pass
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 4096):
            buf += chunk
        os.close(read_fd)
        acks = [int.from_bytes(buf[i : i + 4], "little") for i in range(0, len(buf) - len(buf) % 4, 4)]
        acknowledged.update(acks)
        next_start = (max(acks) + 2) if acks else next_start + 1

    raw = sqlite3.connect(tmp_path / "workspace.sqlite")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {
        int(item.removeprefix("item-")): comment
        for item, comment in raw.execute("SELECT item_id, comment FROM response WHERE respondent_id = ?", (respondent.id,))
    }
    raw.close()
    missing = acknowledged - set(stored)
    assert not missing, f"acknowledged saves lost: {sorted(missing)[:10]}"
    for n in acknowledged:
        assert stored[n] == f"comment {n} " + "č" * (n % 50)
    assert len(acknowledged) > ROUNDS  # the harness really saved and killed many times


def test_the_harness_detects_a_naive_writer(tmp_path):
    """A plain truncate-and-write file does break under kill -9: the harness can see damage."""
    target = tmp_path / "naive.txt"
    rng = random.Random(3)
    broken = 0
    for _ in range(40):
        pid = os.fork()
        if pid == 0:
            payload = ("x" * 200_000 + "\n").encode()
            while True:
                with open(target, "wb") as fh:
                    fh.write(payload[: len(payload) // 2])
                    fh.flush()
                    fh.write(payload[len(payload) // 2 :])
        until = time.perf_counter() + 0.002 + rng.random() * 0.01
        while time.perf_counter() < until:
            pass
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if target.exists() and not target.read_bytes().endswith(b"\n"):
            broken += 1
    assert broken > 0
