"""Export speed on the shipped data: one PNG, and a 50-date series against 50 CLI runs.

The baseline is what a briefer would script without the series mode: one `controlmap export`
process per date, each loading the data, importing matplotlib and drawing the whole page.
The series loads once, draws the base layers once, and per date only restyles the areas.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.export import export_bytes
from controlmap.render.export_series import write_series

GEO = Path(__file__).resolve().parents[1] / "geo"
N = 50
DPI = 200
TARGET_PNG_S = 1.5
TARGET_RATIO = 2.0


def _cli(*args: str) -> None:
    cmd = [sys.executable, "-c", "from controlmap.cli import main; main()", *args]
    subprocess.run(cmd, check=True, capture_output=True)


def run() -> None:
    print(f"== export: shipped data ({GEO}), slide size, {DPI} dpi")
    t0 = time.perf_counter()
    eng = Engine(load_dataset(GEO))
    load_s = time.perf_counter() - t0
    first, last = eng.dataset.date_span
    day = last
    export_bytes(eng, day, "assessed", None, "png", dpi=DPI)  # warm imports and fonts
    png = []
    for _ in range(5):
        t = time.perf_counter()
        export_bytes(eng, day, "assessed", None, "png", dpi=DPI)
        png.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        _cli("export", "--data", str(GEO), "--date", day.isoformat(), "--dpi", str(DPI),
             "-o", tmp)
        cli_one = time.perf_counter() - t
    png_s = statistics.median(png)
    print(f"load + compile data:                  {load_s:6.3f} s")
    print(f"one PNG export (export_bytes), p50:   {png_s:6.3f} s  "
          f"(target < {TARGET_PNG_S} s: {'ok' if png_s < TARGET_PNG_S else 'MISSED'})")
    print(f"one PNG export (CLI process, cold):   {cli_one:6.3f} s")

    start = max(first, last - timedelta(days=7 * (N - 1)))
    days = [start + timedelta(days=7 * i) for i in range(N)]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        series_eng = Engine(load_dataset(GEO))  # the series pays for its own load too
        write_series(series_eng, days, "assessed", None, "png", Path(tmp), dpi=DPI)
        series_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        for d in days:
            _cli("export", "--data", str(GEO), "--date", d.isoformat(), "--dpi", str(DPI),
                 "-o", tmp)
        naive_s = time.perf_counter() - t
    ratio = naive_s / series_s
    print(f"{N}-date series (one process):         {series_s:6.2f} s  "
          f"({series_s / N:.3f} s/frame)")
    print(f"{N} separate CLI runs (baseline):      {naive_s:6.2f} s  "
          f"({naive_s / N:.3f} s/frame)")
    print(f"series speed-up: {ratio:.2f}x  (target >= {TARGET_RATIO}x: "
          f"{'ok' if ratio >= TARGET_RATIO else 'MISSED'})")


if __name__ == "__main__":
    run()

