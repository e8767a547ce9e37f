"""Every view's whole history as compact arrays, so the browser recolours any day by itself.

A view changes on few days. The timeline keeps one row per such day: the engine's change
dates, plus the days inside them on which a rule or a staleness flag flips (asked of the
engine, never worked out here). Per row and area it keeps the status code, the claim, the
area the claim was made about, the rule, the stale flag, and the last day a source reported
the status. The state on any day D is the row of the last row day <= D (binary search in JS).

Days are integers (days since 1970-01-01, as the browser's `toDay`). Within a row only the
last-report day can move: a daily series confirms its status every day until its last
confirmation, so the browser takes `max(reported, min(D, reported_to))`, and the same for
the newest report of the whole view (`latest`, `latest_to`). tests/test_payload.py checks all
of it against the engine on random days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from controlmap.model.compiled import CODE_STATUS
from controlmap.model.engine import Engine
from controlmap.model.results import Resolved
from controlmap.render import wording
from controlmap.render.wholes import at_odds, parts_of

STATUS_ORDER: tuple[str, ...] = CODE_STATUS
# Rule codes: 0 is "no rule given"; the rest as docs/resolution.md names them.
RULE_ORDER: tuple[str, ...] = ("", *wording.RULE_WORDS)
EPOCH = date(1970, 1, 1)
# The last row of a view lasts for ever; its flips (a claim going stale) are searched up to here.
FAR = date(2099, 12, 31)


def day_number(d: date | None) -> int:
    """Days since 1970-01-01 (the browser's day numbers); -1 for None."""
    return -1 if d is None else (d - EPOCH).days


def area_order(engine: Engine) -> list[str]:
    """Area ids parents first (by depth), then by id: the order of every per-area array."""
    h = engine.hierarchy
    return sorted(h.ids, key=lambda a: (int(h.depth[h.index[a]]), a))


class _ViewStates:
    """The engine's states of one view, each asked once."""

    def __init__(self, engine: Engine, view: str, known_at: date | None, order: list[str]):
        self.engine, self.view, self.known_at, self.order = engine, view, known_at, order
        self._memo: dict[date, tuple[Mapping[str, Resolved], date | None]] = {}

    def at(self, day: date) -> tuple[Mapping[str, Resolved], date | None]:
        got = self._memo.get(day)
        if got is None:
            s = self.engine.state(day, self.view, self.known_at, positions=False)
            got = self._memo[day] = (s.areas, s.latest_claim)
        return got

    def signature(self, day: date) -> tuple[tuple[str, str | None, str, bool], ...]:
        areas = self.at(day)[0]
        return tuple((r.status, r.claim, r.rule, r.stale) for r in (areas[a] for a in self.order))


def row_days(states: _ViewStates, change_days: list[date]) -> list[date]:
    """The change days, each span split where status, claim, rule or stale flag flips."""
    out: list[date] = []
    for k, first in enumerate(change_days):
        end = change_days[k + 1] - timedelta(days=1) if k + 1 < len(change_days) else FAR
        start = first
        while True:
            out.append(start)
            sig = states.signature(start)
            if start >= end or states.signature(end) == sig:
                break
            lo, hi = start, end  # same signature on lo, another on hi
            while (hi - lo).days > 1:
                mid = lo + (hi - lo) // 2
                if states.signature(mid) == sig:
                    lo = mid
                else:
                    hi = mid
            start = hi
    return out


def view_timeline(engine: Engine, view: str, known_at: date | None,
                  order: list[str], claim_index: dict[str, int]) -> dict[str, Any]:
    """One view's rows: `days` (ISO) and, per row, lists in `order` (see the module doc);
    `also` ({area index: [claim index]}) where same-day claims disagree, `odds` the indices
    of the wholes at odds with their parts, `rising` ({area index: day}) where the last
    report keeps moving to a later day within the row; `changes` the indices of the rows
    that are the engine's change days (a row added for a staleness flip is not one)."""
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    rules = {r: i for i, r in enumerate(RULE_ORDER)}
    where = {a: i for i, a in enumerate(order)}
    states = _ViewStates(engine, view, known_at, order)
    changes = engine.change_dates(view, known_at)
    days = row_days(states, changes)
    out: dict[str, list[Any]] = {k: [] for k in (
        "days", "status", "claim", "via", "also", "rule", "stale", "reported", "rising",
        "latest", "latest_to", "odds")}
    # The rows that are the engine's change days: what previous/next change steps between.
    out["changes"] = [k for k, d in enumerate(days) if d in set(changes)]
    wholes = parts_of(engine.dataset)
    for k, d in enumerate(days):
        areas, latest = states.at(d)
        end = days[k + 1] - timedelta(days=1) if k + 1 < len(days) else FAR
        end_areas, latest_end = states.at(end)
        rs = [areas[a] for a in order]
        out["days"].append(d.isoformat())
        out["status"].append([codes.get(r.status, 0) for r in rs])
        out["claim"].append([claim_index[r.claim] if r.claim else -1 for r in rs])
        out["via"].append([where[r.via] if r.via else -1 for r in rs])
        out["also"].append({str(i): [claim_index[c] for c in r.also]
                            for i, r in enumerate(rs) if r.also})
        out["rule"].append([rules.get(r.rule, 0) for r in rs])
        out["stale"].append([int(r.stale) for r in rs])
        out["reported"].append([day_number(r.last_reported) for r in rs])
        out["rising"].append({
            str(i): day_number(end_areas[a].last_reported) for i, a in enumerate(order)
            if end_areas[a].last_reported != rs[i].last_reported})
        out["latest"].append(day_number(latest))
        out["latest_to"].append(day_number(latest_end))
        # Wholes at odds depend on status and where each claim was made only.
        if k and all(out[f][-1] == out[f][-2] for f in ("status", "claim", "via")):
            out["odds"].append(out["odds"][-1])
        else:
            out["odds"].append([where[o.area] for o in at_odds(engine.dataset, areas, wholes)])
    return out


def build_timeline(engine: Engine, known_at: date | None = None) -> dict[str, Any]:
    """Every view's timeline for `known_at` (None: every claim counts)."""
    order = area_order(engine)
    claim_index = {c.id: i for i, c in enumerate(engine.claims)}
    return {
        "known_at": known_at.isoformat() if known_at else None,
        "areas": order,
        "rules": list(RULE_ORDER),
        "horizon_days": engine.horizon_days,
        "views": {v: view_timeline(engine, v, known_at, order, claim_index)
                  for v in engine.views},
    }
