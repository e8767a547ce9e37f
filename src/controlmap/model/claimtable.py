"""Claims as columns: what the engine compiles from without a Python object per claim.

100,000 Claim records cost about two seconds to build and 65 MB to keep, yet a query reads a
few hundred of them (the claims behind the areas on the map). A ClaimTable keeps one list per
field (texts shared, dates as written) and numeric day columns built once per distinct date
text; it is a Sequence[Claim] that builds each Claim when first read and keeps it. Code that
walks every claim (the payload, the track record) still gets Claim records.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, overload

import numpy as np

from controlmap.dates import PartialDate
from controlmap.model.records import Claim
from controlmap.model.spans import span_end

# The fields of a Claim, in the order of its columns. Dates are kept as written (text).
FIELDS: tuple[str, ...] = (
    "id", "date", "claimant", "source_title", "area", "published", "claimant_name",
    "source_url", "source_url_alt", "confidence", "note", "geometry", "status", "layer",
    "status_outside", "last_confirmed",
)
DATE_FIELDS = frozenset({"date", "published", "last_confirmed"})
NO_ORDINAL = int(np.iinfo(np.int32).min)


class DateTexts:
    """Each distinct date text parsed once (PartialDate is immutable, so one copy serves
    every claim that writes it)."""

    def __init__(self) -> None:
        self._parsed: dict[str, PartialDate] = {}

    def parse(self, text: str | None) -> PartialDate | None:
        if not text:
            return None
        got = self._parsed.get(text)
        if got is None:
            got = self._parsed[text] = PartialDate.parse(text)
        return got

    def ordinals(self, texts: Sequence[str | None], *, end: bool = False,
                 fallback: np.ndarray | None = None) -> np.ndarray:
        """Day ordinals (first day, or with `end` the span's last) of a column of date texts;
        a missing date takes `fallback`'s value, else NO_ORDINAL."""
        table: dict[str | None, int] = {None: NO_ORDINAL, "": NO_ORDINAL}
        for text in set(texts):
            pd = self.parse(text)
            if pd is not None:
                table[text] = (span_end(pd) if end else pd.start).toordinal()
        out = np.fromiter(map(table.__getitem__, texts), dtype=np.int64, count=len(texts))
        if fallback is not None:
            out = np.where(out == NO_ORDINAL, fallback, out)
        return out


class ClaimTable(Sequence[Claim]):
    """Claims by column (FIELDS); `table[i]` is the i-th Claim, built when first read."""

    def __init__(self, columns: Mapping[str, list[Any]], dates: DateTexts | None = None):
        n = len(columns["id"])
        self.columns: dict[str, list[Any]] = {
            f: columns[f] if f in columns else [None] * n for f in FIELDS}
        self.dates = dates or DateTexts()
        self._built: list[Claim | None] = [None] * n

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> ClaimTable:
        """A table of Claim records (kept: reading one back returns the same object)."""
        claims = list(claims)
        cols: dict[str, list[Any]] = {f: [getattr(c, f) for c in claims] for f in FIELDS}
        for f in DATE_FIELDS:
            cols[f] = [None if d is None else d.text for d in cols[f]]
        table = cls(cols)
        table._built = list(claims)
        return table

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, i: int) -> Claim: ...
    @overload
    def __getitem__(self, i: slice) -> list[Claim]: ...

    def __getitem__(self, i: int | slice) -> Claim | list[Claim]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        got = self._built[i]
        if got is None:
            got = self._built[i] = self._build(i)
        return got

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                      strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside, like a list

    def __iter__(self) -> Iterator[Claim]:
        """Every claim; one not built yet is built for the pass and not kept: a pass over
        200,000 claims (the browser payload) kept 200,000 records, 40 MB and more in
        fragments. Reading `table[i]` keeps the record."""
        built, build = self._built, self._build
        return (built[i] or build(i) for i in range(len(built)))

    def _build(self, i: int) -> Claim:
        values = {f: col[i] for f, col in self.columns.items()}
        for f in DATE_FIELDS:
            values[f] = self.dates.parse(values[f])
        for f, default in _DEFAULTS.items():
            if values[f] is None:
                values[f] = default
        return Claim(**values)

    def take(self, order: Sequence[int]) -> ClaimTable:
        """The claims in `order` (indices), as a new table sharing the built records."""
        out = ClaimTable({f: [col[i] for i in order] for f, col in self.columns.items()},
                         self.dates)
        out._built = [self._built[i] for i in order]
        return out

    def sorted_by_id(self) -> ClaimTable:
        ids = self.columns["id"]
        if ids == sorted(ids):  # ids are unique (the validator says so)
            return self
        return self.take(sorted(range(len(ids)), key=ids.__getitem__))

    def ordinals(self, name: str, *, end: bool = False,
                 fallback: np.ndarray | None = None) -> np.ndarray:
        """A date column as day ordinals (see DateTexts.ordinals)."""
        return self.dates.ordinals(self.columns[name], end=end, fallback=fallback)


# Defaults of a Claim's optional text fields, for columns that hold None for them.
_DEFAULTS: dict[str, Any] = {"source_title": "", "claimant_name": "", "source_url": "",
                             "source_url_alt": "", "confidence": "", "note": "",
                             "layer": "claims"}


class ClaimsById(Mapping[str, Claim]):
    """A table's claims by id, each built when first read."""

    def __init__(self, table: ClaimTable) -> None:
        self._table = table
        ids = table.columns["id"]
        # ids in order (the engine's table): found by bisection, no dict of every id
        # (20 MB at 200,000 claims)
        self._sorted = all(a < b for a, b in itertools.pairwise(ids))

    @cached_property
    def _index(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self._table.columns["id"])}

    def _find(self, cid: object) -> int | None:
        if not isinstance(cid, str):
            return None
        if not self._sorted:
            return self._index.get(cid)
        ids = self._table.columns["id"]
        i = bisect.bisect_left(ids, cid)
        return i if i < len(ids) and ids[i] == cid else None

    def index(self, cid: str) -> int:
        i = self._find(cid)
        if i is None:
            raise KeyError(cid)
        return i

    def __getitem__(self, cid: str) -> Claim:
        return self._table[self.index(cid)]

    def __contains__(self, cid: object) -> bool:
        return self._find(cid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.columns["id"])

    def __len__(self) -> int:
        return len(self._table)


def as_table(claims: Sequence[Claim]) -> ClaimTable:
    """`claims` as a ClaimTable (itself when it already is one)."""
    return claims if isinstance(claims, ClaimTable) else ClaimTable.of(claims)


