"""mapdoc: the Leaflet map document: local assets only, small, deterministic, escaped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:  # the package lives under hooks/ (see pyproject.toml)
    sys.path.insert(0, str(ROOT / "hooks"))

from briefing import geo, leaflet, mapdoc  # noqa: E402
from briefing.mapspec import (Area, LegendEntry, Line, MapSpec, Marker, safe_colour,  # noqa: E402
                              safe_href)

KABUL = (34.53, 69.17)
CAPITALS = {"CHN": ("China", (39.90, 116.40)), "USA": ("United States", (38.90, -77.04)),
            "RUS": ("Russia", (55.75, 37.62))}
HOSTILE = ("<img src=x onerror=alert(1)></script><script>alert(1)</script>"
           "{{ 7*191 }}{% raw %}`${alert(2)}`\u2028'\"&amp;")
LEAFLET_BASE = "../assets/leaflet/"


def pair_spec(code: str, text: str | None = None, href: str | None = None) -> MapSpec:
    """A counterpart map as the content model would build it; ``text`` replaces every text field."""
    name, capital = CAPITALS[code]
    t = (lambda default: text if text is not None else default)
    return MapSpec(
        id=f"afg-{code.lower()}",
        title=t(f"Afghanistan and {name}"),
        areas=(Area("AFG", t("Afghanistan"), "#1f77b4", "focal", None, t("Afghanistan")),
               Area(code, t(name), "#d62728", "counterpart", href or f"../countries/{code.lower()}/",
                    t(f"{name}: ambassadors"))),
        lines=(Line(KABUL, capital, "#d62728", True, 3.0, t("Ambassadors exchanged")),),
        markers=(Marker(*KABUL, t("Kabul"), (), None, None, "capital", t("Kabul")),
                 Marker(*capital, t(name), (t("capital"),), t("Profile"), "../countries/x/", "capital", t(name)),
                 Marker(34.0, 71.1, t("Crossing closed"), (t("12 Mar 2024"), t("Border shut")),
                        t("Timeline"), "../timeline/#ev-1")),
        legend=(LegendEntry("#d62728", t(name), "fill"), LegendEntry("#d62728", t("Ambassadors"), "dashed"),
                LegendEntry("#c0392b", t("Event"), "marker")),
        frame=geo.frame(["AFG"], [KABUL, capital]),
    )


@pytest.mark.parametrize("code", ["CHN", "USA", "RUS"])
def test_document_size_under_60_kb(code):
    size = len(mapdoc.render_map_html(pair_spec(code), LEAFLET_BASE).encode("utf-8"))
    print(f"{code}: {size} bytes")
    assert size < 60_000


def test_only_local_leaflet_is_loaded():
    doc = mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    assert "http://" not in doc and "https://" not in doc and "//cdn" not in doc
    for banned in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers",
                   "awesome_markers", "$("):
        assert banned not in doc.lower()
    assert '<script src="../assets/leaflet/leaflet.js"></script>' in doc
    assert '<link rel="stylesheet" href="../assets/leaflet/leaflet.css"/>' in doc
    assert len(re.findall(r"<script src=", doc)) == 1
    assert len(re.findall(r"<link rel=\"stylesheet\"", doc)) == 1


def test_folium_defaults_are_not_mutated():
    import folium

    mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_tiles_only_when_asked_and_only_their_url():
    spec = pair_spec("CHN")
    tiled = MapSpec(**{**spec.__dict__, "tiles": {"url": "https://tile.example.org/{z}/{x}/{y}.png",
                                                  "attribution": "&copy; <b>Example</b> {{ 7*7 }}"}})
    doc = mapdoc.render_map_html(tiled, LEAFLET_BASE)
    urls = re.findall(r"https?://[^\s\"']+", doc)
    assert urls == ["https://tile.example.org/{z}/{x}/{y}.png"]
    assert "<b>Example</b>" not in doc and "{{ 7*7 }}" not in doc
    assert "\\u0026lt;b\\u0026gt;Example" in doc  # plain text: HTML-escaped, then JSON
    bad = MapSpec(**{**spec.__dict__, "tiles": {"url": "javascript:alert(1)//{z}", "attribution": ""}})
    assert "javascript:" not in mapdoc.render_map_html(bad, LEAFLET_BASE)


def test_same_spec_same_bytes():
    a = mapdoc.render_map_html(pair_spec("USA"), LEAFLET_BASE)
    b = mapdoc.render_map_html(pair_spec("USA"), LEAFLET_BASE)
    assert a == b
    assert not re.search(r"[0-9a-f]{32}", a)  # no folium uuid left


def test_same_bytes_in_another_process():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
            "import test_mapdoc as t; from briefing import mapdoc;"
            "sys.stdout.write(mapdoc.render_map_html(t.pair_spec('CHN', t.HOSTILE), t.LEAFLET_BASE))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "hooks"), str(ROOT / "tests")],
                         capture_output=True, text=True, env=env, check=True, encoding="utf-8").stdout
    assert out == mapdoc.render_map_html(pair_spec("CHN", HOSTILE), LEAFLET_BASE)


def test_element_ids_come_from_the_spec_id():
    doc = mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    assert 'id="map_afg_chn_0"' in doc
    assert "var map_afg_chn_0 = L.map(" in doc


def test_hostile_text_is_escaped_everywhere():
    doc = mapdoc.render_map_html(pair_spec("CHN", HOSTILE), LEAFLET_BASE)
    assert "<img" not in doc
    assert "<script>alert" not in doc
    # leaflet.js, the palette switch, folium's two switches, the map script: no text opened or closed another.
    assert doc.count("<script") == doc.count("</script>") == 4
    assert "{{ 7*191 }}{% raw %}" in doc and "1337" not in doc  # shown as typed, never run by Jinja
    assert "\u2028" not in doc
    # In HTML: entity-escaped; inside scripts: HTML-escaped, then JSON with \u escapes.
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in doc
    assert 'aria-label="&lt;img src=x onerror=alert(1)&gt;' in doc
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in doc
    assert "\\u0026amp;amp;" in doc  # '&amp;' in the text is shown as typed, not as '&'


def test_dangerous_links_are_dropped():
    for href in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                 "data:text/html,<script>alert(1)</script>", "//evil.example/", "\\\\evil.example"):
        doc = mapdoc.render_map_html(pair_spec("CHN", href=href), LEAFLET_BASE)
        assert "javascript" not in doc.lower() and "data:text" not in doc and "evil" not in doc
    doc = mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    assert '"h":"../countries/chn/"' in doc
    assert "window.top.location.href" in doc


def test_safe_href_and_colour():
    assert safe_href("../countries/china/") == "../countries/china/"
    assert safe_href("#ev-1") == "#ev-1"
    assert safe_href("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in (None, "", " ", "javascript:x", "vbscript:x", "data:x", "java\nscript:x", "//x", "\\\\x",
                "file:///etc/passwd"):
        assert safe_href(bad) is None
    assert safe_colour("#d62728") == "#d62728" and safe_colour("teal") == "teal"
    for bad in ("red;background:url(x)", "#12345", "rgb(1,2,3)", "</style>", None):
        assert safe_colour(bad) == "#888888"


def test_leaflet_base_must_be_relative():
    for bad in ("https://cdn.example/leaflet/", "//cdn.example/", "javascript:x/", '../a"><script>/'):
        with pytest.raises(ValueError):
            mapdoc.render_map_html(pair_spec("CHN"), bad)
    doc = mapdoc.render_map_html(pair_spec("CHN"), "../assets/leaflet")
    assert '"../assets/leaflet/leaflet.js"' in doc


def test_accessible_and_responsive():
    doc = mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    assert "<title>Afghanistan and China</title>" in doc
    assert 'role="region" aria-label="Afghanistan and China"' in doc
    assert '<html lang="en">' in doc
    assert "width: 100.0%;" in doc and "height: 100.0%;" in doc
    assert not re.search(r"(width|height):\s*\d+px", doc.split("<style>")[1])  # folium's map box
    # The palette follows the page around the iframe, else the reader's system setting.
    assert 'getAttribute("data-md-color-scheme")' in doc and "prefers-color-scheme: dark" in doc
    assert ".bf-dark .bf-ctx{" in doc and ".bf-dark .bf-focal{" in doc


def test_document_draws_everything_in_the_spec():
    doc = mapdoc.render_map_html(pair_spec("CHN"), LEAFLET_BASE)
    import json

    payload = json.loads(re.search(r'\}\)\((\{"m":.*?\}\}\}), map_', doc).group(1))
    assert sorted(m["k"] for m in payload["m"]) == ["capital", "capital", "event"]
    # Capitals are labelled on the map; the lone focal capital needs no popup, the others have one.
    assert sorted(m.get("l", "") for m in payload["m"]) == ["", "China", "Kabul"]
    assert sum("p" in m for m in payload["m"]) == 2
    assert doc.count("L.polyline(") == 2 and '"dashArray": "8 6"' in doc  # the line and its casing
    assert "L.geoJSON(" in doc and '"c":"AFG"' in doc and '"c":"CHN"' in doc and '"c":"PAK"' in doc
    assert "bf-legend" in doc
    box = pair_spec("CHN").frame
    assert f"[[{box[1]}, {box[0]}], [{box[3]}, {box[2]}]]" in doc  # fitBounds to the frame


def test_context_can_be_switched_off():
    spec = pair_spec("CHN")
    bare = MapSpec(**{**spec.__dict__, "context": False})
    doc = mapdoc.render_map_html(bare, LEAFLET_BASE)
    assert '"c":"AFG"' in doc and '"c":"CHN"' in doc and '"c":"PAK"' not in doc


def test_leaflet_assets_exist():
    assets = leaflet.leaflet_assets()
    assert {"leaflet.js", "leaflet.css"} <= set(assets)
    assert all(path.is_file() for path in assets.values())
    assert "images/layers.png" in assets


def test_js_json_cannot_break_out_of_a_script():
    text = mapdoc.js_json({"a": "</script><!-- \u2028 & ' {{"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
