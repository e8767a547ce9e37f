"""Records as JSON columns: one list per field, each repeating value written once.

A data set's claims are a hundred thousand records of the same dozen fields, most of them
repeating (claimant, status, area, source title, dates). As columns, a field with few
distinct values is its distinct values plus one small integer per record; the others stay
plain lists. The browser payload sends its claims so (a fifth of the records' JSON at
100,000 claims; payload_model.js turns them back into records, as `decode` does here), and
the loader caches a file's typed claim columns so (parsing makes the distinct values only).

Shape: {"n": records, "columns": {field: [value, ...] | {"values": [...], "codes": [...]}}}.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def encode(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """`rows` (dicts with the same keys) as columns (see `encode_columns`)."""
    fields = list(rows[0]) if rows else []
    return encode_columns({f: [r[f] for r in rows] for f in fields}, len(rows))


def encode_columns(fields: dict[str, list[Any]], n: int) -> dict[str, Any]:
    """Columns of `n` records; a field with fewer distinct values than half the records is
    dictionary-encoded (values in order of first use)."""
    columns: dict[str, Any] = {}
    for f, values in fields.items():
        coded = _coded_texts(values) if set(map(type, values)) <= _TEXTS else _coded(values)
        columns[f] = list(values) if coded is None else coded
    return {"n": n, "columns": columns}


_TEXTS = {str, type(None)}


def _coded_texts(values: list[str | None]) -> dict[str, Any] | None:
    """`_coded` for a column of texts and None, whose values need no type tag (a str equals
    only a str): the work is done by dict and map, not a loop here, 8x faster."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) * 2 > len(values):
        return None
    index = {v: i for i, v in enumerate(distinct)}
    return {"values": distinct, "codes": list(map(index.__getitem__, values))}


def _coded(values: list[Any]) -> dict[str, Any] | None:
    """`values` as distinct values (in order of first use) and codes, or None when more than
    half are distinct. Values are told apart by type too: True is not 1, nor "1"."""
    codes: dict[Any, int] = {}
    distinct: list[Any] = []
    for v in values:
        k = v if type(v) is str else _key(v)  # a str never equals another type's value
        if k not in codes:
            codes[k] = len(distinct)
            distinct.append(v)
            if len(distinct) * 2 > len(values):
                return None
    return {"values": distinct, "codes": [codes[v if type(v) is str else _key(v)]
                                          for v in values]}


def _key(v: Any) -> Any:
    """A hashable stand-in for a JSON value (lists and dicts by their items)."""
    if isinstance(v, list):
        return ("list", *map(_key, v))
    if isinstance(v, dict):
        return ("dict", *sorted((k, _key(x)) for k, x in v.items()))
    return (type(v).__name__, v)


def column(col: list[Any] | dict[str, Any]) -> list[Any]:
    """One column of `encode_columns` as its plain list of values."""
    if isinstance(col, dict):
        values = col["values"]
        return [values[c] for c in col["codes"]]
    return col


def decode(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The records `encode` was given."""
    cols = doc["columns"]
    out: list[dict[str, Any]] = [{} for _ in range(doc["n"])]
    for f, col in cols.items():
        for r, v in zip(out, column(col), strict=True):
            r[f] = v
    return out
