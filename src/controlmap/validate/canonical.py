"""Can a file be rewritten in canonical form without losing anything, and what would it be?

`controlmap fmt` rewrites only what it can rewrite losslessly: a file that does not parse,
repeats a key, holds NaN, or whose features are not objects is refused, and the canonical
text is parsed back and compared with the original (coordinates within rounding) before it
may replace the file. Rounding to 6 decimals can also collapse a tiny polygon or make its
rings touch: a geometry that was valid must still be valid once rounded. The edit path
(edit.transaction) applies the same test to every file it rewrites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.validation import explain_validity

from controlmap.errors import Problem
from controlmap.io.datadir import RawData
from controlmap.io.geojson import PRECISION, canonical_dumps
from controlmap.validate.features import feature_label
from controlmap.validate.jsontext import duplicate_keys

_TOLERANCE = 0.5 * 10**-PRECISION + 1e-12


@dataclass
class FormatPlan:
    """Per file: the canonical text when it differs, or why the file is left alone."""

    changed: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, list[Problem]] = field(default_factory=dict)


def _difference(old: Any, new: Any, path: str, in_coords: bool) -> str | None:
    """Where `new` lost or changed something of `old`, or None."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return path or "(top)"
        for k, v in old.items():
            if k not in new:
                return f"{path}.{k}".lstrip(".")
            diff = _difference(v, new[k], f"{path}.{k}", in_coords or k == "coordinates")
            if diff:
                return diff
        return None
    if isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            return path
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            diff = _difference(a, b, f"{path}.{i}", in_coords)
            if diff:
                return diff
        return None
    if in_coords and isinstance(old, float) and isinstance(new, (int, float)):
        return None if abs(old - new) <= _TOLERANCE else path
    same = old == new and type(old) is type(new)
    return None if same else path


def canonical_text(collection: dict[str, Any]) -> str:
    """The canonical text of a parsed file; raise ValueError naming what would be lost."""
    for i, feat in enumerate(collection.get("features") or []):
        if not isinstance(feat, dict):
            raise ValueError(f"feature #{i} is not an object")
    try:
        out = canonical_dumps(collection)
    except ValueError as err:
        raise ValueError(f"cannot be written as JSON: {err} (NaN or Infinity?)") from None
    back = json.loads(out)
    lost = _difference(collection, back, "", False)
    if lost:
        raise ValueError(f"the canonical form would change {lost}")
    broken = _made_invalid(collection, back)
    if broken:
        raise ValueError(broken)
    return out


def _validity(geometry: Any) -> str | None:
    """shapely's reason a GeoJSON geometry is invalid, "" when valid, None when unusable."""
    if not isinstance(geometry, dict) or not geometry.get("coordinates"):
        return None
    try:
        geom = shapely.from_geojson(json.dumps(geometry))
    except (ShapelyError, ValueError, TypeError):
        return None
    return "" if geom.is_valid else explain_validity(geom)


def _made_invalid(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Which feature's valid geometry the rounding made invalid, and why; None if none."""
    for i, (a, b) in enumerate(zip(old.get("features") or [], new.get("features") or [],
                                   strict=False)):
        if a.get("geometry") == b.get("geometry") or _validity(a.get("geometry")) != "":
            continue
        why = _validity(b.get("geometry"))
        if why:
            label = feature_label(a, i)
            return (f"rounding to {PRECISION} decimals would make the geometry of {label} "
                    f"invalid ({why})")
    return None


def plan_format(raw: RawData) -> FormatPlan:
    """What `controlmap fmt` would do to every file of a directory; writes nothing."""
    plan = FormatPlan()
    for p in raw.problems:
        plan.refused.setdefault(p.file, []).append(p)
    for name in sorted(raw.collections):
        text = raw.texts[name]
        dupes = duplicate_keys(name, text, raw.collections[name], raw.keys_written.get(name))
        if dupes:
            plan.refused[name] = dupes
            continue
        try:
            out = canonical_text(raw.collections[name])
        except ValueError as err:
            plan.refused[name] = [Problem(name, "", "", str(err), "fix it by hand, then run "
                                          "`controlmap fmt` again")]
            continue
        if out == text:
            plan.unchanged.append(name)
        else:
            plan.changed[name] = out
    return plan
