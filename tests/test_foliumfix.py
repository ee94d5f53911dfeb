"""One test per folium workaround (briefing.foliumfix): a folium upgrade that breaks one fails here."""

from __future__ import annotations

import re

import folium
import pytest

from briefing import foliumfix


def fresh_map() -> folium.Map:
    return folium.Map(location=None, tiles=None)


def test_use_local_leaflet_loads_only_the_given_copy_and_leaves_folium_alone():
    fmap = fresh_map()
    foliumfix.use_local_leaflet(fmap, "../assets/leaflet/")
    doc = fmap.get_root().render()
    assert re.findall(r'<script src="([^"]+)"', doc) == ["../assets/leaflet/leaflet.js"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', doc) == ["../assets/leaflet/leaflet.css"]
    # Still needed: folium's own defaults (class level) reach for CDNs, and were not edited.
    assert any("cdn" in url for _, url in folium.Map.default_js)
    assert "../assets/leaflet/leaflet.js" not in str(folium.Map.default_js)


def test_raw_text_never_meets_jinja():
    fmap = fresh_map()
    fmap.add_child(foliumfix.Snippet(script=lambda me, parent: "var t = '{{ 7*191 }}{% raw %}';\n"))
    doc = fmap.get_root().render()
    assert "var t = '{{ 7*191 }}{% raw %}';" in doc and "1337" not in doc
    # Without Raw, folium would evaluate it: proof that the workaround is still needed.
    from branca.element import Element, MacroElement
    from jinja2 import Template

    class Plain(MacroElement):
        _template = Template("{% macro script(this, kwargs) %}var t = '{{ '{{' }} 7*191 }}';{% endmacro %}")

    other = fresh_map()
    other.add_child(Plain())
    assert "1337" in other.get_root().render()
    assert isinstance(foliumfix.Raw("x"), Element)


def test_snippet_puts_header_body_and_script_in_their_parts():
    fmap = fresh_map()
    fmap.add_child(foliumfix.Snippet(header="<style>.h{}</style>", body='<div class="b"></div>',
                                     script=lambda me, parent: f"/* {me} on {parent} */\n"))
    doc = fmap.get_root().render()
    head, rest = doc.split("</head>")
    body, script = rest.split("<script>", 1)
    assert "<style>.h{}</style>" in head
    assert '<div class="b"></div>' in body and body.index('<div class="b">') > body.index('class="folium-map"')
    assert re.search(r"/\* snippet_\w+ on map_\w+ \*/", script)


def test_number_elements_replaces_every_random_id():
    def render() -> str:
        fmap = fresh_map()
        folium.PolyLine([(0, 0), (1, 1)]).add_to(fmap)
        foliumfix.number_elements(fmap.get_root(), "demo")
        return fmap.get_root().render()

    first = render()
    assert not re.search(r"[0-9a-f]{32}", first)  # folium's uuids are gone
    assert "map_demo_0" in first and "poly_line_demo_" in first
    assert first == render()


def test_finish_patches_what_folium_cannot_set():
    fmap = fresh_map()
    foliumfix.number_elements(fmap.get_root(), "demo")
    raw = fmap.get_root().render()
    assert 'user-scalable=no' in raw and "<html>" in raw  # what folium still writes
    doc = foliumfix.finish(raw, fmap.get_name(), "A &amp; B")
    assert '<html lang="en">' in doc
    assert 'role="region" aria-label="A &amp; B"' in doc
    assert 'content="width=device-width, initial-scale=1.0"' in doc and "user-scalable" not in doc
    assert "\n\n" not in doc


def test_finish_fails_loudly_when_folium_markup_changes():
    fmap = fresh_map()
    raw = fmap.get_root().render()
    with pytest.raises(RuntimeError, match="container"):
        foliumfix.finish(raw.replace('class="folium-map"', 'class="leaflet-map"'), fmap.get_name(), "x")
    with pytest.raises(RuntimeError, match="html"):
        foliumfix.finish(raw.replace("<html>", "<html dir=ltr>"), fmap.get_name(), "x")
    with pytest.raises(RuntimeError, match="viewport"):
        foliumfix.finish(re.sub(r'<meta name="viewport"[^>]*>', "", raw), fmap.get_name(), "x")
