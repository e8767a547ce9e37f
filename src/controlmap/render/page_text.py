"""What a briefing page says besides the map: title, subtitle, freshness, sources, footer.

One builder for every export format (PNG/PDF page, HTML page, GeoJSON properties), so they
all say the same thing about the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from controlmap import __version__
from controlmap.model.engine import Engine
from controlmap.model.records import Event
from controlmap.model.results import State
from controlmap.model.views import view_claimant
from controlmap.render import citations, wording
from controlmap.render.palette import FADE_FULL_UNTIL
from controlmap.render.wholes import at_odds, whole_line
from controlmap.vocabulary import CLAIMANT_LABELS

PLACE = "Kupiansk"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# What each view's map is, in a title: a claimant's view shows claims, never "control".
VIEW_TITLES: dict[str, str] = {
    "assessed": "Assessed control",
    "latest": "Latest claims",
    "disputed": "Where the sides disagree",
}
CLAIMANT_TITLE = "{whose} claims"


def long_date(day: date) -> str:
    """`25 November 2025`: a date as a title says it."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def possessive(label: str) -> str:
    """`Russian officials'`, `DeepStateMap's`: a claimant label as the owner of claims."""
    return label + ("'" if label.endswith("s") else "'s")


def view_heading(view: str) -> str:
    """What a view's map shows, in words: "Russian officials' claims", "Assessed control"."""
    claimant = view_claimant(view)
    if claimant is None:
        return VIEW_TITLES.get(view, view)
    return CLAIMANT_TITLE.format(whose=possessive(CLAIMANT_LABELS.get(claimant, claimant)))


def default_title(day: date, view: str, diff_from: date | None = None) -> str:
    """The title every export and the app's export box use unless the user gives one:
    "Kupiansk: Russian officials' claims, as of 25 November 2025"; for a diff, "...,
    changes from 1 November 2025 to 25 November 2025"."""
    if diff_from is not None:
        return (f"{PLACE}: {view_heading(view)}, changes from {long_date(diff_from)} "
                f"to {long_date(day)}")
    return f"{PLACE}: {view_heading(view)}, as of {long_date(day)}"


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


def event_marks(engine: Engine, events: list[Event]) -> list[EventMark]:
    marks = []
    for e in events:
        pt = _event_point(engine, e)
        if pt is not None:
            marks.append(EventMark(e.id, pt[0], pt[1], wording.date_as_written(e.date),
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


def page_text(engine: Engine, state: State, title: str | None, now: datetime,
              events_days: int = EVENTS_DAYS, diff_from: date | None = None) -> PageText:
    """What a page says for `state`; the events of the last `events_days` days are drawn and
    their sources listed first. With `diff_from`, only the changed areas' sources."""
    if diff_from is not None:
        changed = {d.area for d in engine.diff(diff_from, state.date, state.view,
                                               state.known_at)}
        state = replace(state, areas={a: r for a, r in state.areas.items() if a in changed})
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
    shown = recent_events(engine, state, events_days) if events_days > 0 else []
    return PageText(
        title=title or default_title(state.date, state.view, diff_from),
        subtitle=citations.subtitle(state.view, state.known_at),
        freshness=fresh,
        stale=stale,
        sources=citations.event_sources(engine, shown) + citations.sources(engine, state),
        footer=footer,
        wholes=[(o.area, o.status) for o in odds],
        whole_lines=[whole_line(engine, o, state.areas[o.area], state.view) for o in odds],
        events=event_marks(engine, shown),
    )
