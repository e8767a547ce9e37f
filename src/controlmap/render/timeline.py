"""Every view's whole history as compact arrays, so the browser recolours any day by itself.

A view changes on few days, and on each only some areas change. The engine keeps each view
as its change days and one resolved table (a Lens) from each (`Engine.timeline`); this
module turns those tables into per-area runs, without a Resolved record per area and day,
so the size grows with the number of changes, not with days x areas.

Rows: the engine's change days, plus the days within them on which a claim goes stale (its
last confirmation + horizon + 1: the one thing that moves within a Lens). The state on day D
is row k, the last row day <= D. Per area j, `runs[j]` lists the rows on which anything of
the area changes, and `status[j]`, `claim[j]`, `via[j]`, `rule[j]`, `stale[j]`, `conf[j]`
hold its values from each run on; the area's state in row k is its last run <= k.
`conf` is the last day a source confirmed the status (-1: no claim): the last report on
day D is min(conf, D), so a daily series' last report follows the day until it ends.
`latest[k]` is the newest confirmation of row k (the view's newest report is min of it and
D). Integer lists that mostly grow (days, rows, and per area the claim index and `conf`) are
delta-encoded: each entry after the first is the difference to the one before. Days are
days since 1970-01-01 (the browser's `toDay`).

tests/test_payload.py decodes this as payload_model.js does and checks it against the engine
on random days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from controlmap.model.compiled import CODE_STATUS, Hierarchy
from controlmap.model.engine import Engine
from controlmap.model.other_claims import OthersTable, pad
from controlmap.model.resolve import RULES, Lens
from controlmap.render import wording
from controlmap.render.wholes import parts_of

STATUS_ORDER: tuple[str, ...] = CODE_STATUS
# Rule codes: 0 is "no rule given"; the rest as docs/resolution.md names them.
RULE_ORDER: tuple[str, ...] = ("", *wording.RULE_WORDS)
EPOCH = date(1970, 1, 1)
_EPOCH = EPOCH.toordinal()
# The last row of a view lasts for ever; its stale flips are searched up to here.
FAR = date(2099, 12, 31)


def day_number(d: date | None) -> int:
    """Days since 1970-01-01 (the browser's day numbers); -1 for None."""
    return -1 if d is None else (d - EPOCH).days


def area_order(engine: Engine) -> list[str]:
    """Area ids parents first (by depth), then by id: the order of every per-area array."""
    return hierarchy_order(engine.hierarchy)


def hierarchy_order(h: Hierarchy) -> list[str]:
    """`area_order` from the areas' hierarchy alone (no claims needed)."""
    return sorted(h.ids, key=lambda a: (int(h.depth[h.index[a]]), a))


def delta(values: Sequence[int] | np.ndarray) -> list[int]:
    """A non-decreasing integer list as its first value and the differences after it."""
    a = np.asarray(values, dtype=np.int64)
    if len(a) == 0:
        return []
    return np.concatenate([a[:1], np.diff(a)]).tolist()


def undelta(values: Sequence[int]) -> list[int]:
    """The inverse of `delta` (what payload_model.js does)."""
    return np.cumsum(np.asarray(values, dtype=np.int64)).tolist() if len(values) else []


class _Wholes:
    """The wholes at odds with their parts (render/wholes.py's rule, as arrays): an own claim
    with a status, and a part that shows another. Pairs (whole, part) are listed once."""

    def __init__(self, engine: Engine) -> None:
        index = engine.hierarchy.index
        pairs = [(index[w], index[d]) for w, below in sorted(parts_of(engine.dataset).items())
                 for d in below]
        self.whole = np.array([w for w, _ in pairs], dtype=np.int64)
        self.part = np.array([d for _, d in pairs], dtype=np.int64)
        self.n = len(engine.ids)

    def at_odds(self, status: np.ndarray, claim: np.ndarray, src: np.ndarray) -> np.ndarray:
        """Engine indices of the wholes at odds."""
        w = self.whole
        differs = (status[self.part] != status[w]) & (status[w] != 0) & (claim[w] >= 0) & (
            src[w] == w)
        return np.flatnonzero(np.bincount(w[differs], minlength=self.n))


# Per-area values that mostly grow (claims are indexed by id, conf is a day): delta-encoded.
_DELTA = frozenset({"claim", "conf"})
_FIELDS = ("status", "claim", "via", "rule", "stale", "conf")


class _Runs:
    """Per-area runs gathered row by row: only the areas that change on a row are noted,
    as arrays, so memory grows with the changes, not with rows x areas."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.count = np.zeros(n, dtype=np.int64)  # runs so far per area
        self.prev: dict[str, np.ndarray] | None = None
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._vals: dict[str, list[np.ndarray]] = {k: [] for k in _FIELDS}

    def add(self, row: int, values: dict[str, np.ndarray], forced: np.ndarray | None
            ) -> np.ndarray:
        """Note row `row` (its per-area values; `forced` areas start a run whatever their
        values); return the columns that start a run on it."""
        if self.prev is None:
            changed = np.ones(self.n, dtype=bool)
        else:
            changed = np.zeros(self.n, dtype=bool) if forced is None else forced.copy()
            for k in _FIELDS:
                changed |= values[k] != self.prev[k]
        self.prev = values
        cols = np.flatnonzero(changed)
        if len(cols):
            self._rows.append(np.full(len(cols), row, dtype=np.int64))
            self._cols.append(cols)
            for k in _FIELDS:
                self._vals[k].append(values[k][cols])
            self.count[cols] += 1
        return cols

    def encoded(self) -> tuple[list[list[int]], dict[str, list[list[int]]]]:
        """`runs` and each field per area, delta-encoded where the module doc says."""
        if not self._rows:
            return ([[] for _ in range(self.n)],
                    {k: [[] for _ in range(self.n)] for k in _FIELDS})
        cols = np.concatenate(self._cols)
        order = np.argsort(cols, kind="stable")  # rows were added in order
        counts = np.bincount(cols, minlength=self.n)
        cuts = np.cumsum(counts)[:-1]
        first = np.zeros(len(cols), dtype=bool)
        first[np.concatenate([[0], cuts])[counts > 0]] = True

        def per_area(a: np.ndarray, deltas: bool) -> list[list[int]]:
            a = a[order].astype(np.int64)
            if deltas:
                a = np.where(first, a, a - np.concatenate([[0], a[:-1]]))
            return [x.tolist() for x in np.split(a, cuts)]

        runs = per_area(np.concatenate(self._rows), True)
        values = {k: per_area(np.concatenate(self._vals[k]), k in _DELTA) for k in _FIELDS}
        return runs, values


def _flips(lens: Lens, start: int, end: int, horizon: int) -> list[int]:
    """Days in (start, end] on which a claim of `lens` goes stale (conf + horizon + 1)."""
    flips = lens.conf[lens.has].astype(np.int64) + horizon + 1
    return np.unique(flips[(flips > start) & (flips <= end)]).tolist()


class _ViewRows:
    """One view's timeline, built one Lens at a time (see the module doc)."""

    def __init__(self, order: list[int], horizon: int, wholes: _Wholes, others: OthersTable
                 ) -> None:
        self.col = np.asarray(order, dtype=np.int64)
        self.n = len(self.col)
        self.where = np.empty(self.n, dtype=np.int64)
        self.where[self.col] = np.arange(self.n)
        rules = {r: i for i, r in enumerate(RULE_ORDER)}
        self.rule_code = np.array([rules.get(r, 0) for r in RULES], dtype=np.int64)
        self.horizon, self.wholes, self.others = horizon, wholes, others
        self.runs = _Runs(self.n)
        self.row_days: list[int] = []
        self.change_rows: list[int] = []
        self.latest: list[int] = []
        self.odd_rows: list[int] = []
        self.odd_sets: list[list[int]] = []
        self.also_out: dict[int, dict[str, list[int]]] = {}
        self._odds_key: tuple[np.ndarray, ...] | None = None
        self._odd: list[int] | None = None
        self._others_now = np.full((self.n, 0), -1, dtype=np.int64)

    def _columns(self, lens: Lens) -> dict[str, np.ndarray]:
        """The Lens's per-area values in column order (int32: half the memory)."""
        col, has, src = self.col, lens.has, lens.src
        via = np.where(has & (src != np.arange(len(src))), self.where[src.clip(0)], -1)
        conf = lens.conf.astype(np.int64)
        return {
            "status": lens.status[col].astype(np.int32),
            "claim": lens.claim[col].astype(np.int32),
            "via": via[col].astype(np.int32),
            "rule": self.rule_code[lens.rule[col]].astype(np.int32),
            "conf": np.where(has, conf - _EPOCH, -1)[col].astype(np.int32),
        }

    def _odds(self, lens: Lens) -> list[int]:
        key = (lens.status, lens.claim, lens.src)
        if self._odd is None or self._odds_key is None or not all(
                np.array_equal(a, b) for a, b in zip(key, self._odds_key, strict=True)):
            self._odds_key = tuple(a.copy() for a in key)
            return sorted(self.where[self.wholes.at_odds(*key)].tolist())
        return self._odd

    def add(self, start: int, end: int, lens: Lens) -> None:
        """The rows of `lens`, in force from `start` to `end` (ordinals, inclusive)."""
        base = self._columns(lens)
        has = lens.has
        newest = int(lens.conf[has].max()) - _EPOCH if has.any() else -1
        odd = self._odds(lens)
        # a new Lens may change the other claims of a split with nothing else changing
        now = self.others.of(lens)[self.col]
        before = self._others_now
        width = max(now.shape[1], before.shape[1])
        forced = np.any(pad(now, width) != pad(before, width), axis=1)
        self._others_now = now
        self.change_rows.append(len(self.row_days))
        conf = base["conf"].astype(np.int64)
        for k, d in enumerate([start, *_flips(lens, start, end, self.horizon)]):
            row = len(self.row_days)
            self.row_days.append(d)
            self.latest.append(newest)
            stale = ((conf >= 0) & (conf + _EPOCH < d - self.horizon)).astype(np.int32)
            started = self.runs.add(row, {**base, "stale": stale}, forced if k == 0 else None)
            if now.shape[1]:
                started = started[now[started, 0] >= 0]
                runs = (self.runs.count[started] - 1).tolist()
                for j, r, got in zip(started.tolist(), runs, now[started].tolist(),
                                     strict=True):
                    self.also_out.setdefault(j, {})[str(r)] = [c for c in got if c >= 0]
            if row == 0 or odd != self._odd:
                self.odd_rows.append(row)
                self.odd_sets.append(odd)
            self._odd = odd

    def encoded(self) -> dict[str, Any]:
        runs, values = self.runs.encoded()
        return {
            "days": delta([d - _EPOCH for d in self.row_days]),
            "changes": delta(self.change_rows),
            "latest": self.latest,
            "runs": runs,
            **values,
            "also": {str(j): self.also_out[j] for j in sorted(self.also_out)},
            "odds": {"rows": delta(self.odd_rows), "sets": self.odd_sets},
        }


def view_timeline(engine: Engine, view: str, known_at: date | None, order: list[int],
                  wholes: _Wholes, others: OthersTable) -> dict[str, Any]:
    """One view's rows and per-area runs (see the module doc); `order` lists engine area
    indices in the timeline's column order. The engine streams the view's lenses
    (`Engine.timeline`); each is turned into rows when the next change day is known, so
    no view's whole history is ever held as lenses."""
    rows = _ViewRows(order, engine.horizon_days, wholes, others)
    pending: tuple[int, Lens] | None = None
    for day, lens in engine.timeline(view, known_at):
        if pending is not None:
            rows.add(pending[0], day - 1, pending[1])
        pending = (day, lens)
    if pending is not None:
        rows.add(pending[0], FAR.toordinal(), pending[1])
    return rows.encoded()


def build_snapshot(engine: Engine, view: str, day: date, known_at: date | None = None
                   ) -> dict[str, Any]:
    """One view on one day, as a timeline of that day only (`"snapshot": true`): what a
    first start paints while the view's history is built (a few milliseconds against
    seconds at 100,000 claims). Its row holds for `day` alone; the map shows no other day
    from it (payload_model.js), since the day after may differ."""
    doc = _frame(engine, known_at)
    order = [engine.hierarchy.index[a] for a in doc["areas"]]
    view = engine.view(view)
    rows = _ViewRows(order, engine.horizon_days, _Wholes(engine), OthersTable())
    d = day.toordinal()
    rows.add(d, d, engine.lens(view, d, None if known_at is None else known_at.toordinal()))
    doc["views"] = {view: {**rows.encoded(), "snapshot": True}}
    return doc


def _frame(engine: Engine, known_at: date | None) -> dict[str, Any]:
    """What every timeline document says besides its views."""
    return {
        "known_at": known_at.isoformat() if known_at else None,
        "areas": area_order(engine),
        "rules": list(RULE_ORDER),
        "horizon_days": engine.horizon_days,
    }


def build_timeline(engine: Engine, known_at: date | None = None,
                   views: Sequence[str] | None = None) -> dict[str, Any]:
    """The timelines of `views` (default: every view) for `known_at` (None: every claim
    counts). The browser merges timelines of one `known_at` (payload_model.js), so a map
    can fetch the view it shows first and the others when it needs them."""
    doc = _frame(engine, known_at)
    order = [engine.hierarchy.index[a] for a in doc["areas"]]
    wholes, others = _Wholes(engine), OthersTable()
    doc["views"] = {v: view_timeline(engine, v, known_at, order, wholes, others)
                    for v in (engine.views if views is None else
                              [engine.view(v) for v in views])}
    return doc


def km2_series(view_doc: dict[str, Any], km2: np.ndarray
               ) -> list[tuple[date, dict[str, float]]]:
    """km² per status on each change day of one view's timeline (`view_timeline`'s
    output), `km2[j]` being column j's own km²: what `Engine.km2_series` gives, read from
    the timeline the map draws instead of walking the view again (a few seconds at
    100,000 claims, on every start whose timeline came from the cache)."""
    runs = [undelta(r) for r in view_doc["runs"]]
    n_rows = len(view_doc["days"])
    if not n_rows:
        return []
    delta_km2 = np.zeros((n_rows, len(STATUS_ORDER)))
    for j, (rows, codes) in enumerate(zip(runs, view_doc["status"], strict=True)):
        if not rows:
            continue
        codes_a = np.asarray(codes, dtype=np.int64)
        rows_a = np.asarray(rows, dtype=np.int64)
        np.add.at(delta_km2, (rows_a, codes_a), km2[j])
        np.add.at(delta_km2, (rows_a[1:], codes_a[:-1]), -km2[j])
    sums = np.cumsum(delta_km2, axis=0)
    days = undelta(view_doc["days"])
    return [(date.fromordinal(days[k] + _EPOCH),
             {s: round(float(sums[k, c]) + 0.0, 4) for c, s in enumerate(STATUS_ORDER)})
            for k in undelta(view_doc["changes"])]
