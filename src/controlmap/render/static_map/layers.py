"""What is drawn inside the map frame: context, the Oskil, the areas, towns and labels.

Everything but the area fills is drawn once per data set; `AreaPatches.restyle` recolours the
fills for a new state (and shows the outlines of the wholes at odds with their parts), so a
series of dates pays for the base layers only once.
Each area is filled by its own part only (its outline minus its children's), so nested areas
never paint over each other and a faded child does not let its parent's colour through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import PathPatch

from controlmap.model.dataset import Dataset
from controlmap.model.results import Resolved
from controlmap.render import wording
from controlmap.render.palette import (
    DIFF_UNCHANGED,
    REFERENCE,
    STALE_HATCH,
    fade,
    freshness_age,
    style,
)
from controlmap.render.static_map.labels import HALO, LabelSpec, plain
from controlmap.render.static_map.projection import (
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
Z_CONTEXT, Z_WATER, Z_AREA, Z_OUTLINE, Z_RIVER, Z_WHOLE, Z_TOWN, Z_LABEL = 1, 2, 3, 4, 5, 5.5, 6, 7
# Label ranks: what is kept first where labels compete for room (static_map.labels).
RANK_EVENT, RANK_TOWN1, RANK_AREA, RANK_CONTEXT, RANK_TOWN = 0, 1, 2, 3, 4
WHOLE_LW, WHOLE_DASH = 3.0, (0, (5, 3))


def map_frame(ax: Axes) -> None:
    """A map's axes: land colour, no ticks, a thin dark frame."""
    ax.set_facecolor(LAND)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#444444")
        spine.set_linewidth(0.8)


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

    def box(self) -> Any:
        """The frame as a shapely box (metres), to clip layers to what the page shows."""
        return shapely.box(self.xmin, self.ymin, self.xmax, self.ymax)

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
                wholes: Iterable[tuple[str, str]] = (), changed: set[str] | None = None,
                ) -> None:
        """Recolour every fill for a state's `areas` mapping (area id -> Resolved) on `day`;
        outline each (whole, own status) of `wholes` in its status's edge colour. With
        `changed` (a diff), the other areas take the palette's DIFF_UNCHANGED style, as in
        the browser."""
        for a, patch in self.fills.items():
            if changed is not None and a not in changed:
                face, hatch_colour, hatch = (DIFF_UNCHANGED.fill, DIFF_UNCHANGED.edge,
                                             DIFF_UNCHANGED.hatch)
            else:
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


def area_label_specs(dataset: Dataset, patches: AreaPatches, frame: MapExtent, size: float,
                     skip: set[str], lang: str | None = None) -> list[LabelSpec]:
    """Each area's name (in `lang`) at a point of its own part, unless a town label already
    says it; only parts wide enough on the page to hold the name are labelled."""
    out = []
    for a in reversed(patches.order):
        area = dataset.areas[a]
        name = plain(wording.place_name(area.name, area.name_uk, lang))
        part = patches.parts[a]
        if not name or name.lower() in skip or part.is_empty:
            continue
        x0, _, x1, _ = part.bounds
        if 0.6 * size * len(name) > (x1 - x0) * frame.pt_per_m * 1.6:
            continue
        pt = part.representative_point()
        if frame.contains(pt.x, pt.y):
            out.append(LabelSpec(pt.x, pt.y, name, size, RANK_AREA,
                                 {"style": "italic", "ha": "center"}, kind="area"))
    return out
