"""Areas in km², computed in an equal-area projection (EPSG:6933), never in degrees."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely

EQUAL_AREA_CRS = "EPSG:6933"


@lru_cache(maxsize=1)
def _transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def _project(coords: np.ndarray) -> np.ndarray:
    x, y = _transformer().transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def to_equal_area(geom: Any) -> Any:
    """A lon/lat shapely geometry projected to metres in EPSG:6933."""
    return shapely.transform(geom, _project)


def km2(geom: Any) -> float:
    """Area of a lon/lat geometry in km²."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(to_equal_area(geom).area) / 1e6


def change_km2(old: Any, new: Any) -> float:
    """Area of the symmetric difference of two lon/lat geometries in km² (0 when equal)."""
    if old is None or old.is_empty:
        return km2(new)
    if new is None or new.is_empty:
        return km2(old)
    a, b = to_equal_area(old), to_equal_area(new)
    return float(shapely.symmetric_difference(a, b).area) / 1e6
