"""The connection factory, migrations, read-only opening and backups."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from iah_assess.domain.records import Institution
from iah_assess.storage import db
from iah_assess.storage.workspace import ReadOnlyWorkspace, Workspace


def test_every_connection_has_the_safe_settings(tmp_path):
    opened = db.connect(tmp_path / "w.sqlite")
    c = opened.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert c.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    c.close()


def test_a_connection_to_a_backup_or_a_copy_has_the_factorys_safe_settings_too(tmp_path):
    """A backup chosen by its path may come from anywhere: read with SQLite's advice for such files."""
    db.connect(tmp_path / "w.sqlite").conn.close()
    opened = db.connect(tmp_path / "w.sqlite", read_only=True).conn
    for conn in (opened, db.open_sqlite(tmp_path / "w.sqlite", "mode=ro&immutable=1"), db.open_sqlite(":memory:")):
        assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert conn.execute("PRAGMA cell_size_check").fetchone()[0] == 1
        assert tuple(conn.execute("PRAGMA mmap_size").fetchone() or (0,)) == (0,)  # ":memory:" has none to say
        assert {limit: conn.getlimit(limit) for limit in db.LIMITS} == db.LIMITS
        with pytest.raises(sqlite3.OperationalError, match="too many attached"):
            conn.execute("ATTACH ':memory:' AS other")
        conn.close()


def test_sqlite_is_opened_only_through_the_factory():
    """R3: every connection gets the safe settings, because only db.open_sqlite connects."""
    import re

    package = Path(db.__file__).parents[1]
    found = {str(path.relative_to(package)): len(re.findall(r"sqlite3\s*\.\s*connect\s*\(", path.read_text(encoding="utf-8")))
             for path in package.rglob("*.py")}
    assert {name: n for name, n in found.items() if n} == {str(Path("storage") / "db.py"): 1}
    assert not [path for path in package.rglob("*.py") if re.search(r"from\s+sqlite3\s+import", path.read_text(encoding="utf-8"))]


def test_a_file_from_a_newer_version_opens_read_only(tmp_path):
    path = tmp_path / "w.sqlite"
    Workspace(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    raw.close()
    before = path.read_bytes()
    ws = Workspace(path)
    assert ws.read_only and "newer version" in ws.read_only_reason
    with pytest.raises(ReadOnlyWorkspace):
        ws.add_respondent(1, "x", "Dean")
    ws.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("number", [-3, 0, db.SCHEMA_VERSION + db.FORMATS_AHEAD + 1, 2**31 - 1])
def test_a_format_number_no_version_gives_is_damage_not_an_older_or_newer_format(tmp_path, number):
    path = tmp_path / "w.sqlite"
    with Workspace(path) as ws:
        ws.save_institution(Institution(name="Univerzitet u Tuzli"))
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {number}")  # as damage to the header's four bytes leaves it
    raw.close()
    before = path.read_bytes()
    with pytest.raises(db.WorkspaceDamaged, match=rf"header is damaged \(format number {number}\)"):
        Workspace(path)  # before, -3 and 0 ran the migrations again, and failed saying to free disk space
    assert path.read_bytes() == before and not (tmp_path / db.BACKUP_DIR).exists()


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t(x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(db.NotAWorkspace):
        db.connect(path)
    assert path.read_bytes() == before


def test_a_damaged_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "w.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    before = path.read_bytes()
    with pytest.raises(db.WorkspaceDamaged) as info:
        db.connect(path)
    assert "backup" in str(info.value)
    assert path.read_bytes() == before


def _workspace_with_a_probe(path: Path) -> int:
    """A workspace at the current format holding one value; its format."""
    ws = Workspace(path)
    ws.set_state("probe", "kept")
    ws.close()
    return db.SCHEMA_VERSION


def test_migration_runs_after_a_verified_backup_and_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    current = _workspace_with_a_probe(path)  # then pretend a next format exists

    def broken_step(conn):
        conn.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("the migration failed half-way")

    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, broken_step])
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS) + 1)
    with pytest.raises(RuntimeError):
        db.connect(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == current
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    raw.close()
    backups = list((tmp_path / "backups").glob("*.sqlite"))
    assert len(backups) == 1
    check = sqlite3.connect(backups[0])
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT value FROM ui_state WHERE key='probe'").fetchone()[0] == "kept"
    check.close()

    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS[:current], lambda conn: conn.execute("CREATE TABLE vnext(x)")])
    monkeypatch.setattr(db, "SCHEMA_VERSION", current + 1)
    opened = db.connect(path)
    assert opened.conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    opened.conn.close()
    opened = db.connect(path)  # running again changes nothing
    assert opened.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'vnext'").fetchone()[0] == 1
    opened.conn.close()


def test_backup_copy_is_verified_and_complete(workspace):
    workspace.set_state("k", "v")
    copy = workspace.backup("test")
    raw = sqlite3.connect(copy)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert raw.execute("SELECT value FROM ui_state").fetchone()[0] == "v"
    raw.close()


def _read_only_folder(monkeypatch):
    """As on a read-only disk: nothing may be written, and SQLite cannot make a WAL file's -shm."""
    real = db._connect_uri
    monkeypatch.setattr(db, "unwritable", lambda path: True)
    monkeypatch.setattr(db, "read_only_disk", lambda path: True)

    def connect_uri(path, query):
        if "immutable" not in query:
            raise sqlite3.OperationalError("unable to open database file")
        return real(path, query)

    monkeypatch.setattr(db, "_connect_uri", connect_uri)


def test_a_workspace_in_a_folder_no_one_may_write_to_opens_read_only_and_says_why(tmp_path, monkeypatch):
    from iah_assess.domain.records import Institution

    path = tmp_path / "w.sqlite"
    with Workspace(path) as ws:
        ws.save_institution(Institution(name="Univerzitet u Tuzli"))
    _read_only_folder(monkeypatch)
    for ws in (Workspace(path), Workspace.open_single_writer(path)):
        assert ws.read_only and ws.read_only_reason.startswith(f"The data folder {tmp_path} cannot be written to")
        assert [i.name for i in ws.institutions()] == ["Univerzitet u Tuzli"]  # not "damaged"
        ws.close()


def test_changes_waiting_in_a_wal_file_that_cannot_be_merged_are_named(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    Workspace(path).close()
    (tmp_path / "w.sqlite-wal").write_bytes(b"changes")
    _read_only_folder(monkeypatch)
    with pytest.raises(db.WorkspaceError, match="w.sqlite-wal beside it holds changes not yet merged") as info:
        Workspace(path)
    assert not isinstance(info.value, db.WorkspaceDamaged)


def test_a_folder_only_others_may_write_to_is_not_read_without_locks(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    Workspace(path).close()
    _read_only_folder(monkeypatch)
    monkeypatch.setattr(db, "read_only_disk", lambda path: False)  # colleagues may still write there
    with pytest.raises(db.WorkspaceError, match="Ask for write access") as info:
        Workspace(path)
    assert not isinstance(info.value, db.WorkspaceDamaged)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="needs a user that permissions stop")
def test_a_real_read_only_folder_opens_read_only(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    Workspace(folder / "w.sqlite").close()
    (folder / "w.sqlite").chmod(0o444)
    folder.chmod(0o555)
    try:
        with Workspace(folder / "w.sqlite") as ws:
            assert ws.read_only and "cannot be written to" in ws.read_only_reason
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="POSIX permissions")
def test_a_folder_no_one_may_write_to_counts_as_fixed_and_one_others_may_write_to_does_not(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)  # no write permission for anyone: nothing can change the workspace there
    try:
        assert db.read_only_disk(folder / "w.sqlite")
    finally:
        folder.chmod(0o775)  # colleagues in the group may write: it may change under a reader
    assert not db.read_only_disk(folder / "w.sqlite")


def test_an_upgrade_whose_copy_cannot_be_made_says_so_and_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    current = _workspace_with_a_probe(path)

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "backup", disk_full)
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, lambda conn: conn.execute("CREATE TABLE vnext(x)")])
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS))
    with pytest.raises(db.WorkspaceError) as err:
        db.connect(path)
    message = str(err.value)
    assert str(path) in message and "database or disk is full" in message and "Nothing in the workspace was changed" in message
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == current
    raw.close()


def test_opening_checks_the_file_in_full_once_a_week_and_quickly_otherwise(tmp_path, sql_seen):
    import datetime as dt

    path = tmp_path / "w.sqlite"
    Workspace(path).close()  # made new: nothing to check yet
    checks = sql_seen

    def opened_with() -> str:
        checks.clear()
        db.connect(path).conn.close()
        return next(c for c in checks if c.startswith(("PRAGMA integrity_check", "PRAGMA quick_check")))

    assert opened_with() == "PRAGMA integrity_check"  # never checked in full yet
    assert opened_with() == "PRAGMA quick_check"  # the week has not passed
    raw = db.open_plain(path)
    raw.execute("UPDATE ui_state SET value = ? WHERE key = ?", ((dt.date.today() - dt.timedelta(days=7)).isoformat(), db.FULL_CHECK_KEY))
    raw.close()
    assert opened_with() == "PRAGMA integrity_check"
    raw = db.open_plain(path)
    raw.execute("UPDATE ui_state SET value = ? WHERE key = ?", ((dt.date.today() + dt.timedelta(days=30)).isoformat(), db.FULL_CHECK_KEY))
    raw.close()
    assert opened_with() == "PRAGMA integrity_check"  # a clock put back since: not a month of no checks
    assert opened_with() == "PRAGMA quick_check"
    checks.clear()
    db.connect(path, read_only=True).conn.close()  # a reader never does the week's full check (it cannot record it)
    assert "PRAGMA quick_check" in checks
