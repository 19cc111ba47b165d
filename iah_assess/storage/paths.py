"""Where the workspace lives: the platform's user data folder, unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "IAH_ASSESS_DATA_DIR"
APP_NAME = "iah-assess"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir first, then IAH_ASSESS_DATA_DIR, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_questionnaire_dir(data: Path) -> Path:
    """Questionnaires of the user's own, offered beside the shipped ones."""
    return data / "questionnaires"


def log_file(data: Path) -> Path:
    return data / "iah-assess.log"
