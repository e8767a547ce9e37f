"""The areas of one State as a mapping: each area's Resolved record is built when first read.

`Engine.state` resolves every area as arrays (a Lens); most callers read a few areas, or
only colours, so the records (and each claimant's position) are made on demand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from controlmap.model.compiled import CODE_STATUS, Hierarchy
from controlmap.model.resolve import Lens
from controlmap.model.results import Resolved


class Engine(Protocol):
    """What the areas of a State read of their engine (model/engine.py's Engine)."""

    ids: tuple[str, ...]
    claimants: list[str]
    hierarchy: Hierarchy
    horizon_days: int

    def lens(self, view: str, day: int, known: int | None) -> Lens: ...

    def resolved(self, i: int, lens: Lens, d: int, pos: dict[str, str],
                 stale_pos: tuple[str, ...]) -> Resolved: ...


class AreaStates(Mapping[str, Resolved]):
    """The areas of one State: resolved arrays, turned into Resolved records on first read."""

    def __init__(self, engine: Engine, lens: Lens, day: int, known: int | None,
                 positions: bool) -> None:
        self._engine, self._lens, self._day, self._known = engine, lens, day, known
        self._positions = positions
        # claimant -> (status code, has a claim, is stale) per area, as Python lists
        self._per_claimant: dict[str, tuple[list[int], list[bool], list[bool]]] | None = None
        self._built: dict[str, Resolved] = {}

    def _claimant_columns(self) -> dict[str, tuple[list[int], list[bool], list[bool]]]:
        if self._per_claimant is None:
            eng, d = self._engine, self._day
            lenses = {c: eng.lens("claimant:" + c, d, self._known)
                      for c in eng.claimants} if self._positions else {}
            self._per_claimant = {
                c: (ln.status.tolist(), ln.has.tolist(),
                    ln.stale(d, eng.horizon_days).tolist())
                for c, ln in lenses.items()}
        return self._per_claimant

    def __getitem__(self, area: str) -> Resolved:
        got = self._built.get(area)
        if got is None:
            i = self._engine.hierarchy.index[area]
            cols = self._claimant_columns()
            pos = {c: CODE_STATUS[st[i]] for c, (st, has, _) in cols.items() if has[i]}
            stale = tuple(c for c, (_, has, old) in cols.items() if has[i] and old[i])
            got = self._built[area] = self._engine.resolved(i, self._lens, self._day, pos,
                                                             stale)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._engine.ids)

    def __len__(self) -> int:
        return len(self._engine.ids)
