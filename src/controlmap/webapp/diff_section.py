"""What changed between two dates in a view, with km² gained and lost per status."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from controlmap.model.engine import Engine
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
    cols = st.columns(len([s for s in LEGEND_ORDER if abs(bal[s]) > 1e-6]) or 1)
    i = 0
    for s in LEGEND_ORDER:
        if abs(bal[s]) > 1e-6:
            cols[i].metric(style(s).label, f"{bal[s]:+.2f} km²")
            i += 1
    names = {a.id: a.name for a in engine.dataset.areas.values()}
    st.dataframe(pd.DataFrame([{
        "Area": names.get(d.area, d.area), "Before": style(d.before).label,
        "After": style(d.after).label, "km²": round(d.km2, 3)} for d in diffs]),
        hide_index=True, width="stretch")
