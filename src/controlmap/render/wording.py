"""The words the map, the tables and the exports share, so each thing is said one way.

Dates as written ("Sep 2022"), the resolution rules in words, how old the newest information
is, and how a source without a public link is named. The browser gets the same words in the
payload (`browser_words`) and fills in numbers only, so a popup and a PDF never disagree.
Everything here returns plain text; escaping happens where HTML or markdown is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from controlmap.dates import PartialDate

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The resolution rules (model.results.Resolved.rule), in words for a reader.
RULE_WORDS: dict[str, str] = {
    "claimant": "this claimant's own view",
    "newest": "the newest claim of anyone",
    "split": "sides disagree that day",
    "independent": "independent sources",
    "officials-agree": "both sides' officials agree (lower confidence)",
    "officials-disagree": "the two sides' officials disagree",
    "one-side": "only one side's officials",
    "last-known": "last known: stale",
    "agree": "claimants agree",
    "differ": "claimants' current positions differ",
    "none": "no claim",
}
NO_PUBLIC_LINK = "no public link"
# A whole place whose own status differs from what its parts show (render.wholes).
WHOLE = "{name} as a whole: {status}"
STALE = "stale"
# How old the newest information behind a map is. {latest} is a day, {age} "N days",
# {horizon} the staleness horizon in days.
FRESHNESS: dict[str, str] = {
    "fresh": "Latest report {latest}, {age} before this date.",
    "stale": ("Latest report {latest}, {age} before this date: past the {horizon}-day "
              "horizon, so the map shows the last thing known, not current positions."),
    "none": "No report lies behind this map on this date.",
}


def date_as_written(value: PartialDate | date | str | None) -> str:
    """A date the way its source gave it: `2022-09-10`, `Sep 2022`, `2023`; "" for None."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, date):
        return value.isoformat()
    if value.precision == "month":
        return f"{_MONTHS[value.start.month - 1]} {value.start.year}"
    return value.text


def rule_words(rule: str) -> str:
    """A resolution rule in words; an unknown rule name is shown as it is."""
    return RULE_WORDS.get(rule, rule)


def days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def freshness(latest: date | None, day: date, horizon_days: int) -> tuple[str, bool]:
    """The line under a map's title, and whether the date is past the staleness horizon:
    "Latest report 2026-08-22, 100 days before this date: past the 60-day horizon, ..."."""
    if latest is None:
        return FRESHNESS["none"], False
    age = (day - latest).days
    stale = age > horizon_days
    text = FRESHNESS["stale" if stale else "fresh"].format(
        latest=latest.isoformat(), age=days_text(age), horizon=horizon_days)
    return text, stale


def source_name(source_title: str, claimant_name: str = "") -> str:
    """A source named precisely: its title, and who in it spoke when the data says."""
    title = (source_title or "").strip() or "(untitled source)"
    who = (claimant_name or "").strip()
    return f"{title} ({who})" if who and who not in title else title


def browser_words() -> dict[str, Any]:
    """The payload's `words`: everything above the browser needs to say the same."""
    return {"rules": dict(RULE_WORDS), "no_link": NO_PUBLIC_LINK, "stale": STALE,
            "whole": WHOLE, "freshness": dict(FRESHNESS)}
