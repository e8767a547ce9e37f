"""Vet-then-write: a change to one file is checked as part of the whole directory first.

The would-be data (every file as read, with the changed collection in place) goes through
`validate.check`; the change is refused when it introduces problems that were not there
before. The write is atomic and refuses when the file changed since it was read, so two
editors saving at once never lose an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from controlmap import validate
from controlmap.errors import ConflictError, DataError, Problem
from controlmap.io.atomic import content_hash, file_hash
from controlmap.io.datadir import RawData
from controlmap.io.geojson import canonical_dumps, write_collection


class ChangeRefused(DataError):
    """The change would introduce validation problems; nothing was written."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        super().__init__(problems)
        head = (
            f"{name}: change refused, it would introduce {len(problems)} problem(s); "
            "nothing was written"
        )
        self.args = (head + "\n" + "\n".join(f"  {p}" for p in problems),)


def would_be(raw: RawData, name: str, collection: dict[str, Any] | None) -> RawData:
    """A copy of `raw` with `collection` as file `name` (None: the file is gone)."""
    collections = dict(raw.collections)
    texts = dict(raw.texts)
    hashes = dict(raw.hashes)
    if collection is None:
        for d in (collections, texts, hashes):
            d.pop(name, None)
    else:
        text = canonical_dumps(collection)
        collections[name] = collection
        texts[name] = text
        hashes[name] = content_hash(text.encode("utf-8"))
    problems = [p for p in raw.problems if p.file != name]
    return replace(raw, collections=collections, texts=texts, hashes=hashes, problems=problems)


def vet(
    raw: RawData, name: str, collection: dict[str, Any], today: date | None = None
) -> list[Problem]:
    """The problems the change to `name` would introduce; [] means it is safe to write."""
    before = validate.check(raw, today=today)
    after = validate.check(would_be(raw, name, collection), today=today)
    return validate.introduced(before, after)


def ensure_readable(raw: RawData, name: str) -> None:
    """Refuse to rewrite a file that exists but did not parse: its content would be lost."""
    broken = [p for p in raw.problems if p.file == name]
    if broken:
        raise DataError(broken + [Problem(name, "", "", "cannot be edited until it parses",
                                          "fix the problem above by hand, then try again")])


def ensure_unchanged_since(raw: RawData, name: str, read_hashes: Mapping[str, str] | None) -> None:
    """With the hashes an editor saw, refuse when `name` changed since (ConflictError)."""
    if read_hashes is None:
        return
    if raw.hashes.get(name) != read_hashes.get(name):
        raise ConflictError(
            f"{name}: changed since you read it (someone else saved first); nothing was "
            "written (reload, check the other change, and apply yours again)"
        )


def commit(
    raw: RawData, name: str, collection: dict[str, Any], today: date | None = None
) -> bool:
    """Vet, then write `name` atomically if it is still the file `raw` read.

    Returns True when the bytes on disk changed. Raises ChangeRefused (nothing written) or
    ConflictError (the file changed on disk meanwhile; nothing written).
    """
    ensure_readable(raw, name)
    problems = vet(raw, name, collection, today)
    if problems:
        raise ChangeRefused(name, problems)
    path = raw.data_dir / name
    expected = raw.hashes.get(name)
    if expected is None and file_hash(path) is not None:
        raise ConflictError(
            f"{name}: was created by someone else since it was read; nothing was written "
            "(reload and apply your change again)"
        )
    return write_collection(path, collection, expected_hash=expected)
