"""Validation results remembered by content, so an unchanged data directory is not checked again.

The CLI, the app and the exports all validate the whole directory before they use it; at
100,000 claims that is seconds of work repeated on every `controlmap state`. The result of
`check` depends only on the bytes of the files, the rules and the day (dates after today are
problems), so it is stored under a key made of exactly those:

- the sha256 of every data file's bytes (the bytes that were parsed, see io.datadir) and
  the problems met while reading (unknown names, files that did not parse);
- a fingerprint of the rules: the source of controlmap's validate/, io/ and schemas/ and
  the base modules, and the versions of the libraries that judge (jsonschema, jsonschema-rs,
  shapely and its GEOS);
- today's date.

A file whose bytes differ gives another key, so a stored result is never trusted for it.
Entries are small JSON files (data, never code) under $CONTROLMAP_CACHE, else
$XDG_CACHE_HOME/controlmap, else ~/.cache/controlmap: outside the data directory, never in
git. Each is written to a temporary file and renamed into place, so concurrent runs see a
whole entry or none; an unreadable entry is a miss. CONTROLMAP_CACHE=off turns it off, and
a cache directory that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path

from controlmap.errors import Problem
from controlmap.io.blobcache import cache_root, write_entry
from controlmap.io.datadir import RawData

FORMAT = 1
MAX_ENTRIES = 512
_PACKAGE = Path(__file__).resolve().parents[1]
_RULE_SOURCES = ("validate/*.py", "io/*.py", "schemas/*.json", "errors.py", "dates.py",
                 "vocabulary.py", "crs.py")
_JUDGES = ("jsonschema", "jsonschema-rs", "shapely", "orjson")


def cache_dir() -> Path | None:
    """Where validation results live (io.blobcache's root), or None when caching is off."""
    root = cache_root()
    return None if root is None else root / "validated"


@cache
def rules_fingerprint() -> str:
    """Changes whenever the code or a library that decides what is valid changes."""
    import shapely

    h = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for pattern in _RULE_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    for dist in _JUDGES:
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=absent\0".encode())
    h.update(shapely.geos_version_string.encode())
    return h.hexdigest()


def cache_key(raw: RawData, today: date, variant: str = "") -> str | None:
    """The key of `raw`'s result on `today`; None when a parsed file has no recorded hash
    (a collection built in memory, not read from disk), which is never cached."""
    if any(name not in raw.hashes for name in raw.collections):
        return None
    h = hashlib.sha256()
    for part in (rules_fingerprint(), today.isoformat(), variant):
        h.update(part.encode() + b"\0")
    for name in sorted(raw.hashes):
        h.update(f"{name}\0{raw.hashes[name]}\0".encode())
    for p in raw.problems:
        h.update(repr(p).encode() + b"\0")
    return h.hexdigest()


def load(key: str) -> list[Problem] | None:
    """The stored problems for `key`, or None (no entry, caching off, or unreadable)."""
    root = cache_dir()
    if root is None:
        return None
    try:
        doc = json.loads((root / f"{key}.json").read_text("utf-8"))
        if doc.get("format") != FORMAT or doc.get("key") != key:
            return None
        return [Problem(*row) for row in doc["problems"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(key: str, problems: list[Problem]) -> None:
    """Remember `problems` for `key`; any OS error only means it is not remembered."""
    root = cache_dir()
    if root is None:
        return
    doc = {"format": FORMAT, "key": key,
           "problems": [[p.file, p.feature, p.field, p.message, p.hint] for p in problems]}
    # one entry per directory state and day: the newest MAX_ENTRIES are kept
    write_entry(root, f"{key}.json", json.dumps(doc, ensure_ascii=False).encode(),
                MAX_ENTRIES, "*.json")


def check_cached(raw: RawData, today: date | None = None, *, key_raw: RawData | None = None,
                 variant: str = "") -> list[Problem]:
    """`validate.check(raw, today)`, or its stored result for the same bytes, rules and day.

    `key_raw` and `variant` key a derived collection (the valid part left by salvage, which
    has no hashes of its own) by the directory it came from.
    """
    from controlmap.validate import check

    today = today or date.today()
    key = cache_key(key_raw or raw, today, variant)
    if key is not None:
        found = load(key)
        if found is not None:
            return found
    problems = check(raw, today)
    if key is not None:
        store(key, problems)
    return problems
