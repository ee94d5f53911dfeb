"""The look of every map, in one place: colours (light and dark), sizes, padding and legend rules.

Both renderers (mapdoc for Leaflet, mapsvg for the static twin), the spec builder (relmaps) and the
framing (geo) read ``STYLE``; none of them writes a colour or a size of its own. Ladder colours are
not here: they come from the briefing's ladder (briefing.yaml), drawn opaque so that a legend swatch
is exactly the rendered fill.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Palette:
    sea: str
    land: str  # context countries
    land_line: str
    focal: str  # the briefing's own country: a hue no ladder rung uses
    focal_line: str
    counterpart_line: str
    label: str  # capital labels
    label_halo: str
    legend_text: str
    legend_background: str


@dataclass(frozen=True)
class MapStyle:
    light: Palette
    dark: Palette
    capital_fill: str = "#ffffff"
    event_fill: str = "#c0392b"
    marker_line: str = "#1b1b1b"
    hostile: str = "#cf222e"  # the capital line of a hostile relation
    # Marker radius and outline in CSS pixels (Leaflet) or SVG units of an 800-wide map.
    capital_radius: float = 6.0
    event_radius: float = 5.0
    capital_stroke: float = 2.0
    event_stroke: float = 1.0
    # Outline widths per role.
    focal_stroke: float = 2.0
    counterpart_stroke: float = 1.2
    context_stroke: float = 0.6
    line_weight: float = 3.0
    line_weight_warming: float = 4.0
    dash: str = "8 6"
    # A pale casing under the capital line, wider by this much: the line stays visible over a
    # counterpart filled in the line's own colour.
    casing: str = "#ffffff"
    casing_width: float = 3.0
    # Framing: padding as a share of the frame's span, the smallest span (lon, lat degrees) and the
    # allowed width:height ratio in Web Mercator (see geo.frame).
    pad: float = 0.08
    min_span: tuple[float, float] = (12.0, 8.0)
    aspect: tuple[float, float] = (1.3, 2.0)
    # Legend rules: always below the map, never over it; entries flow in rows.
    legend_font: float = 12.0
    legend_row: float = 20.0
    legend_swatch: tuple[float, float] = (16.0, 10.0)
    # Markers closer than this share of the frame's width are one marker (their popups merge).
    merge_distance: float = 0.015
    # SVG labels longer than this are shortened with an ellipsis; the full text is in <title>.
    label_chars: int = 28
    font: str = "Helvetica, Arial, sans-serif"
    font_size: float = 12.0
    # Trend glyphs on the overview, drawn at each counterpart's capital (or a bloc's seat).
    trend_glyphs: dict = field(default_factory=lambda: {
        "warming": "\u25b2", "steady": "\u25cf", "cooling": "\u25bc", "hostile": "\u2716"})


STYLE = MapStyle(
    light=Palette(sea="#c9d9e4", land="#e6e3dc", land_line="#a19d96", focal="#e8743b",
                  focal_line="#222222", counterpart_line="#333333", label="#1b1b1b",
                  label_halo="#ffffff", legend_text="#1b1b1b", legend_background="#ffffff"),
    dark=Palette(sea="#1d2833", land="#4a5059", land_line="#7d8793", focal="#f08a4b",
                 focal_line="#f2f2f2", counterpart_line="#111111", label="#f2f2f2",
                 label_halo="#111111", legend_text="#e8e8e8", legend_background="#1e2128"),
)
