"""The canonical GeoJSON writer: a golden text, stability, and no value lost (hypothesis).

Canonical text parsed and dumped again is byte-identical; every property value survives a
write and a read; coordinates survive rounded to 6 decimals.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.io.geojson import canonical_dumps, read_collection, write_collection

GOLDEN = """{
"type": "FeatureCollection",
"name": "demo",
"features": [
{"type": "Feature", "properties": {"id": "kupiansk", "name_uk": "Куп’янськ", "parent": null, \
"rank": 1}, "geometry": {"coordinates": [37.612346, 49.709877], "type": "Point"}},
{"type": "Feature", "properties": {"id": "empty"}, "geometry": null}
]
}
"""

_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
_scalars = (st.none() | st.booleans() | st.integers(-10**12, 10**12)
            | st.floats(allow_nan=False, allow_infinity=False) | _text)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
_properties = st.dictionaries(_text, _values, max_size=8)
_lon = st.floats(-180, 180, allow_nan=False)
_lat = st.floats(-90, 90, allow_nan=False)
_positions = st.lists(st.tuples(_lon, _lat).map(list), min_size=1, max_size=6)


def _collection(props_list: list[dict[str, Any]], coords: list[list[list[float]]],
                ) -> dict[str, Any]:
    feats = [{"type": "Feature", "properties": p,
              "geometry": {"type": "LineString", "coordinates": c}}
             for p, c in zip(props_list, coords, strict=False)]
    return {"type": "FeatureCollection", "features": feats}


def test_golden_text() -> None:
    coll = {"features": [
        {"geometry": {"type": "Point", "coordinates": [37.6123456789, 49.70987654]},
         "properties": {"rank": 1, "parent": None, "name_uk": "Куп’янськ", "id": "kupiansk"},
         "type": "Feature"},
        {"type": "Feature", "properties": {"id": "empty"}},
    ], "type": "FeatureCollection", "name": "demo"}
    assert canonical_dumps(coll) == GOLDEN


@settings(max_examples=150, deadline=None)
@given(st.lists(_properties, min_size=1, max_size=4),
       st.lists(_positions, min_size=1, max_size=4))
def test_dumps_parse_dumps_is_identical(props: list[dict[str, Any]],
                                        coords: list[list[list[float]]]) -> None:
    text = canonical_dumps(_collection(props, coords))
    assert canonical_dumps(json.loads(text)) == text
    assert text.endswith("}\n")


@settings(max_examples=150, deadline=None)
@given(st.lists(_properties, min_size=1, max_size=4),
       st.lists(_positions, min_size=1, max_size=4))
def test_write_and_read_keep_every_value(props: list[dict[str, Any]],
                                         coords: list[list[list[float]]]) -> None:
    coll = _collection(props, coords)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.geojson"
        write_collection(path, coll)
        back = read_collection(path)
        assert write_collection(path, back) is False  # already canonical: nothing written
    assert len(back["features"]) == len(coll["features"])
    for old, new in zip(coll["features"], back["features"], strict=True):
        assert new["properties"] == old["properties"]
        assert list(new["properties"]) == sorted(new["properties"])
        expected = [[round(x, 6), round(y, 6)] for x, y in old["geometry"]["coordinates"]]
        assert new["geometry"]["coordinates"] == expected


@given(_properties)
def test_one_feature_per_line(props: dict[str, Any]) -> None:
    text = canonical_dumps(_collection([props, props], [[[37.6, 49.7]], [[37.7, 49.8]]]))
    lines = text.split("\n")[:-1]  # not splitlines(): U+0085 and U+2028 stay raw in text
    assert lines[:3] == ["{", '"type": "FeatureCollection",', '"features": [']
    assert [json.loads(line.rstrip(","))["type"] for line in lines[3:5]] == ["Feature"] * 2
    assert lines[5:] == ["]", "}"]
