#!/usr/bin/env python3
"""Regenerate hooks/briefing/geodata/countries-50m.json from the npm package world-atlas.

    python scripts/update_boundaries.py            # fetches world-atlas@2.0.2 with `npm pack`
    python scripts/update_boundaries.py --tgz FILE # uses an already downloaded package tarball

Needs `npm` (or --tgz) and `pycountry` (pip install pycountry) at regeneration time only; the engine
reads the written file with the standard library. The output stays TopoJSON (arcs shared between
neighbours, quantized and delta-encoded, exactly as published) so that any TopoJSON tool can read it;
what changes is listed in hooks/briefing/geodata/PROVENANCE.md and in the constants below.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-50m.json"
OUT = Path(__file__).resolve().parent.parent / "hooks" / "briefing" / "geodata" / "countries-50m.json"

# Natural Earth features without an ISO 3166 numeric id. ISO reserves the alpha-3 range XAA-XZZ for
# user-assigned codes, so these can never collide with a real country code. XKX is the code the EU,
# IMF and SWIFT already use for Kosovo; the others are ours.
PSEUDO_CODES = {
    "Kosovo": "XKX",
    "Somaliland": "XSL",
    "N. Cyprus": "XNC",
    "Siachen Glacier": "XSG",
    "Indian Ocean Ter.": "XIO",  # Australia's Christmas and Cocos (Keeling) Islands
}

# Natural Earth features that share an ISO numeric id with a larger feature: merged into it, so that
# every code names exactly one feature.
MERGE_INTO_SAME_ID = {"Ashmore and Cartier Is."}


def fetch_tarball(workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True, cwd=workdir,
    ).stdout.strip().splitlines()
    return workdir / out[-1]


def read_topology(tgz: Path) -> tuple[dict, str]:
    with tarfile.open(tgz) as tar:
        raw = tar.extractfile(MEMBER).read()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def alpha3_for(numeric: str) -> str:
    import pycountry  # regeneration-time dependency only

    found = pycountry.countries.get(numeric=numeric)
    if found is None:
        raise SystemExit(f"ISO numeric id {numeric!r} is unknown to pycountry: add it to PSEUDO_CODES")
    return found.alpha_3


def polygons_of(geom: dict) -> list:
    return [geom["arcs"]] if geom["type"] == "Polygon" else list(geom["arcs"])


def convert(topo: dict) -> dict:
    merged: dict[str, dict] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        numeric = geom.get("id")
        code = PSEUDO_CODES.get(name) if numeric is None else alpha3_for(numeric)
        if code is None:
            raise SystemExit(f"feature {name!r} has no ISO id and no pseudo-code")
        entry = merged.get(code)
        if entry is not None:
            if name not in MERGE_INTO_SAME_ID and entry["name"] not in MERGE_INTO_SAME_ID:
                raise SystemExit(f"two features map to {code}: {entry['name']!r} and {name!r}")
            if entry["name"] in MERGE_INTO_SAME_ID:
                entry["name"] = name
            entry["polygons"] += polygons_of(geom)
            continue
        merged[code] = {"name": name, "numeric": numeric, "polygons": polygons_of(geom)}

    # Drop arcs no country uses (the source's "land" object is not kept) and renumber the rest,
    # preserving their order so the output is a stable function of the input.
    used = sorted({(i if i >= 0 else ~i) for e in merged.values()
                   for poly in e["polygons"] for ring in poly for i in ring})
    renumber = {old: new for new, old in enumerate(used)}

    def remap(i: int) -> int:
        return renumber[i] if i >= 0 else ~renumber[~i]

    geometries = []
    for code in sorted(merged):
        e = merged[code]
        polys = [[[remap(i) for i in ring] for ring in poly] for poly in e["polygons"]]
        props = {"name": e["name"]}
        if e["numeric"] is not None:
            props["iso_n3"] = e["numeric"]
        geom = ({"type": "Polygon", "arcs": polys[0]} if len(polys) == 1
                else {"type": "MultiPolygon", "arcs": polys})
        geometries.append({"id": code, "properties": props, **geom})

    return {
        "type": "Topology",
        "bbox": topo["bbox"],
        "transform": topo["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [topo["arcs"][i] for i in used],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tgz", type=Path, help="world-atlas tarball already on disk")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tgz = args.tgz or fetch_tarball(Path(tmp))
        topo, digest = read_topology(tgz)
    result = convert(topo)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Compact separators and a trailing newline: byte-identical output for identical input.
    args.out.write_text(json.dumps(result, separators=(",", ":"), ensure_ascii=False) + "\n",
                        encoding="utf-8")
    n = len(result["objects"]["countries"]["geometries"])
    print(f"{args.out}: {n} countries, {len(result['arcs'])} arcs, "
          f"{args.out.stat().st_size} bytes (source sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
