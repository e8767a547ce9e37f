"""A slow, obviously-correct resolver written straight from the rules, to check the engine.

It loops over claims for each area; the engine must agree with it on any input.
"""

from __future__ import annotations

from datetime import date

from controlmap.model.dataset import Dataset
from controlmap.model.records import Claim
from controlmap.model.views import is_official, view_claimant

RANK = {"unknown": 0, "ua": 1, "ru": 1, "contested": 2}


def _chain(ds: Dataset, area: str) -> list[str]:
    out = [area]
    while ds.areas[out[-1]].parent:
        out.append(ds.areas[out[-1]].parent)  # type: ignore[arg-type]
    return out


def _pick(ds: Dataset, area: str, claims: list[Claim], day: date, known: date | None
          ) -> tuple[str, Claim] | None:
    chain = _chain(ds, area)
    depth = {a: len(chain) - 1 - i for i, a in enumerate(chain)}
    live = [
        c for c in claims
        if c.area in depth and c.date.start <= day
        and (known is None or c.published_or_date.start <= known)
    ]
    if not live:
        return None
    top = max((c.date.start, depth[c.area]) for c in live)  # type: ignore[index]
    tied = [c for c in live if (c.date.start, depth[c.area]) == top]  # type: ignore[index]
    winner = max(tied, key=lambda c: (RANK[c.status], c.id))
    status = "contested" if len({c.status for c in tied}) > 1 else winner.status
    return status, winner


def resolve(ds: Dataset, area: str, view: str, day: date, known: date | None = None
            ) -> tuple[str, str | None]:
    """(status, claim id) of one area in one view."""
    claimant = view_claimant(view)
    if claimant is not None:
        got = _pick(ds, area, [c for c in ds.claims if c.claimant == claimant], day, known)
    elif view == "latest":
        got = _pick(ds, area, list(ds.claims), day, known)
    elif view == "assessed":
        got = _pick(ds, area, [c for c in ds.claims if not is_official(c.claimant)], day, known)
        if got is None:
            got = _pick(ds, area, [c for c in ds.claims if is_official(c.claimant)], day, known)
    elif view == "disputed":
        statuses = set()
        for c in sorted({c.claimant for c in ds.claims}):
            one = _pick(ds, area, [x for x in ds.claims if x.claimant == c], day, known)
            if one:
                statuses.add(one[0])
        if not statuses:
            return "unknown", None
        return ("disputed" if len(statuses) > 1 else statuses.pop()), None
    else:
        raise ValueError(view)
    return (got[0], got[1].id) if got else ("unknown", None)
