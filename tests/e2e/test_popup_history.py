"""The area popup's "History in this view" against the chosen date: the row in force on it
is marked, rows dated after it are muted and labelled, and the marks follow a date step
made with the popup open."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from tests.conftest import GEO
from tests.e2e.conftest import click_area, map_frame
from tests.e2e.server import Server

pytestmark = pytest.mark.browser

VIEW = "assessed"
ROWS_JS = """() => Array.from(document.querySelectorAll('.cm-popup table.cm-history tr')).map(
  tr => ({day: tr.querySelector('.cm-hist-day > span:nth-child(2)').textContent,
          when: tr.dataset.when, cls: tr.className,
          mark: tr.querySelector('.cm-hist-mark').textContent,
          label: Array.from(tr.querySelectorAll('.cm-hist-label')).map(e => e.textContent)}))"""


def _history(eng: Engine, area: str) -> list[date]:
    """The days the area's (status, claim) changes in the view, as the popup lists them."""
    out: list[date] = []
    prev: tuple[str, str | None] | None = None
    for d in eng.change_dates(VIEW):
        r = eng.state(d, VIEW).areas[area]
        if (r.status, r.claim) != prev:
            out.append(d)
            prev = (r.status, r.claim)
    return out


def _pick(eng: Engine) -> tuple[str, list[date], date]:
    """A leaf area with a change before, at least one more before that, and one after a
    change day of the view on which the area itself does not change."""
    leaves = sorted(a for a in eng.dataset.areas if not eng.dataset.children(a))
    for area in leaves:
        hist = _history(eng, area)
        for d in eng.change_dates(VIEW):
            before = [x for x in hist if x <= d]
            if len(before) >= 2 and len(before) < len(hist) and d not in hist:
                return area, hist, d
    raise AssertionError("the shipped data has no area with a change in mid-history")


def _expected(hist: list[date], day: date) -> list[str]:
    now = max(k for k, d in enumerate(hist) if d <= day)
    return ["now" if k == now else "later" if d > day else "earlier" for k, d in enumerate(hist)]


def _assert_marks(rows: list[dict[str, object]], hist: list[date], day: date) -> None:
    assert [r["day"] for r in rows] == [d.isoformat() for d in hist]
    want = _expected(hist, day)
    assert [r["when"] for r in rows] == want
    for row, when in zip(rows, want, strict=True):
        classes = str(row["cls"]).split()
        assert f"cm-{when}" in classes
        assert not ({"cm-now", "cm-later", "cm-earlier"} - {f"cm-{when}"}) & set(classes)
        assert row["mark"] == ("\u25b6" if when == "now" else "")
        assert row["label"] == {"now": ["in force"], "later": ["after this date"],
                                "earlier": []}[when]


def test_history_marks_follow_the_date(
        app_server: Server, page: Page, blocked_requests: list[str]) -> None:
    eng = Engine(load_dataset(GEO))
    area, hist, day = _pick(eng)
    page.goto(f"{app_server.url}?date={day.isoformat()}&view={VIEW}")
    frame = map_frame(page)
    click_area(page, frame, area)
    card = frame.locator(".cm-popup .cm-card")
    card.wait_for()
    rows = frame.evaluate(ROWS_JS)
    _assert_marks(rows, hist, day)
    assert {"earlier", "now", "later"} <= {r["when"] for r in rows}
    now_before = next(r["day"] for r in rows if r["when"] == "now")

    # Step change by change with the popup open until the area's next change is in force.
    nxt = next(d for d in hist if d > day)
    days = [d for d in eng.change_dates(VIEW) if day < d <= nxt]
    for step in days:
        frame.locator("button[aria-label='Next change']").click()
        expect(card.locator(".cm-kicker")).to_contain_text(step.isoformat())
        _assert_marks(frame.evaluate(ROWS_JS), hist, step)
    rows = frame.evaluate(ROWS_JS)
    now_after = next(r["day"] for r in rows if r["when"] == "now")
    assert now_after == nxt.isoformat() != now_before
    assert next(r for r in rows if r["day"] == now_before)["when"] == "earlier"

    # And back: the row that was in force is current again, the newer one is 'later'.
    frame.locator("button[aria-label='Previous change']").click()
    expect(card.locator(".cm-kicker")).to_contain_text(days[-2].isoformat() if len(days) > 1
                                                        else day.isoformat())
    back = days[-2] if len(days) > 1 else day
    rows = frame.evaluate(ROWS_JS)
    _assert_marks(rows, hist, back)
    assert next(r for r in rows if r["day"] == nxt.isoformat())["when"] == "later"
    assert blocked_requests == []
