"""Claims and events as the browser payload writes them: their citation fields in words.

`claim_record` is one claim's record; `claim_columns` makes the same records for every
claim at once as columns (io/columns.py), from the claim table's columns, so a data set of
200,000 claims needs no record or dict per claim. tests/test_payload.py holds the two equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from controlmap.io import columns
from controlmap.model.engine import Engine
from controlmap.model.records import Claim, Event
from controlmap.render import citations, wording


def cited(c: Claim | Event, lang: str) -> dict[str, Any]:
    """The citation fields a claim and an event share, dates and source name in `lang`."""
    return {
        "id": c.id, "date": str(c.date), "date_text": wording.date_as_written(c.date, lang),
        "start": c.date.start.isoformat(),
        "claimant": c.claimant, "claimant_name": c.claimant_name, "area": c.area,
        "source_title": c.source_title,
        "source_name": wording.source_name(c.source_title, c.claimant_name, lang),
        "source_url": citations.safe_url(c.source_url) or "",
        "published": str(c.published) if c.published else None,
        "published_text": wording.date_as_written(c.published, lang),
        "confidence": c.confidence, "note": c.note,
    }


def claim_record(c: Claim, lang: str) -> dict[str, Any]:
    """One claim as the payload's `claims` records it."""
    last = c.last_confirmed
    return {**cited(c, lang), "status": c.status, "layer": c.layer,
            "last_confirmed": last.start.isoformat() if last else None}


def claim_columns(engine: Engine, lang: str) -> dict[str, Any]:
    """`claim_record` of every claim as columns (io/columns.py), made from the claim table's
    columns: each distinct date, source name and link is worked out once, and no record or
    dict is made per claim (at 200,000 claims those were the app's largest transient
    memory, and most of the base payload's time). tests/test_payload.py holds the two equal."""
    table = engine.claims
    cols, parse = table.columns, table.dates.parse

    def each(values: list[Any], f: Callable[[Any], Any]) -> list[Any]:
        memo: dict[Any, Any] = {}
        return [memo[v] if v in memo else memo.setdefault(v, f(v)) for v in values]

    def text(name: str) -> list[str]:
        return [v if v is not None else "" for v in cols[name]]

    def start(t: str | None) -> str | None:
        got = parse(t)
        return got.start.isoformat() if got else None

    titles, speakers = text("source_title"), text("claimant_name")
    names: dict[tuple[str, str], str] = {}
    fields = {
        "id": cols["id"],
        "date": each(cols["date"], lambda t: str(parse(t))),
        "date_text": each(cols["date"], lambda t: wording.date_as_written(parse(t), lang)),
        "start": each(cols["date"], start),
        "claimant": cols["claimant"],
        "claimant_name": speakers,
        "area": cols["area"],
        "source_title": titles,
        "source_name": [names[k] if k in names else names.setdefault(
            k, wording.source_name(k[0], k[1], lang)) for k in zip(titles, speakers,
                                                                   strict=True)],
        "source_url": [citations.safe_url(u) or "" for u in cols["source_url"]],
        "published": each(cols["published"], lambda t: str(parse(t)) if parse(t) else None),
        "published_text": each(cols["published"],
                               lambda t: wording.date_as_written(parse(t), lang)),
        "confidence": text("confidence"),
        "note": text("note"),
        "status": cols["status"],
        "layer": [v if v is not None else "claims" for v in cols["layer"]],
        "last_confirmed": each(cols["last_confirmed"], start),
    }
    return columns.encode_columns(fields, len(table))
