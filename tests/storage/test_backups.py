"""Daily verified backups before the first change of a day, thinned as in Anki (R5)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from iah_assess.domain.records import Institution
from iah_assess.storage import db, workspace
from iah_assess.storage.workspace import Workspace


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock(dt.datetime(2026, 3, 2, 9, 30))
    monkeypatch.setattr(workspace, "_local_now", c)
    return c


def test_the_first_change_of_a_day_is_preceded_by_a_verified_backup(tmp_path, mini, clock):
    folder = tmp_path / db.BACKUP_DIR
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name="Univerzitet Crne Gore"))  # nothing to back up yet
        assert db.backups(folder) == []
        cycle = ws.create_cycle(inst.id, "2025/26", mini)  # the first change with data: a backup first
        (first,) = db.backups(folder)
        assert first.reason == "daily" and first.made == clock.now
        with sqlite3.connect(first.path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT name FROM institution").fetchall() == [("Univerzitet Crne Gore",)]
            assert copy.execute("SELECT count(*) FROM cycle").fetchone()[0] == 0  # as it was before the change
        clock.now += dt.timedelta(hours=8)
        ws.add_respondent(cycle.id, "Đurđa", "Dean")
        assert len(db.backups(folder)) == 1  # once a day
        clock.now += dt.timedelta(days=1)
        ws.add_respondent(cycle.id, "Ana", "Dean")
        assert [b.made.date() for b in db.backups(folder)] == [dt.date(2026, 3, 3), dt.date(2026, 3, 2)]
    with Workspace.in_folder(tmp_path) as again:  # another session the same day: no second copy
        again.add_respondent(cycle.id, "Ema", "Rector")
    assert len(db.backups(folder)) == 2


def test_a_failed_backup_does_not_stop_the_change(tmp_path, mini, clock, monkeypatch, caplog):
    with Workspace.in_folder(tmp_path) as ws:
        inst = ws.save_institution(Institution(name="Full disk"))

        def no_space(*args, **kwargs):
            raise OSError(28, "No space left on device")

        real_backup = db.backup
        monkeypatch.setattr(db, "backup", no_space)
        ws.create_cycle(inst.id, "2025/26", mini)
        assert [c.label for c in ws.cycles()] == ["2025/26"]
        assert "the daily backup" in caplog.text
        # tried again, not at the very next change, but once some minutes have passed
        monkeypatch.setattr(db, "backup", real_backup)
        ws.set_state("probe", "1")
        assert db.backups(tmp_path / db.BACKUP_DIR) == []
        clock.now += workspace.BACKUP_RETRY
        ws.set_state("probe", "2")
        assert [b.reason for b in db.backups(tmp_path / db.BACKUP_DIR)] == ["daily"]


def test_a_backup_that_fails_leaves_no_half_made_file(workspace, tmp_path):
    class FailingCopy:
        def __init__(self, conn):
            self._conn = conn

        def backup(self, target):
            self._conn.backup(target)
            raise sqlite3.OperationalError("database or disk is full")

    folder = tmp_path / "copies"
    with pytest.raises(sqlite3.OperationalError):
        db.backup(FailingCopy(workspace._conn), folder, "daily")
    assert list(folder.iterdir()) == []


def test_the_backup_just_made_is_kept_after_the_clock_was_put_back(tmp_path):
    folder = tmp_path / db.BACKUP_DIR
    for day in range(1, 23):  # made while the clock ran a year ahead
        _make(folder, dt.datetime(2027, 3, day, 9, 0))
    today = _make(folder, dt.datetime(2026, 3, 2, 9, 0))
    db.thin_backups(folder, keep=today)
    assert today.exists()


def _make(folder, when: dt.datetime, reason: str = "daily"):
    folder.mkdir(exist_ok=True)
    path = folder / f"workspace-{when:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    path.write_bytes(b"copy")
    return path


def test_thinning_keeps_7_days_4_weeks_12_months_the_format_backups_and_the_newest(tmp_path):
    folder = tmp_path / db.BACKUP_DIR
    start = dt.datetime(2024, 1, 1, 12, 0)
    made = [_make(folder, start + dt.timedelta(days=n)) for n in range(800)]  # one a day for 800 days
    made.append(_make(folder, start + dt.timedelta(days=799, hours=3)))  # a second one on the last day
    old_format = _make(folder, start + dt.timedelta(days=3, minutes=1), "before-format-2")
    (folder / "notes.txt").write_text("not a backup")
    deleted = db.thin_backups(folder)
    kept = db.backups(folder)
    assert len(deleted) + len(kept) == len(made) + 1
    days = {b.made.date() for b in kept if b.reason == "daily"}
    last = (start + dt.timedelta(days=799)).date()
    assert {last - dt.timedelta(days=n) for n in range(7)} <= days  # the last 7 days
    assert kept[0].made == start + dt.timedelta(days=799, hours=3)  # the newest of all
    assert (start + dt.timedelta(days=799)) not in {b.made for b in kept}  # its older twin went
    weeks = {b.made.isocalendar()[:2] for b in kept}
    months = {(b.made.year, b.made.month) for b in kept}
    assert len(weeks) >= 4 and len(months) == 12 + 1  # 12 months, plus the January 2024 format backup
    assert old_format.exists() and (folder / "notes.txt").exists()
    assert len(kept) <= 7 + 4 + 12 + 1
    assert db.thin_backups(folder) == []  # thinning again deletes nothing


def _aged(path, seconds: float) -> None:  # noqa: ANN001
    import os
    import time

    path.write_bytes(b"\0" * 4096)
    os.utime(path, (time.time() - seconds, time.time() - seconds))


def test_the_parts_of_backups_a_killed_process_left_go_when_the_workspace_is_next_opened_for_writing(tmp_path):
    """kill -9 while a backup is made leaves its part, as big as the workspace, in the backups folder."""
    Workspace.in_folder(tmp_path).close()
    folder = tmp_path / db.BACKUP_DIR
    folder.mkdir()
    left = folder / ".workspace-20260302-093000-000000-daily.sqlite.part"
    journal = folder / ".workspace-20260302-093000-000000-daily.sqlite.part-journal"
    being_made = folder / ".workspace-20260302-093100-000000-manual.sqlite.part"
    not_ours = folder / ".notes.part"
    for path, age in ((left, 120), (journal, 120), (being_made, 5), (not_ours, 120)):
        _aged(path, age)
    Workspace.in_folder(tmp_path, read_only=True).close()  # one that only reads changes nothing
    assert left.exists()
    Workspace.in_folder(tmp_path).close()
    assert sorted(p.name for p in folder.iterdir()) == [".notes.part", being_made.name]


def test_a_backups_new_name_is_made_durable(tmp_path, monkeypatch):
    from iah_assess.storage import files

    synced = []
    monkeypatch.setattr(files, "_fsync_dir", synced.append)
    with Workspace.in_folder(tmp_path) as ws:
        made = ws.backup("manual")
    assert synced == [made.parent]


def test_backups_made_while_the_clock_ran_ahead_come_after_those_made_since_it_was_put_right(tmp_path):
    """A week with the clock a few years ahead, then put right: the newest backup is the last one
    made since, not one dated in the future, and a restore of the newest takes it."""
    from iah_assess.storage import recovery

    folder = tmp_path / "kept"
    today = dt.datetime.now().replace(microsecond=0)
    ahead = today.replace(year=today.year + 5)
    with Workspace.in_folder(tmp_path) as ws:
        ws.save_institution(Institution(name="Before"))
        db.backup(ws._conn, folder, "daily", now=today - dt.timedelta(days=20))
        for day in range(7):  # the clock ran ahead
            ws.save_institution(Institution(name=f"Ahead {day}"))
            db.backup(ws._conn, folder, "daily", now=ahead + dt.timedelta(days=day))
        for day in (2, 1):  # and was put right
            ws.save_institution(Institution(name=f"Since {day}"))
            db.backup(ws._conn, folder, "daily", now=today - dt.timedelta(days=day))
    found = db.backups(folder)
    assert [b.made for b in found] == [
        today - dt.timedelta(days=1), today - dt.timedelta(days=2), today - dt.timedelta(days=20),
        *(ahead + dt.timedelta(days=day) for day in reversed(range(7)))]  # then those dated ahead
    assert [db.dated_ahead(b) for b in found] == [False] * 3 + [True] * 7
    best, passed_over = recovery.newest_sound_backup(folder)
    assert best == found[0] and passed_over == []
    with sqlite3.connect(best.path) as copy:  # the work of the days since the clock was put right
        assert ("Since 2",) in copy.execute("SELECT name FROM institution").fetchall()
    # by the clock as it was while ahead, those are the newest: the order is the clock's
    assert db.backups(folder, now=ahead + dt.timedelta(days=7))[0].made == ahead + dt.timedelta(days=6)


def test_thinning_keeps_the_backups_dated_ahead_apart_until_the_clock_passes_them(tmp_path):
    folder = tmp_path / db.BACKUP_DIR
    today = dt.datetime(2026, 4, 13, 9, 0)
    ahead = dt.datetime(2031, 1, 1, 9, 0)
    dated_ahead = [_make(folder, ahead + dt.timedelta(days=n)) for n in range(10)]
    since = [_make(folder, today - dt.timedelta(days=n)) for n in range(16)]
    db.thin_backups(folder, keep=since[0], now=today)
    assert all(p.exists() for p in dated_ahead)  # when they were made cannot be told: kept
    assert all(p.exists() for p in since[:7])  # and the last 7 days dated rightly keep their places
    # years later, the clock past them: thinned as any others, the newest of the 10 days kept
    later = ahead + dt.timedelta(days=30)
    db.thin_backups(folder, now=later)
    assert [p.exists() for p in dated_ahead] == [False, False, False, *[True] * 7]


def test_a_backup_dated_a_few_hours_ahead_as_after_the_clocks_go_back_is_the_newest_still(tmp_path):
    """Names are in local time: after the clocks go back an hour, or a flight west, the copy made
    this morning is dated after now for some hours; it is still the newest, not one dated wrongly."""
    folder = tmp_path / db.BACKUP_DIR
    now = dt.datetime(2026, 10, 25, 2, 30)
    morning = _make(folder, now + dt.timedelta(hours=5))  # made before a flight seven time zones west
    yesterday = _make(folder, now - dt.timedelta(days=1))
    assert [b.path for b in db.backups(folder, now)] == [morning, yesterday]
    assert not any(db.dated_ahead(b, now) for b in db.backups(folder, now))
    far = _make(folder, now + db.AHEAD + dt.timedelta(hours=1))  # more than any zone or summer time moves it
    assert [b.path for b in db.backups(folder, now)] == [morning, yesterday, far]
