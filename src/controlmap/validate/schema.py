"""JSON Schema per file kind (shipped in controlmap/schemas/), with messages a person can act on.

jsonschema's own messages are precise but written for programmers; each error is turned into
a Problem naming the feature and the JSON path of the bad field (`properties.status`), what
is wrong and how to fix it. Validators are compiled once per kind.

Speed: jsonschema walks 100,000 claims in about 35 s of CPU. A compiled validator
(jsonschema-rs, the same draft 2020-12) first says which features are wrong, in about 0.1 s;
only those go through jsonschema, whose errors are worded as before. Where the two could
disagree the compiled one is made the stricter, so it never passes what jsonschema rejects:
Python's `\\S` also excludes \\x1c-\\x1f and \\x85 (rewritten into the compiled patterns);
NaN and Infinity (which `json` reads) fail every type there, so jsonschema judges them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from controlmap.errors import Problem
from controlmap.io.datadir import RawData, file_kind
from controlmap.validate.features import feature_label, one_of
from controlmap.validate.schema_vocab import from_vocabulary

if TYPE_CHECKING:  # jsonschema is imported only when a file has errors to word
    from jsonschema import Draft202012Validator, ValidationError

KINDS: tuple[str, ...] = ("areas", "claims", "events", "towns", "waterways", "context")

_JSON_TYPES = {
    "string": "text",
    "object": "an object",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}

# What a failed `pattern` means, by property name; the hint is the schema's `description`.
_PATTERN_MESSAGES = {
    "id": "is not a slug",
    "area": "is not a slug",
    "parent": "is not a slug",
    "date": "is not YYYY, YYYY-MM or YYYY-MM-DD",
    "published": "is not a full day YYYY-MM-DD",
    "source_url": "is not an http(s) address",
    "source_url_alt": "is not an http(s) address",
}


def schema_file(kind: str) -> dict[str, Any]:
    """The JSON Schema of a file kind as written in the package (controlmap/schemas/)."""
    text = resources.files("controlmap").joinpath("schemas", f"{kind}.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema the validator uses: the file, with enums and patterns from the
    vocabulary (validate/schema_vocab.py)."""
    return from_vocabulary(kind, schema_file(kind))


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(kind))


# Python's re counts these as whitespace (so `\S` refuses them) and ECMA-262 does not.
_PY_SPACE_CLASS = r"[^\s\x1c-\x1f\x85]"


def _python_patterns(node: Any) -> Any:
    """The schema with each `pattern`'s `\\S` spelled as Python's re reads it."""
    if isinstance(node, dict):
        return {k: (v.replace(r"\S", _PY_SPACE_CLASS) if k == "pattern" and isinstance(v, str)
                    else _python_patterns(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_python_patterns(v) for v in node]
    return node


@cache
def compiled_validator(kind: str) -> Any:
    """The kind's schema compiled by jsonschema-rs (never fetches anything)."""
    return jsonschema_rs.validator_for(_python_patterns(load_schema(kind)), offline=True)


def failing_features(kind: str, coll: dict[str, Any]) -> list[int] | None:
    """Indices of the features the compiled validator rejects ([] when the file is valid);
    None when jsonschema must look at the whole file (an error outside any one feature,
    or data the compiled validator cannot take)."""
    fast = compiled_validator(kind)
    try:
        if fast.is_valid(coll):
            return []
        bad: set[int] = set()
        for err in fast.iter_errors(coll):
            path = list(err.instance_path)
            if len(path) < 2 or path[0] != "features" or not isinstance(path[1], int):
                return None
            bad.add(path[1])
    except ValueError:  # e.g. a lone surrogate in a string, which JSON allows
        return None
    return sorted(bad)


def geometry_types(kind: str) -> list[str]:
    """The geometry types the schema allows for a kind (e.g. Polygon, MultiPolygon)."""
    geom = load_schema(kind)["$defs"]["feature"]["properties"]["geometry"]
    return list(geom["properties"]["type"]["enum"])


def property_names(kind: str) -> list[str]:
    return list(load_schema(kind)["$defs"]["properties"]["properties"])


def required_properties(kind: str) -> list[str]:
    return list(load_schema(kind)["$defs"]["properties"]["required"])


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    return "a list" if isinstance(value, list) else "an object"


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(err: ValidationError, kind: str, path: list[str | int]) -> list[tuple[str, str, str]]:
    """(field, message, hint) for one schema error; `path` is the JSON path in the feature."""
    field = ".".join(str(p) for p in path)
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "feature")
    v, sub = err.validator, err.schema
    value: Any = err.instance
    expected: Any = err.validator_value
    if not isinstance(sub, dict):
        return [(field, err.message, "")]
    if v == "required":
        wanted = [r for r in expected if r not in value and repr(r) in err.message]
        missing = wanted[0] if wanted else str(expected)
        where = f"{field}.{missing}" if field else missing
        if path == ["properties"]:
            needed = one_of(required_properties(kind), "and")
            hint = f"add it; every feature in {kind} needs {needed}"
        elif missing == "geometry":
            hint = f"give it a {one_of(geometry_types(kind))} geometry"
        else:
            hint = "add it"
        return [(where, "missing", hint)]
    if v == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        out = []
        for extra in sorted(k for k in value if k not in allowed):
            close = difflib.get_close_matches(extra, allowed, n=1)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"use one of {', '.join(allowed)} (docs/data-format.md), or remove it")
            where = f"{field}.{extra}" if field else extra
            out.append((where, f"unknown property '{extra}'", hint))
        return out
    if v == "enum":
        allowed = [a for a in expected if a is not None]
        choices = ", ".join(str(a) for a in allowed)
        if None in expected:
            choices += " (or null)"
        if path == ["geometry", "type"]:
            return [(field, f"geometry type {_short(value)} is not allowed in {kind}",
                     f"use {one_of([str(a) for a in allowed])}")]
        return [(field, f"unknown {name} {_short(value)}", f"use one of {choices}")]
    if v == "const":
        return [(field, f"{name} must be {_short(expected)}, not {_short(value)}",
                 f"set it to {_short(expected)}")]
    if v == "type":
        types = expected if isinstance(expected, list) else [expected]
        want = one_of([_JSON_TYPES.get(str(t), str(t)) for t in types])
        if path == ["geometry"] and value is None:
            return [(field, "geometry is null", f"{kind} need a {one_of(geometry_types(kind))}")]
        if not path:
            return [(field, f"feature is {_type_name(value)}, not a GeoJSON Feature object",
                     'write {"type": "Feature", "properties": {...}, "geometry": ...}')]
        return [(field, f"{name} should be {want}, not {_type_name(value)}",
                 f"write {name} as {want}")]
    if v == "pattern":
        what = _PATTERN_MESSAGES.get(name, "is not in the expected form")
        if name == "published" and isinstance(value, str) and len(value) in (4, 7):
            what = "is a partial date"
        return [(field, f"{name} {_short(value)} {what}",
                 str(sub.get("description") or f"match {expected}"))]
    if v == "minLength":
        return [(field, f"{name} is empty", f"write the {name}")]
    if v == "minimum":
        return [(field, f"{name} {_short(value)} is below {expected}",
                 f"use a number of at least {expected}")]
    return [(field, err.message, "")]


def _errors(kind: str, coll: dict[str, Any],
            bad: list[int] | None) -> Iterator[tuple[ValidationError, list[str | int]]]:
    """jsonschema's errors with their paths, for the whole file or only the `bad` features."""
    if bad is None:
        for err in validator(kind).iter_errors(coll):
            yield err, list(err.absolute_path)
        return
    features = coll["features"]
    part = {**coll, "features": [features[i] for i in bad]}
    for err in validator(kind).iter_errors(part):
        path = list(err.absolute_path)
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            path[1] = bad[path[1]]
        yield err, path


def check_collection(name: str, kind: str, coll: dict[str, Any]) -> list[Problem]:
    """Every schema error of one parsed file, one Problem per bad field."""
    bad = failing_features(kind, coll)
    if bad == []:
        return []
    features = coll.get("features") or []
    problems: list[Problem] = []
    for err, path in _errors(kind, coll, bad):
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            label = feature_label(features[path[1]], path[1])
            rest = path[2:]
        else:
            label, rest = "", path
        for field, message, hint in _describe(err, kind, rest):
            problems.append(Problem(name, label, field, message, hint))
    return problems


def check_schema(raw: RawData) -> list[Problem]:
    """Every schema error of every parsed file, one Problem per bad field."""
    problems: list[Problem] = []
    for name in sorted(raw.collections):
        kind = file_kind(name)
        if kind is not None:
            problems += check_collection(name, kind, raw.collections[name])
    return problems
