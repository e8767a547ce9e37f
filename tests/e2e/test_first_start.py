"""A first start paints one day and holds the date there until the view's history arrives.

The server names the view's timeline before it has built it and sends a one-day snapshot
(render/timeline.py build_snapshot). Here the browser is kept from the timeline file (404,
as while the server builds it), so the held state lasts as long as the test looks at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.conftest import GEO
from tests.e2e.conftest import HISTORY_HERE_JS, MAP_FRAME, click_area
from tests.e2e.painted import wait_painted
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

DAY = date(2026, 1, 20)
AREA = "kupiansk-right-north"


def test_a_first_start_holds_its_one_day_until_the_history_is_here(
        tmp_path: Path, page: Page, start_server: Callable[..., Server]) -> None:
    # a server of its own with an empty cache: nothing is built before the page asks
    srv = start_server(GEO, {"CONTROLMAP_CACHE": str(tmp_path / "cache")})
    held: list[str] = []

    def hold(route: Route) -> None:
        # not built yet (404), or every other time a dropped connection (a server restart)
        held.append(route.request.url)
        if len(held) % 2:
            route.fulfill(status=404, body="not built yet")
        else:
            route.abort("connectionrefused")

    page.route("**/data/timeline-*.json", hold)
    page.goto(f"{srv.url}?date={DAY.isoformat()}&view=assessed&lang=en")
    frame = wait_painted(page, 60000)
    bar = page.frame_locator(MAP_FRAME)
    # painted from the snapshot of DAY, the date held there, and said so
    assert frame.evaluate("() => window.controlmap.getDate()") == DAY.isoformat()
    assert frame.evaluate("() => window.controlmap.model.pinned('assessed')") is not None
    expect(bar.locator(".cm-slider")).to_be_disabled()
    expect(bar.locator(".cm-btn").first).to_be_disabled()
    expect(bar.locator(".cm-wait[role=status]")).to_have_text(
        "The history of this view is still loading; until then the map shows only this date.")
    frame.evaluate("() => window.controlmap.setDate(window.controlmap.state.date - 30)")
    frame.evaluate("() => window.controlmap.togglePlay()")
    assert frame.evaluate("() => window.controlmap.getDate()") == DAY.isoformat()
    assert not frame.evaluate("() => !!window.controlmap.playing")
    # a card says the history is on its way instead of a one-row history
    click_area(page, frame, AREA)
    card = bar.locator(".cm-popup .cm-card")
    expect(card).to_contain_text("The history of this view is still loading")
    assert card.locator("table.cm-history").count() == 0
    # the map kept asking, through 404s and dropped connections alike; let it through
    page.wait_for_timeout(1200)
    assert len(held) >= 3
    assert bar.get_by_text("could not load its data").count() == 0
    page.unroute("**/data/timeline-*.json")
    frame.wait_for_function(HISTORY_HERE_JS, timeout=60000)
    expect(bar.locator(".cm-slider")).to_be_enabled()
    expect(bar.locator(".cm-wait")).to_be_hidden()
    frame.evaluate("() => window.controlmap.setDate(window.controlmap.state.date - 30)")
    assert frame.evaluate("() => window.controlmap.getDate()") == "2025-12-21"


def test_the_claims_follow_the_first_paint_and_the_cards_say_so_until_then(
        tmp_path: Path, page: Page, start_server: Callable[..., Server]) -> None:
    """The app's base payload comes without its claims (most of it at scale): the map paints
    without them, a card says its sources are loading, the credits count "…", and both are
    written again when the claims arrive."""
    srv = start_server(GEO, {"CONTROLMAP_CACHE": str(tmp_path / "cache")})
    held: list[str] = []

    def hold(route: Route) -> None:
        held.append(route.request.url)
        route.fulfill(status=404, body="not built yet")

    page.route("**/data/claims-*.json", hold)
    page.goto(f"{srv.url}?date={DAY.isoformat()}&view=assessed&lang=en")
    frame = wait_painted(page, 60000)
    bar = page.frame_locator(MAP_FRAME)
    assert frame.evaluate("() => window.controlmap.model.claimColumns") is None
    click_area(page, frame, AREA)
    card = bar.locator(".cm-popup .cm-card")
    expect(card).to_contain_text("The sources are still loading.")
    assert card.locator(".cm-claim").count() == 0
    sources = bar.locator(".cm-attr-line button.cm-linkish")
    expect(sources).to_contain_text("\u2026")
    page.wait_for_timeout(800)
    assert len(held) >= 2  # asked again while the server answered 404
    page.unroute("**/data/claims-*.json")
    expect(card.locator(".cm-claim")).to_have_count(1, timeout=30000)
    expect(card).not_to_contain_text("The sources are still loading.")
    expect(card.locator(".cm-since")).to_contain_text(re.compile(r"since \d"))
    expect(sources).not_to_contain_text("\u2026")
    assert bar.get_by_text("could not load its data").count() == 0
