"""Which land belongs to which place: built-up land shared out by the nearest GeoNames place.

No city or village boundaries exist in the raw data, so the built-up land around Kupiansk is
given to the place it lies nearest, in metres, among the GeoNames places on the same bank of
the Oskil (a Voronoi division per bank): the river, not a straight line between two points,
separates a settlement on one bank from one on the other. A place that spans the river (the
city) takes part in the division of both banks. The cells of one bank never overlap, so areas
cut from different cells cannot overlap either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, shape

from controlmap.geobuild.projection import DENSIFY_DEG, to_metric
from controlmap.geobuild.sources import read_raw
from controlmap.geobuild.waterways import bank_of


def place_points(raw_dir: Path, frame: Polygon) -> dict[int, Point]:
    """geonameid -> metric point of every GeoNames place inside `frame` (metric)."""
    out: dict[int, Point] = {}
    for f in read_raw(raw_dir, "places"):
        p = to_metric(shape(f["geometry"]))
        if frame.contains(p):
            out[int(f["properties"]["geonameid"])] = p
    return dict(sorted(out.items()))


def other_communities(raw_dir: Path) -> Any:
    """The metric union of the KSE hromada polygons: land of communities other than the
    city's own (the layer does not hold Kupianska hromada), so no part of the city."""
    hromadas = [shape(f["geometry"]) for f in read_raw(raw_dir, "hromadas")]
    return to_metric(shapely.segmentize(shapely.union_all(hromadas), DENSIFY_DEG))


def bank_cells(points: dict[int, Point], line: Any, halves: dict[str, Any],
               both_banks: frozenset[int]) -> dict[str, dict[int, Any]]:
    """bank -> geonameid -> the part of that bank nearer this place than any other place on
    the bank. Places in `both_banks` take part on each bank wherever their point lies."""
    out: dict[str, dict[int, Any]] = {}
    for side, half in halves.items():
        sites = {g: p for g, p in points.items() if g in both_banks or bank_of(line, p) == side}
        cells = shapely.voronoi_polygons(MultiPoint(list(sites.values())),
                                         extend_to=half.envelope)
        found: dict[int, Any] = {}
        for cell in cells.geoms:
            gid = next(g for g, p in sites.items() if cell.contains(p))
            found[gid] = cell.intersection(half)
        out[side] = dict(sorted(found.items()))
    return out
