"""Synthetic but realistic data for benchmarks: a nested area hierarchy and many claims.

1 region -> 9 sectors -> 90 districts -> 900 blocks (1,000 areas), 100,000 claims over five
years from six claimants, mostly on the small areas (as in real reporting), published a few
days after the day they describe. Seeded, so every run times the same data.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim

CLAIMANTS = ("ru-official", "ua-official", "foreign-official", "analyst", "osint-map", "media")
STATUSES = ("ua", "ru", "contested", "unknown")
START = date(2021, 1, 1)
DAYS = 5 * 365


def areas(fanout: tuple[int, ...] = (9, 10, 10)) -> dict[str, Area]:
    """A tree with one root and the given fan-out per level; boxes nest like the tree."""
    out: dict[str, Area] = {}

    def add(aid: str, parent: str | None, x0: float, y0: float, w: float, level: int) -> None:
        out[aid] = Area(aid, aid, "", "district", parent, None, {"approximate": True},
                        box(x0, y0, x0 + w, y0 + w))
        if level == len(fanout):
            return
        n = fanout[level]
        side = int(np.ceil(np.sqrt(n)))
        step = w / side
        for k in range(n):
            add(f"{aid}-{k}", aid, x0 + (k % side) * step, y0 + (k // side) * step,
                step * 0.95, level + 1)

    add("r", None, 37.2, 49.4, 0.8, 0)
    return out


def claims(area_ids: list[str], n: int = 100_000, seed: int = 7) -> list[Claim]:
    rng = np.random.default_rng(seed)
    depth = np.array([a.count("-") for a in area_ids])
    weight = np.where(depth == depth.max(), 1.0, 4.0 / (1 + depth))
    pick = rng.choice(len(area_ids), size=n, p=weight / weight.sum())
    day = rng.integers(0, DAYS, size=n)
    lag = rng.integers(0, 12, size=n)
    who = rng.integers(0, len(CLAIMANTS), size=n)
    status = rng.choice(len(STATUSES), size=n, p=[0.4, 0.35, 0.2, 0.05])
    out = []
    for i in range(n):
        d = START + timedelta(days=int(day[i]))
        out.append(Claim(
            id=f"s{i:06d}", date=PartialDate.of(d), status=STATUSES[status[i]],
            claimant=CLAIMANTS[who[i]], source_title="synthetic", area=area_ids[pick[i]],
            published=PartialDate.of(d + timedelta(days=int(lag[i]))),
        ))
    return out


def dataset(n_claims: int = 100_000) -> Dataset:
    a = areas()
    return Dataset(Path("synthetic"), a, claims(sorted(a), n_claims), [])
