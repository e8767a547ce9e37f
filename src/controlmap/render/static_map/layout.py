"""The briefing page: title, map, side panel, footer; built once, updated per state.

`BriefingMap(dataset, size)` draws everything that does not depend on the date (context,
Oskil, area outlines, towns, labels, scale bar, north arrow, legend). `update(...)` restyles
the area fills and rewrites the texts; `render(fmt, dpi)` returns the file's bytes. A series
of dates keeps one BriefingMap, which is what makes it cheaper than one export per date.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from controlmap.errors import UsageError
from controlmap.i18n import normalize_lang, translator
from controlmap.model.dataset import Dataset
from controlmap.model.results import Resolved
from controlmap.render.citations import SourceLine
from controlmap.render.export_html import SOURCES_HEAD
from controlmap.render.palette import REFERENCE
from controlmap.render.static_map.layers import (
    INK,
    LAND,
    AreaPatches,
    MapExtent,
    Placer,
    draw_area_labels,
    draw_context,
    draw_oskil,
    draw_towns,
)
from controlmap.render.static_map.legend import MUTED, draw_legends, sources_text, wrap_footer
from controlmap.render.static_map.projection import grid_convergence, to_utm
from controlmap.render.static_map.scalebar import draw_north_arrow, draw_scalebar


@dataclass(frozen=True)
class Page:
    """A page size (inches, landscape) and the font scale that reads well on it."""

    name: str
    width: float
    height: float
    scale: float


PAGES: dict[str, Page] = {
    "slide": Page("slide", 13.3334, 7.5, 1.0),  # 16:9, PowerPoint's default slide
    "a4": Page("a4", 11.693, 8.268, 0.92),
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
# Map and side panel, as figure fractions: left edge, bottom, height; the map's width follows
# the data's shape between these bounds, and the panel takes what is left.
_LEFT, _BOTTOM, _HEIGHT = 0.022, 0.135, 0.715
_MAP_WIDTH = (0.45, 0.62)
_GAP, _RIGHT = 0.025, 0.98


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
        s = p.scale
        self._fs = {"title": 22 * s, "sub": 12 * s, "fresh": 10 * s, "label": 8.5 * s,
                    "legend": 9 * s,
                    "sources": 7.6 * s, "foot": 7 * s, "small": 7.5 * s}
        with style_context():
            fig = self.fig = Figure(figsize=(p.width, p.height), dpi=100, facecolor="white")
            FigureCanvasAgg(fig)
            self.title = fig.text(0.022, 0.968, "", fontsize=self._fs["title"],
                                  fontweight="bold", color=INK, va="top")
            self.subtitle = fig.text(0.022, 0.912, "", fontsize=self._fs["sub"], color=MUTED,
                                     va="top")
            # How old the newest information is; a warning (bold, dark red) past the horizon.
            self.freshness = fig.text(0.022, 0.879, "", fontsize=self._fs["fresh"], color=MUTED,
                                      va="top")
            map_box, self._panel_box = _boxes(p, _data_bounds(dataset))
            self.ax = ax = fig.add_axes(map_box)
            ax.set_facecolor(LAND)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_edgecolor("#444444")
                spine.set_linewidth(0.8)
            self.areas = AreaPatches(ax, dataset)
            w_in, h_in = p.width * map_box[2], p.height * map_box[3]
            self.frame = MapExtent.around(self.areas.bounds(), w_in, h_in)
            self.frame.apply(ax)
            ax.set_aspect("equal", adjustable="box")
            self._draw_base(w_in * 72, h_in * 72)
            self.panel = fig.add_axes(self._panel_box)
            self.panel.set_axis_off()
            self.sources = self.panel.text(0, 0, "", fontsize=self._fs["sources"], color=INK,
                                           va="top", ha="left", linespacing=1.35,
                                           transform=self.panel.transAxes)
            self.sources_head = self.panel.text(0, 0, translator(lang).gettext(SOURCES_HEAD),
                                                fontsize=self._fs["legend"] * 1.05,
                                                fontweight="bold", color=INK, va="top",
                                                transform=self.panel.transAxes)
            self.footer = fig.text(0.022, 0.112, "", fontsize=self._fs["foot"], color=MUTED,
                                   va="top", linespacing=1.35)
            self.badge = ax.text(0.985, 0.02, "", transform=ax.transAxes, ha="right",
                                 va="bottom", fontsize=20 * s, fontweight="bold", color=INK,
                                 zorder=9, visible=stamp,
                                 bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#444444",
                                       "lw": 0.8, "alpha": 0.9})
        self._legends: list[Legend] = []
        self._legend_key: tuple[str, int] | None = None

    def _draw_base(self, w_pt: float, h_pt: float) -> None:
        ax, frame, layers = self.ax, self.frame, self.dataset.layers
        draw_context(ax, layers)
        draw_oskil(ax, layers)
        self.frame.apply(ax)  # plotting lines may move the limits
        placer = Placer(frame, limit_pt=(w_pt, h_pt))
        placer.take((0, 0, 150 * self.page.scale, 40 * self.page.scale), force=True)  # scale bar
        placer.take((w_pt - 44, h_pt - 70, w_pt, h_pt), force=True)  # north arrow
        towns = draw_towns(ax, layers, frame, placer, self._fs["label"], self.lang)
        draw_area_labels(ax, self.dataset, self.areas, frame, placer, self._fs["label"] * 0.9,
                         towns, self.lang)
        draw_scalebar(ax, frame, self._fs["small"])
        lon, lat = _centre_lonlat(self.dataset) if self.dataset.areas else (37.6, 49.7)
        draw_north_arrow(ax, frame, grid_convergence(lon, lat), self._fs["legend"])

    def _place_legends(self, view: str, horizon_days: int) -> None:
        if self._legend_key == (view, horizon_days):
            return
        for lg in self._legends:
            lg.remove()
        with style_context():
            self._legends = draw_legends(self.panel, view, self._fs["legend"], horizon_days,
                                         self.lang)
            renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
            inv = self.panel.transAxes.inverted()
            right = inv.transform((self._legends[0].get_window_extent(renderer).x1, 0))[0]
            self._legends[1].set_bbox_to_anchor((float(right) + 0.06, 1.0),
                                                transform=self.panel.transAxes)
            lowest = min(lg.get_window_extent(renderer).y0 for lg in self._legends)
        top = float(inv.transform((0, lowest))[1]) - 0.05
        self.sources_head.set_y(top)
        self.sources.set_y(top - 0.055 * self._fs["legend"] / 9)
        self._legend_key = (view, horizon_days)

    def update(self, *, states: Mapping[str, Resolved], day: date, view: str,
               horizon_days: int, title: str, subtitle: str, freshness: str, stale: bool,
               sources: Sequence[SourceLine], footer: Sequence[str],
               wholes: Sequence[tuple[str, str]] = (), whole_lines: Sequence[str] = (),
               stamp: str = "") -> None:
        """Restyle the areas for `states` (area id -> Resolved) on `day`, outline the
        `wholes` ((area, own status)) at odds with their parts, and rewrite every text."""
        self.areas.restyle(states, day, wholes)
        self.title.set_text(title)
        self.subtitle.set_text(subtitle)
        self.freshness.set_text(("\u26a0 " if stale else "") + freshness)
        self.freshness.set_color(STALE_INK if stale else MUTED)
        self.freshness.set_fontweight("bold" if stale else "normal")
        self.badge.set_text(stamp)
        self._place_legends(view, horizon_days)
        panel_w_pt = self.page.width * self._panel_box[2] * 72
        panel_h_pt = self.page.height * self._panel_box[3] * 72
        fs = self._fs["sources"]
        room = self.sources.get_position()[1] * panel_h_pt
        self.sources.set_text(sources_text(sources, int(panel_w_pt / (0.56 * fs)),
                                           max(2, int(room / (fs * 1.35)) - 1), whole_lines,
                                           self.lang))
        self.footer.set_text(wrap_footer(footer, int(self.page.width * 72 * 0.95 /
                                                     (0.56 * self._fs["foot"]))))

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


Box = tuple[float, float, float, float]


def _data_bounds(dataset: Dataset) -> Box:
    geoms = [to_utm(a.geometry) for a in dataset.areas.values() if a.geometry is not None]
    if not geoms:
        return (0.0, 0.0, 1000.0, 1000.0)
    x0, y0, x1, y1 = shapely.union_all(geoms).bounds
    return float(x0), float(y0), float(x1), float(y1)


def _boxes(p: Page, bounds: Box) -> tuple[Box, Box]:
    """Map and panel boxes (figure fractions): the map as wide as the data's shape asks for,
    within _MAP_WIDTH, so a tall area of interest does not leave half the map empty."""
    x0, y0, x1, y1 = bounds
    aspect = max(x1 - x0, 1.0) / max(y1 - y0, 1.0)
    want = aspect * p.height * _HEIGHT / p.width * 1.1
    width = min(max(want, _MAP_WIDTH[0]), _MAP_WIDTH[1])
    panel_left = _LEFT + width + _GAP
    return ((_LEFT, _BOTTOM, width, _HEIGHT),
            (panel_left, _BOTTOM, _RIGHT - panel_left, _HEIGHT))


def _centre_lonlat(dataset: Dataset) -> tuple[float, float]:
    c = shapely.union_all([a.geometry for a in dataset.areas.values()]).centroid
    return float(c.x), float(c.y)
