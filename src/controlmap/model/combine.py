"""The views, built from the groups' lenses (model/resolve.py): a claimant's own, latest,
assessed (docs/resolution.md, rule 5) and disputed (rule 6).

Assessed and disputed first judge every area by what is fresh on the day; where nothing is,
the area keeps its answer of the last day something was (model/lastknown.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from controlmap.model import lastknown
from controlmap.model.compiled import (
    CONTESTED,
    DISPUTED,
    K_RULE,
    K_STATUS,
    NO_DAY,
    Hierarchy,
    RowSet,
)
from controlmap.model.other_claims import AlsoOf, OtherClaims
from controlmap.model.resolve import (
    EVERYONE,
    FRESH_INDEPENDENT,
    INDEPENDENT,
    NONE,
    NOTHING,
    RU_OFFICIAL,
    RULE,
    UA_OFFICIAL,
    Day,
    Lens,
    claimant_key,
    own_rows,
)
from controlmap.model.views import view_claimant


@dataclass(frozen=True)
class Sources:
    """What the views of one day (as known at `known`) are built from: each group's Lens
    (`lens(key)`) and rows (`rows(key)`, None for a group without claims)."""

    hierarchy: Hierarchy
    day: int
    known: int | None
    horizon: int
    lens: Callable[[str], Lens]
    rows: Callable[[str], RowSet | None]

    @property
    def n(self) -> int:
        return len(self.hierarchy.ids)

    def latest(self, key: str) -> np.ndarray:
        """Per area, the latest last report of the group's claims reaching it (on the area
        or above it)."""
        return lastknown.chain_top(lastknown.latest_own(
            self.rows(key), self.n, self.day, self.known)[0], self.hierarchy)

    def start(self, groups: Sequence[tuple[str, Lens]], base: np.ndarray | None = None
              ) -> np.ndarray:
        """Per area, the latest report that can make one of these lenses fresh as of an
        earlier day (and `base`): a lens with no `contested` answer reaching down is the
        same as of every day, so its own report; else that of any claim of its group
        reaching the area."""
        out = np.full(self.n, NO_DAY, dtype=np.int64) if base is None else base
        for key, g in groups:
            soft = lastknown.soft_above(g, self.hierarchy)
            out = np.maximum(out, self.latest(key) if soft else g.conf)
        return out

    def resolve(self, need: np.ndarray, judge: lastknown.Judge, start: np.ndarray) -> Lens:
        """Every area judged on the day, those of `need` on their last fresh day (rule
        `last-known`), searched from `start` down (model/lastknown.py)."""
        everyone = self.rows(EVERYONE)
        assert everyone is not None  # some area has a claim
        return lastknown.resolve(need, judge, start, everyone, self.hierarchy, self.day,
                                 self.known, self.horizon)


def _overlay(base: Lens, top: Lens, use: np.ndarray) -> Lens:
    """`top` where `use`, else `base` (two lenses of the same group of claims)."""
    table = np.where(use[:, None], top.table, base.table)
    # where `top` is used, its split or none: never base's split of the same claim
    return Lens(table, base.also, AlsoOf(top, use, base.extra))


def _pick(lenses: Sequence[Lens], which: np.ndarray) -> np.ndarray:
    """Per area, the row of lens `which[i]` (-1: nothing), as a new table."""
    n = len(which)
    table = np.stack([ln.table for ln in lenses])[np.maximum(which, 0), np.arange(n)]
    table[which < 0] = NOTHING
    return table


def _merged_also(lenses: Sequence[Lens]) -> tuple[Mapping[tuple[int, int], tuple[int, ...]], ...]:
    """The split maps of lenses over disjoint groups of claims, as one chain."""
    return tuple(m for ln in lenses for m in ln.also)


def judge_assessed(ind: Lens, ru: Lens, ua: Lens, day: Day, horizon: int,
                   fresh_ind: Callable[[], Lens]) -> tuple[Lens, np.ndarray]:
    """Rule 5, 1-2: independent sources while fresh; else the two sides' fresh officials
    (agreement gives their status, disagreement contested). Also where something was fresh;
    elsewhere the answer is none.

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
    f_r, f_u = ru.fresh(day, horizon), ua.fresh(day, horizon)
    pick_r, pick_u = f_r & ~f_i, f_u & ~f_i
    official = pick_r | pick_u
    both = pick_r & pick_u
    take_r = pick_r & ~pick_u
    if both.any():
        take_r |= both & (ru.newness(day) > ua.newness(day))
    take_u = pick_u & ~take_r
    which = np.where(f_i, 0, np.where(take_r, 1, np.where(take_u, 2, -1)))
    lenses = (ind, ru, ua)
    table = _pick(lenses, which)
    differ = both & (ru.status != ua.status)
    table[differ, K_STATUS] = CONTESTED
    rules = np.full(len(which), NONE, dtype=table.dtype)
    rules[f_i] = RULE["independent"]
    rules[official] = RULE["one-side"]
    rules[both] = RULE["officials-agree"]
    rules[differ] = RULE["officials-disagree"]
    table[:, K_RULE] = rules
    extra: dict[int, tuple[int, ...]] = {}
    for i in np.flatnonzero(differ) if both.any() else ():
        mine, other = (ru, ua) if take_r[i] else (ua, ru)
        extra[int(i)] = tuple(dict.fromkeys(
            (*mine.also_of(int(i)), int(other.claim[i]), *other.also_of(int(i)))))
    also = AlsoOf(ind, f_i, extra) if ind.extra else extra
    return Lens(table, _merged_also(lenses), also), f_i | official


def assessed(src: Sources) -> Lens:
    """Rule 5: what is fresh on the day (`judge_assessed`); where nothing is, the answer of
    the last day something was (one judgement: each area as of its own day)."""
    ind, ru, ua = (src.lens(k) for k in (INDEPENDENT, claimant_key(RU_OFFICIAL),
                                         claimant_key(UA_OFFICIAL)))
    d, hz, h = src.day, src.horizon, src.hierarchy
    need = ~(ind.fresh(d, hz) | ru.fresh(d, hz) | ua.fresh(d, hz)) & (ind.has | ru.has | ua.has)
    alt = src.lens(FRESH_INDEPENDENT) if need.any() else None
    if alt is not None:
        need &= ~alt.has
    if alt is None or not need.any():
        return judge_assessed(ind, ru, ua, d, hz, lambda: src.lens(FRESH_INDEPENDENT))[0]
    # The independents' part is fresh as of a day while any independent claim reaching the
    # area is (I's own report is never later than theirs): until their latest report.
    rs = src.rows(INDEPENDENT)
    latest, rows_latest = lastknown.latest_own(rs, src.n, d, src.known, ind.own_row)
    t_i = lastknown.chain_top(latest, h)
    start = src.start([(claimant_key(RU_OFFICIAL), ru), (claimant_key(UA_OFFICIAL), ua)], t_i)
    tops: list[Lens] = []

    def top() -> Lens:
        """The independents' fresh claims as of an area's last fresh day are those last
        reported latest: per area, its own newest claim among those last reported on its
        own latest report."""
        if not tops:
            tops.append(Lens.empty(src.n))
            if rs is not None:
                own, redone = own_rows(rs, src.n, d, src.known, latest, rows_latest)
                tops[0] = Lens(own, tuple(m for m in (redone, rs.split_also) if m))
        return tops[0]

    def judge(cut: np.ndarray) -> tuple[Lens, np.ndarray]:
        # Only where the independents were reported last does I as of that day matter.
        mine = need & (t_i >= cut)
        if not mine.any():
            r, u = (lastknown.as_of(g, h, cut) for g in (ru, ua))
            return judge_assessed(ind, r, u, cut + hz, hz, lambda: alt)
        i, r, u = (lastknown.as_of(g, h, cut) for g in (ind, ru, ua))

        def fresh_ind() -> Lens:
            # where judged as of the day, the day's fresh-only lens
            at = lastknown.fold(top().table, h, cut, fresh_only=True)
            table = np.where(mine[:, None], at, alt.table)
            return Lens(table, alt.also, AlsoOf(Lens(at, top().also), mine, alt.extra))

        return judge_assessed(i, r, u, cut + hz, hz, fresh_ind)

    return src.resolve(need, judge, start)


def judge_disputed(lenses: Sequence[Lens], day: Day, horizon: int) -> tuple[Lens, np.ndarray]:
    """Rule 6 among fresh positions: `disputed` where they differ, else the status they
    agree on. Also where some position was fresh; elsewhere the answer is none."""
    fresh = np.stack([ln.fresh(day, horizon) for ln in lenses])
    st = np.stack([ln.status for ln in lenses])
    key = np.stack([ln.newness(day) for ln in lenses])
    any_fresh = np.any(fresh, axis=0)
    lo = np.where(fresh, st, 99).min(axis=0)
    hi = np.where(fresh, st, -1).max(axis=0)
    differ = any_fresh & (lo != hi)
    which = np.where(any_fresh, np.where(fresh, key, -1).argmax(axis=0), -1)
    table = _pick(lenses, which)
    table[differ, K_STATUS] = DISPUTED
    rules = np.full(len(which), NONE, dtype=table.dtype)
    rules[any_fresh] = RULE["agree"]
    rules[differ] = RULE["differ"]
    table[:, K_RULE] = rules
    # per disputed area, the claims of the fresh positions other than the one shown
    areas = np.flatnonzero(differ)
    claims = np.stack([ln.claim[areas] for ln in lenses])
    mine = st[which[areas], areas]
    other = fresh[:, areas] & (st[:, areas] != mine)
    return Lens(table, _merged_also(lenses), OtherClaims(areas, claims, other)), any_fresh


def disputed(src: Sources, claimants: Sequence[str]) -> Lens:
    """Rule 6: the claimants' fresh positions on the day (`judge_disputed`); where none is
    fresh, the answer of the last day one was (one judgement: each area as of its own day)."""
    lenses = [src.lens(claimant_key(c)) for c in claimants]
    if not lenses:
        return Lens.empty(src.n)
    d, hz = src.day, src.horizon
    need = ~np.any([g.fresh(d, hz) for g in lenses], axis=0) & np.any(
        [g.has for g in lenses], axis=0)
    if not need.any():
        return judge_disputed(lenses, d, hz)[0]

    def judge(cut: np.ndarray) -> tuple[Lens, np.ndarray]:
        return judge_disputed([lastknown.as_of(g, src.hierarchy, cut) for g in lenses],
                              cut + hz, hz)

    start = src.start([(claimant_key(c), g) for c, g in zip(claimants, lenses, strict=True)])
    return src.resolve(need, judge, start)


def resolve_view(view: str, src: Sources, claimants: Sequence[str]) -> Lens | None:
    """The Lens of `view` from the groups' lenses; None for an unknown view."""
    claimant = view_claimant(view)
    if claimant is not None:
        return src.lens(claimant_key(claimant))
    if view == "latest":
        return src.lens(EVERYONE)
    if view == "assessed":
        return assessed(src)
    if view == "disputed":
        return disputed(src, claimants)
    return None
