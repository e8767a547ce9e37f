"""Scale bar (km) and north arrow, drawn in the map's own metres.

The arrow points to true north, not up: in UTM 37N grid north and true north differ by about a
degree around Kupiansk, which is small but free to get right.
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.patches import Polygon, Rectangle

from controlmap.render.static_map.layers import INK, MapExtent, halo_text

_NICE_KM = (0.5, 1, 2, 5, 10, 20, 50, 100)
_Z = 8


def nice_length_km(width_m: float, share: float = 0.22) -> float:
    """The largest round length (km) not longer than `share` of the map's width."""
    target = width_m * share / 1000
    fits = [k for k in _NICE_KM if k <= target]
    return fits[-1] if fits else _NICE_KM[0]


def draw_scalebar(ax: Axes, frame: MapExtent, fontsize: float) -> float:
    """A two-segment black and white bar in the lower left; returns its length in km."""
    width = frame.xmax - frame.xmin
    km = nice_length_km(width)
    length = km * 1000
    pad = 14 / frame.pt_per_m
    bar_h = 4 / frame.pt_per_m
    x0, y0 = frame.xmin + pad, frame.ymin + pad
    ax.add_patch(Rectangle((x0 - 6 / frame.pt_per_m, y0 - 6 / frame.pt_per_m),
                           length + 22 / frame.pt_per_m + 0.6 * fontsize * 3 / frame.pt_per_m,
                           bar_h + (fontsize + 12) / frame.pt_per_m,
                           facecolor="white", alpha=0.8, edgecolor="none", zorder=_Z))
    half = length / 2
    for i, colour in enumerate((INK, "white")):
        ax.add_patch(Rectangle((x0 + i * half, y0), half, bar_h, facecolor=colour,
                               edgecolor=INK, lw=0.6, zorder=_Z + 0.1))
    ty = y0 + bar_h + 2 / frame.pt_per_m
    label = f"{km:g}"
    for x, text in ((x0, "0"), (x0 + half, f"{km / 2:g}"), (x0 + length, f"{label} km")):
        halo_text(ax, x, ty, text, _Z + 0.2, fontsize=fontsize, va="bottom",
                  ha="center" if text != f"{label} km" else "left")
    return km


def draw_north_arrow(ax: Axes, frame: MapExtent, convergence_deg: float, fontsize: float) -> None:
    """A filled arrow with "N" in the upper right, rotated to true north."""
    size = 22 / frame.pt_per_m
    cx = frame.xmax - 22 / frame.pt_per_m
    cy = frame.ymax - 34 / frame.pt_per_m
    a = math.radians(convergence_deg)

    def rot(dx: float, dy: float) -> tuple[float, float]:
        return (cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a))

    w = size * 0.32
    tip, notch = rot(0, size / 2), rot(0, -size / 5)
    left, right = rot(-w, -size / 2), rot(w, -size / 2)
    ax.add_patch(Polygon([tip, left, notch], closed=True, facecolor=INK, edgecolor=INK, lw=0.6,
                         zorder=_Z))
    ax.add_patch(Polygon([tip, notch, right], closed=True, facecolor="white", edgecolor=INK,
                         lw=0.6, zorder=_Z))
    lx, ly = rot(0, size / 2 + 3 / frame.pt_per_m)
    halo_text(ax, lx, ly, "N", _Z, fontsize=fontsize, fontweight="bold", ha="center",
              va="bottom")
