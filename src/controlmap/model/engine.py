"""The query facade: what each view says about each area on a day, its history, and diffs.

`Engine(dataset)` compiles the claims into row arrays once (model/compiled.py); every query
then resolves with model/resolve.py and model/combine.py, whose rules are
docs/resolution.md. Results are the records of model/results.py. One date resolves in well
under a millisecond on the shipped data. Once a view's change days are known (`change_dates`,
`timeline`), the state on day D is the view's Lens from the last change day <= D (a binary
search, then a small cache), and past a view's last change one Lens serves every day. Only
the change days are kept, never the lenses: at 100,000 claims those would be a gigabyte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cached_property, lru_cache

import numpy as np

from controlmap.errors import UsageError
from controlmap.model import history
from controlmap.model.area_states import AreaStates
from controlmap.model.claimtable import ClaimsById, ClaimTable, as_table
from controlmap.model.combine import Sources, resolve_view
from controlmap.model.compiled import (
    CODE_STATUS,
    K_CLAIM,
    K_CONF,
    K_RULE,
    K_SRC,
    K_STATUS,
    Hierarchy,
    RowSet,
    claim_rows,
    km2_by_id,
    to_equal_area,
)
from controlmap.model.dataset import Dataset
from controlmap.model.records import Claim
from controlmap.model.resolve import (
    EVERYONE,
    INDEPENDENT,
    RU_OFFICIAL,
    RULE,
    RULES,
    UA_OFFICIAL,
    Lens,
    Rows,
    claimant_key,
    group_rule,
    resolve_rows,
)
from controlmap.model.results import AreaDiff, Change, Resolved, State
from controlmap.model.spans import NO_END, PUB_HI, WHO
from controlmap.model.views import all_views, is_official, parse_view, view_claimant

# A claim last reported more than this many days before the day is stale: still the last
# thing known, drawn as such, but no longer a current position (docs/resolution.md, rule 2).
# The loading/CLI/app edge may set another (CONTROLMAP_STALE_DAYS); the model reads no env.
DEFAULT_HORIZON_DAYS = 60


def _ordinal(d: date | None) -> int | None:
    return None if d is None else d.toordinal()


class Engine:
    """Compiled claims of one Dataset; every query is a few numpy passes."""

    def __init__(self, dataset: Dataset, horizon_days: int = DEFAULT_HORIZON_DAYS,
                 area_km2: Mapping[str, float] | None = None) -> None:
        """`area_km2`: each area's own km² (`compiled.km2_by_id`) when the caller kept it for
        these very areas (the app: render/area_geometry.py), else worked out when asked."""
        if horizon_days < 0:
            raise UsageError(f"the staleness horizon must be 0 days or more, not {horizon_days}")
        self.dataset = dataset
        self.horizon_days = int(horizon_days)
        self._km2_given = dict(area_km2) if area_km2 is not None else None
        # Sorted by id: a claim's index is its rank by id, which breaks ties (RowSet.of).
        self.claims: ClaimTable = as_table(dataset.claims).sorted_by_id()
        self.claims_by_id: Mapping[str, Claim] = ClaimsById(self.claims)
        self.hierarchy = Hierarchy.of(dataset.areas)
        self.ids = self.hierarchy.ids
        self._geoms_ea = to_equal_area([dataset.areas[a].geometry for a in self.ids])
        self.claimants: list[str] = sorted(set(self.claims.columns["claimant"]))
        self.views: list[str] = all_views(self.claimants)
        rows = claim_rows(self.claims, self.hierarchy, self._geoms_ea, self.claimants)
        who = rows[:, WHO]
        official = np.isin(who, [k for k, c in enumerate(self.claimants) if is_official(c)])

        def group(key: str, mask: np.ndarray) -> Rows:
            name, by_claimant, _ = group_rule(key)
            codes = (RULE[name], RULE["split"] if by_claimant else -1)
            candidates = RowSet.of(rows[mask], *codes)
            if not candidates.windowed:
                return Rows(candidates, candidates)
            final = mask & (rows[:, PUB_HI] == NO_END)
            return Rows(RowSet.of(rows[final], *codes), candidates)

        self._groups: dict[str, Rows] = {
            EVERYONE: group(EVERYONE, np.ones(len(rows), dtype=bool)),
            INDEPENDENT: group(INDEPENDENT, ~official),
        }
        for k, c in enumerate(self.claimants):
            self._groups[claimant_key(c)] = group(claimant_key(c), who == k)
        self._n = len(self.ids)
        # a day's groups, for its views (a walk moves on: older days are not asked again)
        self._group_lens = lru_cache(maxsize=64)(self._group_uncached)
        self._lens_cached = lru_cache(maxsize=256)(self._lens_uncached)
        self._change_dates_cached = lru_cache(maxsize=64)(self._change_dates_uncached)
        self._settled = lru_cache(maxsize=256)(self._settled_uncached)  # per view
        # (view, known_at) -> the view's change days (ordinals), once walked.
        self._change_days: dict[tuple[str, int | None], np.ndarray] = {}
        self._histories: dict[tuple[int, str, int | None], list[Change]] = {}

    # ---- inputs -------------------------------------------------------------------------

    @property
    def geometry_claims(self) -> list[Claim]:
        cols = self.claims.columns
        return [self.claims[i] for i, (a, g) in enumerate(zip(cols["area"], cols["geometry"],
                                                                strict=True))
                if a is None and g is not None]

    @cached_property
    def area_km2(self) -> dict[str, float]:
        """Each area's own km² (equal-area), computed when first asked: `state` needs none."""
        if self._km2_given is not None and set(self._km2_given) == set(self.ids):
            return self._km2_given
        return km2_by_id(self.hierarchy, self._geoms_ea)

    def view(self, text: str) -> str:
        return parse_view(text, self.claimants)

    def area_index(self, area: str) -> int:
        try:
            return self.hierarchy.index[area]
        except KeyError:
            raise UsageError(
                f"unknown area {area!r} (known: {', '.join(self.ids)})"
            ) from None

    # ---- resolution ---------------------------------------------------------------------

    def _group_uncached(self, key: str, day: int, known: int | None) -> Lens:
        fresh_only = group_rule(key)[2]
        rows = self._groups.get(INDEPENDENT if fresh_only else key)
        if rows is None:
            return Lens.empty(self._n)
        rs = rows.at(known)
        if fresh_only and not self._confirmed_fresh(rs, day, known):
            # Without a fresh confirmed row, an area whose newest claim is stale has no fresh
            # claim anywhere above it (a fresh one would be newer): nothing to fall back on.
            return Lens.empty(self._n)
        return resolve_rows(rs, self.hierarchy, day, known, self.horizon_days,
                            fresh_only=fresh_only)

    def _confirmed_fresh(self, rs: RowSet, day: int, known: int | None) -> bool:
        """Whether a row with a last confirmation is in effect and fresh on `day`."""
        lr = rs.lc_rows
        ok = rs.day[lr] <= day
        lc = rs.lc[lr]
        if known is not None:
            ok &= (rs.pub[lr] <= known) & (known < rs.pub_hi[lr])
            lc = np.minimum(lc, known)
        return bool((ok & (lc >= day - self.horizon_days)).any())

    def _rows(self, key: str, known: int | None) -> RowSet | None:
        rows = self._groups.get(key)
        return None if rows is None else rows.at(known)

    def _lens_uncached(self, view: str, day: int, known: int | None) -> Lens:
        src = Sources(self.hierarchy, day, known, self.horizon_days,
                      lambda key: self._group_lens(key, day, known),
                      lambda key: self._rows(key, known))
        lens = resolve_view(view, src, self.claimants)
        if lens is None:
            raise UsageError(f"unknown view {view!r} (use one of: {', '.join(self.views)})")
        return lens

    def lens(self, view: str, day: int, known: int | None) -> Lens:
        """The view's Lens on day `day` as known at `known` (ordinals)."""
        days = self._change_days.get((view, known))
        if days is None:
            # Past the view's last candidate day its Lens no longer changes (every claim is
            # stale, each area at its last known answer): one Lens serves every later day.
            return self._lens_cached(view, min(day, self._settled(view)), known)
        # The Lens of the last change day, read with `day`: what the timeline holds for it.
        t = int(np.searchsorted(days, day, side="right")) - 1
        return self._lens_cached(view, int(days[t]), known) if t >= 0 else Lens.empty(self._n)

    def _group_keys(self, view: str) -> list[str]:
        claimant = view_claimant(view)
        if claimant is not None:
            return [claimant_key(claimant)]
        if view == "latest":
            return [EVERYONE]
        if view == "assessed":
            return [INDEPENDENT, claimant_key(RU_OFFICIAL), claimant_key(UA_OFFICIAL)]
        return [claimant_key(c) for c in self.claimants]

    def candidate_days(self, view: str, known: int | None, areas: Iterable[int] | None = None
                        ) -> np.ndarray:
        """Every day on which the view can change: a claim takes effect or goes stale
        (conf + horizon + 1), and in views that rank claims by freshness (assessed,
        disputed), the day after a claim was last confirmed (conf + 1)."""
        ranked = view in ("assessed", "disputed")
        days = []
        for key in self._group_keys(view):
            if key not in self._groups:
                continue
            rs = self._groups[key].at(known)
            keep = np.ones(len(rs), dtype=bool)
            lc = rs.lc
            if known is not None:
                keep &= (rs.pub <= known) & (known < rs.pub_hi)
                lc = np.minimum(lc, known)
            if areas is not None:
                keep &= np.isin(rs.area, np.fromiter(areas, dtype=np.int32))
            day = rs.day[keep].astype(np.int64)
            conf = np.maximum(day, lc[keep])
            days += [day, conf + self.horizon_days + 1, *([conf + 1] if ranked else [])]
        return np.unique(np.concatenate(days)) if days else np.zeros(0, dtype=np.int64)

    def _settled_uncached(self, view: str) -> int:
        """A day from which on the view is constant whatever the known-at day: at or after
        its last candidate day (`candidate_days`) for any known-at; without claims, never
        (a view without claims needs no resolving anyway)."""
        last = None
        for key in self._group_keys(view):
            rs = self._groups[key].candidates if key in self._groups else None
            if rs is not None and len(rs):
                conf = int(np.maximum(rs.day, rs.lc).max()) + self.horizon_days + 1
                last = conf if last is None else max(last, conf)
        return int(np.iinfo(np.int32).max) if last is None else last

    def _signature(self, lens: Lens, day: int) -> tuple[np.ndarray, ...]:
        """What makes a day a change day: status, claim, rule, and staleness per area."""
        return lens.status, lens.claim, lens.rule, lens.stale(day, self.horizon_days)

    def _walk(self, view: str, known: int | None) -> Iterator[tuple[int, Lens]]:
        """Walk every candidate day; yield each day the view changes with its Lens from
        then on, and keep the change days when the walk ends."""
        days: list[int] = []
        prev = self._signature(Lens.empty(self._n), 0)
        for d in self.candidate_days(view, known).tolist():
            lens = self._lens_uncached(view, d, known)
            sig = self._signature(lens, d)
            if not all(np.array_equal(a, b) for a, b in zip(sig, prev, strict=True)):
                days.append(d)
                prev = sig
                yield d, lens
        self._change_days[(view, known)] = np.array(days, dtype=np.int64)

    def _change_dates_uncached(self, view: str, known: int | None) -> tuple[date, ...]:
        days = self._change_days.get((view, known))
        if days is None:
            for _ in self._walk(view, known):
                pass
            days = self._change_days[(view, known)]
        return tuple(date.fromordinal(d) for d in days.tolist())

    def timeline(self, view: str = "assessed", known_at: date | None = None
                 ) -> Iterator[tuple[int, Lens]]:
        """The view's change days (ordinals), each with its Lens, oldest first, one at a
        time: the state on day D is the Lens of the last change day <= D (none before the
        first), read with D. The first time a view is walked, its change days are kept."""
        view = self.view(view)
        k = _ordinal(known_at)
        days = self._change_days.get((view, k))
        if days is None:
            yield from self._walk(view, k)
            return
        for d in days.tolist():
            yield d, self._lens_uncached(view, d, k)

    # ---- queries ------------------------------------------------------------------------

    def state(self, day: date, view: str = "assessed", known_at: date | None = None,
              *, positions: bool = True) -> State:
        """Every area's status in `view` on `day`, as known at `known_at` (None: all claims).

        The resolution is done here, as arrays; each area's Resolved is built when first
        read, so a caller that needs a few areas (or only colours) pays for those only.
        """
        view = self.view(view)
        d, k = day.toordinal(), _ordinal(known_at)
        lens = self.lens(view, d, k)
        used = lens.reported(d)[lens.has]
        latest = date.fromordinal(int(used.max())) if len(used) else None
        return State(day, view, known_at, AreaStates(self, lens, d, k, positions),
                     latest_claim=latest, horizon_days=self.horizon_days)

    def resolved(self, i: int, lens: Lens, d: int, pos: dict[str, str],
                  stale_pos: tuple[str, ...]) -> Resolved:
        row = lens.table[i].tolist()
        ci, src = row[K_CLAIM], row[K_SRC]
        claim = self.claims[ci] if ci >= 0 else None
        reported = min(row[K_CONF], d) if claim else None
        return Resolved(
            area=self.ids[i],
            status=CODE_STATUS[row[K_STATUS]],
            since=claim.date if claim else None,
            claim=claim.id if claim else None,
            claimant=claim.claimant if claim else None,
            age_days=None if reported is None else d - reported,
            via=self.ids[src] if claim and src != i else None,
            positions=pos,
            also=tuple(self.claims[j].id for j in lens.also_of(i)),
            last_reported=None if reported is None else date.fromordinal(reported),
            stale=reported is not None and d - reported > self.horizon_days,
            rule=RULES[row[K_RULE]],
            stale_positions=stale_pos,
        )

    def status_codes(self, day: date, view: str = "assessed",
                     known_at: date | None = None) -> np.ndarray:
        """Status codes per area (in `ids` order): the cheapest query, for play and charts."""
        return self.lens(self.view(view), day.toordinal(), _ordinal(known_at)).status

    def change_dates(self, view: str = "assessed", known_at: date | None = None) -> list[date]:
        """The days on which anything in the view changes: a status, the claim behind it, the
        rule that gave it, or whether it is stale."""
        return list(self._change_dates_cached(self.view(view), _ordinal(known_at)))

    def history(self, area: str, view: str = "assessed",
                known_at: date | None = None) -> list[Change]:
        """Every change of one area in the view, oldest first, with the claim behind it: a
        new status or claim, another rule, or the day it went stale. Worked out on an engine
        of the area and its ancestors only (model/history.py says why), and kept."""
        view = self.view(view)
        key = (self.area_index(area), view, _ordinal(known_at))
        got = self._histories.get(key)
        if got is None:
            if len(self._histories) >= 256:
                self._histories.pop(next(iter(self._histories)))
            i, view, known = key
            chain = Engine(history.chain_dataset(self.dataset, self.claims, self.hierarchy, i),
                           self.horizon_days)
            # no claimant of this view says anything on the chain: no history
            got = self._histories[key] = (
                history.changes(chain, chain.area_index(area), view, known)
                if view in chain.views else [])
        return list(got)

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
