"""`last_confirmed` (last day a daily series still showed a claim's status): on or after the
claim's date, not after today, a real day; one line each naming file, feature and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from controlmap.io.datadir import read_data_dir
from controlmap.validate import check
from tests.test_validate import data_dir, edit, set_props  # noqa: F401  (fixture re-used)

TODAY = date(2026, 11, 30)

# (case, properties set on the first claim, expected field, piece of the line or None)
CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("same day as date", {"date": "2025-01-20", "last_confirmed": "2025-01-20"}, None),
    ("later than date", {"date": "2025-01-20", "last_confirmed": "2026-08-22"}, None),
    ("inside a partial date's span", {"date": "2025-11", "last_confirmed": "2025-11-15",
                                      "published": "2025-11-30"}, None),
    ("today", {"date": "2025-01-20", "last_confirmed": "2026-11-30"}, None),
    ("before date", {"date": "2025-01-20", "last_confirmed": "2025-01-19"},
     "last_confirmed 2025-01-19 is before date 2025-01-20"),
    ("before a partial date's span", {"date": "2025-11", "last_confirmed": "2025-10-31",
                                      "published": "2025-11-30"},
     "last_confirmed 2025-10-31 is before date 2025-11"),
    ("after today", {"date": "2025-01-20", "last_confirmed": "2026-12-01"},
     "last_confirmed 2026-12-01 is after today (2026-11-30)"),
    ("not a real day", {"date": "2025-01-20", "last_confirmed": "2025-02-30"},
     "last_confirmed '2025-02-30' is not a real date"),
]


@pytest.mark.parametrize(("props", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_last_confirmed_is_checked(data_dir: Path, props: dict[str, Any],  # noqa: F811
                                   expected: str | None) -> None:
    before = check(read_data_dir(data_dir), today=TODAY)
    fid = edit(data_dir, "claims", lambda p: True,
               set_props(**{"published": "2026-11-30", **props}))
    new = [p for p in check(read_data_dir(data_dir), today=TODAY) if p not in before]
    if expected is None:
        assert new == []
        return
    assert len(new) == 1, "\n".join(map(str, new))
    (problem,) = new
    assert (problem.file, problem.feature, problem.field) == (
        "claims.geojson", fid, "properties.last_confirmed")
    assert expected in str(problem)
    assert "\n" not in str(problem)


def test_events_have_no_last_confirmed(data_dir: Path) -> None:  # noqa: F811
    """The schema keeps it off events (a series confirms claims, not happenings)."""
    edit(data_dir, "events", lambda p: True, set_props(last_confirmed="2026-01-01"))
    problems = check(read_data_dir(data_dir), today=TODAY)
    assert any(p.file == "events.geojson" and "last_confirmed" in str(p) for p in problems)
