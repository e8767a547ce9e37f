"""A Dataset compiled into arrays: the area hierarchy and one row per (claim, area).

Resolution then is array work (numpy) on days as integers, with no shapely, folium or
Streamlit in the hot path. Geometry claims (a front-line polygon) become one row per area
they say something about, by overlap share, computed once here in an equal-area projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.strtree import STRtree

from controlmap import crs
from controlmap.model.records import Area, Claim

STATUS_CODES: dict[str, int] = {"unknown": 0, "ua": 1, "ru": 2, "contested": 3, "disputed": 4}
CODE_STATUS: tuple[str, ...] = ("unknown", "ua", "ru", "contested", "disputed")
CONTESTED = STATUS_CODES["contested"]
# Order of claims made about the same area on the same day: the last wins. A contested claim
# beats a one-sided one; among one-sided ones the order only matters when they agree, since
# disagreeing claims of one day resolve to contested (see engine.Engine).
TIE_RANK: dict[int, int] = {0: 0, 1: 1, 2: 1, 3: 2}
NO_DAY = np.iinfo(np.int32).min

# Overlap share of an area inside a claim polygon: at least this -> the claim's status.
MAJORITY_SHARE = 0.5
# At least this (but under MAJORITY_SHARE) -> contested; below it the polygon says nothing
# of the area, or `status_outside` where the claim sets it.
TOUCH_SHARE = 0.05


def share_status(share: float, status: str, status_outside: str | None) -> str | None:
    """The status a claim polygon gives an area with `share` of it inside: the one overlap
    rule, used by the engine for geometry claims and by `import series --as-area-claims`.
    None: the polygon says nothing of the area."""
    if share >= MAJORITY_SHARE:
        return status
    if share >= TOUCH_SHARE:
        return "contested"
    return status_outside or None


def to_equal_area(geoms: Sequence[object]) -> np.ndarray:
    """Lon/lat shapely geometries in EPSG:6933 metres (equal-area), as an object array."""
    return np.asarray(crs.to_equal_area(np.asarray(geoms, dtype=object)), dtype=object)


@dataclass(frozen=True)
class Hierarchy:
    """Areas by index: parent index (-1 for roots) and the indices at each depth, roots first."""

    ids: tuple[str, ...]
    index: dict[str, int]
    parent: np.ndarray
    depth: np.ndarray
    levels: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, areas: dict[str, Area]) -> Hierarchy:
        ids = tuple(sorted(areas))
        index = {a: i for i, a in enumerate(ids)}
        parent = np.array(
            [index.get(areas[a].parent or "", -1) for a in ids], dtype=np.int32
        )
        depth = np.zeros(len(ids), dtype=np.int32)
        for i in range(len(ids)):
            d, p, seen = 0, parent[i], {i}
            while p >= 0 and p not in seen:  # the validator rejects cycles; never loop here
                seen.add(int(p))
                d, p = d + 1, parent[p]
            depth[i] = d
        top = int(depth.max(initial=0))
        levels = tuple(np.flatnonzero(depth == d).astype(np.int32) for d in range(top + 1))
        return cls(ids, index, parent, depth, levels)

    def ancestors(self, i: int) -> list[int]:
        """`i` and its ancestors, nearest first."""
        out = [i]
        while self.parent[out[-1]] >= 0 and len(out) <= len(self.ids):
            out.append(int(self.parent[out[-1]]))
        return out


@dataclass(frozen=True)
class RowSet:
    """Claim rows of one group of claimants, sorted by (area, day, tie rank, claim id).

    `seg_areas[k]` owns rows `seg_starts[k]` up to the next start; `group_start[r]` is the
    first row with the same area and day as row r, and `group_mixed[r]` says whether those
    rows disagree, so same-day splits are found without a loop.
    """

    area: np.ndarray
    day: np.ndarray
    pub: np.ndarray
    status: np.ndarray
    claim: np.ndarray
    seg_areas: np.ndarray
    seg_starts: np.ndarray
    group_start: np.ndarray
    group_mixed: np.ndarray
    # (area << 32) | day, sorted: a day's valid prefix of each area is one searchsorted.
    key: np.ndarray

    def __len__(self) -> int:
        return len(self.area)

    @classmethod
    def of(cls, rows: np.ndarray, claim_ids: Sequence[str]) -> RowSet:
        """`rows` is an (n, 5) int array: area, day, pub, status, claim index."""
        if len(rows) == 0:
            empty = np.zeros(0, dtype=np.int32)
            return cls(empty, empty, empty, empty.astype(np.int8), empty, empty, empty, empty,
                       empty.astype(bool), empty.astype(np.int64))
        rank = np.array([TIE_RANK[int(s)] for s in rows[:, 3]], dtype=np.int32)
        id_order = np.argsort(np.argsort(np.array(claim_ids, dtype=object)[rows[:, 4]]))
        order = np.lexsort((id_order, rank, rows[:, 1], rows[:, 0]))
        r = rows[order]
        area, day = r[:, 0].astype(np.int32), r[:, 1].astype(np.int32)
        new_seg = np.ones(len(r), dtype=bool)
        new_seg[1:] = area[1:] != area[:-1]
        seg_starts = np.flatnonzero(new_seg).astype(np.int64)
        new_group = new_seg.copy()
        new_group[1:] |= day[1:] != day[:-1]
        group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(r)), 0))
        # group_mixed[r]: rows group_start[r]..r do not all have one status (a same-day split).
        status = r[:, 3]
        changed = np.zeros(len(r), dtype=np.int64)
        changed[1:] = (status[1:] != status[:-1]) & ~new_group[1:]
        run = np.cumsum(changed)
        group_mixed = run > run[group_start]
        return cls(
            area=area,
            day=day,
            pub=r[:, 2].astype(np.int32),
            status=r[:, 3].astype(np.int8),
            claim=r[:, 4].astype(np.int32),
            seg_areas=area[seg_starts],
            seg_starts=seg_starts,
            group_start=group_start.astype(np.int32),
            group_mixed=group_mixed,
            key=(area.astype(np.int64) << 32) | day.astype(np.int64),
        )


def overlap_rows(
    claims: Sequence[Claim], claim_index: dict[str, int], area_geoms_ea: np.ndarray
) -> list[tuple[int, int, int, int, int]]:
    """Rows (area, day, pub, status, claim) that geometry claims imply, by overlap share."""
    if not claims:
        return []
    tree = STRtree(area_geoms_ea)
    area_size = shapely.area(area_geoms_ea)
    claim_geoms = to_equal_area([c.geometry for c in claims])
    rows: list[tuple[int, int, int, int, int]] = []
    for claim, geom in zip(claims, claim_geoms, strict=True):
        shapely.prepare(geom)
        share = np.zeros(len(area_geoms_ea))
        hits = tree.query(geom, predicate="intersects")
        if len(hits):
            inter = shapely.area(shapely.intersection(area_geoms_ea[hits], geom))
            share[hits] = inter / np.maximum(area_size[hits], 1e-9)
        day, pub = claim.date.start.toordinal(), claim.published_or_date.start.toordinal()
        ci = claim_index[claim.id]
        for a, s in enumerate(share):
            status = share_status(float(s), claim.status, claim.status_outside)
            if status is not None:
                rows.append((a, day, pub, STATUS_CODES[status], ci))
    return rows


def claim_rows(
    claims: Sequence[Claim], hierarchy: Hierarchy, area_geoms_ea: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """All rows of all claims, and each row's claimant (as a string array)."""
    claim_index = {c.id: i for i, c in enumerate(claims)}
    rows: list[tuple[int, int, int, int, int]] = []
    claimant_of: list[str] = []
    for c in claims:
        if c.area is not None and c.area in hierarchy.index:
            rows.append((hierarchy.index[c.area], c.date.start.toordinal(),
                         c.published_or_date.start.toordinal(), STATUS_CODES[c.status],
                         claim_index[c.id]))
            claimant_of.append(c.claimant)
    geo_claims = [c for c in claims if c.area is None and c.geometry is not None]
    for row in overlap_rows(geo_claims, claim_index, area_geoms_ea):
        rows.append(row)
        claimant_of.append(claims[row[4]].claimant)
    arr = np.array(rows, dtype=np.int64).reshape(-1, 5)
    return arr, np.array(claimant_of, dtype=object)


def exclusive_km2(hierarchy: Hierarchy, geoms_ea: np.ndarray) -> np.ndarray:
    """Each area's own km²: its outline minus its children's, so sums never double count."""
    out = np.zeros(len(hierarchy.ids))
    for i in range(len(hierarchy.ids)):
        kids = np.flatnonzero(hierarchy.parent == i)
        g = geoms_ea[i]
        if g is None:
            continue
        if len(kids):
            g = shapely.difference(g, shapely.union_all(geoms_ea[kids]))
        out[i] = shapely.area(g) / 1e6
    return out
