"""Country boundaries: decode the committed TopoJSON, frame a map, and cut geometry down to one map.

Coordinates inside this module are (lon, lat), like GeoJSON. Bounds are (minlon, minlat, maxlon, maxlat)
with ``minlon`` in [-180, 180) and ``maxlon`` possibly above 180: a box that crosses the antimeridian
(Russia, Fiji, the Aleutians) is written as one continuous box east of ``minlon`` instead of a box that
spans the whole world. Leaflet and the SVG projection both take such boxes as they are, and
``map_geometry`` shifts polygons by 360 degrees where the box needs them.

The data file is Natural Earth 50m admin-0 (see geodata/PROVENANCE.md); reading it needs only the
standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .mapstyle import STYLE

DATA_FILE = Path(__file__).with_name("geodata") / "countries-50m.json"

LonLat = tuple[float, float]  # (lon, lat)
Ring = tuple[LonLat, ...]
Polygon = tuple[Ring, ...]  # exterior ring first, then holes
Bounds = tuple[float, float, float, float]  # (minlon, minlat, maxlon, maxlat)


@dataclass(frozen=True)
class Boundary:
    """One country's boundary in the world data (model.Country is a counterpart in a briefing)."""

    code: str  # ISO 3166 alpha-3, or a user-assigned X.. code (see PROVENANCE.md)
    name: str
    polygons: tuple[Polygon, ...]
    bounds: Bounds
    polygon_bounds: tuple[Bounds, ...]
    # Arc indexes per polygon and ring: simplification works on shared arcs so neighbours keep a
    # common border instead of each drifting on its own.
    arc_refs: tuple[tuple[tuple[int, ...], ...], ...] = field(repr=False)


@dataclass(frozen=True)
class Shape:
    """One country as drawn on one map: clipped, simplified and rounded."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]
    decimals: int  # coordinates are rounded to this many digits


class _Arcs(Sequence):
    """The topology's arcs, each decoded the first time it is used (most builds touch few)."""

    def __init__(self, raw: list, transform: dict):
        self._raw = raw
        self._decoded: list[tuple[LonLat, ...] | None] = [None] * len(raw)
        (self._sx, self._sy), (self._tx, self._ty) = transform["scale"], transform["translate"]

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        got = self._decoded[i]
        if got is None:
            x = y = 0
            pts = []
            for dx, dy in self._raw[i]:  # quantized, delta-encoded (TopoJSON spec, "transform")
                x += dx
                y += dy
                pts.append((x * self._sx + self._tx, y * self._sy + self._ty))
            got = self._decoded[i] = tuple(pts)
        return got


class _Countries(Mapping):
    """Countries by code, each stitched from its arcs the first time it is asked for: a briefing
    that only frames a few countries (or a build whose maps are cached) never stitches the rest."""

    def __init__(self, world: "World", geometries: dict[str, dict]):
        self._world, self._geometries, self._built = world, geometries, {}

    def __getitem__(self, code: str) -> Boundary:
        got = self._built.get(code)
        if got is None:
            geom = self._geometries[code]
            refs = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
            refs = tuple(tuple(tuple(ring) for ring in poly) for poly in refs)
            polygons = tuple(tuple(World._stitch(self._world.arcs, ring) for ring in poly) for poly in refs)
            pbounds = tuple(_ring_bounds(poly[0]) for poly in polygons)
            got = self._built[code] = Boundary(
                code=code, name=geom["properties"]["name"], polygons=polygons,
                bounds=_union_bounds(pbounds), polygon_bounds=pbounds, arc_refs=refs)
        return got

    def name(self, code: str) -> str:
        """A country's name without building its geometry."""
        return self._geometries[code]["properties"]["name"]

    def __iter__(self):
        return iter(self._geometries)

    def __len__(self) -> int:
        return len(self._geometries)

    def __contains__(self, code: object) -> bool:
        return code in self._geometries


class World:
    def __init__(self, topology: dict):
        self.arcs = _Arcs(topology["arcs"], topology["transform"])
        self.countries = _Countries(self, {g["id"]: g for g in topology["objects"]["countries"]["geometries"]})
        self._simplified: dict[float, dict[int, tuple[LonLat, ...]]] = {}
        self._ranks: dict[int, list[float]] = {}
        self._polygons: dict[tuple, object] = {}  # per tolerance: stitched, bounded, rounded parts

    def arc_ranks(self, i: int) -> list[float]:
        """Douglas-Peucker ranks of arc i, computed once per process for every tolerance."""
        got = self._ranks.get(i)
        if got is None:
            got = self._ranks[i] = dp_thresholds(self.arcs[i])
        return got

    @staticmethod
    def _stitch(arcs: Sequence[Sequence[LonLat]], refs: Iterable[int]) -> Ring:
        ring: list[LonLat] = []
        for i in refs:
            # A negative index ~i means arc i walked backwards (TopoJSON spec).
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            # Consecutive arcs share their joining point: keep it once.
            ring.extend(pts if not ring else pts[1:])
        return _unwrap_longitudes(ring)

    def simplified_polygons(self, code: str, tolerance: float) -> tuple[Polygon, ...]:
        """The country's polygons built from arcs simplified with Douglas-Peucker at ``tolerance``
        (stitched once per tolerance: every map at that tolerance reuses them)."""
        got = self._polygons.get((tolerance, code))
        if got is None:
            cache = self._simplified.setdefault(tolerance, {})
            arcs = _LazyArcs(self.arcs, cache, tolerance, self.arc_ranks)
            got = self._polygons[(tolerance, code)] = tuple(
                tuple(self._stitch(arcs, ring) for ring in poly) for poly in self.countries[code].arc_refs)
        return got

    def simplified_parts(self, code: str, tolerance: float) -> list[tuple[Polygon, Bounds]]:
        """simplified_polygons with each polygon's bounds (as clip_to_frame computes them)."""
        key = ("parts", tolerance, code)
        got = self._polygons.get(key)
        if got is None:
            got = self._polygons[key] = [(p, _ring_bounds(p[0])) for p in self.simplified_polygons(code, tolerance)]
        return got

    def rounded_part(self, code: str, tolerance: float, index: int, decimals: int) -> list[Polygon]:
        """One simplified polygon left whole: dropped below the tolerance, else rounded."""
        key = ("rounded", tolerance, code, index, decimals)
        got = self._polygons.get(key)
        if got is None:
            poly = self.simplified_parts(code, tolerance)[index][0]
            whole = clip_to_frame([poly], _ring_bounds(poly[0]), 0.0, shifts=(0.0,))
            got = self._polygons[key] = round_polygons([p for p in whole if _extent(p[0]) >= tolerance], decimals)
        return got


class _LazyArcs:
    """Simplify an arc the first time a map asks for it, then reuse it for every neighbour."""

    def __init__(self, arcs, cache, tolerance, ranks):
        self.arcs, self.cache, self.tolerance, self.ranks = arcs, cache, tolerance, ranks

    def __getitem__(self, i: int) -> tuple[LonLat, ...]:
        got = self.cache.get(i)
        if got is None:
            got = self.cache[i] = tuple(simplify(self.arcs[i], self.tolerance, self.ranks(i)))
        return got


@lru_cache(maxsize=1)
def load_world() -> World:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return World(json.load(fh))


# ---------------------------------------------------------------------------------------------
# Bounds and frames


def _unwrap_longitudes(ring: Sequence[LonLat]) -> Ring:
    """A ring that steps across the antimeridian (Russia's main ring goes from 180 to -180 through
    Chukotka) rewritten east of it, so that it has no edge running across the whole world."""
    lons = [p[0] for p in ring]
    if any(abs(a - b) > 180 for a, b in zip(lons, lons[1:])):
        moved = tuple((x + 360 if x < 0 else x, y) for x, y in ring)
        # A ring round a pole (Antarctica) jumps too but spans every longitude anyway.
        if max(p[0] for p in moved) - min(p[0] for p in moved) < 180:
            return moved
    return tuple(ring)


def _ring_bounds(ring: Sequence[LonLat]) -> Bounds:
    ring = _unwrap_longitudes(ring)
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    lo, hi = min(lons), max(lons)
    if lo >= 180:
        lo, hi = lo - 360, hi - 360
    return (lo, min(lats), hi, max(lats))


def _cover_lon(intervals: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The shortest stretch of longitude that covers every interval, going round the globe.

    Found as the complement of the widest gap between the intervals, the gap across the
    antimeridian included, so Russia's Chukotka (west of -169) joins Russia's body instead of
    stretching the box across the whole world.
    """
    spans = []
    for lo, hi in intervals:
        width = hi - lo
        if width >= 360:
            return (-180.0, 180.0)
        lo = ((lo + 180) % 360) - 180
        hi = lo + width
        if hi > 180:  # an interval already past the antimeridian: split it at 180
            spans += [(lo, 180.0), (-180.0, hi - 360)]
        else:
            spans.append((lo, hi))
    if not spans:
        raise ValueError("nothing to cover")
    spans.sort()
    merged: list[list[float]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    best_gap = merged[0][0] + 360 - merged[-1][1]  # the gap across the antimeridian
    best = (merged[0][0], merged[-1][1])
    for (_, prev_hi), (lo, _) in zip(merged, merged[1:]):
        if lo - prev_hi > best_gap:
            best_gap = lo - prev_hi
            best = (lo, prev_hi + 360)
    if best_gap <= 0:
        return (-180.0, 180.0)
    lo, hi = best
    if lo >= 180:
        lo, hi = lo - 360, hi - 360
    return (lo, hi)


def _union_bounds(boxes: Iterable[Bounds]) -> Bounds:
    boxes = list(boxes)
    lo, hi = _cover_lon((b[0], b[2]) for b in boxes)
    return (lo, min(b[1] for b in boxes), hi, max(b[3] for b in boxes))


def main_part_bounds(code: str, world: World | None = None) -> Bounds:
    """Bounds of a country's largest polygon (its mainland): how a bloc member is framed, so that
    France brings in France and not French Guiana or Reunion."""
    country = _country(world or load_world(), code)
    return max(country.polygon_bounds, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def bounds_of(codes: Iterable[str], world: World | None = None) -> Bounds:
    """Antimeridian-safe bounds of one or more countries (see the module docstring)."""
    world = world or load_world()
    boxes = [b for code in codes for b in _country(world, code).polygon_bounds]
    return _union_bounds(boxes)


def _country(world: World, code: str) -> Boundary:
    try:
        return world.countries[code]
    except KeyError:
        raise KeyError(f"no boundary for country code {code!r}") from None


def frame(focus_codes: Iterable[str], points: Iterable[tuple[float, float]] = (), pad: float = STYLE.pad,
          min_span: tuple[float, float] = STYLE.min_span, aspect: tuple[float, float] = STYLE.aspect,
          world: World | None = None, boxes: Iterable[Bounds] = ()) -> Bounds:
    """The box a map shows: the focus countries whole, plus the given points, and nothing more.

    ``points`` are (lat, lon) pairs, as in MapSpec and Leaflet: typically the capitals and event
    places. A counterpart such as China or the United States is *not* framed whole: only its
    capital (and whatever lies between it and the focal country) is, so a map of a Central Asian
    focal country and China ends around Beijing instead of at the Amur.

    The box is padded by ``pad`` of its span on each side (at least half a degree), grown to
    ``min_span`` (lon, lat degrees) for tiny countries, then widened or heightened until its
    width:height ratio in Web Mercator (what Leaflet and the SVG twin draw) lies within ``aspect``:
    maps sit in wide iframes and page columns, and two capitals on one parallel must not give a
    sliver. ``boxes`` are framed whole too (a bloc member's mainland, see main_part_bounds).
    """
    world = world or load_world()
    boxes = [*boxes, *(b for code in focus_codes for b in _country(world, code).polygon_bounds)]
    for lat, lon in points:
        lon = ((lon + 180) % 360) - 180
        boxes.append((lon, lat, lon, lat))
    if not boxes:
        raise ValueError("frame() needs at least one country or point")
    return _fit(_union_bounds(boxes), pad, min_span, aspect)


def world_frame(centre_lon: float, focus_codes: Iterable[str] = (), points: Iterable[tuple[float, float]] = (),
                boxes: Iterable[Bounds] = (), pad: float = STYLE.pad, aspect: tuple[float, float] = STYLE.aspect,
                world: World | None = None) -> Bounds:
    """A frame that never crosses the antimeridian, centred on ``centre_lon`` as far as it can be.

    The overview's rule: everything asked for lies inside, between -180 and 180 degrees, so the map
    never wraps (the United States is never drawn east of China). The frame reaches as far on each
    side of the centre as the farthest thing asked for; where that would cross the antimeridian it
    stops there, and the centre moves as little as that takes.
    """
    world = world or load_world()
    boxes = [*boxes, *(b for code in focus_codes for b in _country(world, code).polygon_bounds)]
    boxes += [(lon, lat, lon, lat) for lat, lon in points]
    if not boxes:
        raise ValueError("world_frame() needs at least one country or point")
    spans = []
    for b in boxes:
        lo, hi = b[0], b[2]
        if hi > 180:  # a box across the antimeridian: keep the part on the side of its start
            lo, hi = (lo, 180.0) if 180 - lo >= hi - 180 else (-180.0, hi - 360)
        spans.append((lo, hi))
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    minlat, maxlat = min(b[1] for b in boxes), max(b[3] for b in boxes)
    reach = max(centre_lon - lo, hi - centre_lon)
    reach += max(reach * pad, 0.5)
    minlon, maxlon = max(-180.0, centre_lon - reach), min(180.0, centre_lon + reach)
    dlat = max((maxlat - minlat) * pad, 0.5)
    minlat, maxlat = _clamp_lat(minlat - dlat, maxlat + dlat)
    minlon, minlat, maxlon, maxlat = _settle_aspect((minlon, minlat, maxlon, maxlat), aspect, (-180.0, 180.0))
    return (_r(minlon), _r(minlat), _r(maxlon), _r(maxlat))


def _fit(bounds: Bounds, pad: float, min_span: tuple[float, float], aspect: tuple[float, float]) -> Bounds:
    minlon, minlat, maxlon, maxlat = bounds
    dlon = max((maxlon - minlon) * pad, 0.5)
    dlat = max((maxlat - minlat) * pad, 0.5)
    minlon, maxlon, minlat, maxlat = minlon - dlon, maxlon + dlon, minlat - dlat, maxlat + dlat
    minlon, maxlon = _grow(minlon, maxlon, min_span[0])
    minlat, maxlat = _clamp_lat(*_grow(minlat, maxlat, min_span[1]))

    minlon, minlat, maxlon, maxlat = _settle_aspect((minlon, minlat, maxlon, maxlat), aspect)
    if maxlon - minlon > 360:
        mid = (minlon + maxlon) / 2
        minlon, maxlon = mid - 180, mid + 180
    if minlon < -180:  # keep minlon in [-180, 180): shift the whole box by a turn
        minlon, maxlon = minlon + 360, maxlon + 360
    elif minlon >= 180:
        minlon, maxlon = minlon - 360, maxlon - 360
    return (_r(minlon), _r(minlat), _r(maxlon), _r(maxlat))


def _settle_aspect(box: Bounds, aspect: tuple[float, float],
                   lon_limits: tuple[float, float] | None = None) -> Bounds:
    """The box widened or heightened until its Web Mercator width:height lies within ``aspect``."""
    minlon, minlat, maxlon, maxlat = box
    lo_ratio, hi_ratio = aspect
    for _ in range(3):  # clamping latitude can change the ratio again; it settles fast
        y1, y2 = mercator_y(minlat), mercator_y(maxlat)
        width, height = maxlon - minlon, y2 - y1
        if width > height * hi_ratio:
            y1, y2 = _grow(y1, y2, width / hi_ratio)
            minlat, maxlat = _clamp_lat(inverse_mercator_y(y1), inverse_mercator_y(y2))
        elif width < height * lo_ratio:
            minlon, maxlon = _grow(minlon, maxlon, height * lo_ratio)
            if lon_limits:
                minlon, maxlon = max(lon_limits[0], minlon), min(lon_limits[1], maxlon)
    return minlon, minlat, maxlon, maxlat


def mercator_y(lat: float) -> float:
    """Web Mercator northing, in degrees so that it compares with longitude."""
    lat = max(-85.0511, min(85.0511, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def inverse_mercator_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    if hi - lo >= span:
        return lo, hi
    mid = (lo + hi) / 2
    return mid - span / 2, mid + span / 2


def _clamp_lat(lo: float, hi: float, limit: float = 84.0) -> tuple[float, float]:
    # Web Mercator ends near 85 degrees: slide the box back inside rather than cut it.
    span = min(hi - lo, 2 * limit)
    if hi > limit:
        hi, lo = limit, limit - span
    if lo < -limit:
        lo, hi = -limit, -limit + span
    return lo, hi


def _r(x: float) -> float:
    return round(x, 4) + 0.0  # + 0.0 turns -0.0 into 0.0 so output text is stable


# ---------------------------------------------------------------------------------------------
# Geometry for one map


def tolerance_for(box: Bounds, pixels: int = 1000) -> float:
    """Simplification tolerance in degrees: about one screen pixel when the longer side of ``box``
    (in Web Mercator) is ``pixels`` long; a pixel there spans cos(latitude) degrees of latitude."""
    kx = math.cos(math.radians((box[1] + box[3]) / 2))
    return max(box[2] - box[0], mercator_y(box[3]) - mercator_y(box[1])) * kx / pixels


def decimals_for(tolerance: float) -> int:
    """Digits to keep so rounding moves a point by at most a fifth of the tolerance."""
    return max(1, min(5, math.ceil(math.log10(5 / tolerance))))


def dp_thresholds(points: Sequence[LonLat]) -> list[float]:
    """For each point, the squared tolerance below which Douglas-Peucker keeps it.

    One full Douglas-Peucker pass ranks every point (a split point's rank is capped by its parent's,
    since DP never looks inside a segment it did not split); simplifying at any tolerance is then a
    filter. The whole world's arcs rank in about 0.1 s, where running DP per tolerance cost seconds.
    """
    n = len(points)
    ranks = [0.0] * n
    if n:
        ranks[0] = ranks[-1] = math.inf  # the end points join arcs to their neighbours
    stack = [(0, n - 1, math.inf)]
    while stack:
        first, last, cap = stack.pop()
        if last - first < 2:
            continue
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if seg2 == 0.0:  # a closed arc (an island) starts and ends on the same point
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = (px - ax) * dy - (py - ay) * dx
                d2 = cross * cross / seg2
            if d2 > worst:
                worst, index = d2, i
        rank = min(worst, cap)
        ranks[index] = rank
        stack.append((first, index, rank))
        stack.append((index, last, rank))
    return ranks


def simplify(points: Sequence[LonLat], tolerance: float, ranks: Sequence[float] | None = None) -> list[LonLat]:
    """Douglas-Peucker at ``tolerance``: the points whose rank is above it (end points always stay)."""
    if len(points) < 3:
        return list(points)
    tol2 = tolerance * tolerance
    return [p for p, r in zip(points, ranks if ranks is not None else dp_thresholds(points)) if r > tol2]


def expand(box: Bounds, margin: float) -> Bounds:
    """``box`` grown on every side by ``margin`` times its own width/height."""
    mx, my = (box[2] - box[0]) * margin, (box[3] - box[1]) * margin
    return (box[0] - mx, max(box[1] - my, -90.0), box[2] + mx, min(box[3] + my, 90.0))


def raw_bounds(ring: Sequence[LonLat]) -> Bounds:
    """Bounds of a ring exactly as its coordinates are, past 180 degrees included."""
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (min(lons), min(lats), max(lons), max(lats))


def clip_exact(polygons: Iterable[Polygon], box: Bounds) -> list[Polygon]:
    """``polygons`` cut to ``box`` where they are, without trying them a turn east or west.

    For geometry map_geometry already placed (shifted by 360 degrees where the frame runs past 180):
    its own bounds, not _ring_bounds' normalised ones, decide what lies inside. The SVG twin cuts its
    shapes to the frame with this; normalising them dropped the United States from a frame written
    past 180 degrees.
    """
    polygons = list(polygons)
    return clip_to_frame(polygons, box, shifts=(0.0,), bounds=[raw_bounds(p[0]) for p in polygons])


def clip_ring(ring: Sequence[LonLat], box: Bounds) -> list[LonLat]:
    """Sutherland-Hodgman clip of a closed ring to a box; returns a closed ring or []."""
    pts = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for edge in range(4):
        if not pts:
            break
        out: list[LonLat] = []
        prev = pts[-1]
        k, limit, low = edge & 1, box[edge], edge < 2  # is p inside this edge: inlined, hot loop
        prev_in = prev[k] >= limit if low else prev[k] <= limit
        for cur in pts:
            cur_in = cur[k] >= limit if low else cur[k] <= limit
            if cur_in != prev_in:
                out.append(_cross(prev, cur, box, edge))
            if cur_in:
                out.append(cur)
            prev, prev_in = cur, cur_in
        pts = out
    if len(pts) < 3:
        return []
    return pts + [pts[0]]


def _cross(a: LonLat, b: LonLat, box: Bounds, edge: int) -> LonLat:
    if edge in (0, 2):
        x = box[edge]
        t = (x - a[0]) / (b[0] - a[0])
        return (x, a[1] + t * (b[1] - a[1]))
    y = box[edge]
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def clip_to_frame(polygons: Iterable[Polygon], box: Bounds, margin: float = 0.0,
                  shifts: Sequence[float] = (-360.0, 0.0, 360.0),
                  bounds: Sequence[Bounds] | None = None) -> list[Polygon]:
    """The parts of ``polygons`` inside ``box`` grown by ``margin`` (a fraction of its size).

    Each polygon is tried at -360, 0 and +360 degrees so that a box written past 180 (see the
    module docstring) picks up, say, Chukotka on its far side. Holes whose exterior is cut away
    go with it.
    """
    area = expand(box, margin) if margin else box
    out: list[Polygon] = []
    for n, poly in enumerate(polygons):
        b = bounds[n] if bounds is not None else _ring_bounds(poly[0])
        for shift in shifts:
            if b[2] + shift < area[0] or b[0] + shift > area[2] or b[3] < area[1] or b[1] > area[3]:
                continue
            if (not shift and b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] and b[3] <= area[3]
                    and all(len(ring) >= 4 and ring[0] == ring[-1] for ring in poly)):
                out.append(tuple(tuple(ring) for ring in poly))  # wholly inside: nothing to cut
                continue
            rings = []
            for i, ring in enumerate(poly):
                moved = [(x + shift, y) for x, y in ring] if shift else ring
                clipped = clip_ring(moved, area)
                if not clipped:
                    if i == 0:
                        break
                    continue
                rings.append(tuple(clipped))
            if rings:
                out.append(tuple(rings))
    return out


def round_polygons(polygons: Iterable[Polygon], decimals: int) -> list[Polygon]:
    """Round coordinates and drop the repeated points rounding creates; degenerate rings go."""
    out = []
    for poly in polygons:
        rings = []
        for ring in poly:
            pts: list[LonLat] = []
            for x, y in ring:
                p = (round(x, decimals) + 0.0, round(y, decimals) + 0.0)
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) >= 4:
                rings.append(tuple(pts))
            elif not rings:
                break
        if rings:
            out.append(tuple(rings))
    return out


def map_geometry(box: Bounds, codes: Iterable[str] = (), context: bool = True, margin: float = 0.25,
                 pixels: int = 1000, max_points: int | None = None,
                 world: World | None = None, wrap: bool = True) -> list[Shape]:
    """Everything one map draws: ``codes`` always, other countries too when ``context``.

    Geometry is simplified at about one pixel (``pixels`` across the box), clipped to the box plus
    ``margin``, rounded to match, and rings smaller than the tolerance are dropped, except that a
    requested country too small to survive keeps its largest ring. With ``max_points``, wide boxes
    are simplified harder (fewer pixels) until the vertex count fits. Both the Leaflet document and
    the SVG twin start from this, so they show the same shapes. Sorted by code: deterministic.
    With ``wrap=False`` nothing is drawn past -180 or 180 degrees, margin included (the overview).
    """
    world = world or load_world()
    wanted = set(codes)
    for code in wanted:
        _country(world, code)
    best: tuple[int, list[Shape]] | None = None
    while True:
        shapes = _geometry_at(world, box, wanted, context, margin, pixels, wrap)
        count = sum(len(ring) for s in shapes for poly in s.polygons for ring in poly)
        if max_points is None or count <= max_points:
            return shapes
        if best is not None and count >= best[0]:
            # Coarser no longer helps: small requested countries fall back to whole polygons.
            return best[1]
        best = (count, shapes)
        if pixels <= 100:
            return shapes
        # Vertex counts fall more slowly than the tolerance rises (coastlines are fractal), so step by
        # more than the overshoot: most maps fit at the second try instead of the fifth.
        pixels = int(pixels * max(0.3, min(0.8, (max_points / count) ** 1.5)))


def _geometry_at(world: World, box: Bounds, wanted: set[str], context: bool, margin: float,
                 pixels: int, wrap: bool = True) -> list[Shape]:
    tol = _snap(tolerance_for(box, pixels))
    digits = decimals_for(tol)
    area = expand(box, margin)
    shifts: tuple[float, ...] = (-360.0, 0.0, 360.0)
    if not wrap:
        area, shifts = (max(area[0], -180.0), area[1], min(area[2], 180.0), area[3]), (0.0,)
    shapes = []
    for code in sorted(world.countries):
        country = world.countries[code]
        if not _touches(country, area, shifts) or (code not in wanted and not context):
            continue
        polys = []
        for i, (poly, b) in enumerate(world.simplified_parts(code, tol)):
            if b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] and b[3] <= area[3] \
                    and area[2] - area[0] < 360 - (b[2] - b[0]):
                # Wholly inside and out of reach of its ±360 copies: the same for every map at
                # this tolerance, so filtered and rounded once.
                polys.extend(world.rounded_part(code, tol, i, digits))
                continue
            cut = [p for p in clip_to_frame([poly], area, shifts=shifts, bounds=[b]) if _extent(p[0]) >= tol]
            polys.extend(round_polygons(cut, digits))
        if not polys and code in wanted:
            # Too small to survive: its largest polygon, simplified if that still leaves a shape.
            simple = world.simplified_polygons(code, tol)
            polys = round_polygons(clip_to_frame(_largest(simple), area, shifts=shifts), digits) if simple else []
            polys = polys or round_polygons(clip_to_frame(_largest(country.polygons), area, shifts=shifts), digits)
        if polys:
            shapes.append(Shape(code, country.name, tuple(polys), digits))
    return shapes


def _snap(tolerance: float) -> float:
    """The tolerance rounded down to a power of 1.25: at most 25% finer than asked, and maps with
    similar frames share one simplification of the arcs (World caches it per tolerance)."""
    return 1.25 ** math.floor(math.log(tolerance, 1.25) + 1e-9)


def _touches(country: Boundary, area: Bounds, shifts: Sequence[float] = (-360.0, 0.0, 360.0)) -> bool:
    for b in country.polygon_bounds:
        for shift in shifts:
            if not (b[2] + shift < area[0] or b[0] + shift > area[2]
                    or b[3] < area[1] or b[1] > area[3]):
                return True
    return False


def _extent(ring: Sequence[LonLat]) -> float:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def _largest(polygons: Sequence[Polygon]) -> list[Polygon]:
    return [max(polygons, key=lambda p: _extent(p[0]))]


# ---------------------------------------------------------------------------------------------
# A MapSpec's geometry, shared by the Leaflet document and the SVG twin so they show the same shapes

# A map carries at most this many vertices of area geometry; wide frames (a focal country in Asia and the
# United States span 180 degrees) are simplified harder until they fit. Measured: about 9 bytes per vertex
# in a Leaflet document, which keeps one well under 60 KB.
MAX_POINTS = 4500
# Measured: a marker with its tooltip and popup takes about 700 bytes of a Leaflet document, the
# size of some 80 vertices; a map with many located events keeps under 60 KB by drawing coarser areas.
POINTS_PER_MARKER = 80
# An area's tooltip and link (the overview has one per counterpart) take about 150 bytes.
POINTS_PER_AREA = 16
# Geometry kept beyond the frame, as a fraction of it, so that a container wider than the frame,
# or a little panning, still shows land.
MARGIN = 0.2


def spec_frame(spec) -> Bounds:
    """The frame a mapspec.MapSpec asks for, or one fitted to its highlighted areas."""
    if spec.frame is not None:
        return tuple(float(v) for v in spec.frame)
    codes = [a.code for a in spec.areas if a.role != "context"] or [a.code for a in spec.areas]
    return frame(codes)


def spec_shapes(spec, box: Bounds, max_points: int | None = MAX_POINTS,
                margin: float = MARGIN) -> tuple[Shape, ...]:
    """The shapes for a mapspec.MapSpec inside ``box`` (reads only .areas and .context).

    The Leaflet document and the SVG twin of one map ask for the same shapes one after the other:
    the last few answers are kept, so the geometry is computed once per map. Markers (with their
    popups) take part of the document's size budget, so each one leaves fewer vertices to areas."""
    if max_points is not None:
        markers = len(getattr(spec, "markers", ()))
        labelled = sum(1 for a in spec.areas if getattr(a, "tooltip", None) or getattr(a, "href", None))
        max_points = max(max_points // 3, max_points - POINTS_PER_MARKER * markers - POINTS_PER_AREA * labelled)
    return _shapes(tuple(a.code for a in spec.areas), bool(spec.context), tuple(box), max_points, margin,
                   bool(getattr(spec, "wrap", True)))


@lru_cache(maxsize=8)
def _shapes(codes: tuple[str, ...], context: bool, box: Bounds, max_points: int | None,
            margin: float, wrap: bool = True) -> tuple[Shape, ...]:
    return tuple(map_geometry(box, codes, context=context, margin=margin, max_points=max_points, wrap=wrap))


def wrap_lon(lon: float, box: Bounds) -> float:
    """``lon`` moved by whole turns so that it lies within (or nearest to) the box's longitudes,
    which may run past 180."""
    mid = (box[0] + box[2]) / 2
    return lon + 360 * round((mid - lon) / 360)
