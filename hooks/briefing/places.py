"""Country names and capitals from bundled Natural Earth data (geodata/places.json), for scaffolding."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES = Path(__file__).parent / "geodata" / "places.json"


@dataclass(frozen=True)
class Capital:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    name: str
    capital: Capital | None


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(PLACES.read_text(encoding="utf-8"))


def by_code(iso3: str) -> CountryInfo | None:
    entry = _data()["countries"].get(iso3)
    if entry is None:
        return None
    capital = entry.get("capital")
    return CountryInfo(iso3, entry["name"], Capital(**capital) if capital else None)


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").casefold().split())


def by_name(name: str) -> CountryInfo | None:
    """A country by Natural Earth's name or a common other name ('United States', 'Ivory Coast')."""
    wanted = _key(name)
    data = _data()
    for code, entry in data["countries"].items():
        if _key(entry["name"]) == wanted:
            return by_code(code)
    for alias, code in data["aliases"].items():
        if _key(alias) == wanted:
            return by_code(code)
    return None


def common_name(iso3: str) -> str | None:
    """The name a site shows: the common short name where Natural Earth abbreviates or uses a long form."""
    info = by_code(iso3)
    if info is None:
        return None
    preferred = {"USA": "United States"}
    if iso3 in preferred:
        return preferred[iso3]
    # Natural Earth abbreviates some names ('Dem. Rep. Congo'); the longest other name spells them out
    expanded = sorted((alias for alias, code in _data()["aliases"].items() if code == iso3 and "." not in alias), key=len)
    return expanded[-1] if "." in info.name and expanded else info.name
