"""Everything in one data directory as typed records: areas, claims, events, layers.

Pure data: building it from files (read, validate, type) is `controlmap.loading`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from controlmap.model.claimtable import as_table
from controlmap.model.records import Area, Claim, Event


@dataclass
class Dataset:
    """Everything in one data directory, typed. Reference layers stay GeoJSON dicts; `raw`
    keeps the parsed collections (for collection-level attribution)."""

    data_dir: Path
    areas: dict[str, Area]
    claims: Sequence[Claim]  # a list, or a ClaimTable (model/claimtable.py) from loading
    events: list[Event]
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False)

    @property
    def claimants(self) -> list[str]:
        return sorted(set(as_table(self.claims).columns["claimant"]))

    def children(self, area_id: str) -> list[str]:
        return self.parts().get(area_id, [])

    def parts(self) -> dict[str, list[str]]:
        """Each area that has parts -> its direct parts, in the areas' order: one pass over
        the areas (asking `children` of every area would be quadratic)."""
        out: dict[str, list[str]] = {}
        for a in self.areas.values():
            if a.parent:
                out.setdefault(a.parent, []).append(a.id)
        return out

    @property
    def date_span(self) -> tuple[date, date]:
        if not self.claims:
            today = date.today()
            return today, today
        days = as_table(self.claims).ordinals("date")
        return date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
