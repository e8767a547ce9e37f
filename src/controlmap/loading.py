"""Loading: read a data directory, validate it, and type it into a Dataset.

The one path from files to the model, shared by the CLI, the app and the exports; it sits
above io/, validate/ and model/ so that the model never touches the disk.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from controlmap import validate
from controlmap.dates import PartialDate
from controlmap.errors import DataError, Problem, UsageError
from controlmap.io.datadir import RawData, file_kind, layer_name, read_data_dir
from controlmap.model.dataset import Dataset
from controlmap.model.engine import DEFAULT_HORIZON_DAYS
from controlmap.model.records import Area, Claim, Event
from controlmap.validate.salvage import salvage

# The staleness horizon in days (docs/resolution.md, rule 2); the model reads no environment.
STALE_DAYS_ENV = "CONTROLMAP_STALE_DAYS"


def horizon_days(environ: Mapping[str, str] | None = None) -> int:
    """$CONTROLMAP_STALE_DAYS as a whole number of days, else the model's default (60)."""
    text = (os.environ if environ is None else environ).get(STALE_DAYS_ENV, "").strip()
    if not text:
        return DEFAULT_HORIZON_DAYS
    if not text.isdigit():
        raise UsageError(f"{STALE_DAYS_ENV} must be a whole number of days (0 or more), "
                         f"not {text!r}")
    return int(text)


def _pdate(value: Any) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _geom(feature: dict[str, Any]) -> Any:
    g = feature.get("geometry")
    return shape(g) if g else None


def _area(feature: dict[str, Any]) -> Area:
    p = feature["properties"]
    return Area(
        id=p["id"],
        name=p["name"],
        name_uk=p.get("name_uk", ""),
        kind=p["kind"],
        parent=p.get("parent"),
        bank=p.get("bank"),
        provenance=dict(p.get("provenance") or {}),
        geometry=_geom(feature),
    )


def _common(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": p["id"],
        "date": PartialDate.parse(p["date"]),
        "claimant": p["claimant"],
        "source_title": p.get("source_title") or "",
        "area": p.get("area"),
        "published": _pdate(p.get("published")),
        "claimant_name": p.get("claimant_name") or "",
        "source_url": p.get("source_url") or "",
        "source_url_alt": p.get("source_url_alt") or "",
        "confidence": p.get("confidence") or "",
        "note": p.get("note") or "",
    }


def claim_from_feature(feature: dict[str, Any], layer: str = "claims") -> Claim:
    p = feature["properties"]
    return Claim(
        status=p["status"],
        layer=layer,
        status_outside=p.get("status_outside"),
        last_confirmed=_pdate(p.get("last_confirmed")),
        geometry=_geom(feature),
        **_common(p),
    )


def event_from_feature(feature: dict[str, Any]) -> Event:
    p = feature["properties"]
    return Event(title=p.get("title") or "", geometry=_geom(feature), **_common(p))


def build_dataset(raw: RawData) -> Dataset:
    """Typed records from raw collections that already passed validation."""
    areas: dict[str, Area] = {}
    claims: list[Claim] = []
    events: list[Event] = []
    layers: dict[str, dict[str, Any]] = {}
    for name, coll in raw.collections.items():
        kind = file_kind(name)
        feats = coll["features"]
        if kind == "areas":
            areas.update((a.id, a) for a in map(_area, feats))
        elif kind == "claims":
            claims.extend(claim_from_feature(f, layer_name(name)) for f in feats)
        elif kind == "events":
            events.extend(map(event_from_feature, feats))
        else:
            layers[name.removesuffix(".geojson")] = coll
    return Dataset(raw.data_dir, areas, claims, events, layers, raw)


def load_dataset(data_dir: str | Path | None = None, today: date | None = None) -> Dataset:
    """Read, validate and type a data directory; raise DataError listing every problem."""
    raw = read_data_dir(data_dir)
    problems = validate.check(raw, today=today)
    if problems:
        raise DataError(problems)
    return build_dataset(raw)


@dataclass
class ValidParts:
    """A data directory as far as it can be shown: every problem, and what was left out."""

    dataset: Dataset | None
    problems: list[Problem]
    dropped: list[str] = field(default_factory=list)
    reason: str = ""


def load_valid_parts(data_dir: str | Path | None = None,
                     today: date | None = None) -> ValidParts:
    """Like load_dataset, but with problems keep what is safe to show (validate.salvage)."""
    raw = read_data_dir(data_dir)
    problems = validate.check(raw, today=today)
    if not problems:
        return ValidParts(build_dataset(raw), [])
    part = salvage(raw, problems)
    if part.raw is None:
        return ValidParts(None, problems, part.dropped, part.reason)
    left = validate.check(part.raw, today=today)
    if left:  # dropping did not settle it: show nothing rather than guess
        return ValidParts(None, problems, part.dropped, f"{left[0].file} still has problems")
    return ValidParts(build_dataset(part.raw), problems, part.dropped)
