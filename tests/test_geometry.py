"""Levels of detail for the browser (render.geometry): every level keeps every area valid, a
tiling stays a tiling (shared borders gap- and overlap-free), outlines are their subtree's
parts, and the encoding round-trips."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import orjson
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPoint, box, shape

from controlmap.render import geometry as G

SQUARE = box(37.0, 49.0, 37.2, 49.15)  # about 14 x 17 km


def _wiggle(amplitude: float, seed: int):  # type: ignore[no-untyped-def]
    """A displacement that depends on the point only: shared vertices move together."""
    def move(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        edge = (np.isclose(x, SQUARE.bounds[0]) | np.isclose(x, SQUARE.bounds[2])
                | np.isclose(y, SQUARE.bounds[1]) | np.isclose(y, SQUARE.bounds[3]))
        dx = amplitude * np.sin(x * 9000 + seed) * np.cos(y * 7000 - seed)
        dy = amplitude * np.cos(x * 8000 - seed) * np.sin(y * 11000 + seed)
        return np.where(edge[:, None], xy, xy + np.stack([dx, dy], axis=1))
    return move


def tiling(points: list[tuple[float, float]], amplitude: float, seed: int) -> list:  # type: ignore[type-arg]
    """A random tiling of SQUARE: Voronoi cells with many-vertex wiggly shared borders."""
    cells = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(points), extend_to=SQUARE))
    cells = [c.intersection(SQUARE) for c in cells]
    cells = [shapely.segmentize(c, 0.0002) for c in cells if c.area > 0]
    return [shapely.transform(c, _wiggle(amplitude, seed)) for c in cells]


coords = st.tuples(st.floats(37.0, 37.2), st.floats(49.0, 49.15))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                        HealthCheck.filter_too_much])
@given(st.lists(coords, min_size=2, max_size=12, unique=True),
       st.floats(0.0, 0.0004), st.integers(0, 1000))
def test_simplified_tiling_stays_valid_and_gap_free(points: list[tuple[float, float]],
                                                    amplitude: float, seed: int) -> None:
    parts = tiling(points, amplitude, seed)
    assume(len(parts) >= 2 and all(p.is_valid for p in parts) and G.is_coverage(parts))
    doc = G.build_geometry(parts, [-1] * len(parts))
    total = SQUARE.area
    for k, level in enumerate(doc["levels"]):
        shapes = [shape(G.decode(e)) for e in doc["parts"][k]]
        assert all(s.is_valid and not s.is_empty for s in shapes), level
        union = shapely.union_all(shapes)
        # Tolerance: the quantum along every border (1e-5 degree wide strips), far below a pixel.
        slack = 2e-5 * sum(p.length for p in parts)
        assert abs(sum(s.area for s in shapes) - union.area) < slack, "overlap"
        assert abs(union.area - total) < slack, "gap or spill at the edge"
        holes = [r for p in shapely.get_parts(union) for r in p.interiors]
        assert sum(shapely.Polygon(r).area for r in holes) < slack, "gap between parts"


def test_levels_get_smaller_and_a_huge_area_fits() -> None:
    n = 200_000
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    r = 0.05 * (1 + 0.1 * np.sin(40 * t) + 0.02 * np.sin(900 * t))
    ring = np.stack([37.6 + r * np.cos(t), 49.7 + 0.65 * r * np.sin(t)], axis=1)
    big = shapely.Polygon(ring)
    assert big.is_valid
    doc = G.build_geometry([big], [-1])
    counts = [sum(len(ring) // 2 for poly in lv[0] for ring in poly) for lv in doc["parts"]]
    assert counts == sorted(counts) and counts[-1] < n / 10
    assert doc["canvas"] is False and doc["outlines"][0] == [0]


def test_outline_is_the_union_of_the_subtree_and_encoding_round_trips() -> None:
    parent_own = box(0, 0, 2, 1).difference(box(0, 0, 1, 1))
    child = box(0, 0, 1, 1)
    doc = G.build_geometry([parent_own, child], [-1, 0])
    outline = shape(G.decode(doc["outlines"][-1][0]))
    assert outline.equals(box(0, 0, 2, 1))
    assert doc["outlines"][-1][1] == 0  # a leaf's outline is its part, not sent twice
    assert shape(G.decode(G.encode(child))).equals(child)
    assert G.encode(None) is None and G.decode(None) is None


def test_overlapping_parts_become_a_coverage_the_later_on_top() -> None:
    a, b = box(0, 0, 0.02, 0.01), box(0.01, 0, 0.03, 0.01)
    out = G.disjoint([a, b])
    assert G.is_coverage(out)
    assert out[1].equals(b) and out[0].equals(box(0, 0, 0.01, 0.01))


def test_cached_by_content() -> None:
    parts = [box(0, 0, 0.01, 0.01)]
    assert G.build_geometry(parts, [-1]) is G.build_geometry([box(0, 0, 0.01, 0.01)], [-1])


def test_area_geometry_kept_by_the_bytes_of_areas_geojson(
        geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawn shapes are kept by areas.geojson's hash: read back equal to a fresh build,
    made again when the entry is damaged, and never kept for a data set without hashes."""
    from datetime import date

    from controlmap.loading import load_dataset
    from controlmap.model.compiled import Hierarchy
    from controlmap.render.area_geometry import area_geometry, area_parts
    from controlmap.render.geometry import build_geometry
    from controlmap.render.timeline import hierarchy_order

    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))
    ds = load_dataset(geo_copy, date(2026, 11, 30))
    h = Hierarchy.of(ds.areas)
    first = area_geometry(ds, h)
    assert first == build_geometry(*area_parts(ds, hierarchy_order(h)))
    (entry,) = (tmp_path / "cache" / "area-geometry").iterdir()
    assert orjson.loads(entry.read_bytes()) == first
    entry.write_bytes(b"{damaged")
    assert area_geometry(ds, h) == first
    assert orjson.loads(entry.read_bytes()) == first
    shutil.rmtree(tmp_path / "cache")
    ds.raw.hashes.clear()
    assert area_geometry(ds, h) == first and not (tmp_path / "cache").exists()


def test_area_km2_kept_by_the_bytes_of_areas_geojson_as_the_engine_works_it_out(
        geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from controlmap.loading import load_dataset
    from controlmap.model.engine import Engine
    from controlmap.render.area_geometry import area_km2, kept_area_km2

    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))
    ds = load_dataset(geo_copy, date(2026, 11, 30))
    assert kept_area_km2(ds) is None
    worked_out = Engine(ds).area_km2
    assert area_km2(ds) == worked_out and kept_area_km2(ds) == worked_out
    assert Engine(ds, area_km2=kept_area_km2(ds)).area_km2 == worked_out
    # a kept answer for other areas is not taken
    assert Engine(ds, area_km2={"elsewhere": 1.0}).area_km2 == worked_out
