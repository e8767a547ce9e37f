"""The map on a phone and on a desktop: what covers the map, the first view, the wheel, the
zoom range, labels that never collide, and a web basemap that says when it cannot load."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, Route, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import LOCAL
from tests.e2e.conftest import MAP_FRAME, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}

# Boxes (in the frame's pixels) of the map, the legend and the credits.
BOXES_JS = """() => { const b = s => { const r = document.querySelector(s).getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  return {map: b('.cm-map'), legend: b('.cm-legend'), credits: b('.cm-attribution')}; }"""
# The box around the city and its parts, as drawn.
CITY_JS = """() => { const m = window.controlmap.model, ids = new Set(), todo = [];
  m.areas.forEach((f, i) => { if (f.properties.kind === 'city') todo.push(i); });
  while (todo.length) { const i = todo.pop(); ids.add(m.areas[i].properties.id);
                        todo.push(...m.children[i]); }
  let x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  document.querySelectorAll('path[data-area]').forEach(p => {
    if (!ids.has(p.dataset.area)) return;
    const r = p.getBoundingClientRect();
    if (!r.width) return;
    x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top);
    x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom); });
  return {x: x0, y: y0, w: x1 - x0, h: y1 - y0}; }"""
# Every label on show: areas', towns', rivers' and the border's.
LABELS_JS = """() => [...document.querySelectorAll(
    '.cm-area-label span, .cm-town-label span, .cm-line-label span')]
  .filter(e => e.offsetParent && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect();
              return {t: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })"""
ZOOM_JS = "() => window.controlmap.panes[0].map.getZoom()"
# How far the page (Streamlit scrolls its main section, not the window) is scrolled.
PAGE_SCROLL_JS = """() => Math.max(window.scrollY,
  ...[...document.querySelectorAll('section, main, div')].map(e => e.scrollTop))"""
SCROLL_BACK_JS = """() => { window.scrollTo(0, 0);
  document.querySelectorAll('section, main, div').forEach(e => { e.scrollTop = 0; }); }"""
SET_VIEW_JS = "([c, z]) => window.controlmap.panes[0].map.setView(c, z, {animate: false})"


@pytest.fixture
def open_page(browser: Browser, blocked_requests: list[str]) -> Iterator[Any]:
    """Open a page of the given size (touch for a phone), non-local requests blocked."""
    contexts = []

    def route(r: Route) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked_requests.append(r.request.url)
            r.abort()

    def open_(viewport: ViewportSize, touch: bool = False) -> Page:
        ctx = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
        ctx.route("**/*", route)
        contexts.append(ctx)
        return ctx.new_page()

    yield open_
    for ctx in contexts:
        ctx.close()


def _settled(page: Page, url: str) -> Frame:
    page.goto(url)
    frame = map_frame(page)
    # the claimants' views the map asks for once it is up have arrived (that rerun is over)
    frame.wait_for_function("() => window.controlmap && "
                            "!window.controlmap.model.missingClaimantViews().length",
                            timeout=60000)
    frame.wait_for_timeout(800)  # the frame gets its final size; the first view refits
    return frame


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


def test_on_a_phone_legend_and_credits_cover_little_until_opened(
        app_server: Server, open_page: Any) -> None:
    frame = _settled(open_page(PHONE, touch=True), app_server.url)
    b = frame.evaluate(BOXES_JS)
    area = b["map"]["w"] * b["map"]["h"]
    covered = _overlap(b["legend"], b["map"]) + _overlap(b["credits"], b["map"])
    assert covered / area < 0.15, f"legend and credits cover {covered / area:.0%} of the map"
    assert frame.locator(".cm-legend-btn").get_attribute("aria-expanded") == "false"
    assert frame.locator(".cm-credits-btn").get_attribute("aria-expanded") == "false"
    # Opened, each is a panel beside the city, not over all of it.
    city = frame.evaluate(CITY_JS)
    for btn in (".cm-legend-btn", ".cm-credits-btn"):
        frame.locator(btn).click()
        assert frame.locator(btn).get_attribute("aria-expanded") == "true"
        panel = frame.evaluate(BOXES_JS)["legend" if "legend" in btn else "credits"]
        assert panel["h"] > 60, "the opened panel shows its content"
        assert _overlap(panel, city) < 0.5 * city["w"] * city["h"], btn
        frame.locator(btn).click()


def test_on_a_phone_a_tap_on_the_city_opens_its_card(app_server: Server, open_page: Any) -> None:
    page = open_page(PHONE, touch=True)
    frame = _settled(page, app_server.url)
    x, y = frame.evaluate("""() => {
        const pane = window.controlmap.panes[0], m = window.controlmap.model;
        const f = m.areas[m.areaIndex['kupiansk-right-bank']];
        const p = pane.map.latLngToContainerPoint(f.properties.label);
        const r = pane.mapEl.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""")
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + x, box["y"] + y)
    card = frame.locator(".cm-popup .cm-card h3")
    card.wait_for(timeout=5000)
    assert card.inner_text().startswith("Kupiansk")
    assert frame.locator(".cm-legend-btn").get_attribute("aria-expanded") == "false"


def test_on_a_phone_the_controls_take_two_rows_and_the_slider_the_width(
        app_server: Server, open_page: Any) -> None:
    frame = _settled(open_page(PHONE, touch=True), app_server.url)
    # The controls in two rows; the slider has a row of its own under them, as wide as the
    # map, so a day stays reachable by pointer (toolbar.js).
    rows = frame.evaluate("""() => new Set([...document.querySelector('.cm-toolbar').children]
        .filter(e => e.offsetWidth && !e.classList.contains('cm-slider-wrap'))
        .map(e => Math.round(e.getBoundingClientRect().top / 8))).size""")
    assert rows <= 2
    slider = frame.evaluate("() => document.querySelector('.cm-slider-wrap').offsetWidth")
    assert slider > 300
    b = frame.evaluate(BOXES_JS)
    assert b["map"]["h"] > 400, "the map keeps most of the component"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_first_view_draws_the_city_large(
        app_server: Server, open_page: Any, viewport: ViewportSize) -> None:
    frame = _settled(open_page(viewport, touch=viewport is PHONE), app_server.url)
    city, b = frame.evaluate(CITY_JS), frame.evaluate(BOXES_JS)
    assert city["w"] > 0.25 * b["map"]["w"], (city, b["map"])
    # ... and wholly inside the map.
    assert b["map"]["x"] <= city["x"] and city["x"] + city["w"] <= b["map"]["x"] + b["map"]["w"]
    assert b["map"]["y"] <= city["y"] and city["y"] + city["h"] <= b["map"]["y"] + b["map"]["h"]


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked(
        app_server: Server, open_page: Any) -> None:
    page = open_page(DESKTOP)
    frame = _settled(page, app_server.url)

    def spot() -> tuple[float, float]:
        """A point on the map away from the areas, the controls and the legend."""
        box = page.locator(MAP_FRAME).bounding_box()
        b = frame.evaluate(BOXES_JS)
        assert box is not None
        return box["x"] + b["map"]["x"] + b["map"]["w"] - 60, box["y"] + b["map"]["y"] + 60

    x, y = spot()
    page.mouse.move(x, y)
    z0 = frame.evaluate(ZOOM_JS)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(600)
    assert frame.evaluate(ZOOM_JS) == z0, "the wheel zoomed a map nobody had clicked"
    assert page.evaluate(PAGE_SCROLL_JS) > 0, "the wheel over the map should scroll the page"
    hint = frame.locator(".cm-wheel-hint")
    assert hint.is_visible() and "Ctrl + scroll" in hint.inner_text()
    page.evaluate(SCROLL_BACK_JS)
    x, y = spot()
    page.mouse.click(x, y)
    _until_zoom(page, frame, lambda: page.mouse.wheel(0, -120), f"> {z0}")  # a clicked map zooms
    # Leaving the map hands the wheel back to the page; Ctrl + wheel still zooms. The spot is
    # found again: the click's rerun may have moved the map's frame on the page.
    page.mouse.move(x, 5)
    x, y = spot()
    page.mouse.move(x, y)
    assert frame.evaluate("() => window.controlmap.panes[0].map.scrollWheelZoom.enabled()") \
        is False
    z1 = frame.evaluate(ZOOM_JS)
    page.keyboard.down("Control")
    page.mouse.wheel(0, 120)
    page.keyboard.up("Control")
    _until_zoom(page, frame, lambda: _ctrl_wheel(page), f"< {z1}")  # Ctrl + wheel zooms


def _ctrl_wheel(page: Page) -> None:
    page.keyboard.down("Control")
    page.mouse.wheel(0, 120)
    page.keyboard.up("Control")


def _until_zoom(page: Page, frame: Frame, turn: Any, test: str) -> None:
    """Turn the wheel until the zoom passes `test`, three tries: the page reruns after a
    click or when the map's views arrive, and a wheel turn during that may be lost."""
    for attempt in range(3):
        turn()
        try:
            frame.wait_for_function(f"() => ({ZOOM_JS})() {test}", timeout=3000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def test_zoom_stays_in_its_range(app_server: Server, page: Page) -> None:
    frame = _settled(page, app_server.url)
    frame.evaluate("() => window.controlmap.panes[0].map.setZoom(19, {animate: false})")
    assert frame.evaluate(ZOOM_JS) == 15
    frame.evaluate("() => window.controlmap.panes[0].map.setZoom(3, {animate: false})")
    assert frame.evaluate(ZOOM_JS) == 8


@pytest.mark.parametrize("zoom", [8, 9, 10, 11, 12.5, 14])
def test_labels_on_show_never_overlap(app_server: Server, page: Page, zoom: float) -> None:
    frame = _settled(page, app_server.url + "?layers=towns,oskil,border,builtup,hromadas")
    frame.evaluate(SET_VIEW_JS, [[49.78, 37.7], zoom])
    frame.wait_for_timeout(300)
    labels = frame.evaluate(LABELS_JS)
    assert len(labels) >= 3
    clashes = [(a["t"], b["t"]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5
               and a["y0"] < b["y1"] - 0.5 and b["y0"] < a["y1"] - 0.5]
    assert clashes == []


def test_rivers_and_the_border_are_named_and_drawn_apart(app_server: Server, page: Page) -> None:
    frame = _settled(page, app_server.url)
    frame.evaluate(SET_VIEW_JS, [[49.85, 37.7], 9])
    frame.wait_for_timeout(300)
    shown = [label["t"] for label in frame.evaluate(LABELS_JS)]
    for name in ("Oskil", "Siverskyi Donets", "Ukraine–Russia state border"):
        assert name in shown
    legend = frame.locator(".cm-legend").inner_text()
    assert "Rivers: Oskil, Siverskyi Donets" in legend and "Oskil river" not in legend
    assert "state border" in legend
    widths = frame.evaluate("""() => { const out = {};
        window.controlmap.panes[0].layers.oskil.eachLayer(l => {
          if (l.feature) out[l.feature.properties.id] = [l.options.weight, l.options.color]; });
        return out; }""")
    assert widths["oskil"][0] > widths["siverskyi-donets"][0]
    assert widths["oskil"][1] != widths["siverskyi-donets"][1]


def test_a_basemap_that_cannot_load_says_so(
        app_server: Server, page: Page, blocked_requests: list[str]) -> None:
    frame = _settled(page, app_server.url + "?layers=towns,oskil,border,basemap")
    msg = frame.locator(".cm-basemap-msg")
    msg.wait_for(timeout=10000)
    assert "could not load" in msg.inner_text()
    assert msg.get_attribute("role") == "alert"
    assert any("tile.openstreetmap.org" in u for u in blocked_requests)
