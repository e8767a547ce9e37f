"""Compare two readings of the data: features added, removed and edited, outlines moved, and
the validation problems the change introduces (problems in B that A did not have)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import shapely
from shapely.geometry import shape

from controlmap import validate
from controlmap.crs import change_km2
from controlmap.errors import Problem
from controlmap.io.datadir import RawData, file_kind
from controlmap.io.geojson import canonical_geometry

_POLYGONAL = {"Polygon", "MultiPolygon"}


@dataclass
class FeatureRef:
    """A feature on one side: its kind, file, id and properties."""

    kind: str
    file: str
    id: str
    properties: dict[str, Any]


@dataclass
class FeatureEdit:
    """A feature present on both sides whose properties, file or geometry differ."""

    kind: str
    file: str
    id: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    geometry_changed: bool = False
    moved_km2: float | None = None  # area of change of an outline, equal-area


@dataclass
class Review:
    """Everything a reviewer needs to judge a change to the data."""

    added: list[FeatureRef] = field(default_factory=list)
    removed: list[FeatureRef] = field(default_factory=list)
    edited: list[FeatureEdit] = field(default_factory=list)
    introduced: list[Problem] = field(default_factory=list)
    fixed: list[Problem] = field(default_factory=list)

    @property
    def has_new_problems(self) -> bool:
        return bool(self.introduced)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [asdict(r) for r in self.added],
            "removed": [asdict(r) for r in self.removed],
            "edited": [asdict(e) | {"fields": {k: list(v) for k, v in e.fields.items()}}
                       for e in self.edited],
            "introduced_problems": [asdict(p) for p in self.introduced],
            "fixed_problems": [asdict(p) for p in self.fixed],
        }


def _index(raw: RawData) -> dict[tuple[str, str], tuple[str, dict[str, Any], Any]]:
    """(kind, id) -> (file, properties, geometry). Ids are unique within a kind."""
    out: dict[tuple[str, str], tuple[str, dict[str, Any], Any]] = {}
    for name in sorted(raw.collections):
        kind = file_kind(name) or name
        for i, feat in enumerate(raw.collections[name].get("features", [])):
            if not isinstance(feat, dict):
                continue
            got = feat.get("properties")
            props: dict[str, Any] = got if isinstance(got, dict) else {}
            pid = props.get("id")
            fid = pid if isinstance(pid, str) else f"{name}#{i}"
            key = (kind, fid)
            if key in out:  # a duplicate id: keep both visible
                key = (kind, f"{fid} ({name}#{i})")
            out[key] = (name, props, feat.get("geometry"))
    return out


def _canon(geom: Any) -> Any:
    return canonical_geometry(geom) if isinstance(geom, dict) else geom


def _shape(geom: Any) -> Any:
    try:
        g = shape(geom)
        return g if g.is_valid else shapely.make_valid(g)
    except Exception:  # malformed geometry: the validator reports it; here it just "changed"
        return None


def _moved_km2(old: Any, new: Any) -> float | None:
    a, b = _shape(old) if old else None, _shape(new) if new else None
    if a is None or b is None or not {a.geom_type, b.geom_type} <= _POLYGONAL | {
        "GeometryCollection"
    }:
        return None
    try:
        return round(change_km2(a, b), 4)
    except shapely.errors.GEOSException:
        return None


def compare(a: RawData, b: RawData, today: date | None = None) -> Review:
    """The review of the change from `a` to `b`."""
    ia, ib = _index(a), _index(b)
    review = Review()
    for key in sorted(ib.keys() - ia.keys()):
        review.added.append(FeatureRef(key[0], ib[key][0], key[1], ib[key][1]))
    for key in sorted(ia.keys() - ib.keys()):
        review.removed.append(FeatureRef(key[0], ia[key][0], key[1], ia[key][1]))
    for key in sorted(ia.keys() & ib.keys()):
        (fa, pa, ga), (fb, pb, gb) = ia[key], ib[key]
        edit = FeatureEdit(key[0], fb, key[1])
        if fa != fb:
            edit.fields["file"] = (fa, fb)
        for k in sorted(pa.keys() | pb.keys()):
            if pa.get(k) != pb.get(k):
                edit.fields[k] = (pa.get(k), pb.get(k))
        if _canon(ga) != _canon(gb):
            edit.geometry_changed = True
            edit.moved_km2 = _moved_km2(ga, gb)
        if edit.fields or edit.geometry_changed:
            review.edited.append(edit)
    before = validate.check(a, today=today)
    after = validate.check(b, today=today)
    review.introduced = validate.introduced(before, after)
    review.fixed = validate.introduced(after, before)
    return review
