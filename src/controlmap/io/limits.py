"""Bounds on what a data or source file may hold, so bad input gets one line, not a crash.

Python's JSON parser and everything after it (deepcopy, JSON Schema, the canonical writer)
recurse once per nesting level: `'[' * 100000` ends in RecursionError, and depth 900 already
breaks a deepcopy. GeoJSON needs about 8 levels (collection, features, feature, geometry,
coordinates, polygon, ring, position), so MAX_DEPTH leaves ample room for nested properties
while staying far from the interpreter's limit. File size and positions per geometry bound
memory and time (`/dev/zero` would otherwise be read for ever); the shipped data and the
DeepStateMap excerpts use well under 1% of each.
"""

from __future__ import annotations

import re

import numpy as np

MAX_DEPTH = 32  # nesting levels of arrays and objects in one JSON file
MAX_FILE_BYTES = 64 * 1024 * 1024  # one data or source file
MAX_POSITIONS = 200_000  # positions in one feature's geometry

# A JSON string literal (escapes included); brackets inside strings do not nest.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = np.zeros(256, dtype=np.int32)
_STEP[list(b"[{")] = 1
_STEP[list(b"]}")] = -1


def nesting_depth(text: str | bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text, without parsing it.

    Strings are cut out, every other byte but brackets is dropped, and numpy sums the rest:
    a few milliseconds for a 2 MB file. For text that is not valid JSON the number is only an
    estimate; the parser then reports the syntax error.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    return int(max(np.cumsum(_STEP[np.frombuffer(brackets, dtype=np.uint8)]).max(), 0))


def megabytes(n: int) -> str:
    """`64 MB`, or `0.5 MB` for small limits."""
    return f"{n / (1024 * 1024):.3g} MB"
