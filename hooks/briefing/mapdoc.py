"""A map's Layout (maplayout) as a standalone Leaflet document, built with folium, meant for an <iframe>.

* Only the local Leaflet copy is loaded; areas, markers and popups are small scripts of our own
  (folium's Popup needs jQuery and its Tooltip pastes text into a JavaScript template literal). Every
  workaround of folium itself lives in foliumfix.
* Untrusted text is escaped for HTML, then JSON-encoded with <, >, & and the JS line separators as
  \\u escapes, so no string can close the <script> it sits in.
* Colours and sizes come from mapstyle.STYLE, the same values the SVG twin uses.

Area geometry travels as integer deltas (about half the size of GeoJSON text) and is turned back into
GeoJSON for an ``L.geoJSON`` layer by a few lines of script.
"""

from __future__ import annotations

import re

import folium

from . import foliumfix, maplayout
from .escape import html_plain, script_json
from .mapspec import MapSpec, Marker, safe_colour, safe_href, safe_weight, slug
from .mapstyle import STYLE, Palette


def _palette_css(p: Palette, scope: str) -> str:
    return (f"{scope}.leaflet-container{{background:{p.sea}}}"
            f"{scope}.bf-ctx{{fill:{p.land};stroke:{p.land_line}}}"
            f"{scope}.bf-focal{{fill:{p.focal};stroke:{p.focal_line}}}"
            f"{scope}.bf-sw-focal{{background:{p.focal}!important}}"
            f"{scope}.bf-legend{{background:{p.legend_background};color:{p.legend_text};border-color:{p.land_line}}}"
            f"{scope}.bf-label{{color:{p.label};background:{p.label_halo};border-color:{p.land_line}}}\n")


# The legend sits below the map (never over it); under 600 px it starts folded. Dark colours follow
# the page around the iframe (html.bf-dark, set by _SCHEME_JS), so a light map never sits on a dark page.
_CSS = ("""
html,body{margin:0;padding:0;width:100%;height:100%}
body{display:flex;flex-direction:column}
.folium-map{flex:1 1 auto;min-height:0}
.leaflet-container{font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.bf-legend{flex:none;font:12px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:4px 8px;
 border-top:1px solid}
.bf-legend summary{cursor:pointer;font-weight:600}
.bf-legend ul{display:flex;flex-wrap:wrap;gap:2px 14px;margin:2px 0 0;padding:0;list-style:none}
.bf-legend li{display:flex;align-items:center;gap:6px}
.bf-sw{display:inline-block;flex:none;width:14px;height:10px;border:1px solid rgba(0,0,0,.35)}
.bf-ln{display:inline-block;flex:none;width:18px;height:0;border-top:3px solid}
.bf-ds{display:inline-block;flex:none;width:18px;height:0;border-top:3px dashed}
.bf-mk{display:inline-block;flex:none;width:10px;height:10px;border-radius:50%;border:1px solid #333}
.bf-gl{display:inline-block;flex:none;width:14px;text-align:center}
.bf-popup a{font-weight:600}
.bf-popup .bf-item{margin:0 0 .4em}
.bf-label{font-weight:600;font-size:12px;padding:1px 4px;box-shadow:none;white-space:normal;width:max-content;
 max-width:11em}
.bf-label:before{display:none}
.bf-trend{font-size:15px;line-height:18px;text-align:center;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}
"""
        + _palette_css(STYLE.light, "")
        + _palette_css(STYLE.dark, ".bf-dark "))

# Which palette: the one of the page around the iframe (Material's data-md-color-scheme on <body>,
# watched live), or the reader's system setting when the map is opened on its own.
_SCHEME_JS = """<script>(function () {
  var root = document.documentElement, query = window.matchMedia("(prefers-color-scheme: dark)");
  function host() { try { return window.parent !== window && window.parent.document.body; } catch (e) { return null; } }
  function apply() {
    var body = host(), scheme = body && body.getAttribute("data-md-color-scheme");
    root.classList.toggle("bf-dark", scheme ? scheme === "slate" : query.matches);
  }
  apply();
  query.addEventListener("change", apply);
  var body = host();
  if (body) { new MutationObserver(apply).observe(body, {attributes: true, attributeFilter: ["data-md-color-scheme"]}); }
})();</script>"""

js_json = script_json  # JSON inside the map document's <script> (escape.py)


def esc(text: str | None) -> str:
    return html_plain(text)


def _tooltip(html_text: str) -> foliumfix.Snippet:
    return foliumfix.Snippet(script=lambda me, parent:
                             f'{parent}.bindTooltip({js_json(html_text)},{{"sticky":true}});\n')


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

# Markers: capitals carry their name as a permanent label, events a tooltip, trend markers a glyph.
# Popups keep clear of the zoom buttons (top left) and never run past the map's height.
_MARKERS_JS = """var %(me)s = (function (D, map) {
  var pad = {autoPanPaddingTopLeft: [56, 12], autoPanPaddingBottomRight: [12, 12], maxWidth: 260};
  D.m.forEach(function (m) {
    var layer = m.g
      ? L.marker([m.y, m.x], {icon: L.divIcon({className: "bf-trend", html: m.g, iconSize: [18, 18]}), keyboard: false})
      : L.circleMarker([m.y, m.x], D.s[m.k]);
    if (m.l) { layer.bindTooltip(m.l, {permanent: true, direction: "right", offset: [6, 0], className: "bf-label"}); }
    else if (m.t) { layer.bindTooltip(m.t, {sticky: true}); }
    if (m.p) { layer.bindPopup(m.p, pad); }
    if (m.c) { layer.on("add", function () { layer.getElement().style.color = m.c; }); }
    layer.addTo(map);
  });
  map.on("popupopen", function (e) {
    e.popup.options.maxHeight = Math.max(80, map.getSize().y - 40);
    e.popup.update();
  });
})(%(payload)s, %(parent)s);
"""

# The page scrolls over the map until the reader clicks or focuses it (or holds Ctrl/Cmd); "+" zooms
# towards the focal capital, which stays where it is on screen.
_INTERACTION_JS = """(function (map, focus) {
  var box = map.getContainer();
  function wake() { map.scrollWheelZoom.enable(); }
  map.on("click", wake);
  box.addEventListener("focus", wake);
  box.addEventListener("blur", function () { map.scrollWheelZoom.disable(); });
  box.addEventListener("wheel", function (e) {
    if ((e.ctrlKey || e.metaKey) && !map.scrollWheelZoom.enabled()) {
      e.preventDefault();
      map.setZoomAround(map.mouseEventToContainerPoint(e), map.getZoom() + (e.deltaY < 0 ? 0.5 : -0.5));
    }
  }, {passive: false});
  map.zoomIn = function (delta) {
    return this.setZoomAround(focus, this.getZoom() + (delta || this.options.zoomDelta));
  };
  var legend = document.querySelector(".bf-legend");
  if (legend) {
    if (window.innerWidth < 600) { legend.removeAttribute("open"); }
    legend.addEventListener("toggle", function () { map.invalidateSize(); });
    map.invalidateSize();
  }
})(%(parent)s, %(focus)s);
"""


def _script(template: str, **values) -> foliumfix.Snippet:
    return foliumfix.Snippet(script=lambda me, parent: template % {"me": me, "parent": parent, **values})


def _area_payload(layout: maplayout.Layout) -> str:
    shapes = layout.shapes
    k = 10 ** max((s.decimals for s in shapes), default=0)
    light = STYLE.light
    role_style = {
        "focal": {"color": light.focal_line, "weight": STYLE.focal_stroke, "fillOpacity": 1.0, "className": "bf-focal"},
        "counterpart": {"color": light.counterpart_line, "weight": STYLE.counterpart_stroke, "fillOpacity": 1.0},
        "context": {"color": light.land_line, "weight": STYLE.context_stroke, "fillOpacity": 1.0,
                    "className": "bf-ctx", "fillColor": light.land},
    }
    styles: list[dict] = []
    areas = []
    for shape in shapes:
        area = layout.area(shape.code)
        role = layout.role(shape.code)
        style = dict(role_style[role])
        if role != "context":
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


def _deltas(ring, k: int) -> list[int]:
    out: list[int] = []
    px = py = 0
    for x, y in ring:
        ix, iy = round(x * k), round(y * k)
        out += (ix - px, iy - py)
        px, py = ix, iy
    return out


def _marker_payload(layout: maplayout.Layout) -> str:
    styles = {
        "capital": {"radius": STYLE.capital_radius, "color": STYLE.marker_line, "weight": STYLE.capital_stroke,
                    "fillColor": STYLE.capital_fill, "fillOpacity": 1.0},
        "event": {"radius": STYLE.event_radius, "color": STYLE.marker_line, "weight": STYLE.event_stroke,
                  "fillColor": STYLE.event_fill, "fillOpacity": 1.0},
    }
    markers = []
    # Events under capitals, so a capital's label and popup stay on top.
    for marker in sorted(layout.markers, key=lambda m: m.kind == "capital"):
        entry = {"y": marker.lat, "x": marker.lon, "k": marker.kind if marker.kind in styles else "event",
                 "t": esc(marker.title)}
        if marker.kind == "trend":
            entry["g"] = esc(marker.glyph or "")
            entry["c"] = safe_colour(marker.colour, STYLE.marker_line)
        if marker.label:
            entry["l"] = esc(marker.label)
        popup = _popup_html(marker)
        if popup:
            entry["p"] = popup
        markers.append(entry)
    return js_json({"s": styles, "m": markers})


def _legend_html(spec: MapSpec) -> str:
    focal_fills = {a.fill for a in spec.areas if a.role == "focal"}
    rows = []
    for entry in spec.legend:
        colour = safe_colour(entry.colour)
        if entry.style == "glyph":
            tint = f' style="color:{colour}"' if colour != STYLE.marker_line else ""
            rows.append(f'<li><span class="bf-gl"{tint}>{esc(entry.glyph)}</span>'
                        f"<span>{esc(entry.label)}</span></li>")
            continue
        cls = {"fill": "bf-sw", "line": "bf-ln", "dashed": "bf-ds", "marker": "bf-mk"}.get(entry.style, "bf-sw")
        if cls == "bf-sw" and entry.colour in focal_fills:
            cls += " bf-sw-focal"  # the focal fill changes with the palette; so does its swatch
        prop = "border-top-color" if cls in ("bf-ln", "bf-ds") else "background"
        rows.append(f'<li><span class="{cls}" style="{prop}:{colour}"></span>'
                    f"<span>{esc(entry.label)}</span></li>")
    return ('<details class="bf-legend" open><summary>Legend</summary><ul>' + "".join(rows)
            + "</ul></details>")


def _popup_html(marker: Marker) -> str:
    blocks = []
    for member in marker.members:
        if (member.kind == "trend" and not member.link_href) or (member.kind == "capital" and not member.popup_lines
                                      and not member.link_href and len(marker.members) == 1):
            continue  # a lone capital's label says it all
        parts = [f"<strong>{esc(member.title)}</strong>"]
        parts += [esc(line) for line in member.popup_lines]
        href = safe_href(member.link_href)
        if href and member.link_text:
            parts.append(f'<a href="{esc(href)}" target="_top">{esc(member.link_text)}</a>')
        blocks.append('<div class="bf-item">' + "<br>".join(parts) + "</div>")
    return '<div class="bf-popup">' + "".join(blocks) + "</div>" if blocks else ""


def render_map_html(spec: MapSpec, leaflet_base: str) -> str:
    """The complete HTML document for ``spec``; Leaflet is loaded from ``leaflet_base`` (relative)."""
    base = safe_href(leaflet_base)
    if base is None or base.startswith(("http:", "https:")) or re.search(r"[\"'<>]", base):
        raise ValueError(f"leaflet_base must be a relative URL, got {leaflet_base!r}")
    if not base.endswith("/"):
        base += "/"

    layout = maplayout.compute(spec)
    box = layout.box
    tiles = _tile_options(spec)

    fmap = folium.Map(location=None, tiles=None, zoom_control=True, zoomSnap=0.25, scrollWheelZoom=False,
                      attributionControl=tiles is not None, font_size="14px")
    foliumfix.use_local_leaflet(fmap, base)
    # The empty icon stops the browser asking the server for /favicon.ico on its own.
    fmap.add_child(foliumfix.Snippet(header=f'<link rel="icon" href="data:,">\n<style>{_CSS}</style>\n{_SCHEME_JS}'))
    if tiles:
        folium.TileLayer(tiles=tiles["url"], attr=tiles["attribution"], name="tiles",
                         control=False).add_to(fmap)

    fmap.add_child(_script(_AREAS_JS, payload=_area_payload(layout)))

    for line in layout.lines:
        # A pale casing under the line: it stays visible over a counterpart filled in its own colour.
        fmap.add_child(folium.PolyLine([line.start, line.end], color=STYLE.casing, opacity=0.9,
                                       weight=safe_weight(line.weight) + STYLE.casing_width, interactive=False))
        poly = folium.PolyLine([line.start, line.end], color=safe_colour(line.colour),
                               weight=safe_weight(line.weight), opacity=0.9,
                               dash_array=STYLE.dash if line.dashed else None)
        if line.label:
            poly.add_child(_tooltip(esc(line.label)))
        fmap.add_child(poly)

    if layout.markers:
        fmap.add_child(_script(_MARKERS_JS, payload=_marker_payload(layout)))
    if spec.legend:
        fmap.add_child(foliumfix.Snippet(body=_legend_html(spec)))
    fmap.add_child(_script(_INTERACTION_JS, focus=js_json(list(layout.focal_centre))))
    fmap.fit_bounds([[box[1], box[0]], [box[3], box[2]]])

    figure = fmap.get_root()
    figure.title = esc(spec.title)
    foliumfix.number_elements(figure, slug(spec.id))
    return foliumfix.finish(figure.render(), fmap.get_name(), esc(spec.title))


def _tile_options(spec: MapSpec) -> dict | None:
    if not spec.tiles:
        return None
    url = safe_href(spec.tiles.get("url"))
    # folium parses a TileLayer's rendered script as a Jinja template again: no '{{', '{%', '{#'.
    if not url or not url.startswith(("https://", "http://")) or re.search(r"\{[{%#]|[\"'<>]", url):
        return None
    attribution = esc(str(spec.tiles.get("attribution") or "")).replace("{", "&#123;")
    return {"url": url, "attribution": attribution.replace("}", "&#125;")}


