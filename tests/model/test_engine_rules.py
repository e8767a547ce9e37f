"""Table tests of the resolution rules on small hand-made data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.errors import UsageError
from controlmap.model.engine import Engine
from tests.model.synthetic import BASE, area, claim, dataset


def on(day: int) -> date:
    return BASE + timedelta(days=day)


# parents: a0 is the city, a1 and a2 its districts, a3 a block of a1.
PARENTS: list[int | None] = [None, 0, 0, 1]


@pytest.mark.parametrize(
    ("claims", "view", "day", "area_id", "status", "claim_id"),
    [
        # a parent claim reaches every descendant
        ([claim(1, 0, 5, "ru", "analyst")], "latest", 6, "a3", "ru", "c001"),
        # a newer child claim wins over the older parent claim
        ([claim(1, 0, 5, "ru", "analyst"), claim(2, 1, 7, "ua", "analyst")],
         "latest", 8, "a3", "ua", "c002"),
        # a newer parent claim wins over the older child claim
        ([claim(1, 0, 9, "ru", "analyst"), claim(2, 1, 7, "ua", "analyst")],
         "latest", 9, "a1", "ru", "c001"),
        # same date: the more specific area wins
        ([claim(1, 0, 5, "ru", "analyst"), claim(2, 1, 5, "ua", "analyst")],
         "latest", 5, "a1", "ua", "c002"),
        # same area, same day, two sides disagree: contested
        ([claim(1, 2, 5, "ru", "ru-official"), claim(2, 2, 5, "ua", "ua-official")],
         "latest", 5, "a2", "contested", "c002"),
        # a claim holds from its own day on, not before
        ([claim(1, 2, 5, "ru", "analyst")], "latest", 4, "a2", "unknown", None),
        # assessed: a non-official claim beats a newer official one
        ([claim(1, 2, 5, "ua", "analyst"), claim(2, 2, 9, "ru", "ru-official")],
         "assessed", 10, "a2", "ua", "c001"),
        # assessed: officials count where nobody else said anything
        ([claim(1, 2, 5, "ua", "analyst"), claim(2, 1, 9, "ru", "ru-official")],
         "assessed", 10, "a1", "ru", "c002"),
        # a claimant view sees only its own claims
        ([claim(1, 2, 5, "ua", "ua-official"), claim(2, 2, 6, "ru", "ru-official")],
         "claimant:ua-official", 10, "a2", "ua", "c001"),
        # disputed: the claimants' own views differ
        ([claim(1, 2, 5, "ua", "ua-official"), claim(2, 0, 6, "ru", "ru-official")],
         "disputed", 10, "a2", "disputed", "c002"),
        # disputed: agreement shows the agreed status
        ([claim(1, 2, 5, "ua", "ua-official"), claim(2, 2, 6, "ua", "analyst")],
         "disputed", 10, "a2", "ua", "c002"),
    ],
)
def test_rules(claims: list, view: str, day: int, area_id: str, status: str,
               claim_id: str | None) -> None:
    got = Engine(dataset(PARENTS, claims)).state(on(day), view).areas[area_id]
    assert (got.status, got.claim) == (status, claim_id)


def test_known_at_hides_claims_published_later() -> None:
    claims = [claim(1, 2, 5, "ua", "analyst", pub=6), claim(2, 2, 8, "ru", "analyst", pub=20)]
    eng = Engine(dataset(PARENTS, claims))
    assert eng.state(on(10), "latest").areas["a2"].status == "ru"
    assert eng.state(on(10), "latest", known_at=on(12)).areas["a2"].status == "ua"
    assert eng.state(on(10), "latest", known_at=on(5)).areas["a2"].status == "unknown"


def test_partial_dates_order_by_first_day_and_show_as_written() -> None:
    c = replace(claim(1, 0, 0, "ua", "media"), date=PartialDate.parse("2025-02"))
    eng = Engine(dataset(PARENTS, [c]))
    assert eng.state(date(2025, 1, 31), "latest").areas["a0"].status == "unknown"
    got = eng.state(date(2025, 2, 1), "latest").areas["a3"]
    assert (got.status, str(got.since), got.via, got.age_days) == ("ua", "2025-02", "a0", 0)


def test_staleness_age_and_via() -> None:
    eng = Engine(dataset(PARENTS, [claim(1, 1, 5, "ru", "analyst")]))
    got = eng.state(on(47), "latest").areas["a3"]
    assert (got.age_days, got.via, got.since) == (42, "a1", PartialDate.of(on(5)))


def test_history_lists_every_change_with_previous_status() -> None:
    claims = [claim(1, 0, 5, "ru", "analyst"), claim(2, 1, 7, "contested", "analyst"),
              claim(3, 1, 9, "ua", "analyst"), claim(4, 2, 10, "ua", "analyst")]
    hist = Engine(dataset(PARENTS, claims)).history("a3", "latest")
    assert [(h.date, h.previous, h.status, h.claim) for h in hist] == [
        (on(5), "unknown", "ru", "c001"),
        (on(7), "ru", "contested", "c002"),
        (on(9), "contested", "ua", "c003"),
    ]


def test_diff_and_km2_are_equal_area_and_never_double_count() -> None:
    claims = [claim(1, 0, 5, "ru", "analyst"), claim(2, 2, 9, "ua", "analyst")]
    eng = Engine(dataset(PARENTS, claims))
    diffs = eng.diff(on(6), on(10), "latest")
    assert [(d.area, d.before, d.after) for d in diffs] == [("a2", "ru", "ua")]
    # a2 is a 0.008° box at 49.6° N: about 0.576 km x 0.889 km
    assert diffs[0].km2 == pytest.approx(0.51, rel=0.05)
    total = sum(eng.area_km2.values())
    km2 = eng.km2_by_status(on(10), "latest")
    assert sum(km2.values()) == pytest.approx(total, abs=1e-3)


def test_geometry_claims_resolve_by_overlap_share() -> None:
    parents: list[int | None] = [None, None, None]
    ds = dataset(parents, [])
    boxes = [ds.areas[f"a{i}"].geometry.bounds for i in range(3)]
    # covers all of a0, a fifth of a1, none of a2
    x0, y0, x1, y1 = boxes[0]
    bx0, _, bx1, _ = boxes[1]
    poly = box(x0 - 0.001, y0 - 0.001, bx0 + (bx1 - bx0) * 0.2, y1 + 0.001)
    front = replace(claim(1, 0, 3, "ru", "osint-map"), area=None, geometry=poly,
                    status_outside="ua")
    eng = Engine(dataset(parents, [front]))
    got = eng.state(on(4), "latest").areas
    assert [got[a].status for a in ("a0", "a1", "a2")] == ["ru", "contested", "ua"]
    assert eng.geometry_claims == [front]


@pytest.mark.parametrize("bad", ["nosuch", "claimant:nobody", ""])
def test_unknown_view_is_a_usage_error(bad: str) -> None:
    eng = Engine(dataset(PARENTS, [claim(1, 0, 5, "ru", "analyst")]))
    with pytest.raises(UsageError, match="unknown view"):
        eng.state(on(5), bad)


def test_unknown_area_is_a_usage_error() -> None:
    eng = Engine(dataset(PARENTS, [claim(1, 0, 5, "ru", "analyst")]))
    with pytest.raises(UsageError, match="unknown area 'zz'"):
        eng.history("zz")


def test_bare_claimant_names_a_view() -> None:
    eng = Engine(dataset(PARENTS, [claim(1, 0, 5, "ru", "ru-official")]))
    assert eng.view("ru-official") == "claimant:ru-official"
    assert area(0, None).approximate
