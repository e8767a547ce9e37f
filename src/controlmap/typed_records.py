"""Typed records from parsed features: areas, claims (as ClaimTable columns) and events.

What loading.py builds a Dataset with, a file at a time, and the typed-claims cache beside
it: a claims file's columns, coded (io/columns.py), kept by the file's content hash and this
code's, so a later start parses the distinct values only. Each distinct date text is parsed
once and repeated text kept once.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from shapely.geometry import shape

from controlmap.dates import PartialDate
from controlmap.io import blobcache, columns
from controlmap.io.blobcache import make_key, source_fingerprint
from controlmap.io.datadir import RawData, file_kind, layer_name
from controlmap.model.claimtable import FIELDS, ClaimTable, DateTexts
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Event


class _Shared:
    """Values shared between records while typing them: each distinct date text parsed once
    (PartialDate is immutable), and repeated text kept once. 100,000 claims name a few
    thousand days, areas and sources; sharing saves time and about a quarter of the memory."""

    def __init__(self) -> None:
        self.date_texts = DateTexts()
        self.texts: dict[Any, Any] = {}

    def date(self, text: Any) -> PartialDate | None:
        return self.date_texts.parse(text)

    def text(self, value: Any) -> Any:
        """`value` (a repeated str, or None) as the one copy kept."""
        return self.texts.setdefault(value, value) if isinstance(value, str) else value


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


def _common(p: dict[str, Any], shared: _Shared) -> dict[str, Any]:
    text = shared.text
    return {
        "id": p["id"],
        "date": shared.date(p["date"]),
        "claimant": text(p["claimant"]),
        "source_title": text(p.get("source_title") or ""),
        "area": text(p.get("area")),
        "published": shared.date(p.get("published")),
        "claimant_name": text(p.get("claimant_name") or ""),
        "source_url": p.get("source_url") or "",
        "source_url_alt": p.get("source_url_alt") or "",
        "confidence": text(p.get("confidence") or ""),
        "note": p.get("note") or "",
    }


# Claim fields from a feature's properties: repeated values (kept once), texts that are
# mostly one per claim, and texts that default to "".
_SHARED = ("claimant", "area", "status", "status_outside", "date", "published",
           "last_confirmed")
_OWN = ("id",)
# Notes repeat too: an imported series writes one note on every claim.
_SHARED_TEXTS = ("source_title", "claimant_name", "confidence", "note")
_OWN_TEXTS = ("source_url", "source_url_alt")
_BATCH = 20_000  # features typed at a time: bounds the parsed dicts held at once


def _claim_columns(features: Iterable[dict[str, Any]], layer: str) -> dict[str, list[Any]]:
    """The claims of one file as ClaimTable columns, a batch of features at a time: no Claim
    record is built (model/claimtable.py builds one when read). Geometry stays GeoJSON."""
    cols: dict[str, list[Any]] = {f: [] for f in FIELDS}
    it = iter(features)
    while batch := list(itertools.islice(it, _BATCH)):
        props = [f["properties"] for f in batch]
        for name in (*_SHARED, *_OWN):
            cols[name].extend([p.get(name) for p in props])
        for name in (*_SHARED_TEXTS, *_OWN_TEXTS):
            cols[name].extend([p.get(name) or "" for p in props])
        cols["geometry"].extend([f.get("geometry") for f in batch])
        cols["layer"].extend([layer] * len(batch))
    return cols


# Typed claim columns are cached by the file's content hash and the code that types them.
_TYPED_FORMAT = "2"  # 2: coded columns (io/columns.py)


@cache
def _typing_code() -> str:
    from controlmap import dates
    from controlmap.model import claimtable, records

    return source_fingerprint(Path(m.__file__ or "") for m in (
        sys.modules[__name__], dates, claimtable, records))


def _columns_key(file_hash: str | None, layer: str) -> str | None:
    return None if file_hash is None else make_key(
        "claim-columns", _TYPED_FORMAT, _typing_code(), layer, file_hash)


def _cached_columns(key: str | None) -> dict[str, Any] | None:
    """A file's cached {key, members, columns}, or None."""
    data = None if key is None else blobcache.get("claims", key)
    if data is None:
        return None
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    ok = (isinstance(doc, dict) and doc.get("key") == key
          and isinstance(doc.get("members"), dict) and isinstance(doc.get("columns"), dict)
          and set(doc["columns"]) == set(FIELDS))
    return doc if ok else None


def event_from_feature(feature: dict[str, Any], shared: _Shared | None = None) -> Event:
    shared = shared or _Shared()
    p = feature["properties"]
    return Event(title=p.get("title") or "", geometry=_geom(feature), **_common(p, shared))


TYPED = ("areas", "claims", "events")  # the kinds typed into records


class Builder:
    """Typed records file by file. The Dataset keeps, of areas, claims and events, only
    their collections' own members (attribution): the texts and the features' dicts would
    double the memory at scale. Reference layers stay GeoJSON dicts."""

    def __init__(self, data_dir: Path, hashes: dict[str, str], claims: bool = True) -> None:
        self.keep_claims = claims  # False: claims go to the typed-claims cache only
        self.areas: dict[str, Area] = {}
        self.claim_columns: dict[str, list[Any]] = {f: [] for f in FIELDS}
        self.events: list[Event] = []
        self.layers: dict[str, dict[str, Any]] = {}
        self.kept = RawData(data_dir, hashes=dict(hashes))
        self.shared = _Shared()

    def add(self, name: str, coll: dict[str, Any], features: Iterable[dict[str, Any]]) -> None:
        """`coll` holds the file's members; `features` may be read lazily, after them. A
        file whose features fail half-way adds nothing."""
        kind = file_kind(name)
        if kind == "areas":
            self.areas.update({a.id: a for a in map(_area, features)})
        elif kind == "claims":
            layer = layer_name(name)
            cols = _claim_columns(features, layer)
            key = _columns_key(self.kept.hashes.get(name), layer)
            if key is not None:
                # a repeating field as its distinct values and codes: a later start parses
                # those only (io/columns.py)
                doc = {"key": key, "members": {**coll, "features": []},
                       "columns": columns.encode_columns(cols, len(cols["id"]))["columns"]}
                blobcache.put("claims", key, orjson.dumps(doc))
            if self.keep_claims:
                self._add_claim_columns(cols)
        elif kind == "events":
            self.events.extend([event_from_feature(f, self.shared) for f in features])
        else:
            self.layers[name.removesuffix(".geojson")] = coll
        self.kept.collections[name] = {**coll, "features": []} if kind in TYPED else coll

    def add_cached(self, name: str) -> bool:
        """Add a claims file from the typed-column cache; False when it is not there."""
        doc = _cached_columns(_columns_key(self.kept.hashes.get(name), layer_name(name)))
        if doc is None:
            return False
        self._add_claim_columns(doc["columns"])
        self.kept.collections[name] = doc["members"]
        return True

    def _add_claim_columns(self, cols: Mapping[str, list[Any] | dict[str, Any]]) -> None:
        """Append one file's columns (plain, or coded as io/columns.py writes them):
        repeated texts kept once, geometry made shapely."""
        keep = self.shared.texts.setdefault  # validated: str or None, both kept as they are
        for name, coded in cols.items():
            # coded: each distinct value typed or shared once, then expanded
            values = coded["values"] if isinstance(coded, dict) else coded
            if name == "geometry":
                values = [shape(g) if g else None for g in values]
            elif name in _SHARED or name in _SHARED_TEXTS:
                values = [keep(v, v) for v in values]
            col = (columns.column({"values": values, "codes": coded["codes"]})
                   if isinstance(coded, dict) else values)
            self.claim_columns[name].extend(col)

    def dataset(self) -> Dataset:
        # In id order, the engine's (a claim's index is its rank by id): it then shares
        # these columns instead of copying them (26 MB at 200,000 claims).
        claims = ClaimTable(self.claim_columns, self.shared.date_texts).sorted_by_id()
        return Dataset(self.kept.data_dir, self.areas, claims, self.events, self.layers,
                       self.kept)
