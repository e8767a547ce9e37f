"""The one reader and the one canonical writer of GeoJSON feature collections.

Canonical form, so diffs stay small: collection members sorted, one feature per line,
feature members in the order type, id, properties, geometry; property keys sorted;
coordinates rounded to 6 decimals (about 0.1 m); UTF-8 text kept readable; a trailing
newline. Writes are atomic. Reads are bounded (io.limits): size, nesting, finite numbers.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

import orjson

from controlmap.errors import DataError, Problem
from controlmap.io.atomic import atomic_write_text
from controlmap.io.limits import MAX_DEPTH, MAX_FILE_BYTES, Scan, megabytes, scan

PRECISION = 6
_FEATURE_ORDER = ("type", "id", "properties", "geometry")


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; else a DataError naming it.

    Reads at most one byte past the limit, so `/dev/zero` or a runaway file costs nothing;
    opened without blocking, so a named pipe is refused instead of waited on. OSError
    (missing, unreadable) is left to the caller, which knows what the file is for.
    """
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DataError(Problem(path.name, "", "", "not a regular file (a device, pipe "
                                    "or directory)", "give a .geojson file"))
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise DataError(Problem(path.name, "", "", f"larger than {megabytes(MAX_FILE_BYTES)}, "
                                "the limit for one file", "split it, or simplify the geometries"))
    return data


def decode_text(data: bytes, name: str) -> str:
    """The bytes of a data file as text; not UTF-8 becomes a Problem naming the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(
            Problem(name, "", "", f"not UTF-8 text: {err}", "save the file as UTF-8")
        ) from None


def read_text(path: Path) -> str:
    return decode_text(read_bounded(path), Path(path).name)


class _NotJson(ValueError):
    """NaN or Infinity: Python's parser accepts them, JSON does not."""

    def __init__(self, token: str, message: str) -> None:
        super().__init__(message)
        self.token = token


def _constant(token: str) -> Any:
    raise _NotJson(token, f"{token} is not a JSON number")


def _line_of(text: str, token: str) -> str:
    """` at line L` of the first occurrence of `token`, for a message; "" when not found."""
    at = text.find(token)
    return f" at line {text.count(chr(10), 0, at) + 1}" if at >= 0 else ""


def loads_json(text: str) -> Any:
    """`json.loads` without NaN/Infinity, several times faster: orjson parses; what orjson
    refuses (a syntax error, NaN, huge integers, lone surrogates) goes to `json`, which
    gives the same result or the same error, with line and column, as before."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text, parse_constant=_constant)


def parse_collection(text: str, name: str) -> dict[str, Any]:
    """Parse GeoJSON text; a syntax error becomes a Problem with line and column.

    Too deep nesting (MAX_DEPTH) and numbers JSON cannot hold (NaN, Infinity, 1e999) are
    refused here, before anything recurses over the tree or tries to write it back.
    """
    return parse_scanned(text, name)[0]


def parse_scanned(text: str, name: str) -> tuple[dict[str, Any], Scan]:
    """`parse_collection`, with what the pre-parse scan saw (the keys the text writes: the
    validator's duplicate-key count reads them)."""
    if not text.strip():
        raise DataError(
            Problem(name, "", "", "empty file (no JSON at all)",
                    'restore it from git, or write {"type": "FeatureCollection", '
                    '"features": []}')
        )
    found = scan(text)
    if found.depth > MAX_DEPTH:
        raise DataError(Problem(name, "", "", f"nested deeper than {MAX_DEPTH} levels",
                                "GeoJSON needs about 8; fix or regenerate the file"))
    if found.overflow is not None:
        token = found.overflow
        raise DataError(Problem(name, "", "", f"invalid JSON{_line_of(text, token)}: number "
                                f"{token[:30]} is out of range (read as infinity)",
                                "write a finite number"))
    try:
        data = loads_json(text)
    except json.JSONDecodeError as err:
        raise DataError(
            Problem(
                name,
                "",
                "",
                f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}",
                "fix the syntax there; `controlmap fmt` rewrites a valid file canonically",
            )
        ) from None
    except _NotJson as err:
        raise DataError(Problem(name, "", "", f"invalid JSON{_line_of(text, err.token)}: "
                                f"{err}", "write a finite number")) from None
    except RecursionError:  # scan() guards this; kept so no input can crash a reader
        raise DataError(Problem(name, "", "", f"nested deeper than {MAX_DEPTH} levels",
                                "GeoJSON needs about 8; fix or regenerate the file")) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(
            Problem(name, "", "type", "not a GeoJSON FeatureCollection",
                    'the top level must be {"type": "FeatureCollection", "features": [...]}')
        )
    if not isinstance(data.get("features"), list):
        raise DataError(
            Problem(name, "", "features", "missing or not a list", "add \"features\": [...]")
        )
    return data, found


def read_collection(path: Path) -> dict[str, Any]:
    """Read a FeatureCollection as plain JSON (fast; geometry stays as GeoJSON dicts)."""
    path = Path(path)
    return parse_collection(read_text(path), path.name)


def _round(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("coordinates must be finite numbers")
        r = round(value, PRECISION)
        return 0.0 if r == 0 else r
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def canonical_geometry(geom: dict[str, Any] | None) -> dict[str, Any] | None:
    """Geometry with rounded coordinates and sorted members (GeometryCollections too)."""
    if geom is None:
        return None
    out: dict[str, Any] = {}
    for key in sorted(geom):
        val = geom[key]
        if key == "coordinates":
            val = _round(val)
        elif key == "geometries" and isinstance(val, list):
            val = [canonical_geometry(g) for g in val]
        out[key] = val
    return out


def canonical_feature(feature: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    keys = [k for k in _FEATURE_ORDER if k in feature] + sorted(
        k for k in feature if k not in _FEATURE_ORDER
    )
    for key in keys:
        val = feature[key]
        if key == "properties" and isinstance(val, dict):
            val = {k: val[k] for k in sorted(val)}
        elif key == "geometry" and isinstance(val, dict):
            val = canonical_geometry(val)
        out[key] = val
    out.setdefault("properties", {})
    out.setdefault("geometry", None)
    return out


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def canonical_dumps(collection: dict[str, Any]) -> str:
    """The canonical text of a collection: same data in, same bytes out."""
    lines = ["{", '"type": "FeatureCollection",']
    for key in sorted(k for k in collection if k not in ("type", "features")):
        lines.append(f"{_dump(key)}: {_dump(collection[key])},")
    features = [canonical_feature(f) for f in collection.get("features", [])]
    if not features:
        lines.append('"features": []')
    else:
        lines.append('"features": [')
        lines.extend(_dump(f) + ("," if i < len(features) - 1 else "")
                     for i, f in enumerate(features))
        lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_collection(
    path: Path, collection: dict[str, Any], expected_hash: str | None = None
) -> bool:
    """Write canonically and atomically; return True when the bytes on disk changed.

    A file that is a symbolic link stays one: the file it points to is rewritten.
    """
    path = Path(path)
    text = canonical_dumps(collection)
    try:
        if read_bounded(path) == text.encode("utf-8"):
            return False
    except (OSError, DataError):
        pass
    atomic_write_text(path, text, expected_hash, keep_link=True)
    return True


def feature_collection(features: list[dict[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **members, "features": features}
