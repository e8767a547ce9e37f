"""Who says so, and whose data it is: the words every export prints beside the map.

One place builds the title, the subtitle, the list of claims behind the shown statuses and the
data credits, so the PNG, the PDF, the HTML and the GeoJSON of one state say the same thing.
Everything here is plain text; escaping for HTML happens where HTML is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from controlmap.i18n import N_, translator
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine
from controlmap.model.records import Cited, Event
from controlmap.model.results import State
from controlmap.model.views import claimant_label, view_label
from controlmap.render import wording

# Files whose collection-level "attribution" is read, in the order the credits are printed.
_CREDIT_ORDER = ("oskil", "towns", "context", "areas", "claims", "events")
_URL = re.compile(r"^https?://[^\s\"'<>\\]+$", re.IGNORECASE)
SUBTITLE = N_("View: {view}")
SUBTITLE_KNOWN_AT = N_("View: {view}; as known at {date}")
EXPORTED = N_("Exported {time} UTC")
APPROX_ALL = N_("Approximate outlines: every area outline is an approximation.")
APPROX_SOME = N_("Approximate outlines: {names}.")


def subtitle(view: str, known_at: date | None, lang: str | None = None) -> str:
    """The view's label, and "as known at K" when the map is limited to what was published."""
    t = translator(lang)
    if known_at:
        return t.gettext(SUBTITLE_KNOWN_AT).format(view=view_label(view, lang),
                                                   date=t.day(known_at))
    return t.gettext(SUBTITLE).format(view=view_label(view, lang))


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) link, else None: data never supplies other schemes."""
    if url and _URL.match(url.strip()):
        return url.strip()
    return None


def exported_stamp(now: datetime, lang: str | None = None) -> str:
    t = translator(lang)
    return t.gettext(EXPORTED).format(time=f"{t.day(now.date())} {now.strftime('%H:%M')}")


@dataclass(frozen=True)
class SourceLine:
    """One claim behind a shown status, as a reader cites it."""

    claim: str
    date: str  # as a reader reads it: as written in the data, "Sep 2022" for 2022-09
    claimant: str
    claimant_label: str
    status: str
    title: str  # the source named precisely: its title, and who in it spoke
    url: str | None
    areas: tuple[str, ...]

    def text(self, max_areas: int = 3, lang: str | None = None) -> str:
        """`2026-01-05 Analysts: ISW January 5 (Podoly)`: date as written, who, source, where;
        a source without a public URL ends with "no public link"."""
        nolink = "" if self.url else f" \u2014 {wording.no_public_link(lang)}"
        return f"{self.head(max_areas)}{nolink}"

    def head(self, max_areas: int = 3) -> str:
        """The entry without its link: date as written, who, source, where."""
        where = ", ".join(self.areas[:max_areas])
        if len(self.areas) > max_areas:
            where += f" +{len(self.areas) - max_areas}"
        tail = f" ({where})" if where else ""
        return f"{self.date} {self.claimant_label}: {self.title}{tail}"

    def link(self, lang: str | None = None) -> str:
        """The URL, or "no public link": what a printed page says where a link would be."""
        return self.url or wording.no_public_link(lang)


def _line(c: Cited, claim_id: str, areas: tuple[str, ...], status: str,
          lang: str | None = None) -> SourceLine:
    return SourceLine(
        claim=claim_id, date=wording.date_as_written(c.date, lang), claimant=c.claimant,
        claimant_label=claimant_label(c.claimant, lang), status=status,
        title=wording.source_name(c.source_title, c.claimant_name, lang),
        url=safe_url(c.source_url), areas=areas,
    )


def event_sources(engine: Engine, events: list[Event], lang: str | None = None
                  ) -> list[SourceLine]:
    """The sources of the events drawn on a page, newest first (status "event")."""
    names = {a.id: wording.place_name(a.name, a.name_uk, lang)
             for a in engine.dataset.areas.values()}
    lines = [_line(e, e.id, (names[e.area],) if e.area in names else (), "event", lang)
             for e in events]
    order = {e.id: e.date for e in events}
    return sorted(lines, key=lambda s: (order[s.claim], s.claim), reverse=True)


def sources(engine: Engine, state: State, lang: str | None = None) -> list[SourceLine]:
    """The claims behind the statuses of `state`, newest first, one line per source.

    A claim that stands for several areas (a parent's claim reaching its children) is listed
    once with every area it colours; claims that disagree on the same day are listed too. Two
    claims with the same claimant, date and source title collapse into one line.
    """
    by_claim: dict[str, list[str]] = {}
    for area_id, res in state.areas.items():
        for cid in ((res.claim,) if res.claim else ()) + tuple(res.also):
            by_claim.setdefault(cid, []).append(area_id)
    names = {a.id: wording.place_name(a.name, a.name_uk, lang)
             for a in engine.dataset.areas.values()}
    lines: dict[tuple[str, str, str], SourceLine] = {}
    for cid, area_ids in by_claim.items():
        c = engine.claims_by_id.get(cid)
        if c is None:
            continue
        key = (c.claimant, str(c.date), c.source_title)
        # A parent's claim reaching its children is cited by the area it names.
        own = [c.area] if c.area in names else area_ids
        shown = tuple(sorted({names.get(a, a) for a in own}))
        if key in lines:
            old = lines[key]
            shown = tuple(sorted(set(old.areas) | set(shown)))
            cid = min(old.claim, cid)
        lines[key] = _line(c, cid, shown, c.status, lang)
    order = {cid: engine.claims_by_id[cid].date for cid in by_claim}
    return sorted(lines.values(), key=lambda s: (order[s.claim], s.claim), reverse=True)


def _attribution_md(data_dir: Path) -> list[str]:
    """Credit lines from geo/ATTRIBUTION.md: lines under a heading naming credits, else the
    list items of the file."""
    path = data_dir / "ATTRIBUTION.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    items = [ln.strip()[2:].strip() for ln in text.splitlines() if ln.strip()[:2] in ("- ", "* ")]
    return [re.sub(r"[*_`]", "", i) for i in items if i]


def attribution(dataset: Dataset) -> list[str]:
    """Data credits, deduplicated: the collection-level "attribution" strings of the geo/
    files (reference layers first), else the list in geo/ATTRIBUTION.md."""
    raw = dataset.raw
    found: list[str] = []
    if raw is not None:
        def order(name: str) -> tuple[int, str]:
            stem = name.removesuffix(".geojson").split("-", 1)[0]
            return (_CREDIT_ORDER.index(stem) if stem in _CREDIT_ORDER else 99, name)

        for name in sorted(raw.collections, key=order):
            value = raw.collections[name].get("attribution")
            values = value if isinstance(value, list) else [value]
            found.extend(v.strip() for v in values if isinstance(v, str) and v.strip())
    if not found:
        found = _attribution_md(dataset.data_dir)
    return list(dict.fromkeys(found))


def approximate_areas(dataset: Dataset, area_ids: list[str] | None = None,
                      lang: str | None = None) -> list[str]:
    """Names of the shown areas whose outline is an approximation (provenance.approximate)."""
    ids = area_ids if area_ids is not None else sorted(dataset.areas)
    return [wording.place_name(dataset.areas[a].name, dataset.areas[a].name_uk, lang)
            for a in ids if dataset.areas[a].approximate]


def approximate_note(dataset: Dataset, lang: str | None = None) -> str:
    names = approximate_areas(dataset, lang=lang)
    t = translator(lang)
    if not names:
        return ""
    if len(names) == len(dataset.areas):
        return t.gettext(APPROX_ALL)
    return t.gettext(APPROX_SOME).format(names=", ".join(names))
