"""Scrubbing speed in headless Chromium: a date step to the repainted map, this app vs naive.

This app: the map component recolours from the timeline shipped once; measured in the page
from the slider's input event to the area paths' attribute mutation (MutationObserver) and
the next animation frame.
Naive: CONTROLMAP_MAP=folium, Streamlit's slider and a folium map rebuilt per step (what
streamlit-folium does without feature_group_to_add); measured from the key press on the
slider to a new map with its paths on screen.
Cold start: `streamlit run` to the first painted map in a fresh page.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.scrub_server import REPO, Server

GEO = REPO / "geo"
CHROMIUM = "/usr/bin/chromium"
APP_STEPS = 80
NAIVE_STEPS = 15

MEASURE_JS = """async (n) => {
  const ctl = window.controlmap, m = ctl.model, slider = document.querySelector('.cm-slider');
  const view = ctl.state.view, areas = m.areas.length;
  const look = d => Array.from({length: areas}, (_, i) => m.resolve(view, d, i).status).join();
  // Change days whose colours differ from the one before: every step repaints something.
  const days = m.views[view].days.filter((d, k, all) => k === 0 || look(d) !== look(all[k - 1]));
  const out = [];
  for (let i = 0; i < n; i++) {
    let target = days[i % days.length];
    if (look(target) === look(ctl.state.date)) target = days[(i + 1) % days.length];
    const painted = new Promise(resolve => {
      const obs = new MutationObserver(() => { obs.disconnect();
        requestAnimationFrame(() => resolve(performance.now())); });
      document.querySelectorAll('path[data-area]').forEach(p =>
        obs.observe(p, {attributes: true}));
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


def _app_steps(browser: object) -> tuple[list[float], float]:
    t0 = time.perf_counter()
    srv = Server(GEO)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(srv.url)
        page.frame_locator("iframe[title*='controlmap']").locator(
            "path[data-area]").first.wait_for(state="attached", timeout=60000)
        cold = time.perf_counter() - t0
        frame = next(f for f in page.frames if "controlmap_map" in f.url)
        frame.wait_for_function("() => window.controlmap")
        frame.evaluate(MEASURE_JS, 10)  # warm up
        steps = frame.evaluate(MEASURE_JS, APP_STEPS)
        page.close()
        return steps, cold
    finally:
        srv.stop()


def _naive_steps(browser: object) -> list[float]:
    srv = Server(GEO, {"CONTROLMAP_MAP": "folium"})
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(srv.url + "?date=2026-01-01")
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


def run() -> None:
    from playwright.sync_api import sync_playwright

    print("== scrub: date step -> repainted map, headless Chromium, shipped geo/")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            app, cold = _app_steps(browser)
            naive = _naive_steps(browser)
        finally:
            browser.close()
    print(_line("this app (recolour in browser)", app))
    print(_line("naive (folium rebuild per step)", naive))
    print(f"  ratio (naive / app): p50 {statistics.median(naive) / statistics.median(app):6.1f}x"
          f"   p95 {_pct(naive, 0.95) / _pct(app, 0.95):6.1f}x")
    print(f"  cold start (streamlit run -> first painted map): {cold:5.2f} s")
    print(f"  targets: app p95 < 50 ms: {'yes' if _pct(app, 0.95) < 50 else 'NO'}; "
          f">= 5x naive: {'yes' if _pct(naive, 0.95) >= 5 * _pct(app, 0.95) else 'NO'}; "
          f"cold start < 4 s: {'yes' if cold < 4 else 'NO'}")


if __name__ == "__main__":
    run()
