"""The one export path of the CLI and the app: a state on a day, in a view, as a file.

`export_bytes(engine, day, view, known_at, fmt)` returns (data, mime type, file name) for
png, pdf, html and geojson. Series of dates live in `export_series`, which reuses the drawn
page between dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from controlmap import __version__
from controlmap.errors import ControlmapError, UsageError
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.render import citations, wording
from controlmap.render.palette import FADE_FULL_UNTIL
from controlmap.render.wholes import at_odds, whole_line

if TYPE_CHECKING:
    from controlmap.render.static_map.layout import BriefingMap

MIME: dict[str, str] = {
    "png": "image/png",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "geojson": "application/geo+json",
}
FORMATS: tuple[str, ...] = tuple(MIME)
SIZES: tuple[str, ...] = ("slide", "a4")
DPI_RANGE = (30, 600)


class MissingDependency(ControlmapError):
    """An optional library an export needs is not installed."""


def check_args(fmt: str, size: str, dpi: int) -> None:
    """Raise UsageError (exit 2) for a format, size or dpi the exports do not take."""
    if fmt not in MIME:
        raise UsageError(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if size not in SIZES:
        raise UsageError(f"unknown size {size!r} (use one of: {', '.join(SIZES)})")
    lo, hi = DPI_RANGE
    if not lo <= dpi <= hi:
        raise UsageError(f"dpi {dpi} is out of range ({lo}-{hi})")


def file_name(day: date, view: str, known_at: date | None, fmt: str) -> str:
    """`kupiansk-assessed-2026-01-20.png`; a claimant view becomes `claimant-ru-official`."""
    slug = re.sub(r"[^a-z0-9]+", "-", view.lower()).strip("-") or "view"
    known = f"-known-{known_at.isoformat()}" if known_at else ""
    return f"kupiansk-{slug}-{day.isoformat()}{known}.{fmt}"


def now_utc() -> datetime:
    return datetime.now(UTC)


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


def briefing_map(engine: Engine, size: str, stamp: bool = False) -> BriefingMap:
    """A BriefingMap for the engine's data, or a clear error when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError:
        raise MissingDependency(
            "PNG and PDF exports need matplotlib: pip install 'matplotlib>=3.8'"
        ) from None
    from controlmap.render.static_map.layout import BriefingMap

    return BriefingMap(engine.dataset, size=size, stamp=stamp)


def draw_state(page: BriefingMap, engine: Engine, state: State, title: str | None,
               now: datetime, stamp: str = "") -> PageText:
    """Put one state on a page: restyle the areas, rewrite title, sources and footer."""
    text = page_text(engine, state, title, now)
    page.update(states=state.areas, day=state.date, view=state.view,
                horizon_days=state.horizon_days, title=text.title, subtitle=text.subtitle,
                freshness=text.freshness, stale=text.stale, wholes=text.wholes,
                whole_lines=text.whole_lines, sources=text.sources, footer=text.footer,
                stamp=stamp)
    return text


def export_bytes(engine: Engine, day: date, view: str, known_at: date | None, fmt: str, *,
                 title: str | None = None, size: str = "slide", dpi: int = 200,
                 now: datetime | None = None) -> tuple[bytes, str, str]:
    """One state as a file: (data, mime type, suggested file name).

    Raises UsageError for an unknown format, size, view, or a dpi out of range.
    """
    fmt = (fmt or "").lower()
    check_args(fmt, size, dpi)
    view = engine.view(view)
    state = engine.state(day, view, known_at)
    now = now or now_utc()
    name = file_name(day, view, known_at, fmt)
    if fmt == "geojson":
        from controlmap.render.export_geojson import state_geojson

        text = page_text(engine, state, title, now)
        return state_geojson(engine, state, title=text.title, now=now), MIME[fmt], name
    if fmt == "html":
        from controlmap.render.export_html import state_html

        return state_html(engine, state, page_text(engine, state, title, now)), MIME[fmt], name
    page = briefing_map(engine, size)
    draw_state(page, engine, state, title, now)
    return page.render(fmt, dpi), MIME[fmt], name
