"""Bring area outlines in from any file GDAL reads (GeoPackage, Shapefile, KML, FlatGeobuf,
GeoJSON, ...), e.g. districts redrawn in QGIS, into areas.geojson.

Each feature is one area, named by its id field. An id already in areas.geojson gets the new
outline and the area properties the file carries (name, name_uk, kind, parent, bank); a new id
becomes a new area. Areas the file does not name are kept. Outlines are reprojected to
lon/lat, made 2D, snapped to the canonical 6 decimals and wound as RFC 7946 wants; an
outline that is not a valid polygon is refused with the reason, never repaired behind the
editor's back (claims are made about these shapes). The import is all or nothing: any bad
feature, or any problem the new areas would add to the directory (edit.transaction vets the
whole directory), and nothing is written.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from controlmap.edit.ids import SLUG, slugify
from controlmap.edit.transaction import commit, ensure_readable
from controlmap.errors import DataError, Problem, UsageError
from controlmap.importer.source import GRID
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import canonical_geometry, feature_collection

AREAS = "areas.geojson"
# Area properties a file may carry as columns of the same name.
PROPERTY_COLUMNS: tuple[str, ...] = ("name", "name_uk", "kind", "parent", "bank")


@dataclass
class AreaImportOptions:
    """How to read the file and what to say about where the outlines came from."""

    layer: str | None = None
    id_field: str = "id"
    crs: str | None = None  # for a file that does not say its CRS (or says it wrongly)
    method: str | None = None  # provenance.method; default: "imported from FILE (layer L)"
    approximate: bool = True
    sources: Sequence[str] = ()


@dataclass
class Outline:
    """One feature of the file as an area: its id, the properties it carries, its shape."""

    id: str
    properties: dict[str, Any]
    geometry: dict[str, Any]  # GeoJSON, lon/lat, valid, canonical


@dataclass
class AreaImportReport:
    """What an import did (or, on a dry run, would do) to areas.geojson."""

    target: str = AREAS
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    written: bool = False


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _read_frame(path: Path, layer: str | None) -> Any:
    """The file's features as a GeoDataFrame (GDAL through pyogrio); errors name the file."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
        if layer is None and len(layers) > 1:
            raise UsageError(f"{path}: has {len(layers)} layers ({', '.join(layers)}); "
                             "pick one with --layer")
        if layer is not None and layer not in layers:
            raise UsageError(f"{path}: no layer {layer!r} (layers: {', '.join(layers)})")
        return gpd.read_file(path, layer=layer, engine="pyogrio")
    except (DataSourceError, DataLayerError) as err:
        raise UsageError(f"{path}: cannot read it as a vector file: {_one_line(err)}") from None


def _value(raw: Any) -> Any:
    """A cell as JSON: a missing value (None, NaN, NA) or blank text is None."""
    if hasattr(raw, "item"):  # a numpy scalar
        raw = raw.item()
    if isinstance(raw, str):
        return raw.strip() or None
    return None if raw is None or pd.isna(raw) else raw


def _outline(geom: Any) -> tuple[dict[str, Any] | None, str]:
    """(canonical lon/lat GeoJSON, "") or (None, why it cannot be an outline)."""
    if geom is None or geom.is_empty:
        return None, "no geometry"
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"{geom.geom_type} is not a Polygon or MultiPolygon"
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        return None, (f"invalid polygon ({explain_validity(geom)}); fix it where it was "
                      "drawn (e.g. QGIS: Check Validity, Fix Geometries)")
    # Rounding each point keeps the editor's vertex order (small diffs); where that breaks
    # the polygon, snap topology-aware instead.
    snapped = shapely.set_precision(geom, GRID, mode="pointwise")
    if not snapped.is_valid:
        snapped = shapely.set_precision(geom, GRID)
    if snapped.is_empty or not snapped.is_valid or snapped.geom_type != geom.geom_type:
        return None, "too small or too thin to keep at 6 decimals (about 0.1 m)"
    return canonical_geometry(dict(mapping(shapely.orient_polygons(snapped)))), ""


def read_outlines(path: Path, opts: AreaImportOptions) -> list[Outline]:
    """Every feature of `path` as an Outline; DataError listing every bad feature."""
    path = Path(path)
    frame = _read_frame(path, opts.layer)
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    if opts.id_field not in columns:
        raise UsageError(f"{path.name}:-:{opts.id_field}: --id-field {opts.id_field!r} is not "
                         f"a field of the file (fields: {', '.join(columns) or 'none'})")
    if len(frame) and frame.crs is None and opts.crs is None:
        raise UsageError(f"{path.name}: the file does not say its coordinate system; give "
                         "--crs (e.g. EPSG:4326 for lon/lat, EPSG:32637 for UTM 37N)")
    if opts.crs is not None:
        try:
            frame = frame.set_crs(opts.crs, allow_override=True)
        except Exception as err:  # pyproj raises CRSError, a ValueError on some versions
            raise UsageError(f"--crs {opts.crs!r}: {_one_line(err)}") from None
    if len(frame):
        frame = frame.to_crs("EPSG:4326")
    problems: list[Problem] = []
    out: list[Outline] = []
    seen: dict[str, int] = {}
    for i, (row, geom) in enumerate(zip(frame.to_dict("records"), frame.geometry, strict=True)):
        raw_id = _value(row.get(opts.id_field))
        aid = "" if raw_id is None else str(raw_id)
        label = f"#{i} ({aid})" if SLUG.match(aid) else f"#{i}"  # text from the file: repr only
        if not aid:
            problems.append(Problem(path.name, label, opts.id_field, "no id",
                                    f"give every feature an area id in {opts.id_field!r}"))
            continue
        if not SLUG.match(aid):
            hint = f"use a slug such as {slugify(aid)!r}" if slugify(aid) else "use a slug"
            problems.append(Problem(path.name, label, opts.id_field, f"id {aid!r} is not a slug",
                                    hint + " (lower-case letters, digits, hyphens)"))
            continue
        if aid in seen:
            problems.append(Problem(path.name, label, opts.id_field,
                                    f"id {aid!r} is also feature #{seen[aid]}",
                                    "one feature per area"))
            continue
        seen[aid] = i
        outline, why = _outline(geom)
        if outline is None:
            problems.append(Problem(path.name, label, "geometry", why))
            continue
        # A blank parent or bank means none; a blank name or kind leaves the area's own.
        props = {k: _value(row[k]) for k in PROPERTY_COLUMNS if k in row}
        props = {k: v for k, v in props.items() if v is not None or k in ("parent", "bank")}
        out.append(Outline(aid, props, outline))
    if problems:
        raise DataError(problems)
    return out


def _same_outline(old: Any, new: dict[str, Any]) -> bool:
    """The same shape, whatever vertex a ring starts at."""
    try:
        return bool(shapely.equals(shape(old), shape(new)))
    except Exception:  # an unreadable old geometry: the new one replaces it
        return False


def _provenance(path: Path, opts: AreaImportOptions) -> dict[str, Any]:
    layer = f", layer {opts.layer}" if opts.layer else ""
    return {"method": opts.method or f"Imported from {path.name}{layer} "
                                     "(controlmap import areas).",
            "approximate": opts.approximate, "sources": list(opts.sources)}


def import_areas(data_dir: str | Path | None, path: Path, opts: AreaImportOptions, *,
                 today: date | None = None, dry_run: bool = False) -> AreaImportReport:
    """Merge the outlines of `path` into areas.geojson; vetted, atomic, all or nothing."""
    path = Path(path)
    raw = read_data_dir(data_dir)
    ensure_readable(raw, AREAS)
    outlines = read_outlines(path, opts)
    if not outlines:
        raise UsageError(f"{path}: no features to import")
    coll = copy.deepcopy(raw.collections.get(AREAS)) or feature_collection([])
    index = {str((f.get("properties") or {}).get("id")): f for f in coll["features"]
             if isinstance(f, dict)}
    report = AreaImportReport()
    provenance = _provenance(path, opts)
    for item in outlines:
        old = index.get(item.id)
        if old is None:
            props = {"id": item.id, **item.properties, "provenance": provenance}
            coll["features"].append({"type": "Feature", "properties": props,
                                     "geometry": item.geometry})
            report.added.append(item.id)
            continue
        props = dict(old.get("properties") or {})
        moved = not _same_outline(old.get("geometry"), item.geometry)
        if not moved and all(props.get(k) == v for k, v in item.properties.items()):
            report.unchanged.append(item.id)
            continue
        old["properties"] = {**props, **item.properties,
                             **({"provenance": provenance} if moved else {})}
        old["geometry"] = item.geometry
        report.updated.append(item.id)
    if not dry_run and (report.added or report.updated):
        report.written = commit(raw, AREAS, coll, today)
    return report
