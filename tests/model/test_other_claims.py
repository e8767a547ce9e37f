"""`OthersTable` gives every area's other claims as one table; it must say, row for row,
what `Lens.also_of` says per area, in every view, on any day and as known at any day (the
timeline reads the table; cards and the CLI read also_of)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.model.other_claims import OthersTable
from tests.conftest import GEO
from tests.model.synthetic import dataset, on
from tests.model.test_engine_properties import data, days, horizons, known


@settings(max_examples=200, deadline=None)
@given(data(), days, known, horizons, st.sampled_from(
    ["assessed", "disputed", "latest", "claimant:ru-official", "claimant:analyst"]))
def test_the_table_says_what_also_of_says(d: tuple, day: int, k: int | None, h: int,
                                          view: str) -> None:
    parents, claims = d
    eng = Engine(dataset(parents, claims), horizon_days=h)
    if view not in eng.views:
        view = "assessed"
    lens = eng._lens_uncached(view, on(day).toordinal(), None if k is None
                              else on(k).toordinal())
    table = OthersTable().of(lens)
    for i in range(len(eng.ids)):
        assert tuple(c for c in table[i].tolist() if c >= 0) == lens.also_of(i)
        # padded on the right only: an area's claims come first, in also_of's order
        row = table[i].tolist()
        assert row == sorted(row, key=lambda c: c < 0)


def test_the_table_on_the_shipped_data() -> None:
    engine = Engine(load_dataset(GEO))
    others = OthersTable()
    for view in engine.views:
        for d in engine.change_dates(view)[::7]:
            lens = engine._lens_uncached(view, d.toordinal(), None)
            table = others.of(lens)
            for i in range(len(engine.ids)):
                assert tuple(c for c in table[i].tolist() if c >= 0) == lens.also_of(i)
