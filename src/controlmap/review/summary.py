"""The review as readable text: one line per feature, old -> new per field.

Values come from data files, so they are shown through `json.dumps` (control characters
escaped) and shortened; nothing from the data can move the terminal cursor or fake a line.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from controlmap.review.diff import FeatureRef, Review

MAX_LINES = 60  # per section; --json lists everything


def show(value: Any, width: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= width else text[: width - 3] + "..."


def plain(text: str) -> str:
    """Ids and names from the data with anything unprintable replaced."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _describe(ref: FeatureRef) -> str:
    p = ref.properties
    if ref.kind == "claims":
        what = f"area {show(p.get('area'))}" if p.get("area") else "own geometry"
        return (f"{show(p.get('status'))} by {show(p.get('claimant'))} from "
                f"{show(p.get('date'))}, {what}")
    if ref.kind == "events":
        return f"{show(p.get('date'))} {show(p.get('title'), 50)}"
    return show(p.get("name", ""), 50)


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return lines[:MAX_LINES] + [f"    ... and {len(lines) - MAX_LINES} more (--json lists all)"]


def render(review: Review, label_a: str, label_b: str) -> str:
    out = [f"Changes in the data from {label_a} to {label_b}:"]
    counts: Counter[tuple[str, str]] = Counter()
    for sign, refs in (("added", review.added), ("removed", review.removed)):
        for ref in refs:
            counts[(ref.kind, sign)] += 1
    for edit in review.edited:
        counts[(edit.kind, "edited")] += 1
    if not counts:
        out.append("  no feature added, removed or edited")
    for kind in sorted({k for k, _ in counts}):
        parts = [f"{counts[(kind, s)]} {s}" for s in ("added", "removed", "edited")
                 if counts[(kind, s)]]
        out.append(f"  {kind}: {', '.join(parts)}")
        lines = [f"    + {plain(r.id)} ({plain(r.file)}): {_describe(r)}" for r in review.added
                 if r.kind == kind]
        lines += [f"    - {plain(r.id)} ({plain(r.file)}): {_describe(r)}" for r in review.removed
                  if r.kind == kind]
        for e in (e for e in review.edited if e.kind == kind):
            bits = [f"{plain(k)}: {show(old, 40)} -> {show(new, 40)}"
                    for k, (old, new) in e.fields.items()]
            if e.geometry_changed:
                bits.append("outline moved, " + (f"{e.moved_km2:.3f} km² changed"
                                                 if e.moved_km2 is not None
                                                 else "geometry changed"))
            lines.append(f"    ~ {plain(e.id)} ({plain(e.file)}): {'; '.join(bits)}")
        out.extend(_capped(lines))
    if review.introduced:
        out.append(f"Validation: the change introduces {len(review.introduced)} problem(s):")
        out.extend(_capped([f"  ! {p}" for p in review.introduced]))
    else:
        out.append("Validation: the change introduces no problems.")
    if review.fixed:
        out.append(f"  ({len(review.fixed)} problem(s) of {label_a} fixed)")
    return "\n".join(out)
