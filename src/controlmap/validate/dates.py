"""Date checks of claims and events: real dates, and no day after the source or after today.

The schema checks the form (YYYY, YYYY-MM, YYYY-MM-DD); here a well-formed date must also be
a real day, and a claim cannot describe a day after the source that reports it (a caption
dated "12 December 2026" in a report published 2026-01-19 is a typo, not news).
"""

from __future__ import annotations

import re
from datetime import date

from controlmap.dates import PartialDate
from controlmap.errors import Problem
from controlmap.validate.features import Item

_FORM = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOUN = {"claims": "a claim", "events": "an event"}
EARLIEST = date(2014, 1, 1)  # the war began in 2014: an earlier day is a typo (year 0001)


def _parse(item: Item, key: str, form: re.Pattern[str],
           problems: list[Problem]) -> PartialDate | None:
    """The property as a PartialDate; a well-formed but unreal date becomes a Problem."""
    value = item.props.get(key)
    if not isinstance(value, str) or not form.match(value):
        return None  # absent, or the schema reports its form
    try:
        return PartialDate.parse(value)
    except ValueError as err:
        problems.append(item.problem(
            f"properties.{key}", f"{key} {err}",
            "use a real day: months 01-12, days that exist in that month"))
        return None


def check_dates(items: list[Item], today: date) -> list[Problem]:
    problems: list[Problem] = []
    for item in items:
        if item.kind not in _NOUN:
            continue
        noun = _NOUN[item.kind]
        when = _parse(item, "date", _FORM, problems)
        published = _parse(item, "published", _DAY, problems)
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
        if published and published.start > today:
            problems.append(item.problem(
                "properties.published",
                f"published {published} is after today ({today.isoformat()})",
                "a source cannot have been published in the future; check the year"))
    return problems
