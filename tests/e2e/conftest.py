"""A real `streamlit run app.py` per data directory, on a free port, killed after the tests.

Browser tests talk to it with the `page` fixture of tests/conftest.py (non-local requests
blocked and recorded).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import GEO, REPO

STREAMLIT = Path(sys.executable).with_name("streamlit")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}/"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("CONTROLMAP_")}
        full_env.update({"CONTROLMAP_DATA": str(data_dir), **(env or {})})
        self.log = open(os.devnull, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(STREAMLIT), "run", str(REPO / "app.py"), "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=full_env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


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


def map_frame(page: object) -> object:
    """The map component's frame, once its area paths exist."""
    fr = page.frame_locator(MAP_FRAME)  # type: ignore[attr-defined]
    fr.locator("path[data-area]").first.wait_for(state="attached", timeout=30000)
    frame = next(f for f in page.frames if "controlmap_map" in f.url)  # type: ignore[attr-defined]
    frame.wait_for_function("() => window.controlmap && window.controlmap.panes.length > 0")
    return frame
