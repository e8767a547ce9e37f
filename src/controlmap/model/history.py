"""One area's history in a view: every change, with the claim behind it.

An area's answer depends on its own claims and those of the areas above it, never on other
areas (docs/resolution.md, rule 3 passes down, not up). So a history is worked out on an
engine of the area and its ancestors only: at 1,000 areas and 100,000 claims that is a few
hundred claims instead of all of them. tests/model checks it against the whole map's walk.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from controlmap.model.compiled import CODE_STATUS
from controlmap.model.dataset import Dataset
from controlmap.model.resolve import RULES
from controlmap.model.results import Change

if TYPE_CHECKING:
    from controlmap.model.engine import Engine


def of_area(engine: Engine, i: int, view: str, known: int | None) -> list[Change]:
    """Area `i`'s changes in `view` as known at `known` (an ordinal, or None)."""
    chain = chain_engine(engine, i)
    if view not in chain.views:  # no claimant of this view says anything on the chain
        return []
    return changes(chain, chain.area_index(engine.ids[i]), view, known)


def chain_engine(engine: Engine, i: int) -> Engine:
    """An engine of area `i`, its ancestors, their claims and every geometry claim."""
    keep = {engine.ids[j] for j in engine.hierarchy.ancestors(i)}
    cols = engine.claims.columns
    rows = [r for r, (a, g) in enumerate(zip(cols["area"], cols["geometry"], strict=True))
            if a in keep or (a is None and g is not None)]
    ds = engine.dataset
    sub = Dataset(ds.data_dir, {a: ds.areas[a] for a in keep}, engine.claims.take(rows), [])
    return type(engine)(sub, engine.horizon_days)


def changes(engine: Engine, i: int, view: str, known: int | None) -> list[Change]:
    """Area `i`'s changes, walked over the days its chain can change on."""
    out: list[Change] = []
    prev: tuple[str, int, int, bool] = ("unknown", -1, 0, False)
    for d in engine.candidate_days(view, known, engine.hierarchy.ancestors(i)).tolist():
        lens = engine.lens(view, d, known)
        ci = int(lens.claim[i])
        now = (CODE_STATUS[int(lens.status[i])], ci, int(lens.rule[i]),
               bool(lens.stale(d, engine.horizon_days)[i]))
        if now == prev:
            continue
        claim = engine.claims[ci] if ci >= 0 else None
        src = int(lens.src[i])
        out.append(Change(
            date=date.fromordinal(d),
            status=now[0],
            previous=prev[0],
            claim=claim.id if claim else None,
            claimant=claim.claimant if claim else None,
            since=claim.date if claim else None,
            via=engine.ids[src] if claim and src != i else None,
            last_reported=date.fromordinal(min(int(lens.conf[i]), d)) if claim else None,
            stale=now[3],
            rule=RULES[now[2]],
        ))
        prev = now
    return out
