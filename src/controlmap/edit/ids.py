"""Stable, readable ids for new features: `<date>-<claimant>-<area>`, `<layer>-<date>`."""

from __future__ import annotations

import re
from collections.abc import Collection

from controlmap.vocabulary import SLUG_PATTERN

SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens; `""` when nothing is left."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out


def unique_id(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first one not in `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def claim_id(date_text: str, claimant: str, area: str, taken: Collection[str]) -> str:
    """The id of a new area claim, e.g. `2025-11-20-ru-official-kupiansk`."""
    base = "-".join(p for p in (slugify(date_text), slugify(claimant), slugify(area)) if p)
    return unique_id(base or "claim", taken)


def series_id(layer: str, date_text: str) -> str:
    """The id of an imported series claim, e.g. `deepstate-2025-01-20`."""
    return f"{slugify(layer)}-{slugify(date_text)}"
