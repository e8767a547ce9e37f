"""Identity and references: ids unique within a kind, no claim twice, `area` and `parent`
naming real areas.

Ids are unique per kind across files (claims.geojson and claims-<layer>.geojson share one
id space), so a claim id names one claim wherever it is stored.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

import orjson

from controlmap.errors import Problem
from controlmap.validate.features import Item


def check_unique_ids(items: list[Item]) -> list[Problem]:
    first: dict[tuple[str, str], Item] = {}
    problems: list[Problem] = []
    for item in items:
        fid = item.fid
        if fid is None:
            continue
        seen = first.setdefault((item.kind, fid), item)
        if seen is not item:
            problems.append(item.problem(
                "properties.id",
                f"duplicate id '{fid}' in {item.kind}: {seen.where} and {item.where}",
                f"rename one; ids are unique among {item.kind} across files"))
    return problems


def check_duplicate_claims(items: list[Item]) -> list[Problem]:
    """A claim equal to an earlier one in every field but its id says nothing new; it would
    only count one source twice. An empty field and an absent one say the same (no value).
    Reported on the later one (file, then feature order)."""
    # Claims are first put in buckets by a few fields (equal claims share a bucket); the
    # whole canonical key is made only inside a bucket of two or more: at 100,000 claims
    # that is a few, where a key for every claim took 0.75 s.
    buckets: dict[tuple[Any, ...], Any] = {}  # the first claim; a list once there are two
    problems: list[Problem] = []
    for item in items:
        if item.kind != "claims":
            continue
        bucket = _bucket(item)
        members = buckets.get(bucket)
        if members is None:
            buckets[bucket] = item
            continue
        if isinstance(members, Item):
            members = buckets[bucket] = [[_claim_key(members), members]]
        key = _claim_key(item)
        seen = next((m[1] for m in members if m[0] == key), None)
        if seen is None:
            members.append([key, item])
            continue
        problems.append(item.problem(
            "properties.id",
            f"the same claim as '{seen.label}' ({seen.where}): every field but the id is "
            "equal", f"remove one: `controlmap claim remove {item.label}`"))
    return problems


def _bucket(item: Item) -> tuple[Any, ...]:
    """Fields that equal claims share ("" and absent alike); a value that cannot be
    hashed (the schema reports it) puts the claim in a bucket by its whole key."""
    get = item.props.get
    got = (get("area") or None, get("date") or None, get("status") or None,
           get("claimant") or None, get("source_url") or None, get("published") or None)
    try:
        hash(got)
    except TypeError:
        return ("", _claim_key(item))
    return got


def _claim_key(item: Item) -> bytes:
    """Every field but the id, empty ones left out, and the geometry, canonically."""
    rest = {k: v for k, v in item.props.items() if k != "id" and v not in ("", None)}
    return _key([rest, item.feature.get("geometry")])


def _key(value: object) -> bytes:
    """`value` as canonical JSON bytes (orjson: a tenth of json's time at 100,000 claims);
    what orjson cannot write (an integer past 64 bits) goes through json."""
    try:
        return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=True, default=str).encode()


def area_ids(items: list[Item]) -> set[str]:
    return {i.fid for i in items if i.kind == "areas" and i.fid is not None}


def _unknown(item: Item, key: str, known: set[str]) -> Problem:
    value = str(item.props.get(key))
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "use the id of an area in areas.geojson"
    if key == "parent":
        hint += " (or null for a top-level area)"
    return item.problem(f"properties.{key}", f"unknown {key} '{value}'", hint)


def check_references(items: list[Item], *, areas_read: bool = True) -> list[Problem]:
    """Unknown `parent` and `area` ids. When areas.geojson could not be read (missing, or
    broken JSON, reported on its own), claims' and events' areas are not checked: every one
    would be unknown, and the one real problem would drown in the cascade."""
    known = area_ids(items)
    problems: list[Problem] = []
    for item in items:
        key = "parent" if item.kind == "areas" else "area"
        if item.kind not in ("areas", "claims", "events"):
            continue
        if key == "area" and not areas_read:
            continue
        value = item.props.get(key)
        if isinstance(value, str) and value and value not in known:
            problems.append(_unknown(item, key, known))
    return problems
