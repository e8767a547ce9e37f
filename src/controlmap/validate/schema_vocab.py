"""What the JSON Schemas take from the one list in Python: enums from `controlmap.vocabulary`,
the slug form from it too, and the date forms from `controlmap.dates`.

`load_schema` writes these into each kind's schema as it loads it, so the validator cannot
disagree with the vocabulary. The same values are written in `controlmap/schemas/*.json` for
people and other tools; `differences` names any that drifted, and a test fails on them.
Enums of the reference layers (town ranks, waterway kinds) exist only in their schemas.
"""

from __future__ import annotations

import copy
from typing import Any

from controlmap.dates import DAY_PATTERN, PARTIAL_DATE_PATTERN
from controlmap.vocabulary import AREA_KINDS, BANKS, CLAIMANTS, CONFIDENCE, SLUG_PATTERN, STATUSES

# (kind, property) -> the values its enum allows; None: the property may be null.
ENUMS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("claims", "status"): STATUSES,
    ("claims", "status_outside"): (*STATUSES, None),
    ("claims", "claimant"): CLAIMANTS,
    ("claims", "confidence"): (*CONFIDENCE, None),
    ("events", "claimant"): CLAIMANTS,
    ("events", "confidence"): (*CONFIDENCE, None),
    ("areas", "kind"): AREA_KINDS,
    ("areas", "bank"): (*BANKS, None),
}
# property -> its pattern, in every kind that has the property.
PATTERNS: dict[str, str] = {
    "id": SLUG_PATTERN,
    "area": SLUG_PATTERN,
    "parent": SLUG_PATTERN,
    "date": PARTIAL_DATE_PATTERN,
    "published": DAY_PATTERN,
    "last_confirmed": DAY_PATTERN,
}


def _owned(kind: str, props: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(property, keyword, value) for each part of a kind's properties this module owns."""
    out: list[tuple[str, str, Any]] = []
    for name in props:
        if (kind, name) in ENUMS:
            out.append((name, "enum", list(ENUMS[kind, name])))
        if name in PATTERNS:
            out.append((name, "pattern", PATTERNS[name]))
    return out


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = schema["$defs"]["properties"]["properties"]
    return props


def from_vocabulary(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` whose enums and patterns are the vocabulary's and the dates'."""
    out = copy.deepcopy(schema)
    props = _properties(out)
    for name, keyword, value in _owned(kind, props):
        props[name][keyword] = value
    return out


def differences(kind: str, schema: dict[str, Any]) -> list[str]:
    """One line per enum or pattern that `schema` (as written) has other than the vocabulary."""
    props = _properties(schema)
    return [f"{kind}.{name}: {keyword} {props[name].get(keyword)!r} in the schema file, "
            f"{value!r} from the vocabulary (write that in schemas/{kind}.json)"
            for name, keyword, value in _owned(kind, props)
            if props[name].get(keyword) != value]
