"""What the map says in a real browser: how old its information is (a warning past the
horizon, following the slider), "last reported" and stale marks in popups, the whole that
says otherwise than its parts (its line and a way to its card), sources without a public
link, and fills faded exactly as the Python palette says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.palette import FILL_OPACITY, fade, freshness_age
from controlmap.render.payload import data_span
from controlmap.render.wording import NO_PUBLIC_LINK, freshness, rule_words
from tests.conftest import GEO
from tests.data_wholes import DAY, write_whole_claims
from tests.e2e.conftest import click_area, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

SLIDE_JS = """(iso) => { const s = document.querySelector('.cm-slider');
  s.value = String(ControlMap.toDay(iso) - window.controlmap.model.first);
  s.dispatchEvent(new Event('input')); }"""


def _fresh(frame: Frame) -> tuple[str, str | None]:
    line = frame.locator(".cm-pane-head .cm-fresh").first
    return line.inner_text(), line.get_attribute("data-stale")


def test_freshness_line_warns_past_the_horizon_and_follows_the_slider(
        app_server: Server, page: Page, blocked_requests: list[str]) -> None:
    eng = Engine(load_dataset(GEO))
    today = date.today()
    last = max(data_span(eng)[1], today)
    state = eng.state(last, "assessed")
    want, stale = freshness(state.latest_claim, last, eng.horizon_days)
    if state.latest_claim and (today - state.latest_claim).days > eng.horizon_days:
        assert stale  # the data stops more than a horizon before today: say so
    page.goto(app_server.url)  # opens on the last day of the slider: today
    frame = map_frame(page)
    assert frame.locator(".cm-root").get_attribute("data-date") == last.isoformat()
    assert _fresh(frame) == (want, "1" if stale else "0")
    if stale:
        assert f"past the {eng.horizon_days}-day horizon" in want
    # Scrubbing to a day with a fresh report rewrites the line in the browser.
    day = eng.change_dates("assessed")[-1]
    fresh_want, fresh_stale = freshness(eng.state(day, "assessed").latest_claim, day,
                                        eng.horizon_days)
    frame.evaluate(SLIDE_JS, day.isoformat())
    assert _fresh(frame) == (fresh_want, "1" if fresh_stale else "0")
    assert blocked_requests == []


def test_latest_view_legend_says_sides_disagree_that_day(app_server, page):
    page.goto(f"{app_server.url}?view=latest")
    frame = map_frame(page)
    legend = frame.locator(".cm-legend").first.inner_text()
    assert "Disputed: sides disagree that day" in legend
    page.goto(f"{app_server.url}?view=assessed")
    frame = map_frame(page)
    assert "Disputed" not in frame.locator(".cm-legend").first.inner_text()


def test_popup_says_last_reported_and_marks_stale(app_server, page):
    eng = Engine(load_dataset(GEO))
    day = max(data_span(eng)[1], date.today())
    state = eng.state(day, "assessed")
    leaves = sorted(a for a in eng.dataset.areas if not eng.dataset.children(a))
    area = next((a for a in leaves if state.areas[a].stale), None)
    if area is None:
        pytest.skip("no stale area on the last day of the shipped data")
    r = state.areas[area]
    page.goto(f"{app_server.url}?date={day.isoformat()}&view=assessed")
    frame = map_frame(page)
    click_area(page, frame, area)
    card = frame.locator(".cm-popup .cm-card")
    card.wait_for()
    assert card.get_attribute("data-area") == area
    assert r.last_reported is not None
    age = (day - r.last_reported).days
    expect(card.locator(".cm-reported")).to_have_text(
        f"last reported {r.last_reported.isoformat()} ({age} days before this date): "
        f"stale, older than {eng.horizon_days} days")
    expect(card.locator(".cm-status .cm-stale-mark")).to_be_visible()
    if r.rule:
        expect(card.locator(".cm-rule")).to_have_text("Rule: " + rule_words(r.rule))
    # Each claimant's stale position is marked too.
    positions = eng.state(day, "assessed").areas[area].positions
    stale_pos = [c for c in positions
                 if eng.state(day, "claimant:" + c).areas[area].stale]
    marked = card.locator(".cm-positions li.cm-position-stale")
    assert marked.count() == len(stale_pos) > 0
    assert marked.locator(".cm-stale-mark").count() == len(stale_pos)


def test_one_answer_per_place(start_server: Callable[..., Server], page: Page,
                              blocked_requests: list[str], geo_copy: Path) -> None:
    """A part's popup says what the whole says and opens the whole's card; the whole's
    outline opens it too; a source without URL reads "no public link" and is no link; each
    fill's opacity is the Python palette's."""
    data = write_whole_claims(geo_copy)
    eng = Engine(load_dataset(data))
    state = eng.state(DAY, "assessed")
    assert state.areas["kupiansk"].status == "contested"
    assert state.areas["kupiansk-right-north"].status == "ua"
    srv = start_server(data)
    page.goto(f"{srv.url}?date={DAY.isoformat()}&view=assessed")
    frame = map_frame(page)

    # Fills: opacity = base x fade(age of the last report), the palette's numbers.
    got = frame.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        'path[data-area]')].map(p => [p.dataset.area, +p.getAttribute('fill-opacity')]))""")
    for area, opacity in got.items():
        r = state.areas[area]
        base = FILL_OPACITY["unknown" if r.status == "unknown" else "status"]
        assert opacity == pytest.approx(base * fade(freshness_age(r.last_reported, DAY)),
                                        abs=1e-3), area

    # The whole's outline is drawn in its own status.
    outline = frame.locator("path[data-whole='kupiansk']")
    expect(outline).to_have_count(1)
    assert outline.get_attribute("stroke") == "#8a5f00"

    click_area(page, frame, "kupiansk-right-north")
    card = frame.locator(".cm-popup .cm-card")
    expect(card).to_have_attribute("data-area", "kupiansk-right-north")
    line = card.locator(".cm-whole-line[data-whole='kupiansk']")
    expect(line).to_contain_text("Kupiansk as a whole: Contested / grey zone "
                                 "(Analysts, 2026-01-10)")
    # The claim behind the part has no public link: named, marked, and not a link.
    claim = card.locator(".cm-claim")
    expect(claim).to_contain_text(f"Interview, 12 January ({NO_PUBLIC_LINK})")
    assert claim.locator("a").count() == 0
    assert card.locator(".cm-positions a").count() == 0  # the analysts' position: same claim
    row = card.locator("table.cm-history tr[data-when='now']")
    expect(row).to_contain_text(f"Interview, 12 January (Analyst X) ({NO_PUBLIC_LINK})")
    assert row.locator("a").count() == 0
    older = card.locator("table.cm-history tr[data-when='earlier'] a")
    expect(older).to_have_attribute("href", "https://example.org/isw")

    line.locator("button.cm-open-whole").click()
    expect(card).to_have_count(1)  # the part's card fades out (Leaflet, 200 ms)
    expect(card).to_have_attribute("data-area", "kupiansk")
    expect(card.locator("h3")).to_contain_text("Kupiansk")
    expect(card.locator(".cm-parts-line")).to_contain_text("Ukrainian-held")
    src = card.locator(".cm-claim a")
    expect(src).to_have_attribute("href", "https://example.org/isw")

    # Clicking the whole's outline opens its card too.
    frame.locator(".leaflet-popup-close-button").click()
    expect(card).to_have_count(0)
    frame.evaluate("() => window.controlmap.panes[0].map.setZoom(12, {animate: false})")
    # A point on the dashed outline that is on a dash (a gap is no target): the first one
    # from 37 % of its length on that the browser hit-tests to the outline itself.
    x, y = frame.evaluate("""() => {
        const p = document.querySelector("path[data-whole='kupiansk']");
        const m = p.getScreenCTM(), n = p.getTotalLength();
        for (let f = 0.37; f < 0.9; f += 0.003) {
          const pt = p.getPointAtLength(n * f);
          const x = pt.x * m.a + pt.y * m.c + m.e, y = pt.x * m.b + pt.y * m.d + m.f;
          if (document.elementFromPoint(x, y) === p) return [x, y];
        }
        return [-1, -1]; }""")
    assert x >= 0, "no point of the whole's outline is a click target"
    box = page.locator("iframe[title*='controlmap']").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(card).to_have_count(1)
    expect(card).to_have_attribute("data-area", "kupiansk")

    # The day before the parts spoke, whole and parts agree: no outline.
    frame.evaluate(SLIDE_JS, (date(2026, 1, 11)).isoformat())
    expect(frame.locator("path[data-whole='kupiansk']")).to_have_count(0)
    frame.evaluate(SLIDE_JS, (DAY + timedelta(days=1)).isoformat())
    expect(frame.locator("path[data-whole='kupiansk']")).to_have_count(1)
    # Back on the map (its element put back, not made anew): its tooltip, written when it
    # opens, names the whole's status of the day.
    tip = frame.evaluate("""() => { const ctl = window.controlmap, p = ctl.panes[0];
        const m = ctl.model, i = m.areaIndex['kupiansk'];
        p.wholeLayers[i].openTooltip(m.areas[i].properties.label);
        const text = document.querySelector('.leaflet-tooltip').textContent;
        p.wholeLayers[i].closeTooltip();
        return text; }""")
    assert "Kupiansk" in tip and "Contested" in tip, tip
    assert blocked_requests == []
