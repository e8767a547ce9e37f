"""The GeoJSON export is valid GeoJSON and says exactly what `controlmap state --json` says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import shape

from controlmap.cli import main
from controlmap.model.engine import Engine
from controlmap.render.export import export_bytes
from tests.test_export_data import DAY, make_engine


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gj") / "geo"


@pytest.fixture(scope="module")
def engine(data_dir: Path) -> Engine:
    return make_engine(data_dir)


CASES = [
    ("assessed", None),
    ("disputed", None),
    ("claimant:ru-official", None),
    ("latest", date(2026, 1, 13)),
]


@pytest.mark.parametrize(("view", "known_at"), CASES)
def test_geojson_matches_state_json(engine: Engine, data_dir: Path, view: str,
                                    known_at: date | None) -> None:
    data, mime, name = export_bytes(engine, DAY, view, known_at, "geojson")
    assert mime == "application/geo+json" and name.endswith(".geojson")
    doc = json.loads(data)
    args = ["state", "--date", DAY.isoformat(), "--view", view, "--data", str(data_dir),
            "--json"]
    if known_at:
        args += ["--known-at", known_at.isoformat()]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    state = json.loads(res.output)
    meta = doc["properties"]
    assert (meta["date"], meta["view"], meta["known_at"]) == (
        state["date"], state["view"], state["known_at"])
    keys = next(iter(state["areas"].values())).keys()
    got = {f["properties"]["id"]: {k: f["properties"][k] for k in keys}
           for f in doc["features"]}
    assert got == state["areas"]


def test_geojson_is_valid_and_cites_sources(engine: Engine) -> None:
    doc = json.loads(export_bytes(engine, DAY, "assessed", None, "geojson")[0])
    assert doc["type"] == "FeatureCollection"
    credits = " ".join(doc["properties"]["attribution"])
    assert "Natural Earth" in credits and "GeoNames" in credits
    assert len(doc["features"]) == len(engine.dataset.areas)
    for f in doc["features"]:
        assert f["type"] == "Feature"
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty
        assert geom.geom_type in ("Polygon", "MultiPolygon")
        minx, miny, maxx, maxy = geom.bounds
        assert 35 < minx < maxx < 40 and 48 < miny < maxy < 51  # lon/lat, not metres
        p = f["properties"]
        for key in ("status", "since", "claim", "claimant", "source_title", "source_url",
                    "age_days"):
            assert key in p
        if p["claim"]:
            assert p["source_title"] and p["source_url"].startswith("https://")
        else:
            assert p["status"] == "unknown" and p["source_title"] is None
