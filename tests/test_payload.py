"""The browser payload: its timeline says what the engine says, on any day, in any view."""

from __future__ import annotations

import bisect
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.dates import PartialDate
from controlmap.loading import load_dataset
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine
from controlmap.model.records import Claim
from controlmap.render.payload import MAP_SCRIPTS, build_payload, payload_script_json
from controlmap.render.timeline import STATUS_ORDER
from tests.conftest import GEO, REPO

STATIC = REPO / "src" / "controlmap" / "render" / "static"


@pytest.fixture(scope="module")
def shipped() -> tuple[Engine, dict]:
    eng = Engine(load_dataset(GEO))
    return eng, build_payload(eng)


def lookup(payload: dict, view: str, day: date, area: str) -> dict:
    """What map.js does: the last change day <= day, then the area's column."""
    tl = payload["timeline"]
    t = tl["views"][view]
    k = bisect.bisect_right(t["days"], day.isoformat()) - 1
    j = tl["areas"].index(area)
    if k < 0:
        return {"status": "unknown", "claim": None, "via": None}
    ci, via = t["claim"][k][j], t["via"][k][j]
    return {"status": STATUS_ORDER[t["status"][k][j]],
            "claim": payload["claims"][ci]["id"] if ci >= 0 else None,
            "via": tl["areas"][via] if via >= 0 else None}


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(min_value=-30, max_value=1600), pick=st.integers(0, 100))
def test_timeline_matches_engine(shipped, offset, pick):
    eng, payload = shipped
    day = eng.dataset.date_span[0] + timedelta(days=offset)
    view = eng.views[pick % len(eng.views)]
    state = eng.state(day, view)
    for area in eng.dataset.areas:
        r = state.areas[area]
        assert lookup(payload, view, day, area) == {
            "status": r.status, "claim": r.claim, "via": r.via}, (view, day, area)


def test_areas_parents_first_and_complete(shipped):
    eng, payload = shipped
    ids = [f["properties"]["id"] for f in payload["areas"]["features"]]
    assert sorted(ids) == sorted(eng.dataset.areas)
    assert ids == payload["timeline"]["areas"]
    for i, aid in enumerate(ids):
        parent = eng.dataset.areas[aid].parent
        if parent:
            assert ids.index(parent) < i


def test_payload_is_json_and_names_no_remote_asset(shipped):
    _, payload = shipped
    text = json.dumps(payload)
    urls = set(re.findall(r"https?://[^\"\s]+", text))
    source_urls = {c["source_url"] for c in payload["claims"]} | {
        e["source_url"] for e in payload["events"]} | {s["url"] for s in payload["sources"]}
    assert urls <= source_urls  # only citations, never a script, style or tile
    assert payload["approximate"] is True and payload["approximate_note"]
    assert payload["attribution"], "credits must be shown on the map"


def _tiny(url: str, note: str) -> Dataset:
    from shapely.geometry import box

    from controlmap.model.records import Area
    areas = {"a": Area("a", "A</script>", "", "district", None, None, {"approximate": True},
                       box(37.6, 49.7, 37.61, 49.71))}
    claim = Claim(id="c1", date=PartialDate.parse("2025-01-01"), status="ua",
                  claimant="analyst", source_title="T", area="a", source_url=url, note=note)
    return Dataset(Path("."), areas, [claim], [])


@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a", "https://example.org/a"),
    ("javascript:alert(1)", ""),
    ("data:text/html,<b>", ""),
    ("http://x.org/\"onmouseover=", ""),
])
def test_only_http_links_reach_the_browser(url, kept):
    payload = build_payload(Engine(_tiny(url, "n")))
    assert payload["claims"][0]["source_url"] == kept


def test_script_json_cannot_close_the_script_element():
    payload = build_payload(Engine(_tiny("", "</script><script>alert(1)</script>")))
    text = payload_script_json(payload)
    assert "</script" not in text.lower() and "<" not in text
    assert json.loads(text)["claims"][0]["note"] == "</script><script>alert(1)</script>"


def test_static_files_name_no_remote_asset_but_the_optional_basemap():
    for path in [STATIC / "index.html", *sorted((STATIC / "controlmap").glob("*"))]:
        urls = set(re.findall(r"https?://[^\s\"')]+", path.read_text(encoding="utf-8")))
        urls = {u for u in urls if "w3.org/2000/svg" not in u}  # an XML namespace, not fetched
        assert urls <= {"https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                        "https://tile.openstreetmap.org;"}, (path.name, urls)


def test_map_scripts_load_in_one_order_everywhere_and_stay_small():
    """index.html lists MAP_SCRIPTS in order, between Leaflet and the Streamlit bridge; every
    script of the map is in the list, and each stays a small file."""
    srcs = re.findall(r'<script src="([^"]+)"', (STATIC / "index.html").read_text("utf-8"))
    assert srcs == ["leaflet/leaflet.js", *(f"controlmap/{n}" for n in MAP_SCRIPTS),
                    "controlmap/streamlit_bridge.js"]
    on_disk = {p.name for p in (STATIC / "controlmap").glob("*.js")}
    assert on_disk == {*MAP_SCRIPTS, "streamlit_bridge.js"}
    for name in on_disk:
        lines = (STATIC / "controlmap" / name).read_text("utf-8").count("\n")
        assert lines < 400, (name, lines)
