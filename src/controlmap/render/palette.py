"""Every colour, pattern and fade of the maps: one palette for the web map and the exports.

Status colours come from the Okabe-Ito colour-blind-safe set and are spread in lightness so
the map still reads in greyscale: Ukrainian-held light blue, Russian-held dark red, contested
amber with hatching, disputed purple with cross-hatching, unknown pale grey. Stale areas (last
report older than the horizon) get dots on top of their colour. The browser receives all of it
in the payload (`browser_palette`), so no colour or fade rule is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from controlmap.i18n import N_, translator


@dataclass(frozen=True)
class StatusStyle:
    status: str
    label: str
    fill: str
    edge: str
    hatch: str  # matplotlib hatch pattern; the web map draws the same as an SVG pattern


STYLES: dict[str, StatusStyle] = {
    s.status: s
    for s in (
        StatusStyle("ua", N_("Ukrainian-held"), "#56B4E9", "#1f5f8b", ""),
        StatusStyle("ru", N_("Russian-held"), "#A50F15", "#5c070b", ""),
        StatusStyle("contested", N_("Contested / grey zone"), "#E69F00", "#8a5f00", "///"),
        StatusStyle("disputed", N_("Disputed: claimants disagree"), "#CC79A7", "#7a3f66", "xx"),
        StatusStyle("unknown", N_("Unknown / no claim"), "#DDDDDD", "#888888", ""),
    )
}
# Legend order: the two sides, then the uncertain states.
LEGEND_ORDER: tuple[str, ...] = ("ua", "ru", "contested", "disputed", "unknown")
# What `disputed` means depends on the view that drew it (docs/resolution.md).
_DISPUTED_LABEL = {
    "latest": N_("Disputed: sides disagree that day"),
    "disputed": N_("Disputed: claimants' current positions differ"),
}

# Reference layers and map furniture, the same on the web map and on the briefing page.
REFERENCE: dict[str, str] = {
    "land": "#f7f5ef",
    "ink": "#222222",
    "river": "#2f79b5",
    "water": "#9cc9e8",
    "builtup": "#e2ded4",
    "builtup_edge": "#b9b3a5",
    "hromada": "#8a7f95",
    "town": "#222222",
    "town_ring": "#ffffff",
    "outline": "#333333",
    "part_outline": "#555555",
    "event": "#ffd92f",
    "event_edge": "#111111",
    "stale_dots": "#1d232b",
    "hover": "#000000",
    "warning": "#7a1a00",
}
# Diff mode: an area whose status did not change between the two dates. Not a status, and
# never the unknown grey: near-white with thin slate lines (the other way from contested's).
DIFF_UNCHANGED = StatusStyle("unchanged", N_("Unchanged between the two dates"), "#fbfaf5",
                             "#5b6570", "\\\\")
# Fill opacity in diff mode: what changed, in its new status, and what did not.
DIFF_OPACITY = {"changed": 0.85, "unchanged": 0.8}
# Track record verdicts (Okabe-Ito), each with black text: every fill keeps 5:1 contrast.
VERDICT_COLOURS: dict[str, str] = {"confirmed": "#009E73", "premature": "#F0E442",
                                   "contradicted": "#D55E00", "unverified": "#999999"}
VERDICT_INK = "#000000"
STALE_HATCH = ".."  # added to an area's own hatch when its last report is stale
# Fill opacity on the web map, before fading: unknown stays light so it never reads as a side.
FILL_OPACITY = {"status": 0.66, "unknown": 0.35}
FADE_FULL_UNTIL, FADE_FLOOR, FADE_OVER = 30, 0.35, 365


def style(status: str) -> StatusStyle:
    """The style of a status; anything unexpected draws as unknown rather than failing."""
    return STYLES.get(status, STYLES["unknown"])


def status_label(status: str, view: str = "", lang: str | None = None) -> str:
    """A status in words as `view` means it (in `lang`): the latest view's `disputed` is a
    same-day disagreement between claimants, the disputed view's one of current positions."""
    if status == "disputed" and view in _DISPUTED_LABEL:
        return translator(lang).gettext(_DISPUTED_LABEL[view])
    return translator(lang).gettext(style(status).label)


def legend_statuses(view: str) -> list[str]:
    """Statuses a view can show: `disputed` only comes from the latest and disputed views."""
    return [s for s in LEGEND_ORDER if s != "disputed" or view in _DISPUTED_LABEL]


def fade(age_days: int | None, full_until: int = FADE_FULL_UNTIL, floor: float = FADE_FLOOR,
         over: int = FADE_OVER) -> float:
    """Fill opacity factor for information `age_days` old: 1 while fresh, down to `floor`.

    Old information is faded rather than hidden, so a reader sees both the status and that
    nobody has confirmed it lately.
    """
    if age_days is None or age_days <= full_until:
        return 1.0
    span = max(1, over - full_until)
    return max(floor, 1.0 - (1.0 - floor) * (age_days - full_until) / span)


def freshness_age(last_reported: date | None, day: date) -> int | None:
    """Days from the last report of a status to `day`: what fading and staleness count."""
    return None if last_reported is None else (day - last_reported).days


def fade_table() -> list[float]:
    """`fade(age)` for every age 0..FADE_OVER (older ones take the last entry): the browser
    looks the factor up here instead of repeating the formula."""
    return [round(fade(age), 4) for age in range(FADE_OVER + 1)]


def browser_palette(lang: str | None = None) -> dict[str, Any]:
    """The payload's colours: statuses, reference layers, fill opacities and the fade table."""
    t = translator(lang)
    return {
        "statuses": {s: {"label": t.gettext(st.label), "fill": st.fill, "edge": st.edge,
                         "hatch": st.hatch} for s, st in STYLES.items()},
        "reference": dict(REFERENCE),
        "fill_opacity": dict(FILL_OPACITY),
        "fade": {"full_until": FADE_FULL_UNTIL, "table": fade_table()},
        "diff": {"unchanged": {"label": t.gettext(DIFF_UNCHANGED.label),
                               "fill": DIFF_UNCHANGED.fill, "edge": DIFF_UNCHANGED.edge,
                               "hatch": DIFF_UNCHANGED.hatch},
                 "opacity": dict(DIFF_OPACITY)},
        "verdicts": {v: {"fill": c, "ink": VERDICT_INK} for v, c in VERDICT_COLOURS.items()},
    }


def browser_legends(views: list[str], lang: str | None = None
                    ) -> dict[str, list[dict[str, str]]]:
    """Per view, the legend's status rows: [{status, label}] in legend order."""
    return {v: [{"status": s, "label": status_label(s, v, lang)} for s in legend_statuses(v)]
            for v in views}
