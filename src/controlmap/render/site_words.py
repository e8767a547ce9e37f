"""The published site's own words (the page around the map), in each language, from the
catalogs: the skeleton in index.html is written in English and site.js swaps every marked
element's text (`data-cm-text="key"`) for the chosen language's, so the script holds no words.

`page_text` fills the `{name}` places known when publishing (the data's last day, the horizon);
the script fills the rest (`{day}`, `{asked}`, `{error}`) with `ControlMap.lib.fill`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from controlmap.i18n import LANG_NAMES, LANGS, N_, translator
from controlmap.model.engine import Engine
from controlmap.render import citations

SITE: dict[str, str] = {
    "asof": N_("Data as of {date} (the latest report in the data). Statuses last reported "
               "more than {days} days before the shown date are stale: drawn dotted, the last "
               "thing known, deciding no dispute."),
    "view": N_("View"),
    "compare": N_("Side by side"),
    "compare_off": N_("off"),
    "compare_view": N_("another view"),
    "compare_date": N_("another date"),
    "compare_view_name": N_("Right-hand view"),
    "compare_date_name": N_("Right-hand date"),
    "known": N_("As known at"),
    "known_all": N_("all claims"),
    "lang_name": N_("Language"),
    "claims_not_facts": N_("Statuses are claims, not facts: each area shows what the chosen "
                           "view's rules make of the dated claims; click an area for its claims "
                           "and their sources."),
    "credits": N_("Data credits:"),
    "published_with": N_("Published with controlmap {version}. Map: Leaflet (BSD-2-Clause)."),
    # filled in by site.js
    "showing_all": N_("showing every claim"),
    "known_by": N_("claims published by {day}"),
    "known_rounded": N_(" ({asked} rounded down to the last day a claim was published)"),
    "load_failed": N_("The map could not load its data: {error}"),
}


def page_text(engine: Engine, title: str, last: date, version: str,
              lang: str) -> dict[str, str]:
    """Every page string in `lang`, the publish-time places filled (plain text)."""
    t = translator(lang)
    words = {k: t.gettext(v) for k, v in SITE.items()}
    words["asof"] = words["asof"].format(date=t.day(last), days=engine.horizon_days)
    words["published_with"] = words["published_with"].format(version=version)
    words["title"] = title
    words["notice"] = citations.approximate_note(engine.dataset, lang)
    return words


def languages() -> list[dict[str, Any]]:
    """The switch's entries: each language named in itself."""
    return [{"id": lang, "name": LANG_NAMES[lang]} for lang in LANGS]
