"""A canonical data file read one feature line at a time, never holding the whole file.

The canonical writer (io.geojson.canonical_dumps) puts the collection's members and then
one feature per line. A file already validated need not be parsed whole (at 200,000 claims
the parsed tree alone is about 260 MB); the loader types each feature as it is read. Every
line is checked against that layout, and anything else (a hand-edited file, CRLF line ends)
raises NotCanonical, so the caller reads the file whole instead. The bytes are hashed as
they are read and compared with the hash the caller validated: a file rewritten meanwhile
raises ChangedOnDisk rather than yield features that were never checked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

_OPEN = b"{\n"
_TYPE = b'"type": "FeatureCollection",\n'
_FEATURES = b'"features": [\n'
_NO_FEATURES = b'"features": []\n'
_END_FEATURES = b"]\n"
_CLOSE = b"}\n"
_CHUNK = 1 << 20


class NotCanonical(Exception):  # noqa: N818 (a condition, not an error to show)
    """The file is not in the canonical one-feature-per-line layout."""


class ChangedOnDisk(Exception):  # noqa: N818
    """The file's bytes are no longer the ones whose hash the caller checked."""


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes (as io.atomic.content_hash), read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


class FeatureLines:
    """Iterate a canonical file's features; `members` holds the collection's other members
    (`type` included) once iteration has begun. Iterate once."""

    def __init__(self, path: Path, expected_hash: str) -> None:
        self.path = Path(path)
        self.expected_hash = expected_hash
        self.members: dict[str, Any] = {}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        h = hashlib.sha256()
        with open(self.path, "rb") as fh:
            def line() -> bytes:
                got = fh.readline()
                h.update(got)
                return got

            if line() != _OPEN or line() != _TYPE:
                raise NotCanonical
            self.members["type"] = "FeatureCollection"
            head = line()
            while head not in (_FEATURES, _NO_FEATURES):
                if not head.endswith(b",\n"):
                    raise NotCanonical
                self.members.update(_loads(b"{" + head[:-2] + b"}"))
                head = line()
            if head == _FEATURES:
                text = line()
                while True:
                    last = not text.endswith(b",\n")
                    if not text.endswith(b"\n") or text == _END_FEATURES:
                        raise NotCanonical
                    feature = _loads(text[:-1] if last else text[:-2])
                    if not isinstance(feature, dict):
                        raise NotCanonical
                    yield feature
                    text = line()
                    if last:
                        break
                if text != _END_FEATURES:
                    raise NotCanonical
            if line() != _CLOSE or line() != b"":
                raise NotCanonical
        if h.hexdigest() != self.expected_hash:
            raise ChangedOnDisk


def _loads(text: bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise NotCanonical from None
