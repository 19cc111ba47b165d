"""Where the workspace lives: the platform's user data folder, unless told otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "IAH_ASSESS_DATA_DIR"
APP_NAME = "iah-assess"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir first, then IAH_ASSESS_DATA_DIR, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
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
