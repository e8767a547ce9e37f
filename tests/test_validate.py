"""`check()` and `controlmap validate`: one corrupted copy of a valid data dir per problem kind.

Every case runs against the small fixture dir and against a copy of the shipped geo/, and
asserts the exact file, feature and field named, plus a piece of the message or hint.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from shapely.affinity import translate
from shapely.geometry import mapping, shape

from controlmap.cli import main
from controlmap.errors import DataError, Problem
from controlmap.io.datadir import read_data_dir
from controlmap.loading import load_dataset
from controlmap.validate import check
from tests.conftest import FIXTURES, GEO

VALID = FIXTURES / "valid"
Expect = tuple[str, str, str, str]  # file, feature, field, a piece of the line


@pytest.fixture(params=["fixture", "geo"])
def data_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A private copy of the fixture dir, or of the shipped geo/ (skipped until it exists)."""
    if request.param == "geo":
        if not (GEO / "areas.geojson").is_file():
            pytest.skip("geo/ is not built yet")
        return Path(request.getfixturevalue("geo_copy"))
    dst = tmp_path / "data"
    shutil.copytree(VALID, dst)
    return dst


# -- helpers that corrupt a data dir -------------------------------------------------------

def load(d: Path, name: str) -> dict[str, Any]:
    if not (d / f"{name}.geojson").is_file():
        pytest.skip(f"{name}.geojson is not in {d.name}/ yet")
    return json.loads((d / f"{name}.geojson").read_text(encoding="utf-8"))


def save(d: Path, name: str, coll: dict[str, Any]) -> None:
    (d / f"{name}.geojson").write_text(json.dumps(coll, ensure_ascii=False), encoding="utf-8")


def pick(coll: dict[str, Any], pred: Callable[[dict[str, Any]], bool] = lambda p: True,
         ) -> tuple[int, dict[str, Any]]:
    """The first feature whose properties satisfy `pred`."""
    for i, f in enumerate(coll["features"]):
        if pred(f["properties"]):
            return i, f
    raise AssertionError("no feature to corrupt")


def edit(d: Path, name: str, pred: Callable[[dict[str, Any]], bool],
         change: Callable[[dict[str, Any]], None]) -> str:
    """Apply `change` to the first matching feature of `name`; return its id."""
    coll = load(d, name)
    _, f = pick(coll, pred)
    change(f)
    save(d, name, coll)
    return str(f["properties"]["id"])


def with_area(p: dict[str, Any]) -> bool:
    return bool(p.get("area"))


def with_parent(p: dict[str, Any]) -> bool:
    return bool(p.get("parent"))


def set_props(**values: Any) -> Callable[[dict[str, Any]], None]:
    def change(f: dict[str, Any]) -> None:
        for k, v in values.items():
            if v is ...:
                f["properties"].pop(k, None)
            else:
                f["properties"][k] = v
    return change


def set_geometry(geom: dict[str, Any] | None) -> Callable[[dict[str, Any]], None]:
    def change(f: dict[str, Any]) -> None:
        f["geometry"] = geom
    return change


def map_rings(fn: Callable[[list[Any]], list[Any]]) -> Callable[[dict[str, Any]], None]:
    """Apply `fn` to every ring of a Polygon or MultiPolygon."""
    def change(f: dict[str, Any]) -> None:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for poly in polys:
            poly[:] = [fn(ring) for ring in poly]
    return change


BOWTIE = {"type": "Polygon", "coordinates": [[[37.60, 49.70], [37.62, 49.72], [37.62, 49.70],
                                              [37.60, 49.72], [37.60, 49.70]]]}
FAR_EAST = {"type": "Polygon", "coordinates": [[[60, 49.6], [75, 49.6], [75, 49.8], [60, 49.8],
                                                [60, 49.6]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[37.60, 49.70], [37.61, 49.70], [37.61, 49.71],
                                              [37.60, 49.71], [37.60, 49.70]]]}


# -- one case per problem kind -------------------------------------------------------------

def broken_json(d: Path) -> Expect:
    p = d / "areas.geojson"
    text = p.read_text(encoding="utf-8")
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    return "areas.geojson", "", "", "invalid JSON at line"


def not_a_feature_collection(d: Path) -> Expect:
    (d / "events.geojson").write_text('{"type": "Feature"}', encoding="utf-8")
    return "events.geojson", "", "type", "not a GeoJSON FeatureCollection"


def unknown_file(d: Path) -> Expect:
    (d / "notes.geojson").write_text("{}", encoding="utf-8")
    return "notes.geojson", "", "", "unknown data file name"


def duplicate_key(d: Path) -> Expect:
    coll = load(d, "claims")
    p = d / "claims.geojson"
    _, f = pick(coll)
    f["properties"]["status"] = "ua"
    text = json.dumps(coll).replace('"status": "ua"', '"status": "ua", "status": "ru"', 1)
    p.write_text(text, encoding="utf-8")
    return "claims.geojson", f["properties"]["id"], "properties.status", "appears twice"


def feature_not_object(d: Path) -> Expect:
    coll = load(d, "claims")
    coll["features"][0] = 5
    save(d, "claims", coll)
    return "claims.geojson", "#0", "", "not a GeoJSON Feature"


def missing_id(d: Path) -> Expect:
    coll = load(d, "claims")
    i, f = pick(coll)
    del f["properties"]["id"]
    save(d, "claims", coll)
    return "claims.geojson", f"#{i}", "properties.id", "missing (add it"


def bad_slug(d: Path) -> Expect:
    edit(d, "areas", lambda p: not p.get("parent"), set_props(name="Renamed"))
    coll = load(d, "claims")
    _, f = pick(coll)
    f["properties"]["id"] = "Bad Id"
    save(d, "claims", coll)
    return "claims.geojson", "Bad Id", "properties.id", "'Bad Id' is not a slug"


def duplicate_id(d: Path) -> Expect:
    coll = load(d, "claims")
    first = coll["features"][0]["properties"]["id"]
    coll["features"][1]["properties"]["id"] = first
    save(d, "claims", coll)
    return ("claims.geojson", first, "properties.id",
            "claims.geojson feature #0 and claims.geojson feature #1")


def duplicate_id_across_files(d: Path) -> Expect:
    coll = load(d, "claims")
    fid = coll["features"][0]["properties"]["id"]
    save(d, "claims-extra", {"type": "FeatureCollection", "features": coll["features"][:1]})
    return "claims.geojson", fid, "properties.id", "claims-extra.geojson feature #0 and"


def unknown_status(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(status="russian"))
    return ("claims.geojson", fid, "properties.status",
            "unknown status 'russian' (use one of ua, ru, contested, unknown)")


def unknown_claimant(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(claimant="kremlin"))
    return "claims.geojson", fid, "properties.claimant", "unknown claimant 'kremlin'"


def unknown_confidence(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(confidence="certain"))
    return "claims.geojson", fid, "properties.confidence", "use one of low, medium, high"


def unknown_kind(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_props(kind="hamlet"))
    return "areas.geojson", fid, "properties.kind", "unknown kind 'hamlet'"


def unknown_bank(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_props(bank="west"))
    return "areas.geojson", fid, "properties.bank", "use one of right, left (or null)"


def misspelt_property(d: Path) -> Expect:
    def change(f: dict[str, Any]) -> None:
        f["properties"]["claimnt"] = f["properties"].pop("claimant")
    fid = edit(d, "claims", lambda p: True, change)
    return "claims.geojson", fid, "properties.claimnt", "did you mean 'claimant'?"


def wrong_type(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_props(name=12))
    return "areas.geojson", fid, "properties.name", "name should be text, not a whole number"


def negative_population(d: Path) -> Expect:
    fid = edit(d, "towns", lambda p: True, set_props(population=-5))
    return "towns.geojson", fid, "properties.population", "population -5 is below 0"


def unknown_area(d: Path) -> Expect:
    fid = edit(d, "claims", with_area, set_props(area="kupiansk-nowhere"))
    return "claims.geojson", fid, "properties.area", "unknown area 'kupiansk-nowhere'"


def unknown_event_area(d: Path) -> Expect:
    fid = edit(d, "events", lambda p: True, set_props(area="atlantis"))
    return "events.geojson", fid, "properties.area", "unknown area 'atlantis'"


def unknown_parent(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_props(parent="kupiansk-nowhere"))
    return "areas.geojson", fid, "properties.parent", "unknown parent 'kupiansk-nowhere'"


def parent_cycle(d: Path) -> Expect:
    coll = load(d, "areas")
    _, child = pick(coll, with_parent)
    cid, pid = child["properties"]["id"], child["properties"]["parent"]
    _, parent = pick(coll, lambda p: p["id"] == pid)
    parent["properties"]["parent"] = cid
    save(d, "areas", coll)
    head = min(cid, pid)
    tail = pid if head == cid else cid
    return "areas.geojson", head, "properties.parent", f"parent cycle: {head} -> {tail} -> {head}"


def area_and_geometry(d: Path) -> Expect:
    fid = edit(d, "claims", with_area, set_geometry(SQUARE))
    return "claims.geojson", fid, "geometry", "has both area"


def neither_area_nor_geometry(d: Path) -> Expect:
    def change(f: dict[str, Any]) -> None:
        f["properties"].pop("area", None)
        f["geometry"] = None
    fid = edit(d, "claims", with_area, change)
    return "claims.geojson", fid, "properties.area", "has neither area nor geometry"


def status_outside_on_area_claim(d: Path) -> Expect:
    fid = edit(d, "claims", with_area, set_props(status_outside="ua"))
    return "claims.geojson", fid, "properties.status_outside", "only for geometry claims"


def no_source(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(source_title=..., source_url=""))
    return "claims.geojson", fid, "properties.source_title", "neither source_title nor source_url"


def ftp_source(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(source_url="ftp://example.org/x"))
    return "claims.geojson", fid, "properties.source_url", "is not an http(s) address"


def bad_date(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(date="2026-13-01"))
    return "claims.geojson", fid, "properties.date", "date '2026-13-01' is not a real date"


def malformed_date(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(date="12.12.2025"))
    return "claims.geojson", fid, "properties.date", "is not YYYY, YYYY-MM or YYYY-MM-DD"


def partial_published(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(published="2026-01", date="2025-12"))
    return "claims.geojson", fid, "properties.published", "is a partial date"


def after_published(d: Path) -> Expect:
    fid = edit(d, "events", lambda p: True, set_props(date="2026-12-12", published="2026-01-19"))
    return ("events.geojson", fid, "properties.date",
            "date 2026-12-12 is after published 2026-01-19: an event cannot describe a day "
            "after its source")


def claim_after_published(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(date="2025-12", published="2025-11-30"))
    return "claims.geojson", fid, "properties.date", "a claim cannot describe a day after"


def date_after_today(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(date="2100-01-01", published=...))
    return "claims.geojson", fid, "properties.date", "date 2100-01-01 is after today"


def year_one(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(date="0001-01-01", published=...))
    return ("claims.geojson", fid, "properties.date",
            "date 0001-01-01 is before 2014 (the map covers the war from 2014 on")


def published_before_2014(d: Path) -> Expect:
    fid = edit(d, "events", lambda p: True, set_props(date="2013-12", published="2013-12-31"))
    return "events.geojson", fid, "properties.published", "published 2013-12-31 is before 2014"


def exact_duplicate_claim(d: Path) -> Expect:
    coll = load(d, "claims")
    twin = json.loads(json.dumps(coll["features"][0]))
    twin["properties"]["id"] = "a-second-copy"
    coll["features"].append(twin)
    save(d, "claims", coll)
    first = coll["features"][0]["properties"]["id"]
    return ("claims.geojson", "a-second-copy", "properties.id",
            f"the same claim as '{first}' (claims.geojson feature #0): every field but the id")


def deep_nesting(d: Path) -> Expect:
    (d / "events.geojson").write_text("[" * 100_000, encoding="utf-8")
    return "events.geojson", "", "", "nested deeper than 32 levels"


def infinite_number(d: Path) -> Expect:
    text = (d / "claims.geojson").read_text("utf-8")
    (d / "claims.geojson").write_text(text.replace('"status": "', '"x": 1e999, "status": "', 1),
                                      encoding="utf-8")
    return "claims.geojson", "", "", "number 1e999 is out of range"


def published_after_today(d: Path) -> Expect:
    fid = edit(d, "claims", lambda p: True, set_props(published="2100-01-02"))
    return "claims.geojson", fid, "properties.published", "published 2100-01-02 is after today"


def bowtie(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_geometry(BOWTIE))
    return "areas.geojson", fid, "geometry", "invalid geometry: Self-intersection"


def swapped(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, map_rings(lambda r: [[y, x] for x, y, *_ in r]))
    return ("areas.geojson", fid, "geometry.coordinates",
            "(lon/lat look swapped (GeoJSON is [lon, lat]))")


def far_east(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_geometry(FAR_EAST))
    return ("areas.geojson", fid, "geometry.coordinates",
            "coordinates outside the region (lon 35.9 to 38.8, lat 48.5 to 50.5): [60, 49.6]")


def swapped_point(d: Path) -> Expect:
    def change(f: dict[str, Any]) -> None:
        f["geometry"]["coordinates"].reverse()
    fid = edit(d, "towns", lambda p: True, change)
    return "towns.geojson", fid, "geometry.coordinates", "lon/lat look swapped"


def empty_geometry(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_geometry({"type": "Polygon", "coordinates": []}))
    return "areas.geojson", fid, "geometry.coordinates", "empty geometry"


def null_area_geometry(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, set_geometry(None))
    return "areas.geojson", fid, "geometry", "geometry is null (areas need a Polygon or"


def wrong_geometry_type(d: Path) -> Expect:
    line = {"type": "LineString", "coordinates": [[37.6, 49.7], [37.7, 49.8]]}
    fid = edit(d, "areas", lambda p: True, set_geometry(line))
    return ("areas.geojson", fid, "geometry.type",
            "geometry type 'LineString' is not allowed in areas (use Polygon or MultiPolygon)")


def polygon_event(d: Path) -> Expect:
    fid = edit(d, "events", lambda p: True, set_geometry(SQUARE))
    return "events.geojson", fid, "geometry.type", "not allowed in events (use Point)"


def unclosed_ring(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, map_rings(lambda r: r[:-1]))
    return "areas.geojson", fid, "geometry.coordinates", "is not closed"


def short_ring(d: Path) -> Expect:
    ring = [[37.6, 49.7], [37.61, 49.7], [37.6, 49.7]]
    fid = edit(d, "areas", lambda p: True,
               set_geometry({"type": "Polygon", "coordinates": [ring]}))
    return "areas.geojson", fid, "geometry.coordinates", "needs at least 4"


def text_position(d: Path) -> Expect:
    point = {"type": "Point", "coordinates": ["37.6", 49.7]}
    fid = edit(d, "towns", lambda p: True, set_geometry(point))
    return "towns.geojson", fid, "geometry.coordinates", "has a non-number '37.6'"


def nan_position(d: Path) -> Expect:
    """NaN is not JSON: the whole file is refused as it is read, before any check."""
    coll = load(d, "towns")
    _, f = pick(coll)
    f["geometry"] = {"type": "Point", "coordinates": [float("nan"), 49.7]}
    save(d, "towns", coll)
    return "towns.geojson", "", "", "NaN is not a JSON number"


def clockwise(d: Path) -> Expect:
    fid = edit(d, "areas", lambda p: True, map_rings(lambda r: r[::-1]))
    return ("areas.geojson", fid, "geometry",
            "exterior ring is clockwise (exterior rings go counter-clockwise, holes clockwise) "
            "(`controlmap fmt` does not reorient; use shapely.geometry.polygon.orient)")


def missing_areas(d: Path) -> Expect:
    (d / "areas.geojson").unlink()
    return "areas.geojson", "", "", "missing: the data directory has no areas.geojson"


def broken_areas_json(d: Path) -> Expect:
    (d / "areas.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                     encoding="utf-8")
    return "areas.geojson", "", "", "invalid JSON at line 1"


def empty_file(d: Path) -> Expect:
    (d / "events.geojson").write_text("\n", encoding="utf-8")
    return "events.geojson", "", "", "empty file (no JSON at all)"


def position_of_a_point(d: Path) -> Expect:
    fid = edit(d, "towns", lambda p: True, set_geometry({"type": "Point", "coordinates": [1]}))
    return "towns.geojson", fid, "geometry.coordinates", "position is not [lon, lat]: [1]"


def child_outside_parent(d: Path) -> Expect:
    def change(f: dict[str, Any]) -> None:
        f["geometry"] = mapping(translate(shape(f["geometry"]), xoff=0.3))
    fid = edit(d, "areas", with_parent, change)
    return "areas.geojson", fid, "geometry", "lies approximately 100% outside its parent"


CASES = [
    broken_json, empty_file, not_a_feature_collection, unknown_file, duplicate_key,
    feature_not_object,
    missing_id, bad_slug, duplicate_id, duplicate_id_across_files, unknown_status,
    unknown_claimant, unknown_confidence, unknown_kind, unknown_bank, misspelt_property,
    wrong_type, negative_population, unknown_area, unknown_event_area, unknown_parent,
    parent_cycle, area_and_geometry, neither_area_nor_geometry, status_outside_on_area_claim,
    no_source, ftp_source, bad_date, malformed_date, partial_published, after_published,
    claim_after_published, date_after_today, published_after_today, year_one,
    published_before_2014, exact_duplicate_claim, deep_nesting, infinite_number, bowtie,
    swapped, far_east,
    swapped_point, empty_geometry, null_area_geometry, wrong_geometry_type, polygon_event,
    unclosed_ring, short_ring, text_position, nan_position, clockwise, child_outside_parent,
    missing_areas, broken_areas_json, position_of_a_point,
]


def problems_of(d: Path) -> list[Problem]:
    return check(read_data_dir(d))


def found(problems: list[Problem], expect: Expect) -> bool:
    file, feature, field, text = expect
    return any((p.file, p.feature, p.field) == (file, feature, field) and text in str(p)
               for p in problems)


def test_valid_dir_has_no_problems(data_dir: Path) -> None:
    assert [str(p) for p in problems_of(data_dir)] == []


@pytest.mark.parametrize("corrupt", CASES, ids=[c.__name__ for c in CASES])
def test_each_problem_kind_is_named(data_dir: Path, corrupt: Callable[[Path], Expect]) -> None:
    expect = corrupt(data_dir)
    problems = problems_of(data_dir)
    assert found(problems, expect), "\n".join(map(str, problems))


@pytest.mark.parametrize("corrupt", [broken_json, unknown_status, swapped, after_published],
                         ids=lambda c: c.__name__)
def test_cli_prints_the_line_and_exits_1(data_dir: Path,
                                         corrupt: Callable[[Path], Expect]) -> None:
    file, feature, field, text = corrupt(data_dir)
    result = CliRunner().invoke(main, ["validate", "--data", str(data_dir)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    prefix = f"{file}:{feature or '-'}:{field or '-'}: "
    assert any(line.startswith(prefix) and text in line for line in lines), result.output
    assert "Traceback" not in result.output
    assert lines[-1].endswith(" file") or lines[-1].endswith(" files")


def test_all_problems_are_reported_at_once(data_dir: Path) -> None:
    cases = [unknown_status, bad_date, bowtie, unknown_parent, negative_population,
             unknown_event_area, unknown_file]
    expects = [c(data_dir) for c in cases]
    (data_dir / "oskil.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                            encoding="utf-8")
    expects.append(("oskil.geojson", "", "", "invalid JSON at line 1 column"))
    problems = problems_of(data_dir)
    missing = [e for e in expects if not found(problems, e)]
    assert missing == [], "\n".join(map(str, problems))
    assert problems == sorted(problems)
    result = CliRunner().invoke(main, ["validate", "--data", str(data_dir)])
    assert result.exit_code == 1
    files = {p.file for p in problems}
    assert result.output.splitlines()[-1] == f"{len(problems)} problems in {len(files)} files"
    assert len(result.output.splitlines()) == len(problems) + 1


def test_cli_clean_dir_exits_0_with_counts(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    n_files = len(list(data_dir.glob("*.geojson")))
    assert f": {n_files} files, " in result.output
    assert result.output.rstrip().endswith("features, no problems")


def test_cli_honours_the_environment_variable(data_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    unknown_status(data_dir)
    monkeypatch.setenv("CONTROLMAP_DATA", str(data_dir))
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "unknown status 'russian'" in result.output


@pytest.mark.parametrize("args", [["validate"], ["fmt"], ["fmt", "--check"]])
def test_cli_missing_directory_exits_2(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, [*args, "--data", str(missing)])
    assert result.exit_code == 2
    assert "not a readable data directory" in result.output
    assert "Traceback" not in result.output


def test_today_is_a_parameter(data_dir: Path) -> None:
    load(data_dir, "claims")  # skips until the dir has claims
    raw = read_data_dir(data_dir)
    assert check(raw, today=date(2100, 1, 1)) == []
    fields = {p.field for p in check(raw, today=date(2000, 1, 1))}
    assert "properties.date" in fields


def test_load_dataset_uses_check(data_dir: Path) -> None:
    load(data_dir, "claims")  # skips until the dir has claims
    ds = load_dataset(data_dir)
    assert ds.areas and ds.claims
    unknown_area(data_dir)
    with pytest.raises(DataError) as err:
        load_dataset(data_dir)
    assert any(p.field == "properties.area" for p in err.value.problems)
    assert "unknown area 'kupiansk-nowhere'" in str(err.value)


def test_shipped_data_validates_fast(data_dir: Path) -> None:
    import time

    raw = read_data_dir(data_dir)
    start = time.perf_counter()
    check(raw)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("corrupt", [swapped, parent_cycle, unknown_status, bad_date,
                                     missing_areas, broken_areas_json],
                         ids=lambda c: c.__name__)
def test_one_mistake_one_message(data_dir: Path, corrupt: Callable[[Path], Expect]) -> None:
    """A swap does not also report mirrored rings and misplaced children; a cycle does not
    also report containment; a bad value is not reported twice; a missing or broken
    areas.geojson does not also make every claim's area unknown."""
    expect = corrupt(data_dir)
    problems = problems_of(data_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert found(problems, expect)


def test_too_many_positions(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A geometry past the limit is named once and not used further (no validity check, no
    containment against its neighbours)."""
    monkeypatch.setattr("controlmap.validate.geometry.MAX_POSITIONS", 4)
    fid = edit(d := data_dir, "areas", lambda p: True, lambda f: None)
    problems = problems_of(d)
    assert found(problems, ("areas.geojson", fid, "geometry.coordinates",
                            "positions, more than the limit of 4 for one geometry"))
    assert not [p for p in problems if p.feature == fid and p.field == "geometry"]
