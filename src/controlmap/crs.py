"""Coordinate systems: the one place lon/lat becomes metres.

Areas are measured in an equal-area projection (EPSG:6933), never in degrees; distances,
buffers and the briefing map use UTM zone 37N (EPSG:32637), where Kupiansk lies. Long
straight lon/lat edges are curves in a projection, so measurements densify first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely

WGS84 = "EPSG:4326"
EQUAL_AREA = "EPSG:6933"
UTM37N = "EPSG:32637"
DENSIFY_DEG = 0.0005  # about 35-55 m: edges this short are straight enough in any CRS here


@lru_cache(maxsize=8)
def transformer(src: str, dst: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def reproject(geom: Any, src: str, dst: str) -> Any:
    """A shapely geometry (or an array of them) from `src` to `dst` coordinates."""
    tr = transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def to_equal_area(geom: Any) -> Any:
    """Lon/lat geometry (or array) densified and projected to EPSG:6933 metres."""
    return reproject(shapely.segmentize(geom, DENSIFY_DEG), WGS84, EQUAL_AREA)


def km2(geom: Any) -> float:
    """Area of a lon/lat geometry in km² (0 for None or empty)."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(to_equal_area(geom).area) / 1e6


def change_km2(old: Any, new: Any) -> float:
    """Area of the symmetric difference of two lon/lat geometries in km² (0 when equal).

    The difference is taken in lon/lat, where shared edges cancel exactly, and only then
    measured; projecting (and densifying) each side first would leave slivers along every
    shared edge.
    """
    if old is None or old.is_empty:
        return km2(new)
    if new is None or new.is_empty:
        return km2(old)
    return km2(shapely.symmetric_difference(old, new))


def to_utm(geom: Any) -> Any:
    """Lon/lat geometry in UTM 37N metres."""
    return reproject(geom, WGS84, UTM37N)


def from_utm(geom: Any) -> Any:
    """UTM 37N geometry back to lon/lat."""
    return reproject(geom, UTM37N, WGS84)


def point_utm(lon: float, lat: float) -> tuple[float, float]:
    x, y = transformer(WGS84, UTM37N).transform(lon, lat)
    return float(x), float(y)
