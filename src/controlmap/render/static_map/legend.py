"""The key and the sources block: only what the map draws, in the view's own colours.

A map on a slide must stand on its own: whoever sees it later reads here what each colour and
line means (only those on the page), and which sources, with their dates and links, lie behind
the shown statuses and events.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from controlmap.i18n import N_, translator
from controlmap.model.results import Resolved
from controlmap.render import wording
from controlmap.render.citations import SourceLine
from controlmap.render.palette import (
    DIFF_UNCHANGED,
    FADE_FULL_UNTIL,
    LEGEND_ORDER,
    STALE_HATCH,
    fade,
    freshness_age,
    status_label,
    style,
)
from controlmap.render.static_map.context import (
    BORDER,
    BORDER_LW,
    EVENT_MARK,
    STATE_BORDER,
    Drawn,
)
from controlmap.render.static_map.labels import plain
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
PALER = N_("Paler: last report older than {days} days")
DOTTED = N_("Dotted: {stale}, older than {days} days")
UNCHANGED_SINCE = N_("Unchanged since {date}")
KEY_WHOLE = N_("A whole whose own claims say otherwise than its parts")
KEY_EVENT = N_("Event of the last {days}")
KEY_RIVER = N_("{name} river")
KEY_RESERVOIR = N_("Reservoir")
KEY_BUILTUP = N_("Built-up area")
KEY_HROMADA = N_("Hromada boundary")
KEY_TOWN = N_("Town")
OUTLINED = N_("Outlined: {line}")
NO_SOURCES = N_("No claim lies behind the shown statuses: every area is unknown.")

__all__ = ["MUTED", "Shown", "key_handles", "more_line", "source_entries", "wrap_footer"]


@dataclass(frozen=True)
class Shown:
    """What a state puts on the map: the statuses drawn, and the status (the commonest) of
    the faded and of the stale areas, whose swatches take that status's colour."""

    statuses: tuple[str, ...]
    faded: str | None
    stale: str | None
    wholes: bool
    events: bool
    unchanged: date | None = None  # a diff: the earlier date, when some drawn area did not
    # change

    @classmethod
    def of(cls, states: Mapping[str, Resolved], drawn_areas: Sequence[str], day: date,
           wholes: bool, events: bool, changed: set[str] | None = None,
           since: date | None = None) -> Shown:
        unchanged = None
        if changed is not None:
            kept = [a for a in drawn_areas if a in changed]
            unchanged = since if since and len(kept) < len(drawn_areas) else None
            drawn_areas = kept
        got = [states[a] for a in drawn_areas if a in states]
        unknown = len(got) < len(drawn_areas)
        present = {r.status for r in got} | ({"unknown"} if unknown else set())
        faded = Counter(r.status for r in got
                        if not r.stale and fade(freshness_age(r.last_reported, day)) < 1)
        stale = Counter(r.status for r in got if r.stale)
        order = [s for s in LEGEND_ORDER if s in present]
        order += sorted(present - set(order))
        return cls(tuple(order), _commonest(faded), _commonest(stale), wholes, events,
                   unchanged)


def _commonest(c: Counter[str]) -> str | None:
    return c.most_common(1)[0][0] if c else None


def _status_handles(view: str, shown: Shown, horizon_days: int,
                    lang: str | None = None) -> list[Artist]:
    t = translator(lang)
    out: list[Artist] = []
    for s in shown.statuses:
        st = style(s)
        out.append(Patch(facecolor=st.fill, edgecolor=st.edge, hatch=st.hatch or None,
                         hatchcolor=st.edge, lw=0.6, label=status_label(s, view, lang)))
    if shown.unchanged:
        un = DIFF_UNCHANGED
        out.append(Patch(facecolor=un.fill, edgecolor=un.edge, hatch=un.hatch,
                         hatchcolor=un.edge, lw=0.6,
                         label=t.gettext(UNCHANGED_SINCE).format(date=t.day(shown.unchanged))))
    f = fade(PALER_DAYS)
    if shown.faded:
        st = style(shown.faded)
        out.append(Patch(facecolor=blend(st.fill, f), edgecolor=blend(st.edge, f), lw=0.6,
                         hatch=st.hatch or None, hatchcolor=blend(st.edge, f),
                         label=t.gettext(PALER).format(days=FADE_FULL_UNTIL)))
    if shown.stale:
        st = style(shown.stale)
        out.append(Patch(facecolor=blend(st.fill, f), edgecolor=blend(st.edge, f), lw=0.6,
                         hatch=st.hatch + STALE_HATCH, hatchcolor=blend(st.edge, f),
                         label=t.gettext(DOTTED).format(stale=t.gettext(wording.STALE),
                                                        days=horizon_days)))
    return out


def _reference_handles(shown: Shown, drawn: Drawn, towns: bool, events_days: int,
                       lang: str | None = None) -> list[Artist]:
    t = translator(lang)
    out: list[Artist] = []
    if shown.wholes:
        # A shorter dash than on the map, so the legend's short line shows it is dashed.
        out.append(Line2D([], [], color=style("contested").edge, lw=WHOLE_LW * 0.8,
                          ls=(0, (2, 1.2)), label=t.gettext(KEY_WHOLE)))
    if shown.events:
        out.append(Line2D([], [], ls="none", **EVENT_MARK,
                          label=t.gettext(KEY_EVENT).format(
                              days=wording.days_text(events_days, lang))))
    if "state-border" in drawn.kinds:
        out.append(Line2D([], [], color=BORDER, lw=BORDER_LW, ls=(0, (3, 1.2, 1, 1.2)),
                          label=t.gettext(STATE_BORDER)))
    for name, colour, lw in drawn.rivers:
        out.append(Line2D([], [], color=colour, lw=lw,
                          label=t.gettext(KEY_RIVER).format(name=name)))
    if "reservoir" in drawn.kinds:
        out.append(Patch(facecolor=WATER, edgecolor=RIVER, lw=0.6, label=t.gettext(KEY_RESERVOIR)))
    if "builtup" in drawn.kinds:
        out.append(Patch(facecolor=BUILTUP, edgecolor="none", label=t.gettext(KEY_BUILTUP)))
    if "hromada" in drawn.kinds:
        out.append(Line2D([], [], color=HROMADA, lw=0.8, ls=(0, (4, 3)),
                          label=t.gettext(KEY_HROMADA)))
    if towns:
        out.append(Line2D([], [], ls="none", marker="o", ms=4, mfc=INK, mec="white",
                          label=t.gettext(KEY_TOWN)))
    return out


def key_handles(view: str, shown: Shown, drawn: Drawn, towns: bool, horizon_days: int,
                events_days: int, lang: str | None = None) -> list[Artist]:
    """The key's rows (in `lang`), statuses first: only what the page draws."""
    return (_status_handles(view, shown, horizon_days, lang)
            + _reference_handles(shown, drawn, towns, events_days, lang))


def source_entries(lines: Sequence[SourceLine], width_chars: int,
                   wholes: Sequence[str] = (), lang: str | None = None) -> list[list[str]]:
    """The sources block as entries of wrapped lines: first each outlined whole, then each
    source (who and its title, at most two lines) in the order given, followed by one entry
    per date it is cited for: the date, the areas, and the URL in full or "no public link".
    A daily series (one title, many dates) is named once."""
    t = translator(lang)
    out: list[list[str]] = []
    for w in wholes:
        out.append(textwrap.wrap(plain(t.gettext(OUTLINED).format(line=w)), width=width_chars,
                                 subsequent_indent="  ",
                                 max_lines=3, placeholder=" …"))
    if not lines:
        out.append([t.gettext(NO_SOURCES)])
    groups: dict[tuple[str, str], list[SourceLine]] = {}
    for s in lines:
        groups.setdefault((s.claimant_label, s.title), []).append(s)
    for (who, title), cited in groups.items():
        head = textwrap.wrap(plain(f"{who}: {title}"), width=width_chars, initial_indent="• ",
                             subsequent_indent="  ", max_lines=2, placeholder=" …")
        for i, s in enumerate(cited):
            where = f" ({', '.join(s.areas[:3])}{' …' if len(s.areas) > 3 else ''})" \
                if s.areas else ""
            # Each date cited is an entry of its own (the source's name leads the first), so
            # a long series may run on into the next column.
            out.append((head if i == 0 else [])
                       + _hard_wrap(plain(f"{s.date}{where} {s.link(lang)}"), width_chars))
    return out


def _hard_wrap(text: str, width: int) -> list[str]:
    """Wrapped at spaces (a URL starts a line of its own rather than split where it began);
    a line still too long (a long URL) is cut into full-width pieces."""
    out: list[str] = []
    for line in textwrap.wrap(text, width=width, initial_indent="  ", subsequent_indent="    ",
                              break_on_hyphens=False, break_long_words=False):
        while len(line) > width:
            out.append(line[:width])
            line = "    " + line[width:]
        out.append(line)
    return out


def fit_columns(entries: Sequence[list[str]], columns: int, rows: int) -> list[str] | None:
    """The entries in `columns` columns of at most `rows` lines, an entry never split; None
    when they do not fit."""
    cols: list[list[str]] = [[] for _ in range(columns)]
    i = 0
    for e in entries:
        while i < columns and len(cols[i]) + len(e) > rows:
            i += 1
        if i == columns:
            return None
        cols[i].extend(e)
    return ["\n".join(c) for c in cols]


def more_line(n: int, lang: str | None = None) -> str:
    """"… and 3 more citations (the GeoJSON export lists them all)", in `lang`."""
    return translator(lang).ngettext(
        "… and {n} more citation (the GeoJSON export lists them all)",
        "… and {n} more citations (the GeoJSON export lists them all)", n).format(n=n)


def cut_columns(entries: Sequence[list[str]], columns: int, rows: int,
                lang: str | None = None) -> list[str]:
    """As many entries as fit, then a line saying how many more there are."""
    for keep in range(len(entries) - 1, -1, -1):
        rest = [more_line(len(entries) - keep, lang)]
        got = fit_columns([*entries[:keep], rest], columns, rows)
        if got is not None:
            return got
    return [more_line(len(entries), lang)] + [""] * (columns - 1)


def wrap_footer(parts: Sequence[str], width_chars: int) -> str:
    """Footer lines: each part wrapped on its own, empty parts dropped."""
    out: list[str] = []
    for p in parts:
        if p:
            out.extend(textwrap.wrap(p, width=width_chars) or [""])
    return "\n".join(out)
