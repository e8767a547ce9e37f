"""The self-contained HTML export: opens from disk, no network, paints every area, and no
text from the data can break out of its place."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import shapely

from controlmap.model.engine import Engine
from controlmap.render.export import export_bytes
from controlmap.render.export_html import script_json
from tests.test_export_data import DAY, EVIL, make_engine

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("html") / "geo")


@pytest.fixture(scope="module")
def html_file(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data, mime, name = export_bytes(engine, DAY, "assessed", None, "html")
    assert mime.startswith("text/html")
    assert name == "kupiansk-assessed-2026-01-20.html"
    path = tmp_path_factory.mktemp("page") / name
    path.write_bytes(data)
    return path


def test_script_json_cannot_close_the_script_element() -> None:
    doc = {"t": EVIL, "u": "a\u2029b"}
    text = script_json(doc)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == doc


def test_data_text_is_escaped_in_the_page(html_file: Path) -> None:
    page = html_file.read_text(encoding="utf-8")
    assert "window.pwned" in page  # the title is there ...
    assert "<script>window.pwned" not in page  # ... but never as markup
    assert page.count("</script>") == page.count("<script")  # only our own elements close
    assert "&lt;/script&gt;" in page
    assert not re.search(r"src=\"(https?:)?//|url\((['\"])?(https?:)?//|@import", page)


@pytest.mark.browser
def test_opens_from_disk_without_network_and_paints_every_area(
        page: Page, blocked_requests: list[str], html_file: Path, engine: Engine) -> None:
    pg = page  # the conftest fixture: non-local requests aborted into blocked_requests
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(html_file.as_uri())
    pg.wait_for_selector(
        "#map .leaflet-overlay-pane path", state="attached", timeout=15000)
    # One filled path per area with an own part (an area its children cover entirely is
    # drawn by them), and an outline for each area.
    areas = engine.dataset.areas
    own = [a for a in areas.values()
           if not a.geometry.difference(shapely.union_all(
               [k.geometry for k in areas.values() if k.parent == a.id])).is_empty]
    n_paths = pg.locator(".leaflet-overlay-pane path").count()
    assert n_paths >= len(own) >= len(areas) - 2
    assert pg.evaluate("window.pwned === undefined")
    legend = pg.locator("#map").inner_text()
    assert "Ukrainian-held" in legend and "Contested" in legend
    sources = pg.locator("aside .sources li").all_inner_texts()
    assert any("ISW, 10 January" in s for s in sources)
    assert blocked_requests == []
    assert errors == []
