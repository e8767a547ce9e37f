"""Resolution speed: the engine against a naive geopandas resolver, in one run.

Naive = what one would write first: keep the claims of the view with date <= D in a
GeoDataFrame, sort by date, group by area, take the last. (It ignores the hierarchy, so it
does less than the engine, and is still the baseline to beat by 100x.)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd

from benchmarks import synthetic
from controlmap.model.compiled import CODE_STATUS
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _naive_frame(ds: Dataset) -> gpd.GeoDataFrame:
    claims = [c for c in ds.claims if c.area is not None]  # synthetic data: area claims only
    areas = ds.areas
    return gpd.GeoDataFrame({
        "id": [c.id for c in claims],
        "area": [c.area for c in claims],
        "date": pd.to_datetime([c.date.start for c in claims]),
        "status": [c.status for c in claims],
        "claimant": [c.claimant for c in claims],
        "geometry": [areas[str(c.area)].geometry for c in claims],
    }, crs="EPSG:4326")


def _naive_resolve(gdf: gpd.GeoDataFrame, day: date) -> dict[str, str]:
    sub = gdf[gdf["date"] <= pd.Timestamp(day)]
    last = sub.sort_values(["date", "id"]).groupby("area").tail(1)
    return dict(zip(last["area"], last["status"], strict=True))


def _ms(xs: list[float]) -> str:
    return f"p50 {statistics.median(xs) * 1e3:8.3f} ms, min {min(xs) * 1e3:8.3f} ms"


def run() -> None:
    print("== resolve: engine vs naive geopandas (1,000 areas, 100,000 claims, 5 years)")
    t0 = time.perf_counter()
    ds = synthetic.dataset()
    t1 = time.perf_counter()
    eng = Engine(ds)
    t2 = time.perf_counter()
    print(f"generate {t1 - t0:.2f} s; compile engine {t2 - t1:.2f} s")
    rng = np.random.default_rng(1)
    days = [synthetic.START + timedelta(days=int(d)) for d in rng.integers(400, 1800, 40)]
    it = iter(days * 10)
    view = "latest"
    codes = _time(lambda: eng._lens_uncached(view, next(it).toordinal(), None), 40)
    # other days than above: the engine caches per-group answers by day
    it = iter(d + timedelta(days=6) for d in days)

    def same_output_as_naive() -> dict[str, str]:
        st = eng.state(next(it), view, positions=False)
        codes = eng.status_codes(st.date, view)
        return dict(zip(eng.ids, (CODE_STATUS[c] for c in codes), strict=True))

    full = _time(same_output_as_naive, 40)
    it = iter(d - timedelta(days=3) for d in days)
    records = _time(lambda: list(eng.state(next(it), view).areas.values()), 20)
    it = iter(d + timedelta(days=1) for d in days)
    assessed = _time(lambda: eng.state(next(it), "assessed", positions=False), 40)
    it = iter(d + timedelta(days=2) for d in days)
    known = _time(lambda: eng.state(next(it), "assessed", next(it) - timedelta(days=30),
                                    positions=False), 20)
    gdf = _naive_frame(ds)
    it = iter(days)
    naive = _time(lambda: _naive_resolve(gdf, next(it)), 10)
    print(f"engine, status arrays ({view}):        {_ms(codes)}")
    print(f"engine, {{area: status}} ({view}):      {_ms(full)}")
    print(f"engine, every Resolved record + positions: {_ms(records)}")
    print(f"engine, full State (assessed):         {_ms(assessed)}")
    print(f"engine, full State (assessed, known-at): {_ms(known)}")
    print(f"naive geopandas filter/sort/groupby:   {_ms(naive)}")
    ratio = statistics.median(naive) / statistics.median(full)
    print(f"ratio naive / engine ({{area: status}}): {ratio:8.1f}x   (target >= 100x, < 20 ms)")
    t3 = time.perf_counter()
    changes = eng.change_dates("assessed")
    t4 = time.perf_counter()
    print(f"change dates (assessed): {len(changes)} in {t4 - t3:.2f} s "
          "(also keeps the view's timeline for lookups)")
    it = iter(d + timedelta(days=4) for d in days)

    def from_timeline() -> dict[str, str]:
        codes = eng.status_codes(next(it), "assessed")
        return dict(zip(eng.ids, (CODE_STATUS[c] for c in codes), strict=True))

    looked = _time(from_timeline, 40)
    ratio2 = statistics.median(naive) / statistics.median(looked)
    print(f"engine with timeline, {{area: status}} (assessed): {_ms(looked)}; "
          f"ratio naive / engine {ratio2:.0f}x")
    sample = changes[:300]
    t5 = time.perf_counter()
    for d in sample:
        eng.status_codes(d, "assessed")
    t6 = time.perf_counter()
    per100 = (t6 - t5) / len(sample) * 100
    print(f"play-through: {len(sample)} change dates in {t6 - t5:.3f} s = {per100:.4f} s "
          "per 100 dates (target well under 1 s)")
    _shipped()


def _shipped() -> None:
    from controlmap.io.datadir import repo_geo_dir
    from controlmap.loading import load_dataset

    geo = repo_geo_dir()
    if not (geo / "claims.geojson").exists():
        print("shipped data: geo/claims.geojson missing, skipped")
        return
    t0 = time.perf_counter()
    eng = Engine(load_dataset(geo))
    t1 = time.perf_counter()
    span = eng.dataset.date_span
    days = [span[0] + timedelta(days=k) for k in range(0, (span[1] - span[0]).days, 37)][:60]
    it = iter(days)
    xs = _time(lambda: eng.state(next(it), "assessed"), len(days))
    print(f"shipped data: load+compile {t1 - t0:.3f} s; one date (assessed, with every "
          f"claimant's position): {_ms(xs)} (target well under 1 ms)")
    # Past the data nothing is fresh: every area is judged on its own last fresh day. The
    # first such date resolves; later ones reuse its Lens (the view no longer changes).
    past = [span[1] + timedelta(days=k) for k in range(70, 70 + 60 * 7, 7)]

    def past_dates(view: str, cold: bool) -> list[float]:
        it = iter(past)

        def one() -> object:
            if cold:
                eng._lens_cached.cache_clear()
                eng._group_lens.cache_clear()
            return eng.state(next(it), view)

        return _time(one, len(past))

    for view in ("assessed", "disputed"):
        print(f"shipped data, past the data (all last-known, {view}): first date "
              f"{_ms(past_dates(view, True))}; later dates {_ms(past_dates(view, False))}")
