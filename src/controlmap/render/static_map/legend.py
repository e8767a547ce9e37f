"""The side panel and the footer: legend, the sources behind the shown statuses, credits.

A map on a slide must stand on its own: whoever sees it later reads here whose claims it
shows, how old they are, and whose geodata it is drawn on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from controlmap.i18n import N_, translator
from controlmap.render import wording
from controlmap.render.citations import SourceLine
from controlmap.render.palette import (
    FADE_FULL_UNTIL,
    STALE_HATCH,
    fade,
    legend_statuses,
    status_label,
    style,
)
from controlmap.render.static_map.layers import (
    BUILTUP,
    HROMADA,
    INK,
    RIVER,
    WATER,
    WHOLE_LW,
    blend,
)

MUTED = "#555555"
PALER_DAYS = 120  # the "paler" swatch: information this old, mid-way along the fade

__all__ = ["MUTED", "legend_statuses", "draw_legends", "sources_text", "wrap_footer"]


PALER = N_("Paler: last report older than {days} days")
DOTTED = N_("Dotted: {stale}, older than {days} days")
KEY_WHOLE = N_("A whole whose own claims\nsay otherwise than its parts")
KEY_RIVER = N_("Oskil River")
KEY_RESERVOIR = N_("Oskil Reservoir")
KEY_BUILTUP = N_("Built-up area")
KEY_HROMADA = N_("Hromada boundary")
KEY_TOWN = N_("Town")
HEAD_STATUS = N_("Status")
HEAD_MAP = N_("Map")
OUTLINED = N_("Outlined: {line}")
NO_SOURCES = N_("No claim lies behind the shown statuses: every area is unknown.")
MORE = N_("… and {n} more (the GeoJSON export lists them all)")


def _status_handles(view: str, horizon_days: int, lang: str | None = None) -> list[Artist]:
    t = translator(lang)
    out: list[Artist] = []
    for s in legend_statuses(view):
        st = style(s)
        out.append(Patch(facecolor=st.fill, edgecolor=st.edge, hatch=st.hatch or None,
                         hatchcolor=st.edge, lw=0.6, label=status_label(s, view, lang)))
    f = fade(PALER_DAYS)
    ua = style("ua")
    out.append(Patch(facecolor=blend(ua.fill, f), edgecolor=blend(ua.edge, f), lw=0.6,
                     label=t.gettext(PALER).format(days=FADE_FULL_UNTIL)))
    out.append(Patch(facecolor=blend(ua.fill, f), edgecolor=blend(ua.edge, f), lw=0.6,
                     hatch=STALE_HATCH, hatchcolor=blend(ua.edge, f),
                     label=t.gettext(DOTTED).format(stale=t.gettext(wording.STALE),
                                                    days=horizon_days)))
    return out


def _reference_handles(lang: str | None = None) -> list[Artist]:
    t = translator(lang)
    return [
        # A shorter dash than on the map, so the legend's short line shows it is dashed.
        Line2D([], [], color=style("contested").edge, lw=WHOLE_LW * 0.8, ls=(0, (2, 1.2)),
               label=t.gettext(KEY_WHOLE)),
        Line2D([], [], color=RIVER, lw=1.8, label=t.gettext(KEY_RIVER)),
        Patch(facecolor=WATER, edgecolor=RIVER, lw=0.6, label=t.gettext(KEY_RESERVOIR)),
        Patch(facecolor=BUILTUP, edgecolor="none", label=t.gettext(KEY_BUILTUP)),
        Line2D([], [], color=HROMADA, lw=0.8, ls=(0, (4, 3)), label=t.gettext(KEY_HROMADA)),
        Line2D([], [], ls="none", marker="o", ms=4, mfc=INK, mec="white",
               label=t.gettext(KEY_TOWN)),
    ]


def draw_legends(panel: Axes, view: str, fontsize: float, horizon_days: int,
                 lang: str | None = None) -> list[Legend]:
    """Status legend (left) and map-key legend (right) across the top of the side panel."""
    out = []
    t = translator(lang)
    for handles, x, title in ((_status_handles(view, horizon_days, lang), 0.0,
                               t.gettext(HEAD_STATUS)),
                              (_reference_handles(lang), 0.58, t.gettext(HEAD_MAP))):
        lg = Legend(panel, handles, [str(h.get_label()) for h in handles], loc="upper left",
                    bbox_to_anchor=(x, 1.0), title=title, frameon=False, fontsize=fontsize,
                    title_fontsize=fontsize * 1.05, handlelength=1.8, handleheight=1.1,
                    borderaxespad=0, labelspacing=0.55, alignment="left")
        lg.get_title().set_fontweight("bold")
        panel.add_artist(lg)
        out.append(lg)
    return out


def sources_text(lines: Sequence[SourceLine], width_chars: int, max_lines: int,
                 wholes: Sequence[str] = (), lang: str | None = None) -> str:
    """The sources block: first the line of each outlined whole, then one wrapped entry per
    source, newest first, cut to `max_lines`."""
    t = translator(lang)
    out: list[str] = []
    for w in wholes:
        out.extend(textwrap.wrap(t.gettext(OUTLINED).format(line=w), width=width_chars,
                                 subsequent_indent="   ", max_lines=3, placeholder=" …"))
    if not lines:
        out.append(t.gettext(NO_SOURCES))
        return "\n".join(out)
    for i, s in enumerate(lines):
        entry = textwrap.wrap(s.text(lang=lang), width=width_chars, initial_indent="• ",
                              subsequent_indent="   ", max_lines=3, placeholder=" …")
        rest = len(lines) - i
        if len(out) + len(entry) > max_lines - (1 if rest > 1 else 0):
            out.append(t.gettext(MORE).format(n=rest))
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
