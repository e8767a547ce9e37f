"""Date checks of claims and events: real dates, and no day after the source or after today.

The schema checks the form (YYYY, YYYY-MM, YYYY-MM-DD); here a well-formed date must also be
a real day, and a claim cannot describe a day after the source that reports it (a caption
dated "12 December 2026" in a report published 2026-01-19 is a typo, not news). A claim's
`last_confirmed` (the last day a daily series still showed the status) falls between the
claim's own date and today: freshness counts from it, so a wrong one would keep a claim
looking current.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from controlmap.dates import DAY_FORM, PARTIAL_DATE_FORM, PartialDate
from controlmap.errors import Problem
from controlmap.validate.features import Item

_NOUN = {"claims": "a claim", "events": "an event"}
EARLIEST = date(2014, 1, 1)  # the war began in 2014: an earlier day is a typo (year 0001)


@lru_cache(maxsize=1 << 16)
def _parsed(value: str, form: re.Pattern[str]) -> PartialDate | str | None:
    """Each distinct date text judged once (100,000 claims write a few thousand): None when
    it is not of `form` (the schema reports that: the same test, re.search), the reason when
    it is no real date, else the date."""
    if not form.search(value):
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as err:
        return str(err)


def _parse(item: Item, key: str, form: re.Pattern[str],
           problems: list[Problem]) -> PartialDate | None:
    """The property as a PartialDate; a well-formed but unreal date becomes a Problem."""
    value = item.props.get(key)
    got = _parsed(value, form) if isinstance(value, str) else None
    if isinstance(got, str):
        problems.append(item.problem(
            f"properties.{key}", f"{key} {got}",
            "use a real day: months 01-12, days that exist in that month"))
        return None
    return got


def check_dates(items: list[Item], today: date) -> list[Problem]:
    problems: list[Problem] = []
    for item in items:
        if item.kind not in _NOUN:
            continue
        noun = _NOUN[item.kind]
        when = _parse(item, "date", PARTIAL_DATE_FORM, problems)
        published = _parse(item, "published", DAY_FORM, problems)
        if when and published and when.start > published.start:
            problems.append(item.problem(
                "properties.date",
                f"date {when} is after published {published}: {noun} cannot describe a day "
                "after its source",
                "check both dates against the source (a wrong year is the usual cause)"))
        for key, pd in (("date", when), ("published", published)):
            if pd and pd.start < EARLIEST:
                problems.append(item.problem(
                    f"properties.{key}", f"{key} {pd} is before 2014",
                    "the map covers the war from 2014 on; check the year"))
        if when and when.start > today:
            problems.append(item.problem(
                "properties.date", f"date {when} is after today ({today.isoformat()})",
                f"{noun} cannot describe a future day; check the year"))
        problems += _check_last_confirmed(item, when, today, problems)
        if published and published.start > today:
            problems.append(item.problem(
                "properties.published",
                f"published {published} is after today ({today.isoformat()})",
                "a source cannot have been published in the future; check the year"))
    return problems


def _check_last_confirmed(item: Item, when: PartialDate | None, today: date,
                          problems: list[Problem]) -> list[Problem]:
    """`last_confirmed` on or after the claim's date (its first possible day) and not after
    today; unreal days are added to `problems` by the parser."""
    if item.kind != "claims":
        return []
    confirmed = _parse(item, "last_confirmed", DAY_FORM, problems)
    if confirmed is None:
        return []
    out: list[Problem] = []
    if when and confirmed.start < when.start:
        out.append(item.problem(
            "properties.last_confirmed",
            f"last_confirmed {confirmed} is before date {when}: a source cannot confirm a "
            "status before the day it began",
            "use the last day the source still showed this status, on or after `date`"))
    if confirmed.start > today:
        out.append(item.problem(
            "properties.last_confirmed",
            f"last_confirmed {confirmed} is after today ({today.isoformat()})",
            "a source cannot have confirmed a status on a future day; check the year"))
    return out
