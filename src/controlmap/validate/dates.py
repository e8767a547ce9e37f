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
from typing import Any

from controlmap.dates import DAY_FORM, PARTIAL_DATE_FORM, PartialDate
from controlmap.errors import Problem
from controlmap.validate.features import Item

_NOUN = {"claims": "a claim", "events": "an event"}
EARLIEST = date(2014, 1, 1)  # the war began in 2014: an earlier day is a typo (year 0001)


# A finding: the field, the message and the hint of a Problem, before it names its feature.
Finding = tuple[str, str, str]


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


def _parse(value: str | None, key: str, form: re.Pattern[str],
           found: list[Finding]) -> PartialDate | None:
    """The text as a PartialDate; a well-formed but unreal date becomes a finding."""
    got = _parsed(value, form) if value is not None else None
    if isinstance(got, str):
        found.append((f"properties.{key}", f"{key} {got}",
                      "use a real day: months 01-12, days that exist in that month"))
        return None
    return got


def _text(value: object) -> str | None:
    """A date property as the checks read it: a string, else nothing (the schema says why)."""
    return value if isinstance(value, str) else None


def check_dates(items: list[Item], today: date) -> list[Problem]:
    """The findings depend only on a feature's kind and its three date properties, so each
    distinct combination is judged once (100,000 claims repeat a few thousand) and its
    findings are given to every feature that has it."""
    problems: list[Problem] = []
    judged: dict[tuple[Any, ...], list[Finding]] = {}
    for item in items:
        if item.kind not in _NOUN:
            continue
        p = item.props
        key: tuple[Any, ...] = (item.kind, p.get("date"), p.get("published"),
                                p.get("last_confirmed"))
        try:
            found = judged.get(key)
        except TypeError:  # a list or an object where a date belongs: the schema says so
            key = tuple(map(_text, key))
            found = judged.get(key)
        if found is None:
            found = judged[key] = _judge(key, today)
        if found:
            problems.extend([item.problem(*f) for f in found])
    return problems


def _judge(values: tuple[Any, ...], today: date) -> list[Finding]:
    """The findings for a feature of this kind with these date, published and
    last_confirmed values."""
    kind, date_value, published_value, confirmed_value = values
    found: list[Finding] = []
    noun = _NOUN[kind]
    when = _parse(_text(date_value), "date", PARTIAL_DATE_FORM, found)
    published = _parse(_text(published_value), "published", DAY_FORM, found)
    if when and published and when.start > published.start:
        found.append((
            "properties.date",
            f"date {when} is after published {published}: {noun} cannot describe a day "
            "after its source",
            "check both dates against the source (a wrong year is the usual cause)"))
    for key, pd in (("date", when), ("published", published)):
        if pd and pd.start < EARLIEST:
            found.append((f"properties.{key}", f"{key} {pd} is before 2014",
                          "the map covers the war from 2014 on; check the year"))
    if when and when.start > today:
        found.append((
            "properties.date", f"date {when} is after today ({today.isoformat()})",
            f"{noun} cannot describe a future day; check the year"))
    if kind == "claims":  # events have no last_confirmed
        _judge_last_confirmed(_text(confirmed_value), when, today, found)
    if published and published.start > today:
        found.append((
            "properties.published",
            f"published {published} is after today ({today.isoformat()})",
            "a source cannot have been published in the future; check the year"))
    return found


def _judge_last_confirmed(text: str | None, when: PartialDate | None, today: date,
                          found: list[Finding]) -> None:
    """A claim's `last_confirmed` on or after its date (its first possible day) and not
    after today."""
    confirmed = _parse(text, "last_confirmed", DAY_FORM, found)
    if confirmed is None:
        return
    if when and confirmed.start < when.start:
        found.append((
            "properties.last_confirmed",
            f"last_confirmed {confirmed} is before date {when}: a source cannot confirm a "
            "status before the day it began",
            "use the last day the source still showed this status, on or after `date`"))
    if confirmed.start > today:
        found.append((
            "properties.last_confirmed",
            f"last_confirmed {confirmed} is after today ({today.isoformat()})",
            "a source cannot have confirmed a status on a future day; check the year"))
