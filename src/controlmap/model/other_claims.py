"""The other claims behind an area's answer: a same-day split, or a disagreement between lenses.

A Lens answers `also_of(i)` from its `extra` mapping first, then from its chain of split
maps (model/resolve.py). The mappings here build that answer only when read (`AlsoOf`,
`OtherClaims`), and `OthersTable` gives every area's answer at once as a padded integer
table, which is how the timeline compares one change day with the next and reads them at
run starts: at 100,000 claims a disputed view asks a thousand areas on each of 1,800 days,
too many for a tuple each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

import numpy as np

from controlmap.model.compiled import K_CLAIM, K_SRC
from controlmap.model.resolve import Lens


class AlsoOf(Mapping[int, tuple[int, ...]]):
    """`extra` of a Lens whose areas in `use` come from another Lens `src`: there, the other
    claims are `src`'s (`src.also_of`), elsewhere `rest`'s. Looked up only when read, as
    most are never read."""

    def __init__(self, src: Lens, use: np.ndarray, rest: Mapping[int, tuple[int, ...]]
                 ) -> None:
        self.src, self.use, self.rest = src, use, rest

    def __getitem__(self, i: int) -> tuple[int, ...]:
        if 0 <= i < len(self.use) and self.use[i]:
            return self.src.also_of(i)
        return self.rest[i]

    def __iter__(self) -> Iterator[int]:
        yield from np.flatnonzero(self.use).tolist()
        yield from (i for i in self.rest if not self.use[i])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class OtherClaims(Mapping[int, tuple[int, ...]]):
    """`extra` as arrays: for each area in `areas`, the claims in its column of `claims`
    where `other` is set. Made into tuples only when first read: a disputed walk built a
    tuple for every disputed area and day, most of its time at 100,000 claims."""

    def __init__(self, areas: np.ndarray, claims: np.ndarray, other: np.ndarray) -> None:
        self.areas, self.claims, self.other = areas, claims, other

    @cached_property
    def _tuples(self) -> dict[int, tuple[int, ...]]:
        rows = np.where(self.other, self.claims, -1).T.tolist()
        return {a: tuple(c for c in row if c >= 0)
                for a, row in zip(self.areas.tolist(), rows, strict=True)}

    def __getitem__(self, i: int) -> tuple[int, ...]:
        return self._tuples[i]

    def __iter__(self) -> Iterator[int]:
        return iter(self.areas.tolist())

    def __len__(self) -> int:
        return len(self.areas)

    def table(self) -> np.ndarray:
        """One row per area of `areas`: its claims in order, then -1."""
        order = np.argsort(~self.other, axis=0, kind="stable")
        claims = np.take_along_axis(self.claims, order, axis=0)
        kept = np.take_along_axis(self.other, order, axis=0)
        return np.where(kept, claims, -1).T.astype(np.int64)


def pad(table: np.ndarray, width: int) -> np.ndarray:
    """`table` widened to `width` columns with -1."""
    if table.shape[1] >= width:
        return table
    out = np.full((table.shape[0], width), -1, dtype=np.int64)
    out[:, :table.shape[1]] = table
    return out


def _rows_of(tuples: list[tuple[int, ...]]) -> np.ndarray:
    width = max((len(t) for t in tuples), default=0)
    out = np.full((len(tuples), width), -1, dtype=np.int64)
    for k, t in enumerate(tuples):
        out[k, :len(t)] = t
    return out


def _overlay(base: np.ndarray, covered: np.ndarray, top: np.ndarray) -> np.ndarray:
    """`top`'s rows where `covered`, else `base`'s (both padded to one width)."""
    width = max(base.shape[1], top.shape[1])
    return np.where(covered[:, None], pad(top, width), pad(base, width))


class OthersTable:
    """Every area's `Lens.also_of` as one table (areas x claims, -1 padded, claims in the
    order also_of gives them). Split maps are shared between lenses; each is made a sorted
    key array and a padded table once, and kept (with the map: ids stay unique)."""

    def __init__(self) -> None:
        self._splits: dict[int, tuple[Any, np.ndarray, np.ndarray]] = {}

    def _split(self, split: Mapping[tuple[int, int], tuple[int, ...]]
               ) -> tuple[np.ndarray, np.ndarray]:
        got = self._splits.get(id(split))
        if got is None:
            items = sorted(((a << 32) | c, v) for (a, c), v in split.items())
            keys = np.array([k for k, _ in items], dtype=np.int64)
            got = self._splits[id(split)] = (split, keys, _rows_of([v for _, v in items]))
        return got[1], got[2]

    def of(self, lens: Lens) -> np.ndarray:
        n = len(lens.table)
        out = np.full((n, 0), -1, dtype=np.int64)
        found = np.zeros(n, dtype=bool)
        keys = ((lens.table[:, K_SRC].astype(np.int64) << 32)
                | lens.table[:, K_CLAIM].astype(np.int64))
        for split in lens.also:
            if not len(split):
                continue
            arr, rows = self._split(split)
            at = np.minimum(np.searchsorted(arr, keys), len(arr) - 1)
            hit = (arr[at] == keys) & ~found
            if hit.any():
                out = _overlay(out, hit, np.where(hit[:, None], rows[at], -1))
                found |= hit
        covered, top = self._extra(lens.extra, n)
        return _overlay(out, covered, top)

    def _extra(self, extra: Mapping[int, tuple[int, ...]], n: int
               ) -> tuple[np.ndarray, np.ndarray]:
        """Where `extra` answers, and its answers as a table."""
        covered = np.zeros(n, dtype=bool)
        if isinstance(extra, AlsoOf):
            rest_covered, rest = self._extra(extra.rest, n)
            return extra.use | rest_covered, _overlay(rest, extra.use, self.of(extra.src))
        if isinstance(extra, OtherClaims):
            table = np.full((n, len(extra.claims)), -1, dtype=np.int64)
            table[extra.areas] = extra.table()
            covered[extra.areas] = True
            return covered, table
        keys = list(extra)
        table = np.full((n, 0), -1, dtype=np.int64)
        if keys:
            covered[keys] = True
            rows = _rows_of([extra[i] for i in keys])
            table = np.full((n, rows.shape[1]), -1, dtype=np.int64)
            table[keys] = rows
        return covered, table
