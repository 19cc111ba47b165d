"""What the storage tests share."""

from __future__ import annotations

import pytest

from iah_assess.storage import db


@pytest.fixture
def sql_seen(monkeypatch) -> list[str]:  # noqa: ANN001
    """Every statement the connections that db opens run, in order (as SQLite's trace gives them)."""
    seen: list[str] = []
    real_connect = db._raw_connect

    def traced(path, read_only):  # noqa: ANN001, ANN202
        conn = real_connect(path, read_only)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(db, "_raw_connect", traced)
    return seen
