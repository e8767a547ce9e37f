"""Turn a dated polygon series into claims: geometry claims on the dates that changed, or
(`as_area_claims`) one area claim per area each time its status changes (area_claims.py).

Everything is built in memory, merged with what the target layer already holds (a re-import
adds nothing: same date and same geometry is a duplicate), vetted with the validator, then
written once, atomically. A date is kept when its polygon differs from the last kept one by
more than the tolerance (symmetric difference, km², equal-area).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape

from controlmap.crs import change_km2
from controlmap.dates import PartialDate
from controlmap.edit.claim_fields import InputError
from controlmap.edit.claim_ops import claim_ids
from controlmap.edit.ids import SLUG, series_id, unique_id
from controlmap.edit.transaction import commit, ensure_readable
from controlmap.errors import Problem, UsageError
from controlmap.importer import area_claims
from controlmap.importer.source import SeriesItem, SeriesRead, fill_url, read_series, url_fields
from controlmap.io.datadir import RawData, read_data_dir
from controlmap.io.geojson import canonical_geometry, feature_collection
from controlmap.progress import stage, track
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES

DEFAULT_TOLERANCE_KM2 = 0.01  # 1 ha: below that a "change" is rounding noise in the source
# Known series whose file names do not start with the layer name we want.
_KNOWN_LAYERS = {"deepstatemap": "deepstate", "deepstate": "deepstate"}


@dataclass
class SeriesOptions:
    """How to turn source features into claims (the command's options)."""

    date_field: str
    status: str
    claimant: str
    source_title: str
    where: Sequence[tuple[str, str]] = ()
    published_field: str | None = None
    layer: str | None = None
    tolerance_km2: float = DEFAULT_TOLERANCE_KM2
    status_outside: str | None = None
    source_url: str | None = None  # may hold {FIELD} placeholders, filled per feature
    confidence: str | None = None
    claimant_name: str | None = None
    note: str | None = None  # appended to every note (what the series is, its caveats)
    attribution: str | None = None  # the layer's credit line (exports show it)
    as_area_claims: bool = False
    replace: bool = False  # area claims: rebuild the layer from these files alone
    cadence_days: int = 1  # area claims: series days further apart than this are a gap


@dataclass
class ImportReport:
    """What an import did: the target file, ids added, and every feature it left out."""

    target: str
    selected: int = 0
    added: list[str] = field(default_factory=list)
    unchanged: int = 0  # dates whose polygon did not change beyond the tolerance
    duplicates: int = 0  # already in the layer with the same geometry
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    written: bool = False
    areas: area_claims.Summary | None = None  # set by an area-claims import

    @property
    def usable(self) -> int:
        return self.selected - len(self.skipped)


def default_layer(path: Path) -> str:
    """Layer name from a file name: `deepstatemap_occupied_..._2025.geojson` -> `deepstate`."""
    first = re.split(r"[^a-z0-9]+", path.name.lower())[0]
    first = re.sub(r"\d+$", "", first)
    return _KNOWN_LAYERS.get(first, first)


def _check_options(opts: SeriesOptions, target: str) -> None:
    problems: list[Problem] = []

    def bad(option: str, message: str) -> None:
        problems.append(Problem(target, "(import)", option, message))

    for name, value, allowed in (
        ("status", opts.status, STATUSES),
        ("claimant", opts.claimant, CLAIMANTS),
        ("status_outside", opts.status_outside, STATUSES),
        ("confidence", opts.confidence, CONFIDENCE),
    ):
        if value is not None and value not in allowed:
            bad(name, f"{value!r} is not one of {', '.join(allowed)}")
    if not opts.source_title.strip():
        bad("source_title", "missing")
    if opts.source_url and not opts.source_url.startswith(("http://", "https://")):
        bad("source_url", f"{opts.source_url!r} is not an http(s) URL")
    if not opts.tolerance_km2 >= 0:
        bad("tolerance_km2", "must be a number >= 0")
    if opts.cadence_days < 1:
        bad("cadence_days", "must be a whole number of days >= 1")
    if opts.replace and not opts.as_area_claims:
        bad("replace", "only with --as-area-claims (a derived layer is rebuilt whole)")
    if opts.as_area_claims and opts.tolerance_km2 != DEFAULT_TOLERANCE_KM2:
        bad("tolerance_km2", "not used with --as-area-claims (every day is read)")
    if problems:
        raise InputError(problems)


def _properties(item: SeriesItem, cid: str, opts: SeriesOptions) -> dict[str, Any]:
    note = f"Imported from {item.file}, feature #{item.index} ({opts.date_field}={item.date})"
    if item.remarks:
        note += "; " + "; ".join(item.remarks)
    if opts.note:
        note += ". " + opts.note.strip()
    props: dict[str, Any] = {
        "id": cid,
        "date": item.date.text,
        "status": opts.status,
        "claimant": opts.claimant,
        "source_title": opts.source_title,
        "note": note,
    }
    url = fill_url(opts.source_url, item.properties) if opts.source_url else None
    optional = {"status_outside": opts.status_outside, "source_url": url,
                "confidence": opts.confidence, "published": item.published,
                "claimant_name": opts.claimant_name}
    props.update({k: v for k, v in optional.items() if v})
    return props


def _existing(coll: dict[str, Any]) -> list[tuple[PartialDate, Any, Any]]:
    """(date, shapely geometry, canonical geometry) of the layer's parseable claims."""
    out = []
    for feat in coll["features"]:
        props = feat.get("properties") or {}
        try:
            pd = PartialDate.parse(str(props.get("date")))
            geom = shape(feat["geometry"]) if feat.get("geometry") else None
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        out.append((pd, geom, canonical_geometry(feat.get("geometry"))))
    return out


def select_changes(
    items: list[SeriesItem],
    existing: list[tuple[PartialDate, Any, Any]],
    tolerance_km2: float,
    report: ImportReport,
) -> list[SeriesItem]:
    """Items to add: not already in the layer, and changed beyond the tolerance."""
    by_date: dict[PartialDate, Any] = {pd: canon for pd, _, canon in existing}
    candidates: list[SeriesItem] = []
    for item in sorted(items, key=lambda it: it.date):
        canon = canonical_geometry(dict(mapping(item.geometry)))
        if item.date in by_date:
            if by_date[item.date] == canon:
                report.duplicates += 1
            else:
                report.skipped.append(Problem(
                    item.file, f"#{item.index} ({item.date})", "date",
                    "the layer already has a claim on this date with another geometry; skipped",
                    "remove that claim first to replace it"))
            continue
        by_date[item.date] = canon
        candidates.append(item)
    # Walk existing and new claims in date order; existing ones are always kept.
    timeline: list[tuple[PartialDate, int, Any, SeriesItem | None]] = [
        (pd, 0, geom, None) for pd, geom, _ in existing
    ] + [(it.date, 1, it.geometry, it) for it in candidates]
    timeline.sort(key=lambda t: (t[0], t[1]))
    kept: list[SeriesItem] = []
    last = None
    for _, _, geom, entry in track(timeline, "Comparing each date with the last"):
        if entry is None:
            last = geom if geom is not None else last
        elif last is None or change_km2(last, geom) > tolerance_km2:
            kept.append(entry)
            last = geom
        else:
            report.unchanged += 1
    return kept


def _url_template_ok(opts: SeriesOptions, source: SeriesRead) -> None:
    """Items whose properties cannot fill --source-url are skipped; a placeholder no feature
    has is a usage error (a typo, not bad data)."""
    if not opts.source_url:
        return
    names = url_fields(opts.source_url)
    for name in names:
        if source.items and not any(name in it.properties for it in source.items):
            raise UsageError(f"--source-url: {{{name}}} is not a property of any feature")
    usable = []
    for item in source.items:
        missing = [n for n in names if item.properties.get(n) in (None, "")]
        if missing:
            source.skipped.append(Problem(item.file, f"#{item.index} ({item.date})", missing[0],
                                          "empty, and --source-url needs it; skipped"))
        else:
            usable.append(item)
    source.items = usable


def import_series(
    data_dir: str | Path | None,
    paths: Sequence[Path],
    opts: SeriesOptions,
    *,
    today: date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import `paths` into claims-<layer>.geojson; never half-writes the target."""
    if not paths:
        raise UsageError("import series: give at least one FILE")
    layer = opts.layer or default_layer(Path(paths[0])) + ("-areas" if opts.as_area_claims
                                                            else "")
    if not SLUG.match(layer) or layer == "claims":
        raise UsageError(f"--as-layer {layer!r}: use a slug like `deepstate` "
                         "(lower-case letters, digits, hyphens)")
    target = f"claims-{layer}.geojson"
    _check_options(opts, target)
    raw = read_data_dir(data_dir)
    ensure_readable(raw, target)
    source = read_series(paths, opts.date_field, opts.where, opts.published_field, today)
    _url_template_ok(opts, source)
    report = ImportReport(target, selected=source.selected, skipped=list(source.skipped),
                          notes=list(source.notes))
    if opts.as_area_claims:
        return _import_area_claims(raw, layer, source, opts, report, today, dry_run)
    coll = copy.deepcopy(raw.collections.get(target)) or feature_collection([])
    if opts.attribution:
        coll["attribution"] = opts.attribution.strip()
    kept = select_changes(source.items, _existing(coll), opts.tolerance_km2, report)
    # Repair notes only for what is imported; skipped or unchanged features say nothing.
    kept_labels = {(it.file, it.index) for it in kept}
    report.notes = [n for n in report.notes
                    if any(n.file == f and n.feature.startswith(f"#{i} ") for f, i in kept_labels)]
    if not kept:
        return report
    taken = set(claim_ids(raw))
    for item in kept:
        cid = unique_id(series_id(layer, item.date.text), taken)
        taken.add(cid)
        coll["features"].append({"type": "Feature", "properties": _properties(item, cid, opts),
                                 "geometry": canonical_geometry(dict(mapping(item.geometry)))})
        report.added.append(cid)
    coll["features"].sort(key=lambda f: (str((f.get("properties") or {}).get("date", "")),
                                         str((f.get("properties") or {}).get("id", ""))))
    if not dry_run:
        with stage("Checking and writing the layer"):
            report.written = commit(raw, target, coll, today)
    return report


def _import_area_claims(raw: RawData, layer: str, source: SeriesRead, opts: SeriesOptions,
                        report: ImportReport, today: date | None,
                        dry_run: bool) -> ImportReport:
    def skip(item: SeriesItem, message: str) -> None:
        report.skipped.append(Problem(item.file, f"#{item.index} ({item.date})",
                                      opts.date_field, message + "; skipped"))

    by_day = area_claims.day_geometries(source.items, skip)
    settings = area_claims.Settings(
        layer=layer, status=opts.status, status_outside=opts.status_outside,
        claimant=opts.claimant, claimant_name=opts.claimant_name,
        source_title=opts.source_title, source_url=opts.source_url,
        confidence=opts.confidence, note=opts.note, cadence_days=opts.cadence_days,
        replace=opts.replace, attribution=opts.attribution)
    coll, added, dups, summary = area_claims.summarise(
        raw, report.target, raw.collections.get(report.target), by_day, settings)
    report.added, report.duplicates, report.areas = added, dups, summary
    if not by_day:
        return report
    report.written = area_claims.write_layer(raw, report.target, coll, today, dry_run)
    return report
