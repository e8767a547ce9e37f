"""The fast load of a directory the cache knows is clean: the same Dataset, never stale data.

`load_known_valid` types features one line at a time from files it only hashed; these tests
hold it to the full path (read, check, build) on the shipped data and on files in every
layout, and change a file behind its back to show it never types unchecked bytes.
"""

from __future__ import annotations

import json
import shutil
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from controlmap.errors import DataError
from controlmap.io.datadir import read_data_dir
from controlmap.io.featurelines import ChangedOnDisk, FeatureLines, NotCanonical, file_hash
from controlmap.io.geojson import canonical_dumps, read_collection
from controlmap.loading import build_dataset, load_dataset, load_known_valid, load_valid_parts
from controlmap.model.dataset import Dataset
from controlmap.validate.cache import check_cached
from tests.conftest import GEO

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))


def full(path: Path) -> Dataset:
    raw = read_data_dir(path)
    assert check_cached(raw, TODAY) == []
    return build_dataset(raw)


def same(a: Dataset, b: Dataset) -> None:
    assert a.claims == b.claims and a.events == b.events
    assert sorted(a.areas) == sorted(b.areas)
    for aid, area in a.areas.items():
        assert area == b.areas[aid] and area.geometry.equals(b.areas[aid].geometry)
    assert [c.geometry is None for c in a.claims] == [c.geometry is None for c in b.claims]
    assert all(x.geometry is None or x.geometry.equals(y.geometry)
               for x, y in zip(a.claims, b.claims, strict=True))
    assert a.layers == b.layers
    assert a.raw.collections == b.raw.collections and a.raw.hashes == b.raw.hashes


@pytest.mark.parametrize("name", sorted(p.name for p in GEO.glob("*.geojson")))
def test_feature_lines_equal_the_parsed_file(name: str) -> None:
    coll = read_collection(GEO / name)
    lines = FeatureLines(GEO / name, file_hash(GEO / name))
    assert list(lines) == coll["features"]
    assert lines.members == {k: v for k, v in coll.items() if k != "features"}


def test_known_valid_load_equals_the_full_path(geo_copy: Path) -> None:
    assert load_known_valid(geo_copy, TODAY) is None  # nothing validated yet
    expected = full(geo_copy)
    got = load_known_valid(geo_copy, TODAY)
    assert got is not None
    same(got, expected)
    same(load_dataset(geo_copy, TODAY), expected)
    loaded = load_valid_parts(geo_copy, TODAY)
    assert loaded.problems == [] and loaded.dataset is not None
    same(loaded.dataset, expected)


def _layouts(coll: dict[str, object]) -> dict[str, bytes]:
    canonical = canonical_dumps(coll)
    return {
        "indented": json.dumps(coll, indent=2, ensure_ascii=False).encode(),
        "one line": json.dumps(coll, ensure_ascii=False).encode(),
        "crlf": canonical.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + canonical.encode(),
        "two features a line": canonical.replace("},\n{\"type\": \"Feature\"",
                                                 "}, {\"type\": \"Feature\"", 1).encode(),
        "no final newline": canonical.rstrip("\n").encode(),
        "empty list spelled open": canonical_dumps({**coll, "features": []}).replace(
            '"features": []', '"features": [\n]').encode(),
    }


@pytest.mark.parametrize("layout", ["indented", "one line", "crlf", "two features a line",
                                    "no final newline", "empty list spelled open", "bom"])
def test_other_layouts_are_read_whole(geo_copy: Path, layout: str) -> None:
    path = geo_copy / "claims.geojson"
    path.write_bytes(_layouts(read_collection(path))[layout])
    if layout != "bom":
        with pytest.raises(NotCanonical):
            list(FeatureLines(path, file_hash(path)))
    raw = read_data_dir(geo_copy)
    if check_cached(raw, TODAY):  # a BOM is a problem of its own: no fast path then
        assert load_known_valid(geo_copy, TODAY) is None
        return
    got = load_known_valid(geo_copy, TODAY)
    assert got is not None
    same(got, build_dataset(raw))


def test_a_file_changed_after_hashing_is_never_typed(geo_copy: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash says "clean", the bytes read are not those: ChangedOnDisk, then the full
    path reads, checks and reports the new bytes."""
    full(geo_copy)
    path = geo_copy / "claims.geojson"
    clean_hash = file_hash(path)
    path.write_text(path.read_text("utf-8").replace('"status": "ua"', '"status": "uA"', 1),
                    "utf-8")
    with pytest.raises(ChangedOnDisk):
        list(FeatureLines(path, clean_hash))
    real = file_hash
    monkeypatch.setattr("controlmap.loading.file_hash",
                        lambda p: clean_hash if p == path else real(p))
    # The typed columns cached for the hashed bytes are those bytes' claims (checked clean):
    # the snapshot that was hashed, never the new bytes.
    cached = load_known_valid(geo_copy, TODAY)
    assert cached is not None and all(c.status != "uA" for c in cached.claims)
    shutil.rmtree(tmp_path / "cache" / "claims")  # no snapshot: the bytes must be read
    assert load_known_valid(geo_copy, TODAY) is None
    with pytest.raises(DataError, match="unknown status 'uA'"):
        load_dataset(geo_copy, TODAY)


def test_no_fast_path_without_a_clean_result(geo_copy: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    full(geo_copy)
    assert load_known_valid(geo_copy, date(2026, 12, 1)) is None  # another day
    (geo_copy / "notes.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    assert load_known_valid(geo_copy, TODAY) is None  # an unknown file is a problem
    (geo_copy / "notes.geojson").unlink()
    assert load_known_valid(geo_copy, TODAY) is not None
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")
    assert load_known_valid(geo_copy, TODAY) is None


def test_a_large_directory_is_first_read_in_a_child_process(
        geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_valid_parts_lean` (the app's load) has one child process check a large
    directory while another types its claims and draws its areas, filling the caches; this
    process then loads as a restart does, and gets the very Dataset of the full path.
    Without a cache it does the work itself."""
    import controlmap.loading as loading
    from controlmap.webapp import loading as app_loading

    expected = full(geo_copy)
    shutil.rmtree(tmp_path / "cache")
    monkeypatch.setattr(app_loading, "LEAN_BYTES", 0)  # the shipped data counts as large
    typed_here: list[str] = []
    real = loading.read_check_type
    monkeypatch.setattr(loading, "read_check_type",
                        lambda *a: typed_here.append("here") or real(*a))
    # Streamlit installs the page script as __main__; the child must not run it again
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('the page ran in the child')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", main)
    got = app_loading.load_valid_parts_lean(geo_copy, TODAY)
    assert got.problems == [] and got.dataset is not None
    same(got.dataset, expected)
    assert typed_here == []  # the children did it: this process only read the caches
    assert list((tmp_path / "cache" / "claims").iterdir())
    assert list((tmp_path / "cache" / "area-geometry").iterdir())
    assert list((tmp_path / "cache" / "area-km2").iterdir())
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")
    got = app_loading.load_valid_parts_lean(geo_copy, TODAY)
    assert got.dataset is not None and typed_here == ["here"]
    same(got.dataset, expected)


def test_what_the_children_did_ahead_of_a_failed_check_is_never_shown(
        geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large directory with a problem: the child that types ahead of the check may have
    typed the bad file, but the page reads the valid part itself (validate/salvage.py), as
    the in-process path does, and lists the problem."""
    from controlmap.webapp import loading as app_loading

    claims = geo_copy / "claims.geojson"
    doc = json.loads(claims.read_text(encoding="utf-8"))
    bad = doc["features"][0]["properties"]
    bad["date"] = "2025-02-30"
    claims.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")
    expected = load_valid_parts(geo_copy, TODAY)
    assert expected.dataset is not None and expected.problems
    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(app_loading, "LEAN_BYTES", 0)
    got = app_loading.load_valid_parts_lean(geo_copy, TODAY)
    assert got.problems == expected.problems and got.dropped == expected.dropped
    assert got.dataset is not None and bad["id"] not in {c.id for c in got.dataset.claims}
    same(got.dataset, expected.dataset)
