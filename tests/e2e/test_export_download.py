"""From the app, one click downloads a briefing file of the state on the map."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.conftest import map_frame


def _open_exports(page: object, url: str) -> object:
    page.goto(url + "?date=2025-12-01&view=disputed")  # type: ignore[attr-defined]
    frame = map_frame(page)
    page.get_by_role("tab", name="Export").click()  # type: ignore[attr-defined]
    return frame


@pytest.mark.parametrize(("label", "suffix"), [("PNG image", ".png"),
                                                ("GeoJSON (resolved state)", ".geojson")])
def test_one_click_downloads_the_current_state(app_server, page, tmp_path, label: str,
                                                suffix: str) -> None:
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
    assert page.blocked_requests == []


def test_export_follows_the_date_the_map_was_scrubbed_to(app_server, page) -> None:
    """A date step in the map reruns only the fragment; the export must follow it."""
    frame = _open_exports(page, app_server.url)
    frame.click("button[title='Next change']")  # type: ignore[attr-defined]
    new = frame.evaluate("() => document.querySelector('.cm-root').dataset.date")  # type: ignore[attr-defined]
    assert new != "2025-12-01"
    page.wait_for_url(f"**date={new}**", timeout=30000)  # type: ignore[attr-defined]
    button = page.get_by_role("button", name="GeoJSON (resolved state)")  # type: ignore[attr-defined]
    page.get_by_text(f"Exports what the map shows: {new}").wait_for(timeout=30000)  # type: ignore[attr-defined]
    with page.expect_download(timeout=60000) as info:  # type: ignore[attr-defined]
        button.click()
    assert info.value.suggested_filename == f"kupiansk-disputed-{new}.geojson"
    doc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["properties"]["date"] == new
