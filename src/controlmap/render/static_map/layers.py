"""What is drawn inside the map frame: context, the Oskil, the areas, towns and labels.

Everything but the area fills is drawn once per data set; `AreaPatches.restyle` recolours the
fills for a new state (and shows the outlines of the wholes at odds with their parts), so a
series of dates pays for the base layers only once.
Each area is filled by its own part only (its outline minus its children's), so nested areas
never paint over each other and a faded child does not let its parent's colour through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import PathPatch
from shapely.geometry import shape

from controlmap.i18n import normalize_lang
from controlmap.model.dataset import Dataset
from controlmap.model.results import Resolved
from controlmap.render.palette import REFERENCE, STALE_HATCH, fade, freshness_age, style
from controlmap.render.static_map.projection import (
    line_paths,
    point_utm,
    polygon_path,
    polygons_of,
    to_utm,
)

LAND = REFERENCE["land"]
WATER = REFERENCE["water"]
RIVER = REFERENCE["river"]
BUILTUP = REFERENCE["builtup"]
HROMADA = REFERENCE["hromada"]
INK = REFERENCE["ink"]
HALO = [patheffects.Stroke(linewidth=2.4, foreground="white")]
Z_CONTEXT, Z_WATER, Z_AREA, Z_OUTLINE, Z_RIVER, Z_WHOLE, Z_TOWN, Z_LABEL = 1, 2, 3, 4, 5, 5.5, 6, 7
WHOLE_LW, WHOLE_DASH = 3.0, (0, (5, 3))


def blend(colour: str, factor: float, toward: str = "#ffffff") -> str:
    """`colour` mixed toward `toward` (white): factor 1 keeps it, 0 gives `toward`."""
    (r0, g0, b0), (r1, g1, b1) = to_rgb(colour), to_rgb(toward)
    k = 1 - factor
    return to_hex((factor * r0 + k * r1, factor * g0 + k * g1, factor * b0 + k * b1))


def area_look(res: Resolved | None, day: date) -> tuple[str, str, str]:
    """(fill, hatch colour, hatch) of an area: status colour, faded toward white with the age
    of its last report, dotted when that report is stale."""
    st = style(res.status if res else "unknown")
    f = fade(freshness_age(res.last_reported, day) if res else None)
    hatch = st.hatch + (STALE_HATCH if res is not None and res.stale else "")
    return blend(st.fill, f), blend(st.edge, f), hatch


@dataclass
class MapExtent:
    """The map's extent in metres and its scale on the page (points per metre)."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float
    pt_per_m: float

    def to_pt(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.xmin) * self.pt_per_m, (y - self.ymin) * self.pt_per_m

    def contains(self, x: float, y: float) -> bool:
        return self.xmin <= x <= self.xmax and self.ymin <= y <= self.ymax

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], width_in: float,
               height_in: float, margin: float = 0.12) -> MapExtent:
        """Frame `bounds` with a margin, widened to the axes' aspect so metres stay square."""
        x0, y0, x1, y1 = bounds
        dx, dy = max(x1 - x0, 1000.0), max(y1 - y0, 1000.0)
        dx, dy = dx * (1 + 2 * margin), dy * (1 + 2 * margin)
        m_per_in = max(dx / width_in, dy / height_in)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = width_in * m_per_in / 2, height_in * m_per_in / 2
        return cls(cx - hw, cx + hw, cy - hh, cy + hh, 72.0 / m_per_in)

    def apply(self, ax: Axes) -> None:
        ax.set_xlim(self.xmin, self.xmax)
        ax.set_ylim(self.ymin, self.ymax)


@dataclass
class Placer:
    """Greedy label placement: a label goes where its (estimated) box hits no placed box."""

    frame: MapExtent
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    limit_pt: tuple[float, float] = (0.0, 0.0)

    @staticmethod
    def size(text: str, fontsize: float) -> tuple[float, float]:
        return 0.6 * fontsize * len(text), 1.25 * fontsize

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        w, h = self.limit_pt
        if x0 < 2 or y0 < 2 or x1 > w - 2 or y1 > h - 2:
            return False
        return all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in self.boxes)

    def take(self, box: tuple[float, float, float, float], force: bool = False) -> bool:
        if force or self.free(box):
            self.boxes.append(box)
            return True
        return False


def draw_context(ax: Axes, layers: dict[str, dict[str, Any]]) -> None:
    """Built-up areas as a grey tint, hromada outlines as thin dashes."""
    for f in layers.get("context", {}).get("features", []):
        kind = (f.get("properties") or {}).get("kind")
        if not f.get("geometry"):
            continue
        path = polygon_path(polygons_of(to_utm(shape(f["geometry"]))))
        if path is None:
            continue
        if kind == "builtup":
            ax.add_patch(PathPatch(path, facecolor=BUILTUP, edgecolor="none", zorder=Z_CONTEXT))
        else:
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=HROMADA, lw=0.6,
                                   ls=(0, (4, 3)), zorder=Z_CONTEXT))


def draw_oskil(ax: Axes, layers: dict[str, dict[str, Any]]) -> None:
    """The reservoir filled, the river as a line on top of the area fills."""
    for f in layers.get("oskil", {}).get("features", []):
        if not f.get("geometry"):
            continue
        g = to_utm(shape(f["geometry"]))
        if g.geom_type in ("Polygon", "MultiPolygon"):
            path = polygon_path(g)
            if path is not None:
                ax.add_patch(PathPatch(path, facecolor=WATER, edgecolor=RIVER, lw=0.6,
                                       zorder=Z_WATER))
        for xy in line_paths(g):
            ax.plot(xy[:, 0], xy[:, 1], color=RIVER, lw=1.8, solid_capstyle="round",
                    zorder=Z_RIVER)


class AreaPatches:
    """One fill patch per area (its own part) and its outline; parents before children."""

    def __init__(self, ax: Axes, dataset: Dataset) -> None:
        areas = dataset.areas
        depth = {a: self._depth(areas, a) for a in areas}
        self.order = sorted(areas, key=lambda a: (depth[a], a))
        self.geoms = {a: to_utm(areas[a].geometry) for a in self.order}
        self.parts: dict[str, Any] = {}
        self.fills: dict[str, PathPatch] = {}
        for a in self.order:
            kids = [self.geoms[k] for k in self.order if areas[k].parent == a]
            part = self.geoms[a]
            if kids:
                part = polygons_of(shapely.difference(part, shapely.union_all(kids)))
            self.parts[a] = part
            path = polygon_path(part) if not part.is_empty and part.area > 1.0 else None
            if path is not None:
                patch = PathPatch(path, lw=0, edgecolor="none", zorder=Z_AREA + depth[a] * 0.01)
                ax.add_patch(patch)
                self.fills[a] = patch
        self.wholes: dict[str, PathPatch] = {}
        for a in self.order:
            path = polygon_path(self.geoms[a])
            if path is not None:
                top = areas[a].parent is None
                ax.add_patch(PathPatch(path, facecolor="none",
                                       edgecolor=INK if top else REFERENCE["part_outline"],
                                       lw=1.1 if top else 0.5, zorder=Z_OUTLINE))
                if any(areas[k].parent == a for k in areas):
                    whole = PathPatch(path, facecolor="none", lw=WHOLE_LW, ls=WHOLE_DASH,
                                      zorder=Z_WHOLE, visible=False)
                    ax.add_patch(whole)
                    self.wholes[a] = whole

    @staticmethod
    def _depth(areas: dict[str, Any], a: str) -> int:
        d, p, seen = 0, areas[a].parent, {a}
        while p in areas and p not in seen:
            seen.add(p)
            d, p = d + 1, areas[p].parent
        return d

    def bounds(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = shapely.union_all(list(self.geoms.values())).bounds
        return float(x0), float(y0), float(x1), float(y1)

    def restyle(self, states: Mapping[str, Resolved], day: date,
                wholes: Iterable[tuple[str, str]] = ()) -> None:
        """Recolour every fill for a state's `areas` mapping (area id -> Resolved) on `day`;
        outline each (whole, own status) of `wholes` in its status's edge colour."""
        for a, patch in self.fills.items():
            face, hatch_colour, hatch = area_look(states.get(a), day)
            patch.set_facecolor(face)
            patch.set_hatch(hatch)
            patch.set_hatchcolor(hatch_colour)
        shown = dict(wholes)
        for a, patch in self.wholes.items():
            patch.set_visible(a in shown)
            if a in shown:
                patch.set_edgecolor(style(shown[a]).edge)


def halo_text(ax: Axes, x: float, y: float, text: str, zorder: float, **kw: Any) -> None:
    """Text with a white halo. The halo is a second, stroked copy underneath, so the text
    itself stays real text (selectable and searchable in the PDF), not a drawn outline."""
    ax.text(x, y, text, zorder=zorder - 0.01, path_effects=HALO,
            **{**kw, "color": "white"})
    ax.text(x, y, text, zorder=zorder, **{"color": INK, **kw})


def _label(ax: Axes, x: float, y: float, text: str, size: float, **kw: Any) -> None:
    halo_text(ax, x, y, text, Z_LABEL, fontsize=size, clip_on=True, **kw)


def draw_towns(ax: Axes, layers: dict[str, dict[str, Any]], frame: MapExtent, placer: Placer,
               size: float, lang: str | None = None) -> set[str]:
    """Town dots and names: rank 1 always, others where there is room; the Ukrainian name
    below in a smaller size where it fits (in Ukrainian: the Ukrainian name, the English
    below). Returns the lower-cased names labelled."""
    towns = []
    for f in layers.get("towns", {}).get("features", []):
        g, p = f.get("geometry") or {}, f.get("properties") or {}
        if g.get("type") != "Point":
            continue
        x, y = point_utm(*g["coordinates"][:2])
        if frame.contains(x, y):
            towns.append((int(p.get("rank") or 9), -int(p.get("population") or 0), x, y, p))
    labelled: set[str] = set()
    for rank, _, x, y, p in sorted(towns, key=lambda t: t[:2]):
        name, name_uk = str(p.get("name") or ""), str(p.get("name_uk") or "")
        if normalize_lang(lang) == "uk" and name_uk:
            name, name_uk = name_uk, name
        fs = size * (1.0 if rank == 1 else 0.85)
        px, py = frame.to_pt(x, y)
        w, h = placer.size(name, fs)
        # Right, left, above, below the dot; rank 1 takes the right side if nothing is free.
        spots = [(px + 4, py - h / 2), (px - 4 - w, py - h / 2),
                 (px - w / 2, py + 3), (px - w / 2, py - 3 - h)]
        for i, (bx, by) in enumerate([*spots, spots[0]]):
            box = (bx, by, bx + w, by + h)
            if placer.take(box, force=rank == 1 and i == len(spots)):
                break
        else:
            continue
        ax.plot([x], [y], "o", ms=3.2 if rank == 1 else 2.4, mfc=INK, mec="white", mew=0.6,
                zorder=Z_TOWN)
        weight = "bold" if rank == 1 else "normal"
        lx, ly = frame.xmin + box[0] / frame.pt_per_m, frame.ymin + box[1] / frame.pt_per_m
        _label(ax, lx, ly + h / 2 / frame.pt_per_m, name, fs, ha="left", va="center",
               fontweight=weight)
        labelled.add(name.lower())
        if name_uk:
            uw, uh = placer.size(name_uk, fs * 0.8)
            ubox = (box[0], box[1] - uh, box[0] + uw, box[1])
            if placer.take(ubox):
                _label(ax, lx, ly - uh / 2 / frame.pt_per_m, name_uk, fs * 0.8, ha="left",
                       va="center", style="italic")
    return labelled


def draw_area_labels(ax: Axes, dataset: Dataset, patches: AreaPatches, frame: MapExtent,
                     placer: Placer, size: float, skip: set[str], lang: str | None = None
                     ) -> None:
    """Each area's name (in `lang`) inside its own part where it fits, unless a town label
    says it."""
    for a in reversed(patches.order):
        area = dataset.areas[a]
        name = area.name_uk if normalize_lang(lang) == "uk" and area.name_uk else area.name
        part = patches.parts[a]
        if name.lower() in skip or part.is_empty:
            continue
        pt = part.representative_point()
        x0, y0, x1, y1 = part.bounds
        w, h = placer.size(name, size)
        if w > (x1 - x0) * frame.pt_per_m * 0.95 or h > (y1 - y0) * frame.pt_per_m * 0.8:
            continue
        px, py = frame.to_pt(pt.x, pt.y)
        if placer.take((px - w / 2, py - h / 2, px + w / 2, py + h / 2)):
            _label(ax, pt.x, pt.y, name, size, ha="center", va="center", style="italic")
