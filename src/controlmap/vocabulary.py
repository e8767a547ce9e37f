"""The closed vocabularies of the data: statuses, claimants, area kinds, confidence, and
the form of an id.

This is the one list. The validator's JSON Schemas take their enums and the slug pattern
from here when they load (`validate/schema_vocab.py`); the copies written in
`controlmap/schemas/*.json` are for people and other tools, and a test fails when one differs.
"""

from __future__ import annotations

from controlmap.i18n import N_

STATUSES: tuple[str, ...] = ("ua", "ru", "contested", "unknown")
STATUS_LABELS: dict[str, str] = {
    "ua": N_("Ukrainian-held"),
    "ru": N_("Russian-held"),
    "contested": N_("Contested"),
    "unknown": N_("Unknown / no claim"),
}

CLAIMANTS: tuple[str, ...] = (
    "ru-official",
    "ua-official",
    "foreign-official",
    "analyst",
    "osint-map",
    "media",
)
CLAIMANT_LABELS: dict[str, str] = {
    "ru-official": N_("Russian officials"),
    "ua-official": N_("Ukrainian officials"),
    "foreign-official": N_("Foreign officials"),
    "analyst": N_("Analysts"),
    "osint-map": N_("OSINT maps"),
    "media": N_("Media"),
}
# Official claims of the two warring sides: the "assessed" view trusts them only where
# nobody else has said anything.
PARTY_CLAIMANTS: frozenset[str] = frozenset({"ru-official", "ua-official"})

AREA_KINDS: tuple[str, ...] = ("city", "district", "town", "village", "bridgehead", "region")
BANKS: tuple[str, ...] = ("right", "left")
# Every id, and every reference to one: a slug.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CONFIDENCE: tuple[str, ...] = ("low", "medium", "high")

# Region the data must lie in (lon_min, lat_min, lon_max, lat_max); matches REGION in
# ../shared/data/raw/SOURCES.md.
REGION_BBOX: tuple[float, float, float, float] = (35.9, 48.5, 38.8, 50.5)
# Area of interest around Kupiansk, for front-line data and the default map view.
AOI_BBOX: tuple[float, float, float, float] = (37.2, 49.4, 38.2, 50.1)
