"""Map specifications for a briefing: one relations map per counterpart and an overview.

This is where the content model meets the map layer: it turns countries, ladder levels, trends and
located events into plain `MapSpec`s. Rendering (mapdoc, mapsvg) never sees the briefing, and this
module never sees folium or SVG.
"""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import geo
from .briefing import Briefing
from .index import Index
from .mapspec import EVENT_FILL, Area, LegendEntry, Line, MapSpec, Marker
from .model import Country
from .textfmt import plain_text

FOCAL_FILL = "#6b7785"
HOSTILE = "#cf222e"
MAP_DIR = "maps"
LEAFLET_DIR = "assets/leaflet"


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
        return HOSTILE, True, 4.0
    return _readable(colour), trend == "cooling", 4.0 if trend == "warming" else 3.0


def pair_spec(briefing: Briefing, index: Index, country: Country) -> MapSpec:
    focal = briefing.meta.focal
    level = index.levels[country.level]
    trend = country.trend.value
    colour, dashed, weight = line_style(level.colour, trend)
    status = f"{level.label}, {trend}"
    areas = [Area(focal.iso3, focal.name, FOCAL_FILL, "focal", None, focal.name)]
    world = geo.load_world().countries
    member_names = {c: world.name(c) for c in _codes(country) if c in world}
    for code in _codes(country):
        tooltip = f"{country.name}: {status}" if country.kind == "state" else f"{member_names.get(code, code)} ({country.name}): {status}"
        areas.append(Area(code, country.name, level.colour, "counterpart", None, tooltip))
    a, b = focal.capital, country.capital
    lines = [Line((a.lat, a.lon), (b.lat, b.lon), colour, dashed, weight, f"{a.name} – {b.name}: {status}")]
    markers = [
        Marker(a.lat, a.lon, f"{a.name}, capital of {focal.name}", kind="capital"),
        Marker(b.lat, b.lon, f"{b.name}, {'seat' if country.kind == 'bloc' else 'capital'} of {country.name}", kind="capital"),
    ]
    located = [e for e in index.events_for_country.get(country.id, []) if e.place]
    for event in located:
        when = index.dates[event.id].human()
        markers.append(
            Marker(
                event.place.lat, event.place.lon,
                f"{when}: {event.place.name}",
                (f"{when} · {event.place.name}", plain_text(event.text)),
                "Open in the timeline",
                f"../timeline/#ev-{event.id}",
                "event",
            )
        )
    legend = [
        LegendEntry(FOCAL_FILL, focal.name, "fill"),
        LegendEntry(level.colour, f"{country.name}: {level.label}", "fill"),
        LegendEntry(colour, f"Relation: {trend}", "dashed" if dashed else "line"),
    ]
    if located:
        legend.append(LegendEntry(EVENT_FILL, "Located event", "marker"))
    points = [(a.lat, a.lon), (b.lat, b.lon)] + [(e.place.lat, e.place.lon) for e in located]
    box = geo.frame([focal.iso3], points)
    return MapSpec(
        id=country.id,
        title=f"Relations map: {focal.name} and {country.name}",
        areas=tuple(areas), lines=tuple(lines), markers=tuple(markers), legend=tuple(legend), frame=box,
        tiles=_tiles(briefing),
    )


def overview_spec(briefing: Briefing, index: Index) -> MapSpec:
    focal = briefing.meta.focal
    areas = [Area(focal.iso3, focal.name, FOCAL_FILL, "focal", None, focal.name)]
    for country in index.countries_ranked:
        level = index.levels[country.level]
        for code in _codes(country):
            areas.append(
                Area(code, country.name, level.colour, "counterpart", f"../countries/{country.id}/",
                     f"{country.name}: {level.label}, {country.trend.value}. Click to open the profile.")
            )
    used = {c.level for c in index.countries_ranked}
    legend = [LegendEntry(FOCAL_FILL, focal.name, "fill")] + [
        LegendEntry(level.colour, level.label, "fill") for level in reversed(briefing.meta.ladder) if level.id in used
    ]
    return MapSpec(
        id="overview",
        title=f"Overview: where each counterpart of {focal.name} stands",
        areas=tuple(areas), legend=tuple(legend), frame=None, tiles=_tiles(briefing),
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
_RENDERERS = ("geo.py", "mapspec.py", "mapdoc.py", "mapsvg.py", "relmaps.py", "geodata/countries-50m.json")


@lru_cache(maxsize=1)
def _engine_fingerprint() -> str:
    """Changes whenever the code or boundary data that draws maps changes, so a disk cache never
    serves a map drawn by other code."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _RENDERERS:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Where rendered maps persist between builds: $BRIEFING_CACHE_DIR, else .cache/briefing/maps
    under the working directory; BRIEFING_CACHE=0 turns it off."""
    if os.environ.get("BRIEFING_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
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
    """The map from the memory or disk cache, or None (parallel.render_maps draws the others elsewhere)."""
    key = _key(spec)
    found = _CACHE.get(key)
    if found is not None:
        return found
    folder = cache_dir()
    if folder is None:
        return None
    try:
        found = RenderedMap(spec, (folder / f"{key}.html").read_text(encoding="utf-8"),
                            (folder / f"{key}.svg").read_text(encoding="utf-8"))
    except OSError:
        return None
    _CACHE[key] = found
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


def _store(folder: Path, key: str, rendered: RenderedMap) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, text in ((".svg", rendered.svg), (".html", rendered.html)):  # html last: it marks completeness
            tmp = folder / f".{key}{suffix}.{os.getpid()}"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, folder / f"{key}{suffix}")
    except OSError:
        pass  # a read-only or full disk only costs speed


def aspect(spec: MapSpec) -> str:
    """The frame's width/height in Web Mercator, so the iframe shows the frame and not the clipped
    geometry's edges around it (CSS keeps it within sane bounds on narrow screens)."""
    minlon, minlat, maxlon, maxlat = geo.spec_frame(spec)
    ratio = (maxlon - minlon) / max(geo.mercator_y(maxlat) - geo.mercator_y(minlat), 1e-6)
    return f"{min(max(ratio, 1.0), 2.4):.3f}"


def embed(spec: MapSpec, page_dir_depth: int) -> str:
    """The figure a page shows: the interactive map in an iframe, and its static SVG twin for print,
    the PDF and readers without JavaScript."""
    up = "../" * page_dir_depth
    title = html.escape(spec.title, quote=True)
    return (
        f'<figure class="briefing-map" data-no-terms>\n'
        f'<iframe src="{up}{MAP_DIR}/{spec.id}.html" loading="lazy" title="{title}" style="aspect-ratio: {aspect(spec)}"></iframe>\n'
        f'<img class="briefing-map__svg" src="{up}{MAP_DIR}/{spec.id}.svg" alt="{title}">\n'
        f'<figcaption>{title}. <a href="{up}{MAP_DIR}/{spec.id}.html">Open the map on its own</a>.</figcaption>\n'
        f"</figure>"
    )
