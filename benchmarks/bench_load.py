"""The load path at scale: `controlmap state --json` and `controlmap validate`, end to end.

Data: 1,000 areas and 100,000 claims over five years (benchmarks/synthetic.py written as
geo/ files by benchmarks/synthetic_geo.py, in a temp dir) plus the shipped reference layers.
Each command runs as its own process, as a user runs it, interleaved with the baseline so
both see the same machine load. Wall time is what a user waits; CPU time (the process's
user + system) is steadier on a busy machine; both are printed, and the ratios use wall.

Baseline (naive): a script reading claims and areas with geopandas (pyogrio), then filter,
sort, group by area and print JSON: what one would write first, without validation.
Cases of this program: a first run (validation cache empty), a run with the cache warm (any
later run on unchanged files), and the cache off.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import synthetic_geo

DAY = "2025-06-01"
RUNS = 5
NAIVE = """
import json, sys
import geopandas as gpd, pandas as pd
d, day = sys.argv[1], pd.Timestamp(sys.argv[2])
claims = gpd.read_file(f"{d}/claims.geojson")
areas = gpd.read_file(f"{d}/areas.geojson")
claims["day"] = pd.to_datetime(claims["date"], format="mixed")
last = claims[claims["day"] <= day].sort_values(["day", "id"]).groupby("area").tail(1)
last = last.merge(areas[["id", "name"]], left_on="area", right_on="id", suffixes=("", "_a"))
print(json.dumps({r.area: {"name": r.name, "status": r.status, "since": str(r.date),
                           "claim": r.id} for r in last.itertuples()}, indent=2))
"""


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall s, CPU s) of one process run to completion; fails loudly on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise RuntimeError(f"{' '.join(cmd[:4])}... exited {done.returncode}: "
                           f"{done.stderr.decode()[-400:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from controlmap.cli import main; main()", *args]


def _line(name: str, runs: list[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return f"  {name:<44} wall p50 {wall:6.2f} s   CPU p50 {cpu:6.2f} s   (n={len(runs)})"


def _p50(runs: list[tuple[float, float]]) -> float:
    return statistics.median(w for w, _ in runs)


def run() -> None:
    print("== load: `state --json` and `validate` end to end, 1,000 areas / 100,000 claims")
    with tempfile.TemporaryDirectory(prefix="controlmap-bench-load-") as tmp:
        data = synthetic_geo.write(Path(tmp) / "geo")
        size = sum(p.stat().st_size for p in data.glob("*.geojson")) / 1e6
        print(f"  data: {data} ({size:.0f} MB of GeoJSON)")
        base = {k: v for k, v in os.environ.items() if not k.startswith("CONTROLMAP_")}
        base["CONTROLMAP_PROGRESS"] = "0"
        warm_env = {**base, "CONTROLMAP_CACHE": str(Path(tmp) / "cache")}
        off_env = {**base, "CONTROLMAP_CACHE": "off"}
        state = _cli("state", "--date", DAY, "--json", "--data", str(data))
        naive_cmd = [sys.executable, "-c", NAIVE, str(data), DAY]

        first = [_timed(state, {**base, "CONTROLMAP_CACHE": str(Path(tmp) / f"c{i}")})
                 for i in range(2)]
        naive, warm, off = [], [], []
        for _ in range(RUNS):
            naive.append(_timed(naive_cmd, base))
            warm.append(_timed(state, warm_env))
        for _ in range(2):
            off.append(_timed(state, off_env))
        print(_line("naive geopandas read + filter/sort/groupby", naive))
        print(_line("state, first run (validation cache empty)", first))
        print(_line("state, cache warm (files unchanged)", warm))
        print(_line("state, cache off (full validation)", off))
        ratio = _p50(naive) / _p50(warm)
        print(f"  ratio naive / state (cache warm): {ratio:5.2f}x   (target >= 3x: "
              f"{'yes' if ratio >= 3 else 'NO'}); first run {_p50(naive) / _p50(first):5.2f}x")

        cold = [_timed(_cli("validate", "--no-cache", "--data", str(data)), off_env)
                for _ in range(3)]
        again = [_timed(_cli("validate", "--data", str(data)), warm_env) for _ in range(3)]
        print(_line("validate --no-cache (every check)", cold))
        print(_line("validate, cache warm", again))
        print(f"  validate under 2 s (guide): every check "
              f"{'yes' if _p50(cold) < 2 else 'NO'}, cache warm "
              f"{'yes' if _p50(again) < 2 else 'NO'}")
        _in_process(data)


def _in_process(data: Path) -> None:
    """Where the time of one load goes, in this process (no interpreter start, no imports)."""
    from datetime import date

    from controlmap import validate
    from controlmap.io.datadir import read_data_dir
    from controlmap.loading import build_dataset
    from controlmap.model.engine import Engine
    from controlmap.validate.schema import check_schema

    t0 = time.process_time()
    raw = read_data_dir(data)
    t1 = time.process_time()
    check_schema(raw)
    t2 = time.process_time()
    validate.check(raw, date.today())
    t3 = time.process_time()
    raw.texts.clear()
    ds = build_dataset(raw)
    t4 = time.process_time()
    Engine(ds)
    t5 = time.process_time()
    print(f"  in process (CPU): read+parse {t1 - t0:.2f} s; schema {t2 - t1:.2f} s; every "
          f"check {t3 - t2:.2f} s; records {t4 - t3:.2f} s; engine compile {t5 - t4:.2f} s")


if __name__ == "__main__":
    run()
