"""A real `streamlit run app.py` per data directory, on a free port, killed after the tests.

Browser tests talk to it with the `page` fixture of tests/conftest.py (non-local requests
blocked and recorded).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from tests.conftest import GEO
from tests.e2e.server import STREAMLIT, Server


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    """The app on the shipped geo/, shared by the session's browser tests."""
    if not STREAMLIT.exists():
        pytest.skip(f"streamlit not installed beside {sys.executable}")
    srv = Server(GEO)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """Start the app on another data directory; stopped when the test ends."""
    started: list[Server] = []

    def start(data_dir: Path, env: dict[str, str] | None = None) -> Server:
        srv = Server(data_dir, env)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


MAP_FRAME = "iframe[title*='controlmap']"
# The view on screen has its history, not only the one-day snapshot of a first start.
HISTORY_HERE_JS = ("() => window.controlmap && "
                   "window.controlmap.model.pinned(window.controlmap.state.view) === null")


def map_frame(page: Page) -> Frame:
    """The map component's frame, once its area paths exist."""
    fr = page.frame_locator(MAP_FRAME)
    fr.locator("path[data-area]").first.wait_for(state="attached", timeout=30000)
    frame = next(f for f in page.frames if "controlmap_map" in f.url)
    frame.wait_for_function("() => window.controlmap && window.controlmap.panes.length > 0")
    # a first start paints one day and holds the date until the view's history is here
    frame.wait_for_function(HISTORY_HERE_JS, timeout=60000)
    return frame


def click_area(page: Page, frame: Frame, area: str) -> None:
    """A real mouse click on an area's label point (inside its outline), at zoom 14."""
    x, y = frame.evaluate("""(id) => { const pane = window.controlmap.panes[0];
        const f = window.controlmap.model.areas[window.controlmap.model.areaIndex[id]];
        pane.map.setView(f.properties.label, 14, {animate: false});
        const p = pane.map.latLngToContainerPoint(f.properties.label);
        const r = pane.mapEl.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", area)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None, "the map frame is not on screen"
    page.mouse.click(box["x"] + x, box["y"] + y)
