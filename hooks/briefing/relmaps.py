"""Map specifications for a briefing: one relations map per counterpart and an overview.

This is where the content model meets the map layer: it turns countries, ladder levels, trends and
located events into plain `MapSpec`s. Rendering (mapdoc, mapsvg) never sees the briefing, and this
module never sees folium or SVG.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import cachesign, geo, routes
from .briefing import Briefing
from .index import Index
from .mapspec import Area, LegendEntry, Line, MapSpec, Marker
from .mapstyle import STYLE
from .model import Country
from .escape import html_attr, isolated as iso, md_to_text as plain_text

FOCAL_FILL = STYLE.light.focal
HOSTILE = STYLE.hostile
MAP_DIR = "maps"
LEAFLET_DIR = "assets/leaflet"
TREND_LABELS = {"warming": "Warming", "steady": "Steady", "cooling": "Cooling", "hostile": "Hostile"}


def _codes(country: Country) -> list[str]:
    return list(country.members) if country.kind == "bloc" else [country.iso3]


def _readable(colour: str) -> str:
    """The ladder colour, darkened when it is too pale to show as a line over land and sea."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    if 0.2126 * r + 0.7152 * g + 0.0722 * b < 150:
        return colour
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.45) for c in (r, g, b)))


def line_style(colour: str, trend: str) -> tuple[str, bool, float]:
    """Capital-to-capital line: ladder colour, dashed when cooling, red when hostile."""
    if trend == "hostile":
        return HOSTILE, True, STYLE.line_weight_warming
    return _readable(colour), trend == "cooling", STYLE.line_weight_warming if trend == "warming" else STYLE.line_weight


def _member_boxes(country: Country) -> list[geo.Bounds]:
    """How a counterpart is framed: a bloc by every member's mainland (see geo.main_part_bounds);
    a state by its capital alone (geo.frame), so a vast neighbour does not stretch the map to its far border."""
    world = geo.load_world().countries
    return [geo.main_part_bounds(c) for c in country.members if c in world] if country.kind == "bloc" else []


def _seat(country: Country) -> str:
    return "seat" if country.kind == "bloc" else "capital"


def _from_map(kind: str, item_id: str | None = None, anchor: str | None = None) -> str:
    """A page's URL as a map document (in MAP_DIR, one folder down) links to it."""
    return "../" + routes.url(kind, item_id, anchor)


def pair_spec(briefing: Briefing, index: Index, country: Country) -> MapSpec:
    focal = briefing.meta.focal
    level = index.levels[country.level]
    trend = country.trend.value
    colour, dashed, weight = line_style(level.colour, trend)
    status = f"{iso(level.label)}, {trend}"
    areas = [Area(focal.iso3, focal.name, FOCAL_FILL, "focal", None, focal.name)]
    world = geo.load_world().countries
    member_names = {c: world.name(c) for c in _codes(country) if c in world}
    for code in _codes(country):
        tooltip = f"{iso(country.name)}: {status}" if country.kind == "state" else f"{iso(member_names.get(code, code))} ({iso(country.name)}): {status}"
        areas.append(Area(code, country.name, level.colour, "counterpart", None, tooltip))
    a, b = focal.capital, country.capital
    lines = [Line((a.lat, a.lon), (b.lat, b.lon), colour, dashed, weight, f"{iso(a.name)} – {iso(b.name)}: {status}")]
    markers = [
        Marker(a.lat, a.lon, f"{iso(a.name)}, capital of {iso(focal.name)}", kind="capital", label=a.name),
        Marker(b.lat, b.lon, f"{iso(b.name)}, {_seat(country)} of {iso(country.name)}", kind="capital", label=b.name),
    ]
    located = [e for e in index.events_for_country.get(country.id, []) if e.place]
    for event in located:
        when = index.dates[event.id].human()
        markers.append(
            Marker(
                event.place.lat, event.place.lon,
                f"{when}: {iso(event.place.name)}",
                (plain_text(event.text),),
                "Open in the timeline",
                _from_map("timeline", anchor=routes.event_anchor(event.id)),
                "event",
            )
        )
    legend = [
        LegendEntry(FOCAL_FILL, focal.name, "fill"),
        LegendEntry(level.colour, f"{iso(country.name)}: {iso(level.label)}", "fill"),
        LegendEntry(colour, f"Relation: {trend}", "dashed" if dashed else "line"),
        LegendEntry(STYLE.capital_fill, "Capital" if country.kind == "state" else "Capital or seat", "marker"),
    ]
    if located:
        legend.append(LegendEntry(STYLE.event_fill, "Located event", "marker"))
    points = [(a.lat, a.lon), (b.lat, b.lon)] + [(e.place.lat, e.place.lon) for e in located]
    box = geo.frame([focal.iso3], points, boxes=_member_boxes(country))
    return MapSpec(
        id=country.id,
        title=f"Relations map: {iso(focal.name)} and {iso(country.name)}",
        areas=tuple(areas), lines=tuple(lines), markers=tuple(markers), legend=tuple(legend), frame=box,
        tiles=_tiles(briefing),
    )


def overview_spec(briefing: Briefing, index: Index) -> MapSpec:
    """Every counterpart coloured by its rung, a trend glyph at its capital (or seat), framed by
    geo.world_frame round the focal country: all counterparts' mainlands inside, never wrapping."""
    focal = briefing.meta.focal
    areas = [Area(focal.iso3, focal.name, FOCAL_FILL, "focal", None, focal.name)]
    cap = focal.capital
    markers = [Marker(cap.lat, cap.lon, f"{iso(cap.name)}, capital of {iso(focal.name)}", kind="capital", label=cap.name)]
    boxes = []
    world = geo.load_world().countries
    # A country is coloured once: as itself if it is a counterpart, else by the highest-ranked bloc
    # that lists it (never as a member of a bloc when it is the focal country).
    ranked = index.countries_ranked
    taken = {focal.iso3}
    owner = {}
    for country in [c for c in ranked if c.kind != "bloc"] + [c for c in ranked if c.kind == "bloc"]:
        for code in _codes(country):
            if code not in taken:
                taken.add(code)
                owner[code] = country.id
    for country in ranked:
        level = index.levels[country.level]
        trend = country.trend.value
        for code in _codes(country):
            if owner.get(code) != country.id:
                continue
            areas.append(
                Area(code, country.name, level.colour, "counterpart", _from_map("country", country.id),
                     f"{iso(country.name)}: {iso(level.label)}, {trend}. Click to open the profile.")
            )
            if code in world:
                boxes.append(geo.main_part_bounds(code))
        markers.append(Marker(country.capital.lat, country.capital.lon,
                              f"{iso(country.name)}: {TREND_LABELS[trend].lower()} ({iso(country.capital.name)})",
                              link_text="Open the profile", link_href=_from_map("country", country.id),
                              kind="trend", glyph=STYLE.trend_glyphs[trend],
                              colour=STYLE.hostile if trend == "hostile" else STYLE.marker_line))
    used = {c.level for c in index.countries_ranked}
    legend = [LegendEntry(FOCAL_FILL, focal.name, "fill")] + [
        LegendEntry(level.colour, level.label, "fill") for level in reversed(briefing.meta.ladder) if level.id in used
    ]
    trends = sorted({c.trend.value for c in index.countries_ranked}, key=list(TREND_LABELS).index)
    legend += [LegendEntry(STYLE.hostile if t == "hostile" else STYLE.marker_line, TREND_LABELS[t], "glyph",
                           STYLE.trend_glyphs[t]) for t in trends]
    box = geo.world_frame(cap.lon, [focal.iso3], [(c.capital.lat, c.capital.lon) for c in index.countries_ranked],
                          boxes)
    return MapSpec(
        id="overview",
        title=f"Overview: where each counterpart of {iso(focal.name)} stands",
        areas=tuple(areas), markers=tuple(markers), legend=tuple(legend), frame=box, wrap=False,
        tiles=_tiles(briefing),
    )


def _tiles(briefing: Briefing) -> dict | None:
    tiles = briefing.meta.maps.tiles
    return {"url": tiles.url, "attribution": tiles.attribution} if tiles else None


def all_specs(briefing: Briefing, index: Index) -> list[MapSpec]:
    return [overview_spec(briefing, index)] + [pair_spec(briefing, index, c) for c in index.countries_ranked]


@dataclass(frozen=True)
class RenderedMap:
    spec: MapSpec
    html: str
    svg: str


_CACHE: dict[str, RenderedMap] = {}
_RENDERERS = ("geo.py", "mapspec.py", "mapstyle.py", "maplayout.py", "mapdoc.py", "foliumfix.py", "mapsvg.py", "escape.py",
              "relmaps.py", "geodata/countries-50m.json")


_DEPENDENCIES = ("folium", "branca", "xstatic-leaflet", "jinja2")  # what draws the map besides our code


@lru_cache(maxsize=1)
def _engine_fingerprint() -> str:
    """Changes whenever the code, boundary data or any package that draws maps changes (a folium upgrade
    changes the documents), so a disk cache never serves a map drawn by other code."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _RENDERERS:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    for package in _DEPENDENCIES:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Where rendered maps persist between builds: $BRIEFING_CACHE_DIR, else .cache/briefing/maps
    under the working directory; BRIEFING_CACHE=0 turns it off."""
    if os.environ.get("BRIEFING_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    if not cachesign.available():
        return None
    chosen = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(chosen) if chosen else Path.cwd() / ".cache" / "briefing" / "maps"


def render(spec: MapSpec) -> RenderedMap:
    """Both documents of a map, cached by the spec's content: in memory across `mkdocs serve`
    rebuilds, and on disk across builds. Rendering is deterministic, so a cached map is the same
    bytes a fresh render would give."""
    return cached(spec) or remember(draw(spec))


def _key(spec: MapSpec) -> str:
    return hashlib.sha256((_engine_fingerprint() + repr(spec)).encode("utf-8")).hexdigest()


def cached(spec: MapSpec) -> RenderedMap | None:
    """The map from the memory or the (signed) disk cache, or None (parallel.render_maps draws the others)."""
    key = _key(spec)
    found = _CACHE.get(key)
    if found is not None:
        return found
    folder = cache_dir()
    documents = _load(folder, key) if folder is not None else None
    if documents is None:
        return None
    found = _CACHE[key] = RenderedMap(spec, *documents)
    return found


def draw(spec: MapSpec) -> RenderedMap:
    """Both documents of a map, drawn afresh (no cache): a pure function of the spec."""
    from .mapdoc import render_map_html  # folium is only imported when a map must be drawn
    from .mapsvg import render_map_svg

    return RenderedMap(spec, render_map_html(spec, "../" + LEAFLET_DIR + "/"), render_map_svg(spec))


def remember(rendered: RenderedMap) -> RenderedMap:
    """Keep a drawn map in the memory and disk caches; returns it."""
    key = _key(rendered.spec)
    folder = cache_dir()
    if folder is not None:
        _store(folder, key, rendered)
    _CACHE[key] = rendered
    return rendered


# A disk entry is one file: JSON (html and svg) signed by cachesign, so a truncated, corrupt or planted
# entry is drawn again instead of published.
_ENTRY = ".map.json"


def _load(folder: Path, key: str) -> tuple[str, str] | None:
    body = cachesign.read(folder / f"{key}{_ENTRY}")
    if body is None:
        return None
    try:
        entry = json.loads(body)
        html_doc, svg_doc = entry["html"], entry["svg"]
    except (ValueError, KeyError, TypeError):
        return None
    return (html_doc, svg_doc) if isinstance(html_doc, str) and isinstance(svg_doc, str) else None


def _store(folder: Path, key: str, rendered: RenderedMap) -> None:
    body = json.dumps({"html": rendered.html, "svg": rendered.svg}, ensure_ascii=False).encode("utf-8")
    cachesign.write(folder / f"{key}{_ENTRY}", body)


def aspect(spec: MapSpec) -> str:
    """The frame's width/height in Web Mercator, so the iframe shows the frame and not the clipped
    geometry's edges around it (CSS keeps it within sane bounds on narrow screens)."""
    minlon, minlat, maxlon, maxlat = geo.spec_frame(spec)
    ratio = (maxlon - minlon) / max(geo.mercator_y(maxlat) - geo.mercator_y(minlat), 1e-6)
    return f"{min(max(ratio, 1.0), 2.4):.3f}"


def embed(spec: MapSpec, page_dir_depth: int) -> str:
    """The figure a page shows: the interactive map in an iframe, and its static SVG twin for print,
    the PDF and readers without JavaScript. The frame's address waits in data-src until the reader
    moves (briefing.js); until then the twin covers it in the same box."""
    up = "../" * page_dir_depth
    title = html_attr(spec.title)
    return (
        f'<figure class="briefing-map" data-no-terms style="--bf-ratio: {aspect(spec)}">\n'
        f'<iframe data-src="{up}{MAP_DIR}/{spec.id}.html" loading="lazy" title="{title}"></iframe>\n'
        f'<img class="briefing-map__svg" src="{up}{MAP_DIR}/{spec.id}.svg" alt="{title}">\n'
        f'<figcaption>{title}. <a href="{up}{MAP_DIR}/{spec.id}.html">Open the map on its own</a>.</figcaption>\n'
        f"</figure>"
    )
