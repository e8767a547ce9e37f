"""Read a dated polygon series: pick features, parse dates, repair and check geometry.

Every feature that cannot be used is skipped with a Problem naming the source file, the
feature (`#index`, with its date when known) and the field; every repair or clipping is
reported the same way, so an editor sees exactly what the import did to the source. A source
file is read within the limits of io.limits (size, nesting), like a data file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import shapely
from shapely.geometry import box, shape
from shapely.validation import explain_validity

from controlmap.dates import PartialDate, parse_day
from controlmap.errors import DataError, Problem, UsageError
from controlmap.io import oserrors
from controlmap.io.geojson import parse_collection, read_text
from controlmap.io.limits import MAX_POSITIONS
from controlmap.progress import track
from controlmap.validate.dates import EARLIEST
from controlmap.vocabulary import REGION_BBOX

GRID = 1e-6  # the canonical writer keeps 6 decimals; snap to that grid so output stays valid
REGION = box(*REGION_BBOX)


@dataclass
class SeriesItem:
    """One usable dated polygon from a source file."""

    date: PartialDate
    geometry: Any  # shapely Polygon or MultiPolygon, lon/lat, valid, on the 1e-6 grid
    file: str
    index: int
    published: str | None = None
    remarks: list[str] = field(default_factory=list)  # "geometry repaired (...)", "clipped"
    properties: dict[str, Any] = field(default_factory=dict, repr=False)  # as in the source

    @property
    def origin(self) -> str:
        return f"{self.file} #{self.index}"


@dataclass
class SeriesRead:
    """What a read of the source files gave: usable items, skipped features, remarks."""

    items: list[SeriesItem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    selected: int = 0  # features that passed --where


def parse_where(exprs: Sequence[str]) -> list[tuple[str, str]]:
    """`FIELD=VALUE` strings -> pairs; anything else is a usage error."""
    pairs = []
    for expr in exprs:
        key, sep, value = expr.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--where {expr!r}: expected FIELD=VALUE")
        pairs.append((key.strip(), value))
    return pairs


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def url_fields(template: str) -> list[str]:
    """The `{FIELD}` placeholders of a --source-url template; a malformed one is a usage
    error. Plain text substitution (never str.format), so a template cannot reach into
    Python objects."""
    names = _PLACEHOLDER.findall(template)
    bad = [n for n in names if not _FIELD_NAME.match(n)]
    stray = _PLACEHOLDER.sub("", template)
    if bad or "{" in stray or "}" in stray:
        raise UsageError(f"--source-url {template!r}: use {{FIELD}} placeholders naming a "
                         "property of the series features, e.g. {source_file}")
    return names


def fill_url(template: str, props: dict[str, Any]) -> str:
    """`template` with each `{FIELD}` replaced by the feature's property, percent-quoted
    (so a value cannot add a query, spaces or a second URL); KeyError names a missing one."""
    def one(m: re.Match[str]) -> str:
        value = props.get(m[1])
        if value in (None, ""):
            raise KeyError(m[1])
        return quote(str(value), safe="/:")
    return _PLACEHOLDER.sub(one, template)


def _load(path: Path) -> list[dict[str, Any]]:
    """The features of a source file; one line naming the file for anything unusable
    (missing, not a regular file, too large, not UTF-8, not JSON, nested too deeply)."""
    try:
        coll = parse_collection(read_text(path), path.name)
    except DataError as err:
        first = err.problems[0]
        tail = f" ({first.hint})" if first.hint else ""
        raise UsageError(f"{path}: {first.message}{tail}") from None
    except OSError as err:
        raise UsageError(oserrors.describe(err, path, "read")) from None
    return [f for f in coll["features"] if isinstance(f, dict)]


def _date_text(value: Any) -> str:
    """`2025-01-20` or an ISO datetime `2025-01-20T06:00:00Z` -> the date part."""
    text = str(value).strip()
    return text[:10] if len(text) > 10 and text[10] in "T " else text


def _polygonal(geom: Any) -> Any:
    """The polygon parts of a geometry (make_valid may add lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def clean_geometry(raw_geom: Any) -> tuple[Any, list[str], str | None]:
    """(geometry, remarks, reason to skip) for a GeoJSON geometry dict."""
    if not raw_geom:
        return None, [], "no geometry"
    try:
        geom = shape(raw_geom)
    except Exception as err:  # shapely raises several types for malformed GeoJSON
        return None, [], f"unreadable geometry: {err}"
    remarks: list[str] = []
    if geom.is_empty:
        return None, [], "empty geometry"
    positions = int(shapely.get_num_coordinates(geom))
    if positions > MAX_POSITIONS:
        return None, [], f"{positions} positions, more than the limit of {MAX_POSITIONS}"
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, [], f"{geom.geom_type} is not a polygon"
    if not geom.is_valid:
        reason = explain_validity(geom)
        geom = _polygonal(shapely.make_valid(geom))
        if geom.is_empty:
            return None, [], f"invalid ({reason}) and could not be repaired"
        remarks.append(f"geometry repaired with make_valid ({reason})")
    if not geom.intersects(REGION):
        lo = ", ".join(f"{v:.2f}" for v in geom.bounds)
        swapped = shapely.transform(geom, lambda xy: xy[:, ::-1]).intersects(REGION)
        return None, [], (f"outside the region (bounds {lo}; region is "
                          f"{', '.join(str(v) for v in REGION_BBOX)})"
                          + ("; lon/lat look swapped (GeoJSON is [lon, lat])" if swapped else ""))
    if not geom.within(REGION):
        geom = _polygonal(geom.intersection(REGION))
        remarks.append("clipped to the region")
    geom = _polygonal(shapely.set_precision(geom, GRID))
    if geom.is_empty:
        return None, [], "empty once snapped to 6 decimals"
    return shapely.orient_polygons(geom), remarks, None


def _check_field_somewhere(
    field_name: str, option: str, features: list[tuple[str, int, dict[str, Any]]]
) -> None:
    """Exit 2 when no feature has the field: it is a wrong field name, not bad data."""
    if features and not any(field_name in props for _, _, props in features):
        seen = sorted({k for _, _, p in features for k in p})
        files = ", ".join(sorted({f for f, _, _ in features}))
        raise UsageError(f"{files}:-:{field_name}: {option} {field_name!r} is not a property of "
                         f"any feature (properties: {', '.join(seen) or 'none'})")


def read_series(
    paths: Sequence[Path],
    date_field: str,
    where: Sequence[tuple[str, str]] = (),
    published_field: str | None = None,
    today: date | None = None,
) -> SeriesRead:
    """Every usable dated polygon in `paths`, in file order, with what was skipped and why."""
    today = today or date.today()
    loaded: list[tuple[str, int, dict[str, Any], Any]] = []
    for path in track(paths, "Reading the series files"):
        for i, feat in enumerate(_load(Path(path))):
            got = feat.get("properties")
            props: dict[str, Any] = got if isinstance(got, dict) else {}
            loaded.append((Path(path).name, i, props, feat.get("geometry")))
    triples = [(f, i, p) for f, i, p, _ in loaded]
    for key, _ in where:
        _check_field_somewhere(key, "--where", triples)
    out = SeriesRead()
    selected = [t for t in loaded if all(str(t[2].get(k)) == v for k, v in where)]
    out.selected = len(selected)
    _check_field_somewhere(date_field, "--date-field", [(f, i, p) for f, i, p, _ in selected])
    if published_field:
        _check_field_somewhere(published_field, "--published-field",
                               [(f, i, p) for f, i, p, _ in selected])
    for file, i, props, raw_geom in track(selected, "Checking the polygons"):

        def skip(label: str, field_name: str, message: str, file: str = file) -> None:
            out.skipped.append(Problem(file, label, field_name, message + "; skipped"))

        value = props.get(date_field)
        if value in (None, ""):
            skip(f"#{i}", date_field, "no date")
            continue
        try:
            pd = PartialDate.parse(_date_text(value))
        except ValueError as err:
            skip(f"#{i}", date_field, str(err))
            continue
        label = f"#{i} ({pd.text})"
        if pd.start > today:
            skip(label, date_field, f"{pd.text} is after today ({today.isoformat()})")
            continue
        if pd.start < EARLIEST:
            skip(label, date_field, f"{pd.text} is before 2014")
            continue
        published = None
        if published_field and props.get(published_field) not in (None, ""):
            try:
                day = parse_day(_date_text(props[published_field]))
            except ValueError as err:
                skip(label, published_field, str(err))
                continue
            if day < pd.start or day > today:
                skip(label, published_field,
                     f"{day.isoformat()} is before the date or after today")
                continue
            published = day.isoformat()
        geom, remarks, reason = clean_geometry(raw_geom)
        if reason:
            skip(label, "geometry", reason)
            continue
        out.notes.extend(Problem(file, label, "geometry", r) for r in remarks)
        out.items.append(SeriesItem(pd, geom, file, i, published, remarks, dict(props)))
    return out
