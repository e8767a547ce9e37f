"""Property tests: the engine agrees with the slow reference on random data, and obeys the
rules that must hold whatever the data (order, future claims, known-at)."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.model.engine import Engine
from tests.model.reference import resolve
from tests.model.synthetic import BASE, claim, dataset

STATUSES = ["ua", "ru", "contested", "unknown"]
CLAIMANTS = ["ru-official", "ua-official", "analyst", "osint-map"]


@st.composite
def data(draw: st.DrawFn) -> tuple[list[int | None], list]:
    n_areas = draw(st.integers(1, 6))
    parents: list[int | None] = [None]
    for i in range(1, n_areas):
        parents.append(draw(st.one_of(st.none(), st.integers(0, i - 1))))
    rows = draw(st.lists(
        st.tuples(
            st.integers(0, n_areas - 1), st.integers(0, 20), st.sampled_from(STATUSES),
            st.sampled_from(CLAIMANTS), st.one_of(st.none(), st.integers(0, 8)),
        ),
        max_size=25,
    ))
    claims = [claim(n, a, d, s, c, None if lag is None else d + lag)
              for n, (a, d, s, c, lag) in enumerate(rows)]
    return parents, claims


days = st.integers(-1, 24)
known = st.one_of(st.none(), st.integers(-1, 30))


@settings(max_examples=150, deadline=None)
@given(data(), days, known)
def test_engine_agrees_with_reference(d: tuple, day: int, k: int | None) -> None:
    parents, claims = d
    ds = dataset(parents, claims)
    eng = Engine(ds)
    on = BASE + timedelta(days=day)
    known_at = None if k is None else BASE + timedelta(days=k)
    for view in eng.views:
        state = eng.state(on, view, known_at)
        for a in ds.areas:
            want_status, want_claim = resolve(ds, a, view, on, known_at)
            got = state.areas[a]
            assert got.status == want_status, (view, a)
            if view != "disputed":
                assert got.claim == want_claim, (view, a)


@settings(max_examples=80, deadline=None)
@given(data(), days, st.randoms(use_true_random=False))
def test_order_of_claims_does_not_matter(d: tuple, day: int, rnd: random.Random) -> None:
    parents, claims = d
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    on = BASE + timedelta(days=day)
    a, b = Engine(dataset(parents, claims)), Engine(dataset(parents, shuffled))
    for view in a.views:
        assert a.state(on, view).to_json() == b.state(on, view).to_json()


@settings(max_examples=80, deadline=None)
@given(data(), days, st.integers(1, 10), st.sampled_from(STATUSES), st.sampled_from(CLAIMANTS))
def test_a_claim_dated_after_the_day_changes_nothing(
    d: tuple, day: int, later: int, status: str, claimant: str
) -> None:
    parents, claims = d
    on = BASE + timedelta(days=day)
    extra = claim(999, len(parents) - 1, day + later, status, claimant)
    a, b = Engine(dataset(parents, claims)), Engine(dataset(parents, [*claims, extra]))
    for view in a.views:
        if view in b.views:
            assert a.state(on, view).to_json()["areas"] == b.state(on, view).to_json()["areas"]


@settings(max_examples=60, deadline=None)
@given(data(), days)
def test_known_at_before_every_publication_gives_unknown(d: tuple, day: int) -> None:
    parents, claims = d
    eng = Engine(dataset(parents, claims))
    before = BASE - timedelta(days=1)
    for view in eng.views:
        state = eng.state(BASE + timedelta(days=day), view, known_at=before)
        assert {r.status for r in state.areas.values()} <= {"unknown"}


@settings(max_examples=60, deadline=None)
@given(data())
def test_change_dates_are_exactly_the_days_the_state_changes(d: tuple) -> None:
    parents, claims = d
    eng = Engine(dataset(parents, claims))
    for view in ("assessed", "latest", "disputed"):
        changes = set(eng.change_dates(view))
        prev = None
        for day in range(-1, 22):
            on = BASE + timedelta(days=day)
            snap = {a: (r.status, r.claim) for a, r in eng.state(on, view).areas.items()}
            if prev is not None:
                assert (snap != prev) == (on in changes), (view, on)
            prev = snap


@settings(max_examples=60, deadline=None)
@given(data(), known)
def test_timeline_lookup_equals_fresh_resolution(d: tuple, k: int | None) -> None:
    parents, claims = d
    known_at = None if k is None else BASE + timedelta(days=k)
    warm, cold = Engine(dataset(parents, claims)), Engine(dataset(parents, claims))
    for view in warm.views:
        warm.change_dates(view, known_at)  # builds the view's timeline
        for day in range(-1, 23):
            on = BASE + timedelta(days=day)
            assert warm.state(on, view, known_at).to_json() == \
                cold.state(on, view, known_at).to_json(), (view, on)
