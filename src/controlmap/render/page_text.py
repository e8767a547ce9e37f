"""What a briefing page says besides the map: title, subtitle, sources and footer.

One builder for every export format (PNG/PDF page, HTML page, GeoJSON properties), so they
all say the same thing about the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from controlmap import __version__
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.render import citations


@dataclass(frozen=True)
class PageText:
    """Everything a briefing page says besides the map itself."""

    title: str
    subtitle: str
    sources: list[citations.SourceLine]
    footer: list[str]


def page_text(engine: Engine, state: State, title: str | None, now: datetime) -> PageText:
    """The page's words for `state`; `title` replaces the default dated title."""
    ds = engine.dataset
    credits = citations.attribution(ds)
    footer = [
        "Data: " + ("; ".join(credits) if credits else "see geo/ATTRIBUTION.md"),
        citations.approximate_note(ds),
        "Statuses are claims, not facts: each area shows the newest claim the view accepts; "
        "faded areas have had no newer claim for weeks. "
        f"{citations.exported_stamp(now)} with controlmap {__version__}.",
    ]
    return PageText(
        title=title or citations.default_title(state.date),
        subtitle=citations.subtitle(state.view, state.known_at),
        sources=citations.sources(engine, state),
        footer=footer,
    )
