"""The one export path of the CLI and the app: a state on a day, in a view, as a file.

`export_bytes(engine, day, view, known_at, fmt)` returns (data, mime type, file name) for
png, pdf, html and geojson. Series of dates live in `export_series`, which reuses the drawn
page between dates.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from controlmap.errors import ControlmapError, UsageError
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.render.export_geojson import state_geojson
from controlmap.render.export_html import state_html
from controlmap.render.page_text import EVENTS_DAYS, PageText, page_text

if TYPE_CHECKING:
    from controlmap.render.static_map.layout import BriefingMap

MIME: dict[str, str] = {
    "png": "image/png",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "geojson": "application/geo+json",
}
FORMATS: tuple[str, ...] = tuple(MIME)
SIZES: tuple[str, ...] = ("slide", "a4", "a4-portrait")
DPI_RANGE = (30, 600)


class MissingDependency(ControlmapError):
    """An optional library an export needs is not installed."""


def check_args(fmt: str, size: str, dpi: int, events_days: int = EVENTS_DAYS) -> None:
    """Raise UsageError (exit 2) for a format, size or dpi the exports do not take."""
    if fmt not in MIME:
        raise UsageError(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if size not in SIZES:
        raise UsageError(f"unknown size {size!r} (use one of: {', '.join(SIZES)})")
    if events_days < 0:
        raise UsageError(f"--events-days {events_days}: use 0 (no events) or more")
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


def briefing_map(engine: Engine, size: str, stamp: bool = False,
                 lang: str | None = None) -> BriefingMap:
    """A BriefingMap for the engine's data, or a clear error when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError:
        raise MissingDependency(
            "PNG and PDF exports need matplotlib: pip install 'matplotlib>=3.8'"
        ) from None
    from controlmap.render.static_map.layout import BriefingMap

    return BriefingMap(engine.dataset, size=size, stamp=stamp, lang=lang)


def draw_state(page: BriefingMap, engine: Engine, state: State, title: str | None,
               now: datetime, stamp: str = "", events_days: int = EVENTS_DAYS,
               diff_from: date | None = None) -> PageText:
    """Put one state on a page (in the page's language): restyle the areas, draw the events
    of the last `events_days` days, rewrite title, key, sources and footer. With
    `diff_from`, only the areas whose status changed since then keep their colours."""
    text = page_text(engine, state, title, now, events_days, diff_from, page.lang)
    changed = None
    if diff_from is not None:
        changed = {d.area for d in engine.diff(diff_from, state.date, state.view,
                                               state.known_at)}
    page.update(states=state.areas, day=state.date, view=state.view,
                horizon_days=state.horizon_days, title=text.title, subtitle=text.subtitle,
                freshness=text.freshness, stale=text.stale, wholes=text.wholes,
                whole_lines=text.whole_lines, sources=text.sources, footer=text.footer,
                events=text.events, events_days=events_days, stamp=stamp, changed=changed,
                since=diff_from)
    return text


def export_bytes(engine: Engine, day: date, view: str, known_at: date | None, fmt: str, *,
                 title: str | None = None, size: str = "slide", dpi: int = 200,
                 now: datetime | None = None, events_days: int = EVENTS_DAYS,
                 diff_from: date | None = None, lang: str | None = None
                 ) -> tuple[bytes, str, str]:
    """One state as a file (its words in `lang`): (data, mime type, suggested file name).
    PNG and PDF draw the events of the last `events_days` days (0: none) and list their
    sources; with `diff_from` they show what changed since that day.

    Raises UsageError for an unknown format, size, view, or a dpi out of range.
    """
    fmt = (fmt or "").lower()
    check_args(fmt, size, dpi, events_days)
    view = engine.view(view)
    state = engine.state(day, view, known_at)
    now = now or now_utc()
    name = file_name(day, view, known_at, fmt)
    if diff_from is not None:
        if fmt not in ("png", "pdf"):
            raise UsageError(f"--diff-from draws a PNG or PDF page, not {fmt}")
        if diff_from >= day:
            raise UsageError(f"--diff-from {diff_from.isoformat()} must be before --date "
                             f"{day.isoformat()}")
        name = name.replace(f".{fmt}", f"-since-{diff_from.isoformat()}.{fmt}")
    if fmt == "geojson":
        text = page_text(engine, state, title, now, lang=lang)
        return (state_geojson(engine, state, title=text.title, now=now, lang=lang), MIME[fmt],
                name)
    if fmt == "html":
        return (state_html(engine, state, page_text(engine, state, title, now, lang=lang)),
                MIME[fmt], name)
    page = briefing_map(engine, size, lang=lang)
    draw_state(page, engine, state, title, now, events_days=events_days, diff_from=diff_from)
    return page.render(fmt, dpi), MIME[fmt], name
