"""What the JSON parser silently forgives: an object with the same key twice.

`json.loads` keeps the last value of a repeated key, so the file says two things and the
program sees one; `controlmap fmt` would drop the other for good. The text is parsed a
second time with a hook that notices repeats; only then is the tree walked to name where.
"""

from __future__ import annotations

import json
from typing import Any

from controlmap.errors import Problem
from controlmap.validate.features import feature_label


def _find(node: Any, marked: dict[int, list[str]], path: list[str | int],
          out: list[tuple[list[str | int], str]]) -> None:
    if isinstance(node, dict):
        for key in marked.get(id(node), []):
            out.append((path, key))
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                _find(v, marked, [*path, k], out)
    elif isinstance(node, list) and node and isinstance(node[0], (dict, list)):
        for i, v in enumerate(node):
            _find(v, marked, [*path, i], out)


def duplicate_keys(name: str, text: str) -> list[Problem]:
    """One Problem per repeated key in the text of a file (which must parse)."""
    marked: dict[int, list[str]] = {}
    keep: list[dict[str, Any]] = []  # keeps marked objects alive, so their ids stay theirs

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            keys = [k for k, _ in items]
            marked[id(obj)] = sorted({k for k in keys if keys.count(k) > 1})
            keep.append(obj)
        return obj

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except ValueError:
        return []  # io reports syntax errors
    if not marked:
        return []
    found: list[tuple[list[str | int], str]] = []
    _find(doc, marked, [], found)
    features = doc.get("features") if isinstance(doc, dict) else None
    problems = []
    for path, key in found:
        label = ""
        if len(path) >= 2 and path[0] == "features" and isinstance(features, list):
            index = int(path[1])
            label, path = feature_label(features[index], index), path[2:]
        field = ".".join(str(p) for p in [*path, key])
        problems.append(Problem(name, label, field, f"key '{key}' appears twice in one object "
                                "(JSON keeps only the last value)", "remove one of them"))
    return problems
