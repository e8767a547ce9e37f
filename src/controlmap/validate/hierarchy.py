"""The area tree: no parent cycles, and each child lying inside its parent.

Claims about a parent apply to its children, so a cycle would make resolution loop and a
child drawn outside its parent would inherit claims about a place it is not in. Outlines are
approximate, so containment tolerates a sliver (OUTSIDE_TOLERANCE of the child's area).
"""

from __future__ import annotations

from typing import Any

from controlmap.errors import Problem
from controlmap.validate.features import Item

OUTSIDE_TOLERANCE = 0.01


def _parents(items: list[Item]) -> dict[str, tuple[str, Item]]:
    out: dict[str, tuple[str, Item]] = {}
    for item in items:
        parent = item.props.get("parent")
        if item.kind == "areas" and item.fid and isinstance(parent, str) and parent:
            out.setdefault(item.fid, (parent, item))
    return out


def _cycles(parents: dict[str, tuple[str, Item]]) -> list[list[str]]:
    """Each parent cycle once, as the ids on it."""
    cycles: list[list[str]] = []
    seen: set[str] = set()
    for start in sorted(parents):
        path: list[str] = []
        node = start
        while node in parents and node not in path and node not in seen:
            path.append(node)
            node = parents[node][0]
        seen.update(path)
        if node in path:
            cycles.append(path[path.index(node):])
    return cycles


def check_cycles(items: list[Item]) -> list[Problem]:
    """One Problem per cycle, at its smallest id, spelling the cycle out."""
    parents = _parents(items)
    problems: list[Problem] = []
    for cycle in _cycles(parents):
        head = min(cycle)
        i = cycle.index(head)
        ring = cycle[i:] + cycle[:i] + [head]
        problems.append(parents[head][1].problem(
            "properties.parent", f"parent cycle: {' -> '.join(ring)}",
            "give one area of the cycle another parent, or null"))
    return problems


def check_containment(items: list[Item], shapes: dict[tuple[str, int], Any]) -> list[Problem]:
    """Children whose outline lies more than a sliver outside their parent's.

    Areas on a parent cycle are left out: the cycle is the problem to fix first.
    """
    by_id: dict[str, Any] = {}
    for item in items:
        geom = shapes.get((item.file, item.index))
        if item.kind == "areas" and item.fid and geom is not None:
            by_id.setdefault(item.fid, geom)
    parents = _parents(items)
    cyclic = {a for cycle in _cycles(parents) for a in cycle}
    problems: list[Problem] = []
    for fid, (parent, item) in sorted(parents.items()):
        child, outer = by_id.get(fid), by_id.get(parent)
        if child is None or outer is None or child.area == 0 or fid in cyclic:
            continue
        share = child.difference(outer).area / child.area
        if share > OUTSIDE_TOLERANCE:
            problems.append(item.problem(
                "geometry",
                f"lies approximately {share:.0%} outside its parent '{parent}'",
                "clip the outline to the parent's, or fix `parent`"))
    return problems
