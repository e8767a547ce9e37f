"""Summarise a dated polygon series per area: one area claim each time an area's status changes.

For every area of areas.geojson and every date of the series, the share of the area inside
that date's polygon gives a status by the engine's own overlap rule (`share_status`, equal-area
km² through controlmap.crs), so a summary says what the polygons would have said as geometry
claims. Each run of series days with one status becomes ONE claim (geometry null, `area` set):
dated the run's first day, citing that day's file, with `last_confirmed` the run's last day.
The polygons themselves are never written.

Re-running merges with what the layer holds: a day inside an existing claim's span with the
same status is a duplicate, days that continue a claim extend its `last_confirmed`, and a day
that contradicts a claim is skipped and said (after outlines change, rebuild with `replace`).
Missing days of the series are reported, and a change right after a gap says it may date from
the gap.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.strtree import STRtree

from controlmap import crs
from controlmap.dates import PartialDate
from controlmap.edit.claim_ops import claim_ids
from controlmap.edit.ids import series_id, slugify, unique_id
from controlmap.edit.transaction import commit, ensure_readable
from controlmap.errors import Problem, UsageError
from controlmap.importer.source import SeriesItem, fill_url
from controlmap.io.datadir import RawData
from controlmap.io.geojson import feature_collection

# The one import site of the overlap rule (the engine's): repoint here if it moves.
from controlmap.model.compiled import MAJORITY_SHARE, TOUCH_SHARE, share_status

AREAS_FILE = "areas.geojson"
STATUS_WORDS = {"ru": "Russian-held", "ua": "Ukrainian-held", "contested": "contested",
                "unknown": "of unknown control"}


@dataclass(frozen=True)
class Obs:
    """What the series says of one area on one day, or an end of a claim already written."""

    day: date
    status: str | None  # None: the polygon says nothing of the area that day
    share: float = 0.0
    km2: float = 0.0
    item: SeriesItem | None = None  # the day's (first) source feature
    parts: int = 1  # features of that date, merged
    claim: int | None = None  # index of an existing claim in the layer (its date or last day)


@dataclass
class Summary:
    """What an area-claims import found, beyond the ImportReport's ids."""

    days: list[date] = field(default_factory=list)
    gaps: list[tuple[date, date]] = field(default_factory=list)  # first and last missing day
    extended: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)  # days contradicting a claim
    areas: int = 0


def load_areas(raw: RawData) -> tuple[list[str], list[Any]]:
    """Area ids and lon/lat geometries of the directory's areas.geojson, in file order."""
    coll = raw.collections.get(AREAS_FILE)
    if coll is None:
        raise UsageError(f"{raw.data_dir / AREAS_FILE}: needed by --as-area-claims "
                         "(the areas to summarise the series over); run `make geo`")
    ids, geoms = [], []
    for feat in coll.get("features", []):
        props = (feat or {}).get("properties") or {}
        try:
            geom = shape(feat["geometry"])
        except Exception:  # the validator names the broken outline; here it is just unusable
            raise UsageError(f"{AREAS_FILE}:{props.get('id', '?')}:geometry: not a usable "
                             "outline; run `controlmap validate` and fix it first") from None
        ids.append(str(props.get("id")))
        geoms.append(geom)
    return ids, geoms


def day_geometries(items: Sequence[SeriesItem], report_skip: Any) -> dict[date, list[SeriesItem]]:
    """Day-precise items grouped by day, in source order; partial dates are skipped."""
    by_day: dict[date, list[SeriesItem]] = defaultdict(list)
    for item in items:
        if item.date.is_partial:
            report_skip(item, "--as-area-claims needs day-precise dates (YYYY-MM-DD)")
            continue
        by_day[item.date.start].append(item)
    return dict(sorted(by_day.items()))


def observe(area_geoms: Sequence[Any], by_day: dict[date, list[SeriesItem]],
            status: str, status_outside: str | None) -> list[list[Obs]]:
    """Per area (in order), what each day's polygon says of it."""
    areas_ea = np.asarray(crs.to_equal_area(np.asarray(area_geoms, dtype=object)), dtype=object)
    size = shapely.area(areas_ea)
    tree = STRtree(areas_ea)
    out: list[list[Obs]] = [[] for _ in area_geoms]
    for day, items in by_day.items():
        geom = items[0].geometry if len(items) == 1 else shapely.union_all(
            [it.geometry for it in items])
        geom_ea = crs.to_equal_area(geom)
        shapely.prepare(geom_ea)
        inside = np.zeros(len(area_geoms))
        hits = tree.query(geom_ea, predicate="intersects")
        if len(hits):
            inside[hits] = shapely.area(shapely.intersection(areas_ea[hits], geom_ea))
        share = inside / np.maximum(size, 1e-9)
        for a in range(len(area_geoms)):
            got = share_status(float(share[a]), status, status_outside)
            out[a].append(Obs(day, got, float(share[a]), float(inside[a]) / 1e6, items[0],
                              len(items)))
    return out


def series_gaps(days: Sequence[date], cadence_days: int) -> list[tuple[date, date]]:
    """Runs of missing days between consecutive series days further apart than the cadence."""
    return [(a + timedelta(days=1), b - timedelta(days=1))
            for a, b in zip(days, days[1:], strict=False) if (b - a).days > cadence_days]


def _pct(share: float) -> str:
    if share <= 0:
        return "0 %"
    if share < 0.001:
        return "under 0.1 %"
    return f"{share * 100:.1f} %"


def _gap_text(first: date, last: date) -> str:
    if first == last:
        return f"the series has no file for {first.isoformat()}"
    n = (last - first).days + 1
    return f"the series has no files from {first.isoformat()} to {last.isoformat()} ({n} days)"


def _threshold(share: float) -> str:
    return f"{share * 100:g} %"


def describe(obs: Obs, s: Settings, previous_day: date | None) -> str:
    """The note of a derived claim, from its first day (so extending it never changes it)."""
    item = obs.item
    assert item is not None and obs.status is not None
    src = item.properties.get("source_file") if item.properties else None
    where = f"file {Path(str(src)).name}" if src else f"{item.file} #{item.index}"
    who = f"the {s.claimant_name}" if s.claimant_name else "the series"
    head = (f"On {obs.day.isoformat()}, {_pct(obs.share)} of this area ({obs.km2:.2f} km²) "
            f"lay inside {who} polygon of {STATUS_WORDS[s.status]} ground ({where})")
    if obs.share >= MAJORITY_SHARE:
        rule = f"at least {_threshold(MAJORITY_SHARE)}, so the area takes that status"
    elif obs.share >= TOUCH_SHARE:
        rule = (f"between {_threshold(TOUCH_SHARE)} and {_threshold(MAJORITY_SHARE)}, so the "
                "area counts as contested")
    else:
        rule = (f"under {_threshold(TOUCH_SHARE)}, so the area counts as outside it, "
                f"{STATUS_WORDS[s.status_outside or 'unknown']} by this import's reading")
    parts = [f"{head}: {rule} (the overlap rule of docs/resolution.md)."]
    if obs.parts > 1:
        parts.append(f"{obs.parts} features of that date were merged.")
    if previous_day is None:
        parts.append("First day of the series: the state may be older.")
    elif (obs.day - previous_day).days > s.cadence_days:
        gap = _gap_text(previous_day + timedelta(days=1), obs.day - timedelta(days=1))
        parts.append(f"Changed after a gap: {gap}, so the change may date from then.")
    if item.remarks:
        parts.append("Source geometry: " + "; ".join(item.remarks) + ".")
    if s.note:
        parts.append(s.note.strip())
    return " ".join(parts)


@dataclass(frozen=True)
class Settings:
    """The options an area-claims import needs (a subset of SeriesOptions)."""

    layer: str
    status: str
    status_outside: str | None
    claimant: str
    claimant_name: str | None
    source_title: str
    source_url: str | None
    confidence: str | None
    note: str | None
    cadence_days: int
    replace: bool
    attribution: str | None = None


def _existing(coll: dict[str, Any], target: str) -> list[tuple[int, str, date, date, str]]:
    """(index, area, date, last day, status) of the layer's day-precise area claims."""
    out = []
    for i, feat in enumerate(coll["features"]):
        props = (feat or {}).get("properties") or {}
        if feat.get("geometry") is not None:
            raise UsageError(
                f"{target}: holds geometry claims ({props.get('id', f'#{i}')}); area claims "
                "go to a layer of their own (--as-layer NAME)")
        try:
            start = PartialDate.parse(str(props.get("date")))
            last = PartialDate.parse(str(props.get("last_confirmed") or props.get("date")))
        except ValueError:
            continue  # the validator reports it; such a claim is kept as it is
        if start.is_partial or last.is_partial or not props.get("area"):
            continue
        out.append((i, str(props["area"]), start.start, last.start, str(props.get("status"))))
    return out


def merge_area(new: list[Obs], spans: list[tuple[int, date, date, str]],
               skipped: list[Problem], target: str, ids: dict[int, str], area: str,
               ) -> tuple[list[list[Obs]], int]:
    """Runs of one area over the existing claims' ends and the new days; duplicates counted.

    A new day inside an existing span must agree with it; one that does not is skipped and
    said once per claim (first day, how many).
    """
    kept: list[Obs] = []
    dups = 0
    clash: dict[int, list[Obs]] = defaultdict(list)
    for obs in new:
        span = next((s for s in spans if s[1] <= obs.day <= s[2]), None)
        if span is None:
            kept.append(obs)
        elif span[3] == obs.status:
            dups += 1
        else:
            clash[span[0]].append(obs)
    for k, bad in sorted(clash.items()):
        _, start, last, status = next(s for s in spans if s[0] == k)
        says = bad[0].status or "nothing"
        skipped.append(Problem(
            target, ids[k], "status",
            f"{area}: this claim says {status} from {start} to {last}, the series says {says} "
            f"on {bad[0].day}" + (f" and {len(bad) - 1} more day(s)" if len(bad) > 1 else "")
            + "; skipped",
            "outlines or options changed since the layer was made: rebuild it with --replace"))
    ends = [Obs(d, status, claim=k) for k, start, last, status in spans
            for d in sorted({start, last})]
    timeline = sorted(ends + kept, key=lambda o: (o.day, o.claim is None))
    runs: list[list[Obs]] = []
    for obs in timeline:
        run = runs[-1] if runs else None
        owner = next((o.claim for o in run if o.claim is not None), None) if run else None
        if (run is None or run[-1].status != obs.status
                or (obs.claim is not None and owner is not None and obs.claim != owner)):
            runs.append([obs])
        else:
            run.append(obs)
    return runs, dups


def summarise(
    raw: RawData,
    target: str,
    coll_in: dict[str, Any] | None,
    by_day: dict[date, list[SeriesItem]],
    s: Settings,
) -> tuple[dict[str, Any], list[str], int, Summary]:
    """The layer's new collection, ids added, duplicate days, and what else happened."""
    coll = feature_collection([]) if s.replace or coll_in is None else copy.deepcopy(coll_in)
    if s.attribution:
        coll["attribution"] = s.attribution.strip()
    summary = Summary(days=list(by_day), gaps=series_gaps(list(by_day), s.cadence_days))
    area_ids, area_geoms = load_areas(raw)
    summary.areas = len(area_ids)
    observed = observe(area_geoms, by_day, s.status, s.status_outside) if by_day else [
        [] for _ in area_ids]
    existing = _existing(coll, target)
    ids = {i: str(coll["features"][i]["properties"].get("id")) for i, *_ in existing}
    known_days = sorted(set(by_day) | {d for _, _, a, b, _ in existing for d in (a, b)})
    others = {cid for cid, (name, _) in claim_ids(raw).items() if name != target}
    taken = others | {str((f.get("properties") or {}).get("id")) for f in coll["features"]}
    drop: set[int] = set()
    added: list[str] = []
    dups = 0
    new_features: list[dict[str, Any]] = []
    for area, obs_list in zip(area_ids, observed, strict=True):
        spans = [(i, a, b, st) for i, ar, a, b, st in existing if ar == area]
        runs, n = merge_area(obs_list, spans, summary.conflicts, target, ids, area)
        dups += n
        for run in runs:
            first = run[0]
            if first.status is None:
                continue
            last_day = run[-1].day.isoformat()
            absorbed = {o.claim for o in run if o.claim is not None}
            if first.claim is not None:  # an existing claim, perhaps carried further
                props = coll["features"][first.claim]["properties"]
                if props.get("last_confirmed") != last_day:
                    props["last_confirmed"] = last_day
                    summary.extended.append(str(props["id"]))
                absorbed.discard(first.claim)
            else:
                before = [d for d in known_days if d < first.day]
                cid = unique_id(f"{series_id(s.layer, first.day.isoformat())}-{slugify(area)}",
                                taken)
                taken.add(cid)
                new_features.append(_feature(cid, area, first, last_day, s,
                                             before[-1] if before else None))
                added.append(cid)
            for k in sorted(absorbed):
                summary.replaced.append(ids[k])
                drop.add(k)
    coll["features"] = [f for i, f in enumerate(coll["features"]) if i not in drop]
    coll["features"] += new_features
    coll["features"].sort(key=lambda f: (str(f["properties"].get("date", "")),
                                         str(f["properties"].get("id", ""))))
    return coll, added, dups, summary


def _feature(cid: str, area: str, first: Obs, last_day: str, s: Settings,
             previous_day: date | None) -> dict[str, Any]:
    item = first.item
    assert item is not None and first.status is not None
    props: dict[str, Any] = {
        "id": cid,
        "area": area,
        "date": first.day.isoformat(),
        "last_confirmed": last_day,
        "status": first.status,
        "claimant": s.claimant,
        "source_title": s.source_title,
        "published": item.published or first.day.isoformat(),
        "note": describe(first, s, previous_day),
    }
    if s.source_url:
        props["source_url"] = fill_url(s.source_url, item.properties)
    optional = {"claimant_name": s.claimant_name, "confidence": s.confidence}
    props.update({k: v for k, v in optional.items() if v})
    return {"type": "Feature", "properties": props, "geometry": None}


def write_layer(raw: RawData, target: str, coll: dict[str, Any], today: date | None,
                dry_run: bool) -> bool:
    """Vet with the validator and write atomically (nothing when dry or unchanged)."""
    ensure_readable(raw, target)
    if dry_run or coll == raw.collections.get(target):
        return False
    return commit(raw, target, coll, today)
