"""Loading: read a data directory, validate it, and type it into a Dataset.

The one path from files to the model, shared by the CLI, the app and the exports; it sits
above io/, validate/ and model/ so that the model never touches the disk.

Fast at scale: files are parsed with orjson (io.geojson), validation results are remembered
by content hash (validate.cache: an unchanged directory is not checked again), and records
are typed with each distinct date string parsed once (100,000 claims name a few thousand
days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from controlmap.dates import PartialDate
from controlmap.errors import DataError, Problem
from controlmap.io.datadir import RawData, file_kind, layer_name, read_data_dir
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim, Event
from controlmap.validate.cache import check_cached
from controlmap.validate.salvage import salvage


class _Dates(dict[str, PartialDate]):
    """Each distinct date text parsed once; PartialDate is immutable, so sharing is safe."""

    def __missing__(self, text: str) -> PartialDate:
        value = self[text] = PartialDate.parse(text)
        return value


def _pdate(value: Any, dates: _Dates | None = None) -> PartialDate | None:
    if not value:
        return None
    return PartialDate.parse(value) if dates is None else dates[value]


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


def _common(p: dict[str, Any], dates: _Dates | None = None) -> dict[str, Any]:
    return {
        "id": p["id"],
        "date": _pdate(p["date"], dates),
        "claimant": p["claimant"],
        "source_title": p.get("source_title") or "",
        "area": p.get("area"),
        "published": _pdate(p.get("published"), dates),
        "claimant_name": p.get("claimant_name") or "",
        "source_url": p.get("source_url") or "",
        "source_url_alt": p.get("source_url_alt") or "",
        "confidence": p.get("confidence") or "",
        "note": p.get("note") or "",
    }


def claim_from_feature(feature: dict[str, Any], layer: str = "claims",
                       dates: _Dates | None = None) -> Claim:
    p = feature["properties"]
    return Claim(
        status=p["status"],
        layer=layer,
        status_outside=p.get("status_outside"),
        last_confirmed=_pdate(p.get("last_confirmed"), dates),
        geometry=_geom(feature),
        **_common(p, dates),
    )


def event_from_feature(feature: dict[str, Any], dates: _Dates | None = None) -> Event:
    p = feature["properties"]
    return Event(title=p.get("title") or "", geometry=_geom(feature), **_common(p, dates))


def build_dataset(raw: RawData) -> Dataset:
    """Typed records from raw collections that already passed validation."""
    areas: dict[str, Area] = {}
    claims: list[Claim] = []
    events: list[Event] = []
    layers: dict[str, dict[str, Any]] = {}
    dates = _Dates()
    for name, coll in raw.collections.items():
        kind = file_kind(name)
        feats = coll["features"]
        if kind == "areas":
            areas.update((a.id, a) for a in map(_area, feats))
        elif kind == "claims":
            layer = layer_name(name)
            claims.extend(claim_from_feature(f, layer, dates) for f in feats)
        elif kind == "events":
            events.extend(event_from_feature(f, dates) for f in feats)
        else:
            layers[name.removesuffix(".geojson")] = coll
    return Dataset(raw.data_dir, areas, claims, events, layers, raw)


def load_dataset(data_dir: str | Path | None = None, today: date | None = None) -> Dataset:
    """Read, validate and type a data directory; raise DataError listing every problem."""
    raw = read_data_dir(data_dir)
    problems = check_cached(raw, today)
    if problems:
        raise DataError(problems)
    return build_dataset(raw)


@dataclass
class Loaded:
    """A data directory as far as it can be shown: every problem, and what was left out."""

    dataset: Dataset | None
    problems: list[Problem]
    dropped: list[str] = field(default_factory=list)
    reason: str = ""


def load_valid_parts(data_dir: str | Path | None = None, today: date | None = None) -> Loaded:
    """Like load_dataset, but with problems keep what is safe to show (validate.salvage)."""
    raw = read_data_dir(data_dir)
    problems = check_cached(raw, today)
    if not problems:
        return Loaded(build_dataset(raw), [])
    part = salvage(raw, problems)
    if part.raw is None:
        return Loaded(None, problems, part.dropped, part.reason)
    left = check_cached(part.raw, today, key_raw=raw, variant="salvaged")
    if left:  # dropping did not settle it: show nothing rather than guess
        return Loaded(None, problems, part.dropped, f"{left[0].file} still has problems")
    return Loaded(build_dataset(part.raw), problems, part.dropped)
