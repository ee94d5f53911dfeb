#!/usr/bin/env python3
"""Regenerate hooks/briefing/geodata/places.json: each country's capital and the names editors use for it.

    python scripts/update_places.py              # fetches geopandas 0.14.4 from PyPI with `pip download`
    python scripts/update_places.py --wheel FILE # uses an already downloaded wheel

Sources, both Natural Earth (public domain):
- capitals: *Populated Places* (1:110m) as shipped in the PyPI wheel of geopandas 0.14.4
  (`geopandas/datasets/naturalearth_cities`, a point shapefile with each place's name);
- countries: *Admin 0 – Countries* (1:50m), hooks/briefing/geodata/countries-50m.json (see PROVENANCE.md).

Each place is put in the country whose boundary contains it. A country with one place has it as its
capital; where Natural Earth lists several places in one country (large cities besides the capital),
CAPITALS below names the capital. Names the shapefile lost to its Latin-1 encoding are restored from
FIXED_NAMES. ALIASES are common short names for Natural Earth's abbreviated ones ("United States" for
"United States of America"). Only the standard library is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from briefing.geo import load_world  # noqa: E402

PACKAGE = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_cities/naturalearth_cities"
OUT = ROOT / "hooks" / "briefing" / "geodata" / "places.json"

# The capital where Natural Earth's 110m places put several in one country (Natural Earth's own
# "Admin-0 capital" where it names one; the seat of government otherwise).
CAPITALS = {
    "USA": "Washington, D.C.", "CHN": "Beijing", "IND": "New Delhi", "BRA": "Brasília", "AUS": "Canberra",
    "CAN": "Ottawa", "MEX": "Mexico City", "JPN": "Tokyo", "ZAF": "Pretoria", "NGA": "Abuja", "TZA": "Dodoma",
    "CIV": "Yamoussoukro", "BEN": "Porto-Novo", "BOL": "Sucre", "ARE": "Abu Dhabi", "MYS": "Kuala Lumpur",
    "LKA": "Sri Jayawardenepura Kotte", "SWZ": "Mbabane", "CHL": "Santiago", "CHE": "Bern", "NLD": "Amsterdam",
    "TUR": "Ankara", "MMR": "Naypyidaw", "PHL": "Manila", "NZL": "Wellington", "ISR": "Jerusalem",
    "ITA": "Rome", "ESH": "Laayoune", "MAR": "Rabat", "RUS": "Moscow", "DEU": "Berlin", "FRA": "Paris", "GBR": "London",
    "ESP": "Madrid", "EGY": "Cairo", "IDN": "Jakarta", "KOR": "Seoul", "PAK": "Islamabad", "SAU": "Riyadh",
    "VNM": "Hanoi", "COD": "Kinshasa", "ARG": "Buenos Aires", "COL": "Bogota", "PER": "Lima", "VEN": "Caracas",
    "KEN": "Nairobi", "IRN": "Tehran", "IRQ": "Baghdad", "UKR": "Kyiv", "UZB": "Tashkent", "SEN": "Dakar",
    "THA": "Bangkok", "GHA": "Accra", "SWE": "Stockholm", "TWN": "Taipei", "SGP": "Singapore", "PSE": None,
    "CYP": "Nicosia", "XNC": None, "VAT": "Vatican City", "MCO": "Monaco",
}
FIXED_NAMES = {"Chi?in?u": "Chișinău", "?saka": "Ōsaka", "Washington,  D.C.": "Washington, D.C."}
ABBREVIATIONS = [("Dem. Rep.", "Democratic Republic of the"), ("Rep.", "Republic"), ("Is.", "Islands"),
                 ("Eq.", "Equatorial"), ("S.", "South"), ("N.", "North"), ("W.", "Western"), ("Herz.", "Herzegovina"),
                 ("Fr.", "French"), ("St.", "Saint"), ("I.", "Island"), ("Cent.", "Central"), ("Is", "Islands")]
ALIASES = {
    "United States": "USA", "USA": "USA", "America": "USA", "UK": "GBR", "Britain": "GBR", "Great Britain": "GBR",
    "Ivory Coast": "CIV", "Eswatini": "SWZ", "Swaziland": "SWZ", "Czech Republic": "CZE", "Burma": "MMR",
    "East Timor": "TLS", "Republic of the Congo": "COG", "Congo-Brazzaville": "COG", "DR Congo": "COD", "DRC": "COD",
    "Congo-Kinshasa": "COD", "Democratic Republic of the Congo": "COD", "North Korea": "PRK", "South Korea": "KOR",
    "Holland": "NLD", "Vatican": "VAT", "Cape Verde": "CPV", "Turkiye": "TUR", "Türkiye": "TUR",
    "Central African Republic": "CAF", "Bosnia and Herzegovina": "BIH", "Dominican Republic": "DOM",
    "South Sudan": "SSD", "Western Sahara": "ESH", "Solomon Islands": "SLB", "Palestine": "PSE",
}


def _download(tmp: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", PACKAGE, "-d", str(tmp), "-q"], check=True)
    return next(tmp.glob("geopandas-*.whl"))


def read_places(wheel: Path) -> list[tuple[str, float, float]]:
    """(name, lat, lon) of every point in the shapefile: points from .shp, names from .dbf."""
    with zipfile.ZipFile(wheel) as zf:
        shp, dbf = zf.read(MEMBER + ".shp"), zf.read(MEMBER + ".dbf")
        encoding = zf.read(MEMBER + ".cpg").decode().strip() or "latin-1"
    count, header, record = struct.unpack("<4xIHH", dbf[:12])
    names = [dbf[header + i * record + 1: header + (i + 1) * record].decode(encoding).strip() for i in range(count)]
    points, offset = [], 100
    while offset < len(shp):
        length = struct.unpack(">I", shp[offset + 4: offset + 8])[0] * 2
        shape_type, x, y = struct.unpack("<idd", shp[offset + 8: offset + 28])
        assert shape_type == 1, "expected point records"
        points.append((x, y))
        offset += 8 + length
    assert len(points) == len(names)
    return [(FIXED_NAMES.get(n, n), y, x) for n, (x, y) in zip(names, points)]


def _inside(lon: float, lat: float, ring) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def country_of(world, lat: float, lon: float) -> str | None:
    """The country whose boundary contains the point, else (a port city just off a 1:50m coastline)
    the one with a boundary point within half a degree."""
    best, best_d = None, 0.25
    for code in world.countries:
        country = world.countries[code]
        w, s, e, n = country.bounds
        if not (w - 0.5 <= lon <= e + 0.5 and s - 0.5 <= lat <= n + 0.5):
            continue
        for poly in country.polygons:
            for x, y in poly[0]:
                d = (x - lon) ** 2 + (y - lat) ** 2
                if d < best_d:
                    best, best_d = code, d
    return _containing(world, lat, lon) or best


def _containing(world, lat: float, lon: float) -> str | None:
    for code in world.countries:
        country = world.countries[code]
        for poly, (w, s, e, n) in zip(country.polygons, country.polygon_bounds):
            if w <= lon <= e and s <= lat <= n and _inside(lon, lat, list(poly[0])) \
                    and not any(_inside(lon, lat, list(hole)) for hole in poly[1:]):
                return code
    return None


def expand(name: str) -> str:
    for short, long in ABBREVIATIONS:
        name = re.sub(rf"(?<![\w.]){re.escape(short)}(?![\w.])", long, name)
    return name


def build(wheel: Path) -> dict:
    world = load_world()
    found: dict[str, list[tuple[str, float, float]]] = {}
    for name, lat, lon in read_places(wheel):
        code = country_of(world, lat, lon)
        if code:
            found.setdefault(code, []).append((name, lat, lon))
    by_name = {name: (name, lat, lon) for places in found.values() for name, lat, lon in places}
    countries, unresolved = {}, []
    for code in sorted(world.countries):
        places = found.get(code, [])
        if code in CAPITALS:
            chosen = [by_name[CAPITALS[code]]] if CAPITALS[code] in by_name else []  # may lie across a disputed line
        else:
            chosen = places if len(places) == 1 else []
            if len(places) > 1:
                unresolved.append(f"{code}: {[p[0] for p in places]}")
        entry: dict = {"name": world.countries.name(code)}
        if chosen:
            name, lat, lon = chosen[0]
            entry["capital"] = {"name": name, "lat": round(lat, 2), "lon": round(lon, 2)}
        countries[code] = entry
    if unresolved:
        raise SystemExit("several places in one country; name the capital in CAPITALS:\n" + "\n".join(unresolved))
    missing = [c for c, n in CAPITALS.items() if n and "capital" not in countries.get(c, {})]
    if missing:
        raise SystemExit(f"CAPITALS names a place that is not in the data for: {missing}")
    aliases = {}
    for code, entry in countries.items():
        long = expand(entry["name"])
        if long != entry["name"]:
            aliases[long] = code
    for alias, code in ALIASES.items():
        if code in countries:
            aliases[alias] = code
    return {"source": "Natural Earth (public domain), via geopandas 0.14.4 and world-atlas 2.0.2; see PROVENANCE.md",
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "countries": countries,
            "aliases": dict(sorted(aliases.items()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", type=Path, help="an already downloaded geopandas 0.14.4 wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or _download(Path(tmp))
        data = build(wheel)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    with_capital = sum(1 for c in data["countries"].values() if "capital" in c)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['countries'])} countries, {with_capital} with a capital, "
          f"{len(data['aliases'])} other names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
