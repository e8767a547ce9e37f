"""Every view's whole history as compact arrays, so the browser recolours any day by itself.

For a view the map only changes on a few days (the engine's change dates). At each of those
days we keep, per area, a status code, the claim behind it and where the claim was made; the
state on any day D is the entry of the last change day <= D, found by binary search in JS.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from controlmap.model.compiled import CODE_STATUS
from controlmap.model.engine import Engine

STATUS_ORDER: tuple[str, ...] = CODE_STATUS


def area_order(engine: Engine) -> list[str]:
    """Area ids parents first (by depth), then by id: the order of every per-area array."""
    h = engine.hierarchy
    return sorted(h.ids, key=lambda a: (int(h.depth[h.index[a]]), a))


def view_timeline(engine: Engine, view: str, known_at: date | None,
                  order: list[str], claim_index: dict[str, int]) -> dict[str, Any]:
    """One view: `days` (ISO), and per day `status`, `claim`, `via` lists in `order`, and
    `also` ({area index: [claim index]}) where same-day claims disagree."""
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    where = {a: i for i, a in enumerate(order)}
    days: list[str] = []
    status: list[list[int]] = []
    claim: list[list[int]] = []
    via: list[list[int]] = []
    also: list[dict[str, list[int]]] = []
    for d in engine.change_dates(view, known_at):
        areas = engine.state(d, view, known_at, positions=False).areas
        rs = [areas[a] for a in order]
        days.append(d.isoformat())
        status.append([codes.get(r.status, 0) for r in rs])
        claim.append([claim_index[r.claim] if r.claim else -1 for r in rs])
        via.append([where[r.via] if r.via else -1 for r in rs])
        also.append({str(i): [claim_index[c] for c in r.also]
                     for i, r in enumerate(rs) if r.also})
    return {"days": days, "status": status, "claim": claim, "via": via, "also": also}


def build_timeline(engine: Engine, known_at: date | None = None) -> dict[str, Any]:
    """Every view's timeline for `known_at` (None: every claim counts)."""
    order = area_order(engine)
    claim_index = {c.id: i for i, c in enumerate(engine.claims)}
    return {
        "known_at": known_at.isoformat() if known_at else None,
        "areas": order,
        "views": {v: view_timeline(engine, v, known_at, order, claim_index)
                  for v in engine.views},
    }
