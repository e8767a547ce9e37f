"""The compiled schema check says exactly what jsonschema alone says, only faster.

jsonschema-rs picks the failing features and jsonschema words them; these tests hold the pair
to the plain jsonschema walk (the reference below), on hostile values where Python's `re` and
ECMA-262 regexes, or JSON's NaN and Rust's null, could part ways.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controlmap.errors import Problem
from controlmap.validate.features import feature_label
from controlmap.validate.schema import (
    KINDS,
    _describe,
    check_collection,
    compiled_validator,
    failing_features,
    load_schema,
    validator,
)


def reference(name: str, kind: str, coll: dict[str, Any]) -> list[Problem]:
    """The schema check as it was before compiling: jsonschema over the whole file."""
    features = coll.get("features") or []
    out: list[Problem] = []
    for err in validator(kind).iter_errors(coll):
        path = list(err.absolute_path)
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            label, rest = feature_label(features[path[1]], path[1]), path[2:]
        else:
            label, rest = "", path
        out += [Problem(name, label, f, m, h) for f, m, h in _describe(err, kind, rest)]
    return sorted(out)


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "pattern" and isinstance(v, str)] + [
            p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


# Escapes whose ECMA-262 reading accepts no more than Python's: `\S` is rewritten to
# Python's reading; `\d` and `\w` are ASCII in ECMA-262 (Python's are Unicode, wider).
SAFE_ESCAPES = {r"\S", r"\d", r"\w", r"\.", r"\-", r"\/", r"\\", r"\+", r"\?", r"\(", r"\)"}


@pytest.mark.parametrize("kind", KINDS)
def test_schema_patterns_use_only_escapes_both_engines_read_alike(kind: str) -> None:
    for pattern in _patterns(load_schema(kind)):
        unknown = set(re.findall(r"\\.", pattern)) - SAFE_ESCAPES
        assert not unknown, (
            f"{kind}: pattern {pattern!r} uses {sorted(unknown)}: check that jsonschema-rs "
            "accepts nothing Python's re refuses there, then add it to SAFE_ESCAPES")


def test_compiled_non_space_accepts_nothing_python_refuses() -> None:
    """Every code point of the BMP (all of Unicode's whitespace is there) in a URL."""
    fast = compiled_validator("claims")
    python = re.compile(load_schema("claims")["$defs"]["properties"]["properties"]
                        ["source_url"]["pattern"])
    wrong = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        url = f"https://a{chr(cp)}b"
        feature = {"type": "Feature", "geometry": None, "properties": {
            "id": "a", "date": "2024", "status": "ua", "claimant": "media", "area": "x",
            "source_url": url}}
        if fast.is_valid({"type": "FeatureCollection", "features": [feature]}) and not \
                python.search(url):
            wrong.append(hex(cp))
    assert wrong == []


GOOD_CLAIM = {"type": "Feature", "geometry": None, "properties": {
    "id": "c1", "date": "2024-05-01", "status": "ua", "claimant": "media", "area": "a",
    "source_title": "t", "source_url": "https://example.org/x", "published": "2024-05-02"}}
GOOD_AREA = {"type": "Feature", "properties": {"id": "a", "name": "A", "kind": "town"},
             "geometry": {"type": "Polygon",
                          "coordinates": [[[37, 49], [38, 49], [38, 50], [37, 49]]]}}

TRICKY_TEXT = ["", " ", "a", "ab\n", "x\x1cy", "x\x85y", "x\ufeffy", "x\u2003y", "\u0663\u0660",
               "2024-05-01\n", "2024-13-01", "https://a b", "https://ok\x1f", "UA", "ua ",
               "Feature", "Polygon", "media", "2024", "2024-05", "-a", "a-", "NaN",
               "lone \ud800 surrogate"]
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
              st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(TRICKY_TEXT),
              st.text(max_size=6)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=3),
    max_leaves=6)


def _keys(kind: str) -> list[str]:
    return [*load_schema(kind)["$defs"]["properties"]["properties"], "unknown", "Status"]


@st.composite
def collections(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    base = GOOD_CLAIM if kind == "claims" else GOOD_AREA
    features: list[Any] = []
    for i in range(draw(st.integers(1, 4))):
        feat = {**base, "properties": {**base["properties"], "id": f"f{i}"}}
        for _ in range(draw(st.integers(0, 3))):
            where = draw(st.sampled_from(["properties", "properties", "feature"]))
            if where == "properties" and isinstance(feat["properties"], dict):
                key = draw(st.sampled_from(_keys(kind)))
                if draw(st.booleans()):
                    feat["properties"][key] = draw(VALUES)
                else:
                    feat["properties"].pop(key, None)
            else:
                key = draw(st.sampled_from(["type", "geometry", "properties", "extra"]))
                feat[key] = draw(VALUES)
        features.append(draw(st.sampled_from([feat, feat, feat, None, "x"])))
    return {"type": "FeatureCollection", "features": features}


@pytest.mark.parametrize("kind", ["claims", "areas"])
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_check_equals_jsonschema(kind: str, data: st.DataObject) -> None:
    coll = data.draw(collections(kind))
    name = f"{kind}.geojson"
    assert sorted(check_collection(name, kind, coll)) == reference(name, kind, coll)


def test_a_valid_file_never_reaches_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    coll = {"type": "FeatureCollection", "features": [GOOD_CLAIM] * 50}
    monkeypatch.setattr("controlmap.validate.schema.validator", None)  # would fail if called
    assert check_collection("claims.geojson", "claims", coll) == []


def test_only_the_failing_features_are_worded() -> None:
    bad = {**GOOD_CLAIM, "properties": {**GOOD_CLAIM["properties"], "status": "won"}}
    coll = {"type": "FeatureCollection", "features": [GOOD_CLAIM, bad, GOOD_CLAIM, bad]}
    assert failing_features("claims", coll) == [1, 3]
    problems = check_collection("claims.geojson", "claims", coll)
    assert [str(p) for p in problems] == [
        "claims.geojson:c1:properties.status: unknown status 'won' "
        "(use one of ua, ru, contested, unknown)"] * 2
    assert failing_features("claims", {"type": "Collection", "features": []}) is None


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_is_judged_by_jsonschema(token: str) -> None:
    """json reads NaN as a float; jsonschema-rs must not take it for the null allowed here.
    (The reader refuses NaN before validation; the check must hold on its own anyway.)"""
    text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
            f'{token}, "properties": {{"id": "c", "date": "2024", "status": "ua", '
            f'"claimant": "media", "area": "a", "status_outside": {token}}}}}]}}')
    coll = json.loads(text)
    assert not math.isfinite(coll["features"][0]["geometry"])
    assert failing_features("claims", coll) == [0]
    got = sorted(check_collection("claims.geojson", "claims", coll))
    assert got == reference("claims.geojson", "claims", coll)
    assert {p.field for p in got} == {"geometry", "properties.status_outside"}
