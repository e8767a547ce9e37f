"""The Streamlit page without a browser (AppTest): widgets, URL round trips, errors."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.wording import date_as_written
from controlmap.webapp.tables import md_escape
from tests.conftest import GEO, REPO

APP = str(REPO / "app.py")


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    for var in ("CONTROLMAP_MAP", "CONTROLMAP_EDIT_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CONTROLMAP_DATA", str(GEO))


def run(params: dict[str, str] | None = None, map_up: bool = True) -> AppTest:
    """The page after its first run; `map_up`: as if the map had drawn and reported (its
    bridge does so once in a browser), so the tables below it are there too."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if map_up:
        at.session_state["controlmap-map"] = {}
    return at.run()


def component_args(at: AppTest) -> dict:
    comps = [e for e in at.get("component_instance")]
    assert comps, "the map component was not rendered"
    return json.loads(comps[0].proto.json_args)


def test_page_renders_on_shipped_data():
    at = run()
    assert not at.exception
    assert "Kupiansk" in at.title[0].value
    assert not at.error
    args = component_args(at)
    assert args["payload_url"].startswith("data/base-") and args["view"] == "assessed"
    last = Engine(load_dataset(GEO)).dataset.date_span[1]
    assert args["date"] >= last.isoformat()
    assert at.query_params["date"] == args["date"]


def test_component_args_name_no_remote_asset():
    at = run({"layers": "basemap,towns,oskil"})
    text = json.dumps(component_args(at))
    assert not re.search(r"https?://", text)
    # The basemap is only a user's choice, passed as a flag; its tiles are the only remote URL
    # the map may ever ask for.
    assert component_args(at)["layers"]["basemap"] is True


def test_query_params_restore_state():
    at = run({"date": "2026-01-20", "view": "claimant:ru-official", "known_at": "2026-01-16",
              "compare": "view:claimant:ua-official", "diff": "2025-11-19",
              "center": "49.71,37.62", "zoom": "13"})
    assert not at.exception
    args = component_args(at)
    assert args["date"] == "2026-01-20" and args["view"] == "claimant:ru-official"
    assert args["compare"] == {"mode": "view", "view": "claimant:ua-official"}
    assert args["diff"] == {"from": "2025-11-19"}
    assert args["center"] == [49.71, 37.62] and args["zoom"] == 13
    # the timelines of the views on screen only: the map asks for the others once it is up
    assert sorted(args["timelines"]) == ["claimant:ru-official", "claimant:ua-official"]
    assert all(u.startswith("data/timeline-") for u in args["timelines"].values())
    assert args["known_at"] == "2026-01-16"
    assert at.selectbox(key="w_view").value == "claimant:ru-official"
    assert at.toggle(key="w_known_on").value is True
    assert at.text_input(key="t_w_known_at").value == "2026-01-16"
    assert at.query_params["known_at"] == "2026-01-16"
    assert at.query_params["compare"] == "view:claimant:ua-official"


def test_widgets_write_the_url():
    at = run({"date": "2026-01-20"})
    at.selectbox(key="w_view").set_value("disputed").run()
    assert at.query_params["view"] == "disputed"
    at.radio(key="w_compare").set_value("date").run()
    at.text_input(key="t_w_compare_date").input("2025-11-20").run()
    assert at.query_params["compare"] == "date:2025-11-20"
    assert component_args(at)["compare"] == {"mode": "date", "date": "2025-11-20"}
    at.toggle(key="w_diff_on").set_value(True).run()
    assert "diff" in at.query_params
    at.checkbox(key="w_layer_hromadas").check().run()
    assert "hromadas" in at.query_params["layers"]
    assert component_args(at)["layers"]["hromadas"] is True
    # A known-at date changes the timeline the map is sent, not the geometry.
    url0 = component_args(at)
    at.toggle(key="w_known_on").set_value(True).run()
    at.text_input(key="t_w_known_at").input("2025-12-01").run()
    url1 = component_args(at)
    assert url1["payload_url"] == url0["payload_url"]
    assert url1["timelines"]["disputed"] != url0["timelines"]["disputed"]
    assert not at.exception


def test_a_typed_date_applies_on_enter_and_a_bad_one_says_why():
    # A text input commits on Enter (AppTest's input + run is that commit).
    at = run({"date": "2026-01-20", "diff": "2025-11-19"})
    at.text_input(key="t_w_diff_from").input("2025-10-01").run()
    assert at.query_params["diff"] == "2025-10-01"
    assert component_args(at)["diff"] == {"from": "2025-10-01"}
    at.text_input(key="t_w_diff_from").input("2025-13-40").run()
    assert at.query_params["diff"] == "2025-10-01"
    assert any("Changes since" in e.value and "2025-10-01" in e.value for e in at.error)
    assert not at.exception


def test_a_url_the_app_did_not_write_seeds_the_state_again():
    # Back/Forward reruns the page with that entry's URL: the page follows it instead of
    # writing its own state back over it.
    at = run({"date": "2026-01-20", "view": "disputed"})
    rev0 = component_args(at)["rev"]
    at.query_params["date"] = "2025-11-20"
    at.query_params["view"] = "assessed"
    at.run()
    args = component_args(at)
    assert (args["date"], args["view"]) == ("2025-11-20", "assessed")
    assert args["rev"] == rev0 + 1 and at.selectbox(key="w_view").value == "assessed"
    assert at.query_params["date"] == "2025-11-20"
    # Back from another page (the query dropped): the session's state stays and is written.
    for key in list(at.query_params):
        del at.query_params[key]
    at.run()
    assert component_args(at)["date"] == "2025-11-20" and at.query_params["view"] == "assessed"


def test_bad_link_values_fall_back_with_a_note():
    at = run({"date": "1999-01-01", "view": "nonsense", "zoom": "abc"})
    assert not at.exception
    assert component_args(at)["view"] == "assessed"
    notes = " ".join(w.value for w in at.warning)
    assert "date" in notes and "view" in notes and "zoom" in notes


def test_invalid_data_lists_the_validator_messages(geo_copy, monkeypatch):
    (geo_copy / "claims-deepstatemap.geojson").unlink()  # else its claims are still drawn
    (geo_copy / "claims.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                             encoding="utf-8")
    monkeypatch.setenv("CONTROLMAP_DATA", str(geo_copy))
    at = run()
    assert not at.exception
    assert at.error and "cannot be shown" in at.error[0].value
    assert "claims.geojson" in at.code[0].value and "line" in at.code[0].value


def test_invalid_claim_lists_the_problem_and_still_draws_the_map(geo_copy, monkeypatch):
    path = geo_copy / "claims.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    bad = doc["features"][0]["properties"]
    bad["status"] = "maybe"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CONTROLMAP_DATA", str(geo_copy))
    at = run()
    assert not at.exception
    assert at.error and "1 problem(s)" in at.error[0].value
    assert "cannot be shown" not in at.error[0].value
    assert f"claims.geojson:{bad['id']}:properties.status" in at.code[0].value
    assert f"claims.geojson: {bad['id']}" in at.code[1].value
    args = component_args(at)  # the map is drawn from the valid part
    assert args["payload_url"].startswith("data/base-")
    ids = at.dataframe[0].value["Claim id"].tolist()
    assert ids and bad["id"] not in ids  # a claim of 2022: listed on valid data


def test_claims_table_and_area_history_follow_the_date():
    at = run({"date": "2026-01-20"})
    frames = at.dataframe
    assert frames, "claims table missing"
    claims = frames[0].value
    eng = Engine(load_dataset(GEO))
    starts = [eng.claims_by_id[c].date.start for c in claims["Claim id"]]
    assert max(starts) <= date(2026, 1, 20)
    # Dates as written ("Sep 2022"), links only where there is one, never "None".
    assert claims["Date"].tolist() == [date_as_written(eng.claims_by_id[c].date)
                                       for c in claims["Claim id"]]
    links = claims["Link"][claims["Link"] != ""]
    assert links.str.match(r"^https?://").all()
    assert "None" not in claims.astype(str).to_numpy().ravel().tolist()


def test_folium_fallback_uses_local_leaflet(monkeypatch):
    monkeypatch.setenv("CONTROLMAP_MAP", "folium")
    at = run({"date": "2026-01-20"})
    assert not at.exception
    comps = at.get("component_instance")
    args = json.loads(comps[0].proto.json_args)
    assets = args["js_links"] + args["css_links"]
    assert assets and all(not re.match(r"https?://", a) for a in assets)
    assert any(a.endswith("leaflet/leaflet.js") for a in assets)
    assert not re.search(r"<script[^>]+src=\"?https?://", args.get("header", ""))


def test_edit_page_only_with_token(monkeypatch):
    from controlmap.webapp import navigation

    calls: list[list[str]] = []

    class FakeNav:
        def run(self) -> None:
            return None

    def fake_navigation(pages, position="sidebar"):
        calls.append([p["title"] for p in pages])
        return FakeNav()

    monkeypatch.setattr(navigation.st, "Page", lambda fn, **kw: {"fn": fn, **kw})
    monkeypatch.setattr(navigation.st, "navigation", fake_navigation)
    navigation.run()
    monkeypatch.setenv("CONTROLMAP_EDIT_TOKEN", "secret")
    navigation.run()
    assert calls == [["Map", "Track record"], ["Map", "Track record", "Edit"]]


def test_area_tab_gives_the_maps_answer_and_the_wholes_line(geo_copy, monkeypatch):
    """The Area tab says what the map's popup says: a part of a whole that says otherwise
    shows the whole's line; a stale status is marked; no dead link, no None."""
    from tests.data_wholes import write_whole_claims

    monkeypatch.setenv("CONTROLMAP_DATA", str(write_whole_claims(geo_copy)))
    at = run({"date": "2026-01-20"})
    assert not at.exception
    area_box = next(s for s in at.selectbox if s.label == "Area")
    at = area_box.set_value("kupiansk-right-north").run()
    assert not at.exception
    lines = [w.value for w in at.warning]
    assert md_escape("Kupiansk as a whole: Contested / grey zone (Analysts, 2026-01-10); "
                     "parts of it show Ukrainian-held") in lines
    captions = " ".join(c.value for c in at.caption)
    assert "last reported 2026-01-12" in captions and "no public link" in captions
    assert "None" not in captions
    # Past the horizon, the status is marked stale.
    at = run({"date": "2026-11-30"})
    area_box = next(s for s in at.selectbox if s.label == "Area")
    at = area_box.set_value("kupiansk-right-north").run()
    assert any("— Ukrainian-held — **stale**" in m.value for m in at.markdown)


@pytest.mark.parametrize(("lang", "said"), [("en", "The map could not load its data:"),
                                            ("uk", "Карта не змогла завантажити свої дані:")])
def test_load_failure_line_comes_in_the_page_language(lang, said):
    """The bridge shows this before the payload's words arrive, so the page sends it."""
    assert component_args(run({"lang": lang}))["words"] == {"load_failed": said}


def test_views_the_map_asks_for_join_its_timelines():
    """The map reports `views` (the claimants' own, for the cards) once it is up; the next
    args carry their timelines beside the shown view's. Names that are no view are dropped."""
    at = run({"date": "2026-01-20", "view": "assessed"})
    assert list(component_args(at)["timelines"]) == ["assessed"]
    at.session_state["controlmap-map"] = {"date": "2026-01-20",
                                          "views": ["claimant:ru-official", "nonsense"]}
    at.run()
    assert not at.exception
    assert list(component_args(at)["timelines"]) == ["assessed", "claimant:ru-official"]


def test_tables_wait_for_the_map_then_follow():
    """The first run sends the map and says the rest follows: at 100,000 claims the tables
    built in the same run held up the map's data by seconds. The map's first report (even a
    failure's) brings them."""
    at = run({"date": "2026-01-20"}, map_up=False)
    assert not at.exception
    assert component_args(at)["timelines"]
    assert not at.tabs and not at.dataframe
    assert any("follow once the map is drawn" in c.value for c in at.caption)
    for report in ({"date": "2026-01-20", "views": []}, {"failed": True}):
        at = run({"date": "2026-01-20"}, map_up=False)
        at.session_state["controlmap-map"] = report
        at.run()
        assert not at.exception
        assert at.tabs and at.dataframe, report
        assert not any("follow once the map is drawn" in c.value for c in at.caption)


def test_timelines_build_on_a_daemon_thread_so_ctrl_c_never_waits_for_one():
    """An executor's worker is joined at exit: SIGTERM waited for a build (a minute at
    100,000 claims). The builder is a daemon; what it writes is renamed into place."""
    import threading

    from controlmap.webapp import map_component

    builders = [t for t in threading.enumerate() if t.name == "controlmap-timeline"]
    assert len(builders) == 1 and builders[0].daemon
    assert map_component._JOBS.empty() or builders[0].is_alive()
