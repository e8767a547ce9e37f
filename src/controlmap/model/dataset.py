"""Everything in one data directory as typed records: areas, claims, events, layers.

Pure data: building it from files (read, validate, type) is `controlmap.loading`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from controlmap.model.records import Area, Claim, Event


@dataclass
class Dataset:
    """Everything in one data directory, typed. Reference layers stay GeoJSON dicts; `raw`
    keeps the parsed collections (for collection-level attribution)."""

    data_dir: Path
    areas: dict[str, Area]
    claims: list[Claim]
    events: list[Event]
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False)

    @property
    def claimants(self) -> list[str]:
        return sorted({c.claimant for c in self.claims})

    def children(self, area_id: str) -> list[str]:
        return [a.id for a in self.areas.values() if a.parent == area_id]

    @property
    def date_span(self) -> tuple[date, date]:
        days = [c.date.start for c in self.claims]
        if not days:
            today = date.today()
            return today, today
        return min(days), max(days)
