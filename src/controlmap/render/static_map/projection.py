"""Lon/lat -> UTM 37N, and shapely shapes -> matplotlib paths.

The briefing map is drawn in metres (EPSG:32637) so the scale bar is true and shapes are not
stretched as they are in plain lon/lat; Kupiansk lies in zone 37.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from matplotlib.path import Path

from controlmap.crs import UTM37N, point_utm, to_utm

CRS = UTM37N
__all__ = ["CRS", "to_utm", "point_utm", "grid_convergence", "polygon_path", "polygons_of",
           "line_paths"]


def grid_convergence(lon: float, lat: float) -> float:
    """Angle (degrees, counter-clockwise from the map's up) of true north at lon/lat."""
    x0, y0 = point_utm(lon, lat)
    x1, y1 = point_utm(lon, lat + 0.01)
    return math.degrees(math.atan2(-(x1 - x0), y1 - y0))


def _ring_codes(n: int) -> np.ndarray:
    codes = np.full(n, Path.LINETO, dtype=Path.code_type)
    codes[0], codes[-1] = Path.MOVETO, Path.CLOSEPOLY
    return codes


def polygon_path(geom: Any) -> Path | None:
    """One compound path for a (Multi)Polygon, holes included; None when empty."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) >= 4:
                verts.append(xy)
                codes.append(_ring_codes(len(xy)))
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def polygons_of(geom: Any) -> Any:
    """The polygonal part of a geometry (a difference may leave lines or points behind)."""
    if geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def line_paths(geom: Any) -> list[np.ndarray]:
    """Coordinate arrays of every line in a (Multi)LineString."""
    return [np.asarray(g.coords)[:, :2] for g in getattr(geom, "geoms", [geom])
            if g.geom_type == "LineString" and not g.is_empty]
