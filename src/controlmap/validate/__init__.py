"""Checks of a data directory: JSON Schema per file kind, then geometry and logic checks.

`check(raw)` returns every Problem found, sorted; it never stops at the first.
"""

from __future__ import annotations

from datetime import date

from controlmap.errors import Problem
from controlmap.io.datadir import RawData


def check(raw: RawData, today: date | None = None) -> list[Problem]:
    """Every problem in the directory (interim: file-level problems only)."""
    return sorted(raw.problems)
