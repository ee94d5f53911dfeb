"""A MapSpec as a standalone Leaflet document, built with folium, meant for an <iframe>.

Three things folium does not do for us, and why this module exists:

* Only the local Leaflet copy is loaded (folium's defaults pull jQuery, Bootstrap, Font Awesome and
  awesome-markers from CDNs). Popups and tooltips therefore use small elements of our own, because
  folium's Popup needs jQuery and its Tooltip pastes text into a JavaScript template literal.
* Untrusted text is escaped for HTML, then JSON-encoded with <, >, & and the JS line separators as
  \\u escapes, so no string can close the <script> it sits in.
* Element ids are numbered from the spec id instead of random, so equal specs give equal bytes.

Area geometry travels as integer deltas (about half the size of GeoJSON text) and is turned back into
GeoJSON for an ``L.geoJSON`` layer by a few lines of script.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement

from . import geo
from .escape import html_plain, script_json
from .leaflet import leaflet_assets  # noqa: F401  (re-exported: callers found it here first)
from .mapspec import (CAPITAL_FILL, CONTEXT_FILL, CONTEXT_LINE, EVENT_FILL, MARKER_LINE, ROLE_STYLE,
                      SEA, MapSpec, safe_colour, safe_href, safe_weight, slug)

# Colours chosen to read on a light or a dark page; the dark variants follow the reader's system
# setting, which is all a document inside an iframe can see.
_CSS = """
html,body{margin:0;padding:0;width:100%;height:100%}
.folium-map{position:absolute;top:0;bottom:0;left:0;right:0}
.leaflet-container{background:SEA;font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.bf-ctx{fill:CONTEXT_FILL;stroke:CONTEXT_LINE}
.bf-legend{background:rgba(255,255,255,.92);color:#1b1b1b;padding:6px 8px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:16em}
.bf-legend div{display:flex;align-items:center;gap:6px;margin:2px 0}
.bf-sw{display:inline-block;flex:none;width:14px;height:10px;border:1px solid rgba(0,0,0,.35)}
.bf-ln{display:inline-block;flex:none;width:18px;height:0;border-top:3px solid}
.bf-ds{display:inline-block;flex:none;width:18px;height:0;border-top:3px dashed}
.bf-mk{display:inline-block;flex:none;width:10px;height:10px;border-radius:50%;border:1px solid #333}
.bf-popup a{font-weight:600}
@media (prefers-color-scheme:dark){
 .leaflet-container{background:#24313d}
 .bf-ctx{fill:#505863;stroke:#7d8793}
 .bf-legend{background:rgba(30,33,40,.92);color:#e8e8e8}
}
""".replace("SEA", SEA).replace("CONTEXT_FILL", CONTEXT_FILL).replace("CONTEXT_LINE", CONTEXT_LINE)

_ROLE_STYLE = {role: {"color": line, "weight": width, "fillOpacity": opacity}
               for role, (line, width, opacity) in ROLE_STYLE.items()}


js_json = script_json  # JSON inside the map document's <script> (escape.py)


def esc(text: str | None) -> str:
    return html_plain(text)


class _Raw(Element):
    """Text that goes into the page as it is.

    folium wraps what a MacroElement renders in a new Element whose text is parsed again as a Jinja
    template, so a label containing '{{' would be evaluated at build time. Our snippets, which carry
    untrusted text, are added as _Raw instead and never meet Jinja.
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Snippet(MacroElement):
    """A piece of header and/or script built (and escaped) in Python, not by a template."""

    def __init__(self, header: str = "", script=None):
        super().__init__()
        self._name = "Snippet"
        self.header = header
        self.script = script  # callable: (own JS name, parent JS name) -> script text

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if self.header:
            figure.header.add_child(_Raw(self.header), name=self.get_name())
        if self.script is not None:
            code = self.script(self.get_name(), self._parent.get_name())
            figure.script.add_child(_Raw(code), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def _tooltip(html_text: str) -> _Snippet:
    return _Snippet(script=lambda me, parent:
                    f'{parent}.bindTooltip({js_json(html_text)},{{"sticky":true}});\n')


def _popup(html_text: str) -> _Snippet:
    return _Snippet(script=lambda me, parent:
                    f'{parent}.bindPopup({js_json(html_text)},{{"maxWidth":280}});\n')


# The area geometry arrives as integer deltas; this rebuilds GeoJSON for an L.geoJSON layer.
_AREAS_JS = """var %(me)s = (function (D) {
  function ring(a) {
    var x = 0, y = 0, out = [];
    for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / D.k, y / D.k]); }
    return out;
  }
  var features = D.areas.map(function (a) {
    return {type: "Feature", id: a.c, properties: a,
            geometry: {type: "MultiPolygon", coordinates: a.p.map(function (p) { return p.map(ring); })}};
  });
  return L.geoJSON({type: "FeatureCollection", features: features}, {
    style: function (f) { return D.s[f.properties.s]; },
    onEachFeature: function (f, layer) {
      var a = f.properties;
      if (a.t) { layer.bindTooltip(a.t, {sticky: true}); }
      if (a.h) {
        // Map documents live in an iframe: the link replaces the page around it.
        layer.on("click", function () { window.top.location.href = new URL(a.h, document.baseURI).href; });
      }
    }
  });
})(%(payload)s).addTo(%(parent)s);
"""

_LEGEND_JS = """var %(me)s = L.control({position: "bottomright"});
%(me)s.onAdd = function () {
  var div = L.DomUtil.create("div", "bf-legend");
  div.innerHTML = %(html)s;
  return div;
};
%(me)s.addTo(%(parent)s);
"""


def _areas(payload: str) -> _Snippet:
    return _Snippet(script=lambda me, parent: _AREAS_JS % {"me": me, "parent": parent,
                                                           "payload": payload})


def _legend(html_text: str) -> _Snippet:
    return _Snippet(script=lambda me, parent: _LEGEND_JS % {"me": me, "parent": parent,
                                                            "html": js_json(html_text)})


def _area_payload(spec: MapSpec, shapes: list[geo.Shape]) -> str:
    k = 10 ** max((s.decimals for s in shapes), default=0)
    by_code = {a.code: a for a in spec.areas}
    styles: list[dict] = []
    areas = []
    for shape in shapes:
        area = by_code.get(shape.code)
        role = area.role if area and area.role in _ROLE_STYLE else "context"
        style = dict(_ROLE_STYLE[role])
        if area is None:
            style["className"] = "bf-ctx"
            style["fillColor"] = CONTEXT_FILL
        else:
            style["fillColor"] = safe_colour(area.fill)
        if style not in styles:
            styles.append(style)
        tip = (area.tooltip or area.label) if area else shape.name
        entry = {"c": shape.code, "s": styles.index(style), "t": esc(tip),
                 "p": [[_deltas(ring, k) for ring in poly] for poly in shape.polygons]}
        href = safe_href(area.href) if area else None
        if href:
            entry["h"] = href
        areas.append(entry)
    return js_json({"k": k, "s": styles, "areas": areas})


def _deltas(ring: geo.Ring, k: int) -> list[int]:
    out: list[int] = []
    px = py = 0
    for x, y in ring:
        ix, iy = round(x * k), round(y * k)
        out += (ix - px, iy - py)
        px, py = ix, iy
    return out


def _legend_html(spec: MapSpec) -> str:
    rows = []
    for entry in spec.legend:
        colour = safe_colour(entry.colour)
        cls = {"fill": "bf-sw", "line": "bf-ln", "dashed": "bf-ds", "marker": "bf-mk"}.get(entry.style,
                                                                                             "bf-sw")
        prop = "border-top-color" if cls in ("bf-ln", "bf-ds") else "background"
        rows.append(f'<div><span class="{cls}" style="{prop}:{colour}"></span>'
                    f"<span>{esc(entry.label)}</span></div>")
    return "".join(rows)


def _popup_html(marker) -> str:
    parts = [f"<strong>{esc(marker.title)}</strong>"]
    parts += [esc(line) for line in marker.popup_lines]
    href = safe_href(marker.link_href)
    if href and marker.link_text:
        parts.append(f'<a href="{esc(href)}" target="_top">{esc(marker.link_text)}</a>')
    return '<div class="bf-popup">' + "<br>".join(parts) + "</div>"


def render_map_html(spec: MapSpec, leaflet_base: str) -> str:
    """The complete HTML document for ``spec``; Leaflet is loaded from ``leaflet_base`` (relative)."""
    base = safe_href(leaflet_base)
    if base is None or base.startswith(("http:", "https:")) or re.search(r"[\"'<>]", base):
        raise ValueError(f"leaflet_base must be a relative URL, got {leaflet_base!r}")
    if not base.endswith("/"):
        base += "/"

    box = geo.spec_frame(spec)
    shapes = geo.spec_shapes(spec, box)
    tiles = _tile_options(spec)

    fmap = folium.Map(location=None, tiles=None, zoom_control=True, zoomSnap=0.25,
                      attributionControl=tiles is not None, font_size="14px")
    # Instance attributes: folium's add_js_link would otherwise edit its module-level lists.
    fmap.default_js = [("leaflet", base + "leaflet.js")]
    fmap.default_css = [("leaflet_css", base + "leaflet.css")]
    # The empty icon stops the browser asking the server for /favicon.ico on its own.
    fmap.add_child(_Snippet(header=f'<link rel="icon" href="data:,">\n<style>{_CSS}</style>'))
    if tiles:
        folium.TileLayer(tiles=tiles["url"], attr=tiles["attribution"], name="tiles",
                         control=False).add_to(fmap)

    fmap.add_child(_areas(_area_payload(spec, shapes)))

    for line in spec.lines:
        start = (line.start[0], geo.wrap_lon(line.start[1], box))
        end = (line.end[0], geo.wrap_lon(line.end[1], box))
        poly = folium.PolyLine([start, end], color=safe_colour(line.colour), weight=safe_weight(line.weight),
                               opacity=0.9, dash_array="8 6" if line.dashed else None)
        if line.label:
            poly.add_child(_tooltip(esc(line.label)))
        fmap.add_child(poly)

    for marker in spec.markers:
        capital = marker.kind == "capital"
        dot = folium.CircleMarker(
            (marker.lat, geo.wrap_lon(marker.lon, box)), radius=6 if capital else 5,
            color=MARKER_LINE, weight=2 if capital else 1,
            fill=True, fill_color=CAPITAL_FILL if capital else EVENT_FILL, fill_opacity=1.0)
        dot.add_child(_tooltip(esc(marker.title)))
        dot.add_child(_popup(_popup_html(marker)))
        fmap.add_child(dot)

    if spec.legend:
        fmap.add_child(_legend(_legend_html(spec)))
    fmap.fit_bounds([[box[1], box[0]], [box[3], box[2]]])

    figure = fmap.get_root()
    figure.title = esc(spec.title)
    _number_elements(figure, slug(spec.id))
    out = figure.render()
    return _finish(out, fmap.get_name(), spec.title)


def _tile_options(spec: MapSpec) -> dict | None:
    if not spec.tiles:
        return None
    url = safe_href(spec.tiles.get("url"))
    # folium parses a TileLayer's rendered script as a Jinja template again: no '{{', '{%', '{#'.
    if not url or not url.startswith(("https://", "http://")) or re.search(r"\{[{%#]|[\"'<>]", url):
        return None
    attribution = esc(str(spec.tiles.get("attribution") or "")).replace("{", "&#123;")
    return {"url": url, "attribution": attribution.replace("}", "&#125;")}


def _number_elements(figure: Figure, prefix: str) -> None:
    """Replace folium's random element ids with ``prefix`` and a counter, in tree order."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        old_names = {key: child.get_name() for key, child in element._children.items()}
        for child in element._children.values():
            child._id = f"{prefix}_{counter}"
            counter += 1
        # Children are keyed by name; keep the dict in step with the new ids.
        element._children = type(element._children)(
            (child.get_name() if old_names[key] == key else key, child)
            for key, child in element._children.items())
        for child in element._children.values():
            visit(child)

    for part in (figure, figure.header, figure.html, figure.script):
        visit(part)


def _finish(document: str, map_name: str, title: str) -> str:
    """Accessibility attributes folium has no option for, and whitespace it leaves behind."""
    container = f'<div class="folium-map" id="{map_name}" ></div>'
    if document.count(container) != 1:
        raise RuntimeError("folium changed its map container markup; update mapdoc._finish")
    document = document.replace(
        container,
        f'<div class="folium-map" id="{map_name}" role="region" aria-label="{esc(title)}"></div>')
    document = document.replace("<html>", '<html lang="en">', 1)
    # folium forbids page zoom (user-scalable=no, maximum-scale=1), so a reader who opens the map on
    # its own cannot enlarge the legend (WCAG 1.4.4). Leaflet's pinch zoom works without the ban.
    document = re.sub(r'<meta name="viewport" content="[^"]*"\s*/?>',
                      '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
                      document, count=1)
    lines = [line.rstrip() for line in document.splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"
