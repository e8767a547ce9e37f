"""check() never raises, whatever the features hold: bad input gets messages, not tracebacks.

Hypothesis throws features with random property values and half-broken geometries at every
file kind; every problem must still name its file and a feature.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.io.datadir import RawData
from controlmap.validate import check

KEYS = ["id", "date", "published", "status", "claimant", "area", "parent", "kind", "bank",
        "source_title", "source_url", "status_outside", "name", "population", "title"]
FILES = ["areas.geojson", "claims.geojson", "events.geojson", "towns.geojson",
         "oskil.geojson", "context.geojson"]

_scalar = (st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True)
           | st.sampled_from(["", "kupiansk", "2026-13-01", "2025-11", "ua", "ru", "x y",
                              "https://a.b/", "ftp://x", "2100-01-01", "left", "city"]))
_value = st.recursive(_scalar, lambda v: st.lists(v, max_size=3) | st.dictionaries(
    st.sampled_from(KEYS), v, max_size=3), max_leaves=8)
_number = st.floats(35, 51, allow_nan=False) | st.integers(36, 50)
_position = st.lists(_number, min_size=0, max_size=4) | _value
_coords = st.recursive(_position, lambda c: st.lists(c, max_size=5), max_leaves=30)
_ring = st.lists(st.tuples(st.floats(37, 38.5), st.floats(49, 50.5)).map(list), min_size=3,
                 max_size=6).map(lambda r: [*r, r[0]])
_polygon = st.lists(_ring, min_size=1, max_size=2).map(
    lambda rings: {"type": "Polygon", "coordinates": rings})
_geometry = st.none() | _value | _polygon | st.fixed_dictionaries(
    {"type": st.sampled_from(["Point", "LineString", "Polygon", "MultiPolygon",
                              "MultiLineString", "MultiPoint", "GeometryCollection", "Box"])},
    optional={"coordinates": _coords})
_feature = _value | st.fixed_dictionaries(
    {"type": st.just("Feature"), "geometry": _polygon,
     "properties": st.fixed_dictionaries({"id": st.sampled_from(["a", "b", "c"]),
                                          "parent": st.sampled_from(["a", "b", "c", None])})},
) | st.fixed_dictionaries(
    {"type": st.sampled_from(["Feature", "feature"])},
    optional={"properties": st.dictionaries(st.sampled_from(KEYS), _value, max_size=8)
              | _value, "geometry": _geometry})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FILES), st.lists(_feature, max_size=5))
def test_check_never_raises(name: str, features: list[Any]) -> None:
    raw = RawData(Path("."))
    raw.collections[name] = {"type": "FeatureCollection", "features": features}
    raw.texts[name] = "{}"
    # an (empty) areas.geojson, so the only file with problems is the one under test
    raw.collections.setdefault("areas.geojson", {"type": "FeatureCollection", "features": []})
    problems = check(raw, today=date(2026, 1, 1))
    assert all(p.file == name and p.message for p in problems)
    assert problems == sorted(set(problems))


@pytest.mark.parametrize(("text", "fields"), [
    ('{"a": 1, "b": {"c": 2}}', []),
    ('{"a": 1, "a": 2}', ["a"]),
    ('{"x": [[1, 2], [3, {"b": 1, "b": 2}]]}', ["x.1.1.b"]),  # after a number in a list
    ('{"x": [[[1.5, 2], [3, 4]]], "k": "a:b\\":"}', []),  # colons inside strings
    ('{"x": [[1, 2], [3]], "y": {"z": {"q": 1, "q": 1}}}', ["y.z.q"]),  # ragged positions
])
def test_duplicate_keys_counted_then_named(text: str, fields: list[str]) -> None:
    """The count (keys written against keys held) lets through only texts without a repeat;
    a repeat anywhere, even in a list after a number, is named."""
    from controlmap.validate.jsontext import duplicate_keys

    assert [p.field for p in duplicate_keys("x.geojson", text)] == fields


_TRICKY = st.text(alphabet='ab":\\{}[], ', max_size=6)
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | _TRICKY,
                     lambda v: st.lists(v, max_size=3) | st.dictionaries(_TRICKY, v, max_size=3),
                     max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_keys_held_counted_in_json_as_by_a_walk(doc: Any) -> None:
    """Counting `":` in the compact JSON gives the keys a walk of the tree finds, whatever
    quotes, backslashes and colons the keys and strings hold (and numbers past 64 bits,
    which orjson cannot write)."""
    from controlmap.validate.jsontext import _keys_held, _walk_keys

    assert _keys_held(doc) == _walk_keys(doc)


_VALUE = st.sampled_from(["", None, "a", "b", 0, False, ["x"]])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "status": _VALUE, "area": _VALUE, "note": _VALUE, "source_url": _VALUE}),
    max_size=12), st.lists(st.sampled_from([None, {"type": "Point",
                                                   "coordinates": [1, 2]}]), max_size=12))
def test_duplicate_claims_by_bucket_as_by_whole_key(props: list[dict[str, Any]],
                                                    geoms: list[Any]) -> None:
    """The bucketed check names exactly the claims the plain rule names: equal in every
    field but the id ("" and absent alike) and the geometry, each against the first."""
    from controlmap.validate.features import Item
    from controlmap.validate.references import _key, check_duplicate_claims

    items = [Item("claims.geojson", "claims", i,
                  {"type": "Feature", "properties": {"id": f"c{i}", **p},
                   "geometry": geoms[i] if i < len(geoms) else None})
             for i, p in enumerate(props)]
    first: dict[bytes, Item] = {}
    want = []
    for item in items:
        rest = {k: v for k, v in item.props.items() if k != "id" and v not in ("", None)}
        seen = first.setdefault(_key([rest, item.feature.get("geometry")]), item)
        if seen is not item:
            want.append((item.label, seen.label))
    got = [(p.feature, p.message.split("'")[1]) for p in check_duplicate_claims(items)]
    assert got == want


_DATE_VALUE = st.sampled_from([None, "2025-11", "2025-11-20", "2025-11-31", "2013-05-01",
                               "2026-02-01", "2100-01-01", "2025-13", 20251120, ["2025"]])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["claims", "events"]), _DATE_VALUE, _DATE_VALUE,
                          _DATE_VALUE), max_size=12))
def test_dates_judged_once_per_combination_as_one_by_one(rows: list[tuple[Any, ...]]) -> None:
    """check_dates judges each distinct (kind, date, published, last_confirmed) once and
    gives its findings to every feature that has it: the same problems as judging each
    feature alone, whatever the values (unhashable ones too)."""
    from controlmap.validate.dates import check_dates
    from controlmap.validate.features import Item

    items = [Item(f"{kind}.geojson", kind, i, {"type": "Feature", "properties": {
        "id": f"f{i}", "date": d, "published": p, "last_confirmed": c}})
        for i, (kind, d, p, c) in enumerate(rows)]
    today = date(2026, 1, 1)
    alone = [p for item in items for p in check_dates([item], today)]
    assert sorted(check_dates(items, today)) == sorted(alone)
