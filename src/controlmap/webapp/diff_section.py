"""What changed between two dates in a view, with km² gained and lost per status."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from controlmap.model.engine import Engine
from controlmap.model.results import AreaDiff
from controlmap.render.palette import LEGEND_ORDER, style


def km2_balance(engine: Engine, d_from: date, d_to: date, view: str,
                known_at: date | None) -> dict[str, float]:
    """km² each status gained (+) or lost (-) from `d_from` to `d_to`."""
    out = dict.fromkeys(LEGEND_ORDER, 0.0)
    for d in engine.diff(d_from, d_to, view, known_at):
        out[d.after] = out.get(d.after, 0.0) + d.km2
        out[d.before] = out.get(d.before, 0.0) - d.km2
    return out


def show_diff(engine: Engine, d_from: date, d_to: date, view: str,
              known_at: date | None) -> None:
    diffs = engine.diff(d_from, d_to, view, known_at)
    st.caption(f"From {d_from.isoformat()} to {d_to.isoformat()}: "
               f"{len(diffs)} area(s) changed. The map shades them; the rest is greyed.")
    if not diffs:
        return
    bal = km2_balance(engine, d_from, d_to, view, known_at)
    # Only what shows as a number: a balance that rounds to 0.00 would read "-0.00 km²".
    moved = [s for s in LEGEND_ORDER if round(bal[s], 2) != 0]
    for col, s in zip(st.columns(len(moved) or 1), moved, strict=False):
        col.metric(style(s).label, f"{bal[s]:+.2f} km²")
    if not moved:
        st.caption("No ground changed hands: only areas without ground of their own changed.")
    st.dataframe(pd.DataFrame(diff_rows(engine, diffs)), hide_index=True, width="stretch")


def diff_rows(engine: Engine, diffs: list[AreaDiff]) -> list[dict[str, object]]:
    """One row per changed area; an area whose outline is all children's ground (a city
    split into districts) says so, rather than showing a bare 0 km²."""
    ds = engine.dataset
    rows: list[dict[str, object]] = []
    for d in diffs:
        area = ds.areas.get(d.area)
        note = ""
        if round(d.km2, 2) == 0 and ds.children(d.area):
            note = "its ground is in its parts, which keep their own status"
        rows.append({"Area": area.name if area else d.area, "Before": style(d.before).label,
                     "After": style(d.after).label, "km²": round(d.km2, 2), "Note": note})
    return rows
