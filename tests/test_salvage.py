"""The valid part of a broken data directory: what is dropped, and when nothing is shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from controlmap.errors import Problem
from controlmap.loading import load_valid_parts
from controlmap.validate.salvage import plan

P = Problem
LOADED = ("areas.geojson", "claims.geojson", "claims-deepstate.geojson", "events.geojson",
          "towns.geojson", "oskil.geojson", "context.geojson")

# problem -> (safe?, files dropped whole, {file: features dropped})
PLAN_CASES: list[tuple[str, Problem, bool, set[str], dict[str, set[str]]]] = [
    ("bad claim field", P("claims.geojson", "c1", "properties.status", "unknown status"),
     True, set(), {"claims.geojson": {"c1"}}),
    ("claim without id", P("claims.geojson", "#4", "properties.id", "missing"),
     True, set(), {"claims.geojson": {"#4"}}),
    ("series file level", P("claims-deepstate.geojson", "", "type", "not a collection"),
     True, {"claims-deepstate.geojson"}, {}),
    ("series file unparsable", P("claims-x.geojson", "", "", "line 1: bad JSON"),
     True, {"claims-x.geojson"}, {}),
    ("event", P("events.geojson", "e1", "properties.date", "in the future"),
     True, set(), {"events.geojson": {"e1"}}),
    ("town", P("towns.geojson", "t1", "geometry", "not a Point"),
     True, set(), {"towns.geojson": {"t1"}}),
    ("river file", P("oskil.geojson", "", "features", "missing"), True, {"oskil.geojson"}, {}),
    ("unknown file name", P("notes.geojson", "", "", "unknown data file name"),
     True, {"notes.geojson"}, {}),
    ("area field", P("areas.geojson", "podoly", "properties.kind", "unknown kind"),
     False, set(), {}),
    ("parent cycle", P("areas.geojson", "a", "properties.parent", "parent cycle: a -> b -> a"),
     False, set(), {}),
    ("areas unparsable", P("areas.geojson", "", "", "line 3: bad JSON"), False, set(), {}),
    ("no file named", P("", "", "", "something about the directory"), False, set(), {}),
]


@pytest.mark.parametrize(("name", "problem", "safe", "files", "features"), PLAN_CASES,
                         ids=[c[0] for c in PLAN_CASES])
def test_plan(name, problem, safe, files, features):
    loaded = [n for n in LOADED if n != "claims-x.geojson"]
    got = plan([problem], loaded)
    assert got.safe is safe, name
    assert got.files == files
    assert got.features == features
    assert got.unsafe == ([] if safe else [problem])


def test_plan_one_unsafe_problem_among_many_is_unsafe():
    got = plan([PLAN_CASES[0][1], PLAN_CASES[9][1], PLAN_CASES[4][1]], LOADED)
    assert not got.safe and [p.file for p in got.unsafe] == ["areas.geojson"]


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _first(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["features"][0]["properties"][key] = value
    return change


def _cycle(doc: dict[str, Any]) -> None:
    by_id = {f["properties"]["id"]: f for f in doc["features"]}
    by_id["kupiansk"]["properties"]["parent"] = "kupiansk-right-bank"


# file, change -> (map shown?, a piece of what is left out)
LOAD_CASES: list[tuple[str, str, Callable[[dict[str, Any]], None], bool, str]] = [
    ("bad claim status", "claims.geojson", _first("status", "maybe"), True,
     "claims.geojson: "),
    ("claim names an unknown area", "claims.geojson", _first("area", "atlantis"),
     True, "claims.geojson: "),
    ("bad event date", "events.geojson", _first("date", "20x5"), True,
     "events.geojson: "),
    ("bad area kind", "areas.geojson", _first("kind", "planet"), False, ""),
    ("parent cycle", "areas.geojson", _cycle, False, ""),
]


@pytest.mark.parametrize(("name", "file", "change", "shown", "left_out"), LOAD_CASES,
                         ids=[c[0] for c in LOAD_CASES])
def test_load_valid_parts(geo_copy, name, file, change, shown, left_out):
    full = load_valid_parts(geo_copy)
    assert full.problems == [] and full.dataset is not None
    _edit(geo_copy / file, change)
    got = load_valid_parts(geo_copy)
    assert got.problems, name
    assert all(p.file == file for p in got.problems)
    assert (got.dataset is not None) is shown
    if shown:
        assert got.dataset is not None
        assert any(d.startswith(left_out) for d in got.dropped)
        bad = {p.feature for p in got.problems}
        kept = {c.id for c in got.dataset.claims} | {e.id for e in got.dataset.events}
        assert not bad & kept
        lost = (len(full.dataset.claims) + len(full.dataset.events)
                - len(got.dataset.claims) - len(got.dataset.events))
        assert lost == len(bad)
        assert got.dataset.areas.keys() == full.dataset.areas.keys()
    else:
        assert got.reason


def test_broken_series_file_is_left_out_whole(geo_copy):
    (geo_copy / "claims-deepstate.geojson").write_text('{"type": "FeatureCollection", "feat',
                                                       encoding="utf-8")
    got = load_valid_parts(geo_copy)
    assert [p.file for p in got.problems] == ["claims-deepstate.geojson"]
    assert got.dataset is not None
    assert got.dropped == ["claims-deepstate.geojson: the whole file"]
    layers = {c.layer for c in got.dataset.claims}
    assert "claims" in layers and "deepstate" not in layers


def test_nothing_shown_when_no_claim_is_left(geo_copy):
    (geo_copy / "claims-deepstatemap.geojson").unlink()  # the shipped derived layer
    (geo_copy / "claims.geojson").write_text("[", encoding="utf-8")
    got = load_valid_parts(geo_copy)
    assert got.dataset is None and "no valid claim" in got.reason
