"""Diff mode's "unchanged" look is its own: never a status colour (above all not the unknown
grey) and never a status's hatch, and the browser gets it from the one palette."""

from __future__ import annotations

import pytest

from controlmap.render import palette


@pytest.mark.parametrize("status", sorted(palette.STYLES))
def test_unchanged_differs_from_every_status(status: str) -> None:
    st, un = palette.STYLES[status], palette.DIFF_UNCHANGED
    assert un.fill.lower() != st.fill.lower()
    assert un.hatch != st.hatch


def test_unchanged_is_not_the_unknown_grey_and_reaches_the_browser() -> None:
    unknown = palette.style("unknown")
    assert palette.DIFF_UNCHANGED.fill.lower() != unknown.fill.lower()
    diff = palette.browser_palette()["diff"]
    assert diff["unchanged"]["fill"] == palette.DIFF_UNCHANGED.fill
    assert diff["unchanged"]["fill"] != palette.browser_palette()["statuses"]["unknown"]["fill"]
    assert set(diff["opacity"]) == {"changed", "unchanged"}
