"""The briefing page: title, map, key, sources and credits; built once, updated per state.

`BriefingMap(dataset, size)` draws everything that does not depend on the date (context,
rivers, the state border, area outlines, towns, scale bar, north arrow). `update(...)` restyles
the area fills, draws the events of the last days, places the labels (again only when the
events shown change), and rewrites the title, key and sources; `render(fmt, dpi)` returns the
file's bytes. A series of dates keeps one BriefingMap, which is what makes it cheaper than one
export per date. Where each block goes is `static_map.panel`'s job.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib
import shapely
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from controlmap.errors import UsageError
from controlmap.i18n import N_, normalize_lang, translator
from controlmap.model.dataset import Dataset
from controlmap.model.results import Resolved
from controlmap.render.citations import SourceLine
from controlmap.render.page_text import EventMark
from controlmap.render.palette import REFERENCE
from controlmap.render.static_map.context import (
    Drawn,
    draw_context,
    draw_event_marks,
    draw_rivers,
    draw_town_dots,
    event_specs,
    town_specs,
)
from controlmap.render.static_map.labels import LabelSpec, MapLabels, plain
from controlmap.render.static_map.layers import (
    INK,
    AreaPatches,
    MapExtent,
    area_label_specs,
    map_frame,
)
from controlmap.render.static_map.legend import (
    MUTED,
    Shown,
    cut_columns,
    fit_columns,
    key_handles,
    source_entries,
)
from controlmap.render.static_map.locator import draw_locator
from controlmap.render.static_map.panel import Geometry, height_in, stack, wrap_to, wrapped
from controlmap.render.static_map.projection import grid_convergence
from controlmap.render.static_map.scalebar import draw_north_arrow, draw_scalebar


@dataclass(frozen=True)
class Page:
    """A page size (inches) and the font scale that reads well on it."""

    name: str
    width: float
    height: float
    scale: float
    portrait: bool = False


PAGES: dict[str, Page] = {
    "slide": Page("slide", 13.3334, 7.5, 1.0),  # 16:9, PowerPoint's default slide
    "a4": Page("a4", 11.693, 8.268, 0.92),
    "a4-portrait": Page("a4-portrait", 8.268, 11.693, 0.92, portrait=True),
}
FONT = "DejaVu Sans"  # ships with matplotlib and covers Cyrillic
RC: dict[str, Any] = {
    "font.family": FONT,
    "pdf.fonttype": 42,  # embedded TrueType: selectable, searchable text
    "ps.fonttype": 42,
    "hatch.linewidth": 0.9,
    "axes.unicode_minus": False,
    "text.parse_math": False,  # text from the data is text: "$x^2$" is not a formula
}
STALE_INK = REFERENCE["warning"]  # the freshness line when the date is past the horizon
KEY_ROWS = 9  # a key longer than this goes in two columns, to leave room for the sources
SOURCES_HEAD = N_("Sources behind the shown statuses and events")
KEY_HEAD = N_("Key")
# Font sizes of the sources block, tried largest first until every source fits.
SOURCE_SIZES = (6.6, 6.0, 5.4, 4.9)


def page(size: str) -> Page:
    try:
        return PAGES[size]
    except KeyError:
        raise UsageError(f"unknown size {size!r} (use one of: {', '.join(PAGES)})") from None


def pixel_size(size: str, dpi: int) -> tuple[int, int]:
    """The PNG's width and height in pixels for a page size and dpi."""
    p = page(size)
    return int(p.width * dpi), int(p.height * dpi)  # matplotlib truncates


@contextmanager
def style_context() -> Iterator[None]:
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        yield


class BriefingMap:
    """One briefing page for a data set; `update` it per state, `render` it per format."""

    def __init__(self, dataset: Dataset, size: str = "slide", stamp: bool = False,
                 lang: str | None = None) -> None:
        self.dataset = dataset
        self.lang = normalize_lang(lang)
        self.page = p = page(size)
        self.geo = g = Geometry.of(p.width, p.height, p.portrait)
        s = p.scale
        self._fs = {"title": 17 * s, "sub": 10 * s, "fresh": 9 * s, "label": 8.5 * s,
                    "legend": 8 * s, "foot": 5.8 * s, "small": 7.5 * s}
        with style_context():
            fig = self.fig = Figure(figsize=(p.width, p.height), dpi=100, facecolor="white")
            FigureCanvasAgg(fig)
            self.title = fig.text(0, 0, "", fontsize=self._fs["title"], fontweight="bold",
                                  color=INK, va="top", linespacing=1.15)
            self.subtitle = fig.text(0, 0, "", fontsize=self._fs["sub"], color=MUTED, va="top")
            # How old the newest information is; a warning (bold, dark red) past the horizon.
            self.freshness = fig.text(0, 0, "", fontsize=self._fs["fresh"], color=MUTED,
                                      va="top")
            self.ax = ax = fig.add_axes(g.map.fractions(p.width, p.height))
            map_frame(ax)
            self.areas = AreaPatches(ax, dataset)
            self.frame = MapExtent.around(self.areas.bounds(), g.map.w, g.map.h)
            self.frame.apply(ax)
            ax.set_aspect("equal", adjustable="box")
            self.drawn = Drawn()
            self._base_labels = self._draw_base()
            w_pt, h_pt = g.map.w * 72, g.map.h * 72
            reserved = [(0, 0, 150 * s, 40 * s), (w_pt - 44, h_pt - 70, w_pt, h_pt)]
            if stamp:
                reserved.append((w_pt - 175 * s, 0, w_pt, 48 * s))
            self.locator_labels, box = draw_locator(
                fig, g.map.fractions(p.width, p.height), (g.map.w, g.map.h), self.frame,
                dataset.layers, self._fs["label"], self.drawn, self.lang)
            reserved.append(box)
            self.labels = MapLabels(ax, reserved)
            self.sources_head = fig.text(0, 0, translator(lang).gettext(SOURCES_HEAD),
                                         fontsize=self._fs["legend"], fontweight="bold",
                                         color=INK, va="top")
            self.sources = [fig.text(0, 0, "", color=INK, va="top", ha="left",
                                     linespacing=1.3) for _ in range(g.columns)]
            self.footer = fig.text(g.footer.x / p.width, g.footer.y / p.height, "",
                                   fontsize=self._fs["foot"], color=MUTED, va="bottom",
                                   linespacing=1.3)
            self.badge = ax.text(0.985, 0.02, "", transform=ax.transAxes, ha="right",
                                 va="bottom", fontsize=20 * s, fontweight="bold", color=INK,
                                 zorder=9, visible=stamp,
                                 bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#444444",
                                       "lw": 0.8, "alpha": 0.9})
        self._legend: Legend | None = None
        self._legend_key: tuple[Any, ...] | None = None
        self._events_key: tuple[str, ...] | None = None
        self._marks: list[Artist] = []
        self.towns_shown = False
        self.events_shown = 0

    def _draw_base(self) -> list[LabelSpec]:
        """Context, rivers, scale bar and north arrow; returns the labels they ask for."""
        ax, frame, layers = self.ax, self.frame, self.dataset.layers
        size = self._fs["label"]
        draw_context(ax, layers, frame, size, self.drawn, lang=self.lang)
        draw_rivers(ax, layers, frame, size, self.drawn, lang=self.lang)
        self.frame.apply(ax)  # plotting lines may move the limits
        towns = town_specs(layers, frame, size, self.lang)
        said = {t.text.lower() for t in towns}
        areas = area_label_specs(self.dataset, self.areas, frame, size * 0.9, said, self.lang)
        draw_scalebar(ax, frame, self._fs["small"])
        lon, lat = _centre_lonlat(self.dataset) if self.dataset.areas else (37.6, 49.7)
        draw_north_arrow(ax, frame, grid_convergence(lon, lat), self._fs["legend"])
        return [*towns, *areas, *self.drawn.labels]

    def _place_labels(self, events: Sequence[EventMark]) -> None:
        """Place every label with the events of this state; again only when they change."""
        key = tuple(e.event for e in events)
        if key == self._events_key:
            return
        for a in self._marks:
            a.remove()
        ev = event_specs(events, self.frame, self._fs["label"])
        self._marks = draw_event_marks(self.ax, ev)
        self.events_shown = len(ev)
        kept = self.labels.place([*ev, *self._base_labels])
        towns = [k.spec for k in kept if k.spec.kind == "town"]
        self._marks += draw_town_dots(self.ax, towns)
        self.towns_shown = bool(towns)
        self._events_key = key

    def _place_key(self, view: str, shown: Shown, horizon_days: int, events_days: int,
                   top: float, renderer: Any) -> float:
        """The key (only what is drawn) from `top` (inches) down; returns its bottom."""
        p, g = self.page, self.geo
        handles = key_handles(view, shown, self.drawn, self.towns_shown, horizon_days,
                              events_days, self.lang)
        key = (view, shown, horizon_days, events_days, self.towns_shown, top)
        if key != self._legend_key:
            if self._legend is not None:
                self._legend.remove()
            ncols = 2 if len(handles) > KEY_ROWS else 1
            width = (g.key.w - 0.1 * (ncols - 1)) / ncols
            chars = max(16, int(width * 72 / (0.55 * self._fs["legend"])) - 5)
            labels = ["\n".join(textwrap.wrap(str(h.get_label()), chars)) for h in handles]
            lg = Legend(self.fig, handles, labels, loc="upper left",
                        bbox_to_anchor=(g.key.x / p.width, top / p.height), frameon=False,
                        fontsize=self._fs["legend"], title=translator(self.lang).gettext(KEY_HEAD),
                        title_fontsize=self._fs["legend"] * 1.05, handlelength=1.8,
                        handleheight=1.0, borderaxespad=0, borderpad=0, labelspacing=0.4,
                        alignment="left", ncols=ncols, columnspacing=0.8)
            lg.get_title().set_fontweight("bold")
            self.fig.add_artist(lg)
            self._legend, self._legend_key = lg, key
        assert self._legend is not None
        return float(self._legend.get_window_extent(renderer).y0) / self.fig.dpi

    def _place_sources(self, sources: Sequence[SourceLine], whole_lines: Sequence[str],
                       top: float, bottom: float, renderer: Any) -> None:
        p, g = self.page, self.geo
        self.sources_head.set_position((g.sources.x / p.width, top / p.height))
        top -= height_in(self.sources_head, renderer) + 0.05
        col_gap = 0.15
        col_w = (g.sources.w - col_gap * (g.columns - 1)) / g.columns
        room = max(top - bottom, 0.1)
        # Measured at the figure's 100 dpi; hinted glyphs in a low-dpi PNG run a little wider.
        col_px = col_w * self.fig.dpi * 0.92
        cols: list[str] | None = None
        for fs in (f * p.scale for f in SOURCE_SIZES):
            for t in self.sources:
                t.set_fontsize(fs)
            chars = max(20, int(col_w * 72 / (0.56 * fs)))
            rows = int(room * 72 / (fs * 1.3 * 1.02))
            for _ in range(6):  # narrower lines until the widest drawn one fits the column
                entries = source_entries(sources, chars, whole_lines, self.lang)
                cols = (fit_columns(entries, g.columns, rows)
                        or cut_columns(entries, g.columns, rows, self.lang))
                for t, text in zip(self.sources, cols, strict=True):
                    t.set_text(text)
                widest = max(t.get_window_extent(renderer).width for t in self.sources)
                if widest <= col_px:
                    break
                chars = max(20, int(chars * min(0.95, col_px / widest)))
            if fit_columns(entries, g.columns, rows) is not None:
                break
        for i, t in enumerate(self.sources):
            t.set_position(((g.sources.x + i * (col_w + col_gap)) / p.width, top / p.height))

    def update(self, *, states: Mapping[str, Resolved], day: date, view: str,
               horizon_days: int, title: str, subtitle: str, freshness: str, stale: bool,
               sources: Sequence[SourceLine], footer: Sequence[str],
               wholes: Sequence[tuple[str, str]] = (), whole_lines: Sequence[str] = (),
               events: Sequence[EventMark] = (), events_days: int = 30,
               stamp: str = "", changed: set[str] | None = None,
               since: date | None = None) -> None:
        """Restyle the areas for `states` (area id -> Resolved) on `day`, outline the
        `wholes` ((area, own status)) at odds with their parts, draw `events`, and rewrite
        every text. A diff passes the `changed` areas and the earlier date `since`: the rest
        are drawn as unchanged."""
        p, g = self.page, self.geo
        self.areas.restyle(states, day, wholes, changed)
        self.badge.set_text(stamp)
        with style_context():
            renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
            self._place_labels(events)
            self.freshness.set_color(STALE_INK if stale else MUTED)
            self.freshness.set_fontweight("bold" if stale else "normal")
            wrap_to(self.title, wrapped([plain(title)]), g.head.w, renderer)
            wrap_to(self.subtitle, wrapped([plain(subtitle)]), g.head.w, renderer)
            wrap_to(self.freshness, wrapped([("\u26a0 " if stale else "") + freshness]),
                    g.head.w, renderer)
            below_head = stack([self.title, self.subtitle, self.freshness], g.head.x,
                               g.head.top, p.width, p.height, renderer)
            wrap_to(self.footer, wrapped([plain(f) for f in footer]), g.footer.w, renderer)
            foot_top = g.footer.y + height_in(self.footer, renderer) + 0.12
            shown = Shown.of(states, list(self.areas.fills), day, bool(wholes),
                             self.events_shown > 0, changed, since)
            key_top = g.key.top if p.portrait else below_head - 0.12
            key_bottom = self._place_key(view, shown, horizon_days, events_days, key_top,
                                         renderer)
            src_top = g.sources.top if p.portrait else key_bottom - 0.15
            self._place_sources(sources, whole_lines, src_top, foot_top, renderer)

    def render(self, fmt: str, dpi: int = 200, metadata: dict[str, str] | None = None) -> bytes:
        """The page as PNG or PDF bytes (one page; PDF text embedded as TrueType)."""
        buf = io.BytesIO()
        meta = {"Title": self.title.get_text(), "Creator": "controlmap", **(metadata or {})}
        with style_context():
            if fmt == "png":
                self.fig.savefig(buf, format="png", dpi=dpi, facecolor="white",
                                 metadata={"Title": meta["Title"], "Software": "controlmap"})
            elif fmt == "pdf":
                self.fig.savefig(buf, format="pdf", dpi=dpi, facecolor="white", metadata=meta)
            else:
                raise UsageError(f"the briefing page renders png or pdf, not {fmt!r}")
        return buf.getvalue()



def _centre_lonlat(dataset: Dataset) -> tuple[float, float]:
    c = shapely.union_all([a.geometry for a in dataset.areas.values()]).centroid
    return float(c.x), float(c.y)
