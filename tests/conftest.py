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
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # playwright is a dev dependency, imported by the fixtures that launch it
    from playwright.sync_api import Browser, Page, Route

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
# What a test page may load: the app server, files, and in-page URLs.
LOCAL = ("http://localhost", "http://127.0.0.1", "data:", "blob:", "about:", "file:",
         "ws://localhost", "ws://127.0.0.1")


@pytest.fixture(autouse=True)
def _no_validation_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test checks its data afresh (tests/test_validate_cache.py turns the cache on)."""
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")


@pytest.fixture(scope="session")
def shared_raw() -> Path:
    """../shared/data/raw (the digest is ../claims-digest.md from it), or skip with the
    reason. The one place that asks whether ../shared is present."""
    if not RAW.is_dir():
        pytest.skip(f"needs ../shared/data/raw beside the checkout; {RAW} is absent (fresh clone)")
    return RAW


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for `shared_raw` is marked `shared`, so `-m "not shared"` selects
    what a fresh clone can run."""
    for item in items:
        if "shared_raw" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)


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
def browser() -> Iterator[Browser]:
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
def blocked_requests() -> list[str]:
    """The URLs the `page` fixture refused (anything not local); a test asserts it is empty
    to show the page needed no network."""
    return []


@pytest.fixture
def page(browser: Browser, blocked_requests: list[str]) -> Iterator[Page]:
    """A fresh page whose requests to anything but localhost are aborted and recorded in the
    `blocked_requests` fixture."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith(LOCAL):
            r.continue_()
        else:
            blocked_requests.append(url)
            r.abort()

    context.route("**/*", route)
    try:
        yield context.new_page()
    finally:
        context.close()
