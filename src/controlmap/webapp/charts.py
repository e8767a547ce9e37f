"""km² per status over time for the view, with a cursor at the chosen date."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import altair as alt
import pandas as pd
import streamlit as st

from controlmap.i18n import DEFAULT_LANG, translator, vega_time_locale
from controlmap.model.engine import Engine
from controlmap.render import payload_cache
from controlmap.render.palette import LEGEND_ORDER, status_label, style

ChartT = TypeVar("ChartT", alt.Chart, alt.LayerChart)


def localised(chart: ChartT, lang: str) -> ChartT:
    """The chart with its axis months and days in `lang` (English is Vega's own)."""
    if lang == DEFAULT_LANG:
        return chart
    return chart.configure(locale={"time": vega_time_locale(lang)})


def km2_frame(engine: Engine, view: str, known_at: date | None, end: date,
              lang: str | None = None) -> pd.DataFrame:
    """Long form (date, status, km²) at every change date, held to `end` for the step chart."""
    # from the timeline the map draws (cached by content), not a second walk of the view
    series = payload_cache.km2_series(engine, view, known_at)
    if series:
        series = [*series, (max(end, series[-1][0]), series[-1][1])]
    rows = [{"date": pd.Timestamp(d), "status": status_label(s, "", lang), "km2": v}
            for d, by in series for s, v in by.items() if s in LEGEND_ORDER]
    return pd.DataFrame(rows, columns=["date", "status", "km2"])


def show_km2(engine: Engine, view: str, known_at: date | None, day: date, end: date,
             lang: str | None = None) -> None:
    t = translator(lang)
    df = km2_frame(engine, view, known_at, end, lang)
    if df.empty:
        st.info(t.gettext("No claims in this view yet."))
        return
    labels = [status_label(s, "", lang) for s in LEGEND_ORDER]
    colours = [style(s).fill for s in LEGEND_ORDER]
    area = alt.Chart(df).mark_area(interpolate="step-after", opacity=0.85).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("km2:Q", stack=True, title=t.gettext("km² (own area of each outline)")),
        color=alt.Color("status:N", scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(title=None, orient="bottom")),
        order=alt.Order("status:N"),
        tooltip=[alt.Tooltip("date:T", title=t.gettext("Date")),
                 alt.Tooltip("status:N", title=t.gettext("Status")),
                 alt.Tooltip("km2:Q", format=".2f", title="km²")],
    )
    cursor = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(day)]})).mark_rule(
        color="#111", strokeWidth=2).encode(x="date:T")
    st.altair_chart(localised((area + cursor).properties(height=260), t.lang), width="stretch")
    now = {status_label(s, "", lang): v
           for s, v in engine.km2_by_status(day, view, known_at).items()}
    st.caption(t.gettext("{areas} on {day}").format(
        areas=" · ".join(f"{k}: {t.number(v, 2, True)} km²" for k, v in now.items() if v),
        day=t.day(day)))
