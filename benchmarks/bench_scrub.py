"""Scrubbing speed in headless Chromium: a date step to the repainted map, this app vs naive.

This app: the map component recolours from the timeline shipped once; measured in the page
from the slider's input event to the first DOM mutation of the map (MutationObserver), the
next animation frame and the task after it (so the frame's paint is included).
Naive: CONTROLMAP_MAP=folium, Streamlit's slider and a folium map rebuilt per step (what
streamlit-folium does without feature_group_to_add); measured from the key press on the
slider to a new map with its paths on screen.
Cold start: `streamlit run` to the first painted map in a fresh page.

Second case, when ../shared holds the DeepStateMap series: geo/ copied to a temp dir, the
whole series imported there (importer API), the series layer on, and every step moving to
the next date on which the series polygon changes (so the polygon is redrawn each step).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.server import REPO, Server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

GEO = REPO / "geo"
SERIES_RAW = REPO.parent / "shared" / "data" / "raw" / "deepstatemap-cyterat"
APP_STEPS = 80
NAIVE_STEPS = 15
SERIES_LAYERS = "builtup,events,oskil,series-deepstate,towns"

# `targets`: "view" steps between change days of the view whose colours differ; "series"
# steps between the days of the first series layer (each one a different polygon).
MEASURE_JS = """async ([n, targets]) => {
  const ctl = window.controlmap, m = ctl.model, slider = document.querySelector('.cm-slider');
  const view = ctl.state.view, areas = m.areas.length;
  const look = d => Array.from({length: areas}, (_, i) => m.resolve(view, d, i).status).join();
  let days;
  if (targets === 'series') days = m.series[Object.keys(m.series)[0]].days;
  else days = m.views[view].days.filter((d, k, all) => k === 0 || look(d) !== look(all[k - 1]));
  const same = targets === 'series'
    ? (a, b) => a === b : (a, b) => look(a) === look(b);
  const host = document.querySelector('.cm-panes');
  const out = [];
  for (let i = 0; i < n; i++) {
    let target = days[i % days.length];
    if (same(target, ctl.state.date)) target = days[(i + 1) % days.length];
    const painted = new Promise(resolve => {
      const obs = new MutationObserver(() => { obs.disconnect();
        requestAnimationFrame(() => { const ch = new MessageChannel();
          ch.port1.onmessage = () => resolve(performance.now()); ch.port2.postMessage(0); }); });
      obs.observe(host, {attributes: true, childList: true, subtree: true});
      setTimeout(() => { obs.disconnect(); resolve(NaN); }, 2000);
    });
    const t0 = performance.now();
    slider.value = String(target - m.first);
    slider.dispatchEvent(new Event('input'));
    out.push(await painted - t0);
    await new Promise(r => setTimeout(r, 20));
  }
  return out.filter(x => !Number.isNaN(x));
}"""

NAIVE_MARK_JS = """() => { for (const f of document.querySelectorAll('iframe')) {
  const d = f.contentDocument; if (!d) continue;
  d.querySelectorAll('.leaflet-container').forEach(c => c.dataset.old = '1'); } }"""
NAIVE_DONE_JS = """() => { for (const f of document.querySelectorAll('iframe')) {
  const d = f.contentDocument; if (!d) continue;
  for (const c of d.querySelectorAll('.leaflet-container:not([data-old])'))
    if (c.querySelector('path')) return Date.now(); } return false; }"""


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _line(name: str, xs: list[float]) -> str:
    return (f"  {name:<34} p50 {statistics.median(xs):8.1f} ms   p95 {_pct(xs, 0.95):8.1f} ms"
            f"   (n={len(xs)})")


def _app_steps(browser: Browser, data: Path, query: str = "",
               targets: str = "view") -> tuple[list[float], float]:
    t0 = time.perf_counter()
    srv = Server(data)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(srv.url + query)
        page.frame_locator("iframe[title*='controlmap']").locator(
            "path[data-area]").first.wait_for(state="attached", timeout=60000)
        cold = time.perf_counter() - t0
        frame = next(f for f in page.frames if "controlmap_map" in f.url)
        frame.wait_for_function("() => window.controlmap")
        if targets == "series":
            frame.wait_for_function("() => document.querySelector('path.cm-series')")
        frame.evaluate(MEASURE_JS, [10, targets])  # warm up
        steps = frame.evaluate(MEASURE_JS, [APP_STEPS, targets])
        page.close()
        return steps, cold
    finally:
        srv.stop()


def _naive_steps(browser: Browser, data: Path, query: str = "?date=2026-01-01") -> list[float]:
    srv = Server(data, {"CONTROLMAP_MAP": "folium"})
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(srv.url + query)
        page.wait_for_function(NAIVE_DONE_JS, timeout=60000, polling="raf")
        thumb = page.locator("[data-testid=stSlider] input").first
        out = []
        for _ in range(NAIVE_STEPS):
            page.evaluate(NAIVE_MARK_JS)
            thumb.focus()
            t0 = page.evaluate("Date.now()")
            thumb.press("ArrowRight")
            t1 = page.wait_for_function(NAIVE_DONE_JS, timeout=20000, polling="raf").json_value()
            out.append(float(t1 - t0))
            page.wait_for_timeout(100)
        page.close()
        return out
    finally:
        srv.stop()


def _report(app: list[float], naive: list[float], target_ms: float) -> None:
    print(_line("this app (recolour in browser)", app))
    print(_line("naive (folium rebuild per step)", naive))
    print(f"  ratio (naive / app): p50 {statistics.median(naive) / statistics.median(app):6.1f}x"
          f"   p95 {_pct(naive, 0.95) / _pct(app, 0.95):6.1f}x")
    print(f"  targets: app p95 < {target_ms:.0f} ms: "
          f"{'yes' if _pct(app, 0.95) < target_ms else 'NO'}; "
          f">= 5x naive: {'yes' if _pct(naive, 0.95) >= 5 * _pct(app, 0.95) else 'NO'}")


def _series_dir(tmp: Path) -> Path:
    """geo/ plus the whole imported DeepStateMap series, in a temp dir (never in geo/)."""
    from controlmap.importer.series import SeriesOptions, import_series

    data = tmp / "geo"
    shutil.copytree(GEO, data)
    paths = sorted(SERIES_RAW.glob("*.geojson"))
    rep = import_series(data, paths, SeriesOptions(
        date_field="date", status="ru", claimant="osint-map", source_title="DeepStateMap",
        status_outside="ua"))
    print(f"  imported {rep.selected} dates from {len(paths)} files: {len(rep.added)} "
          f"changed polygons kept -> {rep.target}")
    return data


def run() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            print("== scrub: date step -> repainted map, headless Chromium, shipped geo/")
            app, cold = _app_steps(browser, GEO)
            naive = _naive_steps(browser, GEO)
            _report(app, naive, 50)
            print(f"  cold start (streamlit run -> first painted map): {cold:5.2f} s"
                  f"  (< 4 s: {'yes' if cold < 4 else 'NO'})")
            print("== scrub with the imported DeepStateMap series layer on")
            if not SERIES_RAW.is_dir():
                print(f"  skipped: {SERIES_RAW} is absent (needs ../shared beside the checkout)")
                return
            with tempfile.TemporaryDirectory(prefix="controlmap-bench-") as tmp:
                data = _series_dir(Path(tmp))
                app, _ = _app_steps(browser, data, f"?layers={SERIES_LAYERS}", "series")
                naive = _naive_steps(browser, data,
                                     f"?date=2026-01-01&layers={SERIES_LAYERS}")
                _report(app, naive, 100)
        finally:
            browser.close()


if __name__ == "__main__":
    run()
