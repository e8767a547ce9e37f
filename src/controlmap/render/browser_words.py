"""The interface strings of the map's scripts (static/controlmap/*.js), keyed, translated here.

The scripts hold no English of their own: they read `payload.words.ui[key]` and fill the
`{name}` places with `ControlMap.lib.fill`, so a popup in Ukrainian needs no second script.
"""

from __future__ import annotations

from controlmap.i18n import N_, translator

UI: dict[str, str] = {
    # popup cards (popup_cards.js)
    "event": N_("Event"),
    "event_name": N_("Event, {date}: {title}"),
    "published": N_("published {date}"),
    "confidence": N_("{level} confidence"),
    "confidence_low": N_("low confidence"),
    "confidence_medium": N_("medium confidence"),
    "confidence_high": N_("high confidence"),
    "reported": N_("last reported {date} ({age})"),
    "reported_today": N_("this date"),
    "reported_age": N_("{days} before this date"),
    "reported_stale": N_(": stale, older than {days} days"),
    "reported_paler": N_(", shown paler"),
    "in_force": N_("in force"),
    "after_date": N_("after this date"),
    "open_whole": N_("Open the card of {name}"),
    "parts_otherwise": N_("Parts of it show otherwise: {parts}"),
    "each_claimant": N_("Each claimant on {date}:"),
    "position": N_("{claimant}: {status} since {since}, last reported {reported} \u2014 "),
    "nobody_yet": N_("nobody has said anything yet"),
    "positions_loading": N_("each claimant's position is still loading"),
    "sources_loading": N_("The sources are still loading."),
    "history_loading": N_("The history of this view is still loading; until then the map "
                          "shows only this date."),
    "part_of": N_("part of {name}"),
    "rule": N_("Rule: {rule}"),
    "since": N_("since {date}"),
    "via": N_("from a claim about {name}"),
    "same_day_disagree": N_("Same day, other claims disagree:"),
    "no_claim": N_("No claim in this view on this date."),
    "history": N_("History in this view:"),
    "approximate": N_("Outline approximate"),
    "verdict": N_("Track record: {verdict}"),
    # legend and credits (legend_credits.js)
    "legend_unchanged": N_("{label} (changed areas in their new status)"),
    "legend_paler": N_("Paler fill: last report older than {days} days"),
    "legend_dotted": N_("Dotted: {stale}, last report older than {days} days"),
    "legend_whole": N_("A whole place whose own claims say otherwise than its parts"),
    "legend_rivers": N_("Rivers: Oskil, Siverskyi Donets"),
    "legend_border": N_("Ukraine\u2013Russia state border"),
    "legend": N_("Legend"),
    "credits_sources": N_("Credits and sources"),
    "wheel_hint": N_("Click the map or use Ctrl + scroll to zoom"),
    "basemap_failed": N_("The web basemap could not load (no network, or its tiles are "
                         "blocked): the map shows only the offline layers."),
    "legend_event": N_("Event (last 45 days)"),
    "approximate_outlines": N_("Approximate outlines"),
    "basemap_credit": N_("Basemap \u00a9 OpenStreetMap contributors"),
    "sources_button": N_("Sources ({n})"),
    # the stale mark (helpers.js), a whole's outline (date_layers.js), series (mount.js)
    "stale_title": N_("last report older than {days} days"),
    "whole_click": N_("click for its card"),
    "series_as_of": N_("{label} as of {date}"),
    "series_none": N_("{label} (none yet)"),
    # the map's head (side_by_side.js)
    "changes": N_("changes {from} \u2192 {to}"),
    "as_known_at": N_("as known at {date}"),
    # the toolbar (toolbar.js, helpers.js)
    "prev_change": N_("Previous change"),
    "play_pause": N_("Play / pause"),
    "next_change": N_("Next change"),
    "play_speed": N_("Play speed"),
    "date": N_("Date"),
    "jump_event_title": N_("Jump to an event"),
    "jump_event": N_("Jump to event\u2026"),
    "speed_span": N_("all in 40 s"),
    "speed_1": N_("1 day / step"),
    "speed_7": N_("1 week / step"),
    "speed_30": N_("1 month / step"),
    "speed_change": N_("change by change"),
    "play": N_("Play"),
    "slider_range": N_("Slider range"),
    "zoom_0": N_("All"),
    "zoom_365": N_("1y"),
    "zoom_91": N_("3m"),
    "zoom_30": N_("1m"),
    # A name starts with the visible text (WCAG 2.5.3).
    "zoom_0_name": N_("All: slider over every date"),
    "zoom_365_name": N_("1y: slider over one year around the date"),
    "zoom_91_name": N_("3m: slider over three months around the date"),
    "zoom_30_name": N_("1m: slider over one month around the date"),
    "area_list": N_("Areas\u2026"),
    "area_list_title": N_("Open the card of an area"),
    "area_list_name": N_("Open the card of an area (choose, then Enter)"),
}


def ui_words(lang: str | None = None) -> dict[str, str]:
    """`UI` in `lang`."""
    t = translator(lang)
    return {k: t.gettext(v) for k, v in UI.items()}
