"""A MapSpec as a static SVG: the twin of the Leaflet document, for print, the PDF and no-JS readers.

Same frame, same shapes (geo.spec_shapes) and the same Web Mercator projection as Leaflet, so the two
look alike. Plain SVG 1.1 only (no CSS, no foreignObject, no clipPath: geometry is clipped to the
frame in Python), because WeasyPrint draws it too. Scales to its container through the viewBox.
"""

from __future__ import annotations

from . import geo
from .escape import xml_text
from .mapspec import (CAPITAL_FILL, CONTEXT_FILL, CONTEXT_LINE, EVENT_FILL, MARKER_LINE, ROLE_STYLE,
                      SEA, MapSpec, safe_colour, safe_weight)

FONT = "Helvetica, Arial, sans-serif"
FONT_SIZE = 12.0


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
    box = geo.spec_frame(spec)
    proj = _Projection(box, float(width))
    w, h = proj.width, proj.height
    title = xml_text(spec.title)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {_num(w)} {_num(h)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{title}" '
        f'font-family="{FONT}" font-size="{_num(FONT_SIZE)}">',
        f"<title>{title}</title>",
        f'<rect x="0" y="0" width="{_num(w)}" height="{_num(h)}" fill="{SEA}"/>',
    ]

    by_code = {a.code: a for a in spec.areas}
    drawn = []
    for shape in geo.spec_shapes(spec, box):
        polygons = geo.clip_to_frame(shape.polygons, box, shifts=(0.0,))
        if not polygons:
            continue
        area = by_code.get(shape.code)
        role = area.role if area is not None and area.role in ROLE_STYLE else "context"
        drawn.append((0 if role == "context" else 1 if role == "counterpart" else 2,
                      shape.code, area, role, polygons))
    # Context first, focal last: highlighted outlines are never covered by a neighbour's.
    for _, code, area, role, polygons in sorted(drawn, key=lambda d: (d[0], d[1])):
        line, stroke_w, opacity = ROLE_STYLE[role]
        fill = CONTEXT_FILL if area is None else safe_colour(area.fill)
        path = " ".join(filter(None, (_ring_path(ring, proj) for poly in polygons for ring in poly)))
        if not path:
            continue
        label = xml_text(area.tooltip or area.label) if area is not None else ""
        out.append(f'<path d="{path}" fill="{fill}" fill-opacity="{opacity}" fill-rule="evenodd" '
                   f'stroke="{line}" stroke-width="{stroke_w}" stroke-linejoin="round"'
                   + (f"><title>{label}</title></path>" if label else "/>"))

    for item in spec.lines:
        x1, y1 = proj(geo.wrap_lon(item.start[1], box), item.start[0])
        x2, y2 = proj(geo.wrap_lon(item.end[1], box), item.end[0])
        dash = ' stroke-dasharray="8 6"' if item.dashed else ""
        out.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                   f'stroke="{safe_colour(item.colour)}" stroke-width="{_num(safe_weight(item.weight))}" '
                   f'stroke-linecap="round" stroke-opacity="0.9"{dash}>'
                   f"<title>{xml_text(item.label)}</title></line>")

    # Events under capitals; capitals carry a name label, events only a tooltip (legend explains).
    for marker in sorted(spec.markers, key=lambda m: m.kind == "capital"):
        x, y = proj(geo.wrap_lon(marker.lon, box), marker.lat)
        if not (0 <= x <= w and 0 <= y <= h):
            continue
        capital = marker.kind == "capital"
        tip = " \u2013 ".join([marker.title, *marker.popup_lines])
        out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{5 if capital else 4}" '
                   f'fill="{CAPITAL_FILL if capital else EVENT_FILL}" stroke="{MARKER_LINE}" '
                   f'stroke-width="{1.5 if capital else 1}"><title>{xml_text(tip)}</title></circle>')
        if capital:
            anchor, dx = ("end", -8) if x > w * 0.8 else ("start", 8)
            # A white halo drawn as its own text first (paint-order is SVG 2, WeasyPrint lacks it).
            at = f'x="{_num(x + dx)}" y="{_num(y + 4)}" text-anchor="{anchor}"'
            name = xml_text(marker.title)
            out.append(f'<text {at} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
                       f'stroke-linejoin="round" aria-hidden="true">{name}</text>')
            out.append(f'<text {at} fill="{MARKER_LINE}">{name}</text>')

    out += _legend(spec, w, h)
    out.append(f'<rect x="0.5" y="0.5" width="{_num(w - 1)}" height="{_num(h - 1)}" fill="none" '
               f'stroke="{CONTEXT_LINE}" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _ring_path(ring: geo.Ring, proj: _Projection) -> str:
    pts = []
    for lon, lat in ring[:-1] if ring[0] == ring[-1] else ring:
        x, y = proj(lon, lat)
        p = f"{_num(x)} {_num(y)}"
        if not pts or pts[-1] != p:
            pts.append(p)
    return ("M" + " L".join(pts) + "Z") if len(pts) >= 3 else ""


def _legend(spec: MapSpec, w: float, h: float) -> list[str]:
    if not spec.legend:
        return []
    row, pad = FONT_SIZE * 1.5, 6.0
    # No text metrics in plain SVG: estimate the width from the longest label.
    longest = max(len(e.label) for e in spec.legend)
    box_w = min(w * 0.6, pad * 3 + 22 + longest * FONT_SIZE * 0.55)
    box_h = pad * 2 + row * len(spec.legend)
    x0, y0 = w - box_w - 8, h - box_h - 8
    out = [f'<g><rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(box_w)}" height="{_num(box_h)}" '
           f'rx="4" fill="#ffffff" fill-opacity="0.92" stroke="{CONTEXT_LINE}" stroke-width="0.8"/>']
    for i, entry in enumerate(spec.legend):
        colour = safe_colour(entry.colour)
        cy = y0 + pad + row * i + row / 2
        sx = x0 + pad
        if entry.style in ("line", "dashed"):
            dash = ' stroke-dasharray="5 3"' if entry.style == "dashed" else ""
            out.append(f'<line x1="{_num(sx)}" y1="{_num(cy)}" x2="{_num(sx + 20)}" y2="{_num(cy)}" '
                       f'stroke="{colour}" stroke-width="3"{dash}/>')
        elif entry.style == "marker":
            out.append(f'<circle cx="{_num(sx + 10)}" cy="{_num(cy)}" r="4.5" fill="{colour}" '
                       f'stroke="{MARKER_LINE}" stroke-width="1"/>')
        else:
            out.append(f'<rect x="{_num(sx + 2)}" y="{_num(cy - 5)}" width="16" height="10" '
                       f'fill="{colour}" stroke="#555555" stroke-width="0.6"/>')
        out.append(f'<text x="{_num(sx + 26)}" y="{_num(cy + 4)}" fill="#1b1b1b">'
                   f"{xml_text(entry.label)}</text>")
    out.append("</g>")
    return out
