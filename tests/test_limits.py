"""The pre-parse scan that bounds input: nesting depth and numbers too large for a double."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.io.limits import scan

# A JSON string literal, escapes included: the regex `outside_strings` replaced, as oracle.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)

_text = st.text(alphabet=st.sampled_from('ab[]{}"\\:,e1 \u00e9\u2028'), max_size=8)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=25)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300)
@given(_json, st.booleans())
def test_scan_matches_the_parsed_tree(value: Any, ascii_only: bool) -> None:
    """Strings full of brackets, quotes and escapes do not fool it; finite numbers pass."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    found = scan(text)
    assert found.depth == depth(value)
    assert found.overflow is None


@pytest.mark.parametrize(("text", "overflow"), [
    ("[1e999]", "1e999"), ("[-1E+400]", "-1E+400"), ("[1.0e309]", "1.0e309"),
    ("[1e308]", None), ("[1e-999]", None), ('["1e999"]', None), ("[true, false, 2e+999]", "2e+999"),
    ("[" + "9" * 400 + "]", None),  # an integer: Python keeps it exact
    ("[" + "9" * 400 + ".5]", "9" * 400 + ".5"), ('{"a": 1.5e0001}', None),
])
def test_overflow(text: str, overflow: str | None) -> None:
    assert scan(text).overflow == overflow


@pytest.mark.parametrize(("text", "deep"), [
    ("", 0), ("1", 0), ("[" * 100_000, 100_000), ('{"a": "[[[["}', 1), ('"\\"[["', 0),
    ('[{"k\\\\": [[]]}]', 4),
])
def test_depth(text: str, deep: int) -> None:
    assert scan(text).depth == deep


@settings(max_examples=300)
@given(_json)
def test_strings_cut_out_as_the_regex_cuts_them(value: Any) -> None:
    """`outside_strings` (numpy) gives what the string regex gives on any valid JSON, and
    the keys counted are the keys written."""
    from controlmap.io.limits import outside_strings

    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        data = text.encode()
        assert outside_strings(data) == _STRING.sub(b"", data)
    assert scan(json.dumps(value)).keys == _keys(value)


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_keys(v) for v in value)
    return 0
