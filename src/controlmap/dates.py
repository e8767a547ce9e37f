"""Partial dates: `2022`, `2022-09` and `2022-09-10`, ordered by their first day."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
        m = _PATTERN.match(text.strip())
        if not m or text != text.strip():
            raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
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
