"""One rule set (issue 11): the edit path accepts exactly what the validator accepts.

For claims built from field values an editor might type (valid ones, and typical mistakes),
the validator's verdict on the would-be data is computed here directly (append or change the
feature, run `validate.check`, keep the problems that are new); `claim add` and `claim edit`
must agree with it: succeed when it finds nothing, and refuse with exactly its problems
otherwise. A claim the validator accepts can be added, then any field edited to any value
the validator accepts.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from controlmap import validate
from controlmap.edit import claim_ops
from controlmap.edit.claim_fields import normalise
from controlmap.edit.ids import claim_id
from controlmap.errors import ControlmapError, Problem
from controlmap.io.datadir import RawData, read_data_dir
from controlmap.io.geojson import canonical_dumps
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES
from tests.conftest import FIXTURES

TODAY = date(2026, 3, 1)
CLAIMS = "claims.geojson"

# field -> (values the validator accepts on a fresh area claim, typical mistakes)
VALUES: dict[str, tuple[list[str], list[str]]] = {
    "area": (["kupiansk", "dvorichna", " kupiansk-left-bank "], ["atlantis", "Kupiansk", ""]),
    "date": (["2024-02-29", "2025-11", "2022", "2014-01-01"],
             ["2023-02-29", "2026-13-01", "2013-12-31", "0001-01-01", "2999-01-01",
              "yesterday", "2024-2-1", ""]),
    "status": (list(STATUSES), ["held", "RU", ""]),
    "claimant": (list(CLAIMANTS), ["me", ""]),
    "claimant_name": (["General Staff", "", "$x^2$"], []),
    "source_title": (["Gazette", "<b>x</b>"], []),
    "source_url": (["https://example.org/a", "http://x.y/?q=1"],
                   ["ftp://x", "javascript:alert(1)", "https://has space"]),
    "source_url_alt": (["https://example.org/b", ""], ["example.org", "mailto:a@b"]),
    "published": (["2026-02-28", ""], ["2026-02", "2999-01-01", "2013-01-01", "1 May"]),
    "confidence": (list(CONFIDENCE) + [""], ["certain", "HIGH"]),
    "note": (["", "a note", "\x1b]0;x\x07"], []),
    "status_outside": ([""], ["ua"]),  # only geometry claims may say it
}
REQUIRED_FOR_ADD = ("area", "date", "status", "claimant")


def valid_value(key: str) -> st.SearchStrategy[str]:
    return st.sampled_from(VALUES[key][0])


def any_value(key: str) -> st.SearchStrategy[str]:
    good, bad = VALUES[key]
    return st.sampled_from(good + bad)


def claim_values(pick: Any) -> st.SearchStrategy[dict[str, str]]:
    """Field values for `claim add`: the four options it requires, the rest optional (so a
    claim without any source is among the mistakes tried)."""
    required = {k: pick(k) for k in REQUIRED_FOR_ADD}
    optional = {k: pick(k) for k in VALUES if k not in REQUIRED_FOR_ADD}
    return st.fixed_dictionaries(required, optional=optional)


def new_problems(raw: RawData, coll: dict[str, Any]) -> list[Problem]:
    """The validator's verdict on `raw` with claims.geojson replaced by `coll` (as the
    canonical text that would be written reads back)."""
    text = canonical_dumps(coll)
    after = RawData(raw.data_dir, {**raw.collections, CLAIMS: json.loads(text)},
                    {**raw.texts, CLAIMS: text}, dict(raw.hashes), list(raw.problems))
    before = validate.check(raw, today=TODAY)
    return sorted((Counter(validate.check(after, today=TODAY)) - Counter(before)).elements())


def verdict_on_add(d: Path, values: dict[str, str]) -> tuple[str, list[Problem]]:
    raw = read_data_dir(d)
    props = normalise(values)
    taken = {f["properties"]["id"] for f in raw.collections[CLAIMS]["features"]}
    cid = claim_id(props.get("date", ""), props.get("claimant", ""), props.get("area", ""),
                   taken)
    coll = json.loads(json.dumps(raw.collections[CLAIMS]))
    coll["features"].append({"type": "Feature", "geometry": None,
                             "properties": {"id": cid, **props}})
    return cid, new_problems(raw, coll)


def verdict_on_edit(d: Path, cid: str, key: str, value: str) -> list[Problem]:
    raw = read_data_dir(d)
    coll = json.loads(json.dumps(raw.collections[CLAIMS]))
    for feat in coll["features"]:
        if feat["properties"]["id"] == cid:
            if value.strip():
                feat["properties"][key] = value.strip()
            else:
                feat["properties"].pop(key, None)
    return new_problems(raw, coll)


def outcome(call: Any) -> tuple[bool, list[Problem]]:
    try:
        call()
    except ControlmapError as err:
        problems = getattr(err, "problems", None)
        assert problems is not None, f"refused without the validator's problems: {err}"
        return False, sorted(problems)
    return True, []


def fresh_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="cm-prop-")) / "data"
    shutil.copytree(FIXTURES / "valid", d)
    return d


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(claim_values(any_value))
def test_add_refuses_exactly_what_the_validator_refuses(values: dict[str, str]) -> None:
    d = fresh_dir()
    try:
        cid, expected = verdict_on_add(d, values)
        before = (d / CLAIMS).read_bytes()
        ok, problems = outcome(lambda: claim_ops.add_claim(d, values, today=TODAY))
        assert ok == (not expected), (values, expected, problems)
        assert problems == expected
        if ok:
            ids = {f["properties"]["id"] for f in json.loads((d / CLAIMS).read_text())["features"]}
            assert cid in ids
        else:
            assert (d / CLAIMS).read_bytes() == before
    finally:
        shutil.rmtree(d.parent)


@SETTINGS
@given(claim_values(valid_value), st.sampled_from(sorted(VALUES)), st.data())
def test_add_then_edit_any_field(values: dict[str, str], key: str, data: st.DataObject) -> None:
    d = fresh_dir()
    try:
        cid, expected = verdict_on_add(d, values)
        assume(not expected)  # the validator accepts the claim (a URL may still clash, say)
        change = claim_ops.add_claim(d, values, today=TODAY)
        assert change.id == cid
        value = data.draw(any_value(key), label=key)
        expected = verdict_on_edit(d, cid, key, value)
        before = (d / CLAIMS).read_bytes()
        ok, problems = outcome(lambda: claim_ops.edit_claim(d, cid, {key: value}, today=TODAY))
        assert ok == (not expected), (key, value, expected, problems)
        assert problems == expected
        props = {f["properties"]["id"]: f["properties"]
                 for f in json.loads((d / CLAIMS).read_text())["features"]}[cid]
        if ok:
            assert props.get(key) == (value.strip() or None)
        else:
            assert (d / CLAIMS).read_bytes() == before
    finally:
        shutil.rmtree(d.parent)
