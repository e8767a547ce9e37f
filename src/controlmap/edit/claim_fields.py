"""Which properties an editor may set, and how typed values become properties.

No rules live here: what a valid claim is, is decided by the validator alone (the JSON
Schema in controlmap/schemas/claims.json and the checks in controlmap.validate). This module
only says which properties exist (read from that schema) and turns form or command-line
values into properties: text is stripped, and an empty value means "absent".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from controlmap.errors import Problem, UsageError
from controlmap.validate.schema import property_names, required_properties

# Every property of a claim but its `id`, which is assigned and never edited.
EDITABLE: tuple[str, ...] = tuple(p for p in property_names("claims") if p != "id")
# Properties an editor may remove (`--unset`): all but the schema's required ones.
OPTIONAL: tuple[str, ...] = tuple(p for p in EDITABLE if p not in required_properties("claims"))


class InputError(UsageError):
    """A change refused for the values an editor gave; each problem names file, feature
    and field. Exit 2, like any bad argument."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop None and empty text; strip text. The validator judges what is left."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        text = value.strip() if isinstance(value, str) else value
        if text is None or text == "":
            continue
        out[key] = text
    return out
