"""URL state round trips (pure, no Streamlit), and the folium fallback's escaping."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from controlmap.dates import PartialDate
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine
from controlmap.model.records import Area, Claim
from controlmap.render.folium_map import build_folium_map
from controlmap.webapp.url_state import BASE_LAYERS, AppState, from_query, to_query

VIEWS = ["assessed", "latest", "disputed", "claimant:ru-official", "claimant:ua-official"]
SPAN = (date(2022, 2, 27), date(2026, 3, 12))
days = st.integers(0, (SPAN[1] - SPAN[0]).days).map(lambda n: SPAN[0] + timedelta(days=n))


@st.composite
def states(draw: st.DrawFn) -> AppState:
    compare = draw(st.sampled_from(["", "view", "date"]))
    center = draw(st.none() | st.tuples(st.integers(-9000000, 9000000),
                                        st.integers(-18000000, 18000000)))
    return AppState(
        date=draw(days), view=draw(st.sampled_from(VIEWS)),
        known_at=draw(st.none() | days), compare=compare,
        compare_view=draw(st.sampled_from(VIEWS)) if compare == "view" else "",
        compare_date=draw(days) if compare == "date" else None,
        diff_from=draw(st.none() | days),
        layers=frozenset(draw(st.sets(st.sampled_from([*BASE_LAYERS, "series-deepstate"])))),
        center=None if center is None else (center[0] / 1e5, center[1] / 1e5),
        zoom=None if center is None else draw(st.sampled_from([8.0, 11.5, 13.0, 16.25])),
    )


@given(states())
def test_url_round_trip(state):
    back = from_query(to_query(state), VIEWS, SPAN, ["deepstate"])
    assert back == state and back.notes == ()


def test_bare_claimant_and_lists_are_accepted():
    s = from_query({"view": ["ru-official"], "date": ["2025-01-01", "2026-01-20"]}, VIEWS, SPAN)
    assert s.view == "claimant:ru-official" and s.date == date(2026, 1, 20)


def test_folium_popups_escape_data_and_load_local_leaflet():
    from shapely.geometry import box

    area = Area("a", "<b>A</b>", "", "district", None, None, {"approximate": True},
                box(37.6, 49.7, 37.61, 49.71))
    note = "<img src=x onerror=alert(1)> {{7*6}} ${alert(2)} `x` \\u"
    claim = Claim(id="c1", date=PartialDate.parse("2025-01-01"), status="ru",
                  claimant="analyst", source_title="T", area="a",
                  source_url="javascript:alert(3)", note=note)
    eng = Engine(Dataset(Path("."), {"a": area}, [claim], []))
    m = build_folium_map(eng, date(2025, 2, 1), "assessed", None, "../x/leaflet/leaflet.js",
                         "../x/leaflet/leaflet.css")
    html = m.get_root().render()
    assert "<img src=x" not in html and "<b>A</b>" not in html
    assert "{{7*6}}" not in html and "${alert" not in html
    content = json.loads(re.search(r'bindPopup\((".*?"), \{maxWidth', html)[1])
    assert "&#123;&#123;7*6&#125;&#125;" in content  # the browser shows {{7*6}} literally
    assert "&lt;img src=x" in content and "42" not in content
    assert "javascript:" not in html
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
    assert "../x/leaflet/leaflet.js" in html


def test_folium_draws_the_series_outline_in_force_only_when_chosen(geo_copy):
    from controlmap.importer.series import SeriesOptions, import_series
    from controlmap.loading import load_dataset
    from tests.conftest import FIXTURES

    import_series(geo_copy, sorted((FIXTURES / "deepstate-excerpt").glob("*.geojson")),
                  SeriesOptions(date_field="date", status="ru", claimant="osint-map",
                                source_title="DeepStateMap", status_outside="ua"))
    eng = Engine(load_dataset(geo_copy))

    def outlines(day: date, series: tuple[str, ...]) -> list[str]:
        m = build_folium_map(eng, day, "assessed", None, "l.js", "l.css", series)
        return re.findall(r'"dashArray": "7 4"', m.get_root().render())

    assert outlines(date(2025, 1, 19), ()) == []
    assert len(outlines(date(2025, 1, 19), ("deepstate",))) == 1
    assert outlines(date(2025, 1, 16), ("deepstate",)) == []  # before the first polygon
