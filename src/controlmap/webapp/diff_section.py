"""What changed between two dates in a view, with km² gained and lost per status."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from controlmap.i18n import N_, translator
from controlmap.model.engine import Engine
from controlmap.model.results import AreaDiff
from controlmap.render.palette import LEGEND_ORDER, status_label
from controlmap.render.wording import place_name
from controlmap.webapp.tables import shown

IN_PARTS = N_("its ground is in its parts, which keep their own status")


def km2_balance(engine: Engine, d_from: date, d_to: date, view: str,
                known_at: date | None) -> dict[str, float]:
    """km² each status gained (+) or lost (-) from `d_from` to `d_to`."""
    out = dict.fromkeys(LEGEND_ORDER, 0.0)
    for d in engine.diff(d_from, d_to, view, known_at):
        out[d.after] = out.get(d.after, 0.0) + d.km2
        out[d.before] = out.get(d.before, 0.0) - d.km2
    return out


def show_diff(engine: Engine, d_from: date, d_to: date, view: str,
              known_at: date | None, lang: str | None = None) -> None:
    t = translator(lang)
    diffs = engine.diff(d_from, d_to, view, known_at)
    st.caption(t.ngettext(
        "From {start} to {end}: {n} area changed. The map shades it; the rest is greyed.",
        "From {start} to {end}: {n} areas changed. The map shades them; the rest is greyed.",
        len(diffs)).format(start=t.day(d_from), end=t.day(d_to), n=len(diffs)))
    if not diffs:
        return
    bal = km2_balance(engine, d_from, d_to, view, known_at)
    # Only what shows as a number: a balance that rounds to 0.00 would read "-0.00 km²".
    moved = [s for s in LEGEND_ORDER if round(bal[s], 2) != 0]
    for col, s in zip(st.columns(len(moved) or 1), moved, strict=False):
        sign = "+" if bal[s] > 0 else "-"
        col.metric(status_label(s, "", lang), f"{sign}{t.number(abs(bal[s]), 2, True)} km²")
    if not moved:
        st.caption(t.gettext("No ground changed hands: only areas without ground of their own "
                             "changed."))
    st.dataframe(shown(pd.DataFrame(diff_rows(engine, diffs, lang)), t), hide_index=True,
                 width="stretch")


def diff_rows(engine: Engine, diffs: list[AreaDiff], lang: str | None = None
              ) -> list[dict[str, object]]:
    """One row per changed area; an area whose outline is all children's ground (a city
    split into districts) says so, rather than showing a bare 0 km²."""
    ds = engine.dataset
    rows: list[dict[str, object]] = []
    for d in diffs:
        area = ds.areas.get(d.area)
        note = ""
        if round(d.km2, 2) == 0 and ds.children(d.area):
            note = translator(lang).gettext(IN_PARTS)
        rows.append({"Area": place_name(area.name, area.name_uk, lang) if area else d.area,
                     "Before": status_label(d.before, "", lang),
                     "After": status_label(d.after, "", lang), "km²": round(d.km2, 2),
                     "Note": note})
    return rows
