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

import math
import re
from dataclasses import dataclass

import numpy as np

MAX_DEPTH = 32  # nesting levels of arrays and objects in one JSON file
MAX_FILE_BYTES = 64 * 1024 * 1024  # one data or source file
MAX_POSITIONS = 200_000  # positions in one feature's geometry

_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = np.zeros(256, dtype=np.int32)
_STEP[list(b"[{")] = 1
_STEP[list(b"]}")] = -1


_EXPONENT = re.compile(rb"[eE]\+?\d{3,}")  # where a number could exceed a double's range
_LONG_NUMBER = re.compile(rb"-?\d{309,}(?:\.\d*)?(?:[eE][+-]?\d+)?")
_DIGITS_AS_ZERO = bytes(ord("0") if chr(c).isdigit() and c < 128 else c for c in range(256))


@dataclass(frozen=True)
class Scan:
    """What a look at raw JSON text found, before it is parsed."""

    depth: int  # deepest nesting of arrays and objects
    overflow: str | None  # the first number literal a double cannot hold (1e999), if any
    keys: int = 0  # object keys written (each is followed by the only `:` outside strings)


def outside_strings(data: bytes) -> bytes:
    """`data` with every string literal cut out, quotes included (brackets and colons in
    strings mean nothing), in a few numpy passes instead of a regex over every byte (1.2 s
    for the 35 MB of 100,000 claims). A quote after an odd run of backslashes is escaped;
    an unclosed last string stays, as the regex leaves it."""
    b = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(b == 0x22)
    if not len(quotes):
        return data
    after_backslash = quotes[(quotes > 0) & (b[np.maximum(quotes - 1, 0)] == 0x5C)]
    if len(after_backslash):
        escaped = []
        for q in after_backslash.tolist():  # rare: escaped quotes in text
            k = q - 1
            while k >= 0 and data[k] == 0x5C:
                k -= 1
            if (q - 1 - k) % 2:
                escaped.append(q)
        quotes = np.setdiff1d(quotes, np.asarray(escaped, dtype=quotes.dtype))
    pairs = len(quotes) // 2
    step = np.zeros(len(b) + 1, dtype=np.int8)
    step[quotes[0:2 * pairs:2]] = 1
    step[quotes[1:2 * pairs:2] + 1] = -1
    inside = np.cumsum(step[:-1], dtype=np.int8)
    return b[inside == 0].tobytes()


def scan(text: str | bytes) -> Scan:
    """Nesting depth and overflowing numbers of JSON text, without parsing it.

    Strings are cut out first (brackets and digits inside them mean nothing); then numpy
    sums the brackets, and _overflow looks for numbers. A few milliseconds for a 1 MB file,
    where a `parse_float` hook would double the parser's time. For text that is not valid
    JSON the result is only an estimate; the parser then reports the syntax error.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    outside = outside_strings(data)
    brackets = outside.translate(None, _NOT_BRACKETS)
    depth = 0
    if brackets:
        steps = _STEP[np.frombuffer(brackets, dtype=np.uint8)]
        depth = int(max(np.cumsum(steps).max(), 0))
    return Scan(depth, _overflow(outside), outside.count(b":"))


def _overflow(outside: bytes) -> str | None:
    """The first number literal that parses to infinity; cheap when there is none.

    Only a 3-digit exponent or 309 digits can overflow, so the regexes run only when the
    text (strings cut out) holds an `e` outside `true`/`false`, or such a run of digits.
    """
    candidates: list[bytes] = []
    letters = outside.replace(b"true", b"").replace(b"false", b"")
    if b"e" in letters or b"E" in letters:
        for m in _EXPONENT.finditer(outside):
            start = m.start()
            while start > 0 and outside[start - 1] in b"+-.0123456789":
                start -= 1
            candidates.append(outside[start:m.end()])
    if b"0" * 309 in outside.translate(_DIGITS_AS_ZERO):
        candidates += [m.group() for m in _LONG_NUMBER.finditer(outside)]
    for token in candidates:
        text = token.decode("ascii")
        if not any(c in text for c in ".eE"):
            continue  # an integer: Python keeps it exact
        try:
            if math.isinf(float(text)):
                return text
        except ValueError:
            continue  # not a number after all; the parser will say so
    return None


def nesting_depth(text: str | bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text (see scan)."""
    return scan(text).depth


def megabytes(n: int) -> str:
    """`64 MB`, or `0.5 MB` for small limits."""
    return f"{n / (1024 * 1024):.3g} MB"
