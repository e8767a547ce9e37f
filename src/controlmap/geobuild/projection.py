"""Metric and equal-area views of lon/lat geometry, and the one way output is finished.

Buffers and distances are done in UTM 37N (EPSG:32637), areas in an equal-area CRS
(EPSG:6933, as elsewhere in the project); degrees are never measured.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

METRIC_CRS = "EPSG:32637"
EQUAL_AREA_CRS = "EPSG:6933"
DENSIFY_DEG = 0.0005  # about 35-55 m: edges this short are straight enough in any CRS here
GRID = 1e-6  # the writer's 6 decimals; output is snapped to it so rounding changes nothing


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def _reproject(geom: Any, src: str, dst: str) -> Any:
    tr = _transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def to_metric(geom: Any) -> Any:
    return _reproject(geom, "EPSG:4326", METRIC_CRS)


def to_lonlat(geom: Any) -> Any:
    return _reproject(geom, METRIC_CRS, "EPSG:4326")


def km2(lonlat_geom: Any) -> float:
    """Area of a lon/lat geometry in km², measured in the equal-area CRS.

    Densified first: a long straight lon/lat edge is a curve in the projection.
    """
    dense = shapely.segmentize(lonlat_geom, DENSIFY_DEG)
    return float(_reproject(dense, "EPSG:4326", EQUAL_AREA_CRS).area) / 1e6


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
