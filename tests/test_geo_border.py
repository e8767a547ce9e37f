"""The Ukraine–Russia state border in geo/context.geojson: where it lies, what it is called.

Checked against the shipped towns: every Russian town is on one side, every Ukrainian one on
the other, and the border passes between Kupiansk and Valuyki, about 40 km east of the city.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import split

from controlmap.crs import to_utm
from controlmap.io.datadir import read_data_dir
from controlmap.validate import check
from controlmap.vocabulary import REGION_BBOX
from tests.conftest import GEO


def _features(name: str) -> list[dict[str, Any]]:
    return list(json.loads((GEO / name).read_text(encoding="utf-8"))["features"])


def _border() -> dict[str, Any]:
    found = [f for f in _features("context.geojson") if f["properties"]["kind"] == "state-border"]
    assert len(found) == 1, "context.geojson should hold exactly one state-border feature"
    return found[0]


def _town(name: str) -> Point:
    return next(shape(f["geometry"]) for f in _features("towns.geojson")
                if f["properties"]["name"] == name)


def test_the_border_is_a_named_line_inside_the_region() -> None:
    f = _border()
    p = f["properties"]
    assert p["name"] == "Ukraine–Russia state border"
    assert p["name_uk"] == "Державний кордон України з Росією"
    assert p["source"] == "natural-earth"
    g = shape(f["geometry"])
    assert g.geom_type in ("LineString", "MultiLineString")
    assert box(*REGION_BBOX).buffer(1e-6).contains(g)
    assert to_utm(g).length > 100_000  # it runs across the region, not a stub


def test_the_border_lies_about_40_km_east_of_kupiansk_towards_valuyki() -> None:
    line = shape(_border()["geometry"])
    kupiansk, valuyki = _town("Kupiansk"), _town("Valuyki")
    km = to_utm(line).distance(to_utm(kupiansk)) / 1000
    assert 25 < km < 60, f"the border is {km:.0f} km from Kupiansk"
    path = LineString([kupiansk, valuyki])
    assert path.intersects(line), "the border should pass between Kupiansk and Valuyki"
    assert to_utm(line).distance(to_utm(valuyki)) / 1000 < 25


@pytest.mark.parametrize("country", ["UA", "RU"])
def test_every_town_of_a_country_is_on_its_side(country: str) -> None:
    line = shape(_border()["geometry"])
    frame = box(*REGION_BBOX)
    sides = list(split(frame, line).geoms)
    assert len(sides) == 2, "the border should cut the region in two"
    kupiansk = _town("Kupiansk")
    ukraine = next(s for s in sides if s.contains(kupiansk))
    for f in _features("towns.geojson"):
        if f["properties"].get("country") != country:
            continue
        inside = ukraine.contains(shape(f["geometry"]))
        assert inside == (country == "UA"), f["properties"]["name"]


@pytest.mark.parametrize(("kind", "geometry", "ok"), [
    ("state-border", {"type": "LineString", "coordinates": [[37.9, 49.9], [38.0, 50.0]]}, True),
    ("state-border", {"type": "Polygon", "coordinates": [[[37.9, 49.9], [38.0, 49.9],
                                                          [38.0, 50.0], [37.9, 49.9]]]}, False),
    ("builtup", {"type": "LineString", "coordinates": [[37.9, 49.9], [38.0, 50.0]]}, False),
])
def test_the_schema_ties_the_border_to_lines_and_the_rest_to_polygons(
        geo_copy: Path, kind: str, geometry: dict[str, Any], ok: bool) -> None:
    path = geo_copy / "context.geojson"
    coll = json.loads(path.read_text(encoding="utf-8"))
    coll["features"].append({"type": "Feature", "geometry": geometry, "properties": {
        "id": "test-feature", "kind": kind, "name": "Test", "source": "natural-earth"}})
    path.write_text(json.dumps(coll, ensure_ascii=False), encoding="utf-8")
    problems = [p for p in check(read_data_dir(geo_copy)) if p.feature == "test-feature"]
    assert (problems == []) == ok, problems
    if not ok:
        assert problems[0].field == "geometry.type"
