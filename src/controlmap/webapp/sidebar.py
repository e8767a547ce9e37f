"""The sidebar: view, "as known at", compare, diff and layers; the URL seeds it once.

Widgets keep their values in st.session_state under `w_*` keys. On a session's first run the
URL (st.query_params) fills those keys, so a permalink opens the same state; afterwards the
widgets are the truth and the page writes the URL back.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from controlmap.webapp.url_state import (
    BASE_LAYERS,
    SERIES_PREFIX,
    AppState,
    from_query,
)

COMPARE_LABELS = {"": "Off", "view": "Another view", "date": "Another date"}
LAYER_LABELS = {"towns": "Towns", "oskil": "Rivers: Oskil, Siverskyi Donets",
                "border": "Ukraine–Russia state border", "builtup": "Built-up areas",
                "hromadas": "Hromada boundaries", "events": "Events",
                "basemap": "Web basemap (OpenStreetMap, needs network)"}
# What the offline data does not hold, said where the layers are chosen.
NOT_OFFLINE = "Roads and railways: not in the offline data; turn on the web basemap."


def series_layers(engine: Engine) -> list[str]:
    return sorted({c.layer for c in engine.geometry_claims})


def seed_from_url(engine: Engine, span: tuple[date, date]) -> None:
    """Once per session: fill the widget keys from the URL."""
    if st.session_state.get("cm_seeded"):
        return
    state = from_query(st.query_params.to_dict(), engine.views, span, series_layers(engine))
    ss = st.session_state
    ss["cm_seeded"] = True
    for key in [k for k in ss if str(k).startswith("cm_keep_")]:
        del ss[key]
    ss["cm_date"] = state.date
    ss["cm_rev"] = 0
    ss["cm_center"], ss["cm_zoom"] = state.center, state.zoom
    ss["cm_area"] = None
    ss["cm_notes"] = state.notes
    ss["w_view"] = state.view
    ss["w_known_on"] = state.known_at is not None
    ss["w_known_at"] = state.known_at or state.date
    ss["w_compare"] = state.compare
    ss["w_compare_view"] = state.compare_view or next(
        (v for v in engine.views if v != state.view), state.view)
    ss["w_compare_date"] = state.compare_date or span[0]
    ss["w_diff_on"] = state.diff_from is not None
    ss["w_diff_from"] = state.diff_from or span[0]
    for name in [*BASE_LAYERS, *(SERIES_PREFIX + s for s in series_layers(engine))]:
        ss["w_layer_" + name] = name in state.layers


def _remembered(key: str) -> object:
    """A widget's value, kept under cm_keep_<key> too: Streamlit forgets the state of a
    widget that was not drawn in a run (e.g. a date input while its toggle is off)."""
    ss = st.session_state
    if key in ss:
        ss["cm_keep_" + key] = ss[key]
    return ss.get("cm_keep_" + key)


def _ensure(key: str) -> None:
    """Give a conditional widget back its remembered value before it is drawn again."""
    if key not in st.session_state and "cm_keep_" + key in st.session_state:
        st.session_state[key] = st.session_state["cm_keep_" + key]


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def current_state(engine: Engine) -> AppState:
    """The state the widgets (and the map's last report) hold now. No widgets drawn."""
    ss = st.session_state
    names = [*BASE_LAYERS, *(SERIES_PREFIX + s for s in series_layers(engine))]
    compare = str(_remembered("w_compare") or "")
    known_at, compare_date, diff_from = (_day(_remembered(k)) for k in (
        "w_known_at", "w_compare_date", "w_diff_from"))
    return AppState(
        date=ss["cm_date"],
        view=str(_remembered("w_view")),
        known_at=known_at if _remembered("w_known_on") else None,
        compare=compare,
        compare_view=str(_remembered("w_compare_view")) if compare == "view" else "",
        compare_date=compare_date if compare == "date" else None,
        diff_from=diff_from if _remembered("w_diff_on") else None,
        layers=frozenset(n for n in names if _remembered("w_layer_" + n)),
        center=ss.get("cm_center"),
        zoom=ss.get("cm_zoom"),
    )


def show_sidebar(engine: Engine, span: tuple[date, date]) -> None:
    lo, hi = span
    for key in ("w_view", "w_known_on", "w_known_at", "w_compare", "w_compare_view",
                "w_compare_date", "w_diff_on", "w_diff_from",
                *("w_layer_" + n for n in BASE_LAYERS),
                *("w_layer_" + SERIES_PREFIX + s for s in series_layers(engine))):
        _ensure(key)
    st.selectbox("View", engine.views, key="w_view", format_func=view_label,
                 help="Whose claims colour the map. Assessed: independent sources first, never "
                      "a stale one over newer statements; where only the two sides' officials "
                      "spoke recently, their agreement (lower confidence), else contested. "
                      "Each area's popup names the rule that gave its colour.")
    st.toggle("As known at a date", key="w_known_on",
              help="Only claims published by then: the map a reader could have drawn that day.")
    if st.session_state["w_known_on"]:
        st.date_input("Known at", key="w_known_at", min_value=lo, max_value=date.today(),
                      format="YYYY-MM-DD")
    st.radio("Side by side", list(COMPARE_LABELS), key="w_compare",
             format_func=COMPARE_LABELS.__getitem__, horizontal=True)
    if st.session_state["w_compare"] == "view":
        st.selectbox("Right-hand view", engine.views, key="w_compare_view",
                     format_func=view_label)
    elif st.session_state["w_compare"] == "date":
        st.date_input("Right-hand date", key="w_compare_date", min_value=lo, max_value=hi,
                      format="YYYY-MM-DD")
    st.toggle("Show changes since a date", key="w_diff_on",
              help="Shades the areas whose status changed between that date and the map date.")
    if st.session_state["w_diff_on"]:
        st.date_input("Changes since", key="w_diff_from", min_value=lo, max_value=hi,
                      format="YYYY-MM-DD")
    with st.expander("Layers", expanded=False):
        for name in BASE_LAYERS:
            st.checkbox(LAYER_LABELS[name], key="w_layer_" + name)
        for s in series_layers(engine):
            st.checkbox(f"Imported series: {s}", key="w_layer_" + SERIES_PREFIX + s)
        st.caption(NOT_OFFLINE)
