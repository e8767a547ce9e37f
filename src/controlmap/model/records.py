"""Typed records built from validated GeoJSON features."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from controlmap.dates import PartialDate


@dataclass(frozen=True)
class Area:
    """A place control is claimed over. `geometry` is a shapely geometry (lon/lat)."""

    id: str
    name: str
    name_uk: str
    kind: str
    parent: str | None
    bank: str | None
    provenance: dict[str, Any]
    geometry: Any = field(repr=False, compare=False)

    @property
    def approximate(self) -> bool:
        return bool(self.provenance.get("approximate"))


@dataclass(frozen=True, kw_only=True)
class Cited:
    """What claims and events share: a date, who said it, and the source that reported it."""

    id: str
    date: PartialDate
    claimant: str
    source_title: str
    area: str | None = None
    published: PartialDate | None = None
    claimant_name: str = ""
    source_url: str = ""
    source_url_alt: str = ""
    confidence: str = ""
    note: str = ""
    geometry: Any = field(default=None, repr=False, compare=False)

    @property
    def published_or_date(self) -> PartialDate:
        """When it became known: its `published` date, else its own date."""
        return self.published or self.date


@dataclass(frozen=True, kw_only=True)
class Claim(Cited):
    """Somebody said an area (or a drawn geometry) had a status from `date` on.

    Exactly one of `area` and `geometry` is set. `layer` names the file the claim came from
    (`claims` for geo/claims.geojson, `deepstate` for geo/claims-deepstate.geojson).
    """

    status: str
    layer: str = "claims"
    status_outside: str | None = None
    # The last day the source still showed this status (a daily series); None: only `date`.
    last_confirmed: PartialDate | None = None


@dataclass(frozen=True, kw_only=True)
class Event(Cited):
    """A dated point or area-linked happening that explains the map (a flag raised, a visit)."""

    title: str
