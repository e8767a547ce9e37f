"""The last thing known: where nothing is fresh on D, each area keeps the answer it had on
the last day L before D on which something was fresh for it, marked stale
(docs/resolution.md, rules 5 and 6). So the map does not change colour as time passes.

No claim took effect after L (a claim is fresh on the day it takes effect), so the claims
are those in effect on D; only freshness differs. Judging an area as of L means judging it
with the cut L - H: a claim last reported on or after the cut is fresh. The cut decides which
lenses are fresh, and what a `contested` claim about a whole does to its parts (rule 3).
Areas have different L, so the hierarchy is passed again per area, each along its own chain
of ancestors at its own cut (`fold`), from the groups' own answers (`Lens.own`).

L - H is the latest last report that can make something fresh. Where no `contested` answer
reaches down (`soft_above`), a lens is the same at every cut, so that is the latest report of
the lenses themselves (in the assessed view, with any independent claim reaching the area).
Otherwise the search starts from the latest report of any claim reaching the area and steps
down through the earlier ones (freshness ends only the day after some claim's last report
plus H) until something is fresh.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from controlmap.model.compiled import (
    K_CLAIM,
    K_CONF,
    K_DAY,
    K_RULE,
    K_SOFT,
    NO_DAY,
    Hierarchy,
    RowSet,
)
from controlmap.model.other_claims import AlsoOf
from controlmap.model.resolve import NOTHING, RULE, Lens

LAST_KNOWN = RULE["last-known"]

# Judges every area as of the day cut + H (rules 1-2 of a view, per area): the view's
# answer, and where something was fresh.
Judge = Callable[[np.ndarray], tuple[Lens, np.ndarray]]


def fold(own: np.ndarray, h: Hierarchy, cut: np.ndarray, fresh_only: bool = False
         ) -> np.ndarray:
    """Rule 3's hierarchy with each area at its own cut: per area, the answer its chain of
    own answers gives, root first (model/resolve.py's `descend`, along one chain; a chain
    repeats its area past its depth, which changes nothing). With `fresh_only`, an own
    answer last reported before the area's cut counts as none."""
    chains = h.chains
    cur = own[chains[:, 0]]
    if fresh_only:
        cur[cur[:, K_CONF] < cut] = NOTHING
    for k in range(1, chains.shape[1]):
        child = own[chains[:, k]]
        if fresh_only:
            # a fresh own answer is fresh at the cut, so a contested one above spares it
            child[child[:, K_CONF] < cut] = NOTHING
            keep = (cur[:, K_DAY] <= child[:, K_DAY]) | (
                (cur[:, K_SOFT] != 0) & (child[:, K_CLAIM] >= 0))
        else:
            keep = (cur[:, K_DAY] <= child[:, K_DAY]) | (
                (cur[:, K_SOFT] != 0) & (child[:, K_CONF] >= cut))
        cur[keep] = child[keep]
    return cur


def as_of(g: Lens, h: Hierarchy, cut: np.ndarray) -> Lens:
    """A group's Lens with each area judged at its own cut. The cut matters only below a
    `contested` claim's answer (soft): without one above any area, that is `g` itself."""
    if g.own is None:
        raise ValueError("only a group's Lens (resolve_rows) can be judged as of another day")
    if not g.table[h.inner, K_SOFT].any():
        return g
    return Lens(fold(g.own, h, cut), g.also)


def in_effect(rs: RowSet, day: int, known: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Per row: whether it is in effect on `day` as known at `known`, and its last report
    as known then, uncapped (`conf`: its day, or its last confirmation up to K)."""
    ok = rs.day <= day
    conf = rs.table[:, K_CONF]
    if known is not None:
        ok = ok & (rs.pub <= known) & (known < rs.pub_hi)
        conf = np.maximum(rs.day, np.minimum(rs.lc, known))
    return ok, conf.astype(np.int64)


def latest_own(rs: RowSet | None, n: int, day: int, known: int | None,
               newest: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per area, the latest last report of its own claims in effect (NO_DAY: none), and the
    row of its newest claim last reported then (-1: none). `newest`: each area's newest
    row in effect, if known (`Lens.own_row` of the group on the day)."""
    latest = np.full(n, NO_DAY, dtype=np.int64)
    best = np.full(n, -1, dtype=np.int64)
    if rs is None or not len(rs):
        return latest, best
    if known is None:
        # The rows in effect are a prefix of each area's rows, with its maxima precomputed.
        if newest is None:
            newest = best
            last = np.searchsorted(rs.key, rs.seg_key | day, side="right") - 1
            newest[rs.seg_areas] = np.where(last >= rs.seg_starts, last, -1)
        has = newest >= 0
        safe = np.maximum(newest, 0)
        return (np.where(has, rs.top_conf[safe], NO_DAY).astype(np.int64),
                np.where(has, rs.top_row[safe], -1))
    ok, conf = in_effect(rs, day, known)
    latest[rs.seg_areas] = np.maximum.reduceat(np.where(ok, conf, NO_DAY), rs.seg_starts)
    idx = np.where(ok & (conf >= latest[rs.area]), np.arange(len(rs)), -1)
    best[rs.seg_areas] = np.maximum.reduceat(idx, rs.seg_starts)
    return latest, best


def chain_top(per_area: np.ndarray, h: Hierarchy) -> np.ndarray:
    """Per area, the largest value of `per_area` over the area and its ancestors."""
    return per_area[h.chains].max(axis=1)


def soft_above(g: Lens, h: Hierarchy) -> bool:
    """Whether a `contested` claim's answer reaches down from some area in `g`: only then
    does judging as of another day change `g` (`as_of`)."""
    return bool(g.table[h.inner, K_SOFT].any())


def resolve(need: np.ndarray, judge: Judge, start: np.ndarray, everyone: RowSet,
            h: Hierarchy, day: int, known: int | None, horizon: int) -> Lens:
    """Every area judged as of `day`, except those of `need` (nothing fresh on `day`, some
    claim in effect): judged as of their last fresh day, with rule `last-known`.

    `start` is per area a cut at or after its last fresh day's (no later day can be fresh):
    the view's latest report. Where nothing is fresh there, the search steps down through
    the earlier reports of the claims reaching the area in `everyone` (every claim the
    view reads) until something is."""
    cut = np.where(need, np.minimum(start, day - horizon - 1), day - horizon)
    lens, fresh = judge(cut)
    table, extra = lens.table, lens.extra
    table[need & fresh, K_RULE] = LAST_KNOWN
    todo = need & ~fresh
    if not todo.any():
        return lens
    ok, conf = in_effect(everyone, day, known)
    while todo.any():
        for i in np.flatnonzero(todo).tolist():
            # the next earlier report of a claim reaching the area
            below = ok & np.isin(everyone.area, h.chains[i]) & (conf < cut[i])
            cut[i] = conf[below].max() if below.any() else NO_DAY
        # Cannot happen (an area's claims were fresh on the day they took effect); it only
        # keeps a broken invariant from looping.
        todo &= cut > NO_DAY
        got, fresh = judge(cut)
        done = todo & fresh
        table[done] = got.table[done]
        table[done, K_RULE] = LAST_KNOWN
        extra = AlsoOf(got, done, extra)
        todo &= ~fresh
    return Lens(table, lens.also, extra)
