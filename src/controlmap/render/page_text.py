"""What a briefing page says besides the map: title, subtitle, freshness, sources, footer.

One builder for every export format (PNG/PDF page, HTML page, GeoJSON properties), so they
all say the same thing about the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from controlmap import __version__
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.render import citations, wording
from controlmap.render.palette import FADE_FULL_UNTIL
from controlmap.render.wholes import at_odds, whole_line


@dataclass(frozen=True)
class PageText:
    """Everything a briefing page says besides the map itself."""

    title: str
    subtitle: str
    freshness: str  # how old the newest information is: the line under the title
    stale: bool  # the date is past the staleness horizon: the line is a warning
    sources: list[citations.SourceLine]
    footer: list[str]
    # Wholes whose own claims say otherwise than their parts: (area, status), and the line
    # each is described by ("Kupiansk as a whole: ...").
    wholes: list[tuple[str, str]]
    whole_lines: list[str]


def page_text(engine: Engine, state: State, title: str | None, now: datetime) -> PageText:
    ds = engine.dataset
    credits = citations.attribution(ds)
    footer = [
        "Data: " + ("; ".join(credits) if credits else "see geo/ATTRIBUTION.md"),
        citations.approximate_note(ds),
        "Statuses are claims, not facts: each area shows what the view's rules make of the "
        f"claims; paler areas were last reported more than {FADE_FULL_UNTIL} days before, "
        f"dotted ones more than {state.horizon_days} days (stale: the last thing known).",
        f"{citations.exported_stamp(now)} with controlmap {__version__}.",
    ]
    fresh, stale = wording.freshness(state.latest_claim, state.date, state.horizon_days)
    odds = at_odds(ds, state.areas)
    return PageText(
        title=title or citations.default_title(state.date),
        subtitle=citations.subtitle(state.view, state.known_at),
        freshness=fresh,
        stale=stale,
        sources=citations.sources(engine, state),
        footer=footer,
        wholes=[(o.area, o.status) for o in odds],
        whole_lines=[whole_line(engine, o, state.areas[o.area], state.view) for o in odds],
    )
