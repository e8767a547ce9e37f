"""`controlmap import series`: change dates, dedupe on re-import, repairs and skips reported,
bad arguments refused with geo/ unchanged; and, with ../shared, the full DeepState series."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import Point, shape

from controlmap import validate
from controlmap.cli import main
from controlmap.crs import change_km2, km2
from controlmap.importer.series import SeriesOptions, default_layer, import_series
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import read_collection
from tests.conftest import FIXTURES
from tests.snapshots import data_files

EXCERPT = FIXTURES / "deepstate-excerpt" / "deepstatemap_occupied_kupiansk_excerpt_2025.geojson"
EXCERPT_CHANGES = ["2025-01-17", "2025-01-18", "2025-01-20", "2025-01-21", "2025-01-24",
                   "2025-02-01", "2025-02-05"]
DVORICHNA = Point(37.68482, 49.85099)  # GeoNames 709399
OPTS = ["--date-field", "date", "--status", "ru", "--claimant", "osint-map",
        "--source-title", "DeepStateMap", "--status-outside", "ua"]
TARGET = "claims-deepstate.geojson"


@pytest.fixture
def data_dir(geo_copy: Path) -> Path:
    (geo_copy / TARGET).unlink(missing_ok=True)  # a local import in the checkout, if any
    return geo_copy


def snapshot(d: Path) -> dict[str, bytes]:
    return data_files(d)


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def imported(d: Path) -> list[dict[str, object]]:
    return read_collection(d / TARGET)["features"]


def write_series(path: Path, features: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def excerpt_features() -> list[dict[str, object]]:
    return json.loads(EXCERPT.read_text("utf-8"))["features"]


def test_excerpt_keeps_change_dates_only(data_dir: Path) -> None:
    problems_before = validate.check(read_data_dir(data_dir))
    res = run("import", "series", str(EXCERPT), *OPTS, "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    feats = imported(data_dir)
    assert [f["properties"]["date"] for f in feats] == EXCERPT_CHANGES
    assert [f["properties"]["id"] for f in feats] == [f"deepstate-{d}" for d in EXCERPT_CHANGES]
    props = feats[0]["properties"]
    assert props["status"] == "ru" and props["status_outside"] == "ua"
    assert props["claimant"] == "osint-map" and "area" not in props
    assert "added 7 claim(s)" in res.stdout and "3 date(s) unchanged" in res.stdout
    assert validate.check(read_data_dir(data_dir)) == problems_before


def test_reimport_adds_nothing(data_dir: Path) -> None:
    run("import", "series", str(EXCERPT), *OPTS, "--data", str(data_dir))
    first = (data_dir / TARGET).read_bytes()
    res = run("import", "series", str(EXCERPT), *OPTS, "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert "added 0 claim(s)" in res.stdout and "7 already present" in res.stdout
    assert (data_dir / TARGET).read_bytes() == first


def test_import_in_two_halves_equals_one_import(data_dir: Path, tmp_path: Path) -> None:
    feats = excerpt_features()
    a = write_series(tmp_path / "deepstate-a.geojson", feats[:5])
    b = write_series(tmp_path / "deepstate-b.geojson", feats[5:])
    for part in (a, b):  # b's first date is compared with a's last kept polygon
        assert run("import", "series", str(part), *OPTS, "--data", str(data_dir)).exit_code == 0
    assert [f["properties"]["date"] for f in imported(data_dir)] == EXCERPT_CHANGES


def test_tolerance_drops_small_changes(data_dir: Path) -> None:
    run("import", "series", str(EXCERPT), *OPTS, "--tolerance-km2", "5",
        "--data", str(data_dir))
    dates = [f["properties"]["date"] for f in imported(data_dir)]
    assert dates[0] == "2025-01-17" and len(dates) < len(EXCERPT_CHANGES)
    geoms = [shape(f["geometry"]) for f in imported(data_dir)]
    assert all(change_km2(a, b) > 5 for a, b in zip(geoms, geoms[1:], strict=False))


def test_repair_reported_and_outside_region_skipped(data_dir: Path, tmp_path: Path) -> None:
    feats = excerpt_features()[:2]
    bowtie = {"type": "Feature", "properties": {"date": "2025-01-19"}, "geometry": {
        "type": "Polygon", "coordinates": [[[37.6, 49.7], [37.7, 49.8], [37.7, 49.7],
                                            [37.6, 49.8], [37.6, 49.7]]]}}
    far = {"type": "Feature", "properties": {"date": "2025-01-20"}, "geometry": {
        "type": "Polygon", "coordinates": [[[60, 40], [75, 40], [75, 45], [60, 45], [60, 40]]]}}
    empty = {"type": "Feature", "properties": {"date": "2025-01-21"}, "geometry": None}
    nodate = {"type": "Feature", "properties": {"day": "2025-01-22"},
              "geometry": feats[0]["geometry"]}
    baddate = {"type": "Feature", "properties": {"date": "2026-13-01"},
               "geometry": feats[0]["geometry"]}
    problems_before = validate.check(read_data_dir(data_dir))
    src = write_series(tmp_path / "deepstate-mixed.geojson",
                       [*feats, bowtie, far, empty, nodate, baddate])
    res = run("import", "series", str(src), *OPTS, "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    err = res.stderr
    assert "repaired: deepstate-mixed.geojson:#2 (2025-01-19):geometry: geometry repaired" in err
    assert "Self-intersection" in err
    assert "skipped: deepstate-mixed.geojson:#3 (2025-01-20):geometry: outside the region" in err
    assert "skipped: deepstate-mixed.geojson:#4 (2025-01-21):geometry: no geometry" in err
    assert "skipped: deepstate-mixed.geojson:#5:date: no date" in err
    assert "skipped: deepstate-mixed.geojson:#6:date: '2026-13-01' is not a real date" in err
    by_date = {f["properties"]["date"]: f for f in imported(data_dir)}
    assert sorted(by_date) == ["2025-01-17", "2025-01-18", "2025-01-19"]
    fixed = shape(by_date["2025-01-19"]["geometry"])
    assert fixed.is_valid and km2(fixed) > 0
    assert "repaired" in by_date["2025-01-19"]["properties"]["note"]
    assert validate.check(read_data_dir(data_dir)) == problems_before


def test_where_selects_features(data_dir: Path, tmp_path: Path) -> None:
    feats = copy.deepcopy(excerpt_features())
    for i, f in enumerate(feats):
        f["properties"]["kind"] = "occupied" if i % 2 == 0 else "other"
    src = write_series(tmp_path / "deepstate-kinds.geojson", feats)
    run("import", "series", str(src), *OPTS, "--where", "kind=occupied", "--data", str(data_dir))
    kept = [f["properties"]["date"] for f in imported(data_dir)]
    assert kept == ["2025-01-17", "2025-01-19", "2025-01-21", "2025-01-24", "2025-02-01"]


def _not_json(tmp: Path) -> str:
    (tmp / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [}', "utf-8")
    return str(tmp / "broken.geojson")


def _far_only(tmp: Path) -> str:
    return str(write_series(tmp / "far.geojson", [{
        "type": "Feature", "properties": {"date": "2025-01-20"}, "geometry": {
            "type": "Polygon", "coordinates": [[[60, 40], [75, 40], [75, 45], [60, 40]]]}}]))


def _swapped_only(tmp: Path) -> str:
    return str(write_series(tmp / "swapped.geojson", [{
        "type": "Feature", "properties": {"date": "2025-01-20"}, "geometry": {
            "type": "Polygon",
            "coordinates": [[[49.7, 37.6], [49.7, 37.7], [49.8, 37.7], [49.7, 37.6]]]}}]))


# (name, file maker, extra args, exit code, what stderr must name)
BAD = [
    ("missing file", lambda t: str(t / "nope.geojson"), [], 2, ["nope.geojson", "cannot read"]),
    ("not JSON", _not_json, [], 2, ["broken.geojson", "invalid JSON at line 1"]),
    ("wrong date field", lambda t: str(EXCERPT), ["--date-field", "day"], 2,
     [EXCERPT.name, ":day:", "--date-field", "properties: date, source_file"]),
    ("wrong where field", lambda t: str(EXCERPT), ["--where", "kind=x"], 2,
     [EXCERPT.name, ":kind:", "--where"]),
    ("status outside vocabulary", lambda t: str(EXCERPT), ["--status", "held"], 2,
     [TARGET, ":status:", "'held'"]),
    ("polygon at lon 60-75", _far_only, [], 1,
     ["far.geojson:#0 (2025-01-20):geometry: outside the region", "nothing was written"]),
    ("lat/lon swapped", _swapped_only, [], 1,
     ["swapped.geojson:#0 (2025-01-20):geometry: outside the region", "look swapped"]),
    ("bad layer name", lambda t: str(EXCERPT), ["--as-layer", "Deep State"], 2,
     ["--as-layer", "Deep State"]),
]


@pytest.mark.parametrize(("make", "extra", "code", "needles"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_input_changes_nothing(data_dir: Path, tmp_path: Path, make: object,
                                   extra: list[str], code: int, needles: list[str]) -> None:
    before = snapshot(data_dir)
    src = make(tmp_path)  # type: ignore[operator]
    res = run("import", "series", src, *OPTS, *extra, "--data", str(data_dir))
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    for needle in needles:
        assert needle in res.stderr
    assert snapshot(data_dir) == before


def test_default_layer_from_file_name() -> None:
    assert default_layer(Path("deepstatemap_occupied_kupiansk_bbox_2025.geojson")) == "deepstate"
    assert default_layer(Path("isw-assessed-2024.geojson")) == "isw"


def test_full_series(shared_raw: Path, data_dir: Path) -> None:
    """All 769 daily features: 132 change dates at 0.01 km², Dvorichna held from 2025-01-20."""
    files = sorted((shared_raw / "deepstatemap-cyterat").glob("*.geojson"))
    report = import_series(data_dir, files, SeriesOptions(
        date_field="date", status="ru", claimant="osint-map", source_title="DeepStateMap",
        status_outside="ua"))
    assert report.selected == 769 and not report.skipped
    assert len(report.added) == 132 and report.unchanged == 769 - 132
    feats = imported(data_dir)
    dates = [f["properties"]["date"] for f in feats]
    assert dates[0] == "2024-07-08" and dates[-1] == "2026-08-16"
    # Independent recount: consecutive kept polygons differ by more than the tolerance.
    geoms = [shape(f["geometry"]) for f in feats]
    assert all(change_km2(a, b) > 0.01 for a, b in zip(geoms, geoms[1:], strict=False))
    later = [(d, g) for d, g in zip(dates, geoms, strict=True) if d >= "2025-01-20"]
    assert len(later) > 50
    assert all(shapely.contains(g, DVORICHNA) for _, g in later), [
        d for d, g in later if not g.contains(DVORICHNA)]
    assert not any(g.contains(DVORICHNA) for d, g in zip(dates, geoms, strict=True)
                   if d < "2025-01-20")
    again = import_series(data_dir, files, SeriesOptions(
        date_field="date", status="ru", claimant="osint-map", source_title="DeepStateMap",
        status_outside="ua"))
    assert again.added == [] and again.duplicates == 132


def test_dry_run_writes_nothing(data_dir: Path) -> None:
    before = snapshot(data_dir)
    res = run("import", "series", str(EXCERPT), *OPTS, "--dry-run", "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert "would add 7 claim(s)" in res.stdout
    assert snapshot(data_dir) == before


def test_published_field_and_layer_name(data_dir: Path, tmp_path: Path) -> None:
    feats = copy.deepcopy(excerpt_features()[:3])
    feats[0]["properties"]["seen"] = "2025-01-18"
    feats[1]["properties"]["seen"] = "2025-01-01"  # before its date: skipped
    src = write_series(tmp_path / "x.geojson", feats)
    res = run("import", "series", str(src), *OPTS, "--published-field", "seen",
              "--as-layer", "dsm-test", "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert "x.geojson:#1 (2025-01-18):seen:" in res.stderr
    got = read_collection(data_dir / "claims-dsm-test.geojson")["features"]
    assert [(f["properties"]["id"], f["properties"].get("published")) for f in got] == [
        ("dsm-test-2025-01-17", "2025-01-18"), ("dsm-test-2025-01-19", None)]
