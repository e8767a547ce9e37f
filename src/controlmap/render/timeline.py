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

from controlmap.model.compiled import CODE_STATUS, K_CLAIM, K_SRC
from controlmap.model.engine import Engine
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
    h = engine.hierarchy
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


class _Also:
    """Every area's other claims of a same-day split (Lens.also_of), where there are any,
    without asking each area: only areas whose (source area, claim) is a split's key, or that
    `extra` names, can have some. Split maps are shared between lenses; their keys are made
    a sorted array once."""

    def __init__(self) -> None:
        self._keys: dict[int, tuple[object, np.ndarray]] = {}

    def _split_keys(self, split: Any) -> np.ndarray:
        got = self._keys.get(id(split))
        if got is None:
            arr = np.sort(np.fromiter(((a << 32) | c for a, c in split), dtype=np.int64,
                                      count=len(split)))
            got = self._keys[id(split)] = (split, arr)  # keeps `split` alive: ids stay unique
        return got[1]

    def of(self, lens: Lens) -> dict[int, tuple[int, ...]]:
        cand = {int(i) for i in lens.extra}
        if lens.also:
            keys = ((lens.table[:, K_SRC].astype(np.int64) << 32)
                    | lens.table[:, K_CLAIM].astype(np.int64))
            for split in lens.also:
                if len(split):
                    arr = self._split_keys(split)
                    at = np.minimum(np.searchsorted(arr, keys), len(arr) - 1)
                    cand.update(np.flatnonzero(arr[at] == keys).tolist())
        out = {}
        for i in sorted(cand):
            got = lens.also_of(i)
            if got:
                out[i] = got
        return out


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


def _rows(days: np.ndarray, lenses: list[Lens], horizon: int) -> tuple[list[int], list[int]]:
    """Row days (ordinals) and the Lens of each: the change days, and within each span the
    days a claim goes stale."""
    row_days: list[int] = []
    row_lens: list[int] = []
    far = FAR.toordinal()
    for t, lens in enumerate(lenses):
        start = int(days[t])
        end = int(days[t + 1]) - 1 if t + 1 < len(days) else far
        flips = lens.conf[lens.has].astype(np.int64) + horizon + 1
        flips = np.unique(flips[(flips > start) & (flips <= end)]).tolist()
        row_days += [start, *flips]
        row_lens += [t] * (1 + len(flips))
    return row_days, row_lens


def view_timeline(engine: Engine, view: str, known_at: date | None, order: list[int],
                  wholes: _Wholes, also: _Also) -> dict[str, Any]:
    """One view's rows and per-area runs (see the module doc); `order` lists engine area
    indices in the timeline's column order."""
    days, lenses = engine.timeline(view, known_at)
    h = engine.horizon_days
    row_days, row_lens = _rows(days, lenses, h)
    col = np.asarray(order, dtype=np.int64)
    where = np.empty(len(col), dtype=np.int64)
    where[col] = np.arange(len(col))
    rules = {r: i for i, r in enumerate(RULE_ORDER)}
    rule_code = np.array([rules.get(r, 0) for r in RULES], dtype=np.int64)
    # Per Lens (rows of one Lens share everything but the stale flag), in column order.
    fields: dict[str, list[np.ndarray]] = {k: [] for k in ("status", "claim", "via", "rule",
                                                           "conf")}  # int32: half the memory
    latest, odds, also_rows = [], [], []
    prev_odds: tuple[np.ndarray, ...] | None = None
    prev_odd: list[int] = []
    for lens in lenses:
        has = lens.has
        fields["status"].append(lens.status[col].astype(np.int32))
        fields["claim"].append(lens.claim[col].astype(np.int32))
        src = lens.src
        via = np.where(has & (src != np.arange(len(src))), where[src.clip(0)], -1)
        fields["via"].append(via[col].astype(np.int32))
        fields["rule"].append(rule_code[lens.rule[col]].astype(np.int32))
        conf = lens.conf.astype(np.int64)
        fields["conf"].append(np.where(has, conf - _EPOCH, -1)[col].astype(np.int32))
        latest.append(int(conf[has].max()) - _EPOCH if has.any() else -1)
        key = (lens.status, lens.claim, lens.src)
        if prev_odds is None or not all(np.array_equal(a, b)
                                        for a, b in zip(key, prev_odds, strict=True)):
            prev_odd = sorted(where[wholes.at_odds(*key)].tolist())
            prev_odds = key
        odds.append(prev_odd)
        also_rows.append({int(where[i]): list(v) for i, v in also.of(lens).items()})
    lens_of = np.asarray(row_lens, dtype=np.int64)
    per_row = {k: np.stack(v)[lens_of] if v else np.zeros((0, len(col)), dtype=np.int64)
               for k, v in fields.items()}
    rd = np.asarray(row_days, dtype=np.int64)[:, None]
    per_row["stale"] = ((per_row["conf"] >= 0)
                        & (per_row["conf"] + _EPOCH < rd - h)).astype(np.int64)
    names = ("status", "claim", "via", "rule", "stale", "conf")
    n_rows, n = len(row_days), len(col)
    changed = np.zeros((n_rows, n), dtype=bool)
    if n_rows:
        changed[0] = True
        for k in names:
            changed[1:] |= per_row[k][1:] != per_row[k][:-1]
        # a new Lens may change the other claims of a split with nothing else changing
        first_of_lens = np.flatnonzero(np.diff(lens_of, prepend=-1) != 0)
        for r in first_of_lens[1:].tolist():
            a, b = also_rows[row_lens[r]], also_rows[row_lens[r - 1]]
            for j in set(a) ^ set(b) | {j for j in a.keys() & b.keys() if a[j] != b[j]}:
                changed[r, j] = True
    runs: list[list[int]] = []
    values: dict[str, list[list[int]]] = {k: [] for k in names}
    for j in range(n):
        rows = np.flatnonzero(changed[:, j])
        runs.append(delta(rows))
        for k in names:
            got = per_row[k][rows, j]
            values[k].append(np.diff(got, prepend=0).tolist() if k in _DELTA else got.tolist())
    also_out: dict[str, dict[str, list[int]]] = {}
    for j in sorted(set().union(*also_rows)) if also_rows else ():
        runs_j = undelta(runs[j])
        got = {str(r): also_rows[row_lens[row]][j] for r, row in enumerate(runs_j)
               if j in also_rows[row_lens[row]]}
        if got:
            also_out[str(j)] = got
    odd_rows = [r for r in range(n_rows)
                if r == 0 or odds[row_lens[r]] != odds[row_lens[r - 1]]]
    change_set = {int(d) for d in days}
    return {
        "days": delta([d - _EPOCH for d in row_days]),
        "changes": delta([k for k, d in enumerate(row_days) if d in change_set]),
        "latest": [latest[t] for t in row_lens],
        "runs": runs,
        **values,
        "also": also_out,
        "odds": {"rows": delta(odd_rows), "sets": [odds[row_lens[r]] for r in odd_rows]},
    }


def build_timeline(engine: Engine, known_at: date | None = None) -> dict[str, Any]:
    """Every view's timeline for `known_at` (None: every claim counts)."""
    ids = area_order(engine)
    index = engine.hierarchy.index
    order = [index[a] for a in ids]
    wholes, also = _Wholes(engine), _Also()
    return {
        "known_at": known_at.isoformat() if known_at else None,
        "areas": ids,
        "rules": list(RULE_ORDER),
        "horizon_days": engine.horizon_days,
        "views": {v: view_timeline(engine, v, known_at, order, wholes, also)
                  for v in engine.views},
    }
