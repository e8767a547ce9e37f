"""Fixtures shared by the whole suite: where things are, ../shared, and a headless Chromium.

Tests that need ../shared skip with the reason when it is absent (a fresh clone); CI has it.
Browser tests skip when Debian's chromium is missing, unless CONTROLMAP_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GEO = REPO / "geo"
SHARED = Path(os.environ.get("CONTROLMAP_SHARED", REPO.parent / "shared"))
RAW = SHARED / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CONTROLMAP_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from phoning home on a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _no_validation_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test checks its data afresh (tests/test_validate_cache.py turns the cache on)."""
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")


def _need_shared() -> Path:
    if not RAW.is_dir():
        pytest.skip(f"needs ../shared/data/raw beside the checkout; {RAW} is absent (fresh clone)")
    return SHARED


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or skip with the reason."""
    return _need_shared()


@pytest.fixture
def raw_dir() -> Path:
    """../shared/data/raw, or skip with the reason."""
    _need_shared()
    return RAW


@pytest.fixture
def geo_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped geo/ that a test may change freely."""
    dst = tmp_path / "geo"
    shutil.copytree(GEO, dst)
    return dst


def _chromium_or_skip() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    msg = f"headless browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CONTROLMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A Playwright Chromium (Debian's binary), shared by the session's browser tests."""
    path = _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page whose requests to anything but localhost are blocked and recorded.

    `page.blocked_requests` lists the URLs that were refused, so a test can assert none were
    needed.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    blocked: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:", "about:",
                           "file:", "ws://localhost", "ws://127.0.0.1")):
            r.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked_requests = blocked  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()
