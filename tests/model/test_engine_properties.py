"""Property tests: the engine agrees with the slow reference on random data, and obeys the
rules that must hold whatever the data (order, future claims, known-at, staleness, spans)."""

from __future__ import annotations

import random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from controlmap.model.engine import Engine
from controlmap.model.history import changes
from controlmap.model.records import Claim
from controlmap.model.spans import span_end
from tests.model.reference import Reference, resolve
from tests.model.synthetic import claim, dataset, on

STATUSES = ["ua", "ru", "contested", "unknown"]
CLAIMANTS = ["ru-official", "ua-official", "analyst", "osint-map"]
# officials twice as often, so that their agreement and disagreement come up
DRAWN = [*CLAIMANTS, "ru-official", "ua-official"]


@st.composite
def data(draw: st.DrawFn) -> tuple[list[int | None], list[Claim]]:
    n_areas = draw(st.integers(1, 6))
    parents: list[int | None] = [None]
    for i in range(1, n_areas):
        parents.append(draw(st.one_of(st.none(), st.integers(0, i - 1))))
    rows = draw(st.lists(
        st.tuples(
            st.integers(0, n_areas - 1), st.integers(0, 14), st.sampled_from(STATUSES),
            st.sampled_from(DRAWN), st.one_of(st.none(), st.integers(0, 8)),
            st.sampled_from(["day"] * 6 + ["month", "month", "year"]),
            st.one_of(st.none(), st.integers(0, 10)),
        ),
        min_size=1, max_size=25,
    ))
    claims = [claim(n, a, d, s, c, None if lag is None else d + lag, precision=p,
                    lc=None if lc is None else d + lc)
              for n, (a, d, s, c, lag, p, lc) in enumerate(rows)]
    return parents, claims


days = st.integers(-1, 40)
known = st.one_of(st.none(), st.integers(-1, 40))
horizons = st.integers(0, 15)


@settings(max_examples=300, deadline=None)
@given(data(), days, known, horizons)
def test_engine_agrees_with_reference(d: tuple, day: int, k: int | None, h: int) -> None:
    parents, claims = d
    ds = dataset(parents, claims)
    eng = Engine(ds, horizon_days=h)
    known_at = None if k is None else on(k)
    for view in eng.views:
        state = eng.state(on(day), view, known_at)
        for a in ds.areas:
            want = resolve(ds, a, view, on(day), known_at, h)
            got = state.areas[a]
            assert (got.status, got.claim, got.rule, got.last_reported, got.stale) == (
                want.status, want.claim_id, want.rule, want.last_reported, want.stale
            ), (view, a)


@settings(max_examples=80, deadline=None)
@given(data(), days, st.randoms(use_true_random=False))
def test_order_of_claims_does_not_matter(d: tuple, day: int, rnd: random.Random) -> None:
    parents, claims = d
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    a, b = Engine(dataset(parents, claims), 5), Engine(dataset(parents, shuffled), 5)
    for view in a.views:
        assert a.state(on(day), view).to_json() == b.state(on(day), view).to_json()


@settings(max_examples=80, deadline=None)
@given(data(), days, st.integers(1, 10), st.sampled_from(STATUSES), st.sampled_from(CLAIMANTS))
def test_a_claim_dated_after_the_day_changes_nothing(
    d: tuple, day: int, later: int, status: str, claimant: str
) -> None:
    parents, claims = d
    extra = claim(999, len(parents) - 1, day + later, status, claimant)
    a, b = Engine(dataset(parents, claims), 5), Engine(dataset(parents, [*claims, extra]), 5)
    for view in a.views:
        if view in b.views:
            assert a.state(on(day), view).to_json()["areas"] == \
                b.state(on(day), view).to_json()["areas"]


@settings(max_examples=60, deadline=None)
@given(data(), days)
def test_known_at_before_every_publication_gives_unknown(d: tuple, day: int) -> None:
    parents, claims = d
    eng = Engine(dataset(parents, claims))
    before = on(-40)  # before the first day a month or year date can begin
    for view in eng.views:
        state = eng.state(on(day), view, known_at=before)
        assert {r.status for r in state.areas.values()} <= {"unknown"}
        assert state.latest_claim is None


@settings(max_examples=60, deadline=None)
@given(data(), horizons)
def test_change_dates_are_exactly_the_days_the_state_changes(d: tuple, h: int) -> None:
    parents, claims = d
    eng = Engine(dataset(parents, claims), h)
    for view in ("assessed", "latest", "disputed"):
        changes = set(eng.change_dates(view))
        prev = None
        for day in range(-30, 80):
            snap = {a: (r.status, r.claim, r.rule, r.stale)
                    for a, r in eng.state(on(day), view).areas.items()}
            if prev is not None:
                assert (snap != prev) == (on(day) in changes), (view, on(day))
            prev = snap


@settings(max_examples=60, deadline=None)
@given(data(), known, horizons)
def test_timeline_lookup_equals_fresh_resolution(d: tuple, k: int | None, h: int) -> None:
    parents, claims = d
    known_at = None if k is None else on(k)
    warm, cold = Engine(dataset(parents, claims), h), Engine(dataset(parents, claims), h)
    for view in warm.views:
        warm.change_dates(view, known_at)  # builds the view's timeline
        for day in range(-1, 60, 2):
            assert warm.state(on(day), view, known_at).to_json() == \
                cold.state(on(day), view, known_at).to_json(), (view, on(day))


@settings(max_examples=80, deadline=None)
@given(data(), days, horizons, st.integers(0, 5), st.sampled_from(STATUSES))
def test_a_stale_claim_never_decides_a_dispute(
    d: tuple, day: int, h: int, area_i: int, status: str
) -> None:
    """A new claimant's stale position changes nothing where someone's position is fresh;
    an assessed answer is stale only where no claim of any group reaching the area is fresh."""
    parents, claims = d
    old = claim(998, min(area_i, len(parents) - 1), day - h - 1, status, "media")
    # a precise claim brings a partial date of its area and status forward (rule 1)
    assume(not any(c.date.is_partial and c.area == old.area and c.status == status
                   for c in claims))
    a, b = Engine(dataset(parents, claims), h), Engine(dataset(parents, [*claims, old]), h)
    before, after = a.state(on(day), "disputed"), b.state(on(day), "disputed")
    for area, r in before.areas.items():
        if r.rule in ("agree", "differ"):
            got = after.areas[area]
            assert (got.status, got.claim, got.stale) == (r.status, r.claim, False), area
            assert "media" in got.stale_positions or "media" not in got.positions
    ref = Reference(b.dataset, on(day), None, h)
    for area, r in b.state(on(day), "assessed").areas.items():
        assert r.stale == (r.rule == "last-known"), (area, r)
        if r.stale:
            # no fresh independent claim reaches the area, and neither side's officials
            # have a fresh position there
            for c in b.dataset.claims:
                reaches = c.area in _chain(b.dataset, area)
                fresh = ref.in_effect(c) and not ref.stale(c)
                assert not (reaches and fresh and c.claimant in ("analyst", "osint-map",
                                                                  "media")), (area, c.id)
            assert not set(r.positions) - set(r.stale_positions) - {"analyst", "osint-map",
                                                                     "media"}, (area, r)


@settings(max_examples=150, deadline=None)
@given(data(), days, known, horizons)
def test_last_known_is_the_answer_of_the_last_fresh_day(
    d: tuple, day: int, k: int | None, h: int
) -> None:
    """Where nothing is fresh, an area keeps the answer it had on the last day something was
    fresh for it, only marked stale: time passing alone never changes its colour."""
    parents, claims = d
    known_at = None if k is None else on(k)
    eng = Engine(dataset(parents, claims), h)
    for view in ("assessed", "disputed"):
        for area, now in eng.state(on(day), view, known_at).areas.items():
            if now.rule != "last-known":
                continue
            back = day - 1
            while (then := eng.state(on(back), view, known_at).areas[area]).rule == "last-known":
                back -= 1
            assert then.rule != "none", (view, area, on(back))
            assert (now.status, now.claim, now.also, now.last_reported, now.stale) == (
                then.status, then.claim, then.also, then.last_reported, True), (view, area)


def _chain(ds: object, area: str) -> list[str]:
    out = [area]
    while ds.areas[out[-1]].parent:  # type: ignore[attr-defined]
        out.append(ds.areas[out[-1]].parent)  # type: ignore[attr-defined]
    return out


@settings(max_examples=80, deadline=None)
@given(data(), days, horizons, st.integers(0, 5), st.integers(0, 20),
       st.sampled_from(CLAIMANTS))
def test_a_contested_parent_spares_a_childs_own_newer_or_fresh_claim(
    d: tuple, day: int, h: int, area_i: int, when: int, who: str
) -> None:
    parents, claims = d
    p = min(area_i, len(parents) - 1)
    fight = claim(997, p, when, "contested", who)
    ds = dataset(parents, [*claims, fight])
    eng, ref = Engine(dataset(parents, claims), h), Engine(ds, h)
    view = "claimant:" + who
    if view not in eng.views:  # no claim of `who` before: no child has one of its own
        return
    before, after = eng.state(on(day), view).areas, ref.state(on(day), view).areas
    refs = Reference(ds, on(day), None, h)
    for child in (f"a{i}" for i, q in enumerate(parents) if q == p):
        own = refs.own(child, [c for c in ds.claims if c.claimant == who], "claimant", False)
        if own is None:
            continue
        mine = own[0]
        assert mine.claim is not None
        if refs.effective(mine.claim) >= on(when):
            assert after[child].to_json() == before[child].to_json(), child
        if not mine.stale:
            assert after[child].claim != fight.id, child


@settings(max_examples=80, deadline=None)
@given(data(), days, known)
def test_a_partial_date_never_acts_before_a_precise_claim_of_its_span(
    d: tuple, day: int, k: int | None
) -> None:
    """Before the last day of its span, a month- or year-dated claim stands behind no area
    unless a day-precise claim (known at K) about its area with its status came first."""
    parents, claims = d
    known_at = None if k is None else on(k)
    eng = Engine(dataset(parents, claims), 5)
    states = [eng.state(on(day), v, known_at) for v in eng.views]
    behind = {r.claim for s in states for r in s.areas.values()}
    for c in claims:
        if not c.date.is_partial or c.id not in behind:
            continue
        ends = on(day) >= span_end(c.date)
        precise = any(
            not p.date.is_partial and p.area == c.area and p.status == c.status
            and c.date.start <= p.date.start <= on(day)
            and (known_at is None or p.published_or_date.start <= known_at)
            for p in claims)
        assert ends or precise, c


@settings(max_examples=80, deadline=None)
@given(data(), days, known, horizons, st.integers(0, 30))
def test_a_bigger_horizon_never_makes_more_areas_stale(
    d: tuple, day: int, k: int | None, h: int, more: int
) -> None:
    parents, claims = d
    known_at = None if k is None else on(k)
    small, big = Engine(dataset(parents, claims), h), Engine(dataset(parents, claims), h + more)
    for view in small.views:
        s = {a for a, r in small.state(on(day), view, known_at).areas.items() if r.stale}
        b = {a for a, r in big.state(on(day), view, known_at).areas.items() if r.stale}
        assert b <= s, view


@settings(max_examples=200, deadline=None)
@given(data(), known, horizons)
def test_history_on_the_area_and_its_ancestors_is_the_whole_maps(
        d: tuple, k: int | None, h: int) -> None:
    """`history` works on an engine of the area and its ancestors only; it must say what
    the whole map's engine says, in every view, as known at any day."""
    parents, claims = d
    eng = Engine(dataset(parents, claims), horizon_days=h)
    kk = None if k is None else on(k)
    for view in eng.views:
        for a in eng.ids:
            full = changes(eng, eng.area_index(a), view, None if kk is None else kk.toordinal())
            assert eng.history(a, view, kk) == full
