"""The imported front-line series in the browser: one outline, the one in force on the day,
and area popups that follow the osint-map claims the series makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from controlmap.importer.series import SeriesOptions, import_series
from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.model.results import Resolved
from controlmap.render.palette import STYLES
from controlmap.vocabulary import CLAIMANT_LABELS
from tests.conftest import FIXTURES
from tests.e2e.conftest import click_area, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

VIEW = "claimant:osint-map"
LAYERS = "builtup,events,oskil,series-deepstate,towns"
OPTIONS = SeriesOptions(date_field="date", status="ru", claimant="osint-map",
                        source_title="DeepStateMap", status_outside="ua")

SERIES_JS = """() => Array.from(document.querySelectorAll('path.cm-series')).map(p =>
  ({date: p.getAttribute('data-series-date'), d: p.getAttribute('d')}))"""


def _step(frame: Frame, iso: str) -> None:
    frame.evaluate(
        """(iso) => { const s = document.querySelector('.cm-slider');
                      s.value = String(ControlMap.toDay(iso) - window.controlmap.model.first);
                      s.dispatchEvent(new Event('input')); }""", iso)


def _a_series_change(eng: Engine) -> tuple[str, str, str, Resolved, Resolved]:
    """Two consecutive change days of the view on which a leaf area's status changes, both
    times from a series claim: (area, day0, day1, resolved0, resolved1)."""
    days = eng.change_dates(VIEW)
    for d0, d1 in zip(days, days[1:], strict=False):
        a, b = eng.state(d0, VIEW).areas, eng.state(d1, VIEW).areas
        for area in sorted(x for x in eng.dataset.areas if not eng.dataset.children(x)):
            ra, rb = a[area], b[area]
            if ra.status != rb.status and all(
                    r.claim and r.claim.startswith("deepstate-") for r in (ra, rb)):
                return area, d0.isoformat(), d1.isoformat(), ra, rb
    raise AssertionError("the excerpt changes no area's status")


def _series_day(eng: Engine, iso: str) -> str:
    """The start of the series polygon in force on a day."""
    return max(c.date.start for c in eng.geometry_claims
               if c.date.start.isoformat() <= iso).isoformat()


def test_series_outline_and_popup_follow_the_date(
        start_server: Callable[..., Server], page: Page, blocked_requests: list[str],
        geo_copy: Path) -> None:
    # The shipped area claims summarise the same series for the same claimant; without them
    # the popups show what the imported polygons say.
    (geo_copy / "claims-deepstatemap.geojson").unlink(missing_ok=True)
    rep = import_series(geo_copy, sorted((FIXTURES / "deepstate-excerpt").glob("*.geojson")),
                        OPTIONS)
    assert rep.written and len(rep.added) == 7
    eng = Engine(load_dataset(geo_copy))
    area, d0, d1, r0, r1 = _a_series_change(eng)
    note0, note1 = (eng.claims_by_id[str(r.claim)].note for r in (r0, r1))
    srv = start_server(geo_copy)
    page.goto(f"{srv.url}?date={d0}&view={VIEW}&layers={LAYERS}")
    frame = map_frame(page)
    frame.wait_for_selector("path.cm-series", state="attached")
    before = frame.evaluate(SERIES_JS)
    assert [b["date"] for b in before] == [_series_day(eng, d0)]
    assert before[0]["d"] not in ("", "M0 0")
    fill0 = frame.eval_on_selector(f"path[data-area='{area}']", "p => p.getAttribute('fill')")

    click_area(page, frame, area)
    card = frame.locator(".cm-popup .cm-card")
    card.wait_for()
    assert STYLES[r0.status].label in card.locator(".cm-status").inner_text()
    assert CLAIMANT_LABELS["osint-map"] in card.locator(".cm-claim .cm-who").inner_text()
    assert "DeepStateMap" in card.locator(".cm-claim .cm-src").inner_text()
    assert card.locator(".cm-claim .cm-note").inner_text() == note0

    _step(frame, d1)
    after = frame.evaluate(SERIES_JS)
    assert [a["date"] for a in after] == [_series_day(eng, d1)]  # one outline: the new day's
    assert after[0]["date"] != before[0]["date"]
    assert after[0]["d"] != before[0]["d"]
    fill1 = frame.eval_on_selector(f"path[data-area='{area}']", "p => p.getAttribute('fill')")
    assert fill1 != fill0
    # The open popup follows the date: the new status and the claim of the new day.
    assert STYLES[r1.status].label in card.locator(".cm-status").inner_text()
    assert card.locator(".cm-claim .cm-note").inner_text() == note1 != note0

    # Let the reruns the clicks and the step asked for land first: each re-sends the page's
    # layers (series on), which would otherwise race the switch below.
    page.wait_for_timeout(2000)
    frame.evaluate("() => window.controlmap.update({layers: {series: {deepstate: false}}})")
    assert frame.evaluate(SERIES_JS) == []
    assert blocked_requests == []
