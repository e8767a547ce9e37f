"""PNG and PDF briefing pages: size, colours where the state says, text a reader can select."""

from __future__ import annotations

import io
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from controlmap.errors import UsageError
from controlmap.model.engine import Engine
from controlmap.render.export import briefing_map, draw_state, export_bytes
from controlmap.render.static_map.layers import area_look
from controlmap.render.static_map.layout import pixel_size
from tests.test_export_data import DAY, make_engine

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("export") / "geo")


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=int)


@pytest.mark.parametrize(("size", "dpi"), [("slide", 200), ("a4", 100), ("slide", 72)])
def test_png_has_the_page_size_in_pixels(engine: Engine, size: str, dpi: int) -> None:
    data, mime, name = export_bytes(engine, DAY, "assessed", None, "png", size=size, dpi=dpi)
    assert mime == "image/png"
    assert name == "kupiansk-assessed-2026-01-20.png"
    im = Image.open(io.BytesIO(data))
    assert im.size == pixel_size(size, dpi)
    w, h = im.size
    assert abs(w / h - (16 / 9 if size == "slide" else 297 / 210)) < 0.01


@pytest.mark.parametrize("view", ["assessed", "disputed"])
def test_each_area_shows_its_status_colour(engine: Engine, view: str) -> None:
    """Sample the PNG inside every drawn area: the colour its status (and age) asks for."""
    dpi = 100
    page = briefing_map(engine, "slide")
    state = engine.state(DAY, view)
    draw_state(page, engine, state, None, NOW)
    img = np.asarray(Image.open(io.BytesIO(page.render("png", dpi))).convert("RGB")).astype(int)
    height = img.shape[0]
    seen: set[str] = set()
    for area_id in page.areas.fills:
        res = state.areas[area_id]
        want = _rgb(area_look(res, DAY)[0])
        pt = page.areas.parts[area_id].representative_point()
        x, y = page.ax.transData.transform((pt.x, pt.y)) * dpi / page.fig.dpi
        col, row = int(x), int(height - y)
        win = img[max(row - 8, 0):row + 9, max(col - 8, 0):col + 9].reshape(-1, 3)
        close = np.abs(win - want).max(axis=1) <= 6
        assert close.any(), f"{area_id} ({res.status}): no pixel near {area_look(res, DAY)[0]}"
        seen.add(res.status)
    expected = {"ua", "ru", "contested", "unknown"}
    if view == "disputed":
        expected.add("disputed")
    assert expected <= seen


def test_stale_areas_are_faded_and_fresh_are_not(engine: Engine) -> None:
    st = engine.state(DAY, "assessed")
    fresh, stale = st.areas["kivsharivka"], st.areas["dvorichna-bridgehead"]
    assert fresh.status == stale.status == "ru"
    assert area_look(fresh, DAY)[0] != area_look(stale, DAY)[0]
    assert area_look(fresh, DAY)[0].lower() == "#a50f15"
    assert stale.stale and not fresh.stale
    assert area_look(stale, DAY)[2].endswith("..") and ".." not in area_look(fresh, DAY)[2]


def test_pdf_is_one_page_with_selectable_text(engine: Engine) -> None:
    data, mime, name = export_bytes(engine, DAY, "claimant:ru-official", date(2026, 1, 18),
                                    "pdf", size="a4", now=NOW)
    assert mime == "application/pdf"
    assert name == "kupiansk-claimant-ru-official-2026-01-20-known-2026-01-18.pdf"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for needle in ("Russian officials' claims, as of 20 January 2026",
                   "Claimed by Russian officials", "as known at 2026-01-18",
                   "Natural Earth", "GeoNames", "Exported 2026-02-01 12:00 UTC"):
        assert needle in text, needle
    fonts = reader.pages[0]["/Resources"]["/Font"]
    subtypes = {fonts[k].get_object()["/Subtype"] for k in fonts}
    assert "/Type3" not in subtypes  # pdf.fonttype 42: TrueType, not bitmaps of glyphs


def test_ukrainian_names_render_without_missing_glyphs(engine: Engine) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data, _, _ = export_bytes(engine, DAY, "assessed", None, "pdf")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()
               or "glyph" in str(w.message).lower()]
    assert missing == []
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Куп'янськ" in text or "Куп’янськ" in text


def test_title_is_editable_and_sources_are_listed(engine: Engine) -> None:
    data, _, _ = export_bytes(engine, DAY, "assessed", None, "pdf", title="Morning brief")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Morning brief" in text
    assert "Assessed control, as of" not in text
    assert "ISW, 10 January" in text and "Reuters" in text
    assert "Approximate outlines" in text


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"fmt": "svg"}, "unknown format"),
    ({"size": "letter"}, "unknown size"),
    ({"dpi": 5}, "dpi 5"),
    ({"view": "nobody"}, "unknown view"),
])
def test_bad_arguments_raise_usage_errors(engine: Engine, kwargs: dict[str, object],
                                          needle: str) -> None:
    args: dict[str, object] = {"fmt": "png", "view": "assessed", **kwargs}
    fmt, view = str(args.pop("fmt")), str(args.pop("view"))
    with pytest.raises(UsageError, match=needle):
        export_bytes(engine, DAY, view, None, fmt, **args)  # type: ignore[arg-type]


def test_page_is_reused_across_states(engine: Engine, tmp_path: Path) -> None:
    """The same page restyled for two days gives two different images."""
    page = briefing_map(engine, "slide", stamp=True)
    out = []
    for d in (date(2025, 1, 1), DAY):
        draw_state(page, engine, engine.state(d, "assessed"), None, NOW, stamp=d.isoformat())
        out.append(page.render("png", 50))
    assert out[0] != out[1]


def test_fade_legend_says_where_fading_starts_as_the_web_map_does(engine: Engine) -> None:
    """The web map's legend says "claim older than N days" with N = payload fade.full_until;
    the static legend must give the same N, not a different threshold."""
    from controlmap.render.payload import build_base

    n = build_base(engine)["palette"]["fade"]["full_until"]
    # A month after DAY every claim but the stale one is between 30 and 60 days old: paler.
    data, _, _ = export_bytes(engine, date(2026, 2, 20), "assessed", None, "pdf", size="a4",
                              now=NOW)
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert f"last report older than {n} days" in text
    assert f"stale, older than {engine.horizon_days} days" in text
