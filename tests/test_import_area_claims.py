"""`controlmap import series --as-area-claims`: one area claim per area and status change,
`last_confirmed` to the last day that still showed it, the engine's overlap rule, gaps said,
idempotent and mergeable; and, with ../shared, the shipped geo/claims-deepstatemap.geojson is
exactly what the build's command makes."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from shapely.geometry import box, mapping, shape

from controlmap.cli import main
from controlmap.dates import PartialDate
from controlmap.importer import deepstatemap
from controlmap.importer.series import SeriesOptions, import_series
from controlmap.io.geojson import read_collection
from controlmap.model import compiled, spans
from controlmap.model.records import Claim
from tests.conftest import FIXTURES, GEO

EXCERPT = FIXTURES / "deepstate-excerpt" / "deepstatemap_occupied_kupiansk_excerpt_2025.geojson"
ALPHA = box(37.60, 49.70, 37.62, 49.72)  # EPSG:6933 is cylindrical: share = lon fraction
BETA = box(37.64, 49.70, 37.66, 49.72)
D0 = date(2025, 3, 1)
BASE = ["--date-field", "date", "--status", "ru", "--claimant", "osint-map",
        "--source-title", "Test series", "--as-area-claims", "--as-layer", "test-areas"]
OUTSIDE = ["--status-outside", "ua"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def area_feature(aid: str, geom: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": mapping(geom), "properties": {
        "id": aid, "name": aid.title(), "name_uk": "", "kind": "village", "parent": None,
        "bank": None, "provenance": {"method": "test box", "approximate": True,
                                     "sources": ["test"]}}}


@pytest.fixture
def two_areas(tmp_path: Path) -> Path:
    """A data directory with two 0.02° squares, `alpha` and `beta`, and nothing else."""
    d = tmp_path / "data"
    d.mkdir()
    coll = {"type": "FeatureCollection",
            "features": [area_feature("alpha", ALPHA), area_feature("beta", BETA)]}
    (d / "areas.geojson").write_text(json.dumps(coll), "utf-8")
    return d


def cover(frac: float) -> Any:
    """A polygon over the western `frac` of alpha (none of beta), or None for frac 0."""
    if frac <= 0:
        return box(37.0, 49.5, 37.01, 49.51)  # far from both
    return box(37.60, 49.70, 37.60 + 0.02 * frac, 49.72)


def series(tmp: Path, fracs: dict[int, float], name: str = "series.geojson") -> Path:
    """One feature per day offset (from D0) covering that fraction of alpha."""
    feats = [{"type": "Feature", "geometry": mapping(cover(f)), "properties": {
        "date": (D0 + timedelta(days=k)).isoformat(), "source_file": f"day-{k}.geojson"}}
        for k, f in sorted(fracs.items())]
    path = tmp / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), "utf-8")
    return path


def claims(d: Path, layer: str = "test-areas") -> list[dict[str, Any]]:
    path = d / f"claims-{layer}.geojson"
    return [f["properties"] for f in read_collection(path)["features"]] if path.exists() else []


def runs_of(d: Path, area: str = "alpha") -> list[tuple[str, str, str]]:
    return [(p["date"], p["last_confirmed"], p["status"]) for p in claims(d)
            if p["area"] == area]


def day(k: int) -> str:
    return (D0 + timedelta(days=k)).isoformat()


# (case, share of alpha inside the polygon, status with --status-outside ua, without)
SHARES = [
    ("all of it", 1.0, "ru", "ru"),
    ("just over half", 0.51, "ru", "ru"),
    ("just under half", 0.49, "contested", "contested"),
    ("a tenth", 0.1, "contested", "contested"),
    ("just over 5 %", 0.051, "contested", "contested"),
    ("just under 5 %", 0.049, "ua", None),
    ("none", 0.0, "ua", None),
]


@pytest.mark.parametrize(("share", "with_outside", "without"), [s[1:] for s in SHARES],
                         ids=[s[0] for s in SHARES])
def test_share_gives_the_engines_status(two_areas: Path, tmp_path: Path, share: float,
                                        with_outside: str, without: str | None) -> None:
    src = series(tmp_path, {0: share})
    for extra, expected in ((OUTSIDE, with_outside), ([], without)):
        (two_areas / "claims-test-areas.geojson").unlink(missing_ok=True)
        res = run("import", "series", str(src), *BASE, *extra, "--data", str(two_areas))
        assert res.exit_code == 0, res.output
        got = runs_of(two_areas)
        assert got == ([(day(0), day(0), expected)] if expected else [])
        assert compiled.share_status(share, "ru", "ua" if extra else None) == expected


def test_one_claim_per_run_with_last_confirmed_and_gaps_said(two_areas: Path,
                                                             tmp_path: Path) -> None:
    # days 0-1 none, 2-3 a fifth, 4-5 most, 8 most (6-7 missing), 9 none, 12 a fifth
    src = series(tmp_path, {0: 0, 1: 0, 2: .2, 3: .2, 4: .8, 5: .8, 8: .8, 9: 0, 12: .2})
    res = run("import", "series", str(src), *BASE, *OUTSIDE, "--data", str(two_areas))
    assert res.exit_code == 0, res.output
    assert runs_of(two_areas) == [(day(0), day(1), "ua"), (day(2), day(3), "contested"),
                                  (day(4), day(8), "ru"), (day(9), day(9), "ua"),
                                  (day(12), day(12), "contested")]
    assert runs_of(two_areas, "beta") == [(day(0), day(12), "ua")]
    assert f"gap: no series file for {day(6)} .. {day(7)} (2 days)" in res.stdout
    assert f"gap: no series file for {day(10)} .. {day(11)} (2 days)" in res.stdout
    notes = {p["date"]: p["note"] for p in claims(two_areas) if p["area"] == "alpha"}
    assert "First day of the series" in notes[day(0)]
    assert "gap" not in notes[day(9)]  # day 8 was in the series: the change is dated exactly
    assert f"no files from {day(10)} to {day(11)}" in notes[day(12)]
    assert "may date from then" in notes[day(12)]
    assert "20.0 % of this area" in notes[day(2)] and "contested" in notes[day(2)]
    for p in claims(two_areas):
        assert p["published"] == p["date"] and p["claimant"] == "osint-map"
    coll = read_collection(two_areas / "claims-test-areas.geojson")
    assert all(f["geometry"] is None for f in coll["features"])  # never the polygons


def test_silent_days_end_a_run(two_areas: Path, tmp_path: Path) -> None:
    """Without --status-outside a day outside the polygon says nothing: the claim before it
    is not confirmed that day, and the next touch starts a new claim."""
    src = series(tmp_path, {0: .8, 1: .8, 2: 0, 3: .8})
    assert run("import", "series", str(src), *BASE, "--data", str(two_areas)).exit_code == 0
    assert runs_of(two_areas) == [(day(0), day(1), "ru"), (day(3), day(3), "ru")]
    assert runs_of(two_areas, "beta") == []


def test_rerun_adds_nothing_and_keeps_the_bytes(two_areas: Path, tmp_path: Path) -> None:
    src = series(tmp_path, {0: 0, 1: .2, 2: .8, 4: .8})
    args = ["import", "series", str(src), *BASE, *OUTSIDE, "--data", str(two_areas)]
    assert run(*args).exit_code == 0
    first = (two_areas / "claims-test-areas.geojson").read_bytes()
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert "added 0 area claim(s)" in again.stdout and "0 extended" in again.stdout
    assert "8 area-day(s) already present" in again.stdout
    assert (two_areas / "claims-test-areas.geojson").read_bytes() == first


@pytest.mark.parametrize("split", [1, 2, 3, 5], ids=lambda k: f"first {k} days")
def test_importing_in_date_order_halves_equals_one_import(two_areas: Path, tmp_path: Path,
                                                          split: int) -> None:
    fracs = {0: 0, 1: .2, 2: .2, 3: .8, 5: .8, 6: 0}
    one = tmp_path / "one"
    shutil.copytree(two_areas, one)
    run("import", "series", str(series(tmp_path, fracs)), *BASE, *OUTSIDE, "--data", str(one))
    early = series(tmp_path, {k: f for k, f in fracs.items() if k < split}, "early.geojson")
    late = series(tmp_path, {k: f for k, f in fracs.items() if k >= split}, "late.geojson")
    for part in (early, late):
        res = run("import", "series", str(part), *BASE, *OUTSIDE, "--data", str(two_areas))
        assert res.exit_code == 0, res.output
    assert (two_areas / "claims-test-areas.geojson").read_bytes() == (
        one / "claims-test-areas.geojson").read_bytes()


def test_an_earlier_day_with_the_same_status_takes_over_the_claim(two_areas: Path,
                                                                  tmp_path: Path) -> None:
    run("import", "series", str(series(tmp_path, {2: .8, 3: .8}, "late.geojson")), *BASE,
        *OUTSIDE, "--data", str(two_areas))
    res = run("import", "series", str(series(tmp_path, {1: .8}, "early.geojson")), *BASE,
              *OUTSIDE, "--data", str(two_areas))
    assert res.exit_code == 0, res.output
    assert runs_of(two_areas) == [(day(1), day(3), "ru")]
    assert "2 replaced" in res.stdout  # alpha's and beta's day-2 claims


def test_a_contradicting_day_is_skipped_and_said(two_areas: Path, tmp_path: Path) -> None:
    args = [*BASE, *OUTSIDE, "--data", str(two_areas)]
    run("import", "series", str(series(tmp_path, {0: .8, 1: .8, 2: .8})), *args)
    before = (two_areas / "claims-test-areas.geojson").read_bytes()
    changed = series(tmp_path, {1: .2}, "changed.geojson")
    res = run("import", "series", str(changed), *args)
    assert res.exit_code == 0, res.output
    line = (f"skipped: claims-test-areas.geojson:test-areas-{day(0)}-alpha:status: alpha: this "
            f"claim says ru from {day(0)} to {day(2)}, the series says contested on {day(1)}")
    assert line in res.stderr and "--replace" in res.stderr
    assert (two_areas / "claims-test-areas.geojson").read_bytes() == before
    rebuilt = run("import", "series", str(changed), *args, "--replace")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert runs_of(two_areas) == [(day(1), day(1), "contested")]


def test_source_url_template_is_filled_per_day_and_quoted(two_areas: Path,
                                                          tmp_path: Path) -> None:
    src = series(tmp_path, {0: 0, 1: .8})
    feats = json.loads(src.read_text("utf-8"))
    feats["features"][1]["properties"]["source_file"] = "day 1?x=<b>.geojson"
    src.write_text(json.dumps(feats), "utf-8")
    res = run("import", "series", str(src), *BASE, *OUTSIDE, "--source-url",
              "https://example.org/blob/abc/{source_file}", "--data", str(two_areas))
    assert res.exit_code == 0, res.output
    urls = {(p["area"], p["date"]): p["source_url"] for p in claims(two_areas)}
    assert urls[("alpha", day(0))] == "https://example.org/blob/abc/day-0.geojson"
    assert urls[("alpha", day(1))] == "https://example.org/blob/abc/day%201%3Fx%3D%3Cb%3E.geojson"


# (case, --source-url, what stderr must say)
BAD_URLS = [
    ("unknown property", "https://example.org/{nope}", "{nope} is not a property"),
    ("format spec", "https://example.org/{source_file.__class__}", "use {FIELD} placeholders"),
    ("unbalanced", "https://example.org/{source_file", "use {FIELD} placeholders"),
    ("not http", "ftp://example.org/{source_file}", "is not an http(s) URL"),
]


@pytest.mark.parametrize(("url", "needle"), [b[1:] for b in BAD_URLS],
                         ids=[b[0] for b in BAD_URLS])
def test_bad_source_url_templates_are_refused(two_areas: Path, tmp_path: Path, url: str,
                                              needle: str) -> None:
    res = run("import", "series", str(series(tmp_path, {0: .8})), *BASE, "--source-url", url,
              "--data", str(two_areas))
    assert res.exit_code == 2, res.output
    assert needle in res.stderr and "Traceback" not in res.output
    assert not (two_areas / "claims-test-areas.geojson").exists()


def test_partial_dates_are_skipped_with_the_reason(two_areas: Path, tmp_path: Path) -> None:
    src = series(tmp_path, {0: .8, 1: .8})
    feats = json.loads(src.read_text("utf-8"))
    feats["features"][1]["properties"]["date"] = "2025-03"
    src.write_text(json.dumps(feats), "utf-8")
    res = run("import", "series", str(src), *BASE, "--data", str(two_areas))
    assert res.exit_code == 0, res.output
    assert "series.geojson:#1 (2025-03):date: --as-area-claims needs day-precise" in res.stderr
    assert runs_of(two_areas) == [(day(0), day(0), "ru")]


def test_a_layer_of_polygons_is_not_mixed_with_area_claims(two_areas: Path,
                                                           tmp_path: Path) -> None:
    src = str(series(tmp_path, {0: .8, 1: .6}))
    geo_args = ["--date-field", "date", "--status", "ru", "--claimant", "osint-map",
                "--source-title", "Test series", "--as-layer", "mixed"]
    assert run("import", "series", src, *geo_args, "--data", str(two_areas)).exit_code == 0
    res = run("import", "series", src, *geo_args, "--as-area-claims", "--data", str(two_areas))
    assert res.exit_code == 2
    assert "claims-mixed.geojson: holds geometry claims" in res.stderr


def test_replace_needs_area_claims(two_areas: Path, tmp_path: Path) -> None:
    res = run("import", "series", str(series(tmp_path, {0: .8})), "--date-field", "date",
              "--status", "ru", "--claimant", "osint-map", "--source-title", "T", "--replace",
              "--data", str(two_areas))
    assert res.exit_code == 2 and ":replace: only with --as-area-claims" in res.stderr


def test_default_layer_is_not_the_polygon_layer(two_areas: Path) -> None:
    opts = SeriesOptions(date_field="date", status="ru", claimant="osint-map",
                         source_title="T", status_outside="ua", as_area_claims=True)
    report = import_series(two_areas, [EXCERPT], opts, dry_run=True)
    assert report.target == "claims-deepstate-areas.geojson" and not report.written
    assert not (two_areas / report.target).exists()


def test_statuses_agree_with_the_engine_day_by_day(geo_copy: Path) -> None:
    """Each day of the excerpt, the claim in force says what the engine's overlap rows say
    of that day's polygon as a geometry claim."""
    (geo_copy / "claims-deepstate.geojson").unlink(missing_ok=True)
    shutil.copy(FIXTURES / "valid" / "areas.geojson", geo_copy / "areas.geojson")
    for name in ("claims.geojson", "events.geojson"):  # they name areas the fixture lacks
        shutil.copy(FIXTURES / "valid" / name, geo_copy / name)
    res = run("import", "series", str(EXCERPT), *BASE, *OUTSIDE, "--data", str(geo_copy))
    assert res.exit_code == 0, res.output
    derived = claims(geo_copy)
    areas = read_collection(geo_copy / "areas.geojson")["features"]
    ids = [a["properties"]["id"] for a in areas]
    areas_ea = compiled.to_equal_area([shape(a["geometry"]) for a in areas])
    feats = read_collection(EXCERPT)["features"]
    geo_claims = [Claim(id=f"d{i}", date=PartialDate.parse(f["properties"]["date"]),
                        claimant="osint-map", source_title="t", status="ru",
                        status_outside="ua", geometry=shape(f["geometry"]))
                  for i, f in enumerate(feats)]
    rows = compiled.overlap_rows(geo_claims, {c.id: i for i, c in enumerate(geo_claims)},
                                 areas_ea, {"osint-map": 0})
    assert len(rows) == len(ids) * len(feats)
    checked = 0
    for row in rows:
        a, code, ci = row[spans.AREA], row[spans.STATUS], row[spans.CLAIM]
        when = geo_claims[ci].date.text
        (in_force,) = [p for p in derived if p["area"] == ids[a]
                       and p["date"] <= when <= p["last_confirmed"]]
        assert in_force["status"] == compiled.CODE_STATUS[code], (ids[a], when)
        checked += 1
    assert checked == len(rows) and np.unique([p["area"] for p in derived]).size == len(ids)


# -- the shipped file (needs ../shared) ------------------------------------------------------

SHIPPED = GEO / deepstatemap.TARGET


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, shared_raw: Path) -> Path:
    """geo/ with claims-deepstatemap.geojson derived afresh from ../shared's series."""
    d = tmp_path_factory.mktemp("derive") / "geo"
    shutil.copytree(GEO, d)
    (d / "claims-deepstate.geojson").unlink(missing_ok=True)  # a local polygon import
    deepstatemap.derive(shared_raw, d)
    return d


def test_shipped_file_equals_a_fresh_derivation(fresh: Path) -> None:
    assert (fresh / deepstatemap.TARGET).read_bytes() == SHIPPED.read_bytes(), (
        "geo/claims-deepstatemap.geojson is stale: run `make geo` and commit the result")


def test_the_recorded_command_makes_the_same_file(fresh: Path, shared_raw: Path,
                                                  tmp_path: Path) -> None:
    d = tmp_path / "geo"
    shutil.copytree(fresh, d)
    (d / deepstatemap.TARGET).unlink()
    args = deepstatemap.command_args(str(shared_raw), str(d))
    files = [str(p) for p in deepstatemap.series_files(shared_raw)]
    glob_at = args.index(f"{shared_raw}/{deepstatemap.SERIES_DIR}/*.geojson")
    res = run(*args[:glob_at], *files, *args[glob_at + 1:])
    assert res.exit_code == 0, res.output
    assert (d / deepstatemap.TARGET).read_bytes() == SHIPPED.read_bytes()
    assert "gap: no series file for 2025-11-26" in res.stdout


def test_sources_md_names_the_snapshot_every_url_points_at(shared_raw: Path) -> None:
    text = (shared_raw / "SOURCES.md").read_text("utf-8")
    assert deepstatemap.SNAPSHOT in text and "cyterat/deepstate-map-data" in text
    prefix = f"{deepstatemap.REPOSITORY}/blob/{deepstatemap.SNAPSHOT}/data/deepstatemap_data_"
    for p in claims(GEO, deepstatemap.LAYER):
        assert p["source_url"] == prefix + p["date"].replace("-", "") + ".geojson"


def test_the_shipped_layer_carries_its_credit_line() -> None:
    coll = read_collection(SHIPPED)
    assert coll["attribution"] == deepstatemap.CREDIT
    assert "DeepStateMap" in coll["attribution"] and "GPL-3.0" in coll["attribution"]


def test_attribution_option_sets_the_layer_credit(two_areas: Path, tmp_path: Path) -> None:
    res = run("import", "series", str(series(tmp_path, {0: .8})), *BASE, "--attribution",
              "Polygons: Test Map (CC BY 4.0)", "--data", str(two_areas))
    assert res.exit_code == 0, res.output
    coll = read_collection(two_areas / "claims-test-areas.geojson")
    assert coll["attribution"] == "Polygons: Test Map (CC BY 4.0)"


def test_shipped_claims_cover_every_area_without_overlap() -> None:
    shipped = claims(GEO, deepstatemap.LAYER)
    areas = {f["properties"]["id"] for f in read_collection(GEO / "areas.geojson")["features"]}
    assert {p["area"] for p in shipped} == areas
    for aid in sorted(areas):
        mine = sorted((p for p in shipped if p["area"] == aid), key=lambda p: p["date"])
        assert mine[0]["date"] == "2024-07-08" and mine[-1]["last_confirmed"] == "2026-08-22"
        for a, b in zip(mine, mine[1:], strict=False):
            assert a["last_confirmed"] < b["date"] and a["status"] != b["status"], (aid, a, b)
        for p in mine:
            assert p["claimant"] == "osint-map" and p["claimant_name"] == "DeepStateMap"
            assert p["published"] == p["date"] <= p["last_confirmed"]
            assert "of this area" in p["note"] and "grey zones" in p["note"]
