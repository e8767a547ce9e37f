"""Small in-memory datasets for engine tests: boxes for areas, claims from tuples."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim

BASE = date(2025, 1, 1)


def area(i: int, parent: int | None) -> Area:
    x = 37.5 + 0.01 * i
    return Area(
        id=f"a{i}", name=f"Area {i}", name_uk="", kind="district",
        parent=None if parent is None else f"a{parent}", bank=None,
        provenance={"approximate": True}, geometry=box(x, 49.6, x + 0.008, 49.608),
    )


def claim(n: int, area_i: int, day: int, status: str, claimant: str,
          pub: int | None = None) -> Claim:
    return Claim(
        id=f"c{n:03d}",
        date=PartialDate.of(BASE + timedelta(days=day)),
        status=status,
        claimant=claimant,
        source_title="test",
        area=f"a{area_i}",
        published=None if pub is None else PartialDate.of(BASE + timedelta(days=pub)),
    )


def dataset(parents: list[int | None], claims: list[Claim]) -> Dataset:
    areas = {a.id: a for a in (area(i, p) for i, p in enumerate(parents))}
    return Dataset(Path("."), areas, list(claims), [])
