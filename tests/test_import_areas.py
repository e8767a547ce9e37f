"""`controlmap import areas`: outlines from GeoPackage, Shapefile, FlatGeobuf and KML files
(written here with pyogrio) merged into areas.geojson, reprojected, vetted by the validator,
all or nothing; every bad input refused in one line naming file, feature and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
import shapely
from click.testing import CliRunner, Result
from shapely.geometry import Point, Polygon, box, shape

from controlmap import validate
from controlmap.cli import main
from controlmap.errors import DataError, UsageError
from controlmap.importer.areas import AreaImportOptions, import_areas
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import read_collection
from controlmap.loading import load_dataset

UTM37N = "EPSG:32637"
# A new village east of Kupiansk, inside the region and clear of the shipped areas.
NEW = box(37.90, 49.55, 37.93, 49.57)


def areas(d: Path) -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in read_collection(d / "areas.geojson")["features"]}


def outline(d: Path, aid: str) -> Any:
    return shape(areas(d)[aid]["geometry"])


def shrunk(d: Path, aid: str, metres: float = 100) -> Any:
    """The area's outline, 100 m smaller all round, in UTM 37N."""
    utm = gpd.GeoSeries([outline(d, aid)], crs="EPSG:4326").to_crs(UTM37N)
    return utm.buffer(-metres).iloc[0]


def write(path: Path, rows: list[dict[str, Any]], crs: str | None = "EPSG:4326",
          driver: str | None = None, layer: str | None = None) -> Path:
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    pyogrio.write_dataframe(frame, path, driver=driver, layer=layer)
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_geopackage_in_utm_replaces_an_outline(geo_copy: Path, tmp_path: Path) -> None:
    before = areas(geo_copy)
    new = shrunk(geo_copy, "kurylivka")
    src = write(tmp_path / "edited.gpkg", [{"id": "kurylivka", "geometry": new}], crs=UTM37N)
    report = import_areas(geo_copy, src, AreaImportOptions(method="Redrawn on imagery"))
    assert (report.updated, report.added, report.written) == (["kurylivka"], [], True)
    after = areas(geo_copy)
    got = shape(after["kurylivka"]["geometry"])
    want = gpd.GeoSeries([new], crs=UTM37N).to_crs("EPSG:4326").iloc[0]
    assert got.symmetric_difference(want).area < 1e-4 * want.area  # reprojected, 6 decimals
    assert got.exterior.is_ccw  # RFC 7946 winding
    props = after["kurylivka"]["properties"]
    assert props["provenance"] == {"method": "Redrawn on imagery", "approximate": True,
                                   "sources": []}
    assert props["name"] == before["kurylivka"]["properties"]["name"]  # kept
    assert {k: v for k, v in after.items() if k != "kurylivka"} == {
        k: v for k, v in before.items() if k != "kurylivka"}
    assert validate.check(read_data_dir(geo_copy)) == []
    assert load_dataset(geo_copy).areas["kurylivka"].geometry.equals(got)


def test_shapefile_adds_an_area_with_its_fields(geo_copy: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "new.shp", [{"id": "testivka", "name": "Testivka",
                                        "name_uk": "Тестівка", "kind": "village",
                                        "parent": None, "geometry": NEW}])
    res = run("import", "areas", str(src), "--source", "natural-earth", "--data", str(geo_copy))
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == ["areas.geojson: added 1, updated 0, 0 unchanged",
                                       "  added: testivka"]
    props = areas(geo_copy)["testivka"]["properties"]
    assert {k: props[k] for k in ("name", "name_uk", "kind", "parent")} == {
        "name": "Testivka", "name_uk": "Тестівка", "kind": "village", "parent": None}
    assert props["provenance"]["method"] == "Imported from new.shp (controlmap import areas)."
    assert props["provenance"]["sources"] == ["natural-earth"]
    assert validate.check(read_data_dir(geo_copy)) == []


def test_flatgeobuf_of_the_same_areas_changes_no_byte(geo_copy: Path, tmp_path: Path) -> None:
    rows = [{"id": aid, "name": f["properties"]["name"], "geometry": shape(f["geometry"])}
            for aid, f in areas(geo_copy).items()]
    src = write(tmp_path / "same.fgb", rows, driver="FlatGeobuf")
    before = (geo_copy / "areas.geojson").read_bytes()
    report = import_areas(geo_copy, src, AreaImportOptions())
    assert sorted(report.unchanged) == sorted(r["id"] for r in rows)
    assert (report.added, report.updated, report.written) == ([], [], False)
    assert (geo_copy / "areas.geojson").read_bytes() == before


def test_kml_layer_and_id_field(geo_copy: Path, tmp_path: Path) -> None:
    """KML from Google Earth or QGIS: read by GDAL's KML driver, 3D rings made 2D."""
    new = shapely.force_3d(gpd.GeoSeries([shrunk(geo_copy, "kivsharivka")], crs=UTM37N)
                           .to_crs("EPSG:4326").iloc[0])
    src = write(tmp_path / "drawn.kml", [{"area": "kivsharivka", "geometry": new}],
                driver="KML", layer="outlines")
    res = run("import", "areas", str(src), "--id-field", "area", "--layer", "outlines",
              "--data", str(geo_copy))
    assert res.exit_code == 0, res.output
    assert "updated 1" in res.output
    got = outline(geo_copy, "kivsharivka")
    flat = shapely.force_2d(new)
    assert not got.has_z and got.symmetric_difference(flat).area < 1e-4 * flat.area


def test_dry_run_writes_nothing(geo_copy: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "new.gpkg", [{"id": "testivka", "name": "Testivka",
                                         "kind": "village", "geometry": NEW}])
    before = (geo_copy / "areas.geojson").read_bytes()
    res = run("import", "areas", str(src), "--dry-run", "--data", str(geo_copy))
    assert res.exit_code == 0, res.output
    assert res.output.startswith("areas.geojson: would add 1, would update 0")
    assert (geo_copy / "areas.geojson").read_bytes() == before


BOWTIE = Polygon([(37.90, 49.55), (37.93, 49.57), (37.93, 49.55), (37.90, 49.57)])


@pytest.mark.parametrize(("rows", "needle"), [
    ([{"id": "testivka", "geometry": BOWTIE}],
     "new.gpkg:#0 (testivka):geometry: invalid polygon (Self-intersection"),
    ([{"id": "Test Ivka", "geometry": NEW}],
     "new.gpkg:#0:id: id 'Test Ivka' is not a slug (use a slug such as 'test-ivka'"),
    ([{"id": "\x1b[31mred", "geometry": NEW}], "new.gpkg:#0:id: id '\\x1b[31mred' is not a slug"),
    ([{"id": "testivka", "geometry": NEW}, {"id": "testivka", "geometry": NEW}],
     "new.gpkg:#1 (testivka):id: id 'testivka' is also feature #0"),
    ([{"id": None, "geometry": NEW}], "new.gpkg:#0:id: no id"),
    ([{"id": "testivka", "geometry": Point(37.9, 49.56)}],
     "new.gpkg:#0 (testivka):geometry: Point is not a Polygon or MultiPolygon"),
], ids=["invalid", "not-a-slug", "control-chars", "duplicate", "no-id", "point"])
def test_bad_features_are_named_and_nothing_is_written(
        geo_copy: Path, tmp_path: Path, rows: list[dict[str, Any]], needle: str) -> None:
    src = write(tmp_path / "new.gpkg", [{"name": "Testivka", "kind": "village", **r}
                                        for r in rows])
    before = (geo_copy / "areas.geojson").read_bytes()
    res = run("import", "areas", str(src), "--data", str(geo_copy))
    assert res.exit_code == 1
    assert needle in res.output, res.output
    assert "Traceback" not in res.output
    assert (geo_copy / "areas.geojson").read_bytes() == before


def test_an_outline_the_validator_refuses_is_not_written(geo_copy: Path, tmp_path: Path) -> None:
    """A child moved out of its parent: the directory check refuses the whole import."""
    child = next(f for f in areas(geo_copy).values() if f["properties"].get("parent"))
    aid = child["properties"]["id"]
    src = write(tmp_path / "moved.gpkg", [{"id": aid, "geometry": NEW}])
    before = (geo_copy / "areas.geojson").read_bytes()
    with pytest.raises(DataError, match="change refused"):
        import_areas(geo_copy, src, AreaImportOptions())
    assert (geo_copy / "areas.geojson").read_bytes() == before


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_usage_errors_say_what_to_give(geo_copy: Path, tmp_path: Path) -> None:
    two = write(tmp_path / "two.gpkg", [{"id": "testivka", "geometry": NEW}], layer="a")
    write(two, [{"id": "testivka", "geometry": NEW}], layer="b")
    no_crs = write(tmp_path / "nocrs.shp", [{"id": "testivka", "geometry": NEW}], crs=None)
    cases = [
        ((two, AreaImportOptions()), "has 2 layers (a, b); pick one with --layer"),
        ((two, AreaImportOptions(layer="c")), "no layer 'c' (layers: a, b)"),
        ((no_crs, AreaImportOptions()), "does not say its coordinate system; give --crs"),
        ((no_crs, AreaImportOptions(id_field="area")), "--id-field 'area' is not a field"),
        ((tmp_path / "missing.gpkg", AreaImportOptions()), "missing.gpkg: no such file"),
        ((tmp_path / "areas.txt", AreaImportOptions()), "cannot read it as a vector file"),
    ]
    (tmp_path / "areas.txt").write_text("not a map\n", encoding="utf-8")
    for (path, opts), needle in cases:
        with pytest.raises(UsageError, match=None) as info:
            import_areas(geo_copy, path, opts)
        assert needle in str(info.value), (path, str(info.value))
        assert "\n" not in str(info.value)
    res = run("import", "areas", str(no_crs), "--data", str(geo_copy))
    assert res.exit_code == 2 and "Traceback" not in res.output


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_crs_option_reads_a_file_without_one(geo_copy: Path, tmp_path: Path) -> None:
    new = shrunk(geo_copy, "kurylivka")
    src = write(tmp_path / "nocrs.shp", [{"id": "kurylivka", "geometry": new}], crs=None)
    res = run("import", "areas", str(src), "--crs", UTM37N, "--data", str(geo_copy))
    assert res.exit_code == 0, res.output
    assert outline(geo_copy, "kurylivka").within(box(37.0, 49.0, 38.5, 50.5))
