"""Slide-ready static exports (issue 14): the map uses the page, labels never collide, the key
shows only what is drawn in the view's colours, titles say what a view is, every source is
listed with its URL, events of the last days are drawn, and the state border is drawn."""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from matplotlib.colors import to_hex, to_rgb

from controlmap.cli import main
from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render.export import briefing_map, draw_state
from controlmap.render.page_text import default_title, page_text
from controlmap.render.palette import style
from controlmap.render.static_map.labels import label_texts, plain
from controlmap.render.static_map.layout import BriefingMap
from tests.conftest import GEO
from tests.test_export_data import DAY, make_engine

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
BRIEF_DAY = date(2025, 11, 25)
FLAG_DAY = date(2026, 1, 12)
RU = "claimant:ru-official"


@pytest.fixture(scope="module")
def shipped() -> Engine:
    return Engine(load_dataset(GEO))


def _page(engine: Engine, day: date, view: str, size: str = "slide",
          events_days: int = 30, stamp: bool = False) -> BriefingMap:
    page = briefing_map(engine, size, stamp=stamp)
    draw_state(page, engine, engine.state(day, view), None, NOW, events_days=events_days,
               stamp=day.isoformat() if stamp else "")
    page.render("png", 40)  # draws everything once, as a file would
    return page


def _key_rows(page: BriefingMap) -> dict[str, str]:
    """The key's rows: label (one line) -> the swatch's face colour."""
    assert page._legend is not None
    rows = {}
    for text, handle in zip(page._legend.get_texts(), page._legend.legend_handles,
                            strict=True):
        face = handle.get_facecolor() if hasattr(handle, "get_facecolor") else None
        rows[" ".join(text.get_text().split())] = to_hex(face) if face is not None else ""
    return rows


@pytest.mark.parametrize(("size", "share"), [("slide", 0.60), ("a4", 0.60),
                                              ("a4-portrait", 0.57)])
def test_the_map_takes_at_least_60_percent_of_the_page(shipped: Engine, size: str,
                                                       share: float) -> None:
    """At 16:9 and A4 landscape at least 60 %; A4 portrait, with everything under the map,
    leaves it a little less (panel.MAP_SHARE_PORTRAIT)."""
    page = _page(shipped, BRIEF_DAY, "assessed", size)
    box = page.ax.get_position()  # after drawing: the box the equal aspect left the map
    assert box.width * box.height >= share
    # ...and nothing on the page runs off it.
    renderer = page.fig.canvas.get_renderer()
    fig_box = page.fig.bbox
    for t in [page.title, page.subtitle, page.freshness, page.footer, *page.sources]:
        b = t.get_window_extent(renderer)
        assert fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 + 1 and b.y0 >= fig_box.y0 - 1, t


@pytest.mark.parametrize(("size", "day", "view", "stamp"), [
    ("slide", BRIEF_DAY, "assessed", False),
    ("slide", BRIEF_DAY, RU, False),
    ("slide", FLAG_DAY, "assessed", True),
    ("a4", BRIEF_DAY, "assessed", False),
    ("a4-portrait", FLAG_DAY, "assessed", False),
])
def test_no_two_labels_overlap(shipped: Engine, size: str, day: date, view: str,
                               stamp: bool) -> None:
    """Every label's box as the renderer drew it: inside the map, and apart from the rest."""
    page = _page(shipped, day, view, size, stamp=stamp)
    renderer = page.fig.canvas.get_renderer()
    labels = label_texts(page.ax)
    names = [t.get_text() for t in labels]
    assert "Kupiansk" in names and len(labels) >= 8
    inside = page.ax.get_window_extent(renderer)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    for name, b in boxes:
        assert inside.x0 <= b.x0 and b.x1 <= inside.x1 and inside.y0 <= b.y0 and \
            b.y1 <= inside.y1, name
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        assert not ba.overlaps(bb), f"{a!r} overlaps {b!r}"


def test_the_two_labels_that_collided_are_both_drawn_apart(shipped: Engine) -> None:
    page = _page(shipped, BRIEF_DAY, "assessed")
    renderer = page.fig.canvas.get_renderer()
    by_name = {t.get_text(): t.get_window_extent(renderer) for t in label_texts(page.ax)}
    assert not by_name["Kupiansk-Vuzlovyi"].overlaps(by_name["Kurylivka"])


def test_sources_block_lists_every_url_or_no_public_link(shipped: Engine) -> None:
    state = shipped.state(BRIEF_DAY, RU)
    lines = page_text(shipped, state, None, NOW).sources
    assert lines and any(s.url for s in lines)
    page = _page(shipped, BRIEF_DAY, RU)
    block = "".join(ln.strip() for t in page.sources for ln in t.get_text().splitlines())
    for s in lines:
        assert (s.url or "no public link") in block, s.claim
        assert s.date in block


@pytest.mark.parametrize(("view", "title"), [
    (RU, "Kupiansk: Russian officials' claims, as of 25 November 2025"),
    ("claimant:ua-official", "Kupiansk: Ukrainian officials' claims, as of 25 November 2025"),
    ("claimant:analyst", "Kupiansk: Analysts' claims, as of 25 November 2025"),
    ("claimant:deepstatemap", "Kupiansk: deepstatemap's claims, as of 25 November 2025"),
    ("assessed", "Kupiansk: Assessed control, as of 25 November 2025"),
    ("latest", "Kupiansk: Latest claims, as of 25 November 2025"),
    ("disputed", "Kupiansk: Where the sides disagree, as of 25 November 2025"),
])
def test_titles_say_what_a_view_is(view: str, title: str) -> None:
    assert default_title(BRIEF_DAY, view) == title
    if view.startswith("claimant:"):
        assert "control" not in title


def test_key_lists_only_what_is_drawn_in_the_views_colours(shipped: Engine) -> None:
    state = shipped.state(BRIEF_DAY, RU)
    page = _page(shipped, BRIEF_DAY, RU)
    rows = _key_rows(page)
    shown = {state.areas[a].status for a in page.areas.fills}
    assert ("Ukrainian-held" in rows) == ("ua" in shown)
    assert "Russian-held" in rows
    stale = [k for k in rows if k.startswith("Dotted")]
    faded = [k for k in rows if k.startswith("Paler")]
    assert stale or faded
    ru_fill = to_rgb(style("ru").fill)
    for k in stale + faded:  # a faded red, never the blue of the other side
        r, g, b = to_rgb(rows[k])
        assert r > b and r > g, (k, rows[k], ru_fill)
    assert "State border" in rows  # the shipped context's border, drawn in the locator
    assert "Oskil river" in rows and "Town" in rows
    assert not any("Event" in k for k in rows)  # no event in the 30 days before


def test_state_border_is_drawn_and_listed(tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = make_engine(tmp_path_factory.mktemp("border") / "geo")
    context = engine.dataset.layers["context"]
    saved = copy.deepcopy(context)
    # A border line crossing the map north to south, east of the city.
    context["features"].append({"type": "Feature", "geometry": {
        "type": "LineString", "coordinates": [[37.75, 49.95], [37.78, 49.75], [37.74, 49.55]]},
        "properties": {"id": "border", "kind": "state-border", "name": "State border"}})
    try:
        page = _page(engine, DAY, "assessed")
    finally:
        engine.dataset.layers["context"] = saved
    rows = _key_rows(page)
    assert "State border" in rows
    names = {t.get_text() for t in label_texts(page.ax)}
    assert {"RUSSIA", "UKRAINE"} <= names or "State border" in names
    dashed = [ln for ln in page.ax.get_lines() if ln.get_linestyle() not in ("-", "None")]
    assert dashed, "the border is a dashed line"


def test_flag_raising_shows_on_its_day_with_its_source(shipped: Engine) -> None:
    page = _page(shipped, FLAG_DAY, "assessed")
    labels = " ".join(" ".join(t.get_text().split()) for t in label_texts(page.ax))
    assert "flag raised over the Kupiansk city council" in labels
    assert any(k.startswith("Event of the last 30 days") for k in _key_rows(page))
    block = "".join(ln.strip() for t in page.sources for ln in t.get_text().splitlines())
    assert "https://www.pravda.com.ua/eng/news/2026/01/12/8015789/index.amp" in block
    page = _page(shipped, FLAG_DAY, "assessed", events_days=0)
    assert "flag" not in " ".join(t.get_text() for t in label_texts(page.ax))


def test_events_days_on_the_command_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, ["export", "--data", str(GEO), "--date", "2026-01-12",
                                    "--events-days", "7", "--dpi", "30", "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["export", "--data", str(GEO), "--date", "2026-01-12",
                                    "--events-days", "-1", "-o", str(out)])
    assert res.exit_code == 2 and "--events-days" in res.output


@pytest.mark.parametrize(("raw", "drawn"), [
    ("Kup\x07iansk", "Kupiansk"), ("a\x1b[31mb", "a[31mb"), (" x\x7f ", "x"), ("$x^2$", "$x^2$"),
])
def test_labels_drop_control_characters(raw: str, drawn: str) -> None:
    assert plain(raw) == drawn


def test_diff_page_draws_unchanged_apart_from_unknown(shipped: Engine) -> None:
    from controlmap.render.palette import DIFF_UNCHANGED as UNCHANGED

    since = date(2025, 10, 1)
    changed = {d.area for d in shipped.diff(since, BRIEF_DAY, "assessed")}
    page = briefing_map(shipped, "slide")
    text = draw_state(page, shipped, shipped.state(BRIEF_DAY, "assessed"), None, NOW,
                      diff_from=since)
    assert text.title == ("Kupiansk: Assessed control, changes from 1 October 2025 to "
                          "25 November 2025")
    assert changed and set(page.areas.fills) - changed
    for a, patch in page.areas.fills.items():
        if a not in changed:
            assert to_hex(patch.get_facecolor()) == UNCHANGED.fill
    assert UNCHANGED.fill != style("unknown").fill and UNCHANGED.hatch != style("unknown").hatch
    rows = _key_rows(page)
    assert rows["Unchanged since 2025-10-01"] == UNCHANGED.fill
    assert "Unknown / no claim" not in rows or any(
        shipped.state(BRIEF_DAY, "assessed").areas[a].status == "unknown" for a in changed)


def test_diff_from_on_the_command_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("diff")
    args = ["export", "--data", str(GEO), "--date", "2025-11-25", "--diff-from", "2025-10-01",
            "--dpi", "30", "-o", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert (out / "kupiansk-assessed-2025-11-25-since-2025-10-01.png").exists()
    res = CliRunner().invoke(main, [*args, "--format", "html"])
    assert res.exit_code == 2 and "--diff-from" in res.output


def test_no_control_character_reaches_the_page(tmp_path_factory: pytest.TempPathFactory) -> None:
    import json

    from matplotlib.text import Text

    from tests.test_export_data import make_data

    d = make_data(tmp_path_factory.mktemp("ctl") / "geo")
    claims = json.loads((d / "claims.geojson").read_text("utf-8"))
    claims["features"][0]["properties"]["source_title"] = "ISW\x07 \x1b[2Jreport\x7f"
    (d / "claims.geojson").write_text(json.dumps(claims), "utf-8")
    towns = json.loads((d / "towns.geojson").read_text("utf-8"))
    kup = next(f for f in towns["features"] if f["properties"]["id"] == "kupiansk")
    kup["properties"]["name"] = "Kupiansk\x07\x1b"
    (d / "towns.geojson").write_text(json.dumps(towns, ensure_ascii=False), "utf-8")
    engine = Engine(load_dataset(d))
    page = briefing_map(engine, "slide")
    draw_state(page, engine, engine.state(DAY, "assessed"), "Brief\x07ing\x1b", NOW)
    texts = [t.get_text() for t in page.fig.findobj(Text)]
    assert any("ISW [2Jreport" in t for t in texts)
    assert "Kupiansk" in {t.get_text() for t in label_texts(page.ax)}
    bad = [t for t in texts if any(ord(c) < 32 and c != "\n" or ord(c) == 127 for c in t)]
    assert bad == []


def test_the_slide_speaks_ukrainian(shipped: Engine) -> None:
    """--lang uk: title, key, sources, place names and the diff's "unchanged" row come from
    the catalogs; no English word of the slide layout is left on the page."""
    since = date(2025, 10, 1)
    page = briefing_map(shipped, "slide", lang="uk")
    text = draw_state(page, shipped, shipped.state(BRIEF_DAY, "assessed"), None, NOW,
                      diff_from=since)
    assert text.title == ("Куп’янськ: оцінка контролю, зміни з 1 жовтня 2025\u202fр. "
                          "по 25 листопада 2025\u202fр.")
    assert default_title(BRIEF_DAY, RU, lang="uk") == (
        "Куп’янськ: заяви російських посадовців станом на 25 листопада 2025\u202fр.")
    rows = _key_rows(page)
    assert "Без змін з 1 жовтня 2025 р." in rows and "Окуповано" in rows  # spaces normalised
    assert page._legend is not None and page._legend.get_title().get_text() == "Умовні позначення"
    assert page.sources_head.get_text() == "Джерела показаних станів і подій"
    labels = {t.get_text() for t in label_texts(page.ax)}
    assert {"Куп’янськ", "Куп'янськ"} & labels  # the English name only as the second line
    words = " ".join([*rows, *(t.get_text() for t in page.sources)])
    for english in ("Key", "Unchanged", "river", "Town", "no public link", "more citation"):
        assert english not in words
