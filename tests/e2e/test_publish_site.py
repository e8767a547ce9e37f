"""The published static site in headless Chromium, served by `python -m http.server` with
every non-local request blocked: it paints, a slider step recolours without a history entry,
choices push entries that back undoes, the URL hash restores a state, the known-at picker
loads its timeline, a popup shows a hostile note literally, and 1,000 areas draw on a canvas
whose areas still open their cards; `#lang=uk` shows it in Ukrainian and the switch
changes the language (a history entry)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Dialog, Page

from benchmarks import synthetic_geo
from controlmap.cli import main
from controlmap.i18n import translator
from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from controlmap.render.publish import known_days
from tests.conftest import GEO
from tests.e2e.static_server import StaticServer
from tests.e2e.test_map_browser import NOTE, _a_change

pytestmark = pytest.mark.browser

PAINTED = "html[data-cm-painted]"


def publish(data: Path, out: Path, *extra: str) -> Path:
    res = CliRunner().invoke(main, ["publish", str(out), "--data", str(data), *extra])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    out = publish(GEO, tmp_path_factory.mktemp("site") / "site")
    with StaticServer(out) as srv:
        yield srv


def _open(page: Page, url: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(PAINTED, timeout=60000)
    return errors


def _step_slider(page: Page, day: date) -> None:
    page.evaluate("""(iso) => { const s = document.querySelector('.cm-slider');
        s.value = String(ControlMap.toDay(iso) - window.controlmap.model.first);
        s.dispatchEvent(new Event('input')); }""", day.isoformat())


def test_site_paints_offline_with_no_errors(shipped_site: StaticServer, page: Page,
                                            blocked_requests: list[str]) -> None:
    errors = _open(page, shipped_site.url)
    paths = page.eval_on_selector_all("path[data-area]", "ps => ps.map(p => p.getAttribute('d'))")
    assert sum(1 for d in paths if d and d != "M0 0") >= 5
    assert page.locator(".cm-legend").count() == 1
    assert "Data as of" in page.locator(".cm-site-asof").inner_text()
    assert errors == []  # no CSP violation, no missing file, no script error
    assert blocked_requests == []
    assert page.evaluate("location.hash").startswith("#lang=en&date=")  # the browser asks for en


def test_slider_step_recolours_and_replaces_the_history_entry(
        shipped_site: StaticServer, page: Page) -> None:
    area, d0, d1, _, _ = _a_change(Engine(load_dataset(GEO)))
    _open(page, f"{shipped_site.url}#date={d0.isoformat()}&view=assessed")
    sel = f"path[data-area='{area}']"
    before = page.eval_on_selector(sel, "p => p.getAttribute('fill')")
    length = page.evaluate("history.length")
    _step_slider(page, d1)
    assert page.eval_on_selector(sel, "p => p.getAttribute('fill')") != before
    page.wait_for_function(f"() => location.hash.includes('date={d1.isoformat()}')")
    assert page.evaluate("history.length") == length


def test_hash_restores_date_view_compare_and_known_at(shipped_site: StaticServer,
                                                      page: Page) -> None:
    eng = Engine(load_dataset(GEO))
    day = eng.change_dates("assessed")[3]
    days = known_days(eng)
    asked = date.fromordinal(days[5].toordinal() + 1)  # between two publication days
    _open(page, f"{shipped_site.url}#date={day.isoformat()}&view=disputed"
                f"&known={asked.isoformat()}&compare=view:claimant:ru-official")
    page.wait_for_function("() => window.controlmap.model.timeline.known_at")
    got = page.evaluate("""() => ({date: controlmap.getDate(), view: controlmap.state.view,
        panes: controlmap.panes.length, known: controlmap.model.timeline.known_at,
        select: document.getElementById('cm-view').value})""")
    assert got == {"date": day.isoformat(), "view": "disputed", "panes": 2,
                   "known": (days[5] if days[6] > asked else days[6]).isoformat(),
                   "select": "disputed"}


def test_choices_push_history_and_back_restores(shipped_site: StaticServer, page: Page) -> None:
    _open(page, f"{shipped_site.url}#date=2025-06-01&view=assessed")
    length = page.evaluate("history.length")
    page.select_option("#cm-view", "latest")
    # the view's timeline is fetched first (each view is its own file), then the entry pushed
    page.wait_for_function(f"() => history.length === {length + 1}")
    assert "view=latest" in page.evaluate("location.hash")
    assert page.evaluate("controlmap.state.view") == "latest"
    days = known_days(Engine(load_dataset(GEO)))
    page.fill("#cm-known", days[3].isoformat())
    page.dispatch_event("#cm-known", "change")
    page.wait_for_function(f"() => location.hash.includes('known={days[3].isoformat()}')")
    assert page.evaluate("history.length") == length + 2
    assert page.evaluate("controlmap.model.timeline.known_at") == days[3].isoformat()
    page.go_back()
    page.wait_for_function("() => !controlmap.model.timeline.known_at")
    page.go_back()
    page.wait_for_function("() => controlmap.state.view === 'assessed'")
    assert page.evaluate("controlmap.getDate()") == "2025-06-01"


def test_popup_shows_hostile_note_literally(geo_copy: Path, tmp_path: Path, page: Page) -> None:
    for path in geo_copy.glob("claims*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for f in doc["features"]:
            f["properties"]["note"] = NOTE
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = publish(geo_copy, tmp_path / "site", "--no-known-at")
    eng = Engine(load_dataset(geo_copy))
    last = eng.change_dates("assessed")[-1]
    leaves = [a for a in eng.dataset.areas if not eng.dataset.children(a)]
    area = next(a for a in sorted(leaves) if eng.state(last, "assessed").areas[a].claim)
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    with StaticServer(out) as srv:
        _open(page, f"{srv.url}#date={last.isoformat()}&view=assessed")
        _click_area(page, area)
        popup = page.locator(".cm-popup .cm-card")
        popup.wait_for()
        text = popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in text and "{{7*6}}" in text
    assert popup.locator("img").count() == 0
    assert dialogs == []


def _click_area(page: Page, area: str) -> None:
    x, y = page.evaluate("""(id) => { const pane = controlmap.panes[0];
        const f = controlmap.model.areas[controlmap.model.areaIndex[id]];
        pane.map.setView(f.properties.label, 14, {animate: false});
        const p = pane.map.latLngToContainerPoint(f.properties.label);
        const r = pane.mapEl.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", area)
    page.mouse.click(x, y)


def test_thousand_areas_draw_on_a_canvas_that_still_opens_cards(
        tmp_path: Path, page: Page, blocked_requests: list[str]) -> None:
    data = synthetic_geo.write(tmp_path / "geo", n_claims=3000)
    out = publish(data, tmp_path / "site", "--no-known-at")
    eng = Engine(load_dataset(data))
    area, d0, d1, _, _ = _a_change(eng)
    leaf = area if not eng.dataset.children(area) else next(
        a for a in sorted(eng.dataset.areas) if a.startswith(area) and not eng.dataset.children(a))
    with StaticServer(out) as srv:
        errors = _open(page, f"{srv.url}#date={d0.isoformat()}&view=assessed")
        assert page.locator(".cm-map[data-renderer=canvas] canvas").count() >= 1
        assert page.locator("path[data-area]").count() == 0
        keys = "() => controlmap.panes[0].keys.join()"
        before = page.evaluate(keys)
        _step_slider(page, d1)
        assert page.evaluate(keys) != before
        _click_area(page, leaf)
        page.locator(".cm-popup .cm-card").wait_for()
    assert errors == [] and blocked_requests == []


def test_ukrainian_from_the_hash_and_the_switch_changes_language(
        shipped_site: StaticServer, page: Page) -> None:
    errors = _open(page, f"{shipped_site.url}#lang=uk&date=2025-06-01&view=assessed")
    uk = translator("uk")
    assert page.evaluate("document.documentElement.lang") == "uk"
    legend = page.locator(".cm-legend").inner_text()
    assert uk.gettext("Legend") in legend and "Legend" not in legend
    assert page.locator("#cm-view option[value=assessed]").inner_text() == view_label(
        "assessed", "uk")
    assert uk.gettext("As known at") in page.locator("#cm-controls").inner_text()
    assert "Data as of" not in page.locator(".cm-site-asof").inner_text()
    page.screenshot(path=str(Path(os.environ.get("CM_SHOT_DIR", "/tmp")) / "site-uk.png"))
    length = page.evaluate("history.length")
    page.click("#cm-lang a[data-lang=en]")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.wait_for_selector(PAINTED)
    assert "Legend" in page.locator(".cm-legend").inner_text()
    assert "Data as of" in page.locator(".cm-site-asof").inner_text()
    assert page.evaluate("history.length") == length + 1
    assert page.evaluate("controlmap.getDate()") == "2025-06-01"
    assert "lang=en" in page.evaluate("location.hash")
    page.go_back()  # the Ukrainian payload again (fetched once): the map draws it anew
    page.wait_for_function("() => document.documentElement.lang === 'uk'")
    page.wait_for_selector(PAINTED)
    assert uk.gettext("Legend") in page.locator(".cm-legend").inner_text()
    paths = page.eval_on_selector_all("path[data-area]", "ps => ps.map(p => p.getAttribute('d'))")
    assert sum(1 for d in paths if d and d != "M0 0") >= 5
    assert errors == []


# The site's timeline files fetched so far, as the names of the views in them.
FETCHED_VIEWS_JS = """async () => {
  const site = JSON.parse(document.getElementById('cm-site').textContent);
  const byFile = {};
  for (const [v, f] of Object.entries(site.timelines)) byFile[f] = v;
  return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.slice(1))
    .filter(p => byFile[p]).map(p => byFile[p]).sort();
}"""


def test_first_visit_fetches_the_view_on_screen_then_the_claimants_views(
        shipped_site: StaticServer, page: Page) -> None:
    """Each view's timeline is its own file: the view on screen first, the claimants' own
    views (for the cards) once the map is up, another view only when it is picked."""
    _open(page, f"{shipped_site.url}#date=2026-01-20&view=assessed")
    page.wait_for_function("() => !controlmap.model.missingClaimantViews().length")
    got = page.evaluate(FETCHED_VIEWS_JS)
    claimants = sorted(v for v in page.evaluate("Object.keys(controlmap.model.views)")
                       if v.startswith("claimant:"))
    assert claimants and got == sorted(["assessed", *claimants])
    assert "disputed" not in page.evaluate("Object.keys(controlmap.model.views)")
    page.select_option("#cm-view", "disputed")
    page.wait_for_function("() => controlmap.state.view === 'disputed'")
    assert "disputed" in page.evaluate(FETCHED_VIEWS_JS)
    # the pane paints the picked view, not a stand-in
    assert page.evaluate("controlmap.panes[0].current.view") == "disputed"
