"""Loading: read a data directory, validate it, and type it into a Dataset.

The one path from files to the model, shared by the CLI, the app and the exports; it sits
above io/, validate/ and model/ so that the model never touches the disk.

Fast at scale: files are parsed with orjson (io.geojson), validation results are remembered
by content hash (validate.cache: an unchanged directory is not checked again), and records
are typed with each distinct date string parsed once and repeated text kept once.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from shapely.geometry import shape

from controlmap.dates import PartialDate
from controlmap.errors import DataError, Problem, UsageError
from controlmap.io import blobcache, columns
from controlmap.io.atomic import content_hash
from controlmap.io.blobcache import make_key, source_fingerprint
from controlmap.io.datadir import (
    RawData,
    data_file_names,
    file_kind,
    layer_name,
    read_data_dir,
    resolve_data_dir,
)
from controlmap.io.featurelines import ChangedOnDisk, FeatureLines, NotCanonical, file_hash
from controlmap.io.geojson import decode_text, loads_json
from controlmap.model.claimtable import FIELDS, ClaimTable, DateTexts
from controlmap.model.dataset import Dataset
from controlmap.model.engine import DEFAULT_HORIZON_DAYS
from controlmap.model.records import Area, Event
from controlmap.validate.cache import cache_key, check_cached
from controlmap.validate.cache import load as cache_load
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


_TYPED = ("areas", "claims", "events")


class _Builder:
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
        self.kept.collections[name] = {**coll, "features": []} if kind in _TYPED else coll

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


def build_dataset(raw: RawData) -> Dataset:
    """Typed records from raw collections that already passed validation."""
    builder = _Builder(raw.data_dir, raw.hashes)
    for name, coll in raw.collections.items():
        builder.add(name, coll, coll["features"])
    return builder.dataset()


def load_known_valid(data_dir: str | Path | None = None,
                     today: date | None = None) -> Dataset | None:
    """The Dataset, when the validation cache says these exact bytes are clean; else None.

    Then nothing is parsed whole: the files are hashed in chunks, and areas, claims and
    events are typed one feature line at a time (io.featurelines), so memory holds the
    records, not the files' parsed trees (at 200,000 claims: about 100 MB, not 400). A file
    not in the canonical layout is read whole; a file rewritten since it was hashed sends
    the caller to the full path, which reads, checks and types everything afresh.
    """
    path = resolve_data_dir(data_dir)
    hashed = _hashed(path)
    if hashed is None or not _clean(path, hashed[1], today):
        return None
    return _typed(path, *hashed)


def known_valid(data_dir: str | Path | None = None, today: date | None = None) -> bool:
    """Whether the validation cache says the directory's bytes, as they are now, are clean
    (`load_known_valid` would load them), without typing anything."""
    path = resolve_data_dir(data_dir)
    hashed = _hashed(path)
    return hashed is not None and _clean(path, hashed[1], today)


def type_unchecked(data_dir: str | Path | None = None) -> Dataset | None:
    """Type a directory not yet known valid, filling the typed-claims cache ahead of its
    check: the app's lean load runs this in a child process beside the validator
    (webapp/loading.py). What it returns must not be shown. What it caches is keyed by the
    files' hashes and read only by `load_known_valid`, after the check finds those very
    bytes clean. Input the checks would reject may make it raise anything.
    The Dataset holds the areas, events and layers, not the claims (their columns go to
    the cache only), and the files are read whole: a child's memory goes when it ends."""
    path = resolve_data_dir(data_dir)
    hashed = _hashed(path)
    return None if hashed is None else _typed(path, *hashed, whole=True, claims=False)


def _hashed(path: Path) -> tuple[list[str], dict[str, str]] | None:
    """The data files' names and content hashes; None when one is unreadable or unknown
    (a problem the full path reports)."""
    try:
        names = data_file_names(path)
        if any(file_kind(n) is None for n in names):
            return None
        return names, {n: file_hash(path / n) for n in names}
    except OSError:
        return None


def _clean(path: Path, hashes: dict[str, str], today: date | None) -> bool:
    key = cache_key(RawData(path, hashes=hashes), today or date.today())
    return key is not None and cache_load(key) == []


def _typed(path: Path, names: list[str], hashes: dict[str, str], whole: bool = False,
           claims: bool = True) -> Dataset | None:
    """Typed records of the files as hashed, claims from the typed-claims cache where it
    has them; None when a file changed on disk since. Files are read a feature line at a
    time (memory), or `whole` (time); `claims` False leaves the claims out (_Builder)."""
    builder = _Builder(path, hashes, claims)
    try:
        for name in names:
            if file_kind(name) == "claims" and builder.add_cached(name):
                continue
            if file_kind(name) in _TYPED and not whole:
                lines = FeatureLines(path / name, hashes[name])
                try:
                    builder.add(name, lines.members, lines)
                    continue
                except NotCanonical:
                    pass  # read it whole below
            coll = _read_whole(path / name, hashes[name])
            builder.add(name, coll, coll["features"])
    except (ChangedOnDisk, OSError, DataError):
        return None
    return builder.dataset()


def _read_whole(path: Path, expected_hash: str) -> dict[str, Any]:
    """A file read whole. Its bytes passed the checks (their hash says so), or a child
    process that may fail reads them (`type_unchecked`): the pre-parse scan of io/limits
    (nesting, overflowing numbers; 0.45 s for 35 MB) is not needed again."""
    data = path.read_bytes()
    if content_hash(data) != expected_hash:
        raise ChangedOnDisk
    doc = loads_json(decode_text(data, path.name))
    if not isinstance(doc, dict):
        raise DataError(Problem(path.name, "", "", "not a JSON object"))
    return doc


def load_dataset(data_dir: str | Path | None = None, today: date | None = None) -> Dataset:
    """Read, validate and type a data directory; raise DataError listing every problem."""
    known = load_known_valid(data_dir, today)
    if known is not None:
        return known
    raw = read_data_dir(data_dir)
    problems = check_cached(raw, today)
    if problems:
        raise DataError(problems)
    raw.texts.clear()  # checked: free the file texts before the records are built
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
    known = load_known_valid(data_dir, today)
    if known is not None:
        return ValidParts(known, [])
    return read_check_type(data_dir, today)


def read_check_type(data_dir: str | Path | None, today: date | None) -> ValidParts:
    """Read, check (or take the cached verdict) and type: `load_valid_parts` once the
    directory is known not to be valid as it stands."""
    raw = read_data_dir(data_dir)
    problems = check_cached(raw, today)
    if not problems:
        raw.texts.clear()  # checked: free the file texts before the records are built
        return ValidParts(build_dataset(raw), [])
    part = salvage(raw, problems)
    if part.raw is None:
        return ValidParts(None, problems, part.dropped, part.reason)
    left = check_cached(part.raw, today, key_raw=raw, variant="salvaged")
    if left:  # dropping did not settle it: show nothing rather than guess
        return ValidParts(None, problems, part.dropped, f"{left[0].file} still has problems")
    return ValidParts(build_dataset(part.raw), problems, part.dropped)
