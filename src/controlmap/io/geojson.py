"""The one reader and the one canonical writer of GeoJSON feature collections.

Canonical form, so diffs stay small: collection members sorted, one feature per line,
feature members in the order type, id, properties, geometry; property keys sorted;
coordinates rounded to 6 decimals (about 0.1 m); UTF-8 text kept readable; a trailing
newline. Writes are atomic.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import orjson

from controlmap.errors import DataError, Problem
from controlmap.io.atomic import atomic_write_text

PRECISION = 6
_FEATURE_ORDER = ("type", "id", "properties", "geometry")


def read_text(path: Path) -> str:
    return decode_text(Path(path).read_bytes(), Path(path).name)


def decode_text(data: bytes, name: str) -> str:
    """The bytes of a data file as text; not UTF-8 becomes a Problem naming the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(
            Problem(name, "", "", f"not UTF-8 text: {err}", "save the file as UTF-8")
        ) from None


def loads_json(text: str) -> Any:
    """`json.loads`, several times faster: orjson parses; what orjson refuses (a syntax
    error, NaN, huge integers, lone surrogates) goes to `json`, which gives the same
    result or the same error, with line and column, as before."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def parse_collection(text: str, name: str) -> dict[str, Any]:
    """Parse GeoJSON text; a syntax error becomes a Problem with line and column."""
    if not text.strip():
        raise DataError(
            Problem(name, "", "", "empty file (no JSON at all)",
                    'restore it from git, or write {"type": "FeatureCollection", '
                    '"features": []}')
        )
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
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(
            Problem(name, "", "type", "not a GeoJSON FeatureCollection",
                    'the top level must be {"type": "FeatureCollection", "features": [...]}')
        )
    if not isinstance(data.get("features"), list):
        raise DataError(
            Problem(name, "", "features", "missing or not a list", "add \"features\": [...]")
        )
    return data


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
    """Write canonically and atomically; return True when the bytes on disk changed."""
    path = Path(path)
    text = canonical_dumps(collection)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    atomic_write_text(path, text, expected_hash)
    return True


def feature_collection(features: list[dict[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **members, "features": features}
