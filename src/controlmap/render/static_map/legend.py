"""The side panel and the footer: legend, the sources behind the shown statuses, credits.

A map on a slide must stand on its own: whoever sees it later reads here whose claims it
shows, how old they are, and whose geodata it is drawn on.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from controlmap.render.citations import SourceLine
from controlmap.render.palette import LEGEND_ORDER, fade, style
from controlmap.render.static_map.layers import BUILTUP, INK, RIVER, WATER, blend

MUTED = "#555555"
STALE_DAYS = 120  # the swatch: a claim this old, mid-way along the fade
# Fading starts where the web map's legend says it does ("claim older than N days").
FADE_FROM: int = inspect.signature(fade).parameters["full_until"].default


def legend_statuses(view: str) -> list[str]:
    """Statuses the legend lists: "disputed" only exists in the disputed view."""
    return [s for s in LEGEND_ORDER if s != "disputed" or view == "disputed"]


def _status_handles(view: str) -> list[Artist]:
    out: list[Artist] = []
    for s in legend_statuses(view):
        st = style(s)
        out.append(Patch(facecolor=st.fill, edgecolor=st.edge, hatch=st.hatch or None,
                         hatchcolor=st.edge, lw=0.6, label=st.label))
    f = fade(STALE_DAYS)
    ua = style("ua")
    out.append(Patch(facecolor=blend(ua.fill, f), edgecolor=blend(ua.edge, f), lw=0.6,
                     label=f"Paler: claim older than {FADE_FROM} days"))
    return out


def _reference_handles() -> list[Artist]:
    return [
        Line2D([], [], color=RIVER, lw=1.8, label="Oskil River"),
        Patch(facecolor=WATER, edgecolor=RIVER, lw=0.6, label="Oskil Reservoir"),
        Patch(facecolor=BUILTUP, edgecolor="none", label="Built-up area"),
        Line2D([], [], color="#9a9488", lw=0.8, ls=(0, (4, 3)), label="Hromada boundary"),
        Line2D([], [], ls="none", marker="o", ms=4, mfc=INK, mec="white", label="Town"),
    ]


def draw_legends(panel: Axes, view: str, fontsize: float) -> list[Legend]:
    """Status legend (left) and map-key legend (right) across the top of the side panel."""
    out = []
    for handles, x, title in ((_status_handles(view), 0.0, "Status"),
                              (_reference_handles(), 0.58, "Map")):
        lg = Legend(panel, handles, [str(h.get_label()) for h in handles], loc="upper left",
                    bbox_to_anchor=(x, 1.0), title=title, frameon=False, fontsize=fontsize,
                    title_fontsize=fontsize * 1.05, handlelength=1.8, handleheight=1.1,
                    borderaxespad=0, labelspacing=0.55, alignment="left")
        lg.get_title().set_fontweight("bold")
        panel.add_artist(lg)
        out.append(lg)
    return out


def sources_text(lines: Sequence[SourceLine], width_chars: int, max_lines: int) -> str:
    """The sources block: one wrapped entry per source, newest first, cut to `max_lines`."""
    if not lines:
        return "No claim lies behind the shown statuses: every area is unknown."
    out: list[str] = []
    for i, s in enumerate(lines):
        entry = textwrap.wrap(s.text(), width=width_chars, initial_indent="• ",
                              subsequent_indent="   ", max_lines=3, placeholder=" …")
        rest = len(lines) - i
        if len(out) + len(entry) > max_lines - (1 if rest > 1 else 0):
            out.append(f"… and {rest} more (the GeoJSON export lists them all)")
            break
        out.extend(entry)
    return "\n".join(out)


def wrap_footer(parts: Sequence[str], width_chars: int) -> str:
    """Footer lines: each part wrapped on its own, empty parts dropped."""
    out: list[str] = []
    for p in parts:
        if p:
            out.extend(textwrap.wrap(p, width=width_chars) or [""])
    return "\n".join(out)
