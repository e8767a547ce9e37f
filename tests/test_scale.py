"""The synthetic large data set (benchmarks/synthetic_geo, generated here, smaller) end to end.

Written as geo/ files, it must validate, and `controlmap state --json` from the files must say
exactly what the engine says about the same data built in memory: through the full path and
again through the fast path once the cache knows the files are clean.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from benchmarks import synthetic, synthetic_geo
from controlmap.model.dataset import Dataset
from controlmap.model.engine import Engine

FANOUT = (3, 5, 4)  # 79 areas
N_CLAIMS = 6000
DAYS = ["2021-03-01", "2023-06-15", "2025-12-31"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_geo.write(tmp_path_factory.mktemp("scale") / "geo", N_CLAIMS, FANOUT)


@pytest.fixture(scope="module")
def in_memory() -> Engine:
    areas = synthetic.areas(FANOUT)
    return Engine(Dataset(Path("synthetic"), areas, synthetic.claims(sorted(areas), N_CLAIMS),
                          []))


def _cli(*args: str, cache: Path | str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTROLMAP_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-c", "from controlmap.cli import main; main()",
                           *args], env=env, capture_output=True, text=True, timeout=600,
                          check=False)


def test_the_large_set_validates(big: Path) -> None:
    done = _cli("validate", "--data", str(big), cache="off")
    assert done.returncode == 0, done.stdout[-2000:]
    assert done.stdout.endswith("no problems\n")
    features = int(re.search(r"(\d+) features", done.stdout)[1])  # type: ignore[index]
    assert features >= N_CLAIMS + len(synthetic.areas(FANOUT))


@pytest.mark.parametrize("view", ["assessed", "latest", "disputed", "claimant:analyst"])
def test_state_from_files_equals_the_engine_in_memory(big: Path, in_memory: Engine,
                                                      tmp_path: Path, view: str) -> None:
    cache = tmp_path / "cache"
    for day in DAYS:
        want = in_memory.state(date.fromisoformat(day), view).to_json()
        runs = [_cli("state", "--date", day, "--view", view, "--json", "--data", str(big),
                     cache=c) for c in ("off", cache, cache)]  # full, full + store, fast
        for done in runs:
            assert done.returncode == 0, done.stderr[-2000:]
            assert json.loads(done.stdout)["areas"] == want["areas"]
    assert list((cache / "validated").glob("*.json"))
    assert list((cache / "claims").iterdir())  # the typed columns, read by the third run


def test_one_bad_claim_among_thousands_is_named(big: Path, tmp_path: Path) -> None:
    bad = tmp_path / "geo"
    bad.mkdir()
    for p in big.iterdir():
        (bad / p.name).write_bytes(p.read_bytes())
    path = bad / "claims.geojson"
    lines = path.read_text("utf-8").split("\n")
    lines[2500] = lines[2500].replace('"status": "', '"status": "x', 1)
    path.write_text("\n".join(lines), "utf-8")
    cid = json.loads(lines[2500].rstrip(","))["properties"]["id"]
    for cache in ("off", tmp_path / "cache"):
        done = _cli("validate", "--data", str(bad), cache=cache)
        assert done.returncode == 1
        assert done.stdout.splitlines()[0].startswith(f"claims.geojson:{cid}:properties.status:")
        assert done.stdout.splitlines()[-1] == "1 problem in 1 file"
        state = _cli("state", "--date", DAYS[1], "--json", "--data", str(bad), cache=cache)
        assert state.returncode == 1 and state.stdout == ""
        assert f"claims.geojson:{cid}:properties.status" in state.stderr


def test_the_large_set_timeline_is_cached_and_says_what_the_engine_says(
        big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's timeline from the files: built once, then read from the content-hash cache
    (byte for byte the same), and decoded as the browser does it says what the engine says
    on days across the span, in every view."""
    from controlmap.io import columns
    from controlmap.loading import load_dataset
    from controlmap.render import payload_cache
    from tests.test_payload import also, latest, lookup

    monkeypatch.setenv("CONTROLMAP_CACHE", str(tmp_path / "cache"))
    eng = Engine(load_dataset(big))
    first = payload_cache.timeline_json(eng)
    assert list((tmp_path / "cache" / "timeline").iterdir())
    calls: list[int] = []
    monkeypatch.setattr(payload_cache, "build_timeline", lambda *a: calls.append(1))
    again = payload_cache.timeline_json(Engine(load_dataset(big)))
    assert again == first and calls == []
    payload = {"timeline": json.loads(first),
               "claims": columns.encode([{"id": c.id} for c in eng.claims])}
    for day in [date.fromisoformat(d) for d in DAYS] + [date(2030, 1, 1)]:
        for view in eng.views:
            state = eng.state(day, view)
            for area in list(eng.ids)[::7]:
                r = state.areas[area]
                assert lookup(payload, view, day, area) == {
                    "status": r.status, "claim": r.claim, "via": r.via, "rule": r.rule,
                    "stale": r.stale, "last_reported": r.last_reported}, (view, day, area)
                assert also(payload, view, day, area) == list(r.also)
            assert latest(payload, view, day) == state.latest_claim

