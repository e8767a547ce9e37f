"""From the app, one click downloads a briefing file of the state on the map."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Frame, Page

from tests.e2e.conftest import map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser


def _open_exports(page: Page, url: str) -> Frame:
    page.goto(url + "?date=2025-12-01&view=disputed")
    frame = map_frame(page)
    page.get_by_role("tab", name="Export").click()
    return frame


@pytest.mark.parametrize(("label", "suffix"), [("PNG image", ".png"),
                                                ("GeoJSON (resolved state)", ".geojson")])
def test_one_click_downloads_the_current_state(
        app_server: Server, page: Page, blocked_requests: list[str], tmp_path: Path,
        label: str, suffix: str) -> None:
    _open_exports(page, app_server.url)
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name=label).click()
    dl = info.value
    assert dl.suggested_filename == f"kupiansk-disputed-2025-12-01{suffix}"
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    data = target.read_bytes()
    if suffix == ".png":
        img = Image.open(io.BytesIO(data))
        assert img.format == "PNG" and img.width >= 1000
    else:
        doc = json.loads(data)
        assert doc["properties"]["date"] == "2025-12-01"
        assert doc["properties"]["view"] == "disputed"
        statuses = {f["properties"]["id"]: f["properties"]["status"] for f in doc["features"]}
        assert statuses["kupiansk"] == "disputed"
    assert blocked_requests == []


def test_export_follows_the_date_the_map_was_scrubbed_to(app_server: Server, page: Page) -> None:
    """A date step in the map reruns only the fragment; the export must follow it."""
    frame = _open_exports(page, app_server.url)
    frame.click("button[title='Next change']")
    new = frame.evaluate("() => document.querySelector('.cm-root').dataset.date")
    assert new != "2025-12-01"
    page.wait_for_url(f"**date={new}**", timeout=30000)
    button = page.get_by_role("button", name="GeoJSON (resolved state)")
    page.get_by_text(f"Exports what the map shows: {new}").wait_for(timeout=30000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    assert info.value.suggested_filename == f"kupiansk-disputed-{new}.geojson"
    doc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["properties"]["date"] == new
