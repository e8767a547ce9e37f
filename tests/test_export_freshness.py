"""Exports say what the map says: how old its newest information is (under the title), the
whole at odds with its parts (outlined, and in words), sources without a public link named
as such, partial dates as written. PNG/PDF, HTML and GeoJSON alike."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.export import briefing_map, draw_state, export_bytes, page_text
from controlmap.render.palette import style
from controlmap.render.wording import NO_PUBLIC_LINK, date_as_written, freshness
from tests.test_export_data import _claim, make_data

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DAY = date(2026, 1, 20)
LATE = date(2026, 11, 30)  # 308 days after the newest claim below: past the 60-day horizon
CLAIMS = [
    # The city as a whole is contested, while its parts' own newer claims say Ukrainian-held.
    _claim("2026-01-10", "analyst", "kupiansk", "contested", "ISW, 10 January"),
    _claim("2026-01-12", "analyst", "kupiansk-right-bank", "ua", "ISW, 12 January"),
    _claim("2026-01-12", "osint-map", "kupiansk-left-bank", "ua", "DeepStateMap, 12 Jan"),
    # No public link, and a month-only date.
    {**_claim("2025-09", "media", "kivsharivka", "ru", "Radio broadcast, September", url=""),
     "properties": {**_claim("2025-09", "media", "kivsharivka", "ru",
                             "Radio broadcast, September", url="")["properties"],
                    "published": "2025-10-02"}},
    _claim("2026-01-14", "analyst", "petropavlivka", "ua", "ISW, 14 January"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    dst = make_data(tmp_path_factory.mktemp("fresh") / "geo")
    coll = {"type": "FeatureCollection", "attribution": "Claims: test set", "features": CLAIMS}
    (dst / "claims.geojson").write_text(json.dumps(coll), encoding="utf-8")
    return Engine(load_dataset(dst))


def _pdf_text(engine: Engine, day: date) -> str:
    data, _, _ = export_bytes(engine, day, "assessed", None, "pdf", now=NOW)
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_freshness_line_words():
    assert freshness(date(2026, 8, 22), date(2026, 11, 30), 60) == (
        "Latest report 2026-08-22, 100 days before this date: past the 60-day horizon, so "
        "the map shows the last thing known, not current positions.", True)
    assert freshness(date(2026, 1, 19), date(2026, 1, 20), 60) == (
        "Latest report 2026-01-19, 1 day before this date.", False)
    assert freshness(None, date(2026, 1, 20), 60)[1] is False


@pytest.mark.parametrize(("written", "shown"), [
    ("2022-09-10", "2022-09-10"), ("2022-09", "Sep 2022"), ("2023", "2023"), (None, ""),
])
def test_dates_as_written(written: str | None, shown: str) -> None:
    assert date_as_written(written) == shown


def test_pdf_says_how_old_the_newest_report_is_under_the_title(engine: Engine) -> None:
    state = engine.state(LATE, "assessed")
    want, stale = freshness(state.latest_claim, LATE, engine.horizon_days)
    assert stale and state.latest_claim == date(2026, 1, 14)
    text = _pdf_text(engine, LATE)
    assert want in text
    assert "Latest report 2026-01-14, 320 days before this date: past the 60-day horizon" in text
    # Placed between the subtitle and the map, in the warning colour.
    page = briefing_map(engine, "slide")
    draw_state(page, engine, state, None, NOW)
    assert " ".join(page.freshness.get_text().split()).endswith(want)
    # Under the subtitle and above the key (beside the map on a landscape page).
    renderer = page.fig.canvas.get_renderer()
    sub, fresh = (t.get_window_extent(renderer) for t in (page.subtitle, page.freshness))
    assert page._legend is not None
    key = page._legend.get_window_extent(renderer)
    assert sub.y0 >= fresh.y1 and fresh.y0 > key.y1
    assert page.freshness.get_fontweight() == "bold"


def test_fresh_date_line_is_plain(engine: Engine) -> None:
    text = _pdf_text(engine, DAY)
    assert "Latest report 2026-01-14, 6 days before this date." in text
    assert "past the" not in text


def test_source_without_url_says_no_public_link_in_every_export(engine: Engine) -> None:
    text = _pdf_text(engine, DAY)
    assert f"Radio broadcast, September Sep 2025 (Kivsharivka) {NO_PUBLIC_LINK}" in text
    assert "Sep 2025" in text and "2025-09-01" not in text
    page = export_bytes(engine, DAY, "assessed", None, "html", now=NOW)[0].decode()
    aside = page[page.index("<aside>"):page.index("</aside>")]
    item = next(li for li in re.findall(r"<li>.*?</li>", aside) if "Radio broadcast" in li)
    assert "<a " not in item and f"({NO_PUBLIC_LINK})" in item and "Sep 2025" in item
    assert "None" not in aside
    geo = json.loads(export_bytes(engine, DAY, "assessed", None, "geojson", now=NOW)[0])
    kiv = next(f["properties"] for f in geo["features"] if f["properties"]["id"] == "kivsharivka")
    assert (kiv["source_url"], kiv["source_link"], kiv["since_text"]) == (
        None, NO_PUBLIC_LINK, "Sep 2025")


def test_html_and_geojson_carry_the_freshness_line(engine: Engine) -> None:
    want, _ = freshness(date(2026, 1, 14), LATE, engine.horizon_days)
    page = export_bytes(engine, LATE, "assessed", None, "html", now=NOW)[0].decode()
    header = page[page.index("<header>"):page.index("</header>")]
    assert f'<p class="freshness stale">{want}</p>' in header
    geo = json.loads(export_bytes(engine, LATE, "assessed", None, "geojson", now=NOW)[0])
    meta = geo["properties"]
    assert (meta["freshness"], meta["past_horizon"], meta["latest_claim"],
            meta["horizon_days"]) == (want, True, "2026-01-14", engine.horizon_days)
    assert all(f["properties"]["stale"] for f in geo["features"]
               if f["properties"]["claim"])


def test_whole_at_odds_is_outlined_and_said(engine: Engine) -> None:
    state = engine.state(DAY, "assessed")
    assert state.areas["kupiansk"].status == "contested"
    assert state.areas["kupiansk-right-north"].status == "ua"
    text = page_text(engine, state, None, NOW)
    assert text.wholes == [("kupiansk", "contested")]
    assert text.whole_lines[0].startswith(
        "Kupiansk as a whole: Contested / grey zone (Analysts, 2026-01-10)")
    page = briefing_map(engine, "slide")
    draw_state(page, engine, state, None, NOW)
    outline = page.areas.wholes["kupiansk"]
    assert outline.get_visible()
    assert outline.get_edgecolor()[:3] == pytest.approx(
        tuple(int(style("contested").edge[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert not any(p.get_visible() for a, p in page.areas.wholes.items() if a != "kupiansk")
    pdf = _pdf_text(engine, DAY)
    assert "Outlined: Kupiansk as a whole: Contested / grey zone" in pdf
    geo = json.loads(export_bytes(engine, DAY, "assessed", None, "geojson", now=NOW)[0])
    north = next(f["properties"] for f in geo["features"]
                 if f["properties"]["id"] == "kupiansk-right-north")
    assert north["wholes"] == text.whole_lines
    # The day before the parts spoke, the whole and its parts agree: no outline.
    draw_state(page, engine, engine.state(date(2026, 1, 11), "assessed"), None, NOW)
    assert not any(p.get_visible() for p in page.areas.wholes.values())


def test_png_shows_the_outline(engine: Engine, tmp_path: Path) -> None:
    """The outline changes the picture: the same page with and without it differs."""
    page = briefing_map(engine, "slide")
    draw_state(page, engine, engine.state(DAY, "assessed"), None, NOW)
    with_outline = page.render("png", 60)
    page.areas.wholes["kupiansk"].set_visible(False)
    assert page.render("png", 60) != with_outline
