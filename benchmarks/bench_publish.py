"""`controlmap publish`: the static site of the shipped data, and one area of 2M vertices.

1. Shipped geo/: publish time, the site's size (all of it, and what a first visit loads), the
   first painted map from `python -m http.server` in headless Chromium (navigation start to
   the frame after the mount, `performance.mark('cm-painted')` in site.js; median of cold
   loads), and a date step's p50/p95 in the page, timed as bench_scrub (slider input to the
   first map mutation, its frame and the task after it). Naive baseline in the same run: the
   self-contained HTML export (everything inlined, one date and view), served the same way.
2. One area with 2,000,000 vertices (a wiggly, noisy outline about 30 km round): the payload
   (`base`) and first paint with the levels of detail vs the naive payload of before (the
   unsimplified outline as GeoJSON, twice: part and outline), through the same page.
   Targets: payload < 5 MB, first paint < 10 s.
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from benchmarks.bench_scrub import GEO, MEASURE_JS, _line, _pct
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.static_server import StaticServer

LOADS = 3
STEPS = 60
HUGE_VERTICES = 2_000_000


def _publish(data: Path | Any, out: Path) -> tuple[str, Any]:
    """Load (`data`: a directory, or an engine), build and write the site: "wall s (CPU s)",
    and the site."""
    from controlmap.cli.options import load_engine
    from controlmap.render.publish import build_site

    t0, c0 = time.perf_counter(), time.process_time()
    site = build_site(load_engine(str(data)) if isinstance(data, Path) else data)
    for rel, blob in site.files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(blob)
    return f"{time.perf_counter() - t0:.2f} s ({time.process_time() - c0:.2f} s CPU)", site


def _first_load(site: Any) -> int:
    """Bytes a first visit fetches: the page, its scripts and styles, one language's base,
    the assessed view's timeline and then the claimants' own views (for the cards)."""
    manifest = json.loads(site.files["index.html"].decode().split('id="cm-site">')[1]
                          .split("</script>")[0])
    wanted = {manifest["base"]["en"], *(f for v, f in manifest["timelines"].items()
                                        if v == "assessed" or v.startswith("claimant:"))}
    return sum(len(b) for rel, b in site.files.items()
               if rel == "index.html" or rel.startswith("static-") and not rel.endswith(".png")
               or rel in wanted)


def _paint(browser: Any, url: str, ready: str, timeout_s: float = 180) -> float | None:
    """Seconds from navigation start to `ready` (a JS expression giving ms, or null)."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        page.goto(url)
        ms = page.wait_for_function(ready, timeout=timeout_s * 1000, polling=50).json_value()
        return float(ms) / 1000
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        page.context.close()


SITE_PAINTED = ("() => { const m = performance.getEntriesByName('cm-painted')[0];"
                " return m ? m.startTime : null; }")
# The export mounts synchronously as it loads; painted = the first frame with its paths.
EXPORT_PAINTED = ("() => document.querySelector('path[data-area]') &&"
                  " performance.getEntriesByType('paint').length ? performance.now() : null")


def _steps(browser: Any, url: str) -> list[float]:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        page.goto(url)
        page.wait_for_selector("html[data-cm-painted]", timeout=60000)
        page.evaluate(MEASURE_JS, [10, "view"])
        return list(page.evaluate(MEASURE_JS, [STEPS, "view"]))
    finally:
        page.context.close()


def _median(xs: list[float | None]) -> str:
    got = [x for x in xs if x is not None]
    return f"{statistics.median(got):6.2f} s" if got else "  none"


def huge_engine(n: int = HUGE_VERTICES) -> Any:
    """The shipped reference layers and one area of `n` vertices (star-shaped, so always
    valid) with two claims about it. Built in memory: the reader refuses a geometry of more
    than io.limits.MAX_POSITIONS (200,000) positions, an input-safety limit, not a drawing one."""
    from datetime import date

    from controlmap.dates import PartialDate
    from controlmap.loading import load_dataset
    from controlmap.model.dataset import Dataset
    from controlmap.model.engine import Engine
    from controlmap.model.records import Area, Claim

    rng = np.random.default_rng(13)
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    r = 0.05 * (1 + 0.1 * np.sin(40 * t) + 0.02 * np.sin(900 * t)) + rng.normal(0, 2e-5, n)
    ring = np.stack([37.6 + r * np.cos(t), 49.7 + 0.65 * r * np.sin(t)], axis=1)
    area = Area("huge", "Huge", "", "district", None, None,
                {"approximate": True, "method": "synthetic"}, shapely.Polygon(ring))
    claims = [Claim(id=f"huge-{i}", date=PartialDate.of(d), status=st, claimant="analyst",
                    source_title="Synthetic report", area="huge", published=PartialDate.of(d))
              for i, (d, st) in enumerate(((date(2025, 1, 10), "ua"),
                                           (date(2025, 6, 1), "contested")))]
    shipped = load_dataset(GEO)
    return Engine(Dataset(GEO, {"huge": area}, claims, [], layers=shipped.layers,
                          raw=shipped.raw))


def _naive_base(base: dict[str, Any], engine: Any) -> dict[str, Any]:
    """The payload as it was: every area's full outline as GeoJSON, as part and as outline."""
    from controlmap.render.payload import geojson_geometry

    naive = {k: v for k, v in base.items() if k != "geometry"}
    feats = []
    for f in base["areas"]["features"]:
        g = geojson_geometry(engine.dataset.areas[f["properties"]["id"]].geometry)
        feats.append({**f, "geometry": g, "properties": {**f["properties"], "outline": g}})
    naive["areas"] = {"type": "FeatureCollection", "features": feats}
    return naive


def run() -> None:
    from playwright.sync_api import sync_playwright

    from controlmap.cli.options import load_engine
    from controlmap.model.results import State  # noqa: F401 - the export's types
    from controlmap.render.export_html import state_html
    from controlmap.render.page_text import page_text

    print("== publish: the static site (shipped geo/; one area of 2M vertices)")
    with tempfile.TemporaryDirectory(prefix="controlmap-bench-publish-") as tmp_name:
        tmp = Path(tmp_name)
        site_dir = tmp / "site"
        took, site = _publish(GEO, site_dir)
        print(f"  publish shipped geo/: {took}, {len(site.files)} files, "
              f"{site.size / 1e6:5.2f} MB ({len(site.known_days)} as-known-at timelines); "
              f"a first visit loads {_first_load(site) / 1e6:5.2f} MB")
        engine = load_engine(str(GEO))
        from datetime import UTC, datetime

        last = engine.change_dates("assessed")[-1]
        state = engine.state(last, "assessed")
        export = state_html(engine, state, page_text(engine, state, None,
                                                     datetime(2026, 1, 1, tzinfo=UTC)))
        (site_dir / "export.html").write_bytes(export)
        print(f"  naive: self-contained HTML export, one date and view: "
              f"{len(export) / 1e6:5.2f} MB")

        huge = huge_engine()
        huge_site = tmp / "site-huge"
        took_h, hsite = _publish(huge, huge_site)
        manifest = json.loads(hsite.files["index.html"].decode().split('id="cm-site">')[1]
                              .split("</script>")[0])
        base = json.loads(hsite.files[manifest["base"]["en"]])
        naive_site = tmp / "site-huge-naive"
        shutil.copytree(huge_site, naive_site)
        naive_bytes = json.dumps(_naive_base(base, huge), separators=(",", ":")).encode()
        (naive_site / manifest["base"]["en"]).write_bytes(naive_bytes)
        size_new = len(hsite.files[manifest["base"]["en"]])

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)
            try:
                with StaticServer(site_dir) as srv:
                    site_paint = [_paint(browser, srv.url, SITE_PAINTED) for _ in range(LOADS)]
                    export_paint = [_paint(browser, srv.url + "export.html", EXPORT_PAINTED)
                                    for _ in range(LOADS)]
                    steps = _steps(browser, srv.url)
                with StaticServer(huge_site) as srv:
                    huge_paint = _paint(browser, srv.url, SITE_PAINTED)
                with StaticServer(naive_site) as srv:
                    naive_paint = _paint(browser, srv.url, SITE_PAINTED, timeout_s=300)
            finally:
                browser.close()
        print(f"  first painted map from python -m http.server (median of {LOADS} cold loads):"
              f" site {_median(site_paint)}, naive export {_median(export_paint)}")
        print(_line("date step in the published page", steps))
        print(f"  date step p95 < 50 ms: {'yes' if _pct(steps, 0.95) < 50 else 'NO'}")
        print(f"  2M-vertex area: publish {took_h}; payload (base) "
              f"{size_new / 1e6:6.2f} MB vs naive {len(naive_bytes) / 1e6:6.2f} MB "
              f"= {len(naive_bytes) / size_new:5.1f}x smaller (target < 5 MB: "
              f"{'yes' if size_new < 5e6 else 'NO'})")
        hp = f"{huge_paint:6.2f} s" if huge_paint is not None else "none"
        np_ = f"{naive_paint:6.2f} s" if naive_paint is not None else "none within 300 s"
        ratio = (f" = {naive_paint / huge_paint:5.1f}x faster"
                 if huge_paint and naive_paint else "")
        print(f"  2M-vertex area: first painted map {hp} vs naive {np_}{ratio} (target < 10 s:"
              f" {'yes' if huge_paint is not None and huge_paint < 10 else 'NO'})")


if __name__ == "__main__":
    run()
