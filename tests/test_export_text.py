"""Text is text in PNG and PDF: a `$` in a title or a source is drawn as written (issue 11).

Matplotlib reads `$...$` as mathtext by default: `$\\frac{1}{$` made the export fail and
`$x^2$` rendered as a formula. The briefing page turns math parsing off in its one rc
context, so every text object on the page is plain.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.text import Text
from pypdf import PdfReader

from controlmap.cli import main
from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.export import briefing_map, draw_state, export_bytes
from tests.test_export_data import CLAIMS, DAY, make_data

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
MATH = ["$\\frac{1}{$", "$x^2$ and $\\alpha$", "cost: $5 to $10", "$"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = make_data(tmp_path_factory.mktemp("math") / "geo")
    claims = json.loads((d / "claims.geojson").read_text("utf-8"))
    for feat, title in zip(claims["features"], MATH, strict=False):
        feat["properties"]["source_title"] = title
    (d / "claims.geojson").write_text(json.dumps(claims), "utf-8")
    assert len(CLAIMS) >= len(MATH)
    return d


@pytest.fixture(scope="module")
def engine(data: Path) -> Engine:
    return Engine(load_dataset(data))


@pytest.mark.parametrize("title", MATH)
def test_pdf_says_the_title_as_written(engine: Engine, title: str) -> None:
    pdf, _, _ = export_bytes(engine, DAY, "assessed", None, "pdf", title=title, now=NOW)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert title in text
    assert "$\\frac{1}{$" in text  # a source title from the data, also as written


def test_every_text_on_the_page_is_plain(engine: Engine) -> None:
    page = briefing_map(engine, "slide")
    draw_state(page, engine, engine.state(DAY, "assessed"), "$x^2$", NOW)
    texts = page.fig.findobj(Text)
    assert len(texts) > 10
    assert [t.get_text() for t in texts if t.get_text() and t.get_parse_math()] == []
    page.render("png", 50)


def test_cli_png_with_a_formula_title(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "math.png"
    res = CliRunner().invoke(main, ["export", "--date", DAY.isoformat(), "--format", "png",
                                    "--dpi", "50", "--title", "$\\frac{1}{$", "-o", str(out),
                                    "--data", str(data)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"\x89PNG")
