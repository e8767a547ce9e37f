"""The valid part of a data directory: what can be left out so the rest still shows truly.

The app lists every problem and, where that is safe, still draws the map from what is sound.
Leaving out a claim or an event only removes one voice (the map says less, never something
false about the rest), and a reference layer carries no status at all; so problems in
claims, events and reference files drop just the features they name (or the whole file when
they name none). Areas are the frame every claim is resolved against: a problem there (a bad
outline, a parent cycle, a child outside its parent) or one that names no file makes the
whole directory unsafe, and nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from controlmap.errors import Problem
from controlmap.io.datadir import RawData, file_kind
from controlmap.validate.features import feature_label

# File kinds whose features can be left out one by one without misleading the reader.
DROPPABLE_KINDS: frozenset[str] = frozenset(
    {"claims", "events", "towns", "waterways", "context"})


@dataclass
class Plan:
    """What to leave out for a set of problems; `unsafe` non-empty means show nothing."""

    files: set[str] = field(default_factory=set)
    features: dict[str, set[str]] = field(default_factory=dict)
    unsafe: list[Problem] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not self.unsafe


def plan(problems: Iterable[Problem], parsed: Iterable[str] = ()) -> Plan:
    """Sort problems into features to drop, files to drop, and ones that forbid a map.

    `parsed` names the files that were read as collections: a problem about a file that is
    not among them (it did not parse, or has an unknown name) is left out with the file.
    """
    out = Plan()
    loaded = set(parsed)
    for p in problems:
        kind = file_kind(p.file) if p.file else None
        if kind is None and p.file and p.file not in loaded:
            out.files.add(p.file)  # an unknown file name: never read, nothing to drop
        elif kind not in DROPPABLE_KINDS:
            out.unsafe.append(p)
        elif not p.feature or p.file not in loaded:
            out.files.add(p.file)
        else:
            out.features.setdefault(p.file, set()).add(p.feature)
    return out


@dataclass
class Salvage:
    """The directory's valid part (`raw` None: nothing safe to show) and what was left out."""

    raw: RawData | None
    dropped: list[str] = field(default_factory=list)
    reason: str = ""


def _keep(coll: dict[str, Any], labels: set[str]) -> tuple[dict[str, Any], list[str]]:
    feats = coll.get("features") or []
    kept: list[tuple[str, Any]] = []
    gone: list[tuple[str, Any]] = []
    for i, feat in enumerate(feats):
        label = feature_label(feat, i)
        (gone if label in labels or f"#{i}" in labels else kept).append((label, feat))
    out = dict(coll)
    out["features"] = [f for _, f in kept]
    return out, [label for label, _ in gone]


def salvage(raw: RawData, problems: list[Problem]) -> Salvage:
    """A copy of `raw` without the features and files the problems name, when that is safe."""
    pl = plan(problems, raw.collections)
    if not pl.safe:
        first = pl.unsafe[0]
        return Salvage(None, reason=f"{first.file or 'the data directory'} has problems that "
                                    "every claim depends on")
    kept = RawData(raw.data_dir)
    dropped: list[str] = []
    for name, coll in raw.collections.items():
        if name in pl.files:
            dropped.append(f"{name}: the whole file")
            continue
        labels = pl.features.get(name, set())
        if labels:
            coll, gone = _keep(coll, labels)
            dropped.append(f"{name}: {', '.join(gone)}")
        kept.collections[name] = coll
        if not labels and name in raw.texts:  # a filtered file's text is no longer what it holds
            kept.texts[name] = raw.texts[name]
    dropped.extend(f"{f}: the whole file" for f in sorted(pl.files - set(raw.collections)))
    if not any(file_kind(n) == "areas" for n in kept.collections):
        return Salvage(None, dropped, "there is no areas.geojson to draw")
    if not any(file_kind(n) == "claims" and c.get("features")
               for n, c in kept.collections.items()):
        return Salvage(None, dropped, "no valid claim is left to show")
    return Salvage(kept, dropped)
