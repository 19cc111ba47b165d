"""Finding, reading and validating questionnaire files and their translations.

This module says where questionnaires are and which ones a user can choose from; reading and
checking them (YAML, the questionnaire model) is in `loader`, imported only when one is read,
so that starting the app does not pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iah_assess.catalog.loader import Entry, LoadedQuestionnaire, Stamp
    from iah_assess.domain.questionnaire import Questionnaire

_PACKAGE = Path(__file__).resolve().parents[1]
# Earlier versions of questionnaires, word for word, in this sub-folder of the shipped folder and of
# the user's: not offered for new cycles, but there for a rescue to give back a cycle's lost copy of one.
EARLIER_DIR = "earlier"


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
        # Each file or folder read, with what showed it unchanged: a lookup reads again only what
        # changed since, where it once read every file each time (a large one cost every get()).
        self._known: dict[Path, tuple[Stamp, Entry]] = {}

    def entries(self, notes: bool = False, stored: Callable[[], Iterable[Questionnaire]] = tuple) -> list[Entry]:
        """Every questionnaire offered, the shipped ones first, and every file that cannot be,
        with its problems. A questionnaire id and version is offered once (see one_per_version).
        A file in the user folder's earlier/ is never offered, but it is listed if it cannot be
        read: a rescue could not take a cycle's questionnaire from it.

        With `notes`, each one offered has its notes: each id in its 'replaces' that none of the
        other versions of it known has (loader.replaces_notes), the versions known being those
        in both folders, in their earlier/ folders and those `stored` gives (a workspace's cycles'),
        asked for only when some 'replaces' is there to check."""
        from iah_assess.catalog.loader import one_per_version, with_notes

        read, earlier = self._read(), self._earlier(user=True)
        offered = one_per_version(read, self.shipped)
        if notes and any(item.replaces for e in offered if e.loaded is not None for item in e.loaded.questionnaire.items):
            known = [e.loaded.questionnaire for e in [*read, *self._earlier(user=False), *earlier] if e.loaded is not None]
            offered = with_notes(offered, [*known, *stored()])
        return offered + [e for e in earlier if e.loaded is None]

    def _earlier(self, user: bool) -> list[Entry]:
        """The earlier versions kept for rescues, in the shipped folder's earlier/ or the user's."""
        from iah_assess.catalog.loader import discover

        if not user:
            return discover(self.shipped / EARLIER_DIR, self._known)
        return discover(self.user_dir / EARLIER_DIR, self._known, report=True) if self.user_dir is not None else []

    def _read(self) -> list[Entry]:
        from iah_assess.catalog.loader import discover

        found = discover(self.shipped, self._known)
        if self.user_dir is not None:
            found += discover(self.user_dir, self._known, report=True)
        return found

    def valid(self) -> list[LoadedQuestionnaire]:
        return [e.loaded for e in self.entries() if e.loaded is not None]

    def contents(self) -> dict[str, str]:
        """Each valid questionnaire's exact content, as a workspace stores it, by its fingerprint,
        the earlier versions kept in the shipped folder's earlier/ and the user folder's too: what
        a rescue takes a damaged or lost stored copy from."""
        earlier = [e.loaded for e in [*self._earlier(user=False), *self._earlier(user=True)] if e.loaded is not None]
        # every valid file, a later one of an id and version already given too: a cycle may have run on it
        read = [e.loaded for e in self._read() if e.loaded is not None]
        return {lq.questionnaire.content_hash(): lq.questionnaire.canonical_json() for lq in [*earlier, *read]}

    def get(self, ref: str) -> LoadedQuestionnaire:
        """A questionnaire by id (newest version first) or by path.

        Only a reference that looks like a path (see looks_like_path) is read as one: a file or
        folder that happens to be called iah-core in the current folder must not take the place
        of the questionnaire of that id.
        """
        from iah_assess.catalog.loader import load

        if looks_like_path(ref):
            if not _exists(ref):
                raise LookupError(f"there is no file or folder {ref}; give an existing questionnaire file or folder, or an id.")
            return load(Path(ref))
        matches = [lq for lq in self.valid() if lq.questionnaire.id == ref]
        if not matches:
            known = ", ".join(sorted({lq.questionnaire.id for lq in self.valid()})) or "none"
            hint = (f"; to read the file or folder {ref} here, give it as {os.path.join(os.curdir, ref)}"
                    if _exists(ref) else "; give an id or a file path")
            raise LookupError(f"no questionnaire '{ref}' (known: {known}){hint}.")
        return max(matches, key=lambda lq: tuple(int(p) for p in lq.questionnaire.version.split(".")))


PATH_SUFFIXES = (".yaml", ".yml", ".json")


def looks_like_path(ref: str) -> bool:
    """Whether a questionnaire reference is a path rather than an id: it has a folder separator
    in it, ends like a questionnaire file, or is . or .. (an id has none of these)."""
    separators = {"/", os.sep, os.altsep or "/"}
    return any(s in ref for s in separators) or ref.lower().endswith(PATH_SUFFIXES) or ref in (".", "..")


def _exists(ref: str) -> bool:
    try:
        return Path(ref).exists()
    except OSError:  # a name too long for the file system names nothing there
        return False
