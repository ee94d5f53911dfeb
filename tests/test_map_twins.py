"""Both twins of every map of a built briefing show the same subject in the same, honest frame.

Expected values come from the loaded briefing: every counterpart (every member of a bloc) and every
located event must be in the Leaflet document and in the SVG twin; the frame holds the focal
country, the counterpart (a bloc: each member's mainland; a state: its capital, geo.frame's rule)
and every located event; the overview is centred on the focal country as far as the antimeridian
allows, and never wraps.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import pytest

from briefing import geo
from briefing.colourdiff import ciede2000
from briefing.mapstyle import STYLE
from briefing.validate import load_briefing

pytestmark = pytest.mark.slow

SVG = "{http://www.w3.org/2000/svg}"
# Neighbouring ladder rungs must differ by at least this CIEDE2000 distance (10 is an obvious
# difference; the default Afghanistan ladder's closest pair is 11.9).
MIN_RUNG_DIFFERENCE = 10.0
# The focal country against its grey neighbours, the sea and every rung, in each palette.
MIN_FOCAL_DIFFERENCE = 15.0


def payload(doc: str, key: str) -> dict:
    """The JSON object a map document passes to its areas ('areas') or markers ('m') script."""
    start = doc.index('({"%s":' % key) + 1
    return json.JSONDecoder().raw_decode(doc, start)[0]


def svg_root(path) -> ET.Element:
    return ET.fromstring(path.read_text(encoding="utf-8"))


def svg_area_codes(root: ET.Element) -> set[str]:
    return {p.get("id").removeprefix("area-") for p in root.iter(f"{SVG}path") if (p.get("id") or "").startswith("area-")}


def svg_marker_titles(root: ET.Element) -> str:
    return "\n".join(c.findtext(f"{SVG}title") or "" for c in root.iter(f"{SVG}circle"))


def members(country) -> list[str]:
    return list(country.members) if country.kind == "bloc" else [country.iso3]


def inside(box, lat: float, lon: float) -> bool:
    return box[1] <= lat <= box[3] and box[0] <= geo.wrap_lon(lon, box) <= box[2]


def svg_frame(root: ET.Element) -> tuple[float, float]:
    return tuple(float(v) for v in root.get("viewBox").split()[2:])


def test_every_counterpart_member_and_located_event_is_in_both_twins(briefing):
    data = load_briefing(briefing.data)
    maps = briefing.site / "maps"
    overview_doc = (maps / "overview.html").read_text(encoding="utf-8")
    overview_svg = svg_root(maps / "overview.svg")
    overview_codes = {a["c"] for a in payload(overview_doc, "areas")["areas"]}
    for country_id, country in data.countries.items():
        codes = set(members(country)) | {data.meta.focal.iso3}
        assert codes <= overview_codes, (country_id, codes - overview_codes)
        assert codes <= svg_area_codes(overview_svg), (country_id, codes - svg_area_codes(overview_svg))

        doc = (maps / f"{country_id}.html").read_text(encoding="utf-8")
        root = svg_root(maps / f"{country_id}.svg")
        html_codes = {a["c"] for a in payload(doc, "areas")["areas"]}
        assert codes <= html_codes, (country_id, codes - html_codes)
        assert codes <= svg_area_codes(root), (country_id, codes - svg_area_codes(root))
        located = [e for e in data.events if e.place and country_id in e.countries]
        popups = json.dumps(payload(doc, "m")["m"], ensure_ascii=False) if located else ""
        titles = svg_marker_titles(root)
        for event in located:
            name = html.escape(event.place.name, quote=True)  # as mapdoc.esc puts text into popups
            assert json.dumps(name, ensure_ascii=False)[1:-1] in popups, (country_id, event.id)
            assert event.place.name in titles, (country_id, event.id)


def test_frames_hold_the_subject(briefing):
    from briefing.relmaps import all_specs
    from briefing.index import build_index

    data = load_briefing(briefing.data)
    index = build_index(data)
    specs = {s.id: s for s in all_specs(data, index)}
    focal = data.meta.focal
    world = geo.load_world()
    for country_id, country in data.countries.items():
        box = specs[country_id].frame
        fb = geo.bounds_of([focal.iso3])
        assert inside(box, fb[1], fb[0]) and inside(box, fb[3], fb[2]), (country_id, box, fb)
        for lat, lon in [(focal.capital.lat, focal.capital.lon), (country.capital.lat, country.capital.lon)]:
            assert inside(box, lat, lon), (country_id, box, lat, lon)
        if country.kind == "bloc":
            for code in country.members:
                b = geo.main_part_bounds(code, world)
                assert inside(box, b[1], b[0]) and inside(box, b[3], b[2]), (country_id, code, box, b)
        for event in data.events:
            if event.place and country_id in event.countries:
                assert inside(box, event.place.lat, event.place.lon), (country_id, event.id, box)

    box = specs["overview"].frame
    assert -180 <= box[0] < box[2] <= 180, box  # never wraps
    for country in data.countries.values():
        assert inside(box, country.capital.lat, country.capital.lon), (country.id, box)
        for code in members(country):
            b = geo.main_part_bounds(code, world)
            # A mainland across the antimeridian (Russia's Chukotka) is framed up to it.
            assert box[0] <= b[0] and min(b[2], 180) <= box[2], (country.id, code, box, b)
    # Centred on the focal capital unless the antimeridian stops it: the side that is shorter
    # ends at -180 or 180.
    centre = focal.capital.lon
    west, east = centre - box[0], box[2] - centre
    assert abs(west - east) < 1 or min(box[0], -box[2]) == -180, (box, centre)


def test_overview_never_draws_a_country_a_turn_away(briefing):
    """No wrapping: every overview coordinate lies between -180 and 180 degrees, so (say) the United
    States is never drawn east of China."""
    doc = (briefing.site / "maps" / "overview.html").read_text(encoding="utf-8")
    data = payload(doc, "areas")
    k = data["k"]
    for area in data["areas"]:
        for poly in area["p"]:
            for ring in poly:
                x = 0
                for dx in ring[0::2]:
                    x += dx
                    assert -180.0001 <= x / k <= 180.0001, area["c"]


def test_map_documents_stay_small(briefing):
    for path in sorted((briefing.site / "maps").iterdir()):
        assert path.stat().st_size <= 60_000, f"{path.name} is {path.stat().st_size} bytes"


def test_ladder_palette_is_ordered_and_distinguishable(briefing):
    """Neighbouring rungs differ by MIN_RUNG_DIFFERENCE (CIEDE2000) and lightness falls steadily up
    the ladder. The fills are opaque and the same in both palettes; the focal country differs from
    land, sea and every rung in the light and in the dark palette."""
    from briefing.colourdiff import lab

    ladder = load_briefing(briefing.data).meta.ladder
    colours = [level.colour for level in ladder]
    for low, high in zip(ladder, ladder[1:]):
        diff = ciede2000(low.colour, high.colour)
        assert diff >= MIN_RUNG_DIFFERENCE, f"{low.id} {low.colour} / {high.id} {high.colour}: {diff:.1f}"
    lightness = [lab(c)[0] for c in colours]
    assert lightness == sorted(lightness, reverse=True), dict(zip(colours, lightness))
    for palette in (STYLE.light, STYLE.dark):
        for other in [palette.land, palette.sea, *colours]:
            diff = ciede2000(palette.focal, other)
            assert diff >= MIN_FOCAL_DIFFERENCE, f"focal {palette.focal} / {other}: {diff:.1f}"
        assert ciede2000(palette.land, colours[0]) >= MIN_RUNG_DIFFERENCE, (palette.land, colours[0])


def test_svg_swatches_are_the_drawn_fills(briefing):
    """Every fill swatch in an SVG legend is the exact fill of an area drawn on that map (opaque, so
    what the legend shows is what the map shows)."""
    for path in sorted((briefing.site / "maps").glob("*.svg")):
        root = svg_root(path)
        fills = {p.get("fill") for p in root.iter(f"{SVG}path") if (p.get("id") or "").startswith("area-")}
        assert all(p.get("fill-opacity") in (None, "1") for p in root.iter(f"{SVG}path")), path.name
        legend = root.find(f"{SVG}g")
        swatches = [r.get("fill") for r in legend.iter(f"{SVG}rect")][1:]  # the first is the legend's box
        assert swatches and set(swatches) <= fills, (path.name, set(swatches) - fills)
