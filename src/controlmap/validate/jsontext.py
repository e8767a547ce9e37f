"""What the JSON parser silently forgives: an object with the same key twice.

`json.loads` keeps the last value of a repeated key, so the file says two things and the
program sees one; `controlmap fmt` would drop the other for good. First a count: the keys
the text writes (each is followed by the only `:` outside strings, io/limits.py) against
the keys the parsed objects hold; equal means no key was written twice. Only when they
differ is the text parsed a second time with a hook that notices repeats (1.1 s for the
35 MB of 100,000 claims, where the count takes a fifth of that), and the tree walked to
name where.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import orjson

from controlmap.errors import Problem
from controlmap.io.limits import scan
from controlmap.validate.features import feature_label


def _find(node: Any, marked: dict[int, list[str]], path: list[str | int],
          out: list[tuple[list[str | int], str]]) -> None:
    if isinstance(node, dict):
        for key in marked.get(id(node), []):
            out.append((path, key))
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                _find(v, marked, [*path, k], out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, (dict, list)):
                _find(v, marked, [*path, i], out)


def _keys_held(doc: Any) -> int:
    """Keys of every object in a parsed document, counted in its compact JSON (0.12 s for
    100,000 claims, a quarter of a walk). There a key is written `"key":`; a `":` that is
    no key is an escaped quote (`\\":`) or a string that starts with a colon, whose opening
    quote follows `{`, `[`, `,` or `:` (or starts the text). Without either, every `":`
    is a key; with one (rare), the tree is walked."""
    try:
        out = np.frombuffer(orjson.dumps(doc), dtype=np.uint8)
    except orjson.JSONEncodeError:  # an integer past 64 bits (read by the json module)
        return _walk_keys(doc)
    at = np.flatnonzero((out[:-1] == 0x22) & (out[1:] == 0x3A))  # each `":`
    if len(at) and (at[0] == 0 or _NOT_A_KEY_AFTER[out[at - 1]].any()):
        return _walk_keys(doc)
    return len(at)


# A `":` after one of these bytes may be no key (see _keys_held).
_NOT_A_KEY_AFTER = np.zeros(256, dtype=bool)
_NOT_A_KEY_AFTER[list(b"\\{[,:")] = True


def _walk_keys(doc: Any) -> int:
    """`_keys_held` by walking the tree. A regular array of numbers (a ring of positions)
    holds no object and is passed over whole."""
    n = 0
    todo = [doc] if type(doc) in (dict, list) else []
    while todo:
        node = todo.pop()
        if type(node) is dict:
            n += len(node)
            todo.extend(v for v in node.values() if type(v) in (dict, list))
            continue
        if node and type(node[0]) is list:
            try:
                np.asarray(node, dtype=float)
                continue
            except (TypeError, ValueError):
                pass  # ragged, or holds an object: walk it
        todo.extend(v for v in node if type(v) in (dict, list))
    return n


def _written_once(text: str, parsed: Any, written: int | None) -> bool:
    """True when no object in the text writes a key twice: as many keys written as held."""
    if parsed is None:
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            return False  # let the careful path decide
    if written is None:
        written = scan(text).keys
    return written == _keys_held(parsed)


def duplicate_keys(name: str, text: str, parsed: Any = None, written: int | None = None
                   ) -> list[Problem]:
    """One Problem per repeated key in the text of a file (which must parse). `parsed` and
    `written`: the text as the reader parsed it and the keys its scan counted, when at hand
    (io/datadir.py RawData), so neither is done again."""
    if _written_once(text, parsed, written):
        return []
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
