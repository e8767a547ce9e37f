"""The app on the synthetic large data set (benchmarks/synthetic_geo, generated here, smaller):
it paints, and a slider step recolours from the compact timeline as the engine says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page

from benchmarks import synthetic_geo
from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from tests.e2e.conftest import HISTORY_HERE_JS
from tests.e2e.painted import renderer, wait_painted
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

FANOUT = (3, 5, 4)  # 79 areas
N_CLAIMS = 6000
D0, D1 = date(2023, 6, 15), date(2024, 6, 15)


def test_the_app_paints_the_large_set_and_a_step_recolours(
        tmp_path: Path, page: Page, start_server: Callable[..., Server]) -> None:
    data = synthetic_geo.write(tmp_path / "geo", N_CLAIMS, FANOUT)
    eng = Engine(load_dataset(data))
    srv = start_server(data, {"CONTROLMAP_CACHE": str(tmp_path / "cache")})
    page.set_default_timeout(180_000)
    page.goto(f"{srv.url}?date={D0.isoformat()}&view=latest")
    # a cold start validates, compiles and builds the timeline: a generous first wait for
    # the areas drawn in colour, by either renderer
    frame = wait_painted(page, 300_000)
    frame.wait_for_function("() => window.controlmap && window.controlmap.panes.length > 0")
    frame.wait_for_function(HISTORY_HERE_JS, timeout=300_000)
    if renderer(frame) == "svg":
        painted = frame.eval_on_selector_all("path[data-area]", "ps => ps.length")
        assert painted >= len(eng.ids) // 2  # wholes covered by their parts draw no fill
    read = """(iso) => { const m = window.controlmap.model, d = ControlMap.toDay(iso);
        return m.areas.map((f, i) => [f.properties.id, m.resolve('latest', d, i).status]); }"""
    for day in (D0, D1):
        want = eng.state(day, "latest").areas
        got = dict(frame.evaluate(read, day.isoformat()))
        assert got == {a: want[a].status for a in eng.ids}, day
    frame.evaluate(
        """(iso) => { const s = document.querySelector('.cm-slider');
                      s.value = String(ControlMap.toDay(iso) - window.controlmap.model.first);
                      s.dispatchEvent(new Event('input')); }""", D1.isoformat())
    assert frame.evaluate("() => document.querySelector('.cm-root').dataset.date") == \
        D1.isoformat()
