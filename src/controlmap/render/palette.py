"""Status colours, labels and patterns: one palette for the web map and the static exports.

Chosen from the Okabe-Ito colour-blind-safe set and spread in lightness so the map still
reads in greyscale: Ukrainian-held light blue, Russian-held dark red, contested amber with
hatching, disputed purple with cross-hatching, unknown pale grey.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        StatusStyle("ua", "Ukrainian-held", "#56B4E9", "#1f5f8b", ""),
        StatusStyle("ru", "Russian-held", "#A50F15", "#5c070b", ""),
        StatusStyle("contested", "Contested / grey zone", "#E69F00", "#8a5f00", "///"),
        StatusStyle("disputed", "Disputed (claimants disagree)", "#CC79A7", "#7a3f66", "xx"),
        StatusStyle("unknown", "Unknown / no claim", "#DDDDDD", "#888888", ""),
    )
}
# Legend order: the two sides, then the uncertain states.
LEGEND_ORDER: tuple[str, ...] = ("ua", "ru", "contested", "disputed", "unknown")


def style(status: str) -> StatusStyle:
    """The style of a status; anything unexpected draws as unknown rather than failing."""
    return STYLES.get(status, STYLES["unknown"])


def fade(age_days: int | None, full_until: int = 30, floor: float = 0.35,
         over: int = 365) -> float:
    """Fill opacity factor for a claim `age_days` old: 1 while fresh, down to `floor`.

    Stale information is faded rather than hidden, so a reader sees both the status and that
    nobody has confirmed it lately.
    """
    if age_days is None or age_days <= full_until:
        return 1.0
    span = max(1, over - full_until)
    return max(floor, 1.0 - (1.0 - floor) * (age_days - full_until) / span)
