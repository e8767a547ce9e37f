"""The Oskil (river line through its reservoir), the reservoir, the Siverskyi Donets, and banks.

Banks follow the river's flow: facing downstream (the Oskil runs south), the right bank is
on the west and the left bank on the east. The Natural Earth line is coarse (a vertex about
every 3 km), so a bank side is only as good as that line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, shape
from shapely.ops import linemerge, split

from controlmap.geobuild.projection import finish_lineal, finish_polygonal
from controlmap.geobuild.sources import CREDIT, read_raw
from controlmap.vocabulary import REGION_BBOX

RESERVOIR_NOTE = "_untitled_69774"


def _lines(features: list[dict[str, Any]], names: set[str]) -> list[LineString]:
    out: list[LineString] = []
    for f in features:
        if f["properties"].get("name") in names:
            g = shape(f["geometry"])
            out.extend(getattr(g, "geoms", [g]))
    return out


def _merged(lines: list[LineString]) -> LineString | MultiLineString:
    region = box(*REGION_BBOX)
    merged = linemerge(shapely.union_all(lines))
    clipped = merged.intersection(region)
    return linemerge(clipped) if clipped.geom_type == "MultiLineString" else clipped


def _downstream(line: LineString) -> LineString:
    """The line oriented north to south, the way the Oskil flows."""
    first, last = line.coords[0], line.coords[-1]
    return line if first[1] >= last[1] else LineString(line.coords[::-1])


def oskil_line(raw_dir: Path) -> LineString:
    """The Oskil in the region as one line from north to south, through the reservoir."""
    rivers = read_raw(raw_dir, "rivers")
    line = _merged(_lines(rivers, {"Oskol"}))
    if not isinstance(line, LineString):
        raise ValueError(f"the Oskol river and lake centerline do not merge into one line: {line}")
    return _downstream(line)


def donets_line(raw_dir: Path) -> LineString | MultiLineString:
    lines = _lines(read_raw(raw_dir, "rivers"), {"Seversky Donets"})
    lines += _lines(read_raw(raw_dir, "lake_centerlines"), {"Donets"})
    return _merged(lines)


def reservoir(raw_dir: Path) -> Polygon:
    for f in read_raw(raw_dir, "lakes"):
        if f["properties"].get("note") == RESERVOIR_NOTE:
            return shape(f["geometry"])
    raise ValueError(f"Natural Earth lake {RESERVOIR_NOTE} (the Oskil reservoir) not found")


def bank_of(line: LineString, point: Point) -> str:
    """`right` or `left`: the side of the downstream-oriented line the point lies on."""
    d = line.project(point)
    step = line.length * 1e-7
    a = line.interpolate(max(d - step, 0.0))
    b = line.interpolate(min(d + step, line.length))
    cross = (b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x)
    return "left" if cross > 0 else "right"


def bank_halves(line: LineString, frame: Polygon) -> dict[str, Any]:
    """Split `frame` along the line (which must cross it) into its right and left bank sides."""
    pieces = split(frame, line).geoms
    sides: dict[str, list[Any]] = {"right": [], "left": []}
    for piece in pieces:
        sides[bank_of(line, piece.representative_point())].append(piece)
    if not sides["right"] or not sides["left"]:
        raise ValueError("the river line does not cross the frame it should split")
    return {k: shapely.union_all(v) for k, v in sides.items()}


def waterway_features(raw_dir: Path) -> dict[str, Any]:
    """The collection of geo/oskil.geojson."""
    feats = [
        {"type": "Feature", "properties": {
            "id": "oskil", "kind": "river", "name": "Oskil", "name_uk": "Оскіл",
            "source": "natural-earth"},
         "geometry": finish_lineal(oskil_line(raw_dir))},
        {"type": "Feature", "properties": {
            "id": "oskil-reservoir", "kind": "reservoir", "name": "Oskil Reservoir",
            "name_uk": "Оскільське водосховище", "source": "natural-earth"},
         "geometry": finish_polygonal(reservoir(raw_dir))},
        {"type": "Feature", "properties": {
            "id": "siverskyi-donets", "kind": "river", "name": "Siverskyi Donets",
            "name_uk": "Сіверський Донець", "source": "natural-earth"},
         "geometry": finish_lineal(donets_line(raw_dir))},
    ]
    return {"type": "FeatureCollection", "attribution": CREDIT, "features": feats}
