"""The features of a data directory as the checks see them: where each is and what it is called.

A feature is named by its `properties.id`, or `#<index>` in its file when the id is missing,
so every Problem can point at it even when the feature is badly broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from controlmap.errors import Problem
from controlmap.io.datadir import RawData, file_kind


def feature_label(feature: Any, index: int) -> str:
    """`properties.id` when it is a non-empty string, else `#<index>`."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    fid = props.get("id") if isinstance(props, dict) else None
    return fid if isinstance(fid, str) and fid.strip() else f"#{index}"


@dataclass(frozen=True)
class Item:
    """One feature (a JSON object) of one parsed file, with its file, kind and label."""

    file: str
    kind: str
    index: int
    feature: dict[str, Any]

    @property
    def label(self) -> str:
        return feature_label(self.feature, self.index)

    @property
    def props(self) -> dict[str, Any]:
        """`properties` when it is an object, else {} (the schema check reports it)."""
        p = self.feature.get("properties")
        return p if isinstance(p, dict) else {}

    @property
    def fid(self) -> str | None:
        v = self.props.get("id")
        return v if isinstance(v, str) and v else None

    def text(self, key: str) -> str | None:
        """A property that is a non-empty string, else None."""
        v = self.props.get(key)
        return v if isinstance(v, str) and v.strip() else None

    @property
    def where(self) -> str:
        """Where the feature is, for messages that name two places."""
        return f"{self.file} feature #{self.index}"

    def problem(self, field: str, message: str, hint: str = "") -> Problem:
        return Problem(self.file, self.label, field, message, hint)


def collect_items(raw: RawData) -> list[Item]:
    """Every feature that is a JSON object, in file then index order."""
    items: list[Item] = []
    for name in sorted(raw.collections):
        kind = file_kind(name)
        if kind is None:
            continue
        for i, feat in enumerate(raw.collections[name].get("features") or []):
            if isinstance(feat, dict):
                items.append(Item(name, kind, i, feat))
    return items


def one_of(values: list[str] | tuple[str, ...], word: str = "or") -> str:
    """`a, b or c` (or `a, b and c`), for hints that list what is allowed or needed."""
    vals = list(values)
    return vals[0] if len(vals) == 1 else ", ".join(vals[:-1]) + f" {word} " + vals[-1]
