"""Add, edit and remove one claim: the single code path of the CLI and the Edit page.

Each operation reads the data directory, builds the changed collection in memory, checks the
fields (bad values are usage errors), vets the would-be data with the validator and writes
once, atomically, refusing when the file changed since it was read.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from controlmap.edit.claim_fields import EDITABLE, OPTIONAL, InputError, check_fields, normalise
from controlmap.edit.ids import claim_id
from controlmap.edit.transaction import (
    ChangeRefused,
    commit,
    ensure_readable,
    ensure_unchanged_since,
    vet,
)
from controlmap.errors import Problem, UsageError
from controlmap.io.atomic import content_hash
from controlmap.io.datadir import RawData, read_data_dir
from controlmap.io.geojson import canonical_dumps, feature_collection

CLAIMS_FILE = "claims.geojson"


@dataclass
class ClaimChange:
    """What an operation did (or, for a check, would do) to which claim in which file."""

    action: str  # "add", "edit" or "remove"
    id: str
    file: str
    properties: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)  # input + introduced problems
    written: bool = False
    new_hash: str | None = None  # hash of the file as written, for the next conflict check

    @property
    def ok(self) -> bool:
        return not self.problems


def area_ids(raw: RawData) -> set[str]:
    ids: set[str] = set()
    for coll in raw.of_kind("areas").values():
        for feat in coll.get("features", []):
            props = feat.get("properties") if isinstance(feat, dict) else None
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                ids.add(props["id"])
    return ids


def claim_ids(raw: RawData) -> dict[str, tuple[str, int]]:
    """Every claim id in the directory -> (file name, feature index)."""
    out: dict[str, tuple[str, int]] = {}
    for name, coll in raw.of_kind("claims").items():
        for i, feat in enumerate(coll.get("features", [])):
            props = feat.get("properties") if isinstance(feat, dict) else None
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                out.setdefault(props["id"], (name, i))
    return out


def _claims_collection(raw: RawData, name: str) -> dict[str, Any]:
    coll = raw.collections.get(name)
    return copy.deepcopy(coll) if coll is not None else feature_collection([])


def _locate(raw: RawData, cid: str) -> tuple[str, int]:
    where = claim_ids(raw).get(cid)
    if where is None:
        raise UsageError(f"{CLAIMS_FILE}:{cid}:id: no claim with this id in {raw.data_dir} "
                         "(ids are the `id` properties in claims*.geojson)")
    return where


def _plan_add(raw: RawData, values: Mapping[str, Any], today: date | None) -> tuple[
    ClaimChange, dict[str, Any]
]:
    props = normalise(values)
    props.pop("id", None)
    area = str(props.get("area") or "")
    cid = claim_id(str(props.get("date") or ""), str(props.get("claimant") or ""), area,
                   claim_ids(raw))
    problems = check_fields(props, file=CLAIMS_FILE, feature=cid, area_ids=area_ids(raw),
                            has_geometry=False, today=today)
    props["id"] = cid
    coll = _claims_collection(raw, CLAIMS_FILE)
    coll["features"].append({"type": "Feature", "properties": props, "geometry": None})
    return ClaimChange("add", cid, CLAIMS_FILE, props, problems), coll


def _plan_edit(raw: RawData, cid: str, changes: Mapping[str, Any], today: date | None) -> tuple[
    ClaimChange, dict[str, Any]
]:
    name, index = _locate(raw, cid)
    coll = _claims_collection(raw, name)
    feat = coll["features"][index]
    props = dict(feat.get("properties") or {})
    problems: list[Problem] = []
    for key, value in changes.items():
        if key not in EDITABLE:
            problems.append(Problem(name, cid, key, "not an editable claim property",
                                    f"edit one of {', '.join(EDITABLE)}"))
            continue
        text = value.strip() if isinstance(value, str) else value
        if text is None or text == "":
            if key not in OPTIONAL and key != "area":
                problems.append(Problem(name, cid, key, "a required field cannot be removed"))
            props.pop(key, None)
        else:
            props[key] = text
    has_geometry = feat.get("geometry") is not None
    problems += check_fields(props, file=name, feature=cid, area_ids=area_ids(raw),
                             has_geometry=has_geometry, today=today)
    feat["properties"] = props
    return ClaimChange("edit", cid, name, props, problems), coll


def _plan_remove(raw: RawData, cid: str) -> tuple[ClaimChange, dict[str, Any]]:
    name, index = _locate(raw, cid)
    coll = _claims_collection(raw, name)
    feat = coll["features"].pop(index)
    return ClaimChange("remove", cid, name, dict(feat.get("properties") or {})), coll


def _run(
    raw: RawData,
    plan: tuple[ClaimChange, dict[str, Any]],
    *,
    read_hashes: Mapping[str, str] | None,
    today: date | None,
    dry_run: bool,
) -> ClaimChange:
    change, coll = plan
    if dry_run:
        if not change.problems:
            ensure_readable(raw, change.file)
            change.problems = vet(raw, change.file, coll, today)
        return change
    if change.problems:
        raise InputError(change.problems)
    ensure_unchanged_since(raw, change.file, read_hashes)
    try:
        change.written = commit(raw, change.file, coll, today)
    except ChangeRefused as err:
        change.problems = err.problems
        raise
    change.new_hash = content_hash(canonical_dumps(coll).encode("utf-8"))
    return change


def add_claim(
    data_dir: str | Path | None,
    values: Mapping[str, Any],
    *,
    read_hashes: Mapping[str, str] | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> ClaimChange:
    """Add an area claim to claims.geojson; return it with its new id.

    `read_hashes` are the file hashes the editor saw (the Edit page); the save is refused
    when the target file changed since. `dry_run` returns the verdict without writing.
    """
    raw = read_data_dir(data_dir)
    return _run(raw, _plan_add(raw, values, today), read_hashes=read_hashes, today=today,
                dry_run=dry_run)


def edit_claim(
    data_dir: str | Path | None,
    cid: str,
    changes: Mapping[str, Any],
    *,
    read_hashes: Mapping[str, str] | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> ClaimChange:
    """Change fields of claim `cid` in whichever claims file holds it; "" removes a field."""
    raw = read_data_dir(data_dir)
    return _run(raw, _plan_edit(raw, cid, changes, today), read_hashes=read_hashes,
                today=today, dry_run=dry_run)


def remove_claim(
    data_dir: str | Path | None,
    cid: str,
    *,
    read_hashes: Mapping[str, str] | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> ClaimChange:
    """Remove claim `cid` from whichever claims file holds it."""
    raw = read_data_dir(data_dir)
    return _run(raw, _plan_remove(raw, cid), read_hashes=read_hashes, today=today,
                dry_run=dry_run)
