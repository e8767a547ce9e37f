"""What orients the reader inside the map frame: built-up areas, hromadas, the state border,
the rivers (each named and styled apart), towns by rank, and the events of the last days.

Each function draws what falls inside the frame and says what it drew (for the legend, which
lists only what is drawn) and which labels it wants (placed later by static_map.labels).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from shapely.geometry import shape

from controlmap.i18n import N_, translator
from controlmap.render import wording
from controlmap.render.page_text import EventMark
from controlmap.render.palette import REFERENCE
from controlmap.render.static_map.labels import LabelSpec, plain
from controlmap.render.static_map.layers import (
    BUILTUP,
    HROMADA,
    INK,
    RANK_CONTEXT,
    RANK_EVENT,
    RANK_TOWN,
    RANK_TOWN1,
    RIVER,
    WATER,
    Z_CONTEXT,
    Z_RIVER,
    Z_TOWN,
    Z_WATER,
    MapExtent,
)
from controlmap.render.static_map.projection import (
    line_paths,
    point_utm,
    polygon_path,
    polygons_of,
    to_utm,
)

BORDER = "#1a1a1a"
BORDER_DASH = (0, (6, 2.5, 1.5, 2.5))  # dash-dot: a state border, not a hromada line
BORDER_LW = 1.5
# The river a map is about (the Oskil) is drawn as before; any other river, wider and darker,
# so the two never read as one (issue 14): the legend names each.
MAIN_RIVER = "oskil"
OTHER_RIVER = "#1b4f7a"
EVENT_MARK: dict[str, Any] = {"marker": "*", "ms": 13, "mfc": REFERENCE["event"],
              "mec": REFERENCE["event_edge"], "mew": 0.8}
EVENT_LABEL_CHARS = 30
COUNTRY_NAMES = {"RU": N_("RUSSIA"), "UA": N_("UKRAINE")}
STATE_BORDER = N_("State border")


@dataclass
class Drawn:
    """What the base layers put inside the frame: legend rows and label requests."""

    kinds: set[str] = field(default_factory=set)  # builtup, hromada, state-border, reservoir
    rivers: list[tuple[str, str, float]] = field(default_factory=list)  # (name, colour, lw)
    labels: list[LabelSpec] = field(default_factory=list)


def _clipped(geom: Any, frame: MapExtent) -> Any:
    """`geom` in metres, cut to a little more than the frame: what is off the page is not
    drawn (nor measured by matplotlib)."""
    g = to_utm(geom)
    box = frame.box().buffer(2_000.0, join_style="mitre")
    return shapely.intersection(g, box) if g.intersects(box) else None


def _mid_point(lines: Any) -> tuple[float, float, float] | None:
    """A point half-way along the longest drawn piece of a line, and that piece's length."""
    parts = [g for g in getattr(lines, "geoms", [lines]) if g.geom_type == "LineString"]
    if not parts:
        return None
    longest = max(parts, key=lambda g: g.length)
    if longest.length <= 0:
        return None
    p = longest.interpolate(0.5, normalized=True)
    return float(p.x), float(p.y), float(longest.length)


def draw_context(ax: Axes, layers: dict[str, dict[str, Any]], frame: MapExtent, size: float,
                 drawn: Drawn, kinds: tuple[str, ...] = ("builtup", "hromada", "state-border"),
                 lang: str | None = None) -> None:
    """Built-up areas as a grey tint, hromada outlines as thin dashes, the state border as a
    dark dash-dot line with the country names (in `lang`) on each side (only the `kinds`
    asked for)."""
    for f in layers.get("context", {}).get("features", []):
        kind = (f.get("properties") or {}).get("kind")
        if not f.get("geometry") or (kind if kind in kinds else "hromada") not in kinds:
            continue
        g = _clipped(shape(f["geometry"]), frame)
        if g is None or g.is_empty:
            continue
        if kind == "state-border":
            _draw_border(ax, g, layers, frame, size, drawn, lang)
            continue
        path = polygon_path(polygons_of(g))
        if path is None:
            continue
        if kind == "builtup":
            ax.add_patch(PathPatch(path, facecolor=BUILTUP, edgecolor="none", zorder=Z_CONTEXT))
        else:
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=HROMADA, lw=0.6,
                                   ls=(0, (4, 3)), zorder=Z_CONTEXT))
            kind = "hromada"
        drawn.kinds.add(str(kind))


def border_lines(layers: dict[str, dict[str, Any]]) -> Any:
    """Every state-border feature of the context layer as one geometry (metres), or None."""
    geoms = [to_utm(shape(f["geometry"])) for f in layers.get("context", {}).get("features", [])
             if (f.get("properties") or {}).get("kind") == "state-border" and f.get("geometry")]
    return shapely.union_all(geoms) if geoms else None


def _draw_border(ax: Axes, g: Any, layers: dict[str, dict[str, Any]], frame: MapExtent,
                 size: float, drawn: Drawn, lang: str | None = None) -> None:
    lines = g.boundary if g.geom_type in ("Polygon", "MultiPolygon") else g
    paths = line_paths(shapely.line_merge(lines) if lines.geom_type == "MultiLineString"
                       else lines)
    if not paths:
        return
    for xy in paths:
        ax.plot(xy[:, 0], xy[:, 1], color="white", lw=BORDER_LW + 2, zorder=Z_RIVER - 0.1,
                solid_capstyle="round")
        ax.plot(xy[:, 0], xy[:, 1], color=BORDER, lw=BORDER_LW, ls=BORDER_DASH,
                zorder=Z_RIVER - 0.05)
    drawn.kinds.add("state-border")
    drawn.labels.extend(border_labels(shapely.MultiLineString([p for p in paths]), layers,
                                      frame, size, lang))


def border_labels(lines: Any, layers: dict[str, dict[str, Any]], frame: MapExtent,
                  size: float, lang: str | None = None) -> list[LabelSpec]:
    """"RUSSIA" and "UKRAINE" on either side of the border's drawn middle, each on the side
    where the towns layer has a town of that country (by `country`); "State border" when the
    towns do not say which side is which."""
    mid = _mid_point(lines)
    if mid is None:
        return []
    x, y, _ = mid
    pt = shapely.Point(x, y)
    near = lines.interpolate(lines.project(pt) + 50.0)
    dx, dy = float(near.x) - x, float(near.y) - y
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    nx, ny = -dy / norm, dx / norm  # the left-hand normal of the line's direction
    side: dict[str, float] = {}
    for f in layers.get("towns", {}).get("features", []):
        p, geom = f.get("properties") or {}, f.get("geometry") or {}
        country = str(p.get("country") or "")
        if country not in ("RU", "UA") or geom.get("type") != "Point":
            continue
        tx, ty = point_utm(*geom["coordinates"][:2])
        dist = ((tx - x) ** 2 + (ty - y) ** 2) ** 0.5
        if country not in side or dist < abs(side[country]):
            s = (tx - x) * nx + (ty - y) * ny
            side[country] = dist if s >= 0 else -dist
    style = {"color": BORDER, "ha": "center", "fontweight": "bold"}
    t = translator(lang)
    off = 14 / frame.pt_per_m
    if "RU" in side and "UA" in side and (side["RU"] > 0) != (side["UA"] > 0):
        out = []
        for country, name in COUNTRY_NAMES.items():
            k = off if side[country] > 0 else -off
            out.append(LabelSpec(x + nx * k, y + ny * k, t.gettext(name), size * 0.9,
                                 RANK_CONTEXT,
                                 dict(style), kind="border"))
        return out
    return [LabelSpec(x, y, t.gettext(STATE_BORDER), size * 0.85, RANK_CONTEXT, dict(style),
                      dy_pt=8, kind="border")]


def draw_rivers(ax: Axes, layers: dict[str, dict[str, Any]], frame: MapExtent, size: float,
                drawn: Drawn, scale: float = 1.0, lang: str | None = None) -> None:
    """Reservoirs filled; each river a line on top of the area fills, the Oskil in the
    reference blue and any other river wider and darker, each named (in `lang`) where it
    runs."""
    for f in layers.get("oskil", {}).get("features", []):
        p = f.get("properties") or {}
        if not f.get("geometry"):
            continue
        g = _clipped(shape(f["geometry"]), frame)
        if g is None or g.is_empty:
            continue
        if g.geom_type in ("Polygon", "MultiPolygon"):
            path = polygon_path(g)
            if path is not None:
                ax.add_patch(PathPatch(path, facecolor=WATER, edgecolor=RIVER, lw=0.6,
                                       zorder=Z_WATER))
                drawn.kinds.add("reservoir")
            continue
        main = str(p.get("id") or "") == MAIN_RIVER
        colour, lw = (RIVER, 1.8 * scale) if main else (OTHER_RIVER, 2.8 * scale)
        for xy in line_paths(shapely.line_merge(g) if g.geom_type == "MultiLineString" else g):
            ax.plot(xy[:, 0], xy[:, 1], color=colour, lw=lw, solid_capstyle="round",
                    zorder=Z_RIVER)
        name = plain(wording.place_name(p.get("name") or "", p.get("name_uk"), lang))
        if name:
            if name not in [r[0] for r in drawn.rivers]:
                drawn.rivers.append((name, colour, lw / scale))
            mid = _mid_point(g)
            if mid is not None:
                drawn.labels.append(LabelSpec(mid[0], mid[1], name, size * 0.95, RANK_CONTEXT,
                                              {"color": colour, "style": "italic"},
                                              dx_pt=5, kind="river"))


def town_specs(layers: dict[str, dict[str, Any]], frame: MapExtent,
               size: float, lang: str | None = None) -> list[LabelSpec]:
    """One label per town in the frame: rank 1 bold and ranked before the areas, the rest
    after them; the Ukrainian name as a second line where it fits (in Ukrainian: the
    Ukrainian name, the English one under it)."""
    out = []
    for f in layers.get("towns", {}).get("features", []):
        g, p = f.get("geometry") or {}, f.get("properties") or {}
        if g.get("type") != "Point":
            continue
        x, y = point_utm(*g["coordinates"][:2])
        name, sub = plain(p.get("name") or ""), plain(p.get("name_uk") or "")
        if translator(lang).lang == "uk" and sub:
            name, sub = sub, name
        if not name or not frame.contains(x, y):
            continue
        top = int(p.get("rank") or 9) == 1
        out.append(LabelSpec(
            x, y, name, size * (1.0 if top else 0.85), RANK_TOWN1 if top else RANK_TOWN,
            {"fontweight": "bold" if top else "normal"}, sub=sub,
            dx_pt=4, kind="town"))
    out.sort(key=lambda s: s.rank)
    return out


def draw_town_dots(ax: Axes, specs: Sequence[LabelSpec]) -> list[Artist]:
    """The dots of the towns whose names were placed (a dot without a name says nothing)."""
    out: list[Artist] = []
    for s in specs:
        big = s.rank == RANK_TOWN1
        out.extend(ax.plot([s.x], [s.y], "o", ms=3.2 if big else 2.4, mfc=INK, mec="white",
                           mew=0.6, zorder=Z_TOWN))
    return out


def event_specs(events: Sequence[EventMark], frame: MapExtent,
                size: float) -> list[LabelSpec]:
    """One label per event inside the frame: its date and title, wrapped to a few words a
    line; events are placed before anything else."""
    out = []
    for e in events:
        x, y = point_utm(e.lon, e.lat)
        if not frame.contains(x, y):
            continue
        text = "\n".join(textwrap.wrap(f"{e.date}: {plain(e.title)}", EVENT_LABEL_CHARS,
                                       max_lines=3, placeholder=" …"))
        out.append(LabelSpec(x, y, text, size * 0.9, RANK_EVENT,
                             {"fontweight": "bold", "linespacing": 1.1}, dx_pt=8,
                             kind="event"))
    return out


def draw_event_marks(ax: Axes, specs: Sequence[LabelSpec]) -> list[Artist]:
    out: list[Artist] = []
    for s in specs:
        out.extend(ax.plot([s.x], [s.y], ls="none", zorder=Z_TOWN + 0.5, **EVENT_MARK))
    return out
