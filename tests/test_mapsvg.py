"""mapsvg: the static SVG twin: well-formed, escaped, deterministic, plain SVG 1.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:  # the package lives under hooks/ (see pyproject.toml)
    sys.path.insert(0, str(ROOT / "hooks"))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from briefing import mapsvg  # noqa: E402
from briefing.mapspec import MapSpec  # noqa: E402
from test_mapdoc import HOSTILE, pair_spec  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_well_formed_and_accessible():
    svg = mapsvg.render_map_svg(pair_spec("CHN"))
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label") == "Afghanistan and China"
    assert root.find(f"{SVG}title").text == "Afghanistan and China"
    assert root.get("width") == "100%" and root.get("height") is None
    w, h = (float(v) for v in root.get("viewBox").split()[2:])
    assert w == 800 and 300 < h < 800


def test_draws_areas_line_markers_and_legend():
    root = parse(mapsvg.render_map_svg(pair_spec("CHN")))
    titles = [p.findtext(f"{SVG}title") for p in root.iter(f"{SVG}path")]
    assert "Afghanistan" in titles and "China: ambassadors" in titles
    assert len(titles) > 10  # grey context countries too
    lines = list(root.iter(f"{SVG}line"))
    assert any(line.get("stroke-dasharray") == "8 6"
               and line.findtext(f"{SVG}title") == "Ambassadors exchanged" for line in lines)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) >= 4  # three markers and the legend's marker swatch
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Kabul" in texts and "Event" in texts and "Ambassadors" in texts


def test_coordinates_stay_in_the_viewbox():
    root = parse(mapsvg.render_map_svg(pair_spec("USA")))
    w, h = (float(v) for v in root.get("viewBox").split()[2:])
    for path in root.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.sub("[MLZ]", " ", path.get("d")).split()]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= -0.1 and max(xs) <= w + 0.1 and min(ys) >= -0.1 and max(ys) <= h + 0.1


def test_hostile_text_is_escaped():
    svg = mapsvg.render_map_svg(pair_spec("CHN", HOSTILE))
    root = parse(svg)  # well-formed despite the text
    assert "<img" not in svg and "<script" not in svg
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.get("aria-label") == HOSTILE
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "path", "line", "circle", "text", "g"}


def test_control_characters_are_dropped():
    spec = pair_spec("CHN", "bad\x00\x07text")
    root = parse(mapsvg.render_map_svg(spec))
    assert root.find(f"{SVG}title").text == "badtext"


def test_plain_svg_11():
    svg = mapsvg.render_map_svg(pair_spec("RUS"))
    for banned in ("foreignObject", "var(", "<style", "paint-order", "clipPath", "https://",
                   "http://www.w3.org/1999"):
        assert banned not in svg
    assert svg.count("http://") == 1  # the SVG namespace


def test_deterministic_across_processes():
    a = mapsvg.render_map_svg(pair_spec("USA", HOSTILE))
    assert a == mapsvg.render_map_svg(pair_spec("USA", HOSTILE))
    code = ("import sys; sys.path[:0] = sys.argv[1:3];"
            "import test_mapdoc as t; from briefing import mapsvg;"
            "sys.stdout.write(mapsvg.render_map_svg(t.pair_spec('USA', t.HOSTILE)))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "hooks"), str(ROOT / "tests")],
                         capture_output=True, text=True, check=True, encoding="utf-8",
                         env={**os.environ, "PYTHONHASHSEED": "999"}).stdout
    assert out == a


def test_same_geometry_as_the_document():
    # Both renderers start from geo.spec_shapes: every country in the SVG is in the document.
    from briefing import mapdoc

    spec = pair_spec("CHN")
    doc = mapdoc.render_map_html(spec, "../assets/leaflet/")
    root = parse(mapsvg.render_map_svg(spec))
    assert len(list(root.iter(f"{SVG}path"))) <= doc.count('"c":"')


def test_no_legend_no_legend_box():
    spec = pair_spec("CHN")
    bare = MapSpec(**{**spec.__dict__, "legend": ()})
    root = parse(mapsvg.render_map_svg(bare))
    assert root.find(f"{SVG}g") is None


@pytest.mark.parametrize("long", [
    ("Ville " + "très-longue d'Ouagadougou & « environs » " * 3 + "fin")[:130],
    # WeasyPrint draws SVG text a code point at a time: in the PDF each mark takes a letter's place.
    "A\u030a\u0301\u0324" * 40,
], ids=["words", "stacked-marks"])
def test_long_labels_are_shortened_with_the_full_text_in_a_title(long):
    from briefing.mapspec import LegendEntry, Marker

    spec = pair_spec("CHN")
    markers = (Marker(34.53, 69.17, "Kabul", kind="capital", label=long),) + spec.markers[1:]
    legend = spec.legend + (LegendEntry("#123456", long, "fill"),)
    root = parse(mapsvg.render_map_svg(MapSpec(**{**spec.__dict__, "markers": markers, "legend": legend})))
    w = float(root.get("viewBox").split()[2])
    shown = [t for t in root.iter(f"{SVG}text") if t.findtext(f"{SVG}title") == long]
    assert len(shown) == 2  # the capital's label and the legend entry
    for text in shown:
        visible = "".join(text.itertext()).replace(long, "", 1)
        assert visible.endswith("\u2026") and len(visible) < len(long)
        assert long.startswith(visible[:-1])
        # Estimated width (as the legend lays entries out) stays inside the map.
        assert float(text.get("x")) + len(visible) * mapsvg.FONT_SIZE * 0.6 <= w + 1 or text.get("text-anchor") == "end"


def test_legend_is_drawn_below_the_map_never_over_it():
    spec = pair_spec("CHN")
    root = parse(mapsvg.render_map_svg(spec))
    sea = next(r for r in root.iter(f"{SVG}rect"))
    map_h = float(sea.get("height"))
    legend = root.find(f"{SVG}g")
    for el in legend.iter():
        for attr in ("y", "cy", "y1"):
            if el.get(attr) is not None:
                assert float(el.get(attr)) >= map_h, (el.tag, el.attrib)
    total = float(root.get("viewBox").split()[3])
    assert total > map_h


def test_a_frame_past_180_keeps_the_united_states():
    """A frame written past 180 degrees (the overview's old wrap, a Pacific map) holds geometry that
    map_geometry shifted by a turn: the SVG must keep it, not drop it on normalised bounds."""
    from briefing.mapspec import Area

    box = (100.0, 10.0, 300.0, 70.0)  # China to the United States across the Pacific
    spec = MapSpec(id="pacific", title="Pacific", areas=(Area("CHN", "China", "#27808e", "focal"),
                                                         Area("USA", "United States", "#433a80", "counterpart")),
                   frame=box)
    root = parse(mapsvg.render_map_svg(spec))
    ids = {p.get("id") for p in root.iter(f"{SVG}path")}
    assert {"area-CHN", "area-USA", "area-CAN", "area-MEX"} <= ids
