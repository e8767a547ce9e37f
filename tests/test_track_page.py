"""The Track record page without a browser (AppTest): what it shows, its links, its escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from controlmap.loading import load_dataset
from controlmap.model.track_record import TrackRecord, track_record
from controlmap.webapp.track_page import (
    COLUMNS,
    NOTHING,
    claims_frame,
    map_link,
    summary_frame,
)
from controlmap.webapp.url_state import from_query
from tests.conftest import GEO


def _page() -> None:
    from controlmap.webapp.track_page import render_track_page

    render_track_page()


def run(data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CONTROLMAP_DATA", str(data))
    return AppTest.from_function(_page, default_timeout=120).run()


def test_page_shows_a_section_per_claimant(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(GEO, monkeypatch)
    assert not at.exception and not at.error
    assert at.title[0].value.startswith("Track record")
    rec = track_record(load_dataset(str(GEO)))
    claimants = {j.claim.claimant for j in rec.judgements}
    assert len(at.subheader) == len(claimants)
    assert {s.value for s in at.subheader} >= {"Russian officials", "Ukrainian officials"}
    summary = at.dataframe[0].value
    assert list(summary["Judged"])[0] > 0
    # one table per claimant after the summary, one row per judged claim
    assert sum(len(df.value) for df in at.dataframe[1:]) == len(rec.judgements)


def test_settings_change_the_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(GEO, monkeypatch)
    at.sidebar.multiselect(key="tr_kinds").set_value([]).run()
    assert not at.exception
    tables = at.dataframe[1:]
    assert all(set(df.value[COLUMNS["verdict"]]) == {"Unverified"} for df in tables)
    at.sidebar.multiselect(key="tr_claimants").set_value([]).run()
    assert at.info[0].value == NOTHING


def test_map_link_opens_the_claimants_view_beside_assessed() -> None:
    ds = load_dataset(str(GEO))
    rec = track_record(ds)
    j = next(j for j in rec.judgements if j.claim.claimant == "ru-official")
    span = (ds.date_span[0], ds.date_span[1])
    link = map_link(j, span)
    assert link.startswith("./?")
    params = dict(parse_qsl(link[3:]))
    state = from_query(params,
                       ["assessed", "latest", "disputed", "claimant:ru-official"], span)
    assert state.notes == ()
    assert (state.date, state.view, state.compare, state.compare_view) == \
        (j.claim.date.start, "claimant:ru-official", "view", "assessed")


def test_partial_dates_link_to_their_last_day() -> None:
    ds = load_dataset(str(GEO))
    j = next(j for j in track_record(ds).judgements if str(j.claim.date) == "2022-09")
    assert "date=2022-09-30&" in map_link(j, ds.date_span)


def test_frames() -> None:
    ds = load_dataset(str(GEO))
    rec = track_record(ds)
    s = summary_frame(rec)
    assert {"Claimant", "Named source", "Judged", "Confirmed", "Contradicted"} <= set(s.columns)
    assert s["Confirmed"].str.fullmatch(r"\d+ \(\d+%\)").all()
    mine = [j for j in rec.judgements if j.claim.claimant == "ua-official"]
    df = claims_frame(mine, ds, ds.date_span)
    assert list(df.columns)[0] == COLUMNS["map"] and len(df) == len(mine)
    assert "None" not in set(df[COLUMNS["days"]])
    assert summary_frame(TrackRecord(rec.settings)).empty


def _detail(data: str) -> None:
    from controlmap.loading import load_dataset
    from controlmap.model.track_record import track_record
    from controlmap.webapp.track_page import show_detail

    ds = load_dataset(data)
    j = next(j for j in track_record(ds).judgements if j.deciding)
    show_detail(j, ds)


def test_hostile_text_is_shown_as_text(geo_copy: Path) -> None:
    path = geo_copy / "claims.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    evil = "<img src=x onerror=alert(1)> [click](javascript:alert(2)) **bold**"
    for f in fc["features"]:
        f["properties"]["source_title"] = evil
        f["properties"]["claimant_name"] = evil
    path.write_text(json.dumps(fc), encoding="utf-8")
    at = AppTest.from_function(_detail, args=(str(geo_copy),), default_timeout=120).run()
    assert not at.exception
    md = "\n".join(m.value for m in at.markdown)
    assert "onerror" in md and "click" in md  # shown...
    # ...inert: every markup character of the data escaped
    assert not re.search(r"(?<!\\)(<img|\*\*bold|\]\(javascript)", md)
    assert "\\<img" in md and "\\*\\*bold" in md
    assert "(<https://" in md  # real source links stay links
