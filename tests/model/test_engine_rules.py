"""Table tests of the resolution rules on small hand-made data."""

from __future__ import annotations

from dataclasses import replace

import pytest
from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.errors import UsageError
from controlmap.model.engine import Engine
from controlmap.model.records import Claim
from tests.model.reference import resolve
from tests.model.synthetic import area, claim, dataset, on

# parents: a0 is the city, a1 and a2 its districts, a3 a block of a1.
PARENTS: list[int | None] = [None, 0, 0, 1]
H = 10  # staleness horizon of these tables, in days
C = claim  # (n, area, day, status, claimant, pub, *, precision, lc) -> claim c{n:03d}


def month(n: int, area_i: int, day: int, status: str, claimant: str) -> Claim:
    """A claim dated only by month: day 0 is 2025-01-20, so `2025-01` ends on day 11."""
    return claim(n, area_i, day, status, claimant, precision="month")


RULE_CASES = [
    # -- hierarchy (rule 3) and ties (rule 4) --
    ("a parent claim reaches every descendant",
     [C(1, 0, 5, "ru", "analyst")], "latest", 6, "a3", "ru", "c001", "newest"),
    ("a newer child claim wins over the older parent claim",
     [C(1, 0, 5, "ru", "analyst"), C(2, 1, 7, "ua", "analyst")],
     "latest", 8, "a3", "ua", "c002", "newest"),
    ("a newer parent claim wins over the older child claim",
     [C(1, 0, 9, "ru", "analyst"), C(2, 1, 7, "ua", "analyst")],
     "latest", 9, "a1", "ru", "c001", "newest"),
    ("same date: the more specific area wins",
     [C(1, 0, 5, "ru", "analyst"), C(2, 1, 5, "ua", "analyst")],
     "latest", 5, "a1", "ua", "c002", "newest"),
    ("one claimant disagreeing with itself on a day: contested",
     [C(1, 2, 5, "ru", "analyst"), C(2, 2, 5, "ua", "analyst")],
     "claimant:analyst", 5, "a2", "contested", "c002", "claimant"),
    ("latest: two claimants disagreeing on a day is disputed, not fighting",
     [C(1, 2, 5, "ru", "ru-official"), C(2, 2, 5, "ua", "ua-official")],
     "latest", 5, "a2", "disputed", "c002", "split"),
    ("latest: a same-day disagreement about the city reaches its parts",
     [C(1, 2, 2, "ua", "analyst"), C(3, 0, 5, "ru", "ru-official"),
      C(4, 0, 5, "ua", "ua-official")], "latest", 6, "a2", "disputed", "c004", "split"),
    ("latest: two claimants agreeing on a day stand as one",
     [C(1, 2, 5, "ua", "analyst"), C(2, 2, 5, "ua", "media")],
     "latest", 5, "a2", "ua", "c002", "newest"),
    ("a claim holds from its own day on, not before",
     [C(1, 2, 5, "ru", "analyst")], "latest", 4, "a2", "unknown", None, "none"),
    # -- a contested claim about a whole (rule 3) --
    ("a contested parent spares a child's own claim of the same day",
     [C(1, 0, 5, "contested", "ua-official"), C(2, 1, 5, "ua", "ua-official")],
     "claimant:ua-official", 8, "a1", "ua", "c002", "claimant"),
    ("a contested parent spares a child's older claim while it is fresh",
     [C(1, 1, 3, "ua", "ua-official"), C(2, 0, 5, "contested", "ua-official")],
     "claimant:ua-official", 8, "a1", "ua", "c001", "claimant"),
    ("...and the child's block with nothing of its own follows the child",
     [C(1, 1, 3, "ua", "ua-official"), C(2, 0, 5, "contested", "ua-official")],
     "claimant:ua-official", 8, "a3", "ua", "c001", "claimant"),
    ("...while a district with nothing of its own inherits the fighting",
     [C(1, 1, 3, "ua", "ua-official"), C(2, 0, 5, "contested", "ua-official")],
     "claimant:ua-official", 8, "a2", "contested", "c002", "claimant"),
    ("a contested parent replaces a child's own claim once that is stale",
     [C(1, 1, 3, "ua", "ua-official"), C(2, 0, 20, "contested", "ua-official")],
     "claimant:ua-official", 20, "a1", "contested", "c002", "claimant"),
    ("a one-sided parent claim still replaces a child's older fresh claim",
     [C(1, 1, 3, "ua", "ua-official"), C(2, 0, 5, "ru", "ua-official")],
     "claimant:ua-official", 8, "a1", "ru", "c002", "claimant"),
    # -- partial dates (rule 1) --
    ("a month-dated claim does not act before its month ends",
     [month(1, 0, 0, "ua", "media")], "latest", 10, "a0", "unknown", None, "none"),
    ("...and acts on the last day of its month",
     [month(1, 0, 0, "ua", "media")], "latest", 11, "a3", "ua", "c001", "newest"),
    ("...or on the first day a day-precise claim of its span says the same",
     [month(1, 0, 0, "ua", "media"), C(2, 0, 3, "ua", "ua-official")],
     "claimant:media", 3, "a0", "ua", "c001", "claimant"),
    ("...but not on a precise claim of another status",
     [month(1, 0, 0, "ua", "media"), C(2, 0, 3, "ru", "ua-official")],
     "claimant:media", 5, "a0", "unknown", None, "none"),
    ("...nor on a precise claim about a part of its area",
     [month(1, 0, 0, "ua", "media"), C(2, 1, 3, "ua", "ua-official")],
     "claimant:media", 5, "a0", "unknown", None, "none"),
    ("a partial city claim does not override a district's claim before it acts",
     [month(1, 0, 0, "ua", "media"), C(2, 1, 5, "ru", "media")],
     "latest", 8, "a1", "ru", "c002", "newest"),
    ("...and does once it acts (its effective day is newer)",
     [month(1, 0, 0, "ua", "media"), C(2, 1, 5, "ru", "media")],
     "latest", 11, "a1", "ua", "c001", "newest"),
    # -- assessed (rule 5) --
    ("assessed: a fresh independent claim beats a newer official one",
     [C(1, 2, 5, "ua", "analyst"), C(2, 2, 9, "ru", "ru-official")],
     "assessed", 10, "a2", "ua", "c001", "independent"),
    ("assessed: a stale independent claim yields to a fresh official one",
     [C(1, 2, 0, "ua", "analyst"), C(2, 2, 9, "ru", "ru-official")],
     "assessed", 15, "a2", "ru", "c002", "one-side"),
    ("assessed: officials count where nobody else said anything",
     [C(1, 2, 5, "ua", "analyst"), C(2, 1, 9, "ru", "ru-official")],
     "assessed", 10, "a1", "ru", "c002", "one-side"),
    ("assessed: both sides' fresh officials agree",
     [C(1, 2, 0, "ru", "analyst"), C(2, 2, 8, "contested", "ru-official"),
      C(3, 2, 9, "contested", "ua-official")],
     "assessed", 15, "a2", "contested", "c003", "officials-agree"),
    ("assessed: both sides' fresh officials disagree: contested",
     [C(1, 2, 8, "ru", "ru-official"), C(2, 2, 9, "ua", "ua-official")],
     "assessed", 15, "a2", "contested", "c002", "officials-disagree"),
    ("assessed: one side's officials stale, the other's fresh",
     [C(1, 2, 0, "ua", "ua-official"), C(2, 2, 12, "ru", "ru-official")],
     "assessed", 15, "a2", "ru", "c002", "one-side"),
    ("assessed: nothing fresh, independents at least as new: last known",
     [C(1, 2, 5, "ua", "analyst"), C(2, 2, 5, "ru", "ru-official")],
     "assessed", 30, "a2", "ua", "c001", "last-known"),
    ("assessed: nothing fresh, officials newer: last known",
     [C(1, 2, 2, "ua", "analyst"), C(2, 2, 5, "ru", "ru-official")],
     "assessed", 30, "a2", "ru", "c002", "last-known"),
    ("assessed: nothing fresh, the two sides last spoke the same day and differ",
     [C(1, 2, 5, "ru", "ru-official"), C(2, 2, 5, "ua", "ua-official")],
     "assessed", 30, "a2", "contested", "c002", "last-known"),
    ("assessed: an independent source still confirming beats a stale newer one",
     [C(1, 2, 0, "ru", "osint-map", lc=14), C(2, 2, 3, "ua", "analyst"),
      C(3, 2, 9, "ua", "ua-official")], "assessed", 15, "a2", "ru", "c001", "independent"),
    ("assessed: nothing fresh, a series last reported after a newer one-off statement",
     [C(1, 2, 0, "ua", "osint-map", lc=14), C(2, 2, 3, "ru", "analyst"),
      C(3, 2, 5, "contested", "ua-official")], "assessed", 40, "a2", "ua", "c001", "last-known"),
    ("assessed: nothing fresh, a part keeps its own claim reported after the fighting claim",
     [C(1, 1, 3, "ua", "osint-map", lc=8), C(2, 0, 5, "contested", "osint-map")],
     "assessed", 30, "a1", "ua", "c001", "last-known"),
    ("assessed: nothing fresh, an official's claim confirmed later but hidden by its newer one",
     [C(1, 2, 0, "ua", "ru-official", lc=20), C(2, 2, 5, "ru", "ru-official")],
     "assessed", 40, "a2", "ru", "c002", "last-known"),
    ("assessed: no claim at all", [C(1, 2, 5, "ru", "analyst")],
     "assessed", 10, "a1", "unknown", None, "none"),
    # -- claimant views --
    ("a claimant view sees only its own claims",
     [C(1, 2, 5, "ua", "ua-official"), C(2, 2, 6, "ru", "ru-official")],
     "claimant:ua-official", 10, "a2", "ua", "c001", "claimant"),
    # -- disputed (rule 6) --
    ("disputed: the claimants' fresh positions differ",
     [C(1, 2, 5, "ua", "ua-official"), C(2, 0, 6, "ru", "ru-official")],
     "disputed", 10, "a2", "disputed", "c002", "differ"),
    ("disputed: agreement shows the agreed status",
     [C(1, 2, 5, "ua", "ua-official"), C(2, 2, 6, "ua", "analyst")],
     "disputed", 10, "a2", "ua", "c002", "agree"),
    ("disputed: a stale position decides nothing",
     [C(1, 2, 0, "ru", "ru-official"), C(2, 2, 8, "ua", "ua-official")],
     "disputed", 15, "a2", "ua", "c002", "agree"),
    ("disputed: only stale positions: the newest of them, stale",
     [C(1, 2, 0, "ru", "ru-official"), C(2, 2, 2, "ua", "ua-official")],
     "disputed", 30, "a2", "ua", "c002", "last-known"),
    ("disputed: positions that differed when last fresh stay disputed, stale",
     [C(1, 2, 2, "ru", "ru-official"), C(2, 2, 2, "ua", "ua-official")],
     "disputed", 30, "a2", "disputed", "c002", "last-known"),
]


@pytest.mark.parametrize(
    ("claims", "view", "day", "area_id", "status", "claim_id", "rule"),
    [pytest.param(*case[1:], id=case[0]) for case in RULE_CASES],
)
def test_rules(claims: list, view: str, day: int, area_id: str, status: str,
               claim_id: str | None, rule: str) -> None:
    eng = Engine(dataset(PARENTS, claims), horizon_days=H)
    got = eng.state(on(day), view).areas[area_id]
    assert (got.status, got.claim, got.rule) == (status, claim_id, rule)
    want = resolve(eng.dataset, area_id, view, on(day), None, H)
    assert (want.status, want.claim_id, want.rule) == (status, claim_id, rule)


def test_known_at_hides_claims_published_later() -> None:
    claims = [claim(1, 2, 5, "ua", "analyst", pub=6), claim(2, 2, 8, "ru", "analyst", pub=20)]
    eng = Engine(dataset(PARENTS, claims))
    assert eng.state(on(10), "latest").areas["a2"].status == "ru"
    assert eng.state(on(10), "latest", known_at=on(12)).areas["a2"].status == "ua"
    assert eng.state(on(10), "latest", known_at=on(5)).areas["a2"].status == "unknown"


def test_a_precise_claim_not_yet_known_does_not_bring_a_partial_date_forward() -> None:
    claims = [month(1, 0, 0, "ua", "media"), claim(2, 0, 3, "ua", "ua-official", pub=20)]
    eng = Engine(dataset(PARENTS, claims))
    view = "claimant:media"
    assert eng.state(on(5), view, known_at=on(10)).areas["a0"].status == "unknown"
    assert eng.state(on(11), view, known_at=on(10)).areas["a0"].status == "ua"
    assert eng.state(on(5), view, known_at=on(20)).areas["a0"].status == "ua"


def test_a_partial_date_shows_as_written_and_ages_from_its_effective_day() -> None:
    eng = Engine(dataset(PARENTS, [month(1, 0, 0, "ua", "media")]))
    got = eng.state(on(15), "latest").areas["a3"]
    assert (got.status, str(got.since), got.via) == ("ua", "2025-01", "a0")
    assert (got.last_reported, got.age_days) == (on(11), 4)


@pytest.mark.parametrize(
    ("lc", "day", "known", "reported", "age", "stale"),
    [
        (None, 20, None, 5, 15, True),   # no confirmation: reported on its own day
        (None, 15, None, 5, 10, False),  # exactly the horizon old: still fresh
        (18, 12, None, 12, 0, False),    # confirmed daily: reported today
        (18, 20, None, 18, 2, False),    # last confirmed two days ago
        (18, 40, None, 18, 22, True),    # confirmations stopped long ago
        (18, 20, 14, 14, 6, False),      # as known at K: confirmed up to K
    ],
)
def test_freshness_counts_from_the_last_confirmation(
    lc: int | None, day: int, known: int | None, reported: int, age: int, stale: bool
) -> None:
    eng = Engine(dataset(PARENTS, [claim(1, 1, 5, "ru", "osint-map", lc=lc)]), horizon_days=H)
    st = eng.state(on(day), "latest", None if known is None else on(known))
    got = st.areas["a3"]
    assert (got.last_reported, got.age_days, got.stale) == (on(reported), age, stale)
    assert (got.since, got.via) == (PartialDate.of(on(5)), "a1")
    assert st.latest_claim == on(reported) and st.horizon_days == H


def test_stale_positions_are_listed() -> None:
    claims = [claim(1, 2, 0, "ru", "ru-official"), claim(2, 2, 8, "ua", "ua-official")]
    got = Engine(dataset(PARENTS, claims), H).state(on(15), "disputed").areas["a2"]
    assert got.positions == {"ru-official": "ru", "ua-official": "ua"}
    assert got.stale_positions == ("ru-official",)


@pytest.mark.parametrize(("view", "also"), [
    ("assessed", ("c001",)),              # officials disagree: the other side's claim
    ("disputed", ("c001",)),              # positions differ: the other position's claim
    ("latest", ("c001",)),                # split: the other claim of the day
])
def test_a_disagreement_lists_the_other_claims(view: str, also: tuple[str, ...]) -> None:
    claims = [claim(1, 2, 9, "ru", "ru-official"), claim(2, 2, 9, "ua", "ua-official")]
    got = Engine(dataset(PARENTS, claims), H).state(on(10), view).areas["a2"]
    assert (got.claim, got.also) == ("c002", also)


def test_latest_claim_is_the_newest_report_the_view_used() -> None:
    claims = [claim(1, 1, 2, "ru", "analyst"), claim(2, 2, 6, "ua", "osint-map", lc=9)]
    st = Engine(dataset(PARENTS, claims), H).state(on(20), "latest")
    assert st.latest_claim == on(9)
    assert Engine(dataset(PARENTS, [])).state(on(20), "latest").latest_claim is None


def test_a_negative_horizon_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="horizon"):
        Engine(dataset(PARENTS, []), horizon_days=-1)


def test_history_lists_every_change_with_previous_status() -> None:
    claims = [claim(1, 0, 5, "ru", "analyst"), claim(2, 1, 7, "contested", "analyst"),
              claim(3, 1, 9, "ua", "analyst"), claim(4, 2, 10, "ua", "analyst")]
    hist = Engine(dataset(PARENTS, claims)).history("a3", "latest")
    assert [(h.date, h.previous, h.status, h.claim) for h in hist] == [
        (on(5), "unknown", "ru", "c001"),
        (on(7), "ru", "contested", "c002"),
        (on(9), "contested", "ua", "c003"),
        (on(9 + 61), "ua", "ua", "c003"),  # 61 days on: stale (the default horizon is 60)
    ]
    assert [h.stale for h in hist] == [False, False, False, True]


def test_history_has_a_row_for_the_day_an_area_goes_stale() -> None:
    claims = [claim(1, 0, 5, "ru", "ru-official"), claim(2, 2, 8, "ua", "analyst")]
    hist = Engine(dataset(PARENTS, claims), H).history("a2", "assessed")
    assert [(h.date, h.previous, h.status, h.claim, h.rule, h.stale, h.last_reported)
            for h in hist] == [
        (on(5), "unknown", "ru", "c001", "one-side", False, on(5)),
        (on(8), "ru", "ua", "c002", "independent", False, on(8)),
        (on(19), "ua", "ua", "c002", "last-known", True, on(8)),
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
