"""Resolution of one group of claims on one day, as arrays.

`resolve_rows` turns one group of claims (one claimant, the independents, everyone) into a
Lens: each area's own newest claim, same-day ties, then the hierarchy. model/combine.py
builds the views from those lenses: a claimant's own, latest, assessed and disputed.

The rules are written in docs/resolution.md; tests/model/reference.py states them again,
slowly, and the property tests hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from controlmap.model.compiled import (
    CONTESTED,
    DISPUTED,
    K_CLAIM,
    K_CONF,
    K_DAY,
    K_RULE,
    K_SOFT,
    K_SRC,
    K_STATUS,
    N_COLS,
    NO_DAY,
    Hierarchy,
    RowSet,
    tie_status,
)

# Which rule gave an area its status (Resolved.rule); docs/resolution.md defines each.
RULES: tuple[str, ...] = (
    "none", "claimant", "newest", "split", "independent", "officials-agree",
    "officials-disagree", "one-side", "last-known", "agree", "differ",
)
RULE: dict[str, int] = {r: i for i, r in enumerate(RULES)}
NONE = RULE["none"]
# A table row that says nothing: unknown, no claim, no day, no area it was said about.
NOTHING = np.array([0, -1, NO_DAY, NO_DAY, -1, NONE, 0], dtype=np.int32)

Day = int | np.ndarray  # one day, or one per area (each judged on its own day)

# Group keys of the rows the engine keeps: everyone's, the independents', one claimant's.
EVERYONE, INDEPENDENT, FRESH_INDEPENDENT = "*", "independent", "independent-fresh"
RU_OFFICIAL, UA_OFFICIAL = "ru-official", "ua-official"  # vocabulary.PARTY_CLAIMANTS


def claimant_key(claimant: str) -> str:
    return "c:" + claimant


@dataclass(frozen=True)
class Rows:
    """One group's rows twice: `final` (the rows that hold when every claim is known) for
    queries without known-at, `candidates` (every candidate row of a partial date, each
    valid for a window of known-at days) for queries with it."""

    final: RowSet
    candidates: RowSet

    def at(self, known: int | None) -> RowSet:
        return self.final if known is None else self.candidates


@dataclass(frozen=True)
class Lens:
    """One view (or group) on one day: a table with one row per area (columns K_* of
    model/compiled.py): status code, claim index (-1: none), the claim's effective day, its
    last confirmation as known (`conf` >= day; freshness on day D is min(conf, D)), the area
    the claim was made about, the rule code, and whether a `contested` claim decided it.

    A Lens holds between a view's change days: staleness is read from `conf` and the day.
    `also` is a chain of maps from (area decided at, claim) to the other claims of a
    same-day split (shared with the RowSets, never copied); `extra` maps an area to the
    other claims of a disagreement between lenses (assessed, disputed), and comes first.
    A group's Lens keeps `own`, each area's own answer before the hierarchy (rule 3), and
    the row it came from, so the hierarchy can be passed again as of another day
    (model/lastknown.py).
    """

    table: np.ndarray
    also: tuple[Mapping[tuple[int, int], tuple[int, ...]], ...] = ()
    extra: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    own: np.ndarray | None = None
    own_row: np.ndarray | None = None  # the RowSet row each `own` answer came from (-1: none)

    @classmethod
    def empty(cls, n: int) -> Lens:
        """Nothing claimed: unknown everywhere."""
        table = np.empty((n, N_COLS), dtype=np.int32)
        table[:] = NOTHING
        return cls(table, own=table)

    @property
    def status(self) -> np.ndarray:
        return self.table[:, K_STATUS]

    @property
    def claim(self) -> np.ndarray:
        return self.table[:, K_CLAIM]

    @property
    def day(self) -> np.ndarray:
        return self.table[:, K_DAY]

    @property
    def conf(self) -> np.ndarray:
        return self.table[:, K_CONF]

    @property
    def src(self) -> np.ndarray:
        return self.table[:, K_SRC]

    @property
    def rule(self) -> np.ndarray:
        return self.table[:, K_RULE]

    @cached_property
    def has(self) -> np.ndarray:
        return self.table[:, K_CLAIM] >= 0

    def fresh(self, day: Day, horizon: int) -> np.ndarray:
        """Areas with a claim that is not stale on `day` (one, or one per area):
        day - min(conf, day) <= horizon. (`conf` is NO_DAY where there is no claim, so
        those are never fresh.)"""
        return self.table[:, K_CONF] >= day - horizon

    def stale(self, day: int, horizon: int) -> np.ndarray:
        return self.has & (self.table[:, K_CONF] < day - horizon)

    def reported(self, day: Day) -> np.ndarray:
        """Freshness day (last_reported) per area; NO_DAY where there is no claim."""
        return np.minimum(self.table[:, K_CONF], day).astype(np.int64)

    def newness(self, day: Day) -> np.ndarray:
        """One sortable key per area: last reported, then effective day, then claim index
        (both days fit 21 bits until the year 5700; claims are fewer than 2**21); -1: none."""
        t = self.table
        key = ((self.reported(day) << 42) | (t[:, K_DAY].astype(np.int64) << 21)
               | t[:, K_CLAIM].astype(np.int64))
        return np.where(t[:, K_CLAIM] >= 0, key, -1)

    def also_of(self, i: int) -> tuple[int, ...]:
        got = self.extra.get(i)
        if got is not None:
            return got
        key = (int(self.table[i, K_SRC]), int(self.table[i, K_CLAIM]))
        for split in self.also:
            got = split.get(key)
            if got is not None:
                return got
        return ()


Cut = Day | None  # the first day a claim counts as fresh: one, or one per area


def _cut_of(cut: Cut, areas: np.ndarray) -> Cut:
    """`cut` for rows of these areas (a per-area cut is indexed by area)."""
    return cut[areas] if isinstance(cut, np.ndarray) else cut


def _own(rs: RowSet, n: int, day: int, known: int | None, fresh_from: Cut = None
         ) -> np.ndarray:
    """Per area, the row of its own newest claim in effect on `day` (-1: none); with
    `fresh_from` (one day, or one per area), only among claims last reported on or after it.

    Rows are sorted by (area, day, tie rank, claim id), so within an area a larger row index
    is a newer claim."""
    best = np.full(n, -1, dtype=np.int64)
    if len(rs) == 0:
        return best
    if known is None:
        # The valid rows of an area are a prefix of its rows: one binary search.
        last = np.searchsorted(rs.key, rs.seg_key | day, side="right") - 1
        best[rs.seg_areas] = np.where(last >= rs.seg_starts, last, -1)
        if fresh_from is not None:
            # Without a last confirmation a row is fresh iff its day is: if the newest row
            # is stale, so are the older ones, except rows confirmed later (`lc_rows`).
            fresh = rs.table[np.maximum(best, 0), K_CONF] >= fresh_from
            best = np.where(fresh, best, -1)
            lr = rs.lc_rows
            if len(lr):
                lr = lr[(rs.day[lr] <= day)
                        & (rs.table[lr, K_CONF] >= _cut_of(fresh_from, rs.area[lr]))]
                np.maximum.at(best, rs.area[lr], lr)
    else:
        valid = (rs.day <= day) & (rs.pub <= known) & (known < rs.pub_hi)
        if fresh_from is not None:
            valid &= (np.maximum(rs.day, np.minimum(rs.lc, known))
                      >= _cut_of(fresh_from, rs.area))
        idx = np.where(valid, np.arange(len(rs), dtype=np.int64), -1)
        best[rs.seg_areas] = np.maximum.reduceat(idx, rs.seg_starts)
    return best


def _split(rs: RowSet, r: int, known: int | None, fresh_from: int | None
           ) -> tuple[int, tuple[int, ...]] | None:
    """Status and other claims of row r's same-day group, among the rows that count for
    `known` and `fresh_from`, if they disagree (rule 4); else None."""
    def counts(j: int) -> bool:
        if known is not None and not rs.pub[j] <= known < rs.pub_hi[j]:
            return False
        lc = int(rs.lc[j]) if known is None else min(int(rs.lc[j]), known)
        return fresh_from is None or max(int(rs.day[j]), lc) >= fresh_from

    same = [j for j in range(int(rs.group_start[r]), r + 1) if counts(j)]
    status = tie_status([int(rs.status[j]) for j in same], [int(rs.who[j]) for j in same],
                        rs.split_rule >= 0)
    if status is None:
        return None
    return status, tuple(dict.fromkeys(int(rs.claim[j]) for j in same if j != r))


def own_rows(rs: RowSet, n: int, day: int, known: int | None, fresh_from: Cut = None,
             best: np.ndarray | None = None
             ) -> tuple[np.ndarray, dict[tuple[int, int], tuple[int, ...]]]:
    """Each area's own answer in one group (rules 3 and 4 before the hierarchy): its newest
    claim in effect, as a table row, with the same-day split of that claim's day if any;
    with `fresh_from`, among claims last reported on or after it only (`best`: those rows,
    when the caller knows them). Also the splits judged here (rows whose day has rows that
    do not count now), by (area, claim)."""
    if best is None:
        best = _own(rs, n, day, known, fresh_from)
    has = best >= 0
    safe = np.maximum(best, 0)
    t = rs.table[safe] if len(rs) else np.empty((n, N_COLS), dtype=np.int32)
    if known is not None and len(rs):
        t[:, K_CONF] = np.maximum(t[:, K_DAY], np.minimum(rs.lc[safe], known))
    t[~has] = NOTHING
    # Splits were baked with every row of the day counting. Redo those of chosen rows whose
    # day may have rows that do not count now: with known-at, any; with fresh_from, those
    # fresh only by a later confirmation (a row fresh by its day makes its whole day fresh).
    # (The chosen row is the newest that counts: if rows group_start..r all agree, so does
    # any subset of them.)
    redone: dict[tuple[int, int], tuple[int, ...]] = {}
    if (known is not None or fresh_from is not None) and has.any():
        redo = rs.group_mixed[safe] & has
        if known is None and fresh_from is not None:
            redo &= t[:, K_DAY] < fresh_from
        for a in np.flatnonzero(redo).tolist():
            r = int(best[a])
            cut = int(fresh_from[a]) if isinstance(fresh_from, np.ndarray) else fresh_from
            got = _split(rs, r, known, cut)
            raw = int(rs.status[r])
            status = raw if got is None else got[0]
            t[a, K_STATUS] = status
            # A contested claim softens what the answer does to the parts (rule 3); a split
            # that ends disputed, or one of one-sided claims only, does not.
            t[a, K_SOFT] = int(raw == CONTESTED and status == CONTESTED)
            t[a, K_RULE] = rs.split_rule if status == DISPUTED else rs.rule
            redone[(a, int(t[a, K_CLAIM]))] = () if got is None else got[1]
    return t, redone


def descend(t: np.ndarray, h: Hierarchy, cut: int) -> None:
    """Rule 3's hierarchy, top-down, in place on a table of own answers: an area takes its
    parent's answer where that is newer, except a `contested` claim's (soft), which spares
    an own claim last reported on or after `cut` (fresh)."""
    any_soft = bool(t[:, K_SOFT].any())
    for level, parent in h.steps:
        take = t[parent, K_DAY] > t[level, K_DAY]
        soft = t[parent, K_SOFT] != 0 if any_soft else None
        if soft is not None and soft.any():
            # A contested parent reaches a child only where the child has nothing of its
            # own, or only a stale claim (older than the parent's, as `take` requires).
            take &= ~soft | (t[level, K_CONF] < cut)
        if take.any():
            t[level[take]] = t[parent[take]]


def resolve_rows(rs: RowSet, h: Hierarchy, day: int, known: int | None, horizon: int, *,
                 fresh_only: bool = False) -> Lens:
    """One group of claims on `day` as known at `known`: each area's own newest claim, its
    same-day split if any, then the hierarchy top-down (docs/resolution.md, rules 3 and 4).
    The rule codes and how splits are judged come with the rows (RowSet.of); `fresh_only`
    leaves out every claim that is stale on `day`."""
    n = len(h.ids)
    fresh_from = day - horizon if fresh_only else None
    best = _own(rs, n, day, known, fresh_from)
    if not (best >= 0).any():
        return Lens.empty(n)
    t, redone = own_rows(rs, n, day, known, fresh_from, best)
    own = t.copy()
    descend(t, h, day - horizon)
    return Lens(t, tuple(m for m in (redone, rs.split_also) if m), own=own, own_row=best)


def group_rule(key: str) -> tuple[str, bool, bool]:
    """The rule a group's own claims stand for, whether its same-day splits are judged per
    claimant (the latest view: claimants that differ -> disputed), and whether it keeps
    only fresh claims (the independents' fallback in the assessed view)."""
    if key == EVERYONE:
        return "newest", True, False
    if key in (INDEPENDENT, FRESH_INDEPENDENT):
        return "independent", False, key == FRESH_INDEPENDENT
    return "claimant", False, False
