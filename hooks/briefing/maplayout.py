"""One computed map: the frame, shapes, lines and markers both renderers draw.

mapdoc (Leaflet) and mapsvg (the static twin) each take a Layout and draw it; neither frames,
simplifies, wraps or merges anything of its own, so the two show the same features in the same frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import geo
from .mapspec import Area, Line, MapSpec, Marker, merge_markers
from .mapstyle import STYLE


@dataclass(frozen=True)
class Layout:
    spec: MapSpec
    box: geo.Bounds  # the frame: the initial view and the SVG's viewBox
    shapes: tuple[geo.Shape, ...]  # clipped to the frame plus geo.MARGIN (the SVG cuts them to the frame)
    lines: tuple[Line, ...]  # longitudes moved by whole turns into the frame
    markers: tuple[Marker, ...]  # merged where they share a place, longitudes into the frame

    def area(self, code: str) -> Area | None:
        return next((a for a in self.spec.areas if a.code == code), None)

    def role(self, code: str) -> str:
        area = self.area(code)
        return area.role if area is not None and area.role in ("focal", "counterpart") else "context"

    @property
    def focal_centre(self) -> tuple[float, float]:
        """(lat, lon) that "+" zooms towards: the focal capital if there is one, else the frame's centre."""
        focal = [m for m in self.spec.markers if m.kind == "capital"]
        if focal:
            return focal[0].lat, geo.wrap_lon(focal[0].lon, self.box)
        return (self.box[1] + self.box[3]) / 2, (self.box[0] + self.box[2]) / 2


def compute(spec: MapSpec) -> Layout:
    box = geo.spec_frame(spec)
    lines = tuple(replace(line, start=(line.start[0], geo.wrap_lon(line.start[1], box)),
                          end=(line.end[0], geo.wrap_lon(line.end[1], box))) for line in spec.lines)
    placed = [replace(m, lon=geo.wrap_lon(m.lon, box)) for m in spec.markers]
    return Layout(spec, box, geo.spec_shapes(spec, box), lines,
                  merge_markers(placed, box, STYLE.merge_distance))
