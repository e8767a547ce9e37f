"""The resolution engine: what each view says about each area on a day, and since when.

Rules (see docs/resolution.md for the full statement):
- A claim holds from its `date` (a partial date from its first day) until a newer one.
- Hierarchy: a claim on an area applies to its descendants unless a descendant has a newer
  claim of its own; on the same date the more specific area wins.
- Same area, same day, claims that disagree: the area is `contested` (the claims behind it
  are listed in `Resolved.also`); agreeing ones: the one with the highest id stands for them.
- `known_at` K: only claims with `published <= K` count (a claim without `published` is known
  from its own date).
- Views: `claimant:<c>` (that claimant's claims), `latest` (anyone's), `assessed` (any
  non-official claimant's; the warring sides' officials only where nobody else has said
  anything about the area), `disputed` (`disputed` where the claimants' own views differ,
  else the status they agree on).

Everything after `Engine(dataset)` is integer array work: one date resolves in well under a
millisecond on the shipped data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from controlmap.errors import UsageError
from controlmap.model.compiled import (
    CODE_STATUS,
    CONTESTED,
    NO_DAY,
    STATUS_CODES,
    Hierarchy,
    RowSet,
    claim_rows,
    exclusive_km2,
    to_equal_area,
)
from controlmap.model.dataset import Dataset
from controlmap.model.records import Claim
from controlmap.model.results import AreaDiff, Change, Resolved, State
from controlmap.model.views import all_views, is_official, parse_view, view_claimant

DISPUTED = STATUS_CODES["disputed"]
# A claim whose last confirmation is older than this many days is stale: still the last thing
# known, drawn as such, but no longer a current position (docs/resolution.md, "Staleness").
DEFAULT_HORIZON_DAYS = 60


@dataclass(frozen=True)
class _Lens:
    """Per-area arrays of one view on one day: status code, claim index, claim day, and the
    area the claim was made about; `also` maps an area with a same-day disagreement to the
    other claims' indices."""

    status: np.ndarray
    claim: np.ndarray
    day: np.ndarray
    src: np.ndarray
    also: dict[int, tuple[int, ...]]


def _ordinal(d: date | None) -> int | None:
    return None if d is None else d.toordinal()


class Engine:
    """Compiled claims of one Dataset; every query is a few numpy passes."""

    def __init__(self, dataset: Dataset, horizon_days: int = DEFAULT_HORIZON_DAYS) -> None:
        self.dataset = dataset
        self.horizon_days = horizon_days
        self.claims: list[Claim] = sorted(dataset.claims, key=lambda c: c.id)
        self.claims_by_id: dict[str, Claim] = {c.id: c for c in self.claims}
        self.hierarchy = Hierarchy.of(dataset.areas)
        self.ids = self.hierarchy.ids
        geoms_ea = to_equal_area([dataset.areas[a].geometry for a in self.ids])
        rows, claimant_of = claim_rows(self.claims, self.hierarchy, geoms_ea)
        self.area_km2: dict[str, float] = dict(
            zip(self.ids, exclusive_km2(self.hierarchy, geoms_ea).tolist(), strict=True)
        )
        self.claimants: list[str] = sorted({c.claimant for c in self.claims})
        self.views: list[str] = all_views(self.claimants)
        claim_ids = [c.id for c in self.claims]
        official = np.array([is_official(c) for c in claimant_of], dtype=bool)

        def subset(mask: np.ndarray) -> RowSet:
            return RowSet.of(rows[mask], claim_ids)

        everyone = np.ones(len(rows), dtype=bool)
        self._sets: dict[str, RowSet] = {
            "*": subset(everyone),
            "official": subset(official),
            "others": subset(~official),
        }
        for c in self.claimants:
            self._sets["c:" + c] = subset(claimant_of == c)
        self._n = len(self.ids)
        self._arange = np.arange(max(len(rows), 1), dtype=np.int64)
        self._lens_cached = lru_cache(maxsize=256)(self._lens_uncached)
        self._change_dates_cached = lru_cache(maxsize=64)(self._change_dates_uncached)
        # (view, known_at) -> (change days, state at each): filled by change_dates().
        self._timelines: dict[tuple[str, int | None], tuple[np.ndarray, list[_Lens]]] = {}

    # ---- inputs -------------------------------------------------------------------------

    @property
    def geometry_claims(self) -> list[Claim]:
        return [c for c in self.claims if c.area is None and c.geometry is not None]

    def view(self, text: str) -> str:
        return parse_view(text, self.claimants)

    def area_index(self, area: str) -> int:
        try:
            return self.hierarchy.index[area]
        except KeyError:
            raise UsageError(
                f"unknown area {area!r} (known: {', '.join(self.ids)})"
            ) from None

    # ---- core ---------------------------------------------------------------------------

    def _own(
        self, rs: RowSet, day: int, known: int | None
    ) -> tuple[np.ndarray, dict[int, tuple[int, ...]]]:
        """Per area, the row of its own newest valid claim (-1: none), and same-day splits."""
        best = np.full(self._n, -1, dtype=np.int64)
        if len(rs) == 0:
            return best, {}
        if known is None:
            # Rows are sorted by (area, day): the valid rows of an area are a prefix.
            probe = (rs.seg_areas.astype(np.int64) << 32) | day
            last = np.searchsorted(rs.key, probe, side="right") - 1
            best[rs.seg_areas] = np.where(last >= rs.seg_starts, last, -1)
        else:
            valid = (rs.day <= day) & (rs.pub <= known)
            idx = np.where(valid, self._arange[: len(rs)], -1)
            best[rs.seg_areas] = np.maximum.reduceat(idx, rs.seg_starts)
        also: dict[int, tuple[int, ...]] = {}
        chosen = np.flatnonzero(best >= 0)
        rows = best[chosen]
        suspects = rs.group_mixed[rows] if known is None else rs.group_start[rows] < rows
        for k in np.flatnonzero(suspects):
            r = int(rows[k])
            same = [j for j in range(int(rs.group_start[r]), r + 1)
                    if known is None or rs.pub[j] <= known]
            if len({int(rs.status[j]) for j in same}) > 1:
                also[int(chosen[k])] = tuple(int(rs.claim[j]) for j in same if j != r)
        return best, also

    def _resolve_set(self, key: str, day: int, known: int | None) -> _Lens:
        rs = self._sets[key]
        best, also = self._own(rs, day, known)
        has = best >= 0
        safe = np.where(has, best, 0)
        if len(rs):
            status = np.where(has, rs.status[safe], 0).astype(np.int8)
            claim = np.where(has, rs.claim[safe], -1).astype(np.int32)
            cday = np.where(has, rs.day[safe], NO_DAY).astype(np.int32)
        else:
            status = np.zeros(self._n, dtype=np.int8)
            claim = np.full(self._n, -1, dtype=np.int32)
            cday = np.full(self._n, NO_DAY, dtype=np.int32)
        for a in also:
            status[a] = CONTESTED
        src = np.arange(self._n, dtype=np.int32)
        parent = self.hierarchy.parent
        for level in self.hierarchy.levels[1:]:
            p = parent[level]
            take = cday[p] > cday[level]
            if take.any():
                t, pt = level[take], p[take]
                status[t], claim[t], cday[t], src[t] = status[pt], claim[pt], cday[pt], src[pt]
        return _Lens(status, claim, cday, src, also)

    def _lens_uncached(self, view: str, day: int, known: int | None) -> _Lens:
        claimant = view_claimant(view)
        if claimant is not None:
            return self._resolve_set("c:" + claimant, day, known)
        if view == "latest":
            return self._resolve_set("*", day, known)
        if view == "assessed":
            others = self._resolve_set("others", day, known)
            official = self._resolve_set("official", day, known)
            use = others.day != NO_DAY
            also = dict(official.also)
            also.update(others.also)
            return _Lens(
                np.where(use, others.status, official.status).astype(np.int8),
                np.where(use, others.claim, official.claim).astype(np.int32),
                np.where(use, others.day, official.day).astype(np.int32),
                np.where(use, others.src, official.src).astype(np.int32),
                also,
            )
        if view == "disputed":
            return self._disputed(day, known)
        raise UsageError(f"unknown view {view!r} (use one of: {', '.join(self.views)})")

    def _disputed(self, day: int, known: int | None) -> _Lens:
        if not self.claimants:
            return self._resolve_set("*", day, known)
        lenses = [self._lens("claimant:" + c, day, known) for c in self.claimants]
        status = np.stack([ln.status for ln in lenses])
        cday = np.stack([ln.day for ln in lenses])
        has = cday != NO_DAY
        lo = np.where(has, status, 99).min(axis=0)
        hi = np.where(has, status, -1).max(axis=0)
        newest = np.argmax(np.where(has, cday, NO_DAY), axis=0)
        cols = np.arange(self._n)
        any_claim = has.any(axis=0)
        out = np.where(any_claim, np.where(lo != hi, DISPUTED, lo), 0).astype(np.int8)
        claim = np.where(any_claim, np.stack([ln.claim for ln in lenses])[newest, cols], -1)
        src = np.stack([ln.src for ln in lenses])[newest, cols]
        return _Lens(out, claim.astype(np.int32), cday[newest, cols].astype(np.int32),
                     src.astype(np.int32), {})

    def _lens(self, view: str, day: int, known: int | None) -> _Lens:
        timeline = self._timelines.get((view, known))
        if timeline is None:
            return self._lens_cached(view, day, known)
        days, lenses = timeline
        t = int(np.searchsorted(days, day, side="right")) - 1
        return lenses[t] if t >= 0 else self._nothing

    @property
    def _nothing(self) -> _Lens:
        """The state before any claim: unknown everywhere."""
        n = self._n
        return _Lens(np.zeros(n, dtype=np.int8), np.full(n, -1, dtype=np.int32),
                     np.full(n, NO_DAY, dtype=np.int32), np.arange(n, dtype=np.int32), {})

    # ---- queries ------------------------------------------------------------------------

    def state(self, day: date, view: str = "assessed", known_at: date | None = None,
              *, positions: bool = True) -> State:
        """Every area's status in `view` on `day`, as known at `known_at` (None: all claims).

        The resolution is done here, as arrays; each area's Resolved is built when first
        read, so a caller that needs a few areas (or only colours) pays for those only.
        """
        view = self.view(view)
        d, k = day.toordinal(), _ordinal(known_at)
        lens = self._lens(view, d, k)
        used = lens.day[lens.day != NO_DAY]
        latest = date.fromordinal(int(used.max())) if len(used) else None
        return State(day, view, known_at, _AreaStates(self, lens, d, k, positions),
                     latest_claim=latest, horizon_days=self.horizon_days)

    def _resolved(self, i: int, lens: _Lens, d: int, pos: dict[str, str]) -> Resolved:
        ci = int(lens.claim[i])
        claim = self.claims[ci] if ci >= 0 else None
        src = int(lens.src[i])
        age = (d - int(lens.day[i])) if claim else None
        return Resolved(
            area=self.ids[i],
            status=CODE_STATUS[int(lens.status[i])],
            since=claim.date if claim else None,
            claim=claim.id if claim else None,
            claimant=claim.claimant if claim else None,
            age_days=age,
            via=self.ids[src] if claim and src != i else None,
            positions=pos,
            also=tuple(self.claims[j].id for j in lens.also.get(src, ())),
            last_reported=date.fromordinal(int(lens.day[i])) if claim else None,
            stale=age is not None and age > self.horizon_days,
        )

    def status_codes(self, day: date, view: str = "assessed",
                     known_at: date | None = None) -> np.ndarray:
        """Status codes per area (in `ids` order): the cheapest query, for play and charts."""
        return self._lens(self.view(view), day.toordinal(), _ordinal(known_at)).status

    def _sets_of(self, view: str) -> list[RowSet]:
        claimant = view_claimant(view)
        if claimant is not None:
            return [self._sets["c:" + claimant]]
        return [self._sets["*"]]

    def _candidate_days(self, view: str, known: int | None, areas: Iterable[int] | None = None
                        ) -> np.ndarray:
        days = []
        for rs in self._sets_of(view):
            keep = np.ones(len(rs), dtype=bool)
            if known is not None:
                keep &= rs.pub <= known
            if areas is not None:
                keep &= np.isin(rs.area, np.fromiter(areas, dtype=np.int32))
            days.append(rs.day[keep])
        return np.unique(np.concatenate(days)) if days else np.zeros(0, dtype=np.int32)

    def _change_dates_uncached(self, view: str, known: int | None) -> tuple[date, ...]:
        """Walk every day a claim starts; keep the days the view changes, and keep each
        changed state as the view's timeline, so later lookups are one binary search."""
        days: list[int] = []
        lenses: list[_Lens] = []
        prev_s = np.zeros(self._n, dtype=np.int8)
        prev_c = np.full(self._n, -1, dtype=np.int32)
        for d in self._candidate_days(view, known):
            lens = self._lens_uncached(view, int(d), known)
            if not (np.array_equal(lens.status, prev_s) and np.array_equal(lens.claim, prev_c)):
                days.append(int(d))
                lenses.append(lens)
                prev_s, prev_c = lens.status, lens.claim
        self._timelines[(view, known)] = (np.array(days, dtype=np.int64), lenses)
        return tuple(date.fromordinal(d) for d in days)

    def change_dates(self, view: str = "assessed", known_at: date | None = None) -> list[date]:
        """The days on which anything in the view changes: a status or the claim behind it."""
        return list(self._change_dates_cached(self.view(view), _ordinal(known_at)))

    def history(self, area: str, view: str = "assessed",
                known_at: date | None = None) -> list[Change]:
        """Every change of one area in the view, oldest first, with the claim behind it."""
        view = self.view(view)
        i = self.area_index(area)
        k = _ordinal(known_at)
        out: list[Change] = []
        prev_status, prev_claim = "unknown", -1
        for d in self._candidate_days(view, k, self.hierarchy.ancestors(i)):
            lens = self._lens(view, int(d), k)
            status, ci = CODE_STATUS[int(lens.status[i])], int(lens.claim[i])
            if (status, ci) == (prev_status, prev_claim):
                continue
            claim = self.claims[ci] if ci >= 0 else None
            src = int(lens.src[i])
            out.append(Change(
                date=date.fromordinal(int(d)),
                status=status,
                previous=prev_status,
                claim=claim.id if claim else None,
                claimant=claim.claimant if claim else None,
                since=claim.date if claim else None,
                via=self.ids[src] if claim and src != i else None,
            ))
            prev_status, prev_claim = status, ci
        return out

    def diff(self, d_from: date, d_to: date, view: str = "assessed",
             known_at: date | None = None) -> list[AreaDiff]:
        """Areas whose status differs between two days, with each area's own km²."""
        a = self.status_codes(d_from, view, known_at)
        b = self.status_codes(d_to, view, known_at)
        return [
            AreaDiff(self.ids[i], CODE_STATUS[int(a[i])], CODE_STATUS[int(b[i])],
                     self.area_km2[self.ids[i]])
            for i in np.flatnonzero(a != b)
        ]

    def km2_by_status(self, day: date, view: str = "assessed",
                      known_at: date | None = None) -> dict[str, float]:
        """km² per status on a day (equal-area; each area counted once, without its children)."""
        codes = self.status_codes(day, view, known_at)
        km2 = np.fromiter((self.area_km2[a] for a in self.ids), dtype=float, count=self._n)
        sums = np.bincount(codes.astype(np.int64), weights=km2, minlength=len(CODE_STATUS))
        return {s: round(float(sums[c]), 4) for c, s in enumerate(CODE_STATUS)}

    def km2_series(self, view: str = "assessed",
                   known_at: date | None = None) -> list[tuple[date, dict[str, float]]]:
        """km² per status at every change date of the view."""
        return [(d, self.km2_by_status(d, view, known_at))
                for d in self.change_dates(view, known_at)]


class _AreaStates(Mapping[str, Resolved]):
    """The areas of one State: resolved arrays, turned into Resolved records on first read."""

    def __init__(self, engine: Engine, lens: _Lens, day: int, known: int | None,
                 positions: bool) -> None:
        self._engine, self._lens, self._day, self._known = engine, lens, day, known
        self._positions = positions
        self._per_claimant: dict[str, _Lens] | None = None
        self._built: dict[str, Resolved] = {}

    def _claimant_lenses(self) -> dict[str, _Lens]:
        if self._per_claimant is None:
            eng = self._engine
            self._per_claimant = {
                c: eng._lens("claimant:" + c, self._day, self._known) for c in eng.claimants
            } if self._positions else {}
        return self._per_claimant

    def __getitem__(self, area: str) -> Resolved:
        got = self._built.get(area)
        if got is None:
            i = self._engine.hierarchy.index[area]
            pos = {c: CODE_STATUS[int(ln.status[i])]
                   for c, ln in self._claimant_lenses().items() if ln.day[i] != NO_DAY}
            got = self._built[area] = self._engine._resolved(i, self._lens, self._day, pos)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._engine.ids)

    def __len__(self) -> int:
        return len(self._engine.ids)
