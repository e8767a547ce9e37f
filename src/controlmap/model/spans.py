"""Partial dates as spans: the day a `2022-09` or `2023` claim takes effect.

A month- or year-dated claim is certain only by the end of its span. It takes effect on the
last day of the span, or earlier on the first day within it on which a day-precise claim
about the same area with the same status exists (docs/resolution.md, rule 1).

Which precise claims exist depends on what is known at K, so a partial claim becomes several
candidate rows, each valid for a window of K (`pub <= K < pub_hi`): at most one is valid
for any K, and with every claim known (K = None) exactly the one with `pub_hi == NO_END`.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

import numpy as np

from controlmap.dates import PartialDate

# pub_hi of a row that stays valid however late K is.
NO_END = int(np.iinfo(np.int32).max)

# Columns of the compiled rows, before and after spans are resolved.
AREA, START, END, PUB, STATUS, CLAIM, LC, WHO = range(8)  # input rows
DAY, PUB_HI = START, END  # output rows: (area, day, pub_hi, pub, status, claim, lc, who)


def span_end(d: PartialDate) -> date:
    """The last day a partial date can mean (the day itself for a full date)."""
    if d.precision == "year":
        return date(d.start.year, 12, 31)
    if d.precision == "month":
        last = calendar.monthrange(d.start.year, d.start.month)[1]
        return date(d.start.year, d.start.month, last)
    return d.start


def effective_rows(rows: np.ndarray) -> np.ndarray:
    """Rows (area, start, end, pub, status, claim, lc, who) -> rows whose START column is the
    effective day and whose END column is `pub_hi`, the first K for which the row no longer
    holds. Day-precise rows pass through with `pub_hi = NO_END`."""
    out = rows.copy()
    if len(rows) == 0:
        return out
    partial = rows[:, START] != rows[:, END]
    out[~partial, PUB_HI] = NO_END
    if not partial.any():
        return out
    # (area, status) -> {day: earliest publication among day-precise rows of that day}
    precise: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for r in rows[~partial]:
        days = precise[(int(r[AREA]), int(r[STATUS]))]
        d, p = int(r[START]), int(r[PUB])
        days[d] = min(p, days.get(d, p))
    extra: list[list[int]] = []
    for r in rows[partial]:
        start, end, pub = int(r[START]), int(r[END]), int(r[PUB])
        hits = sorted((d, p) for d, p in precise.get((int(r[AREA]), int(r[STATUS])), {}).items()
                      if start <= d <= end)
        hi = NO_END
        for d, p in [*hits, (end, pub)]:
            lo = max(pub, p)
            if lo < hi:
                row = [int(x) for x in r]
                row[DAY], row[PUB], row[PUB_HI] = d, lo, hi
                extra.append(row)
            hi = min(hi, lo)
    return np.concatenate([out[~partial], np.array(extra, dtype=np.int64).reshape(-1, 8)])
