"""Where the workspace lives: the platform's user data folder, unless told otherwise."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

ENV_VAR = "IAH_ASSESS_DATA_DIR"
APP_NAME = "iah-assess"


class NoFolderGiven(ValueError):
    """An override that names no folder ("" or blanks): an error, never the default folder, which
    would quietly put the data where the user did not ask for it."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir first, then IAH_ASSESS_DATA_DIR, then the platform's user data folder.

    An override given but empty raises NoFolderGiven (None means none was given)."""
    if override is not None:
        if not os.fspath(override).strip():
            raise NoFolderGiven("no folder was named")
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env and env.strip():  # set to blanks: as if not set
        return Path(env).expanduser()
    return data_dir_default()


def data_dir_default() -> Path:
    """The platform's user data folder, where the data folder is unless told otherwise."""
    return user_data_dir(sys.platform, os.environ, Path.home())


def user_data_dir(platform: str, environ: Mapping[str, str], home: Path) -> Path:
    """The platform's folder for an app's own data, with APP_NAME inside it.

    The folders every platform documents for per-user, per-machine app data (the same folders the
    platformdirs package gives, which an earlier version used; reading three environment
    variables did not justify loading it on every start):
    - Windows: %LOCALAPPDATA% (C:\\Users\\NAME\\AppData\\Local);
    - macOS: ~/Library/Application Support;
    - Linux and other Unix: $XDG_DATA_HOME, or ~/.local/share when it is unset or empty.
    """
    if platform == "win32":
        base = Path(environ.get("LOCALAPPDATA", "").strip() or home / "AppData" / "Local")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME", "").strip() or home / ".local" / "share")
    return base / APP_NAME


def user_questionnaire_dir(data: Path) -> Path:
    """Questionnaires of the user's own, offered beside the shipped ones."""
    return data / "questionnaires"


def log_file(data: Path) -> Path:
    return data / "iah-assess.log"


# R4: the live workspace stays on this computer's own disk. A synchronised folder or a network
# share can copy, lock or replace the file while the app writes to it, which damages SQLite files.
# The folders the common sync clients make (by name, alone or as "OneDrive - Univerzitet ...",
# "OneDrive-Personal", "Dropbox (Team)"), and the file systems of network and shared disks.
SYNCED_FOLDERS = ("OneDrive", "Dropbox", "Google Drive", "My Drive", "iCloud Drive", "Mobile Documents", "Nextcloud",
                  "ownCloud", "pCloud Drive", "Box Sync", "Sync.com", "MEGAsync")
# Names too plain to mean a sync client anywhere, but its folder right in the user's home folder
# (C:\Users\NAME\Box, /Users/NAME/MEGA, /home/NAME/Box)
HOME_SYNCED_FOLDERS = ("Box", "MEGA")
SYNCTHING_MARKER = ".stfolder"  # in the top of every folder Syncthing keeps in sync
# A SharePoint or Teams library OneDrive syncs is in a folder named after the organisation, beside
# "OneDrive - <organisation>" in the user's home folder
ONEDRIVE_ORGANISATION = "OneDrive - "
NETWORK_FILE_SYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "davfs", "fuse.davfs2",
                                  "fuse.rclone", "fuse.gvfsd-fuse", "9p", "ncpfs", "ceph", "glusterfs", "afs", "lustre",
                                  "gpfs", "beegfs", "ocfs2", "gfs2", "vboxsf"})
# FUSE file systems are mostly remote (s3fs, gcsfuse, onedriver, google-drive-ocamlfuse, rclone,
# sshfs): any is taken for one but these, which are known to keep their files on this computer
LOCAL_FUSE = frozenset({"fuseblk", "fuse.fuse-overlayfs", "fuse.bindfs", "fuse.mergerfs", "fuse.encfs",
                        "fuse.gocryptfs", "fuse.cryfs", "fuse.securefs", "fuse.lxcfs", "fuse.portal", "fuse.ntfs-3g",
                        "fuse.exfat", "fuse.squashfuse", "fuse.snapfuse"})
DRIVE_REMOTE = 4  # what Windows' GetDriveTypeW says of a mapped network drive
_LOCAL_LONG = ("\\\\?\\", "\\\\.\\", "//?/", "//./")  # Windows' own prefixes for long local paths
_UNC_LONG = ("\\\\?\\UNC\\", "//?/UNC/")


def data_folder_risk(folder: Path) -> str | None:
    """Why the data folder is no safe place for the live workspace (risky_location), as typed or
    where a link takes it ("…/iah-assess" linked into Dropbox)."""
    typed = folder.absolute()
    try:
        resolved = folder.resolve()
    except OSError:
        resolved = typed
    return risky_location(typed) or (risky_location(resolved) if resolved != typed else None)


def risky_location(folder: Path, environ: Mapping[str, str] | None = None, mounts: str | None = None,
                   windows: bool | None = None, drive_type: Callable[[str], int] | None = None,
                   exists: Callable[[str], bool] | None = None) -> str | None:
    """Why `folder` is no safe place for the live workspace (a network share or drive, a
    synchronised folder), in words that follow "is in ...", or None. The arguments after the
    folder are this computer's (the environment, the text of /proc/mounts, whether it runs
    Windows, Windows' drive types, whether a path exists); tests give their own."""
    environ = os.environ if environ is None else environ
    windows = sys.platform == "win32" if windows is None else windows
    exists = os.path.lexists if exists is None else exists
    text = str(folder)
    backslashed = "\\" in text
    if (windows or backslashed) and (text.startswith(_UNC_LONG) or (text.startswith(("\\\\", "//"))
                                                                    and not text.startswith(_LOCAL_LONG))):
        return "a network share"
    fold = str.casefold if windows or backslashed else str
    flavour = PureWindowsPath if windows or backslashed else PurePosixPath
    for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = environ.get(var, "").strip()
        if root and _within(fold(text), fold(root)):
            return "a folder OneDrive keeps in sync"
        name = flavour(root).name
        if root and name.startswith(ONEDRIVE_ORGANISATION) and name != ONEDRIVE_ORGANISATION:
            libraries = str(flavour(root).parent / name[len(ONEDRIVE_ORGANISATION):])
            if _within(fold(text), fold(libraries)):
                return "a SharePoint or Teams library OneDrive keeps in sync"
    path = flavour(text)
    parts = path.parts
    for part in parts:
        low = part.casefold()
        for name in SYNCED_FOLDERS:
            key = name.casefold()
            if low == key or low.startswith((key + " -", key + " (", key + "-")):
                return f"a folder {name} keeps in sync"
    for k, part in enumerate(parts):
        low = part.casefold()
        if low == "cloudstorage" and k > 0 and parts[k - 1].casefold() == "library":
            return "a folder macOS keeps in sync with a cloud service"
        if low == "gvfs" and "run" in (p.casefold() for p in parts[:k]):
            return "a network share"
        if k >= 3 and parts[k - 2].casefold() in ("users", "home"):  # a folder right in a home folder
            for name in HOME_SYNCED_FOLDERS:
                if low == name.casefold():
                    return f"a folder {name} keeps in sync"
            home = flavour(*parts[:k])
            if exists(str(home / f"{ONEDRIVE_ORGANISATION}{part}")):
                return "a SharePoint or Teams library OneDrive keeps in sync"
    if path.is_absolute():
        for place in (path, *path.parents):
            if exists(str(place / SYNCTHING_MARKER)):
                return "a folder Syncthing keeps in sync"
    if windows:
        drive = PureWindowsPath(text).drive
        if len(drive) == 2 and drive[1] == ":":
            if drive_type is None:
                import ctypes  # Windows only

                drive_type = ctypes.windll.kernel32.GetDriveTypeW  # type: ignore[attr-defined]
            if drive_type(drive + "\\") == DRIVE_REMOTE:
                return "a network drive"
        return None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])  # "\040" is a space
        if _within(text, point) and len(point) > len(best):
            best, kind = point, fields[2]
    remote = kind in NETWORK_FILE_SYSTEMS or (kind.startswith("fuse.") and kind not in LOCAL_FUSE)
    return f"a network or shared disk ({kind})" if remote else None


def _within(path: str, root: str) -> bool:
    root = root.rstrip("/\\") or root
    return path == root or path.startswith((root + "/", root + "\\")) or root in ("/", "\\")
