"""What a briefing page says besides the map: title, subtitle, freshness, sources, footer.

One builder for every export format (PNG/PDF page, HTML page, GeoJSON properties), so they
all say the same thing about the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from controlmap import __version__
from controlmap.i18n import N_, normalize_lang, translator
from controlmap.model.engine import Engine
from controlmap.model.records import Event
from controlmap.model.results import State
from controlmap.model.views import view_claimant
from controlmap.render import citations, wording
from controlmap.render.palette import FADE_FULL_UNTIL
from controlmap.render.wholes import at_odds, whole_line

PLACE = N_("Kupiansk")
TITLE = N_("{place}: {heading}, as of {date}")
TITLE_DIFF = N_("{place}: {heading}, changes from {start} to {end}")
# What each view's map is, in a title: a claimant's view shows claims, never "control".
VIEW_TITLES: dict[str, str] = {
    "assessed": N_("Assessed control"),
    "latest": N_("Latest claims"),
    "disputed": N_("Where the sides disagree"),
}
# A claimant's claims as whole phrases, so each language can inflect the claimant.
CLAIMANT_TITLES: dict[str, str] = {
    "ru-official": N_("Russian officials' claims"),
    "ua-official": N_("Ukrainian officials' claims"),
    "foreign-official": N_("Foreign officials' claims"),
    "analyst": N_("Analysts' claims"),
    "osint-map": N_("OSINT maps' claims"),
    "media": N_("Media's claims"),
}
CLAIMANT_TITLE = N_("{whose} claims")  # a claimant kind not in the vocabulary


def possessive(label: str) -> str:
    """`Russian officials'`, `DeepStateMap's`: a claimant label as the owner of claims."""
    return label + ("'" if label.endswith("s") else "'s")


def view_heading(view: str, lang: str | None = None) -> str:
    """What a view's map shows, in words: "Russian officials' claims", "Assessed control"."""
    t = translator(lang)
    claimant = view_claimant(view)
    if claimant is None:
        return t.gettext(VIEW_TITLES[view]) if view in VIEW_TITLES else view
    if claimant in CLAIMANT_TITLES:
        return t.gettext(CLAIMANT_TITLES[claimant])
    # English makes the label its owner; other languages name it after "claims of".
    whose = possessive(claimant) if t.lang == "en" else claimant
    return t.gettext(CLAIMANT_TITLE).format(whose=whose)


def default_title(day: date, view: str, diff_from: date | None = None,
                  lang: str | None = None) -> str:
    """The title every export and the app's export box use unless the user gives one:
    "Kupiansk: Russian officials' claims, as of 25 November 2025"; for a diff, "...,
    changes from 1 November 2025 to 25 November 2025"."""
    t = translator(lang)
    place, heading = t.gettext(PLACE), view_heading(view, lang)
    if diff_from is not None:
        return t.gettext(TITLE_DIFF).format(place=place, heading=heading,
                                            start=t.long_day(diff_from), end=t.long_day(day))
    return t.gettext(TITLE).format(place=place, heading=heading, date=t.long_day(day))


EVENTS_DAYS = 30  # events of the last N days are drawn on a static page (`--events-days`)


@dataclass(frozen=True)
class EventMark:
    """An event drawn on the map: where (lon, lat), its date as written, and its title."""

    event: str
    lon: float
    lat: float
    date: str
    title: str


def recent_events(engine: Engine, state: State, days: int) -> list[Event]:
    """Events of the `days` days up to the state's date (known by its known-at date), that
    have a place to be drawn: a point, or an area whose outline gives one."""
    out = []
    for e in engine.dataset.events:
        age = (state.date - e.date.start).days
        if not 0 <= age < days:
            continue
        if state.known_at is not None and e.published_or_date.start > state.known_at:
            continue
        if _event_point(engine, e) is not None:
            out.append(e)
    return sorted(out, key=lambda e: (e.date, e.id))


def _event_point(engine: Engine, e: Event) -> tuple[float, float] | None:
    if e.geometry is not None and e.geometry.geom_type == "Point":
        return float(e.geometry.x), float(e.geometry.y)
    area = engine.dataset.areas.get(e.area or "")
    if area is not None and area.geometry is not None:
        p = area.geometry.representative_point()
        return float(p.x), float(p.y)
    return None


def event_marks(engine: Engine, events: list[Event], lang: str | None = None
                ) -> list[EventMark]:
    marks = []
    for e in events:
        pt = _event_point(engine, e)
        if pt is not None:
            marks.append(EventMark(e.id, pt[0], pt[1], wording.date_as_written(e.date, lang),
                                   e.title))
    return marks


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
    events: list[EventMark] = field(default_factory=list)  # drawn on the map
    lang: str = "en"


DATA = N_("Data: {credits}")
DATA_NONE = N_("see geo/ATTRIBUTION.md")
CLAIMS_NOT_FACTS = N_(
    "Statuses are claims, not facts: each area shows what the view's rules make of the "
    "claims; paler areas were last reported more than {paler} days before, dotted ones more "
    "than {horizon} days (stale: the last thing known).")
WITH_VERSION = N_("{exported} with controlmap {version}.")


def page_text(engine: Engine, state: State, title: str | None, now: datetime,
              events_days: int = EVENTS_DAYS, diff_from: date | None = None,
              lang: str | None = None) -> PageText:
    """What a page says for `state`, in `lang`; the events of the last `events_days` days
    are drawn and their sources listed first. With `diff_from`, only the changed areas'
    sources."""
    if diff_from is not None:
        changed = {d.area for d in engine.diff(diff_from, state.date, state.view,
                                               state.known_at)}
        state = replace(state, areas={a: r for a, r in state.areas.items() if a in changed})
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
    shown = recent_events(engine, state, events_days) if events_days > 0 else []
    return PageText(
        title=title or default_title(state.date, state.view, diff_from, lang),
        subtitle=citations.subtitle(state.view, state.known_at, lang),
        freshness=fresh,
        stale=stale,
        sources=(citations.event_sources(engine, shown, lang)
                 + citations.sources(engine, state, lang)),
        footer=footer,
        wholes=[(o.area, o.status) for o in odds],
        whole_lines=[whole_line(engine, o, state.areas[o.area], state.view, lang)
                     for o in odds],
        events=event_marks(engine, shown, lang),
        lang=normalize_lang(lang),
    )
