"""What the engine answers: an area's resolved status, a day's state, a change, a diff.

Plain frozen dataclasses with `to_json`, so the CLI, the app and the exports print the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from controlmap.dates import PartialDate


@dataclass(frozen=True)
class Resolved:
    """One area's status in one view on one day, and the claim behind it."""

    area: str
    status: str
    since: PartialDate | None = None
    claim: str | None = None
    claimant: str | None = None
    age_days: int | None = None
    via: str | None = None
    positions: dict[str, str] = field(default_factory=dict)
    also: tuple[str, ...] = ()
    # Freshness: the last day a source confirmed this status (<= the state's date), whether
    # that is older than the engine's horizon, and which resolution rule gave the status
    # (docs/resolution.md names each rule).
    last_reported: dt.date | None = None
    stale: bool = False
    rule: str = ""
    # Claimants in `positions` whose own position is stale on this day.
    stale_positions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "since": str(self.since) if self.since else None,
            "claim": self.claim,
            "claimant": self.claimant,
            "age_days": self.age_days,
            "last_reported": self.last_reported.isoformat() if self.last_reported else None,
            "stale": self.stale,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class State:
    """Every area's Resolved for (date, view, known_at)."""

    date: dt.date
    view: str
    known_at: dt.date | None
    areas: Mapping[str, Resolved]
    # The newest day any claim the view used was reported (None: no claim at all), and the
    # staleness horizon in days the state was resolved with.
    latest_claim: dt.date | None = None
    horizon_days: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "view": self.view,
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "latest_claim": self.latest_claim.isoformat() if self.latest_claim else None,
            "horizon_days": self.horizon_days,
            "areas": {a: r.to_json() for a, r in sorted(self.areas.items())},
        }


@dataclass(frozen=True)
class Change:
    """A change of one area's status, the claim behind it, its rule, or its staleness."""

    date: dt.date
    status: str
    previous: str
    claim: str | None
    claimant: str | None
    since: PartialDate | None
    via: str | None = None
    # Freshness on the day of the change: last day a source confirmed the status, whether
    # that is past the horizon (a row of its own when an area goes stale), and the rule.
    last_reported: dt.date | None = None
    stale: bool = False
    rule: str = ""


@dataclass(frozen=True)
class AreaDiff:
    area: str
    before: str
    after: str
    km2: float
