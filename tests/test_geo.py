"""geo: decoding the committed TopoJSON, antimeridian-safe bounds, frames and per-map geometry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:  # the package lives under hooks/ (see pyproject.toml)
    sys.path.insert(0, str(ROOT / "hooks"))

from briefing import geo  # noqa: E402

KABUL = (34.53, 69.17)
BEIJING = (39.90, 116.40)
WASHINGTON = (38.90, -77.04)
MOSCOW = (55.75, 37.62)


@pytest.fixture(scope="module")
def world():
    return geo.load_world()


@pytest.fixture(scope="module")
def raw():
    return json.loads(geo.DATA_FILE.read_text(encoding="utf-8"))


def _raw_polygon_count(raw, code):
    geom = next(g for g in raw["objects"]["countries"]["geometries"] if g["id"] == code)
    return 1 if geom["type"] == "Polygon" else len(geom["arcs"])


def test_data_file_is_small_and_keyed_by_alpha3(raw):
    assert geo.DATA_FILE.stat().st_size < 1_500_000
    ids = [g["id"] for g in raw["objects"]["countries"]["geometries"]]
    assert len(ids) == len(set(ids)) == 240
    assert all(len(i) == 3 and i.isupper() for i in ids)
    assert {"AFG", "CHN", "USA", "RUS", "PAK", "IRN", "XKX"} <= set(ids)
    assert (geo.DATA_FILE.parent / "PROVENANCE.md").is_file()


def test_load_world_is_cached(world):
    assert geo.load_world() is world


def test_afghanistan_is_one_polygon_with_one_ring(world):
    afg = world.countries["AFG"]
    assert afg.name == "Afghanistan"
    assert len(afg.polygons) == 1 and len(afg.polygons[0]) == 1
    ring = afg.polygons[0][0]
    assert ring[0] == ring[-1] and len(ring) > 100
    minlon, minlat, maxlon, maxlat = afg.bounds
    assert 60.4 < minlon < 60.6 and 74.8 < maxlon < 75.2
    assert 29.3 < minlat < 29.5 and 38.4 < maxlat < 38.6


@pytest.mark.parametrize("code, polygons", [("JPN", 34), ("IDN", 133), ("AUS", 43)])
def test_multipolygon_counts_match_the_topology(world, raw, code, polygons):
    # AUS includes Ashmore and Cartier Islands, merged in by scripts/update_boundaries.py.
    assert len(world.countries[code].polygons) == polygons == _raw_polygon_count(raw, code)


def test_every_decoded_ring_is_closed(world, raw):
    # Stitching arcs walked backwards (negative indexes) the wrong way round opens the ring.
    negative = sum(1 for g in raw["objects"]["countries"]["geometries"]
                   for poly in ([g["arcs"]] if g["type"] == "Polygon" else g["arcs"])
                   for ring in poly for i in ring if i < 0)
    assert negative > 300  # the real data does exercise reversed arcs
    for country in world.countries.values():
        for poly in country.polygons:
            for ring in poly:
                assert ring[0] == ring[-1], country.code
                assert len(ring) >= 4, country.code


def test_shared_border_is_the_same_line_both_ways(world):
    # Afghanistan and Pakistan share arcs: the border points of one are points of the other.
    afg = set(world.countries["AFG"].polygons[0][0])
    pak = {p for poly in world.countries["PAK"].polygons for p in poly[0]}
    assert len(afg & pak) > 100


def test_delta_decoding_and_reversed_arcs_on_a_tiny_topology():
    # Two unit squares side by side; the middle edge (arc 1) is walked backwards by the right one.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (1,0) -> (0,0) -> (0,1) -> (1,1) after decoding
            [[2, 2], [0, -2]],                  # (1,1) -> (1,0)
            [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (1,1) -> (2,1) -> (2,0) -> (1,0)
        ],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "AAA", "properties": {"name": "Left"}, "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "BBB", "properties": {"name": "Right"}, "arcs": [[2, ~1]]},
        ]}},
    }
    world = geo.World(topology)
    left = world.countries["AAA"].polygons[0][0]
    right = world.countries["BBB"].polygons[0][0]
    assert left == ((11, 20), (10, 20), (10, 21), (11, 21), (11, 20))
    assert right == ((11, 21), (12, 21), (12, 20), (11, 20), (11, 21))
    assert world.countries["BBB"].bounds == (11, 20, 12, 21)


@pytest.mark.parametrize("code, west, east, max_width", [
    ("RUS", 19, 191, 175),  # Chukotka, west of -169, joins the rest of Russia
    ("USA", 172, 294, 125),  # the Aleutians past 180 join Alaska
    ("FJI", 174, 182, 10),
])
def test_bounds_do_not_wrap_the_world(world, code, west, east, max_width):
    minlon, _, maxlon, _ = world.countries[code].bounds
    assert maxlon - minlon < max_width
    assert west - 1 < minlon < west + 1 and east - 1 < maxlon < east + 1
    assert geo.bounds_of([code]) == world.countries[code].bounds


def test_bounds_of_a_union(world):
    minlon, minlat, maxlon, maxlat = geo.bounds_of(["AFG", "PAK"])
    assert minlon == world.countries["AFG"].bounds[0]
    assert maxlat >= world.countries["PAK"].bounds[3]
    with pytest.raises(KeyError, match="ZZZ"):
        geo.bounds_of(["ZZZ"])


def _contains(box, latlon):
    lat, lon = latlon
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _mercator_ratio(box):
    return (box[2] - box[0]) / (geo.mercator_y(box[3]) - geo.mercator_y(box[1]))


def test_frame_afghanistan_china_stops_near_beijing(world):
    box = geo.frame(["AFG"], [KABUL, BEIJING])
    assert _contains(box, KABUL) and _contains(box, BEIJING)
    afg = world.countries["AFG"].bounds
    assert box[0] <= afg[0] and box[1] <= afg[1] and box[2] >= afg[2] and box[3] >= afg[3]
    chn = world.countries["CHN"].bounds
    assert box[2] < 128 < chn[2]  # China's far-eastern tip (134.8E) is out of the frame
    assert box[3] < chn[3]  # and so is Heilongjiang's north
    assert 1.29 <= _mercator_ratio(box) <= 2.01


def test_frame_afghanistan_united_states_goes_the_short_way():
    box = geo.frame(["AFG"], [KABUL, WASHINGTON])
    assert _contains(box, KABUL) and _contains(box, WASHINGTON)
    assert box[2] - box[0] < 200  # across the Atlantic, not across the Pacific
    assert 1.29 <= _mercator_ratio(box) <= 2.01


def test_frame_of_a_small_country_has_a_minimum_size():
    box = geo.frame(["XKX"])
    assert box[2] - box[0] >= 12 and box[3] - box[1] >= 8


def test_frame_of_russia_is_not_the_whole_world():
    box = geo.frame(["RUS"], [MOSCOW])
    assert box[2] - box[0] < 200 and -180 <= box[0] < 180


def test_frame_across_the_antimeridian_picks_up_the_far_side():
    box = geo.frame(["FJI"])
    assert box[2] > 180  # one continuous box east of 174E
    shapes = {s.code: s for s in geo.map_geometry(box, ["FJI"])}
    xs = [x for poly in shapes["FJI"].polygons for ring in poly for x, _ in ring]
    assert max(xs) > 180 and min(xs) > 170  # the islands east of 180 are shifted, not dropped


def test_cover_lon():
    assert geo._cover_lon([(10, 20), (30, 40)]) == (10, 40)
    assert geo._cover_lon([(170, 180), (-180, -170)]) == (170, 190)
    assert geo._cover_lon([(-10, 10), (170, 190)]) == (-10, 190)
    assert geo._cover_lon([(-180, 180)]) == (-180.0, 180.0)


def test_simplify_keeps_ends_and_respects_tolerance():
    line = [(x / 10, 0.01 * ((-1) ** x)) for x in range(101)]
    out = geo.simplify(line, 0.05)
    assert out[0] == line[0] and out[-1] == line[-1] and len(out) == 2
    out = geo.simplify(line, 0.001)
    assert out == line
    closed = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]  # an island: one arc, start == end
    assert len(geo.simplify(closed, 0.1)) >= 3


def test_clip_ring_to_box():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    clipped = geo.clip_ring(square, (5, -5, 15, 5))
    assert clipped[0] == clipped[-1]
    assert sorted(set(clipped)) == [(5, 0), (5, 5), (10, 0), (10, 5)]
    assert geo.clip_ring(square, (20, 20, 30, 30)) == []


def test_map_geometry_stays_in_the_margin_and_is_rounded():
    box = geo.frame(["AFG"], [KABUL, BEIJING])
    shapes = geo.map_geometry(box, ["AFG", "CHN"], margin=0.2)
    area = geo.expand(box, 0.2)
    codes = [s.code for s in shapes]
    assert codes == sorted(codes) and {"AFG", "CHN", "PAK", "IRN"} <= set(codes)
    assert "USA" not in codes and "BRA" not in codes
    for shape in shapes:
        for poly in shape.polygons:
            for ring in poly:
                assert ring[0] == ring[-1]
                slack = 10 ** -shape.decimals  # rounding may nudge a clipped point over the edge
                for x, y in ring:
                    assert area[0] - slack <= x <= area[2] + slack
                    assert area[1] - slack <= y <= area[3] + slack
                    assert round(x, shape.decimals) == x
    assert shapes == geo.map_geometry(box, ["AFG", "CHN"], margin=0.2)


def test_map_geometry_without_context_and_with_a_point_budget():
    box = geo.frame(["AFG"], [KABUL, WASHINGTON])
    only = geo.map_geometry(box, ["AFG", "USA"], context=False)
    assert [s.code for s in only] == ["AFG", "USA"]
    capped = geo.map_geometry(box, ["AFG", "USA"], max_points=3000)
    assert sum(len(r) for s in capped for p in s.polygons for r in p) <= 3000


def test_tiny_requested_country_survives_simplification():
    box = geo.frame(["AFG"], [KABUL, WASHINGTON])
    shapes = {s.code: s for s in geo.map_geometry(box, ["AFG", "BHR"], max_points=3000)}
    assert "BHR" in shapes  # Bahrain is far below a pixel at this scale, but it was asked for


def test_world_frame_is_centred_on_the_focus_and_never_crosses_the_antimeridian():
    # Bamako (-8) with Washington and Beijing: room on both sides, so centred.
    box = geo.world_frame(-8.0, ["MLI"], [(38.9, -77.04), (39.9, 116.4)])
    assert -180 <= box[0] < box[2] <= 180
    assert abs((box[0] + box[2]) / 2 - (-8.0)) < 0.01
    # Kabul (69) with the contiguous United States: the east side stops at 180, nothing wraps.
    usa = geo.main_part_bounds("USA")
    box = geo.world_frame(69.2, ["AFG"], [(38.9, -77.04)], [usa])
    assert box[2] == 180 and box[0] <= usa[0]
    # Russia's mainland runs past 180: framed up to the antimeridian, not beyond.
    box = geo.world_frame(69.2, ["AFG", "RUS"])
    assert box[2] <= 180 and box[0] >= -180


def test_main_part_bounds_is_the_mainland():
    fra = geo.main_part_bounds("FRA")
    assert -6 < fra[0] and fra[2] < 10 and 41 < fra[1] and fra[3] < 52  # not Guiana, not Reunion


def test_markers_at_one_place_merge_and_keep_each_popup():
    from briefing.mapspec import Marker, merge_markers

    box = (0.0, 0.0, 100.0, 50.0)
    capital = Marker(55.75, 37.62, "Moscow, capital of Russia", kind="capital", label="Moscow")
    events = [Marker(55.75, 37.62, f"Event {i}", (f"text {i}",), "Open", f"#ev-{i}") for i in range(3)]
    far = Marker(59.93, 30.36, "St Petersburg event")
    merged = merge_markers([events[0], capital, events[1], far, events[2]], box, 0.015)
    assert len(merged) == 2
    moscow = merged[0]
    assert moscow.kind == "capital" and moscow.label == "Moscow"
    assert [m.title for m in moscow.members] == [capital.title] + [e.title for e in events]
    assert merged[1] == far and far.members == (far,)
