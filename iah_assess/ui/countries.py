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


# The names people in the region write for their own and their neighbours' countries, in Latin and
# Cyrillic letters, with and without diacritics: each is taken as the English name it stands for.
LOCAL_NAMES = {
    "Albania": ("Shqipëri", "Shqipëria", "Shqiperi", "Shqiperia", "Albanija", "Албанија", "Албания"),
    "Bosnia and Herzegovina": ("Bosna i Hercegovina", "BiH", "Босна и Херцеговина", "Bosnja dhe Hercegovina"),
    "Kosovo": ("Kosova", "Kosovë", "Kosove", "Косово"),
    "Montenegro": ("Crna Gora", "Црна Гора", "Mali i Zi"),
    "North Macedonia": ("Северна Македонија", "Severna Makedonija", "Sjeverna Makedonija", "Maqedonia e Veriut",
                        "Македонија", "Makedonija", "Macedonia"),
    "Serbia": ("Srbija", "Србија", "Serbija", "Serbia e Veriut"),
    "Croatia": ("Hrvatska", "Хрватска", "Kroacia"),
    "Slovenia": ("Slovenija", "Словенија", "Sllovenia"),
    "Bulgaria": ("България", "Bugarska", "Бугарска", "Bullgaria"),
    "Greece": ("Ελλάδα", "Grčka", "Грчка", "Greqia"),
    "Türkiye": ("Turkey", "Turska", "Турска", "Turqia"),
    "Romania": ("România", "Rumunija", "Румунија"),
    "Hungary": ("Magyarország", "Mađarska", "Мађарска", "Hungaria"),
    "Austria": ("Österreich", "Austrija", "Аустрија"),
    "Germany": ("Deutschland", "Njemačka", "Nemačka", "Немачка", "Германија", "Gjermania"),
    "Italy": ("Italia", "Italija", "Италија", "Itali"),
}


def country_named(text: str, names: list[str]) -> str | None:
    """The name in `names` (the list offered) that `text` stands for: the name itself, in any
    letters' case, or a local name of it (Srbija, Србија, Shqipëri); None when it stands for none."""
    key = text.strip().casefold()
    if not key:
        return None
    by_key = {n.casefold(): n for n in names}
    if key in by_key:
        return by_key[key]
    for english, local in LOCAL_NAMES.items():
        if english.casefold() in by_key and key in (n.casefold() for n in local):
            return by_key[english.casefold()]
    return None
