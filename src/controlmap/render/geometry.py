"""Area geometry for the browser: sent once, simplified per zoom range, borders kept shared.

An area with two million vertices made a 79 MB payload and a map that took 43 s to paint,
though at the zoom a reader sees it a pixel covers tens of metres. So the browser gets the
areas' own parts (an area less its children: together they tile the map) at a few levels of
detail, each for a range of zoom levels, and picks one by zoom (static/controlmap/geometry.js).

- Simplification is GEOS coverage simplification (`shapely.coverage_simplify`): the parts are
  simplified as one coverage, so a border two areas share is simplified once and stays
  shared: no gaps or overlaps open between neighbours at any level.
- Coordinates are quantised to 1e-5 degrees (about 1 m) and sent as integers, each ring as
  [x0, y0, dx1, dy1, ...] (deltas from the previous point): a third of the size of GeoJSON.
- An area's full outline (drawn as a line) is the union of its subtree's simplified parts,
  so outlines and fills agree; a leaf's outline is its part, sent once (`0` in `outlines`).
- The finest level is simplified from the input, each coarser one from the level before it
  (tolerances add up: at most 1.5 + 8 + 40 m at the coarsest, still under a pixel there).
  A lone part (nothing shares its borders) is simplified on its own (Douglas-Peucker, topology
  kept), much faster than the coverage simplifier on millions of vertices.
- The result depends only on the geometry, so it is cached in memory by a content hash.

Parts that overlap (children poking out of their parent, siblings that overlap) are made a
coverage first: each loses what later parts (drawn on top of it) cover. Should that still not
be a valid coverage, they are simplified one by one (borders may then differ by the tolerance).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

SCALE = 100_000  # quantum: 1e-5 degree, about 1 m (payload.DIGITS)
M_PER_DEG = 111_320.0


@dataclass(frozen=True)
class Level:
    """A level of detail: used from `min_zoom` up; `tolerance_m` is the simplification."""

    min_zoom: float
    tolerance_m: float


# A Web Mercator pixel at 50°N is about 100 m at zoom 10, 25 m at 12, 6 m at 14: each level's
# tolerance is about half a pixel at the lowest zoom it serves, so simplification never shows.
LEVELS: tuple[Level, ...] = (Level(0, 40.0), Level(11.5, 8.0), Level(13.5, 1.5))
# Above either, the browser draws the areas on a canvas (one element, not a path per area).
CANVAS_AREAS = 400
CANVAS_VERTICES = 60_000

_CACHE: OrderedDict[str, dict[str, Any]] = OrderedDict()
_CACHE_SIZE = 8


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry (make_valid may add lines and points where rings touch)."""
    return shapely.union_all([g for g in shapely.get_parts(geom)
                              if g.geom_type in ("Polygon", "MultiPolygon")])


def _quantise(geom: BaseGeometry) -> BaseGeometry:
    """Coordinates on the 1e-5 degree grid; the same point always lands on the same node, so
    shared borders stay shared. A ring the rounding made invalid (a spike folded onto itself)
    is snap-rounded on the same grid, so the encoding (integers) is exactly what was checked."""
    out = shapely.transform(geom, lambda xy: np.round(xy * SCALE) / SCALE)
    if not out.is_valid:  # snap-rounding to the same grid: valid, and every node on the grid
        try:  # from the valid input: GEOS snap-rounds it itself
            snapped = shapely.set_precision(geom, 1 / SCALE)
        except shapely.errors.GEOSException:
            snapped = shapely.Polygon()
        # A sliver thinner than the quantum would vanish: keep it, repaired off the grid.
        out = snapped if not snapped.is_empty else _polygonal(shapely.make_valid(out))
    return out


def is_coverage(parts: Sequence[BaseGeometry | None]) -> bool:
    """True when the parts (None skipped) do not overlap: a coverage GEOS can simplify."""
    geoms = [g for g in parts if g is not None and not g.is_empty]
    return len(geoms) < 2 or bool(shapely.coverage_is_valid(np.array(geoms, dtype=object)))


def disjoint(parts: Sequence[BaseGeometry | None]) -> list[BaseGeometry | None]:
    """Each part less the parts after it (those are drawn on top of it, so this is what the
    map showed anyway): overlapping parts become a coverage. Unchanged when they already are."""
    if is_coverage(parts):
        return list(parts)
    out: list[BaseGeometry | None] = list(parts)
    # Candidates by bounding box from the parts as given: a part only shrinks below, so
    # these are a superset of what it overlaps later (a scan of every pair is quadratic).
    tree = shapely.STRtree([shapely.Polygon() if g is None else g for g in parts])
    for i in range(len(parts) - 1, -1, -1):
        g = parts[i]
        if g is None or g.is_empty:
            out[i] = g
            continue
        near = tree.query(g)
        hits = [o for j in sorted(near[near > i].tolist(), reverse=True)
                if (o := out[j]) is not None and not o.is_empty and o.intersects(g)]
        if hits:
            g = _polygonal(shapely.make_valid(g.difference(shapely.union_all(hits))))
            if g.is_empty or g.area < 1e-10:
                g = None
        out[i] = g
    return out if is_coverage(out) else _noded(out)


def _noded(parts: Sequence[BaseGeometry | None]) -> list[BaseGeometry | None]:
    """Disjoint parts whose borders do not share their vertices (one side has a node the other
    lacks) made a valid coverage: the borders noded together, cut into faces, each face given
    back to the part it lies in."""
    idx = [i for i, g in enumerate(parts) if g is not None]
    lines = shapely.union_all([shapely.boundary(parts[i]) for i in idx])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree([parts[i] for i in idx])
    owned: dict[int, list[BaseGeometry]] = {}
    for face in faces:
        pt = face.point_on_surface()
        hit = [int(k) for k in tree.query(pt, predicate="intersects")]
        if hit:
            owned.setdefault(idx[max(hit)], []).append(face)
    out: list[BaseGeometry | None] = [None] * len(parts)
    for i, fs in owned.items():
        out[i] = _union(fs, True)
    return out


def simplify_parts(parts: Sequence[BaseGeometry | None], tolerance_deg: float,
                   coverage: bool = True) -> list[BaseGeometry | None]:
    """The parts simplified together (a coverage: shared borders stay shared), quantised;
    with `coverage` False (they overlap), one by one.

    None and empty parts stay None; a part the simplification would empty keeps its input.
    """
    idx = [i for i, g in enumerate(parts) if g is not None and not g.is_empty]
    out: list[BaseGeometry | None] = [None] * len(parts)
    if not idx:
        return out
    geoms = np.array([parts[i] for i in idx], dtype=object)
    if coverage and len(idx) > 1:
        simple = shapely.coverage_simplify(geoms, tolerance_deg, simplify_boundary=True)
    else:
        simple = shapely.simplify(geoms, tolerance_deg, preserve_topology=True)
    for i, g, orig in zip(idx, simple, geoms, strict=True):
        q = _quantise(g if g is not None and not g.is_empty else orig)
        out[i] = q if not q.is_empty else _quantise(orig)
    return out


def _ring(coords: np.ndarray) -> list[int]:
    q = np.round(np.asarray(coords)[:-1, :2] * SCALE).astype(np.int64)
    if len(q) == 0:
        return []
    q[1:] = np.diff(q, axis=0)
    return q.ravel().tolist()


def encode(geom: BaseGeometry | None) -> list[list[list[int]]] | None:
    """Polygons -> [[ring, ...], ...], each ring delta-encoded integers (see module doc)."""
    if geom is None or geom.is_empty:
        return None
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return [[_ring(np.asarray(p.exterior.coords)),
             *(_ring(np.asarray(r.coords)) for r in p.interiors)] for p in polys] or None


def decode(enc: list[list[list[int]]] | None) -> dict[str, Any] | None:
    """The inverse of `encode`, as a GeoJSON MultiPolygon (tests; the browser does the same)."""
    if not enc:
        return None
    polys = []
    for poly in enc:
        rings = []
        for ring in poly:
            q = np.cumsum(np.array(ring, dtype=np.int64).reshape(-1, 2), axis=0) / SCALE
            pts = q.tolist()
            rings.append([*pts, pts[0]])
        polys.append(rings)
    return {"type": "MultiPolygon", "coordinates": polys}


def _digest(parts: Sequence[BaseGeometry | None], parents: Sequence[int]) -> str:
    h = hashlib.sha256(repr((LEVELS, SCALE, list(parents), shapely.geos_version)).encode())
    for g in parts:
        h.update(b"\0" if g is None else shapely.to_wkb(g, hex=False))
        h.update(b"|")
    return h.hexdigest()


def _vertices(enc: list[list[list[int]]] | None) -> int:
    return sum(len(r) // 2 for poly in enc or [] for r in poly)


def _union(geoms: list[BaseGeometry], coverage: bool) -> BaseGeometry:
    """The union of parts: the fast coverage union where they are one (and stayed noded after
    quantising), else the general overlay."""
    if len(geoms) == 1:
        return geoms[0]
    if coverage:
        try:
            return shapely.coverage_union_all(geoms)
        except shapely.errors.GEOSException:
            pass
    return shapely.union_all(geoms)


def build_geometry(parts: Sequence[BaseGeometry | None], parents: Sequence[int]
                   ) -> dict[str, Any]:
    """The payload's `geometry` member for areas in payload order.

    `parts[i]`: area i's own part (None when its children cover it); `parents[i]`: the index
    of its parent (-1 for none; parents come before children). Returns {scale, levels:
    [{min_zoom, tolerance_m}], parts: [[encoded part per area] per level], outlines: [[encoded
    outline, or 0 when it is the part, per area] per level], canvas: bool}.
    """
    key = _digest(parts, parents)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    n = len(parts)
    subtree: list[list[int]] = [[i] for i in range(n)]
    for i in range(n - 1, -1, -1):  # children after parents: fold each subtree upwards
        if parents[i] >= 0:
            subtree[parents[i]].extend(subtree[i])
    doc: dict[str, Any] = {"scale": SCALE, "levels": [], "parts": [], "outlines": []}
    finest = 0
    parts = disjoint(parts)
    coverage = is_coverage(parts)
    # Finest level first, from the input; each coarser one from the level before (far fewer
    # vertices: an area of 2M vertices costs one full pass, not three).
    levels: list[Any] = []
    source: Sequence[BaseGeometry | None] = parts
    for level in sorted(LEVELS, key=lambda lv: lv.tolerance_m):
        source = simplify_parts(source, level.tolerance_m / M_PER_DEG, coverage)
        levels.append(source)
    by_level = dict(zip(sorted(LEVELS, key=lambda lv: lv.tolerance_m), levels, strict=True))
    for level in LEVELS:
        simple = by_level[level]
        enc = [encode(g) for g in simple]
        outlines: list[Any] = []
        for i in range(n):
            members = [simple[j] for j in subtree[i] if simple[j] is not None]
            if members == [simple[i]]:
                outlines.append(0)
            elif not members:
                outlines.append(None)
            else:
                outlines.append(encode(_union(members, coverage)))
        doc["levels"].append({"min_zoom": level.min_zoom, "tolerance_m": level.tolerance_m})
        doc["parts"].append(enc)
        doc["outlines"].append(outlines)
        finest = sum(_vertices(e) for e in enc)
    doc["canvas"] = n > CANVAS_AREAS or finest > CANVAS_VERTICES
    _CACHE[key] = doc
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return doc
