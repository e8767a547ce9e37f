"""The app in a real headless Chromium against a real `streamlit run`, network blocked."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from tests.conftest import GEO
from tests.e2e.conftest import click_area, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

NOTE = "<img src=x onerror=alert(1)> {{7*6}} ${alert(2)} \\u"


def _engine() -> Engine:
    return Engine(load_dataset(GEO))


def _a_change(eng: Engine) -> tuple[str, date, date, str, str]:
    """An area and two change dates of the assessed view where its status differs."""
    days = eng.change_dates("assessed")
    for d0, d1 in zip(days, days[1:], strict=False):
        a = eng.state(d0, "assessed").areas
        b = eng.state(d1, "assessed").areas
        for area in sorted(eng.dataset.areas):
            if a[area].status != b[area].status:
                return area, d0, d1, a[area].status, b[area].status
    raise AssertionError("the shipped data has no status change")


def test_map_paints_with_network_blocked(
        app_server: Server, page: Page, blocked_requests: list[str]) -> None:
    page.goto(app_server.url)
    frame = map_frame(page)
    painted = frame.eval_on_selector_all("path[data-area]",
                                         "ps => ps.map(p => p.getAttribute('d'))")
    assert len(painted) >= 5
    assert sum(1 for d in painted if d and d != "M0 0") >= 5  # drawn, not just created
    assert blocked_requests == []


def test_slider_step_recolours_without_zoom_change(app_server: Server, page: Page) -> None:
    area, d0, d1, s0, s1 = _a_change(_engine())
    page.goto(f"{app_server.url}?date={d0.isoformat()}&view=assessed")
    frame = map_frame(page)
    sel = f"path[data-area='{area}']"
    before = frame.eval_on_selector(sel, "p => p.getAttribute('fill')")
    zoom0 = frame.evaluate("() => window.controlmap.panes[0].map.getZoom()")
    centre0 = frame.evaluate("() => window.controlmap.panes[0].map.getCenter()")
    frame.evaluate(
        """(iso) => { const s = document.querySelector('.cm-slider');
                      s.value = String(ControlMap.toDay(iso) - window.controlmap.model.first);
                      s.dispatchEvent(new Event('input')); }""", d1.isoformat())
    after = frame.eval_on_selector(sel, "p => p.getAttribute('fill')")
    assert (s0, before) != (s1, after) and before != after
    assert frame.evaluate("() => window.controlmap.panes[0].map.getZoom()") == zoom0
    assert frame.evaluate("() => window.controlmap.panes[0].map.getCenter()") == centre0
    assert frame.evaluate("() => document.querySelector('.cm-root').dataset.date") == d1.isoformat()


def test_popup_shows_hostile_note_literally(
        start_server: Callable[..., Server], page: Page, geo_copy: Path) -> None:
    for path in geo_copy.glob("claims*.geojson"):  # whichever claim ends up behind the area
        data = json.loads(path.read_text(encoding="utf-8"))
        for f in data["features"]:
            f["properties"]["note"] = NOTE
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    srv = start_server(geo_copy)
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    eng = Engine(load_dataset(geo_copy))
    last = eng.change_dates("assessed")[-1]
    leaves = [a for a in eng.dataset.areas if not eng.dataset.children(a)]
    area = next(a for a in sorted(leaves) if eng.state(last, "assessed").areas[a].claim)
    page.goto(f"{srv.url}?date={last.isoformat()}&view=assessed")
    frame = map_frame(page)
    click_area(page, frame, area)
    popup = frame.locator(".cm-popup .cm-card")
    popup.wait_for()
    text = popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in text
    assert "{{7*6}}" in text and "${alert(2)}" in text
    assert "42" not in text
    assert popup.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert "42" not in frame.locator(".cm-note").first.inner_text()


def test_permalink_reproduces_state(app_server: Server, page: Page) -> None:
    eng = _engine()
    day = eng.change_dates("assessed")[3]
    url = (f"{app_server.url}?date={day.isoformat()}&view=disputed"
           "&compare=view:claimant:ru-official&zoom=12.5&center=49.71,37.62"
           "&layers=hromadas,oskil,towns")
    page.goto(url)
    frame = map_frame(page)
    root = frame.locator(".cm-root")
    assert root.get_attribute("data-date") == day.isoformat()
    assert root.get_attribute("data-view") == "disputed"
    assert frame.locator(".cm-pane").count() == 2
    assert frame.evaluate("() => window.controlmap.panes[0].map.getZoom()") == 12.5
    c = frame.evaluate("() => window.controlmap.panes[0].map.getCenter()")
    assert abs(c["lat"] - 49.71) < 1e-3 and abs(c["lng"] - 37.62) < 1e-3  # pixel rounding
    heads = frame.locator(".cm-pane-head strong").all_inner_texts()
    assert heads[1].startswith("Claimed by Russian officials")
    assert frame.evaluate("() => window.controlmap.state.layers.hromadas") is True
    assert frame.evaluate("() => window.controlmap.state.layers.builtup") is False
    # The page kept the state in its own URL too.
    page.wait_for_timeout(500)
    assert f"date={day.isoformat()}" in page.url and "view=disputed" in page.url


@pytest.mark.parametrize("query", ["", "?compare=view:claimant:ua-official"])
def test_first_view_keeps_areas_clear_of_legend_and_credits(
        app_server: Server, page: Page, query: str) -> None:
    """The fitted view leaves the legend (bottom left) and the credits (bottom right) off the
    city and its parts (the first view fits the city; villages around may lie under them)."""
    page.goto(app_server.url + query)
    frame = map_frame(page)
    frame.wait_for_timeout(500)  # let the frame settle to its final size (refits until moved)
    hits = frame.evaluate("""() => {
        const m = window.controlmap.model, city = new Set(), todo = [];
        m.areas.forEach((f, i) => { if (f.properties.kind === 'city') todo.push(i); });
        while (todo.length) { const i = todo.pop(); city.add(m.areas[i].properties.id);
                              todo.push(...m.children[i]); }
        const boxes = [...document.querySelectorAll('.cm-legend, .cm-attribution')]
          .filter(e => e.offsetWidth).map(e => e.getBoundingClientRect());
        const out = [];
        document.querySelectorAll('path[data-area]').forEach(p => {
          if (!city.has(p.dataset.area)) return;
          const r = p.getBoundingClientRect();
          if (!r.width) return;
          boxes.forEach(b => {
            if (r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
              out.push(p.dataset.area);
          });
        });
        return [boxes.length, out];
    }""")
    assert hits[0] >= 2 and hits[1] == []
