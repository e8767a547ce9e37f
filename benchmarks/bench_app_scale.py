"""The app at scale: cold start to the first painted map, a date step, and memory.

In one run, against the shipped geo/ measured the same way: `streamlit run` to the first
painted map (headless Chromium, as in bench_scrub) with 1,000 areas / 100,000 claims, both
the very first start (validation cache empty) and a restart (files unchanged, cache warm);
a date step's p95 there (bench_scrub's in-page timing); and the server's memory (VmRSS
after the first paint, VmHWM its peak) with 200,000 claims.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import synthetic_geo
from benchmarks.bench_scrub import CHROMIUM, GEO, MEASURE_JS, _line, _pct
from benchmarks.scrub_server import Server

STEPS = 40
TIMEOUT_MS = 600_000


def _memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def _start(browser: Any, data: Path, cache: Path, steps: int = 0) -> dict[str, Any]:
    """Start the app on `data`, wait for the first painted map; optionally time date steps."""
    t0 = time.perf_counter()
    srv = Server(data, {"CONTROLMAP_CACHE": str(cache)})
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(srv.url)
        page.frame_locator("iframe[title*='controlmap']").locator(
            "path[data-area]").first.wait_for(state="attached", timeout=TIMEOUT_MS)
        out: dict[str, Any] = {"cold": time.perf_counter() - t0}
        out["rss"], out["peak"] = _memory(srv.proc.pid)
        if steps:
            frame = next(f for f in page.frames if "controlmap_map" in f.url)
            frame.wait_for_function("() => window.controlmap")
            frame.evaluate(MEASURE_JS, [5, "view"])  # warm up
            out["steps"] = frame.evaluate(MEASURE_JS, [steps, "view"])
        page.close()
        return out
    finally:
        srv.stop()


def run() -> None:
    from playwright.sync_api import sync_playwright

    print("== app at scale: cold start to first painted map, date steps, memory")
    with tempfile.TemporaryDirectory(prefix="controlmap-bench-app-") as tmp_name:
        tmp = Path(tmp_name)
        big = synthetic_geo.write(tmp / "geo-100k")
        huge = synthetic_geo.write(tmp / "geo-200k", 200_000)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            try:
                shipped = _start(browser, GEO, tmp / "cache-shipped")
                first = _start(browser, big, tmp / "cache-100k")
                warm = _start(browser, big, tmp / "cache-100k", steps=STEPS)
                mem = _start(browser, huge, tmp / "cache-200k")
                mem_warm = _start(browser, huge, tmp / "cache-200k")
            finally:
                browser.close()
    print(f"  shipped geo/: cold start {shipped['cold']:6.2f} s; server RSS "
          f"{shipped['rss']:.0f} MB (peak {shipped['peak']:.0f} MB)")
    for name, got in (("first start (cache empty)", first), ("restart (cache warm)", warm)):
        ratio = got["cold"] / shipped["cold"]
        print(f"  1k areas/100k claims, {name}: {got['cold']:6.2f} s = {ratio:4.1f}x shipped "
              f"(target <= 2x: {'yes' if ratio <= 2 else 'NO'}); RSS {got['rss']:.0f} MB "
              f"(peak {got['peak']:.0f} MB)")
    steps = warm["steps"]
    print(_line("date step at 100k claims", steps))
    print(f"  date step p95 < 50 ms: {'yes' if _pct(steps, 0.95) < 50 else 'NO'}")
    for name, got in (("first start", mem), ("restart", mem_warm)):
        print(f"  200k claims, {name}: first paint {got['cold']:6.2f} s; server RSS "
              f"{got['rss']:.0f} MB, peak {got['peak']:.0f} MB (target RSS < 500 MB: "
              f"{'yes' if got['rss'] < 500 else 'NO'})")


if __name__ == "__main__":
    run()
