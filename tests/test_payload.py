"""The browser payload: its timeline says what the engine says, on any day, in any view, and
every colour, fade step and word the browser shows comes from the Python palette/wording."""

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
from controlmap.io import columns
from controlmap.loading import load_dataset
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine
from controlmap.model.records import Area, Claim
from controlmap.render import palette, wording
from controlmap.render.browser import MAP_SCRIPTS, index_html, script_paths
from controlmap.render.payload import build_payload, payload_script_json
from controlmap.render.timeline import EPOCH, RULE_ORDER, STATUS_ORDER, build_snapshot, undelta
from controlmap.render.wholes import at_odds
from tests.conftest import GEO, REPO

STATIC = REPO / "src" / "controlmap" / "render" / "static"
HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(2)> {{7*6}} ${x} \u2028"


@pytest.fixture(scope="module")
def shipped() -> tuple[Engine, dict]:
    eng = Engine(load_dataset(GEO))
    return eng, build_payload(eng)


def _day(n: int) -> date | None:
    return None if n < 0 else EPOCH + timedelta(days=n)


_DECODED: dict[tuple[int, str], dict] = {}


def _decoded(payload: dict, view: str) -> dict:
    """One view's timeline decoded as payload_model.js decodes it (delta lists summed)."""
    t = payload["timeline"]["views"][view]
    got = _DECODED.get((id(t), view))
    if got is None:
        got = _DECODED[(id(t), view)] = {
            "days": undelta(t["days"]), "runs": [undelta(r) for r in t["runs"]],
            "claim": [undelta(c) for c in t["claim"]], "conf": [undelta(c) for c in t["conf"]],
            "odds_rows": undelta(t["odds"]["rows"])}
    return got


def _row(payload: dict, view: str, day: date) -> int:
    return bisect.bisect_right(_decoded(payload, view)["days"], (day - EPOCH).days) - 1


def claims_of(payload: dict) -> list[dict]:
    """The claims as records, as payload_model.js makes them from the columns."""
    return columns.decode(payload["claims"])


def lookup(payload: dict, view: str, day: date, area: str) -> dict:
    """What payload_model.js does: the last row day <= day, then the area's last run <= that
    row; the last report is min(conf, day)."""
    tl = payload["timeline"]
    t = tl["views"][view]
    k = _row(payload, view, day)
    j = tl["areas"].index(area)
    if k < 0:
        return {"status": "unknown", "claim": None, "via": None, "rule": "none", "stale": False,
                "last_reported": None}
    dec = _decoded(payload, view)
    r = bisect.bisect_right(dec["runs"][j], k) - 1
    ci, via, conf = dec["claim"][j][r], t["via"][j][r], dec["conf"][j][r]
    n = (day - EPOCH).days
    return {"status": STATUS_ORDER[t["status"][j][r]],
            "claim": claims_of(payload)[ci]["id"] if ci >= 0 else None,
            "via": tl["areas"][via] if via >= 0 else None,
            "rule": tl["rules"][t["rule"][j][r]], "stale": bool(t["stale"][j][r]),
            "last_reported": _day(min(conf, n) if conf >= 0 else -1)}


def also(payload: dict, view: str, day: date, area: str) -> list[str]:
    tl = payload["timeline"]
    t = tl["views"][view]
    k = _row(payload, view, day)
    j = tl["areas"].index(area)
    if k < 0:
        return []
    r = bisect.bisect_right(_decoded(payload, view)["runs"][j], k) - 1
    return [claims_of(payload)[c]["id"] for c in t["also"].get(str(j), {}).get(str(r), [])]


def latest(payload: dict, view: str, day: date) -> date | None:
    t = payload["timeline"]["views"][view]
    k = _row(payload, view, day)
    if k < 0 or t["latest"][k] < 0:
        return None
    return _day(min((day - EPOCH).days, t["latest"][k]))


def odds(payload: dict, view: str, day: date) -> list[str]:
    tl = payload["timeline"]
    t = tl["views"][view]
    k = _row(payload, view, day)
    if k < 0:
        return []
    r = bisect.bisect_right(_decoded(payload, view)["odds_rows"], k) - 1
    return sorted(tl["areas"][j] for j in t["odds"]["sets"][r])


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(min_value=-30, max_value=1900), pick=st.integers(0, 100))
def test_timeline_matches_engine(shipped, offset, pick):
    """Status, claim, via, rule, stale flag and last report of every area, the newest report
    and the wholes at odds: the browser's answer is the engine's, on any day."""
    eng, payload = shipped
    day = eng.dataset.date_span[0] + timedelta(days=offset)
    view = eng.views[pick % len(eng.views)]
    state = eng.state(day, view)
    for area in eng.dataset.areas:
        r = state.areas[area]
        assert lookup(payload, view, day, area) == {
            "status": r.status, "claim": r.claim, "via": r.via, "rule": r.rule,
            "stale": r.stale, "last_reported": r.last_reported}, (view, day, area)
        assert also(payload, view, day, area) == list(r.also), (view, day, area)
    assert latest(payload, view, day) == state.latest_claim
    assert odds(payload, view, day) == [o.area for o in at_odds(eng.dataset, state.areas)]


def test_timeline_rows_cover_every_flip_of_staleness(shipped):
    """Past the last claim the areas go stale one by one: each flip is a row of its own, so
    the browser never needs the horizon rule."""
    eng, payload = shipped
    for view in ("assessed", "latest"):
        t = payload["timeline"]["views"][view]
        last_row = len(t["days"]) - 1
        for j in range(len(t["runs"])):  # in the last row every area with a claim is stale
            assert bool(t["stale"][j][-1]) == (_decoded(payload, view)["claim"][j][-1] >= 0)
            assert _decoded(payload, view)["runs"][j][-1] <= last_row
        last = _day(_decoded(payload, view)["days"][-1])
        assert last is not None
        for d in (last - timedelta(days=1), last, last + timedelta(days=400)):
            for area in eng.dataset.areas:
                assert lookup(payload, view, d, area)["stale"] == eng.state(d, view).areas[
                    area].stale


def test_change_rows_are_the_engines_change_days(shipped):
    """Previous/next change and the slider's ticks step between the engine's change days,
    not the rows added where only staleness flips."""
    eng, payload = shipped
    for view in eng.views:
        t = payload["timeline"]["views"][view]
        days = _decoded(payload, view)["days"]
        assert [_day(days[k]) for k in undelta(t["changes"])] == eng.change_dates(view)


def test_a_daily_series_last_report_follows_the_day_to_its_last_confirmation():
    """A claim confirmed daily until `last_confirmed`: the browser's last report (and so its
    fading) is the engine's on every day around that span."""
    ds = _tiny(day="2025-01-01")
    c = ds.claims[0]
    ds.claims = [Claim(id=c.id, date=c.date, status=c.status, claimant=c.claimant,
                       source_title=c.source_title, area=c.area, source_url=c.source_url,
                       last_confirmed=PartialDate.parse("2025-03-10"))]
    eng = Engine(ds)
    payload = build_payload(eng)
    for offset in range(-3, 200, 7):
        d = date(2025, 1, 1) + timedelta(days=offset)
        for view in eng.views:
            r = eng.state(d, view).areas["a"]
            got = lookup(payload, view, d, "a")
            assert (got["last_reported"], got["stale"]) == (r.last_reported, r.stale), (view, d)
            assert latest(payload, view, d) == eng.state(d, view).latest_claim


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
    source_urls = {c["source_url"] for c in claims_of(payload)} | {
        e["source_url"] for e in payload["events"]}
    assert urls <= source_urls  # only citations, never a script, style or tile
    assert payload["approximate"] is True and payload["approximate_note"]
    assert payload["attribution"], "credits must be shown on the map"


def test_colours_fade_and_words_come_from_the_python_palette(shipped):
    eng, payload = shipped
    pal = payload["palette"]
    for s, style in palette.STYLES.items():
        assert pal["statuses"][s] == {"label": style.label, "fill": style.fill,
                                      "edge": style.edge, "hatch": style.hatch}
    assert pal["reference"] == palette.REFERENCE
    assert pal["fill_opacity"] == palette.FILL_OPACITY
    table = pal["fade"]["table"]
    # The browser's lookup (helpers.js fadeFactor) against the formula, at every age.
    for age in range(0, palette.FADE_OVER + 200):
        assert table[min(age, len(table) - 1)] == pytest.approx(palette.fade(age), abs=1e-4)
    assert pal["fade"]["full_until"] == palette.FADE_FULL_UNTIL
    assert payload["words"] == wording.browser_words()
    assert payload["horizon_days"] == eng.horizon_days == payload["timeline"]["horizon_days"]
    assert payload["timeline"]["rules"] == list(RULE_ORDER)
    assert set(payload["legends"]) == set(eng.views)
    assert [r["label"] for r in payload["legends"]["latest"]
            if r["status"] == "disputed"] == ["Disputed: sides disagree that day"]
    assert "disputed" not in [r["status"] for r in payload["legends"]["assessed"]]


def test_browser_scripts_hold_no_colour_fade_formula_or_partial_date_rule():
    """Colours, the fade and partial dates are the payload's; the map's scripts only use
    them (map.css keeps the colours of the page furniture: toolbar, cards, badges)."""
    for name in MAP_SCRIPTS:
        text = (STATIC / "controlmap" / name).read_text(encoding="utf-8")
        assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", text), name
        assert "floor" not in text and "full_until -" not in text, name
        assert "\\d{4}" not in text and "(+p[1] || 1)" not in text, name


def _tiny(url: str = "https://example.org/a", note: str = "n", title: str = "T",
          name: str = "", day: str = "2025-01-01") -> Dataset:
    from shapely.geometry import box

    areas = {"a": Area("a", "A</script>", "", "district", None, None, {"approximate": True},
                       box(37.6, 49.7, 37.61, 49.71))}
    claim = Claim(id="c1", date=PartialDate.parse(day), status="ua",
                  claimant="analyst", source_title=title, area="a", source_url=url, note=note,
                  claimant_name=name)
    return Dataset(Path("."), areas, [claim], [])


@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a", "https://example.org/a"),
    ("", ""),
    ("javascript:alert(1)", ""),
    ("data:text/html,<b>", ""),
    ("http://x.org/\"onmouseover=", ""),
])
def test_only_http_links_reach_the_browser(url, kept):
    payload = build_payload(Engine(_tiny(url)))
    assert claims_of(payload)[0]["source_url"] == kept


@pytest.mark.parametrize("written, shown", [
    ("2022-09-10", "2022-09-10"), ("2022-09", "Sep 2022"), ("2023", "2023"),
])
def test_claims_carry_their_date_as_written(written, shown):
    c = claims_of(build_payload(Engine(_tiny(day=written))))[0]
    assert (c["date"], c["date_text"]) == (written, shown)
    assert c["start"] == PartialDate.parse(written).start.isoformat()


def test_source_without_link_is_named_precisely():
    c = claims_of(build_payload(Engine(_tiny(url="", title="ISW, 19 January",
                                             name="G. Barros"))))[0]
    assert c["source_url"] == "" and c["source_name"] == "ISW, 19 January (G. Barros)"


def test_hostile_strings_stay_data_in_the_script_element():
    payload = build_payload(Engine(_tiny(note=HOSTILE, title=HOSTILE, name=HOSTILE)))
    text = payload_script_json(payload)
    assert "</script" not in text.lower() and "<" not in text and ">" not in text
    assert "\u2028" not in text
    back = claims_of(json.loads(text))[0]
    assert back["note"] == back["source_title"] == back["claimant_name"] == HOSTILE


def test_span_reaches_until_when_the_data_stops_earlier():
    eng = Engine(_tiny())
    assert build_payload(eng)["span"]["last"] == "2025-01-01"
    assert build_payload(eng, until=date(2026, 11, 30))["span"]["last"] == "2026-11-30"


def test_static_files_name_no_remote_asset_but_the_optional_basemap():
    pages = [("index.html", index_html())] + [
        (p.name, p.read_text(encoding="utf-8")) for p in sorted((STATIC / "controlmap").glob("*"))]
    for name, text in pages:
        urls = set(re.findall(r"https?://[^\s\"')]+", text))
        urls = {u for u in urls if "w3.org/2000/svg" not in u}  # an XML namespace, not fetched
        assert urls <= {"https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                        "https://tile.openstreetmap.org;"}, (name, urls)


def test_map_scripts_load_in_one_order_everywhere_and_stay_small():
    """The component's page lists MAP_SCRIPTS in order, between Leaflet and the Streamlit
    bridge; every script of the map is in the list, and each stays a small file."""
    srcs = re.findall(r'<script src="([^"]+)"', index_html())
    assert srcs == script_paths(bridge=True) == [
        "leaflet/leaflet.js", "rbush/rbush.min.js", *(f"controlmap/{n}" for n in MAP_SCRIPTS),
        "controlmap/streamlit_bridge.js"]
    on_disk = {p.name for p in (STATIC / "controlmap").glob("*.js")}
    assert on_disk == {*MAP_SCRIPTS, "streamlit_bridge.js"}
    assert not (STATIC / "index.html").exists()  # generated from MAP_SCRIPTS, never hand-kept
    for name in on_disk:
        lines = (STATIC / "controlmap" / name).read_text("utf-8").count("\n")
        assert lines < 400, (name, lines)


def test_display_doc_states_the_palette_numbers_and_the_script_order():
    """docs/map-display.md says what the code does: fade span, floor, horizon, script order."""
    from controlmap.model.engine import DEFAULT_HORIZON_DAYS

    doc = (REPO / "docs" / "map-display.md").read_text(encoding="utf-8")
    assert f"full strength up to {palette.FADE_FULL_UNTIL} days" in doc
    assert f"{round(palette.FADE_FLOOR * 100)} % of full strength at {palette.FADE_OVER} days" \
        in doc
    assert f"({DEFAULT_HORIZON_DAYS} days by default" in doc
    assert f"{round(palette.FILL_OPACITY['unknown'] * 100)} % opacity" in doc
    listed = re.findall(r"^\| `([a-z_]+\.js)` \|", doc, flags=re.MULTILINE)
    assert listed == list(MAP_SCRIPTS)
    for words in (wording.NO_PUBLIC_LINK, "Disputed: sides disagree that day",
                  wording.RULE_WORDS["officials-agree"]):
        assert words in doc


@pytest.mark.parametrize("rows", [
    [],
    [{"a": 1}],
    [{"a": i % 3, "b": f"x{i}", "c": None if i % 2 else [i, {"k": i % 2}]} for i in range(40)],
    [{"a": True}, {"a": 1}, {"a": 1.0}, {"a": "1"}, {"a": None}, {"a": 1}, {"a": 1}, {"a": 1},
     {"a": 1}, {"a": 1}],
    # texts and None only (the fast path): repeating, and mostly distinct
    [{"a": None if i % 3 else f"t{i % 2}", "b": f"u{i}", "c": ""} for i in range(10)],
])
def test_claim_columns_decode_to_the_records(rows):
    """Columns give back the very records, types and all (True is not 1, nor "1")."""
    doc = columns.encode(rows)
    back = columns.decode(json.loads(json.dumps(doc)))
    assert back == rows and [list(r) for r in back] == [list(r) for r in rows]
    assert all(type(x[k]) is type(y[k]) for x, y in zip(back, rows, strict=True) for k in x)


def test_claims_are_sent_as_columns_a_repeating_field_once(shipped):
    eng, payload = shipped
    cols = payload["claims"]["columns"]
    assert payload["claims"]["n"] == len(eng.claims)
    assert isinstance(cols["claimant"], dict) and len(cols["claimant"]["values"]) == len(
        eng.claimants)
    assert [c["id"] for c in claims_of(payload)] == [c.id for c in eng.claims]


@pytest.mark.parametrize("known_at", [None, date(2025, 12, 1)])
def test_km2_from_the_timeline_is_the_engines(shipped, known_at):
    """The app's km² chart is read from the timeline the map draws; it must say what the
    engine's own series says, in every view."""
    from controlmap.render import payload_cache

    eng, _ = shipped
    for view in eng.views:
        want = eng.km2_series(view, known_at)
        got = payload_cache.km2_series(eng, view, known_at)
        assert [d for d, _ in got] == [d for d, _ in want], view
        for (_, a), (_, b) in zip(got, want, strict=True):
            assert a == pytest.approx(b, abs=1e-3), view


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_claim_columns_say_what_each_claims_record_says(shipped, lang):
    """The payload's claim columns are made from the claim table's columns; they must say,
    claim for claim, what `_claim` makes of each record."""
    from controlmap.render.payload_claims import claim_columns, claim_record

    eng, _ = shipped
    got = columns.decode(json.loads(json.dumps(claim_columns(eng, lang))))
    assert got == [claim_record(c, lang) for c in eng.claims]


@settings(max_examples=40, deadline=None)
@given(offset=st.integers(min_value=-30, max_value=1900), pick=st.integers(0, 100))
def test_a_snapshot_says_what_the_timeline_says_on_its_day(shipped, offset, pick):
    """A first start paints one day (`build_snapshot`) while the history is built: on that
    day every area, the newest report and the wholes at odds read as in the full timeline,
    from an engine that has walked nothing yet."""
    eng, payload = shipped
    day = eng.dataset.date_span[0] + timedelta(days=offset)
    view = eng.views[pick % len(eng.views)]
    snap = {"timeline": build_snapshot(Engine(eng.dataset), view, day),
            "claims": payload["claims"]}
    _DECODED.clear()  # keyed by id(): a freed snapshot's id may come back
    assert snap["timeline"]["views"][view]["snapshot"] is True
    assert list(_decoded(snap, view)["days"]) == [(day - EPOCH).days]
    for area in eng.dataset.areas:
        assert lookup(snap, view, day, area) == lookup(payload, view, day, area), (view, area)
        assert also(snap, view, day, area) == also(payload, view, day, area), (view, area)
    assert latest(snap, view, day) == latest(payload, view, day)
    assert odds(snap, view, day) == odds(payload, view, day)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_app_sends_the_claims_apart_the_same_claims(shipped, lang, tmp_path, monkeypatch):
    """The app's base leaves the claims out (null) and sends `claims_json` after the first
    paint: the very member the whole payload holds, in the page's language."""
    from controlmap.render import payload_cache

    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))
    eng, _ = shipped
    base = json.loads(payload_cache.base_json(eng, lang=lang, claims=False))
    whole = json.loads(payload_cache.base_json(eng, lang=lang))
    assert base["claims"] is None and whole["claims"]["n"] == len(eng.claims)
    assert {k: v for k, v in base.items() if k != "claims"} == {
        k: v for k, v in whole.items() if k != "claims"}
    assert payload_cache.cached_claims_json(eng, lang) is None
    assert json.loads(payload_cache.claims_json(eng, lang)) == whole["claims"]
    assert payload_cache.cached_claims_json(eng, lang) == payload_cache.claims_json(eng, lang)
