"""The Track record page in a real headless Chromium: tables per claimant, a chart, a row's
deciding sources, and a claim's link to the map in the claimant's view beside the assessed
view. Network blocked."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page

from controlmap.loading import load_dataset
from controlmap.model.track_record import VERDICT_LABELS, Judgement, track_record
from controlmap.model.views import claimant_view
from tests.conftest import GEO
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

TABLE = ".st-key-tr_table_ru-official [data-testid='stDataFrame']"
HEADER_PX = 35  # glide grid: header row height and row height in st.dataframe
ROW_PX = 35
CHECKBOX_PX = 33  # the row-selection column
VISIBLE_ROWS = 8


def _decided_russian_claim() -> tuple[int, Judgement]:
    """A Russian officials' claim with deciding sources, and its row in that claimant's table
    (rows follow the record's order)."""
    mine = [j for j in track_record(load_dataset(str(GEO))).judgements
            if j.claim.claimant == "ru-official"]
    for k, j in enumerate(mine[:VISIBLE_ROWS]):
        if j.deciding:
            return k, j
    raise AssertionError("no Russian officials' claim with deciding sources in view")


def _cell(page: Page, row: int, x: float) -> tuple[float, float]:
    box = page.locator(TABLE).bounding_box()
    assert box is not None
    return box["x"] + x, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2


def test_track_record_page(app_server: Server, page: Page, blocked_requests: list[str]) -> None:
    row, judged = _decided_russian_claim()
    page.goto(app_server.url + "track-record")
    table = page.locator(TABLE)
    table.wait_for(timeout=90000)
    assert page.locator("h1").first.inner_text().startswith("Track record")
    # a table and a chart per claimant, the summary table first
    for label in ("Russian officials", "Ukrainian officials", "Analysts"):
        assert page.get_by_role("heading", name=label).count() == 1
    page.locator(".vega-embed").first.wait_for(timeout=60000)
    assert page.locator("[data-testid='stDataFrame']").count() >= 3
    assert page.locator(".vega-embed").count() >= 3
    # the table's accessible copy holds the claim's verdict and its map link
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    cells = table.locator(f"tr[aria-rowindex='{row + 2}'] td")
    texts = cells.all_inner_texts()
    assert VERDICT_LABELS[judged.verdict] in texts and str(judged.claim.date) in texts
    link = texts[0]
    assert link.startswith("./?date=")
    # selecting the row lists the sources that decided it
    page.mouse.click(*_cell(page, row, CHECKBOX_PX / 2))
    page.get_by_text(f"Claim {judged.claim.id} ").wait_for(timeout=60000)
    items = page.locator("[data-testid='stMarkdownContainer'] li").filter(
        has_text=re.compile(r", (agrees|differs): "))
    assert items.count() == len(judged.deciding)
    for e in judged.deciding:
        line = items.filter(has_text=e.day.isoformat()).filter(has_text=e.claim.source_title)
        assert line.count() >= 1
        if e.claim.source_url:
            assert line.first.locator("a").first.get_attribute("href") == e.claim.source_url
    # the map link opens the map on the claim's date: claimant's view beside the assessed one
    x, y = _cell(page, row, CHECKBOX_PX + 20)
    page.mouse.move(x - 10, y)
    page.mouse.move(x, y)
    with page.context.expect_page(timeout=30000) as opened:
        page.mouse.down()
        page.mouse.up()
    tab = opened.value
    tab.wait_for_load_state()
    assert f"date={judged.claim.date.start.isoformat()}" in tab.url
    assert "compare=view%3Aassessed" in tab.url
    frame = tab.frame_locator("iframe[title*='controlmap']")
    frame.locator("path[data-area]").first.wait_for(state="attached", timeout=60000)
    panes = frame.locator(".leaflet-container")
    panes.nth(1).wait_for(timeout=30000)
    assert panes.count() == 2
    state = tab.evaluate("() => new URLSearchParams(location.search).get('view')")
    assert state == claimant_view("ru-official")
    assert date.fromisoformat(tab.evaluate(
        "() => new URLSearchParams(location.search).get('date')")) == judged.claim.date.start
    assert blocked_requests == []
