"""`?lang=uk` shows the page, the legend, the view names and a popup in Ukrainian (the
browser's words come from the payload); in English, each claim in a popup carries its track
record verdict as a badge with the rule's words as its tooltip."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from controlmap.i18n import translator
from controlmap.model.track_record import VERDICT_HELP, VERDICT_LABELS, VERDICTS
from tests.e2e.conftest import click_area, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

DAY = "2026-01-20"
AREA = "kupiansk-right-centre"
BADGES_JS = """() => Array.from(document.querySelectorAll('.cm-popup .cm-verdict')).map(
  b => ({text: b.textContent, title: b.title, verdict: b.dataset.verdict,
         bg: getComputedStyle(b).backgroundColor}))"""


def test_ukrainian_legend_views_and_popup(app_server: Server, page: Page,
                                          blocked_requests: list[str]) -> None:
    uk = translator("uk")
    page.goto(f"{app_server.url}?date={DAY}&view=assessed&lang=uk")
    frame = map_frame(page)
    expect(page.get_by_role("heading", name="Куп’янськ: хто що контролює")).to_be_visible()
    legend = frame.locator(".cm-legend")
    for label in ("Під контролем України", "Окуповано", "Сіра зона"):
        expect(legend).to_contain_text(label)
    expect(legend).to_contain_text(uk.gettext("Rivers: Oskil, Siverskyi Donets"))
    # The view names: the sidebar's choice and the map's own head.
    expect(page.get_by_role("combobox", name="Погляд")).to_have_value(re.compile("^Оцінка"))
    expect(frame.locator(".cm-pane-head").first).to_contain_text("Оцінка")
    expect(frame.locator(".cm-pane-head").first).to_contain_text("20 січня 2026")
    assert frame.evaluate("() => window.controlmap.model.viewLabels['claimant:ru-official']"
                          ) == "Заяви російських посадовців"
    click_area(page, frame, AREA)
    card = frame.locator(".cm-popup .cm-card")
    card.wait_for()
    expect(card.locator("h3")).to_contain_text("Куп’янськ")
    expect(card.locator(".cm-rule")).to_contain_text("Правило:")
    expect(card).to_contain_text("Історія в цьому погляді:")
    expect(card).to_contain_text("Позиції джерел на 20 січня 2026")
    labels = {uk.gettext(VERDICT_LABELS[v]) for v in VERDICTS}
    badges = frame.evaluate(BADGES_JS)
    assert badges and {b["text"] for b in badges} <= labels
    assert "Історія точності" in badges[0]["title"]
    assert blocked_requests == []


def test_english_popup_carries_verdict_badges(app_server: Server, page: Page,
                                              blocked_requests: list[str]) -> None:
    page.goto(f"{app_server.url}?date={DAY}&view=assessed&lang=en")
    frame = map_frame(page)
    click_area(page, frame, AREA)
    frame.locator(".cm-popup .cm-card").wait_for()
    badges = frame.evaluate(BADGES_JS)
    assert badges, "no verdict badge in the popup"
    for b in badges:
        assert b["text"] == VERDICT_LABELS[b["verdict"]]
        assert b["title"] == f"Track record: {b['text']}: {VERDICT_HELP[b['verdict']]}"
        assert b["bg"] not in ("", "rgba(0, 0, 0, 0)")  # colour as well as the word
    # The Russian officials' position in the card: their capture claims were contradicted.
    ru = frame.locator(".cm-positions li", has_text="Russian officials")
    expect(ru.locator(".cm-verdict")).to_have_count(1)
    expect(page.get_by_role("heading", name="Kupiansk: who controls what")).to_be_visible()
    assert blocked_requests == []


def test_the_map_gets_the_view_on_screen_first_then_the_claimants_views(
        app_server: Server, page: Page) -> None:
    """The first args name the shown view's timeline only; once up, the map asks for the
    claimants' own views (each one's position in a card) and the next args bring them."""
    page.goto(f"{app_server.url}?date={DAY}&view=disputed&lang=en")
    frame = map_frame(page)
    frame.wait_for_function("() => window.controlmap && "
                            "!window.controlmap.model.missingClaimantViews().length",
                            timeout=60000)
    views = frame.evaluate("Object.keys(window.controlmap.model.views)")
    assert "disputed" in views and "assessed" not in views
    click_area(page, frame, AREA)
    card = frame.locator(".cm-popup .cm-card")
    expect(card.locator(".cm-positions li").first).to_be_visible()
    expect(card).not_to_contain_text("still loading")
    assert card.locator(".cm-positions li").count() >= 2
