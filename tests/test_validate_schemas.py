"""The shipped JSON Schemas: valid draft 2020-12, one per file kind, enums = controlmap.vocabulary.

The vocabulary module is the one list; these tests fail when a schema drifts from it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from controlmap import vocabulary as vocab
from controlmap.validate.schema import KINDS, geometry_types, load_schema, property_names

STATUSES = list(vocab.STATUSES)
ENUMS: list[tuple[str, str, list[Any]]] = [
    ("claims", "status", STATUSES),
    ("claims", "status_outside", [*STATUSES, None]),
    ("claims", "claimant", list(vocab.CLAIMANTS)),
    ("claims", "confidence", [*vocab.CONFIDENCE, None]),
    ("events", "claimant", list(vocab.CLAIMANTS)),
    ("events", "confidence", [*vocab.CONFIDENCE, None]),
    ("areas", "kind", list(vocab.AREA_KINDS)),
    ("areas", "bank", [*vocab.BANKS, None]),
]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = load_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("kind", "prop", "expected"), ENUMS,
                         ids=[f"{k}.{p}" for k, p, _ in ENUMS])
def test_enums_match_the_vocabulary(kind: str, prop: str, expected: list[Any]) -> None:
    assert load_schema(kind)["$defs"]["properties"]["properties"][prop]["enum"] == expected


def test_every_enum_of_every_schema_is_covered() -> None:
    """A new enum in a schema must either be listed above or be a reference-layer detail."""
    reference_only = {("towns", "country"), ("towns", "rank"), ("waterways", "kind"),
                      ("context", "kind")}
    covered = {(k, p) for k, p, _ in ENUMS}
    for kind in KINDS:
        props = load_schema(kind)["$defs"]["properties"]["properties"]
        enums = {(kind, p) for p, s in props.items() if "enum" in s}
        assert enums <= covered | reference_only, enums - covered - reference_only


@pytest.mark.parametrize(("kind", "types"), [
    ("areas", ["Polygon", "MultiPolygon"]),
    ("claims", ["Polygon", "MultiPolygon"]),
    ("events", ["Point"]),
    ("towns", ["Point"]),
    ("waterways", ["LineString", "MultiLineString", "Polygon", "MultiPolygon"]),
    ("context", ["Polygon", "MultiPolygon"]),
])
def test_geometry_types_follow_the_data_format(kind: str, types: list[str]) -> None:
    assert geometry_types(kind) == types


def test_slug_pattern_is_the_documented_one() -> None:
    for kind in KINDS:
        assert load_schema(kind)["$defs"]["properties"]["properties"]["id"]["pattern"] == (
            "^[a-z0-9][a-z0-9-]*$")


def test_documented_properties_are_in_the_schemas() -> None:
    """Every property named in docs/data-format.md's tables is allowed by its kind's schema."""
    from tests.conftest import REPO

    doc = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", doc, flags=re.M | re.S))
    for section, kind in [("areas", "areas"), ("claims", "claims")]:
        names = re.findall(r"^\| `(\w+)` \|", sections[section], flags=re.M)
        assert names, section
        assert set(names) <= set(property_names(kind)), set(names) - set(property_names(kind))
