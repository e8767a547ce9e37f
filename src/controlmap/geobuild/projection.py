"""Metric and equal-area views of lon/lat geometry, and the one way output is finished.

Buffers and distances are done in UTM 37N (EPSG:32637), areas in an equal-area CRS
(EPSG:6933, as elsewhere in the project); degrees are never measured.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

from controlmap.crs import DENSIFY_DEG, from_utm, km2, to_utm

__all__ = ["DENSIFY_DEG", "km2", "to_metric", "to_lonlat", "finish_polygonal", "finish_lineal"]

GRID = 1e-6  # the writer's 6 decimals; output is snapped to it so rounding changes nothing
# Buffers and splits happen in UTM 37N metres; areas are measured with crs.km2.
to_metric = to_utm
to_lonlat = from_utm


def finish_polygonal(lonlat_geom: Any) -> dict[str, Any]:
    """GeoJSON of a (Multi)Polygon snapped to the 6-decimal grid, valid, RFC 7946 rings.

    Vertices that add nothing (within 1 cm of a straight line) are dropped first. Snapping
    with shapely.set_precision keeps the geometry valid, so the writer's rounding cannot make
    it invalid afterwards.
    """
    geom = shapely.set_precision(lonlat_geom.simplify(GRID / 10), GRID)
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]
    if not polys:
        raise ValueError("polygon vanished when snapped to the 6-decimal grid")
    polys = [orient(p, 1.0) for p in polys]
    out: Polygon | MultiPolygon = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    if not out.is_valid:
        raise ValueError(f"invalid output polygon: {shapely.is_valid_reason(out)}")
    return dict(mapping(out))


def finish_lineal(lonlat_geom: Any) -> dict[str, Any]:
    return dict(mapping(shapely.set_precision(lonlat_geom, GRID)))
