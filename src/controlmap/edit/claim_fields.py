"""What an editor may put in a claim, and one clear message per bad field.

These checks run before the would-be data goes to the validator, so a typo in an argument
(`--date 2026-13-01`, `--status held`) is reported as a bad argument naming the field, not as
a data problem found later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from controlmap.dates import PartialDate, parse_day
from controlmap.errors import Problem, UsageError
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES

REQUIRED: tuple[str, ...] = ("date", "status", "claimant", "source_title")
OPTIONAL: tuple[str, ...] = (
    "claimant_name",
    "source_url",
    "source_url_alt",
    "published",
    "confidence",
    "note",
    "status_outside",
)
# Every property an editor may set; `id` is assigned, never edited.
EDITABLE: tuple[str, ...] = ("area", *REQUIRED, *OPTIONAL)


class InputError(UsageError):
    """Bad field values given by an editor; each problem names file, feature and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop None; strip text; an empty optional field means "absent"."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        text = value.strip() if isinstance(value, str) else value
        if text == "" and key in OPTIONAL:
            continue
        out[key] = text
    return out


def _one_of(value: Any, allowed: tuple[str, ...]) -> str | None:
    if value in allowed:
        return None
    return f"{value!r} is not one of {', '.join(allowed)}"


def check_fields(
    props: Mapping[str, Any],
    *,
    file: str,
    feature: str,
    area_ids: Collection[str],
    has_geometry: bool,
    today: date | None = None,
) -> list[Problem]:
    """Every problem with the claim's properties, each naming `file`, `feature` and field."""
    today = today or date.today()
    problems: list[Problem] = []

    def bad(field: str, message: str, hint: str = "") -> None:
        problems.append(Problem(file, feature, field, message, hint))

    unknown = sorted(set(props) - set(EDITABLE) - {"id"})
    for key in unknown:
        bad(key, "not a claim property", f"use one of {', '.join(EDITABLE)}")

    for key in REQUIRED:
        if props.get(key) in (None, ""):
            bad(key, "missing", f"give --{key.replace('_', '-')}")

    start: date | None = None
    if props.get("date") not in (None, ""):
        try:
            pd = PartialDate.parse(props["date"])
            start = pd.start
            if start > today:
                bad("date", f"{pd.text} is after today ({today.isoformat()})",
                    "a claim says when a state began; it cannot be in the future")
        except ValueError as err:
            bad("date", str(err), "use YYYY, YYYY-MM or YYYY-MM-DD")

    for key, allowed in (("status", STATUSES), ("claimant", CLAIMANTS)):
        if props.get(key) not in (None, "") and (msg := _one_of(props[key], allowed)):
            bad(key, msg)
    if "confidence" in props and (msg := _one_of(props["confidence"], CONFIDENCE)):
        bad("confidence", msg)

    if has_geometry:
        if "area" in props:
            bad("area", "a claim with its own geometry cannot also name an area",
                "remove the area or the geometry")
        if "status_outside" in props and (msg := _one_of(props["status_outside"], STATUSES)):
            bad("status_outside", msg)
    else:
        area = props.get("area")
        if area in (None, ""):
            bad("area", "missing", "give --area with an area id")
        elif area not in area_ids:
            known = ", ".join(sorted(area_ids)) or "none: areas.geojson is missing or empty"
            bad("area", f"unknown area {area!r}", f"known areas: {known}")
        if "status_outside" in props:
            bad("status_outside", "only claims with their own geometry can say this",
                "remove status_outside")

    if "published" in props:
        try:
            published = parse_day(str(props["published"]))
            if start is not None and published < start:
                bad("published", f"{published.isoformat()} is before the claim's date",
                    "a source cannot report a state before it began; check both dates")
            if published > today:
                bad("published", f"{published.isoformat()} is after today ({today.isoformat()})")
        except ValueError as err:
            bad("published", str(err), "use YYYY-MM-DD")

    for key in ("source_url", "source_url_alt"):
        url = props.get(key)
        if url is not None and not (isinstance(url, str)
                                    and url.startswith(("http://", "https://"))):
            bad(key, f"{url!r} is not an http(s) URL", "give http://... or https://...")

    for key in ("source_title", "claimant_name", "note"):
        if key in props and not isinstance(props[key], str):
            bad(key, "must be text")
    return problems
