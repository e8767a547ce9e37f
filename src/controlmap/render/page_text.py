"""What a briefing page says besides the map: title, subtitle, freshness, sources, footer.

One builder for every export format (PNG/PDF page, HTML page, GeoJSON properties), so they
all say the same thing about the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from controlmap import __version__
from controlmap.i18n import N_, normalize_lang, translator
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
    lang: str = "en"


DATA = N_("Data: {credits}")
DATA_NONE = N_("see geo/ATTRIBUTION.md")
CLAIMS_NOT_FACTS = N_(
    "Statuses are claims, not facts: each area shows what the view's rules make of the "
    "claims; paler areas were last reported more than {paler} days before, dotted ones more "
    "than {horizon} days (stale: the last thing known).")
WITH_VERSION = N_("{exported} with controlmap {version}.")


def page_text(engine: Engine, state: State, title: str | None, now: datetime,
              lang: str | None = None) -> PageText:
    ds = engine.dataset
    t = translator(lang)
    credits = citations.attribution(ds)  # data: as written
    footer = [
        t.gettext(DATA).format(credits="; ".join(credits) if credits
                               else t.gettext(DATA_NONE)),
        citations.approximate_note(ds, lang),
        t.gettext(CLAIMS_NOT_FACTS).format(paler=FADE_FULL_UNTIL, horizon=state.horizon_days),
        t.gettext(WITH_VERSION).format(exported=citations.exported_stamp(now, lang),
                                       version=__version__),
    ]
    fresh, stale = wording.freshness(state.latest_claim, state.date, state.horizon_days, lang)
    odds = at_odds(ds, state.areas)
    return PageText(
        title=title or citations.default_title(state.date, lang),
        subtitle=citations.subtitle(state.view, state.known_at, lang),
        freshness=fresh,
        stale=stale,
        sources=citations.sources(engine, state, lang),
        footer=footer,
        wholes=[(o.area, o.status) for o in odds],
        whole_lines=[whole_line(engine, o, state.areas[o.area], state.view, lang)
                     for o in odds],
        lang=normalize_lang(lang),
    )
