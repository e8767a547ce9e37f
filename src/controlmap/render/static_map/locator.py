"""A small locator map in the map's upper left: where the page's frame lies, the state border
with RUSSIA and UKRAINE on their sides, both rivers and the main towns.

The page's own frame is fitted to the areas (the city large), so the border, about 40 km east,
falls outside it; the locator is drawn wide enough to reach the border (when the context layer
has one), so a reader always sees how close Russia is.
"""

from __future__ import annotations

from typing import Any

import shapely
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from controlmap.render.static_map.context import (
    Drawn,
    border_lines,
    draw_context,
    draw_rivers,
    draw_town_dots,
    town_specs,
)
from controlmap.render.static_map.labels import MapLabels
from controlmap.render.static_map.layers import RANK_TOWN1, MapExtent, map_frame

SHARE = (0.24, 0.25)  # the locator's width and height as shares of the map's box
REACH_M = 60_000.0  # the border is shown when it lies within this distance of the frame
FRAME_EDGE = "#c0392b"
INSET_IN = 0.08  # the locator's distance from the map's edges (inches)


def locator_extent(frame: MapExtent, layers: dict[str, dict[str, Any]], w_in: float,
                   h_in: float) -> MapExtent:
    """Three times the page's frame, widened to take in the nearest stretch of the border."""
    box = frame.box()
    cx, cy = box.centroid.x, box.centroid.y
    dx, dy = (frame.xmax - frame.xmin) * 1.5, (frame.ymax - frame.ymin) * 1.5
    bounds = [cx - dx, cy - dy, cx + dx, cy + dy]
    border = border_lines(layers)
    if border is not None and border.distance(box) < REACH_M:
        near = shapely.intersection(border, box.buffer(border.distance(box) + 15_000.0))
        x0, y0, x1, y1 = near.bounds
        bounds = [min(bounds[0], x0), min(bounds[1], y0), max(bounds[2], x1),
                  max(bounds[3], y1)]
    return MapExtent.around((bounds[0], bounds[1], bounds[2], bounds[3]), w_in, h_in,
                            margin=0.02)


def draw_locator(fig: Figure, map_box: tuple[float, float, float, float], map_in: tuple[float,
                 float], frame: MapExtent, layers: dict[str, dict[str, Any]], size: float,
                 drawn: Drawn, lang: str | None = None
                 ) -> tuple[MapLabels, tuple[float, float, float, float]]:
    """The locator axes in the map's upper left; returns its labels and the box it covers on
    the map, in points from the map's lower left (for the map's labels to keep clear of).
    What it draws is added to `drawn` (the key lists it); its words are in `lang`."""
    x, y, w, h = map_box
    lw, lh = w * SHARE[0], h * SHARE[1]
    inset_x, inset_y = INSET_IN / map_in[0] * w, INSET_IN / map_in[1] * h
    ax = fig.add_axes((x + inset_x, y + h - lh - inset_y, lw, lh), zorder=8)
    w_in, h_in = map_in[0] * SHARE[0], map_in[1] * SHARE[1]
    ext = locator_extent(frame, layers, w_in, h_in)
    map_frame(ax)
    ext.apply(ax)
    ax.set_aspect("equal", adjustable="box")
    local = Drawn()
    draw_context(ax, layers, ext, size, local, kinds=("state-border",), lang=lang)
    draw_rivers(ax, layers, ext, size, local, scale=0.6, lang=lang)
    drawn.kinds |= local.kinds
    drawn.rivers += [r for r in local.rivers if r[0] not in [d[0] for d in drawn.rivers]]
    ext.apply(ax)
    ax.add_patch(Rectangle((frame.xmin, frame.ymin), frame.xmax - frame.xmin,
                           frame.ymax - frame.ymin, facecolor="none", edgecolor=FRAME_EDGE,
                           lw=1.2, zorder=9))
    labels = MapLabels(ax, time_limit=0.5)
    towns = [t for t in town_specs(layers, ext, size * 0.7, lang) if t.rank == RANK_TOWN1]
    for t in towns:
        t.sub = ""
    # The locator's own labels: the border's sides and the rivers first, then the towns.
    kept = labels.place([*local.labels, *towns[:8]])
    draw_town_dots(ax, [k.spec for k in kept if k.spec.kind == "town"])
    map_w_pt, map_h_pt = map_in[0] * 72, map_in[1] * 72
    reserved = (0.0, map_h_pt * (1 - SHARE[1]) - INSET_IN * 72 - 6,
                map_w_pt * SHARE[0] + INSET_IN * 72 + 6, map_h_pt)
    return labels, reserved
