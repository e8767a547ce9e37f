"""`controlmap fmt`: canonical rewrite, --check exit codes, and refusing what it cannot keep."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from controlmap.cli import main
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import canonical_dumps
from controlmap.validate.canonical import canonical_text, plan_format
from tests.conftest import FIXTURES, GEO
from tests.snapshots import data_files, temp_files


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", dst)
    return dst


def fmt(d: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["fmt", *args, "--data", str(d)])


def snapshot(d: Path) -> dict[str, bytes]:
    return data_files(d)


def pretty(d: Path, name: str) -> dict[str, Any]:
    """Rewrite a file in a non-canonical (indented, key-reversed) form; return its data."""
    data = json.loads((d / name).read_text(encoding="utf-8"))
    for f in data["features"]:
        f["properties"] = dict(reversed(list(f["properties"].items())))
    (d / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def test_canonical_dir_is_left_alone(data: Path) -> None:
    before = snapshot(data)
    for args in ([], ["--check"]):
        result = fmt(data, *args)
        assert result.exit_code == 0, result.output
        assert "6 already canonical" in result.output
    assert snapshot(data) == before


def test_check_names_files_and_writes_nothing(data: Path) -> None:
    pretty(data, "claims.geojson")
    before = snapshot(data)
    result = fmt(data, "--check")
    assert result.exit_code == 1
    assert "would reformat claims.geojson" in result.output
    assert "would reformat areas.geojson" not in result.output
    assert snapshot(data) == before


def test_fmt_rewrites_keeping_the_data(data: Path) -> None:
    original = pretty(data, "claims.geojson")
    result = fmt(data)
    assert result.exit_code == 0, result.output
    assert "reformatted claims.geojson" in result.output
    text = (data / "claims.geojson").read_text(encoding="utf-8")
    assert json.loads(text) == original
    assert text == canonical_dumps(original)
    assert fmt(data, "--check").exit_code == 0
    assert not temp_files(data)


def test_fmt_keeps_every_member_and_rounds_coordinates(data: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "name": "towns",
        "bbox": [37.0, 49.0, 38.0, 50.0],
        "features": [{
            "type": "Feature", "id": "top-level-id", "bbox": [37.61, 49.71, 37.61, 49.71],
            "geometry": {"type": "Point", "coordinates": [37.612345678, 49.7098765432]},
            "properties": {"rank": 1, "name": "Kupiansk", "id": "kupiansk",
                           "extra": {"b": [1, 2.5]}},
        }],
    }
    (data / "towns.geojson").write_text(json.dumps(doc), encoding="utf-8")
    assert fmt(data).exit_code == 0
    out = json.loads((data / "towns.geojson").read_text(encoding="utf-8"))
    assert out["name"] == "towns" and out["bbox"] == doc["bbox"]
    feat = out["features"][0]
    assert feat["id"] == "top-level-id" and feat["bbox"] == doc["features"][0]["bbox"]
    assert feat["properties"] == doc["features"][0]["properties"]
    assert list(feat["properties"]) == sorted(feat["properties"])
    assert feat["geometry"]["coordinates"] == [37.612346, 49.709877]


@pytest.mark.parametrize(("text", "says"), [
    ('{"type": "FeatureCollection", "features": [', "invalid JSON at line 1 column"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
     '{"id": "a", "id": "b"}, "geometry": null}]}', "key 'id' appears twice"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
     '{"id": "a"}, "geometry": {"type": "Point", "coordinates": [NaN, 49.7]}}]}', "NaN"),
    ('{"type": "FeatureCollection", "features": [5]}', "feature #0 is not an object"),
], ids=["syntax", "duplicate-key", "nan", "not-an-object"])
def test_fmt_refuses_what_it_cannot_keep(data: Path, text: str, says: str) -> None:
    (data / "events.geojson").write_text(text, encoding="utf-8")
    pretty(data, "claims.geojson")
    result = fmt(data)
    assert result.exit_code == 1
    assert says in result.stderr
    assert "events.geojson: not rewritten" in result.stderr
    assert "Traceback" not in result.output
    assert (data / "events.geojson").read_text(encoding="utf-8") == text
    assert "reformatted claims.geojson" in result.stdout  # the others are still formatted


def test_check_with_a_broken_file_exits_1(data: Path) -> None:
    (data / "events.geojson").write_text("{", encoding="utf-8")
    result = fmt(data, "--check")
    assert result.exit_code == 1
    assert "events.geojson" in result.stderr


def test_plan_detects_loss_in_the_round_trip() -> None:
    coll = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a"},
         "geometry": {"type": "Point", "coordinates": [37.6, 49.7]}}]}
    assert json.loads(canonical_text(coll)) == coll
    coll["features"][0]["properties"]["x"] = float("inf")
    with pytest.raises(ValueError, match="NaN or Infinity"):
        canonical_text(coll)


def test_plan_counts_files(data: Path) -> None:
    pretty(data, "areas.geojson")
    plan = plan_format(read_data_dir(data))
    assert list(plan.changed) == ["areas.geojson"]
    assert len(plan.unchanged) == 5 and not plan.refused


def test_shipped_geo_is_canonical() -> None:
    if not (GEO / "areas.geojson").is_file():
        pytest.skip("geo/ is not built yet")
    result = fmt(GEO, "--check")
    assert result.exit_code == 0, result.output
