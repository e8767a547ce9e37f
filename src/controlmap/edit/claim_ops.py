"""Add, edit and remove one claim: the single code path of the CLI and the Edit page.

A save takes the data directory's lock, reads the files under it, builds the changed
collection in memory, has the validator judge the would-be directory, and writes once,
atomically (edit.transaction). A check (`dry_run`) reads and judges without the lock and
writes nothing. The validator is the only rule set: a change is refused exactly when it
would introduce a problem `controlmap validate` would report.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from controlmap.edit.claim_fields import InputError, normalise
from controlmap.edit.ids import claim_id
from controlmap.edit.transaction import (
    ChangeRefused,
    check,
    commit,
    ensure_unchanged_since,
    locked_read,
)
from controlmap.errors import DataError, Problem, UsageError
from controlmap.io.atomic import content_hash
from controlmap.io.datadir import RawData, file_kind, read_data_dir
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
    if where is not None:
        return where
    unread = sorted({p.file for p in raw.problems if file_kind(p.file) == "claims"})
    if unread:
        broken = [p for p in raw.problems if p.file in unread]
        raise DataError(broken + [Problem(
            unread[0], cid, "id", f"not found, and {', '.join(unread)} could not be read; "
            "the claim may be in there", "fix the problem above, then try again")])
    raise UsageError(f"{CLAIMS_FILE}:{cid}:id: no claim with this id in {raw.data_dir} "
                     "(ids are the `id` properties in claims*.geojson)")


def _plan_add(raw: RawData, values: Mapping[str, Any]) -> tuple[ClaimChange, dict[str, Any]]:
    props = normalise(values)
    props.pop("id", None)
    area = str(props.get("area") or "")
    cid = claim_id(str(props.get("date") or ""), str(props.get("claimant") or ""), area,
                   claim_ids(raw))
    props = {"id": cid, **props}
    coll = _claims_collection(raw, CLAIMS_FILE)
    coll["features"].append({"type": "Feature", "properties": props, "geometry": None})
    return ClaimChange("add", cid, CLAIMS_FILE, props), coll


def _plan_edit(raw: RawData, cid: str, changes: Mapping[str, Any]) -> tuple[
    ClaimChange, dict[str, Any]
]:
    name, index = _locate(raw, cid)
    coll = _claims_collection(raw, name)
    feat = coll["features"][index]
    props = dict(feat.get("properties") or {})
    problems: list[Problem] = []
    for key, value in changes.items():
        if key == "id":
            problems.append(Problem(name, cid, "id", "an id cannot be edited",
                                    "remove the claim and add it again under a new id"))
            continue
        text = value.strip() if isinstance(value, str) else value
        if text is None or text == "":
            props.pop(key, None)
        else:
            props[key] = text
    feat["properties"] = props
    return ClaimChange("edit", cid, name, props, problems), coll


def _plan_remove(raw: RawData, cid: str) -> tuple[ClaimChange, dict[str, Any]]:
    name, index = _locate(raw, cid)
    coll = _claims_collection(raw, name)
    feat = coll["features"].pop(index)
    return ClaimChange("remove", cid, name, dict(feat.get("properties") or {})), coll


def _own(change: ClaimChange, problems: list[Problem]) -> bool:
    """True when every problem is about the claim being changed: the editor's values."""
    return bool(problems) and all(p.file == change.file and p.feature == change.id
                                  for p in problems)


def _check(raw: RawData, plan: tuple[ClaimChange, dict[str, Any]],
           today: date | None) -> ClaimChange:
    change, coll = plan
    if not change.problems:
        change.problems = check(raw, change.file, coll, today)
    return change


def _save(raw: RawData, plan: tuple[ClaimChange, dict[str, Any]], *,
          read_hashes: Mapping[str, str] | None, today: date | None) -> ClaimChange:
    """Write the planned change; `raw` was read under the directory's lock."""
    change, coll = plan
    if change.problems:
        raise InputError(change.problems)
    ensure_unchanged_since(raw, change.file, read_hashes)
    try:
        change.written = commit(raw, change.file, coll, today)
    except ChangeRefused as err:
        change.problems = err.problems
        if change.action != "remove" and _own(change, err.problems):
            raise InputError(err.problems) from None
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
    command: str | None = None,
) -> ClaimChange:
    """Add an area claim to claims.geojson; return it with its new id.

    `read_hashes` are the file hashes the editor saw (the Edit page); the save is refused
    when the target file changed since. `dry_run` returns the verdict without writing.
    `command` names the writer in the lock's info file.
    """
    if dry_run:
        raw = read_data_dir(data_dir)
        return _check(raw, _plan_add(raw, values), today)
    with locked_read(data_dir, command) as raw:
        return _save(raw, _plan_add(raw, values), read_hashes=read_hashes, today=today)


def edit_claim(
    data_dir: str | Path | None,
    cid: str,
    changes: Mapping[str, Any],
    *,
    read_hashes: Mapping[str, str] | None = None,
    today: date | None = None,
    dry_run: bool = False,
    command: str | None = None,
) -> ClaimChange:
    """Change fields of claim `cid` in whichever claims file holds it; "" removes a field."""
    if dry_run:
        raw = read_data_dir(data_dir)
        return _check(raw, _plan_edit(raw, cid, changes), today)
    with locked_read(data_dir, command) as raw:
        return _save(raw, _plan_edit(raw, cid, changes), read_hashes=read_hashes, today=today)


def remove_claim(
    data_dir: str | Path | None,
    cid: str,
    *,
    read_hashes: Mapping[str, str] | None = None,
    today: date | None = None,
    dry_run: bool = False,
    command: str | None = None,
) -> ClaimChange:
    """Remove claim `cid` from whichever claims file holds it."""
    if dry_run:
        raw = read_data_dir(data_dir)
        return _check(raw, _plan_remove(raw, cid), today)
    with locked_read(data_dir, command) as raw:
        return _save(raw, _plan_remove(raw, cid), read_hashes=read_hashes, today=today)
