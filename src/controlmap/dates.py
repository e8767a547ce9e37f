"""Partial dates: `2022`, `2022-09` and `2022-09-10`, ordered by their first day.

The written forms live here once, as JSON-Schema-compatible patterns (ASCII digits only):
the JSON Schemas get them through `validate/schema_vocab.py`, and the validator and the
parser use them directly, so a date the schema accepts is one the parser reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a date as a source writes it.
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# `YYYY-MM-DD` only: a day something was published or last confirmed.
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE_FORM = re.compile(PARTIAL_DATE_PATTERN)
DAY_FORM = re.compile(DAY_PATTERN)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as written in a source; `start` is the first day it can mean.

    Ordering and equality use `start` then `text`, so `2022-09` sorts with 2022-09-01.
    """

    start: date
    text: str = field(compare=True)

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.text), "day")

    @property
    def is_partial(self) -> bool:
        return len(self.text) != 10

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with the reason."""
        if not isinstance(text, str):
            raise ValueError(f"expected a date string, got {type(text).__name__}")
        if not PARTIAL_DATE_FORM.fullmatch(text):
            raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(p) for p in (text + "-01-01").split("-")[:3])
        try:
            start = date(year, month, day)
        except ValueError as err:
            raise ValueError(f"{text!r} is not a real date: {err}") from None
        return cls(start, text)

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day, day.isoformat())


def parse_day(text: str) -> date:
    """Parse a full `YYYY-MM-DD` day (CLI arguments); raise ValueError with the reason."""
    pd = PartialDate.parse(text)
    if pd.is_partial:
        raise ValueError(f"{text!r} is not a full date; use YYYY-MM-DD")
    return pd.start
