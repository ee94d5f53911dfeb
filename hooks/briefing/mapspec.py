"""What a map shows, as plain data: the renderers (mapdoc, mapsvg) read this and nothing else.

The content model builds MapSpecs; it never talks to folium or SVG, and the renderers never see YAML.
Every text field is untrusted plain text: renderers escape it for where it lands. Colours and links
are untrusted too; ``safe_colour`` and ``safe_href`` are the one place that decides what passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A country drawn on the map."""

    code: str  # ISO alpha-3 (or a geodata pseudo-code such as XKX)
    label: str
    fill: str  # CSS colour such as '#d62728'
    role: str  # 'focal' | 'counterpart' | 'context'
    href: str | None = None  # opened in the top window on click (overview map)
    tooltip: str | None = None  # defaults to label


@dataclass(frozen=True)
class Line:
    """A line between two capitals."""

    start: tuple[float, float]  # (lat, lon)
    end: tuple[float, float]
    colour: str
    dashed: bool
    weight: float
    label: str  # tooltip


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    title: str  # tooltip
    popup_lines: tuple[str, ...] = ()
    link_text: str | None = None
    link_href: str | None = None  # relative to the map document, e.g. '../timeline/#ev-crocus'
    kind: str = "event"  # 'capital' | 'event' | 'trend'
    label: str | None = None  # shown beside the marker on the map itself (capital names)
    glyph: str | None = None  # a 'trend' marker's symbol (mapstyle.STYLE.trend_glyphs)
    colour: str | None = None  # a 'trend' marker's colour
    # A marker that stands for several at one place (see merge_markers): each keeps its own popup.
    group: tuple["Marker", ...] = ()

    @property
    def members(self) -> tuple["Marker", ...]:
        return self.group or (self,)


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    style: str  # 'fill' | 'line' | 'dashed' | 'marker' | 'glyph'
    glyph: str | None = None  # the symbol of a 'glyph' entry


@dataclass(frozen=True)
class MapSpec:
    id: str  # slug: file names and deterministic element ids
    title: str  # <title>, aria labels
    areas: tuple[Area, ...]
    lines: tuple[Line, ...] = ()
    markers: tuple[Marker, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    frame: tuple[float, float, float, float] | None = None  # (minlon, minlat, maxlon, maxlat)
    context: bool = True  # other countries inside the frame, in grey
    # False: nothing is drawn past -180 or 180 degrees, so no country shows on both sides (the overview).
    wrap: bool = True
    # {'url': 'https://.../{z}/{x}/{y}.png', 'attribution': plain text, e.g. '© OpenStreetMap'};
    # None (the default): no tiles, so the map needs nothing but the site itself.
    tiles: dict | None = None


# Hex colours and plain colour names only: these strings end up inside style attributes and scripts,
# so anything with punctuation (url(), expressions, quotes) is refused rather than escaped.
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20}")
FALLBACK_COLOUR = "#888888"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SLUG = re.compile(r"[^a-z0-9]+")


def safe_colour(value: str | None, fallback: str = FALLBACK_COLOUR) -> str:
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else fallback


def safe_weight(value, fallback: float = 3.0) -> float:
    """A line width in pixels between 0.5 and 12 (NaN, text and absurd widths fall back or clamp)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return fallback
    return fallback if value != value else max(0.5, min(value, 12.0))


def safe_href(value: str | None) -> str | None:
    """The link if it is relative or http(s), else None.

    Browsers drop tabs and newlines inside URLs and treat backslashes as slashes, so
    'java\\tscript:' and '\\\\evil.example' are refused outright instead of being cleaned up.
    Protocol-relative '//host' links leave the site and are refused too; write https:// instead.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if any(ord(c) < 0x21 or c == "\\" or ord(c) == 0x7F for c in value):
        return None
    if value.startswith("//"):
        return None
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    return value


def slug(value: str) -> str:
    """A JavaScript- and CSS-safe identifier fragment derived from a spec id."""
    return _SLUG.sub("_", value.lower()).strip("_") or "map"


def merge_markers(markers, box, distance: float) -> tuple[Marker, ...]:
    """Markers closer together than ``distance`` times the frame's width, as one marker each.

    Four events and a capital in one city would otherwise sit on top of each other with only the
    top one clickable. The merged marker stands where the first capital of the group is (else the
    first marker), is a capital if any member is, and lists every member in its popup.
    """
    limit = (box[2] - box[0]) * distance
    groups: list[list[Marker]] = []
    for marker in markers:
        for group in groups:
            head = group[0]
            if abs(head.lat - marker.lat) <= limit and abs(head.lon - marker.lon) <= limit:
                group.append(marker)
                break
        else:
            groups.append([marker])
    out = []
    for group in groups:
        if len(group) == 1:
            out.append(group[0])
            continue
        capitals = [m for m in group if m.kind == "capital"]
        lead = capitals[0] if capitals else group[0]
        members = tuple(lead for lead in capitals) + tuple(m for m in group if m.kind != "capital")
        events = sum(1 for m in group if m.kind == "event")
        title = lead.title + (f" and {events} event{'s' if events != 1 else ''}" if capitals else
                              f": {len(group)} events")
        out.append(Marker(lead.lat, lead.lon, title, kind=lead.kind, label=lead.label,
                          glyph=lead.glyph, colour=lead.colour, group=members))
    return tuple(out)
