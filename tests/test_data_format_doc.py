"""docs/data-format.md against the JSON Schemas, both ways, for every file kind: every
property a schema allows is documented, every documented property is allowed, documented
choices are the schema's enum, and each file's geometry types are the schema's."""

from __future__ import annotations

import re

import pytest

from controlmap.validate.schema import KINDS, geometry_types, load_schema
from tests.conftest import REPO

DOC = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", DOC, flags=re.M | re.S))
GEOJSON_TYPES = ("MultiLineString", "LineString", "MultiPolygon", "Polygon", "MultiPoint",
                 "Point")


def _rows(text: str) -> dict[str, list[str]]:
    """First-column `name` -> the row's cells, for every table row in `text`."""
    out = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            first, *cells = (c.strip() for c in line.strip().strip("|").split("|"))
            out[first.split("`")[1]] = cells
    return out


def _schema_properties(kind: str) -> dict[str, dict[str, object]]:
    props: dict[str, dict[str, object]] = load_schema(kind)["$defs"]["properties"]["properties"]
    return props


def test_every_kind_has_a_section() -> None:
    assert set(KINDS) <= set(SECTIONS), set(KINDS) - set(SECTIONS)


@pytest.mark.parametrize("kind", KINDS)
def test_documented_properties_are_the_schema_properties(kind: str) -> None:
    documented = set(_rows(SECTIONS[kind]))
    allowed = set(_schema_properties(kind))
    assert not allowed - documented, f"## {kind}: undocumented: {sorted(allowed - documented)}"
    assert not documented - allowed, f"## {kind}: not in the schema: {sorted(documented - allowed)}"


@pytest.mark.parametrize("kind", KINDS)
def test_documented_choices_are_the_schema_enums(kind: str) -> None:
    """A type cell that lists `values` lists exactly the schema's (non-null) enum."""
    for name, cells in _rows(SECTIONS[kind]).items():
        enum = _schema_properties(kind)[name].get("enum")
        listed = re.findall(r"`([^`]+)`", cells[0])
        if isinstance(enum, list) and listed:
            assert listed == [str(v) for v in enum if v is not None], (kind, name)
        elif isinstance(enum, list):
            assert cells[0] in ("status",), f"## {kind}: `{name}` should list {enum}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_file_table_gives_each_kind_its_schema_geometry(kind: str) -> None:
    files = [cells for cells in _rows(DOC.split("\n## ", 1)[0]).values() if cells[0] == kind]
    assert len(files) == 1, f"the file table has no single row of kind {kind}"
    cell = files[0][1]
    named = set()
    for t in GEOJSON_TYPES:  # longest names first: MultiPolygon before Polygon
        if t in cell:
            named.add(t)
            cell = cell.replace(t, "")
    assert named == set(geometry_types(kind))
