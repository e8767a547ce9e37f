"""Time navigation and accessibility in a real browser: the slider's value text and keys,
its zoomed range, play's pressed state and speed, the keyboard's way to an area's card,
named event markers, history (date steps replace the entry), side-by-side panes in line with
a legend each, diff's own "unchanged" look, and axe-core with no serious or critical
violations (tests/e2e/vendor/axe-core, MPL-2.0, injected for tests only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from tests.conftest import GEO
from tests.e2e.conftest import MAP_FRAME, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
DAY = date(2025, 11, 20)
VIEW = "assessed"
SHOTS = Path("/tmp/controlmap-timenav")
DATE_JS = "() => window.controlmap.getDate()"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_dataset(GEO))


def _open(page: Page, server: Server, query: str = "") -> Frame:
    page.goto(f"{server.url}?date={DAY.isoformat()}&view={VIEW}{query}")
    return map_frame(page)


def _url_date(page: Page, want: date) -> None:
    page.wait_for_function("(d) => location.search.includes('date=' + d)", arg=want.isoformat(),
                           timeout=15000)


def test_slider_says_the_date_in_words_and_keys_step_days_changes_and_ends(
        app_server: Server, page: Page, engine: Engine) -> None:
    frame = _open(page, app_server)
    slider = frame.locator(".cm-slider")
    expect(slider).to_have_attribute("aria-valuetext", "20 November 2025")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "21 November 2025")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert frame.evaluate(DATE_JS) == "2025-11-19"
    nxt = min(d for d in engine.change_dates(VIEW) if d > date(2025, 11, 19))
    page.keyboard.press("PageUp")
    assert frame.evaluate(DATE_JS) == nxt.isoformat()
    page.keyboard.press("Shift+PageDown")
    assert frame.evaluate(DATE_JS) == (nxt.replace(month=nxt.month - 1) if nxt.month > 1
                                       else nxt.replace(year=nxt.year - 1, month=12)).isoformat()
    page.keyboard.press("Home")
    first = frame.evaluate("() => ControlMap.fromDay(window.controlmap.model.first)")
    assert frame.evaluate(DATE_JS) == first
    page.keyboard.press("End")
    assert frame.evaluate(DATE_JS) == frame.evaluate(
        "() => ControlMap.fromDay(window.controlmap.model.last)")


def test_zoomed_slider_makes_every_day_of_a_busy_month_reachable_by_pointer(
        app_server: Server, page: Page, engine: Engine) -> None:
    frame = _open(page, app_server)
    whole = frame.evaluate("""() => { const s = document.querySelector('.cm-slider');
        return s.getBoundingClientRect().width / (s.max - s.min); }""")
    month = frame.locator(".cm-zoom[data-days='30']")
    month.click()
    expect(month).to_have_attribute("aria-pressed", "true")
    expect(frame.locator(".cm-zoom[data-days='0']")).to_have_attribute("aria-pressed", "false")
    lo, hi, width = frame.evaluate("""() => { const s = document.querySelector('.cm-slider');
        return [+s.min, +s.max, s.getBoundingClientRect().width]; }""")
    assert hi - lo == 29
    per_day = width / (hi - lo)
    assert per_day >= 8 > whole, (per_day, whole)
    # A change tick for every change day of the view in the window.
    first = frame.evaluate("() => window.controlmap.model.first")
    in_window = [d for d in engine.change_dates(VIEW)
                 if lo <= (d - date(1970, 1, 1)).days - first <= hi]
    assert frame.locator(".cm-tick").count() == len(in_window)
    # A pointer click on the track lands on the day under it (within a day: thumb rounding).
    target = DAY + timedelta(days=5)
    box = frame.locator(".cm-slider").bounding_box()  # in the page's coordinates
    assert box
    thumb = 16
    v = (target - date(1970, 1, 1)).days - first
    x = box["x"] + thumb / 2 + (v - lo) / (hi - lo) * (box["width"] - thumb)
    page.mouse.click(x, box["y"] + box["height"] / 2)
    got = date.fromisoformat(frame.evaluate(DATE_JS))
    assert abs((got - target).days) <= 1


def test_play_is_pressed_while_playing_and_the_default_speed_covers_the_span_in_a_minute(
        app_server: Server, page: Page) -> None:
    frame = _open(page, app_server)
    play = frame.locator("button[aria-label='Play']")
    expect(play).to_have_attribute("aria-pressed", "false")
    assert frame.locator(".cm-speed").input_value() == "span"
    seconds = frame.evaluate("""() => { const m = window.controlmap.model, lib = ControlMap.lib;
        const span = m.last - m.first;
        const step = Math.max(1, Math.ceil(span * lib.TICK_MS / (1000 * lib.PLAY_SPAN_S)));
        return span / step * lib.TICK_MS / 1000; }""")
    assert 20 <= seconds < 60
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    frame.wait_for_function(f"() => window.controlmap.getDate() > '{DAY.isoformat()}'")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")


def test_area_list_opens_a_card_by_keyboard_and_escape_gives_the_focus_back(
        app_server: Server, page: Page) -> None:
    frame = _open(page, app_server)
    areas = frame.locator("select.cm-areas")
    areas.focus()
    page.keyboard.press("ArrowDown")  # moves through the list: no card yet
    assert frame.locator(".cm-popup").count() == 0
    name = frame.evaluate("() => { const s = document.querySelector('select.cm-areas');"
                          " return s.options[s.selectedIndex].textContent; }")
    page.keyboard.press("Enter")
    card = frame.locator(".cm-popup .cm-card")
    expect(card.locator("h3")).to_contain_text(name)
    assert frame.evaluate("() => !!document.activeElement.closest('.cm-card')")
    # the card is rewritten when the data change (the claimants' views arrive after the
    # first paint): the focus stays in it
    frame.evaluate("() => window.controlmap.paint()")
    assert frame.evaluate("() => !!document.activeElement.closest('.cm-card')")
    page.keyboard.press("Escape")
    expect(frame.locator(".cm-popup")).to_have_count(0)
    assert frame.evaluate("() => document.activeElement.classList.contains('cm-areas')")


def test_event_markers_are_named_buttons(app_server: Server, page: Page, engine: Engine) -> None:
    ev = next(e for e in sorted(engine.dataset.events, key=lambda e: e.date.start)
              if e.geometry is not None)
    page.goto(f"{app_server.url}?date={ev.date.start.isoformat()}&view={VIEW}")
    frame = map_frame(page)
    marker = frame.locator("path.cm-event").first
    marker.wait_for(state="attached")
    label = marker.get_attribute("aria-label") or ""
    assert label.startswith("Event, ") and ev.title in label
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-popup .cm-card h3")).to_have_text(ev.title)


def _step(page: Page, frame: Frame, engine: Engine, n: int, view: str = VIEW) -> date:
    d = date.fromisoformat(frame.evaluate(DATE_JS))
    for _ in range(n):
        frame.locator("button[aria-label='Next change']").click()
        d = min(x for x in engine.change_dates(view) if x > d)
        _url_date(page, d)
    return d


def test_three_date_steps_then_one_back_leaves_the_page(
        app_server: Server, page: Page, engine: Engine) -> None:
    before = app_server.url + "_stcore/health"
    page.goto(before)
    frame = _open(page, app_server)
    _url_date(page, DAY)
    length = page.evaluate("() => history.length")
    _step(page, frame, engine, 3)
    assert page.evaluate("() => history.length") == length  # replaced, not pushed
    page.go_back()
    assert page.url == before


def test_a_jump_to_an_event_is_an_entry_and_back_restores_the_state_before_it(
        app_server: Server, page: Page, engine: Engine) -> None:
    frame = _open(page, app_server)
    _url_date(page, DAY)
    events = frame.evaluate("() => window.controlmap.model.events.map(e => e.e.date)")
    k = next(i for i, d in enumerate(events) if len(d) == 10 and d != DAY.isoformat())
    frame.locator("select.cm-events").select_option(str(k))
    _url_date(page, date.fromisoformat(events[k]))
    _step(page, frame, engine, 3)
    page.go_back()
    _url_date(page, DAY)
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.controlmap.getDate() === '{DAY.isoformat()}'",
                            timeout=15000)


def test_back_after_a_view_choice_and_date_steps_returns_to_the_view_before(
        app_server: Server, page: Page, engine: Engine) -> None:
    _open(page, app_server)
    _url_date(page, DAY)
    page.get_by_test_id("stSidebarUserContent").get_by_role("combobox").first.click()
    page.get_by_role("option", name=view_label("latest")).click()
    page.wait_for_function("() => location.search.includes('view=latest')", timeout=15000)
    frame = map_frame(page)
    frame.wait_for_function("() => window.controlmap.state.view === 'latest'")
    _step(page, frame, engine, 3, "latest")
    page.go_back()
    _url_date(page, DAY)
    assert "view=assessed" in page.url
    frame = map_frame(page)
    frame.wait_for_function(f"""() => window.controlmap.state.view === '{VIEW}'
        && window.controlmap.getDate() === '{DAY.isoformat()}'""", timeout=15000)


def test_a_date_typed_in_the_sidebar_applies_on_enter(app_server: Server, page: Page) -> None:
    _open(page, app_server, "&diff=2025-11-01")
    field = page.get_by_label("Changes since (YYYY-MM-DD, Enter applies)")
    field.fill("2025-10-01")
    field.press("Enter")  # no blur: Enter alone applies it
    page.wait_for_function("() => location.search.includes('diff=2025-10-01')", timeout=15000)
    assert field.evaluate("e => e === document.activeElement")


def test_side_by_side_panes_line_up_and_each_has_its_legend(
        app_server: Server, page: Page) -> None:
    frame = _open(page, app_server, "&compare=view:claimant:ru-official")
    frame.wait_for_function("() => window.controlmap.panes.length === 2")
    tops = frame.evaluate("() => Array.from(document.querySelectorAll('.cm-map'))"
                          ".map(m => m.getBoundingClientRect().top)")
    heads = frame.evaluate("() => Array.from(document.querySelectorAll('.cm-pane-head'))"
                           ".map(m => m.getBoundingClientRect().height)")
    assert len(tops) == 2 and abs(tops[0] - tops[1]) <= 1, (tops, heads)
    legends = frame.locator(".cm-legend")
    expect(legends).to_have_count(2)
    for i in range(2):
        expect(legends.nth(i)).to_be_visible()
        # A pane narrower than a phone's map starts with its legend folded to its button.
        btn = legends.nth(i).locator(".cm-legend-btn")
        if btn.get_attribute("aria-expanded") == "false":
            btn.click()
    # Each legend speaks its own pane's view.
    assert "Russian-held" in legends.nth(1).inner_text()


def test_diff_draws_unchanged_areas_in_their_own_look_not_unknown_grey(
        app_server: Server, page: Page, engine: Engine) -> None:
    frm = DAY - timedelta(days=30)
    frame = _open(page, app_server, f"&diff={frm.isoformat()}")
    a, b = engine.state(frm, VIEW).areas, engine.state(DAY, VIEW).areas
    same = next(i for i in sorted(a) if a[i].status == b[i].status
                and frame.locator(f"path[data-area='{i}']").count())
    fill = frame.eval_on_selector(f"path[data-area='{same}']", "p => p.getAttribute('fill')")
    unknown = frame.evaluate("() => window.controlmap.model.palette.statuses.unknown.fill")
    assert fill.endswith("-unchanged)") and fill != unknown
    row = frame.locator(".cm-legend-unchanged").first
    expect(row).to_be_visible()
    assert "Unchanged" in row.inner_text()


# -- axe-core ----------------------------------------------------------------------------

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
AXE_RUN = """async (exclude) => {
  const r = await axe.run({exclude: exclude}, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' +
         v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '));
}"""
# The Streamlit page around the map: the component's iframe is checked from inside.
PAGE_EXCLUDE = [[MAP_FRAME]]


@pytest.fixture(params=sorted(VIEWPORTS))
def axe_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at a viewport that lets axe-core be injected (the map's page has a strict CSP);
    non-local requests are aborted."""
    w, h = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": w, "height": h}, bypass_csp=True)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://localhost", "http://127.0.0.1")) else r.abort())
    try:
        yield context.new_page()
    finally:
        context.close()


def _axe(target: Page | Frame, exclude: list[list[str]]) -> list[str]:
    target.evaluate(AXE)
    return target.evaluate(AXE_RUN, exclude)


@pytest.mark.parametrize("scenario", ["main", "popup", "side-by-side"])
def test_axe_finds_no_serious_or_critical_violation(
        app_server: Server, axe_page: Page, scenario: str) -> None:
    query = "&compare=view:claimant:ru-official" if scenario == "side-by-side" else ""
    frame = _open(axe_page, app_server, query)
    axe_page.wait_for_timeout(800)  # the page's own widgets settle
    if scenario == "popup":  # the city's card: a long history, rows after the date muted
        frame.locator("select.cm-areas").select_option(label="Kupiansk")
        frame.locator(".cm-popup .cm-card tr.cm-later").first.wait_for()
    SHOTS.mkdir(exist_ok=True)
    size = axe_page.viewport_size or {"width": 0}
    axe_page.screenshot(path=str(SHOTS / f"{scenario}-{size['width']}.png"))
    found = _axe(frame, []) + _axe(axe_page, PAGE_EXCLUDE)
    assert found == [], "\n".join(found)
