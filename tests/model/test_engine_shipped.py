"""The engine on the shipped Kupiansk claims: what a reader of the reporting expects."""

from __future__ import annotations

from datetime import date

import pytest

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.model.history import changes
from tests.conftest import GEO


@pytest.fixture(scope="module")
def eng() -> Engine:
    return Engine(load_dataset(GEO))


@pytest.mark.parametrize(
    ("day", "view", "area", "status"),
    [
        # Gerasimov and Putin said the city was taken; Kyiv denied it
        ("2025-12-01", "claimant:ru-official", "kupiansk", "ru"),
        ("2025-12-01", "claimant:ua-official", "kupiansk", "ua"),
        ("2025-12-01", "disputed", "kupiansk", "disputed"),
        # the analysts interviewed in mid-January 2026
        ("2026-01-20", "assessed", "kupiansk-vuzlovyi", "ua"),
        # ...who disagreed about the city on the same day: contested
        ("2026-01-20", "claimant:analyst", "kupiansk", "contested"),
        # Russia's MoD claimed Kupiansk-Vuzlovyi on 2026-01-27; DeepStateMap refuted it
        ("2026-01-28", "claimant:ru-official", "kupiansk-vuzlovyi", "ru"),
        ("2026-01-28", "claimant:osint-map", "kupiansk-vuzlovyi", "ua"),
        ("2026-01-28", "disputed", "kupiansk-vuzlovyi", "disputed"),
        # the Dvorichna bridgehead: taken per Russia's MoD in January 2025
        ("2025-02-01", "claimant:ru-official", "dvorichna", "ru"),
        # the 2022 counteroffensive: Ukrainian troops in the centre on 2022-09-10
        ("2022-09-11", "latest", "kupiansk-right-centre", "ua"),
        # before the invasion nobody here claims anything
        ("2022-01-01", "assessed", "kupiansk", "unknown"),
    ],
)
def test_shipped_claims(eng: Engine, day: str, view: str, area: str, status: str) -> None:
    got = eng.state(date.fromisoformat(day), view).areas[area]
    assert got.status == status, got


def test_same_day_disagreement_lists_the_other_claims(eng: Engine) -> None:
    got = eng.state(date(2026, 1, 20), "claimant:analyst").areas["kupiansk"]
    assert got.status == "contested"
    assert got.also and got.claim not in got.also


def test_right_bank_north_is_contested_in_the_november_fighting(eng: Engine) -> None:
    got = eng.state(date(2025, 11, 21), "claimant:ua-official").areas["kupiansk-right-north"]
    assert got.status == "contested"
    assert got.via is None


def test_every_area_inherits_the_2022_city_claims(eng: Engine) -> None:
    st = eng.state(date(2022, 3, 1), "latest")
    for area in ("kupiansk-right-north", "kupiansk-left-bank", "podoly"):
        assert st.areas[area].status == "ru"
        assert st.areas[area].via == "kupiansk"


def test_known_at_before_the_analysts_spoke(eng: Engine) -> None:
    now = eng.state(date(2026, 1, 20), "claimant:analyst").areas["kupiansk-vuzlovyi"]
    before = eng.state(date(2026, 1, 20), "claimant:analyst", date(2026, 1, 18))
    assert now.status == "ua"
    assert before.areas["kupiansk-vuzlovyi"].status == "unknown"


def test_change_dates_include_the_big_claims(eng: Engine) -> None:
    days = eng.change_dates("claimant:ru-official")
    assert date(2025, 11, 20) in days
    assert date(2026, 1, 27) in days
    assert days == sorted(days)


def test_history_of_the_city_in_the_latest_view(eng: Engine) -> None:
    hist = eng.history("kupiansk", "claimant:ru-official")
    # Moscow's first word on the city (2025-09-03) claimed half of it: contested; then "ru".
    assert [h.status for h in hist][:1] == ["contested"] and "ru" in [h.status for h in hist]
    assert all(h.claimant == "ru-official" for h in hist)


def test_km2_are_plausible(eng: Engine) -> None:
    assert 3 < eng.area_km2["kupiansk-vuzlovyi"] < 5.5
    total = sum(eng.km2_by_status(date(2026, 1, 20), "assessed").values())
    assert total == pytest.approx(sum(eng.area_km2.values()), abs=0.01)


@pytest.mark.parametrize(
    ("day", "area", "status"),
    [
        # the `2022-09` city claim is certain only at the end of September: before that the
        # centre is Ukrainian from 09-10 (its own day-precise claim), the rest still Russian
        ("2022-09-05", "kupiansk-right-centre", "ru"),
        ("2022-09-20", "kupiansk-left-bank", "ru"),
        ("2022-09-20", "kupiansk", "ru"),
        ("2022-09-30", "kupiansk", "ua"),
    ],
)
def test_a_month_dated_claim_waits_for_its_span(eng: Engine, day: str, area: str,
                                                status: str) -> None:
    got = eng.state(date.fromisoformat(day), "latest").areas[area]
    assert got.status == status, got
    if day == "2022-09-30":
        assert str(got.since) == "2022-09"


def test_a_same_day_disagreement_of_the_two_sides_is_disputed_in_latest(eng: Engine) -> None:
    got = eng.state(date(2025, 11, 20), "latest").areas["kupiansk"]
    assert (got.status, got.rule) == ("disputed", "split")
    assert got.also


def test_a_contested_city_spares_a_districts_own_fresh_claim(eng: Engine) -> None:
    """Kyiv called the city contested on 2025-12-12; its own recent word on the northern
    district stands (issue 10: the breakthrough must not read as a loss)."""
    st = eng.state(date(2025, 12, 13), "claimant:ua-official")
    assert st.areas["kupiansk"].status == "contested"
    north = st.areas["kupiansk-right-north"]
    assert north.via is None and north.claim != st.areas["kupiansk"].claim


def test_long_after_the_last_report_everything_is_stale(eng: Engine) -> None:
    day = date(2026, 11, 30)
    st = eng.state(day, "assessed")
    assert st.latest_claim is not None and (day - st.latest_claim).days > st.horizon_days
    for r in st.areas.values():
        assert r.claim is None or (r.stale and r.rule == "last-known"), r
    # Dvorichna is not disputed for good on the strength of old statements
    dv = eng.state(day, "disputed").areas["dvorichna"]
    assert (dv.rule, dv.stale) == ("last-known", True)


def test_history_from_the_chain_is_the_whole_maps_on_the_shipped_data() -> None:
    eng = Engine(load_dataset(GEO))
    for view in ("assessed", "disputed", "claimant:ru-official"):
        for a in eng.ids:
            assert eng.history(a, view) == changes(eng, eng.area_index(a), view, None), (a, view)
