"""Finding, reading and validating questionnaire files and their translations.

This module says where questionnaires are and which ones a user can choose from; reading and
checking them (YAML, the questionnaire model) is in `loader`, imported only when one is read,
so that starting the app does not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iah_assess.catalog.loader import Entry, LoadedQuestionnaire

_PACKAGE = Path(__file__).resolve().parents[1]


def shipped_dir() -> Path:
    """The folder of shipped questionnaires, in an installed package or a source checkout."""
    return _shipped("questionnaires")


def resources_dir() -> Path:
    return _shipped("resources")


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_shipped" / name  # where the wheel puts the data (see pyproject.toml)
    if installed.is_dir():
        return installed
    # A source checkout (or editable install): the data sits beside the package.
    return _PACKAGE.parent / name


class Catalog:
    """The questionnaires a user can choose from: the shipped ones and those in a user folder."""

    def __init__(self, user_dir: Path | None = None, shipped: Path | None = None):
        self.shipped = shipped or shipped_dir()
        self.user_dir = user_dir

    def entries(self) -> list[Entry]:
        from iah_assess.catalog.loader import discover

        found = discover(self.shipped)
        if self.user_dir is not None:
            found += discover(self.user_dir)
        return found

    def valid(self) -> list[LoadedQuestionnaire]:
        return [e.loaded for e in self.entries() if e.loaded is not None]

    def get(self, ref: str) -> LoadedQuestionnaire:
        """A questionnaire by id (newest version first) or by path."""
        from iah_assess.catalog.loader import load

        candidate = Path(ref)
        if candidate.exists():
            return load(candidate)
        matches = [lq for lq in self.valid() if lq.questionnaire.id == ref]
        if not matches:
            known = ", ".join(sorted({lq.questionnaire.id for lq in self.valid()})) or "none"
            raise LookupError(f"no questionnaire '{ref}' (known: {known}); give an id or a file path.")
        return max(matches, key=lambda lq: tuple(int(p) for p in lq.questionnaire.version.split(".")))
