"""Where the workspace lives: the platform's user data folder, unless told otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

ENV_VAR = "IAH_ASSESS_DATA_DIR"
APP_NAME = "iah-assess"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir first, then IAH_ASSESS_DATA_DIR, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
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
# The folders the common sync clients make (by name; "OneDrive - Univerzitet ..." for a work
# account), and the file systems of network disks.
SYNCED_FOLDERS = ("OneDrive", "Dropbox", "Google Drive", "My Drive", "iCloud Drive", "Mobile Documents", "Nextcloud",
                  "ownCloud", "pCloud Drive", "Box Sync", "Sync.com")
NETWORK_FILE_SYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "afpfs", "davfs",
                                  "fuse.davfs2", "fuse.rclone", "9p", "ncpfs"})


def risky_location(folder: Path, environ: Mapping[str, str] | None = None, mounts: str | None = None) -> str | None:
    """Why `folder` is no safe place for the live workspace (a network share, a synchronised
    folder), in words that follow "is in ...", or None. `mounts` is the text of /proc/mounts
    (read when None, where there is one)."""
    environ = os.environ if environ is None else environ
    text = str(folder)
    if text.startswith(("\\\\", "//")):
        return "a network share"
    for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = environ.get(var, "").strip()
        if root and _within(text, root):
            return "a folder OneDrive keeps in sync"
    for part in (PureWindowsPath(text) if "\\" in text else PurePosixPath(text)).parts:
        for name in SYNCED_FOLDERS:
            if part.casefold() == name.casefold() or part.casefold().startswith(name.casefold() + " -"):
                return f"a folder {name} keeps in sync"
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3 and _within(text, fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return f"a network disk ({kind})" if kind in NETWORK_FILE_SYSTEMS else None


def _within(path: str, root: str) -> bool:
    root = root.rstrip("/\\") or root
    return path == root or path.startswith((root + "/", root + "\\")) or root in ("/", "\\")
