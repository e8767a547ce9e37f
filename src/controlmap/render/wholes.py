"""Whole places at odds with their parts: one answer per place, said where it differs.

The map paints the parts of a place (the districts of Kupiansk), so the status of the whole
(the city contested) would be invisible where its parts show something else (all blue). Such
a whole is *at odds*: its own claim gives a status (not unknown, not inherited from a larger
place) and at least one of its parts shows another. The web map outlines it in its own
status and links it from each part's popup; the briefing page outlines it too; the app's
tables say the same line. The browser gets the list per timeline row, computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from controlmap.i18n import N_, translator
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine
from controlmap.model.results import Resolved
from controlmap.model.views import claimant_label
from controlmap.render import wording
from controlmap.render.palette import status_label


@dataclass(frozen=True)
class AtOdds:
    """A whole whose own status differs from what some of its parts show."""

    area: str
    status: str
    parts: dict[str, tuple[str, ...]]  # status shown -> the parts (ids) that show it


def descendants(dataset: Dataset, area: str,
                kids: Mapping[str, list[str]] | None = None) -> list[str]:
    """Every area below `area` (children, their children, ...), in id order. `kids`
    (`Dataset.parts()`) saves the pass over every area when asked for many."""
    kids = dataset.parts() if kids is None else kids
    out: list[str] = []
    todo = list(kids.get(area, []))
    seen = {area}
    while todo:
        a = todo.pop()
        if a not in seen:  # a cycle in parents is validate's to report, not a hang here
            seen.add(a)
            out.append(a)
            todo.extend(kids.get(a, []))
    return sorted(out)


def ancestors(dataset: Dataset, area: str) -> list[str]:
    """The places `area` is part of, nearest first."""
    out: list[str] = []
    p = dataset.areas[area].parent if area in dataset.areas else None
    while p and p in dataset.areas and p not in out:
        out.append(p)
        p = dataset.areas[p].parent
    return out


def parts_of(dataset: Dataset) -> dict[str, list[str]]:
    """Every whole (an area with parts) and its descendants: `at_odds`'s lookup, built once."""
    kids = dataset.parts()
    return {a: descendants(dataset, a, kids) for a in sorted(kids) if a in dataset.areas}


def at_odds(dataset: Dataset, areas: Mapping[str, Resolved],
            parts_by_whole: Mapping[str, list[str]] | None = None) -> list[AtOdds]:
    """The wholes at odds with their parts in one state (area id -> Resolved), by id.
    `parts_by_whole` (from `parts_of`) saves the hierarchy walk when asked for many states."""
    wholes = parts_of(dataset) if parts_by_whole is None else parts_by_whole
    out = []
    for aid, below in sorted(wholes.items()):
        r = areas.get(aid)
        if r is None or r.status == "unknown" or r.claim is None or r.via is not None:
            continue
        parts: dict[str, list[str]] = {}
        for d in below:
            s = areas[d].status if d in areas else "unknown"
            if s != r.status:
                parts.setdefault(s, []).append(d)
        if parts:
            out.append(AtOdds(aid, r.status, {s: tuple(v) for s, v in sorted(parts.items())}))
    return out


PARTS_SHOW = N_("{whole}; parts of it show {shown}")


def whole_line(engine: Engine, odds: AtOdds, r: Resolved, view: str,
               lang: str | None = None) -> str:
    """`Kupiansk as a whole: Contested / grey zone (Analysts, 2026-01-19); parts of it show
    Ukrainian-held`: the whole's own answer, the claims behind it, and what its parts show."""
    ds = engine.dataset
    t = translator(lang)
    whole = ds.areas[odds.area]
    text = t.gettext(wording.WHOLE).format(name=wording.place_name(whole.name, whole.name_uk,
                                                                   lang),
                                           status=status_label(odds.status, view, lang))
    cited = []
    for cid in ((r.claim,) if r.claim else ()) + tuple(r.also):
        c = engine.claims_by_id.get(cid)
        if c is not None:
            cited.append(f"{claimant_label(c.claimant, lang)}, "
                         f"{wording.date_as_written(c.date, lang)}")
    if cited:
        text += " (" + "; ".join(dict.fromkeys(cited)) + ")"
    shown = ", ".join(status_label(s, view, lang) for s in odds.parts)
    return t.gettext(PARTS_SHOW).format(whole=text, shown=shown)
