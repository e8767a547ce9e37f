"""A Dataset compiled into arrays: the area hierarchy and one row per (claim, area).

Resolution (model/resolve.py) then is array work (numpy) on days as integers, with no
shapely, folium or Streamlit in the hot path. Partial dates become effective-day rows
(model/spans.py). Geometry claims (a front-line polygon) become one row per area
they say something about, by overlap share, computed once here in an equal-area projection.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.strtree import STRtree

from controlmap import crs
from controlmap.model.claimtable import ClaimTable
from controlmap.model.records import Area, Claim
from controlmap.model.spans import (
    AREA,
    CLAIM,
    DAY,
    LC,
    NO_END,
    PUB,
    PUB_HI,
    STATUS,
    WHO,
    effective_rows,
    span_end,
)

STATUS_CODES: dict[str, int] = {"unknown": 0, "ua": 1, "ru": 2, "contested": 3, "disputed": 4}
CODE_STATUS: tuple[str, ...] = ("unknown", "ua", "ru", "contested", "disputed")
CONTESTED = STATUS_CODES["contested"]
DISPUTED = STATUS_CODES["disputed"]
# Order of claims made about the same area on the same day: the last wins. A contested claim
# beats a one-sided one; among one-sided ones the order only matters when they agree, since
# disagreeing claims of one day resolve to contested or disputed (model/resolve.py).
TIE_RANK: dict[int, int] = {0: 0, 1: 1, 2: 1, 3: 2}
_RANKS = np.array([TIE_RANK[s] for s in range(len(TIE_RANK))], dtype=np.int32)
NO_DAY = np.iinfo(np.int32).min


def tie_status(statuses: Sequence[int], whos: Sequence[int], by_claimant: bool) -> int | None:
    """Rule 4 (docs/resolution.md): the status of one area's claims of one day, or None when
    they agree. Within a claimant a disagreement is `contested`; with `by_claimant` (the
    latest view) each claimant's claims resolve first and claimants that differ -> `disputed`.
    """
    if len(set(statuses)) < 2:
        return None
    if not by_claimant:
        return CONTESTED
    per: dict[int, set[int]] = {}
    for s, w in zip(statuses, whos, strict=True):
        per.setdefault(w, set()).add(s)
    said = {next(iter(v)) if len(v) == 1 else CONTESTED for v in per.values()}
    return DISPUTED if len(said) > 1 else said.pop()

# Columns of a resolved table (model/resolve.py's Lens: one row per area) and of a RowSet's
# `table` (one row per claim row): status code, claim index, effective day, last confirmation
# (`conf`), the area the claim was made about, rule code, and 1 for a `contested` claim.
K_STATUS, K_CLAIM, K_DAY, K_CONF, K_SRC, K_RULE, K_SOFT = range(7)
N_COLS = 7

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
    # (areas at depth d, their parents) for d = 1, 2, ...: the top-down passes of resolution.
    steps: tuple[tuple[np.ndarray, np.ndarray], ...]
    # chains[i, d]: area i's ancestor at depth d, and i itself from depth[i] on: each area's
    # own top-down pass, for judging areas each on its own day (model/lastknown.py).
    chains: np.ndarray
    # areas with children: where an answer can reach another area
    inner: np.ndarray

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
        steps = tuple((lv, parent[lv]) for lv in levels[1:])
        chains = np.repeat(np.arange(len(ids), dtype=np.int32)[:, None], top + 1, axis=1)
        for i in range(len(ids)):
            up = [i]
            while len(up) <= depth[i]:
                up.append(int(parent[up[-1]]))
            chains[i, : len(up)] = up[::-1]
        inner = np.unique(parent[parent >= 0]).astype(np.int32)
        return cls(ids, index, parent, depth, levels, steps, chains, inner)

    def ancestors(self, i: int) -> list[int]:
        """`i` and its ancestors, nearest first."""
        out = [i]
        while self.parent[out[-1]] >= 0 and len(out) <= len(self.ids):
            out.append(int(self.parent[out[-1]]))
        return out


@dataclass(frozen=True)
class RowSet:
    """Claim rows of one group of claimants, sorted by (area, day, tie rank, claim id).

    `day` is the day a row takes effect (a partial date's effective day, model/spans.py);
    a row counts for known-at K when `pub <= K < pub_hi`. `lc` is the claim's last
    confirmation (NO_DAY: none) and `who` its claimant's index in `Engine.claimants`.
    `seg_areas[k]` owns rows `seg_starts[k]` up to the next start; `group_start[r]` is the
    first row with the same area and day as row r, and `group_mixed[r]` says whether those
    rows disagree. With every claim known, the split of rows group_start[r]..r is fixed: it
    is baked into `table` (status, soft, rule) and `split_also`, so resolution needs no loop.
    """

    area: np.ndarray
    day: np.ndarray
    pub: np.ndarray
    pub_hi: np.ndarray
    status: np.ndarray
    claim: np.ndarray
    lc: np.ndarray
    who: np.ndarray
    seg_areas: np.ndarray
    seg_starts: np.ndarray
    group_start: np.ndarray
    group_mixed: np.ndarray
    # (area << 32) | day, sorted: a day's valid prefix of each area is one searchsorted;
    # seg_key[k] = seg_areas[k] << 32, the probe's high half.
    key: np.ndarray
    seg_key: np.ndarray
    # Per row, the columns a Lens starts from (K_*): conf as if every claim were known,
    # src the row's own area, rule the group's (`rule` of RowSet.of).
    table: np.ndarray
    # Rows with a last confirmation: the only ones fresh after their own day has aged out.
    lc_rows: np.ndarray
    # Per row r, over its area's rows up to r (every claim known): the latest `conf`, and
    # the newest row last reported then (model/lastknown.py: the claims reported latest).
    top_conf: np.ndarray
    top_row: np.ndarray
    # The group's rule code, the code a split that ends `disputed` gets (-1: splits are
    # judged within a claimant), and (area, claim) -> the other claims of a baked split.
    rule: int = 0
    split_rule: int = -1
    split_also: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.area)

    @property
    def windowed(self) -> bool:
        """Whether some rows hold only for a window of known-at days (partial dates)."""
        return bool((self.pub_hi != NO_END).any())

    @classmethod
    def of(cls, rows: np.ndarray, rule: int = 0, split_rule: int = -1) -> RowSet:
        """`rows` is an (n, 8) int array in model/spans.py's output columns, its claim indices
        in the order of the claims' ids (ties break by id); `rule` is the
        rule code the group's claims stand for; `split_rule` >= 0 judges same-day splits per
        claimant and is the rule code of one that ends disputed."""
        if len(rows) == 0:
            e = np.zeros(0, dtype=np.int32)
            return cls(e, e, e, e, e.astype(np.int8), e, e, e.astype(np.int16), e, e.astype(
                np.int64), e, e.astype(bool), e.astype(np.int64), e.astype(np.int64),
                np.zeros((0, N_COLS), dtype=np.int32), e.astype(np.int64), e, e.astype(
                    np.int64), rule, split_rule)
        rank = _RANKS[rows[:, STATUS]]
        # claim indices follow the claims' ids (Engine sorts them): the index is the id order
        order = np.lexsort((rows[:, CLAIM], rank, rows[:, DAY], rows[:, AREA]))
        r = rows[order]
        area, day = r[:, AREA].astype(np.int32), r[:, DAY].astype(np.int32)
        new_seg = np.ones(len(r), dtype=bool)
        new_seg[1:] = area[1:] != area[:-1]
        seg_starts = np.flatnonzero(new_seg).astype(np.int64)
        new_group = new_seg.copy()
        new_group[1:] |= day[1:] != day[:-1]
        group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(r)), 0))
        # group_mixed[r]: rows group_start[r]..r do not all have one status (a same-day split).
        status = r[:, STATUS]
        changed = np.zeros(len(r), dtype=np.int64)
        changed[1:] = (status[1:] != status[:-1]) & ~new_group[1:]
        run = np.cumsum(changed)
        group_mixed = run > run[group_start]
        table = np.zeros((len(r), N_COLS), dtype=np.int32)
        table[:, K_STATUS], table[:, K_CLAIM], table[:, K_DAY] = status, r[:, CLAIM], day
        table[:, K_CONF] = np.maximum(day, r[:, LC])
        table[:, K_SOFT] = status == CONTESTED
        table[:, K_SRC], table[:, K_RULE] = area, rule
        split_also = _bake_splits(table, group_start, group_mixed, r[:, WHO], split_rule)
        # prefix maxima within each area's rows: the area's index in the high bits keeps
        # one area's maximum from running into the next
        seg = np.cumsum(new_seg).astype(np.int64)
        conf = table[:, K_CONF].astype(np.int64)
        top_conf = (np.maximum.accumulate((seg << 32) | conf) & 0xFFFFFFFF).astype(np.int32)
        top_row = np.maximum.accumulate(np.where(conf == top_conf, np.arange(len(r)), 0))
        return cls(
            area=area,
            day=day,
            pub=r[:, PUB].astype(np.int32),
            pub_hi=r[:, PUB_HI].astype(np.int32),
            status=status.astype(np.int8),
            claim=r[:, CLAIM].astype(np.int32),
            lc=r[:, LC].astype(np.int32),
            who=r[:, WHO].astype(np.int16),
            seg_areas=area[seg_starts],
            seg_starts=seg_starts,
            group_start=group_start.astype(np.int32),
            group_mixed=group_mixed,
            key=(area.astype(np.int64) << 32) | day.astype(np.int64),
            seg_key=area[seg_starts].astype(np.int64) << 32,
            table=table,
            lc_rows=np.flatnonzero(r[:, LC] != NO_DAY),
            top_conf=top_conf,
            top_row=top_row.astype(np.int64),
            rule=rule,
            split_rule=split_rule,
            split_also=split_also,
        )


def _bake_splits(table: np.ndarray, group_start: np.ndarray, group_mixed: np.ndarray,
                 who: np.ndarray, split_rule: int) -> dict[tuple[int, int], tuple[int, ...]]:
    """Write each mixed row's split (of rows group_start..r) into `table`; return the other
    claims of each, by (area, claim)."""
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    status, claim = table[:, K_STATUS].tolist(), table[:, K_CLAIM].tolist()
    whos = who.tolist()
    for r in np.flatnonzero(group_mixed).tolist():
        g = range(int(group_start[r]), r + 1)
        st = tie_status([status[j] for j in g], [whos[j] for j in g], split_rule >= 0)
        if st is None:
            continue
        table[r, K_STATUS] = st
        table[r, K_SOFT] = int(status[r] == CONTESTED and st == CONTESTED)
        if st == DISPUTED:
            table[r, K_RULE] = split_rule
        out[(int(table[r, K_SRC]), claim[r])] = tuple(dict.fromkeys(claim[j] for j in g
                                                                    if j != r))
    return out


def _row(claim: Claim, area: int, status: int, ci: int, who: int) -> tuple[int, ...]:
    """An input row (model/spans.py columns): area, span start and end, publication, status,
    claim, last confirmation (NO_DAY: none), claimant index."""
    lc = claim.last_confirmed.start.toordinal() if claim.last_confirmed else int(NO_DAY)
    return (area, claim.date.start.toordinal(), span_end(claim.date).toordinal(),
            claim.published_or_date.start.toordinal(), status, ci, lc, who)


def overlap_rows(
    claims: Sequence[Claim], claim_index: dict[str, int], area_geoms_ea: np.ndarray,
    who: dict[str, int],
) -> list[tuple[int, ...]]:
    """Input rows that geometry claims imply for each area, by overlap share."""
    if not claims:
        return []
    tree = STRtree(area_geoms_ea)
    area_size = shapely.area(area_geoms_ea)
    claim_geoms = to_equal_area([c.geometry for c in claims])
    rows: list[tuple[int, ...]] = []
    for claim, geom in zip(claims, claim_geoms, strict=True):
        shapely.prepare(geom)
        share = np.zeros(len(area_geoms_ea))
        hits = tree.query(geom, predicate="intersects")
        if len(hits):
            inter = shapely.area(shapely.intersection(area_geoms_ea[hits], geom))
            share[hits] = inter / np.maximum(area_size[hits], 1e-9)
        ci = claim_index[claim.id]
        for a, s in enumerate(share):
            status = share_status(float(s), claim.status, claim.status_outside)
            if status is not None:
                rows.append(_row(claim, a, STATUS_CODES[status], ci, who[claim.claimant]))
    return rows


def claim_rows(
    claims: ClaimTable, hierarchy: Hierarchy, area_geoms_ea: np.ndarray,
    claimants: Sequence[str],
) -> np.ndarray:
    """Every row of every claim, with partial dates resolved to effective days (an (n, 8)
    array in model/spans.py's output columns; CLAIM indexes `claims`, WHO `claimants`).

    Area claims come straight from the table's columns (each distinct date text parsed
    once); only geometry claims, which are few, are read as records."""
    cols = claims.columns
    n = len(claims)
    who_of = {c: i for i, c in enumerate(claimants)}
    start = claims.ordinals("date")
    area_of = {a: i for i, a in enumerate(hierarchy.ids)}
    area = np.fromiter(map(area_of.get, cols["area"], itertools.repeat(-1, n)),
                       dtype=np.int64, count=n)
    rows = np.stack([
        area, start, claims.ordinals("date", end=True),
        claims.ordinals("published", fallback=start),
        np.fromiter(map(STATUS_CODES.__getitem__, cols["status"]), dtype=np.int64, count=n),
        np.arange(n, dtype=np.int64), claims.ordinals("last_confirmed"),
        np.fromiter(map(who_of.__getitem__, cols["claimant"]), dtype=np.int64, count=n),
    ], axis=1)[area >= 0]
    geo = [i for i, (a, g) in enumerate(zip(cols["area"], cols["geometry"], strict=True))
           if a is None and g is not None]
    if geo:
        extra = overlap_rows([claims[i] for i in geo], {claims[i].id: i for i in geo},
                             area_geoms_ea, who_of)
        rows = np.concatenate([rows, np.array(extra, dtype=np.int64).reshape(-1, 8)])
    return effective_rows(rows)


def own_km2(areas: Mapping[str, Area]) -> dict[str, float]:
    """Each area's own km² by id, from the areas alone (`km2_by_id`)."""
    hierarchy = Hierarchy.of(dict(areas))
    return km2_by_id(hierarchy, to_equal_area([areas[a].geometry for a in hierarchy.ids]))


def km2_by_id(hierarchy: Hierarchy, geoms_ea: np.ndarray) -> dict[str, float]:
    """`exclusive_km2` by area id."""
    return dict(zip(hierarchy.ids, exclusive_km2(hierarchy, geoms_ea).tolist(), strict=True))


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
