"""Where the workspace lives: --data-dir, then the environment variable, then the platform's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from iah_assess.storage import paths

HOME = Path("/home/ana")


def test_the_override_wins_then_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert paths.data_dir(tmp_path / "given") == tmp_path / "given"
    assert paths.data_dir() == tmp_path / "from-env"
    assert paths.data_dir("~/x") == Path.home() / "x"


@pytest.mark.parametrize(("platform", "environ", "expected"), [
    ("win32", {"LOCALAPPDATA": r"C:\Users\ana\AppData\Local"}, Path(r"C:\Users\ana\AppData\Local") / "iah-assess"),
    ("win32", {}, HOME / "AppData" / "Local" / "iah-assess"),
    ("darwin", {"XDG_DATA_HOME": "/ignored"}, HOME / "Library" / "Application Support" / "iah-assess"),
    ("linux", {"XDG_DATA_HOME": "/data/ana"}, Path("/data/ana/iah-assess")),
    ("linux", {"XDG_DATA_HOME": "  "}, HOME / ".local" / "share" / "iah-assess"),
    ("linux", {}, HOME / ".local" / "share" / "iah-assess"),
    ("freebsd13", {}, HOME / ".local" / "share" / "iah-assess"),
])
def test_the_platform_folder(platform, environ, expected):
    assert paths.user_data_dir(platform, environ, HOME) == expected


@pytest.mark.parametrize("xdg", [None, "xdg-data"])
def test_the_folder_is_where_earlier_versions_put_it(monkeypatch, tmp_path, xdg):
    """Earlier versions asked platformdirs; a user's workspace must be found in the same place."""
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / xdg))
    assert paths.data_dir() == Path(platformdirs.user_data_dir("iah-assess", appauthor=False))


@pytest.mark.parametrize(("folder", "environ", "mounts", "risk"), [
    ("/home/ana/.local/share/iah-assess", {}, "/dev/sda2 / ext4 rw 0 0", None),
    ("C:\\Users\\ana\\AppData\\Local\\iah-assess", {}, "", None),
    ("\\\\server\\share\\iah", {}, "", "a network share"),
    ("//server/share/iah", {}, "", "a network share"),
    ("C:\\Users\\ana\\OneDrive - Univerzitet u Tuzli\\iah", {}, "", "a folder OneDrive keeps in sync"),
    ("D:\\Posao\\iah", {"OneDrive": "D:\\Posao"}, "", "a folder OneDrive keeps in sync"),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/iah", {}, "", "a folder Mobile Documents keeps in sync"),
    ("/home/ana/Dropbox/iah", {}, "", "a folder Dropbox keeps in sync"),
    ("G:\\My Drive\\iah", {}, "", "a folder My Drive keeps in sync"),
    ("/home/ana/OneDriveNotes/iah", {}, "", None),  # only a name like the sync client's own
    ("/mnt/fakultet/iah", {}, "srv:/x /mnt/fakultet nfs4 rw 0 0\n/dev/sda2 / ext4 rw 0 0", "a network disk (nfs4)"),
    ("/mnt/fakultetska/iah", {}, "srv:/x /mnt/fakultet cifs rw 0 0\n/dev/sda2 / ext4 rw 0 0", None),
    ("/home/ana/iah", {}, "//srv/x /home/ana cifs rw 0 0\n/dev/sda2 / ext4 rw 0 0", "a network disk (cifs)"),
])
def test_the_data_folder_classifier_knows_shares_and_synchronised_folders(folder, environ, mounts, risk):
    assert paths.risky_location(Path(folder), environ, mounts) == risk
