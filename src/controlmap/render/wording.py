"""The words the map, the tables and the exports share, so each thing is said one way.

Dates as written ("Sep 2022"), the resolution rules in words, how old the newest information
is, and how a source without a public link is named. The browser gets the same words in the
payload (`browser_words`) and fills in numbers only, so a popup and a PDF never disagree.
Everything here returns plain text; escaping happens where HTML or markdown is written.
Each function takes `lang` ("en" when not given): the words go through the gettext catalogs
(controlmap.i18n), dates through Babel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from controlmap import i18n
from controlmap.dates import PartialDate
from controlmap.i18n import N_, translator
from controlmap.model.track_record import VERDICT_HELP, VERDICT_LABELS, VERDICTS
from controlmap.render.browser_words import ui_words

# The resolution rules (model.results.Resolved.rule), in words for a reader.
RULE_WORDS: dict[str, str] = {
    "claimant": N_("this claimant's own view"),
    "newest": N_("the newest claim of anyone"),
    "split": N_("sides disagree that day"),
    "independent": N_("independent sources"),
    "officials-agree": N_("both sides' officials agree (lower confidence)"),
    "officials-disagree": N_("the two sides' officials disagree"),
    "one-side": N_("only one side's officials"),
    "last-known": N_("last known: stale"),
    "agree": N_("claimants agree"),
    "differ": N_("claimants' current positions differ"),
    "none": N_("no claim"),
}
NO_PUBLIC_LINK = N_("no public link")
# A whole place whose own status differs from what its parts show (render.wholes).
WHOLE = N_("{name} as a whole: {status}")
STALE = N_("stale")
UNTITLED = N_("(untitled source)")
# How old the newest information behind a map is. {latest} is a day, {age} "N days",
# {horizon} the staleness horizon in days.
FRESHNESS: dict[str, str] = {
    "fresh": N_("Latest report {latest}, {age} before this date."),
    "stale": N_("Latest report {latest}, {age} before this date: past the {horizon}-day "
                "horizon, so the map shows the last thing known, not current positions."),
    "none": N_("No report lies behind this map on this date."),
}


def date_as_written(value: PartialDate | date | str | None, lang: str | None = None) -> str:
    """A date the way its source gave it: `2022-09-10`, `Sep 2022`, `2023`; "" for None.
    In Ukrainian: `10 вересня 2022 р.`, `вересень 2022`, `2023`."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, date):
        return i18n.format_date(value, lang)
    if value.precision == "month":
        return i18n.format_month(value.start, lang)
    if value.precision == "day":
        return i18n.format_date(value.start, lang)
    return value.text


def rule_words(rule: str, lang: str | None = None) -> str:
    """A resolution rule in words; an unknown rule name is shown as it is."""
    return translator(lang).gettext(RULE_WORDS[rule]) if rule in RULE_WORDS else rule


def days_text(n: int, lang: str | None = None) -> str:
    return translator(lang).ngettext("{n} day", "{n} days", n).format(n=n)


def freshness(latest: date | None, day: date, horizon_days: int, lang: str | None = None
              ) -> tuple[str, bool]:
    """The line under a map's title, and whether the date is past the staleness horizon:
    "Latest report 2026-08-22, 100 days before this date: past the 60-day horizon, ..."."""
    t = translator(lang)
    if latest is None:
        return t.gettext(FRESHNESS["none"]), False
    age = (day - latest).days
    stale = age > horizon_days
    text = t.gettext(FRESHNESS["stale" if stale else "fresh"]).format(
        latest=i18n.format_date(latest, lang), age=days_text(age, lang), horizon=horizon_days)
    return text, stale


def no_public_link(lang: str | None = None) -> str:
    return translator(lang).gettext(NO_PUBLIC_LINK)


def source_name(source_title: str, claimant_name: str = "", lang: str | None = None) -> str:
    """A source named precisely: its title, and who in it spoke when the data says."""
    title = (source_title or "").strip() or translator(lang).gettext(UNTITLED)
    who = (claimant_name or "").strip()
    return f"{title} ({who})" if who and who not in title else title


def place_name(name: str, name_uk: str | None, lang: str | None = None) -> str:
    """A place's name in `lang`: `name_uk` in Ukrainian where the data gives one."""
    return (name_uk or name) if i18n.normalize_lang(lang) == "uk" else name


def verdict_words(lang: str | None = None) -> dict[str, dict[str, str]]:
    """Each verdict's label and one-line meaning (the badge and its tooltip)."""
    t = translator(lang)
    return {v: {"label": t.gettext(VERDICT_LABELS[v]), "help": t.gettext(VERDICT_HELP[v])}
            for v in VERDICTS}


def browser_words(lang: str | None = None) -> dict[str, Any]:
    """The payload's `words`: everything above the browser needs to say the same, and every
    interface string of the map's scripts (`ui`), in `lang`."""
    t = translator(lang)
    day_forms = {str(n): t.ngettext("{n} day", "{n} days", n) for n in (1, 2, 5)}
    return {"lang": i18n.normalize_lang(lang),
            "rules": {k: t.gettext(v) for k, v in RULE_WORDS.items()},
            "no_link": t.gettext(NO_PUBLIC_LINK), "stale": t.gettext(STALE),
            "untitled": t.gettext(UNTITLED), "whole": t.gettext(WHOLE),
            "freshness": {k: t.gettext(v) for k, v in FRESHNESS.items()},
            "days": day_forms, "day_template": i18n.day_template(lang),
            "months": i18n.month_names(lang)["format"],
            "verdicts": verdict_words(lang), "ui": ui_words(lang)}
