"""Checks of a data directory: JSON Schema per file kind, then geometry and logic checks.

`check(raw)` returns every Problem found, sorted; it never stops at the first. Each topic
lives in its own module; all of them read the same parsed files and tolerate features the
schema already rejected, so one broken field yields one clear message, not a cascade.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from controlmap.errors import Problem
from controlmap.io.datadir import RawData
from controlmap.validate.citations import check_citations
from controlmap.validate.dates import check_dates
from controlmap.validate.features import collect_items
from controlmap.validate.geometry import check_geometry
from controlmap.validate.hierarchy import check_containment, check_cycles
from controlmap.validate.jsontext import duplicate_keys
from controlmap.validate.references import (
    check_duplicate_claims,
    check_references,
    check_unique_ids,
)
from controlmap.validate.schema import check_schema

__all__ = ["check", "introduced"]


def check(raw: RawData, today: date | None = None) -> list[Problem]:
    """Every problem in the directory, sorted and without repeats."""
    today = today or date.today()
    items = collect_items(raw)
    areas_read = AREAS_FILE in raw.collections
    geometry_problems, shapes = check_geometry(items)
    problems = [
        *raw.problems,
        *_missing_areas(raw),
        *(p for name in sorted(raw.collections) if name in raw.texts
          for p in duplicate_keys(name, raw.texts[name], raw.collections[name],
                                  raw.keys_written.get(name))),
        *check_schema(raw),
        *check_unique_ids(items),
        *check_duplicate_claims(items),
        *check_references(items, areas_read=areas_read),
        *check_cycles(items),
        *check_citations(items),
        *check_dates(items, today),
        *geometry_problems,
        *check_containment(items, shapes),
    ]
    return sorted(set(problems))


def introduced(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """Problems in `after` that `before` did not have (as a multiset), sorted: what a change
    from `before` to `after` would introduce (swap them for what it fixes)."""
    return sorted((Counter(after) - Counter(before)).elements())


AREAS_FILE = "areas.geojson"


def _missing_areas(raw: RawData) -> list[Problem]:
    """A directory without areas.geojson: one line, instead of one per claim naming an area."""
    if AREAS_FILE in raw.hashes or AREAS_FILE in raw.collections:
        return []
    return [Problem(AREAS_FILE, "", "", "missing: the data directory has no areas.geojson, "
                    "and every claim and event names an area in it",
                    "restore it: `git checkout -- geo/areas.geojson`, or `make geo`")]
