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


LINUX_MOUNTS = "/dev/sda2 / ext4 rw 0 0\nsrv:/x /mnt/fakultet nfs4 rw 0 0\n//srv/x /mnt/Team\\040Share cifs rw 0 0\n" + "".join(
    f"{source} {point} {kind} rw 0 0\n" for source, point, kind in (
        ("10.0.0.1:6789:/", "/mnt/ceph", "ceph"), ("srv:/vol", "/mnt/gluster", "glusterfs"), ("AFS", "/afs", "afs"),
        ("10.0.0.2@tcp:/lfs", "/lustre", "lustre"), ("s3fs", "/home/ana/s3", "fuse.s3fs"),
        ("bucket", "/home/ana/gcs", "fuse.gcsfuse"), ("onedriver", "/home/ana/onedriver", "fuse.onedriver"),
        ("google-drive-ocamlfuse", "/home/ana/gdrive", "fuse.google-drive-ocamlfuse"),
        ("drive:", "/home/ana/rclone", "fuse.rclone"), ("ana@srv:", "/home/ana/srv", "fuse.sshfs"),
        ("/dev/sdb1", "/media/ana/WINDOWS", "fuseblk"), ("fuse-overlayfs", "/home/ana/container", "fuse.fuse-overlayfs"),
        ("/data/ana", "/home/ana/bound", "fuse.bindfs"), ("somefs", "/home/ana/unknown", "fuse.somethingnew"),
    ))
# Where each test's folder has a file or folder (a Syncthing marker, OneDrive's folder of an organisation)
EXISTING = {"/home/ana/Sync/.stfolder", "/srv/projekti/.stfolder",
            "C:\\Users\\ana\\OneDrive - Univerzitet u Tuzli"}


def _remote_z(drive: str) -> int:
    return paths.DRIVE_REMOTE if drive.upper().startswith("Z:") else 3  # 3: a local disk


@pytest.mark.parametrize(("folder", "environ", "windows", "risk"), [
    # Windows
    ("C:\\Users\\ana\\AppData\\Local\\iah-assess", {}, True, None),
    ("\\\\server\\share\\iah", {}, True, "a network share"),
    ("\\\\?\\UNC\\server\\share\\iah", {}, True, "a network share"),
    ("\\\\?\\C:\\Users\\ana\\iah", {}, True, None),  # a long local path
    ("Z:\\iah", {}, True, "a network drive"),
    ("C:\\Users\\ana\\OneDrive - Univerzitet u Tuzli\\iah", {}, True, "a folder OneDrive keeps in sync"),
    ("d:\\posao\\iah", {"OneDrive": "D:\\Posao"}, True, "a folder OneDrive keeps in sync"),
    ("C:\\Users\\ana\\Dropbox (Univerzitet)\\iah", {}, True, "a folder Dropbox keeps in sync"),
    ("G:\\My Drive\\iah", {}, True, "a folder My Drive keeps in sync"),
    # macOS and Linux
    ("/home/ana/.local/share/iah-assess", {}, False, None),
    ("//home/ana/iah", {}, False, None),  # a local path written with two slashes
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/iah", {}, False, "a folder Mobile Documents keeps in sync"),
    ("/Users/ana/Library/CloudStorage/OneDrive-Personal/iah", {}, False, "a folder OneDrive keeps in sync"),
    ("/Users/ana/Library/CloudStorage/Box-Box/iah", {}, False, "a folder macOS keeps in sync with a cloud service"),
    ("/home/ana/Dropbox/iah", {}, False, "a folder Dropbox keeps in sync"),
    ("/home/ana/OneDriveNotes/iah", {}, False, None),  # only a name like the sync client's own
    ("/run/user/1000/gvfs/smb-share:server=nas,share=iah/iah", {}, False, "a network share"),
    ("/mnt/fakultet/iah", {}, False, "a network or shared disk (nfs4)"),
    ("/mnt/fakultetska/iah", {}, False, None),
    ("/mnt/Team Share/iah", {}, False, "a network or shared disk (cifs)"),  # /proc/mounts writes the space as \040
    # Box Drive, MEGA
    ("C:\\Users\\a\\Box\\iah", {}, True, "a folder Box keeps in sync"),
    ("/Users/ana/Box/iah", {}, False, "a folder Box keeps in sync"),
    ("/home/ana/projekti/Box/iah", {}, False, None),  # a box of the user's own, deeper down
    ("C:\\Users\\ana\\MEGA\\iah", {}, True, "a folder MEGA keeps in sync"),
    ("/home/ana/MEGAsync/iah", {}, False, "a folder MEGAsync keeps in sync"),
    ("/home/ana/MEGA/iah", {}, False, "a folder MEGA keeps in sync"),
    # Syncthing: its marker at the top of the folder it syncs, wherever that is
    ("/home/ana/Sync/iah", {}, False, "a folder Syncthing keeps in sync"),
    ("/srv/projekti/iah/data", {}, False, "a folder Syncthing keeps in sync"),
    ("/home/ana/Nesync/iah", {}, False, None),
    # SharePoint and Teams libraries OneDrive syncs, beside "OneDrive - <organisation>"
    ("C:\\Users\\ana\\Univerzitet u Tuzli\\Kvaliteta - Dokumenti\\iah", {}, True,
     "a SharePoint or Teams library OneDrive keeps in sync"),
    ("D:\\Ana\\Univerzitet u Bihaću\\Tim - Dokumenti\\iah", {"OneDriveCommercial": "D:\\Ana\\OneDrive - Univerzitet u Bihaću"},
     True, "a SharePoint or Teams library OneDrive keeps in sync"),
    ("C:\\Users\\ana\\Univerzitet u Zenici\\iah", {}, True, None),  # no OneDrive of that organisation beside it
    # network and cluster file systems, and FUSE ones not known to be local
    ("/mnt/ceph/iah", {}, False, "a network or shared disk (ceph)"),
    ("/mnt/gluster/iah", {}, False, "a network or shared disk (glusterfs)"),
    ("/afs/uni.ba/user/ana/iah", {}, False, "a network or shared disk (afs)"),
    ("/lustre/ana/iah", {}, False, "a network or shared disk (lustre)"),
    ("/home/ana/s3/iah", {}, False, "a network or shared disk (fuse.s3fs)"),
    ("/home/ana/gcs/iah", {}, False, "a network or shared disk (fuse.gcsfuse)"),
    ("/home/ana/onedriver/iah", {}, False, "a network or shared disk (fuse.onedriver)"),
    ("/home/ana/gdrive/iah", {}, False, "a network or shared disk (fuse.google-drive-ocamlfuse)"),
    ("/home/ana/rclone/iah", {}, False, "a network or shared disk (fuse.rclone)"),
    ("/home/ana/srv/iah", {}, False, "a network or shared disk (fuse.sshfs)"),
    ("/home/ana/unknown/iah", {}, False, "a network or shared disk (fuse.somethingnew)"),
    ("/media/ana/WINDOWS/iah", {}, False, None),  # NTFS through ntfs-3g: a local disk
    ("/home/ana/container/iah", {}, False, None),
    ("/home/ana/bound/iah", {}, False, None),
])
def test_the_data_folder_classifier_knows_shares_drives_and_synchronised_folders(folder, environ, windows, risk):
    assert paths.risky_location(Path(folder), environ, LINUX_MOUNTS, windows, _remote_z, EXISTING.__contains__) == risk


def test_a_syncthing_folder_is_known_by_its_marker_on_the_disk(tmp_path):
    (tmp_path / "Sync" / ".stfolder").mkdir(parents=True)
    assert paths.risky_location(tmp_path / "Sync" / "iah", {}, "", False) == "a folder Syncthing keeps in sync"
    assert paths.risky_location(tmp_path / "Other" / "iah", {}, "", False) is None


def test_a_data_folder_linked_into_a_synchronised_folder_is_found(tmp_path):
    real = tmp_path / "Dropbox" / "iah"
    real.mkdir(parents=True)
    link = tmp_path / "iah-assess"
    link.symlink_to(real, target_is_directory=True)
    assert paths.data_folder_risk(link) == "a folder Dropbox keeps in sync"


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_override_is_an_error_not_the_default_folder(monkeypatch, tmp_path, empty):
    """--data-dir "" once gave the default folder, as if no folder had been named."""
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    with pytest.raises(paths.NoFolderGiven):
        paths.data_dir(empty)
    assert paths.data_dir(None) == tmp_path / "from-env"


def test_a_data_folder_variable_set_to_blanks_counts_as_not_set(monkeypatch):
    monkeypatch.setenv(paths.ENV_VAR, "   ")
    assert paths.data_dir() == paths.data_dir_default()
