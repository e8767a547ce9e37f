"""Locked, vetted writes: the one way anything in this project changes a data file.

Every writer (claim add/edit/remove, the Edit page, import series, fmt) goes through here:

1. take the data directory's lock (`io.lock.data_lock`: one writer at a time, bounded wait);
2. remove temp files that crashed writers left behind;
3. read the directory under the lock; a change prepared from an earlier read is refused when
   its file changed since (ConflictError: a stale read never overwrites a newer file);
4. refuse a file that cannot be rewritten without losing something (a repeated key, a value
   the canonical form would change) - the same rule as `controlmap fmt`;
5. vet the would-be directory with the validator, the only rule set: refused when the change
   introduces problems that were not there before;
6. write atomically, then release the lock.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from controlmap import validate
from controlmap.errors import ConflictError, DataError, Problem
from controlmap.io.atomic import content_hash, file_hash, remove_stale_temps
from controlmap.io.datadir import RawData, read_data_dir, resolve_data_dir
from controlmap.io.geojson import canonical_dumps, write_collection
from controlmap.io.lock import data_lock
from controlmap.validate.canonical import canonical_text
from controlmap.validate.jsontext import duplicate_keys


class ChangeRefused(DataError):
    """The change would introduce validation problems; nothing was written."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        super().__init__(problems)
        head = (
            f"{name}: change refused, it would introduce {len(problems)} problem(s); "
            "nothing was written"
        )
        self.args = (head + "\n" + "\n".join(f"  {p}" for p in problems),)


@contextmanager
def locked_read(data_dir: str | Path | None, command: str | None = None) -> Iterator[RawData]:
    """Hold the directory's write lock and yield the directory as read under it.

    Whatever the caller writes before the block ends is based on the files as they are:
    no other writer can change them meanwhile.
    """
    path = resolve_data_dir(data_dir)
    with data_lock(path, command) as took:
        if took:
            remove_stale_temps(path)
        yield read_data_dir(path)


def would_be(raw: RawData, name: str, collection: dict[str, Any] | None) -> RawData:
    """A copy of `raw` with `collection` as file `name` (None: the file is gone).

    The collection is stored as it will read back from disk (its canonical text parsed),
    so the validator judges exactly the bytes that would be written.
    """
    collections = dict(raw.collections)
    texts = dict(raw.texts)
    hashes = dict(raw.hashes)
    keys_written = dict(raw.keys_written)
    keys_written.pop(name, None)  # counted on the old text; the validator counts the new one
    if collection is None:
        for d in (collections, texts, hashes):
            d.pop(name, None)
    else:
        text = canonical_dumps(collection)
        collections[name] = json.loads(text)
        texts[name] = text
        hashes[name] = content_hash(text.encode("utf-8"))
    problems = [p for p in raw.problems if p.file != name]
    return replace(raw, collections=collections, texts=texts, hashes=hashes, problems=problems,
                   keys_written=keys_written)


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


def ensure_rewritable(raw: RawData, name: str, collection: dict[str, Any]) -> None:
    """Refuse a write that would silently lose part of the file (as `controlmap fmt` does).

    A key repeated in one object keeps only its last value once parsed, so rewriting the
    file would drop the other; a value the canonical form cannot hold would change.
    """
    dupes = (duplicate_keys(name, raw.texts[name], written=raw.keys_written.get(name))
             if name in raw.texts else [])
    if dupes:
        raise DataError(dupes + [Problem(
            name, "", "", "cannot be rewritten without losing one of the repeated values "
            "(fmt refuses it too); nothing was written", "remove one by hand, then try again")])
    try:
        canonical_text(collection)
    except ValueError as err:
        raise DataError(Problem(name, "", "", f"cannot be rewritten: {err}; nothing was "
                                "written", "fix it by hand, then try again")) from None


def ensure_unchanged_since(raw: RawData, name: str, read_hashes: Mapping[str, str] | None) -> None:
    """With the hashes an editor saw, refuse when `name` changed since (ConflictError)."""
    if read_hashes is None:
        return
    if raw.hashes.get(name) != read_hashes.get(name):
        raise ConflictError(
            f"{name}: changed since you read it (someone else saved first); nothing was "
            "written (reload, check the other change, and apply yours again)"
        )


def check(raw: RawData, name: str, collection: dict[str, Any],
          today: date | None = None) -> list[Problem]:
    """What stands in the way of writing `collection` as `name`; raise for an unusable file."""
    ensure_readable(raw, name)
    ensure_rewritable(raw, name, collection)
    return vet(raw, name, collection, today)


def commit(
    raw: RawData, name: str, collection: dict[str, Any], today: date | None = None,
    command: str | None = None,
) -> bool:
    """Check, then write `name` atomically, all under the directory's lock.

    `raw` is what the change was prepared from. When the caller does not hold the lock
    already, the directory is re-read under it and the change is refused (ConflictError)
    if `name` changed since `raw` was read; it is then vetted against the fresh files.
    Returns True when the bytes on disk changed. Raises ChangeRefused, ConflictError or
    DataError; in every case nothing was written.
    """
    with data_lock(raw.data_dir, command) as took:
        if took:
            remove_stale_temps(raw.data_dir)
            fresh = read_data_dir(raw.data_dir)
            if fresh.hashes.get(name) != raw.hashes.get(name):
                raise ConflictError(
                    f"{name}: changed on disk since it was read; nothing was written "
                    "(run the command again: it reads the file afresh)")
            raw = fresh
        problems = check(raw, name, collection, today)
        if problems:
            raise ChangeRefused(name, problems)
        path = raw.data_dir / name
        expected = raw.hashes.get(name)
        if expected is None and file_hash(path) is not None:
            raise ConflictError(
                f"{name}: was created by someone else since it was read; nothing was "
                "written (reload and apply your change again)"
            )
        return write_collection(path, collection, expected_hash=expected)
