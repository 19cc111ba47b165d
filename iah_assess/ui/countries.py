"""The country list for the institution profile: the Western Balkans first, then all others."""

from __future__ import annotations

from PySide6.QtCore import QLocale

WESTERN_BALKANS = (
    "Albania",
    "Bosnia and Herzegovina",
    "Kosovo",
    "Montenegro",
    "North Macedonia",
    "Serbia",
)

# Qt's territory list also holds regions and groupings; these are not countries.
_NOT_COUNTRIES = {"Default", "Europe", "European Union", "Latin America", "Outlying Oceania", "world", "World",
                  "United Nations", "Eurozone", "Unknown Region"}


def countries() -> list[str]:
    """Country names in English (the names Qt ships), Western Balkan countries at the top."""
    others = set()
    for territory in QLocale.Country:
        name = QLocale.territoryToString(territory).replace(" & ", " and ")
        if name and name not in _NOT_COUNTRIES and name not in WESTERN_BALKANS:
            others.add(name)
    return [*WESTERN_BALKANS, *sorted(others, key=str.casefold)]
