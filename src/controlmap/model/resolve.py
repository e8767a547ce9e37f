"""Resolution: what a view says about every area on one day, as arrays.

`resolve_rows` turns one group of claims (one claimant, the independents, everyone) into a
Lens: each area's own newest claim, same-day ties, then the hierarchy. `resolve_view` builds
the views from those lenses: a claimant's own, latest, assessed and disputed.

The rules are written in docs/resolution.md; tests/model/reference.py states them again,
slowly, and the property tests hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from controlmap.model.compiled import CONTESTED, NO_DAY, STATUS_CODES, Hierarchy, RowSet
from controlmap.model.views import view_claimant

DISPUTED = STATUS_CODES["disputed"]

# Which rule gave an area its status (Resolved.rule); docs/resolution.md defines each.
RULES: tuple[str, ...] = (
    "none", "claimant", "newest", "split", "independent", "officials-agree",
    "officials-disagree", "one-side", "last-known", "agree", "differ",
)
RULE: dict[str, int] = {r: i for i, r in enumerate(RULES)}
NONE = RULE["none"]

# Group keys of the rows the engine keeps: everyone's, the independents', one claimant's.
EVERYONE, INDEPENDENT, FRESH_INDEPENDENT = "*", "independent", "independent-fresh"
RU_OFFICIAL, UA_OFFICIAL = "ru-official", "ua-official"  # vocabulary.PARTY_CLAIMANTS


def claimant_key(claimant: str) -> str:
    return "c:" + claimant


@dataclass(frozen=True)
class Rows:
    """One group's rows twice: `final` (the rows that hold when every claim is known) for
    queries without known-at, `windowed` (every candidate row) for queries with it."""

    final: RowSet
    windowed: RowSet

    def at(self, known: int | None) -> RowSet:
        return self.final if known is None else self.windowed


@dataclass(frozen=True)
class Lens:
    """Per-area arrays of one view on one day: status code, claim index (-1: none), the
    claim's effective day, its last confirmation as known (`conf`, >= day; freshness on day D
    is min(conf, D)), the area the claim was made about, and the rule code.

    A Lens holds between a view's change days: staleness is read from `conf` and the day.
    `also` maps (area decided at, claim) to the other claims of a same-day split; `extra`
    maps an area to the other claims of a disagreement between lenses (assessed, disputed).
    """

    status: np.ndarray
    claim: np.ndarray
    day: np.ndarray
    conf: np.ndarray
    src: np.ndarray
    rule: np.ndarray
    also: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)
    extra: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def empty(cls, n: int) -> Lens:
        """Nothing claimed: unknown everywhere."""
        none = np.full(n, NO_DAY, dtype=np.int32)
        return cls(np.zeros(n, dtype=np.int8), np.full(n, -1, dtype=np.int32), none,
                   none.copy(), np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.int8))

    @property
    def has(self) -> np.ndarray:
        return self.claim >= 0

    def fresh(self, day: int, horizon: int) -> np.ndarray:
        """Areas with a claim that is not stale on `day`: day - min(conf, day) <= horizon."""
        return self.has & (self.conf.astype(np.int64) >= day - horizon)

    def stale(self, day: int, horizon: int) -> np.ndarray:
        return self.has & (self.conf.astype(np.int64) < day - horizon)

    def reported(self, day: int) -> np.ndarray:
        """Freshness day (last_reported) per area; NO_DAY where there is no claim."""
        return np.where(self.has, np.minimum(self.conf, day), NO_DAY).astype(np.int64)

    def newness(self, day: int) -> np.ndarray:
        """One sortable key per area: last reported, then effective day, then claim index
        (both days fit 21 bits until the year 5700; claims are fewer than 2**21)."""
        key = ((self.reported(day) << 42) | (self.day.astype(np.int64) << 21)
               | self.claim.astype(np.int64))
        return np.where(self.has, key, -1)

    def also_of(self, i: int) -> tuple[int, ...]:
        got = self.extra.get(i)
        if got is not None:
            return got
        if not self.also:
            return ()
        return self.also.get((int(self.src[i]), int(self.claim[i])), ())


def _own(rs: RowSet, n: int, day: int, known: int | None, fresh_from: int | None = None
         ) -> np.ndarray:
    """Per area, the row of its own newest claim in effect on `day` (-1: none); with
    `fresh_from`, only among claims last reported on or after that day."""
    best = np.full(n, -1, dtype=np.int64)
    if len(rs) == 0:
        return best
    if known is None and fresh_from is None:
        # Rows are sorted by (area, day): the valid rows of an area are a prefix.
        probe = (rs.seg_areas.astype(np.int64) << 32) | day
        last = np.searchsorted(rs.key, probe, side="right") - 1
        best[rs.seg_areas] = np.where(last >= rs.seg_starts, last, -1)
    else:
        valid = rs.day <= day
        lc = rs.lc
        if known is not None:
            valid &= (rs.pub <= known) & (known < rs.pub_hi)
            lc = np.minimum(lc, known)
        if fresh_from is not None:
            valid &= np.maximum(rs.day, lc) >= fresh_from
        idx = np.where(valid, np.arange(len(rs), dtype=np.int64), -1)
        best[rs.seg_areas] = np.maximum.reduceat(idx, rs.seg_starts)
    return best


def _split(rs: RowSet, r: int, known: int | None, by_claimant: bool, fresh_from: int | None
           ) -> tuple[int, tuple[int, ...]] | None:
    """Status and other claims of row r's same-day group if it disagrees, else None.

    Within one claimant a disagreement is `contested`; with `by_claimant` (the latest view)
    each claimant's claims of the day resolve first, and claimants that differ -> `disputed`.
    """
    def counts(j: int) -> bool:
        if known is not None and not rs.pub[j] <= known < rs.pub_hi[j]:
            return False
        lc = int(rs.lc[j]) if known is None else min(int(rs.lc[j]), known)
        return fresh_from is None or max(int(rs.day[j]), lc) >= fresh_from

    same = [j for j in range(int(rs.group_start[r]), r + 1) if counts(j)]
    if len({int(rs.status[j]) for j in same}) < 2:
        return None
    status = CONTESTED
    if by_claimant:
        per: dict[int, set[int]] = {}
        for j in same:
            per.setdefault(int(rs.who[j]), set()).add(int(rs.status[j]))
        said = {s.pop() if len(s) == 1 else CONTESTED for s in per.values()}
        status = DISPUTED if len(said) > 1 else said.pop()
    others = tuple(dict.fromkeys(int(rs.claim[j]) for j in same if j != r))
    return status, others


def resolve_rows(rs: RowSet, h: Hierarchy, day: int, known: int | None, horizon: int, *,
                 rule: str, by_claimant: bool = False, fresh_only: bool = False) -> Lens:
    """One group of claims on `day` as known at `known`: each area's own newest claim, its
    same-day split if any, then the hierarchy top-down (docs/resolution.md, rules 3 and 4).
    `fresh_only` leaves out every claim that is stale on `day`."""
    n = len(h.ids)
    fresh_from = day - horizon if fresh_only else None
    best = _own(rs, n, day, known, fresh_from)
    has = best >= 0
    if not has.any():
        return Lens.empty(n)
    safe = np.where(has, best, 0)
    status = np.where(has, rs.status[safe], 0).astype(np.int8)
    claim = np.where(has, rs.claim[safe], -1).astype(np.int32)
    cday = np.where(has, rs.day[safe], NO_DAY).astype(np.int32)
    lc = rs.lc[safe] if known is None else np.minimum(rs.lc[safe], known)
    conf = np.where(has, np.maximum(cday, lc), NO_DAY).astype(np.int32)
    rules = np.where(has, RULE[rule], NONE).astype(np.int8)
    # A contested claim about an area softens what it does to the parts (rule 3).
    soft = has & (status == CONTESTED)
    also: dict[tuple[int, int], tuple[int, ...]] = {}
    chosen = np.flatnonzero(has)
    rows = best[chosen]
    exact = known is None and fresh_from is None
    suspects = rs.group_mixed[rows] if exact else rs.group_start[rows] < rows
    for k in np.flatnonzero(suspects):
        a, r = int(chosen[k]), int(rows[k])
        got = _split(rs, r, known, by_claimant, fresh_from)
        if got is None:
            continue
        status[a], others = got
        also[(a, int(claim[a]))] = others
        if got[0] == DISPUTED:
            rules[a] = RULE["split"]
    soft &= status == CONTESTED
    src = np.arange(n, dtype=np.int32)
    cut = day - horizon
    parent = h.parent
    for level in h.levels[1:]:
        p = parent[level]
        take = cday[p] > cday[level]
        weak = soft[p]
        if weak.any():
            # A contested parent reaches a child only where the child has nothing of its
            # own, or only a stale claim (older than the parent's, as `take` requires).
            take &= ~weak | (conf[level].astype(np.int64) < cut)
        if take.any():
            t, pt = level[take], p[take]
            status[t], claim[t], cday[t], conf[t] = status[pt], claim[pt], cday[pt], conf[pt]
            src[t], rules[t], soft[t] = src[pt], rules[pt], soft[pt]
    return Lens(status, claim, cday, conf, src, rules, also)


def _pick(lenses: Sequence[Lens], which: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per area, the arrays of lens `which[i]` (-1: none)."""
    n = len(which)
    cols = np.arange(n)
    safe = np.maximum(which, 0)
    out = []
    for name in ("status", "claim", "day", "conf", "src"):
        stack = np.stack([getattr(ln, name) for ln in lenses])
        out.append(stack[safe, cols])
    status, claim, day, conf, src = out
    none = which < 0
    status = np.where(none, 0, status).astype(np.int8)
    claim = np.where(none, -1, claim).astype(np.int32)
    day = np.where(none, NO_DAY, day).astype(np.int32)
    conf = np.where(none, NO_DAY, conf).astype(np.int32)
    src = np.where(none, cols, src).astype(np.int32)
    return status, claim, day, conf, src


def _overlay(base: Lens, top: Lens, use: np.ndarray) -> Lens:
    """`top` where `use`, else `base` (two lenses of the same group of claims)."""
    def mix(name: str) -> np.ndarray:
        return np.where(use, getattr(top, name), getattr(base, name)).astype(
            getattr(base, name).dtype)
    extra = {i: v for i, v in base.extra.items() if not use[i]}
    extra.update((i, v) for i, v in top.extra.items() if use[i])
    return Lens(mix("status"), mix("claim"), mix("day"), mix("conf"), mix("src"),
                mix("rule"), {**base.also, **top.also}, extra)


def _merged_also(lenses: Sequence[Lens]) -> dict[tuple[int, int], tuple[int, ...]]:
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    for ln in lenses:
        out.update(ln.also)
    return out


def assessed(ind: Lens, ru: Lens, ua: Lens, day: int, horizon: int,
             fresh_ind: Callable[[], Lens]) -> Lens:
    """Independent sources while fresh; else the two sides' fresh officials (agreement gives
    their status, disagreement contested); else the last thing known (rule 5).

    Where the independents' newest claim is stale, their newest fresh claim (`fresh_ind()`,
    built only when needed) still counts: a source that keeps confirming its status is
    newer information than a one-off statement gone stale."""
    f_i = ind.fresh(day, horizon)
    if (ind.has & ~f_i).any():
        alt = fresh_ind()
        use = alt.has & ~f_i
        if use.any():
            ind = _overlay(ind, alt, use)
            f_i = f_i | use
    f_r, f_u = (ln.fresh(day, horizon) for ln in (ru, ua))
    rep_i, rep_r, rep_u = (ln.reported(day) for ln in (ind, ru, ua))
    nothing = ~(f_i | f_r | f_u)
    top = np.maximum(np.maximum(rep_i, rep_r), rep_u)
    last_i = nothing & ind.has & (rep_i >= top)
    use_i = f_i | last_i
    pick_r = (f_r & ~f_i) | (nothing & ~last_i & ru.has & (rep_r == top))
    pick_u = (f_u & ~f_i) | (nothing & ~last_i & ua.has & (rep_u == top))
    both = pick_r & pick_u
    take_r = pick_r & (~pick_u | (ru.newness(day) > ua.newness(day)))
    take_u = pick_u & ~take_r
    which = np.where(use_i, 0, np.where(take_r, 1, np.where(take_u, 2, -1)))
    lenses = (ind, ru, ua)
    status, claim, cday, conf, src = _pick(lenses, which)
    differ = both & (ru.status != ua.status)
    status[differ] = CONTESTED
    officials = (pick_r | pick_u) & ~nothing
    rules = np.full(len(which), NONE, dtype=np.int8)
    rules[f_i] = RULE["independent"]
    rules[officials] = RULE["one-side"]
    rules[officials & both] = RULE["officials-agree"]
    rules[officials & differ] = RULE["officials-disagree"]
    rules[nothing & (which >= 0)] = RULE["last-known"]
    extra: dict[int, tuple[int, ...]] = {}
    for i in np.flatnonzero(differ):
        mine, other = (ru, ua) if take_r[i] else (ua, ru)
        extra[int(i)] = tuple(dict.fromkeys(
            (*mine.also_of(int(i)), int(other.claim[i]), *other.also_of(int(i)))))
    return Lens(status, claim, cday, conf, src, rules, _merged_also(lenses), extra)


def disputed(lenses: Sequence[Lens], day: int, horizon: int, n: int) -> Lens:
    """Each claimant's fresh position side by side: `disputed` where they differ, else the
    status they agree on; with only stale positions, the newest of them, stale (rule 6)."""
    if not lenses:
        return Lens.empty(n)
    fresh = np.stack([ln.fresh(day, horizon) for ln in lenses])
    has = np.stack([ln.has for ln in lenses])
    st = np.stack([ln.status for ln in lenses]).astype(np.int16)
    key = np.stack([ln.newness(day) for ln in lenses])
    any_fresh = fresh.any(axis=0)
    lo = np.where(fresh, st, 99).min(axis=0)
    hi = np.where(fresh, st, -1).max(axis=0)
    differ = any_fresh & (lo != hi)
    pick = np.where(any_fresh, np.where(fresh, key, -1).argmax(axis=0), key.argmax(axis=0))
    which = np.where(has.any(axis=0), pick, -1)
    status, claim, cday, conf, src = _pick(lenses, which)
    status[differ] = DISPUTED
    rules = np.full(n, NONE, dtype=np.int8)
    rules[which >= 0] = RULE["last-known"]
    rules[any_fresh] = RULE["agree"]
    rules[differ] = RULE["differ"]
    extra: dict[int, tuple[int, ...]] = {}
    for i in np.flatnonzero(differ):
        mine = int(st[which[i], i])
        extra[int(i)] = tuple(int(lenses[k].claim[i]) for k in range(len(lenses))
                              if fresh[k, i] and int(st[k, i]) != mine)
    return Lens(status, claim, cday, conf, src, rules, _merged_also(lenses), extra)


def resolve_view(view: str, group: Callable[[str], Lens], claimants: Sequence[str],
                 day: int, horizon: int, n: int) -> Lens | None:
    """The Lens of `view` from the groups' lenses (`group(key)`); None for an unknown view."""
    claimant = view_claimant(view)
    if claimant is not None:
        return group(claimant_key(claimant))
    if view == "latest":
        return group(EVERYONE)
    if view == "assessed":
        return assessed(group(INDEPENDENT), group(claimant_key(RU_OFFICIAL)),
                        group(claimant_key(UA_OFFICIAL)), day, horizon,
                        lambda: group(FRESH_INDEPENDENT))
    if view == "disputed":
        return disputed([group(claimant_key(c)) for c in claimants], day, horizon, n)
    return None


def group_rule(key: str) -> tuple[str, bool, bool]:
    """The rule a group's own claims stand for, whether its same-day splits are judged per
    claimant (the latest view: claimants that differ -> disputed), and whether it keeps
    only fresh claims (the independents' fallback in the assessed view)."""
    if key == EVERYONE:
        return "newest", True, False
    if key in (INDEPENDENT, FRESH_INDEPENDENT):
        return "independent", False, key == FRESH_INDEPENDENT
    return "claimant", False, False
