"""A `streamlit run app.py` subprocess on a free port: the one launcher for the browser tests
(tests/e2e/conftest.py) and the scrub benchmark (benchmarks/bench_scrub.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STREAMLIT = Path(sys.executable).with_name("streamlit")


class Server:
    """The app on one data directory, healthy when constructed; `stop()` ends it."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://localhost:{self.port}/"
        full = {k: v for k, v in os.environ.items() if not k.startswith("CONTROLMAP_")}
        full.update({"CONTROLMAP_DATA": str(data_dir), **(env or {})})
        self.proc = subprocess.Popen(
            [str(STREAMLIT), "run", str(REPO / "app.py"), "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited early")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("streamlit did not become healthy")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
