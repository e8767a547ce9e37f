"""Small in-memory datasets for engine tests: boxes for areas, claims from tuples.

Days count from BASE (2025-01-20), so a month-dated claim of `2025-01` ends on day 11 and
one of `2025-02` on day 39: the first days of a test exercise both ends of a span.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim

BASE = date(2025, 1, 20)


def on(day: int) -> date:
    return BASE + timedelta(days=day)


def area(i: int, parent: int | None) -> Area:
    x = 37.5 + 0.01 * i
    return Area(
        id=f"a{i}", name=f"Area {i}", name_uk="", kind="district",
        parent=None if parent is None else f"a{parent}", bank=None,
        provenance={"approximate": True}, geometry=box(x, 49.6, x + 0.008, 49.608),
    )


def claim(n: int, area_i: int, day: int, status: str, claimant: str,
          pub: int | None = None, *, precision: str = "day", lc: int | None = None) -> Claim:
    """Claim `c{n:03d}` about area `a{area_i}`; `precision` month/year writes only the month
    or year of `day`; `lc` is the last confirmation day; `pub` the publication day."""
    text = on(day).isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]
    return Claim(
        id=f"c{n:03d}",
        date=PartialDate.parse(text),
        status=status,
        claimant=claimant,
        source_title="test",
        area=f"a{area_i}",
        published=None if pub is None else PartialDate.of(on(pub)),
        last_confirmed=None if lc is None else PartialDate.of(on(lc)),
    )


def dataset(parents: list[int | None], claims: list[Claim]) -> Dataset:
    areas = {a.id: a for a in (area(i, p) for i, p in enumerate(parents))}
    return Dataset(Path("."), areas, list(claims), [])
