"""Geometry checks: well-formed coordinates, not empty, valid, inside the region, RFC 7946 rings.

Structure is checked by hand first (so a broken ring is named, not a shapely traceback),
and a geometry may hold at most io.limits.MAX_POSITIONS positions;
then shapely says why a geometry is invalid, and the coordinates are compared with
REGION_BBOX, which also tells a lon/lat swap (the commonest GeoJSON mistake) from a typo.
`controlmap fmt` does not reorient rings: it never changes what a geometry means.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from controlmap.errors import Problem
from controlmap.io.limits import MAX_POSITIONS
from controlmap.validate.features import Item
from controlmap.vocabulary import REGION_BBOX

COORDS = "geometry.coordinates"
_POSITION_HINT = "each position is [longitude, latitude] in decimal degrees"
_ORIENT_HINT = "`controlmap fmt` does not reorient; use shapely.geometry.polygon.orient"


def _at(what: str, where: str) -> str:
    """`position [0][3]`, or just `position` for a Point (no path to name)."""
    return f"{what} {where}" if where else what


def _position(p: Any, where: str) -> tuple[str, str] | None:
    if not isinstance(p, list) or not 2 <= len(p) <= 3:
        return f"{_at('position', where)} is not [lon, lat]: {str(p)[:40]}", _POSITION_HINT
    for v in p:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"{_at('position', where)} has a non-number {v!r}", _POSITION_HINT
        if not math.isfinite(v):
            return f"{_at('position', where)} has {v}, which is not a number", _POSITION_HINT
    return None


def _line(c: Any, where: str, ring: bool) -> tuple[str, str] | None:
    what = "ring" if ring else "line"
    if not isinstance(c, list):
        return f"{_at(what, where)} is not a list of positions", _POSITION_HINT
    for i, p in enumerate(c):
        bad = _position(p, f"{where}[{i}]")
        if bad:
            return bad
    need = 4 if ring else 2
    if len(c) < need:
        return (f"{_at(what, where)} has {len(c)} position(s); a {what} needs at least {need}",
                "a ring is closed: it repeats its first position at the end" if ring
                else "add the missing positions")
    if ring and c[0] != c[-1]:
        return (f"{_at('ring', where)} is not closed: it starts at {c[0]} and ends at {c[-1]}",
                "repeat the first position at the end of the ring")
    return None


def _many(c: Any, where: str, what: str, one: Any) -> tuple[str, str] | None:
    if not isinstance(c, list) or not c:
        return f"{_at(what, where)} is empty or not a list", "remove it or give it coordinates"
    for i, part in enumerate(c):
        bad = one(part, f"{where}[{i}]")
        if bad:
            return bad
    return None


def _polygon(c: Any, where: str) -> tuple[str, str] | None:
    return _many(c, where, "polygon", lambda r, w: _line(r, w, ring=True))


_STRUCTURE = {
    "Point": lambda c: _position(c, ""),
    "MultiPoint": lambda c: _many(c, "", "point list", _position),
    "LineString": lambda c: _line(c, "", ring=False),
    "MultiLineString": lambda c: _many(c, "", "line list",
                                       lambda x, w: _line(x, w, ring=False)),
    "Polygon": lambda c: _polygon(c, ""),
    "MultiPolygon": lambda c: _many(c, "", "polygon list", _polygon),
}


def _region_problem(item: Item, geom: BaseGeometry) -> Problem | None:
    xy = shapely.get_coordinates(geom)
    if not len(xy):
        return None
    x0, y0, x1, y1 = REGION_BBOX
    xs, ys = xy[:, 0], xy[:, 1]
    outside = (xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)
    if not outside.any():
        return None
    lon, lat = (float(v) for v in xy[int(np.argmax(outside))])
    swapped_inside = bool(((ys >= x0) & (ys <= x1) & (xs >= y0) & (xs <= y1)).all())
    hint = ("lon/lat look swapped (GeoJSON is [lon, lat])" if swapped_inside else
            "the data covers the Kupiansk region only; check the numbers (GeoJSON is [lon, lat])")
    more = int(outside.sum()) - 1
    tail = f" and {more} more position(s)" if more else ""
    return item.problem(
        COORDS,
        f"coordinates outside the region (lon {x0} to {x1}, lat {y0} to {y1}): "
        f"[{lon:g}, {lat:g}]{tail}",
        hint)


def _orientation(geom: BaseGeometry) -> str | None:
    """Why the rings are not RFC 7946 (exterior counter-clockwise, holes clockwise), or None."""
    polygons = [geom] if isinstance(geom, Polygon) else (
        list(geom.geoms) if isinstance(geom, MultiPolygon) else [])
    for i, poly in enumerate(polygons):
        where = f"polygon {i} " if isinstance(geom, MultiPolygon) else ""
        if not poly.exterior.is_ccw:
            return f"{where}exterior ring is clockwise"
        for j, hole in enumerate(poly.interiors):
            if hole.is_ccw:
                return f"{where}hole {j} is counter-clockwise"
    return None


def check_feature_geometry(item: Item) -> tuple[list[Problem], BaseGeometry | None]:
    """Problems of one feature's geometry, and its shapely shape when it is usable.

    A shape outside the region is not usable: comparing it with others (containment) would
    only repeat the one mistake as many times as it has neighbours.
    """
    g = item.feature.get("geometry")
    if not isinstance(g, dict):
        return [], None  # null, or the schema reports it
    gtype, coords = g.get("type"), g.get("coordinates")
    if gtype not in _STRUCTURE or not isinstance(coords, list):
        return [], None  # the schema reports unknown types and missing coordinates
    if not coords:
        return [item.problem(COORDS, "empty geometry",
                             "give it coordinates, or use geometry null where the kind "
                             "allows it (claims with an area, events)")], None
    bad = _STRUCTURE[gtype](coords)
    if bad:
        return [item.problem(COORDS, *bad)], None
    try:
        geom = shape(g)
    except (ValueError, TypeError, ShapelyError) as err:
        return [item.problem("geometry", f"not a usable {gtype}: {err}", _POSITION_HINT)], None
    positions = int(shapely.get_num_coordinates(geom))
    if positions > MAX_POSITIONS:
        return [item.problem(COORDS, f"{positions} positions, more than the limit of "
                             f"{MAX_POSITIONS} for one geometry",
                             "simplify the outline (e.g. shapely's simplify)")], None
    problems: list[Problem] = []
    region = _region_problem(item, geom)
    if region:
        problems.append(region)
    if not geom.is_valid:
        problems.append(item.problem("geometry", f"invalid geometry: {explain_validity(geom)}",
                                     "shapely.make_valid or fix the ring"))
        return problems, None
    turned = None if region else _orientation(geom)  # a lon/lat swap also mirrors the rings
    if turned:
        problems.append(item.problem(
            "geometry",
            f"ring orientation is not RFC 7946: {turned} (exterior rings go "
            "counter-clockwise, holes clockwise)", _ORIENT_HINT))
    return problems, (None if region else geom)


def check_geometry(items: list[Item]) -> tuple[list[Problem], dict[tuple[str, int], Any]]:
    """Problems of every geometry, and the usable shapes by (file, index) for later checks."""
    problems: list[Problem] = []
    shapes: dict[tuple[str, int], Any] = {}
    for item in items:
        found, geom = check_feature_geometry(item)
        problems += found
        if geom is not None:
            shapes[(item.file, item.index)] = geom
    return problems, shapes
