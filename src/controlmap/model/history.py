"""One area's history in a view: every change, with the claim behind it.

An area's answer depends on its own claims and those of the areas above it, never on other
areas (docs/resolution.md, rule 3 passes down, not up). So a history is worked out on an
engine of the area and its ancestors only: at 1,000 areas and 100,000 claims that is a few
hundred claims instead of all of them. tests/model checks it against the whole map's walk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

import numpy as np

from controlmap.model.claimtable import ClaimTable
from controlmap.model.compiled import CODE_STATUS, Hierarchy
from controlmap.model.dataset import Dataset
from controlmap.model.resolve import RULES, Lens
from controlmap.model.results import Change


class Walkable(Protocol):
    """What a history reads of an engine (model/engine.py's Engine)."""

    ids: tuple[str, ...]
    claims: ClaimTable
    hierarchy: Hierarchy
    horizon_days: int

    def candidate_days(self, view: str, known: int | None,
                       areas: Iterable[int] | None = None) -> np.ndarray: ...

    def lens(self, view: str, day: int, known: int | None) -> Lens: ...


def chain_dataset(dataset: Dataset, claims: ClaimTable, hierarchy: Hierarchy, i: int
                  ) -> Dataset:
    """Area `i`, its ancestors, their claims and every geometry claim, as a Dataset."""
    keep = {hierarchy.ids[j] for j in hierarchy.ancestors(i)}
    cols = claims.columns
    rows = [r for r, (a, g) in enumerate(zip(cols["area"], cols["geometry"], strict=True))
            if a in keep or (a is None and g is not None)]
    return Dataset(dataset.data_dir, {a: dataset.areas[a] for a in keep}, claims.take(rows),
                   [])


def changes(engine: Walkable, i: int, view: str, known: int | None) -> list[Change]:
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
