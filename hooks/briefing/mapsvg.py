"""A map's Layout (maplayout) as a static SVG: the twin of the Leaflet document, for print, the PDF
and no-JS readers.

Same frame, same shapes and markers (maplayout.compute) and the same Web Mercator projection as
Leaflet, so the two look alike; colours and sizes from mapstyle.STYLE. Plain SVG 1.1 only (no CSS, no
foreignObject, no clipPath: geometry is clipped to the frame in Python), because WeasyPrint draws it
too. The light palette only: the twin is shown in print, in the PDF and to readers without JavaScript,
for whom Material cannot switch to its dark scheme; the sea and land are mid-tones and the map has
its own border, so it also sits well on a dark page. The legend is drawn below the map, never over it.
Scales to its container through the viewBox.
"""

from __future__ import annotations

from . import geo, maplayout
from .escape import xml_text
from .mapspec import MapSpec, safe_colour, safe_weight
from .mapstyle import STYLE
from .textfit import shorten, width as text_width

FONT = STYLE.font
FONT_SIZE = STYLE.font_size


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


class _Projection:
    """Web Mercator over the frame, scaled so the frame is ``width`` units wide."""

    def __init__(self, box: geo.Bounds, width: float):
        self.box = box
        self.y_top = geo.mercator_y(box[3])
        self.scale = width / (box[2] - box[0])
        self.width = width
        self.height = (self.y_top - geo.mercator_y(box[1])) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.box[0]) * self.scale, (self.y_top - geo.mercator_y(lat)) * self.scale)


def render_map_svg(spec: MapSpec, width: int = 800) -> str:
    layout = maplayout.compute(spec)
    box = layout.box
    proj = _Projection(box, float(width))
    w, h = proj.width, proj.height
    legend, legend_h = _legend(spec, w, h)
    total_h = h + legend_h
    title = xml_text(spec.title)
    p = STYLE.light

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {_num(w)} {_num(total_h)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{title}" '
        f'font-family="{FONT}" font-size="{_num(FONT_SIZE)}">',
        f"<title>{title}</title>",
        f'<rect x="0" y="0" width="{_num(w)}" height="{_num(h)}" fill="{p.sea}"/>',
    ]

    role_look = {"focal": (p.focal_line, STYLE.focal_stroke), "counterpart": (p.counterpart_line, STYLE.counterpart_stroke),
                 "context": (p.land_line, STYLE.context_stroke)}
    drawn = []
    for shape in layout.shapes:
        polygons = geo.clip_exact(shape.polygons, box)
        if not polygons:
            continue
        role = layout.role(shape.code)
        drawn.append(({"context": 0, "counterpart": 1, "focal": 2}[role], shape.code, role, polygons))
    # Context first, focal last: highlighted outlines are never covered by a neighbour's.
    for _, code, role, polygons in sorted(drawn, key=lambda d: (d[0], d[1])):
        area = layout.area(code) if role != "context" else None
        line, stroke_w = role_look[role]
        fill = p.land if area is None else safe_colour(area.fill)
        path = " ".join(filter(None, (_ring_path(ring, proj) for poly in polygons for ring in poly)))
        if not path:
            continue
        label = xml_text(area.tooltip or area.label) if area is not None else ""
        out.append(f'<path id="area-{code}" d="{path}" fill="{fill}" fill-rule="evenodd" '
                   f'stroke="{line}" stroke-width="{_num(stroke_w)}" stroke-linejoin="round"'
                   + (f"><title>{label}</title></path>" if label else "/>"))

    for item in layout.lines:
        x1, y1 = proj(item.start[1], item.start[0])
        x2, y2 = proj(item.end[1], item.end[0])
        dash = f' stroke-dasharray="{STYLE.dash}"' if item.dashed else ""
        out.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{STYLE.casing}" '
                   f'stroke-width="{_num(safe_weight(item.weight) + STYLE.casing_width)}" stroke-linecap="round" '
                   f'stroke-opacity="0.9"/>')
        out.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                   f'stroke="{safe_colour(item.colour)}" stroke-width="{_num(safe_weight(item.weight))}" '
                   f'stroke-linecap="round" stroke-opacity="0.9"{dash}>'
                   f"<title>{xml_text(item.label)}</title></line>")

    # Events under capitals; capitals carry a name label, events only a tooltip (legend explains).
    for marker in sorted(layout.markers, key=lambda m: m.kind == "capital"):
        x, y = proj(marker.lon, marker.lat)
        if not (0 <= x <= w and 0 <= y <= h):
            continue
        tip = xml_text(" \u2013 ".join(t for m in marker.members for t in (m.title, *m.popup_lines)))
        if marker.kind == "trend":
            out += _halo_text(x, y + 5, "middle", marker.glyph or "", safe_colour(marker.colour, STYLE.marker_line),
                              tip, size=15)
            continue
        capital = marker.kind == "capital"
        out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" '
                   f'r="{_num(STYLE.capital_radius if capital else STYLE.event_radius)}" '
                   f'fill="{STYLE.capital_fill if capital else STYLE.event_fill}" stroke="{STYLE.marker_line}" '
                   f'stroke-width="{_num(STYLE.capital_stroke if capital else STYLE.event_stroke)}">'
                   f"<title>{tip}</title></circle>")
        if marker.label:
            anchor, dx = ("end", -9) if x > w * 0.75 else ("start", 9)
            out += _halo_text(x + dx, y + 4, anchor, shorten(marker.label, STYLE.label_chars, letter_by_letter=True), p.label,
                              xml_text(marker.label))

    out += legend
    out.append(f'<rect x="0.5" y="0.5" width="{_num(w - 1)}" height="{_num(total_h - 1)}" fill="none" '
               f'stroke="{p.land_line}" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _halo_text(x: float, y: float, anchor: str, text: str, colour: str, title: str, size: float | None = None) -> list[str]:
    """Text with a halo drawn as its own text first (paint-order is SVG 2, WeasyPrint lacks it);
    ``title`` (escaped) carries the full text for a label that was shortened."""
    at = f'x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"' + (f' font-size="{_num(size)}"' if size else "")
    body = xml_text(text)
    return [f'<text {at} fill="{STYLE.light.label_halo}" stroke="{STYLE.light.label_halo}" stroke-width="3" '
            f'stroke-linejoin="round" aria-hidden="true">{body}</text>',
            f'<text {at} fill="{colour}"><title>{title}</title>{body}</text>']


def _ring_path(ring: geo.Ring, proj: _Projection) -> str:
    pts = []
    for lon, lat in ring[:-1] if ring[0] == ring[-1] else ring:
        x, y = proj(lon, lat)
        p = f"{_num(x)} {_num(y)}"
        if not pts or pts[-1] != p:
            pts.append(p)
    return ("M" + " L".join(pts) + "Z") if len(pts) >= 3 else ""


def _legend(spec: MapSpec, w: float, h: float) -> tuple[list[str], float]:
    """The legend below the map (top at ``h``): entries flow in rows across the width; its height."""
    if not spec.legend:
        return [], 0.0
    row, pad = STYLE.legend_row, 8.0
    sw, sh = STYLE.legend_swatch
    # No text metrics in plain SVG: estimate each entry's width from its label (0.6 em a letter, a little more
    # than Liberation Sans's average, since a mark drawn on its own is wider), cut to fit a row.
    unit = FONT_SIZE * 0.6
    room = int((w - 2 * pad - sw - 8 - 16) / unit)
    placed, x, y = [], pad, h + pad
    for entry in spec.legend:
        label = shorten(entry.label, min(60, room), letter_by_letter=True)
        width = sw + 8 + text_width(label, letter_by_letter=True) * unit + 16
        if x > pad and x + width > w - pad:
            x, y = pad, y + row
        placed.append((entry, label, x, y))
        x += width
    height = y + row + pad - h
    p = STYLE.light
    out = [f'<g><rect x="0" y="{_num(h)}" width="{_num(w)}" height="{_num(height)}" fill="{p.legend_background}" '
           f'stroke="{p.land_line}" stroke-width="0.8"/>']
    for entry, label, sx, top in placed:
        colour = safe_colour(entry.colour)
        cy = top + row / 2
        if entry.style in ("line", "dashed"):
            dash = ' stroke-dasharray="5 3"' if entry.style == "dashed" else ""
            out.append(f'<line x1="{_num(sx)}" y1="{_num(cy)}" x2="{_num(sx + sw)}" y2="{_num(cy)}" '
                       f'stroke="{colour}" stroke-width="3"{dash}/>')
        elif entry.style == "marker":
            out.append(f'<circle cx="{_num(sx + sw / 2)}" cy="{_num(cy)}" r="4.5" fill="{colour}" '
                       f'stroke="{STYLE.marker_line}" stroke-width="1"/>')
        elif entry.style == "glyph":
            out.append(f'<text x="{_num(sx + sw / 2)}" y="{_num(cy + 5)}" text-anchor="middle" font-size="15" '
                       f'fill="{colour}">{xml_text(entry.glyph)}</text>')
        else:
            out.append(f'<rect x="{_num(sx)}" y="{_num(cy - sh / 2)}" width="{_num(sw)}" height="{_num(sh)}" '
                       f'fill="{colour}" stroke="#555555" stroke-width="0.6"/>')
        full = f"<title>{xml_text(entry.label)}</title>" if label != entry.label else ""
        out.append(f'<text x="{_num(sx + sw + 8)}" y="{_num(cy + 4)}" fill="{p.legend_text}">{full}'
                   f"{xml_text(label)}</text>")
    out.append("</g>")
    return out, height
