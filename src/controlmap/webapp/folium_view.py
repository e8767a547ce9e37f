"""The fallback map (CONTROLMAP_MAP=folium): a Streamlit date slider and a folium map that is
rebuilt on every step. Simple and robust; slower, and it resets zoom on each date."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from controlmap.i18n import translator
from controlmap.model.engine import Engine
from controlmap.render.folium_map import build_folium_map
from controlmap.render.palette import legend_statuses, status_label
from controlmap.webapp.map_component import asset_url
from controlmap.webapp.url_state import SERIES_PREFIX, AppState

MAP_ENV = "CONTROLMAP_MAP"


def show_folium(engine: Engine, state: AppState, span: tuple[date, date]) -> date:
    """Draw the slider and the map; return the chosen date."""
    t = translator(state.lang)
    day = st.slider(t.gettext("Date"), min_value=span[0], max_value=span[1], value=state.date,
                    format="YYYY-MM-DD", key="cm_folium_date")
    series = [s.removeprefix(SERIES_PREFIX) for s in state.layers if s.startswith(SERIES_PREFIX)]
    m = build_folium_map(engine, day, state.view, state.known_at,
                         asset_url("leaflet/leaflet.js"), asset_url("leaflet/leaflet.css"),
                         series, state.lang)
    st_folium(m, height=560, width=None, returned_objects=[], key="cm_folium_map")
    st.caption("  ".join(f"■ {status_label(s, state.view, state.lang)}"
                         for s in legend_statuses(state.view))
               + " · " + t.gettext("fill paler with the age of the last report · dashed edge: "
                                   "stale (last report older than {days} days)").format(
                   days=engine.horizon_days))
    return day
