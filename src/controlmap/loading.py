"""Loading: read a data directory, validate it, and type it into a Dataset.

The one path from files to the model, shared by the CLI, the app and the exports; it sits
above io/, validate/ and model/ so that the model never touches the disk.

Fast at scale: files are parsed with orjson (io.geojson), validation results are remembered
by content hash (validate.cache: an unchanged directory is not checked again), and records
are typed with each distinct date string parsed once and repeated text kept once
(typed_records.py, which also keeps each claims file's typed columns by content hash).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from controlmap.errors import DataError, Problem, UsageError
from controlmap.io.atomic import content_hash
from controlmap.io.datadir import (
    RawData,
    data_file_names,
    file_kind,
    read_data_dir,
    resolve_data_dir,
)
from controlmap.io.featurelines import ChangedOnDisk, FeatureLines, NotCanonical, file_hash
from controlmap.io.geojson import decode_text, loads_json
from controlmap.model.dataset import Dataset
from controlmap.model.engine import DEFAULT_HORIZON_DAYS
from controlmap.typed_records import TYPED, Builder
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


def build_dataset(raw: RawData) -> Dataset:
    """Typed records from raw collections that already passed validation."""
    builder = Builder(raw.data_dir, raw.hashes)
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
    builder = Builder(path, hashes, claims)
    try:
        for name in names:
            if file_kind(name) == "claims" and builder.add_cached(name):
                continue
            if file_kind(name) in TYPED and not whole:
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
