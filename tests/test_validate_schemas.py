"""The shipped JSON Schemas: valid draft 2020-12, one per file kind, and their enums and
patterns those of controlmap.vocabulary and controlmap.dates (validate/schema_vocab.py).

The validator fills them in from Python as it loads a schema; these tests fail when the copy
written in a schema file drifts, or when a new enum appears that no one list owns.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from controlmap import vocabulary as vocab
from controlmap.dates import DAY_FORM, PARTIAL_DATE_FORM, PartialDate
from controlmap.validate.schema import (
    KINDS,
    geometry_types,
    load_schema,
    schema_file,
)
from controlmap.validate.schema_vocab import ENUMS, PATTERNS, differences, from_vocabulary


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = load_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_files_say_what_the_vocabulary_says(kind: str) -> None:
    assert differences(kind, schema_file(kind)) == []
    assert load_schema(kind) == schema_file(kind)


def test_a_drifted_file_is_named_and_overridden() -> None:
    drifted = schema_file("claims")
    drifted["$defs"]["properties"]["properties"]["status"]["enum"] = ["ua", "ru"]
    assert differences("claims", drifted) == [
        "claims.status: enum ['ua', 'ru'] in the schema file, "
        f"{list(vocab.STATUSES)!r} from the vocabulary (write that in schemas/claims.json)"]
    fixed = from_vocabulary("claims", drifted)
    assert fixed["$defs"]["properties"]["properties"]["status"]["enum"] == list(vocab.STATUSES)


@pytest.mark.parametrize(("kind", "prop"), sorted(ENUMS),
                         ids=[f"{k}.{p}" for k, p in sorted(ENUMS)])
def test_every_owned_enum_exists_in_its_schema(kind: str, prop: str) -> None:
    assert load_schema(kind)["$defs"]["properties"]["properties"][prop]["enum"] == list(
        ENUMS[kind, prop])


def test_every_enum_of_every_schema_is_owned() -> None:
    """A new enum in a schema must come from the vocabulary or be a reference-layer detail."""
    reference_only = {("towns", "country"), ("towns", "rank"), ("waterways", "kind"),
                      ("context", "kind")}
    for kind in KINDS:
        props = load_schema(kind)["$defs"]["properties"]["properties"]
        enums = {(kind, p) for p, s in props.items() if "enum" in s}
        assert enums <= set(ENUMS) | reference_only, enums - set(ENUMS) - reference_only


def test_every_pattern_of_every_schema_is_owned() -> None:
    """Patterns are the date and slug forms, or a URL form that only the schema states."""
    for kind in KINDS:
        props = load_schema(kind)["$defs"]["properties"]["properties"]
        for name, spec in props.items():
            if "pattern" in spec and name not in ("source_url", "source_url_alt"):
                assert spec["pattern"] == PATTERNS[name], (kind, name)


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from([4, 7, 10]))
def test_the_schema_pattern_and_the_parser_agree_on_written_dates(day: date, n: int) -> None:
    text = day.isoformat()[:n]
    assert PARTIAL_DATE_FORM.search(text) and PartialDate.parse(text).text == text
    assert bool(DAY_FORM.search(text)) == (n == 10)


@given(st.text(max_size=12))
def test_the_parser_reads_exactly_what_the_form_admits(text: str) -> None:
    """Anything the parser reads is in the schema's form; non-ASCII digits are neither."""
    try:
        PartialDate.parse(text)
    except ValueError:
        return
    assert PARTIAL_DATE_FORM.fullmatch(text) and text.isascii()


@pytest.mark.parametrize(("kind", "types"), [
    ("areas", ["Polygon", "MultiPolygon"]),
    ("claims", ["Polygon", "MultiPolygon"]),
    ("events", ["Point"]),
    ("towns", ["Point"]),
    ("waterways", ["LineString", "MultiLineString", "Polygon", "MultiPolygon"]),
    ("context", ["Polygon", "MultiPolygon", "LineString", "MultiLineString"]),
])
def test_geometry_types_follow_the_data_format(kind: str, types: list[str]) -> None:
    assert geometry_types(kind) == types


def test_slug_pattern_is_the_documented_one() -> None:
    for kind in KINDS:
        assert load_schema(kind)["$defs"]["properties"]["properties"]["id"]["pattern"] == (
            "^[a-z0-9][a-z0-9-]*$")
