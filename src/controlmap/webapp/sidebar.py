"""The sidebar: view, "as known at", compare, diff and layers; the URL seeds it.

Widgets keep their values in st.session_state under `w_*` keys. On a session's first run the
URL (st.query_params) fills those keys, so a permalink opens the same state; afterwards the
widgets are the truth and the page writes the URL back (Back/Forward to another entry seeds
them again). Dates are typed as YYYY-MM-DD and applied on Enter (`date_field`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from controlmap.i18n import N_
from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from controlmap.webapp import lang
from controlmap.webapp.url_state import (
    BASE_LAYERS,
    SERIES_PREFIX,
    AppState,
    day_in,
    from_query,
)

COMPARE_LABELS = {"": N_("Off"), "view": N_("Another view"), "date": N_("Another date")}
LAYER_LABELS = {"towns": N_("Towns"), "oskil": N_("Oskil river"),
                "builtup": N_("Built-up areas"), "hromadas": N_("Hromada boundaries"),
                "events": N_("Events"),
                "basemap": N_("Web basemap (OpenStreetMap, needs network)")}
VIEW_HELP = N_("Whose claims colour the map. Assessed: independent sources first, never a stale "
               "one over newer statements; where only the two sides' officials spoke recently, "
               "their agreement (lower confidence), else contested. Each area's popup names "
               "the rule that gave its colour.")


def series_layers(engine: Engine) -> list[str]:
    return sorted({c.layer for c in engine.geometry_claims})


def seed_from_url(engine: Engine, span: tuple[date, date]) -> None:
    """Fill the widget keys from the URL: on a session's first run, and whenever the URL is
    not the one the app last wrote (Back/Forward to an earlier entry, or an edited link), so
    Back shows the state of that entry instead of the app writing its own state back. A bare
    URL (coming back from another page, which drops the query) keeps the session's state."""
    ss = st.session_state
    query = st.query_params.to_dict()
    if ss.get("cm_seeded") and (not query or query == ss.get("cm_url", query)):
        return
    state = from_query(query, engine.views, span, series_layers(engine))
    ss["cm_seeded"] = True
    for key in [k for k in ss if str(k).startswith("cm_keep_")]:
        del ss[key]
    ss["cm_date"] = state.date
    ss["cm_rev"] = int(ss.get("cm_rev", -1)) + 1  # the map takes this date over its own
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
        lang=lang.current(),
    )


def date_field(label: str, key: str, lo: date, hi: date, help: str | None = None) -> None:
    """A date typed as YYYY-MM-DD into a text input, applied to `key` on Enter (or when the
    field loses focus). Streamlit's date_input applies a typed date only on blur; a text
    input commits on Enter. Text that is no date in lo..hi gets one error line and the last
    good date stays; otherwise the text follows `key` (e.g. after Back)."""
    ss = st.session_state
    text_key, err_key = "t_" + key, "t_" + key + "_error"
    current = _day(ss.get(key))
    t = lang.translator()
    if current and not ss.get(err_key) and ss.get(text_key) != current.isoformat():
        ss[text_key] = current.isoformat()

    def commit() -> None:
        try:
            ss[key] = day_in(str(ss.get(text_key, "")).strip(), lo, hi)
            ss[err_key] = ""
        except ValueError as err:
            ss[err_key] = (t.gettext("{label}: {error}; still {date}").format(
                label=label, error=err, date=current) if current
                else f"{label}: {err}")

    st.text_input(t.gettext("{label} (YYYY-MM-DD, Enter applies)").format(label=label),
                  key=text_key, on_change=commit, placeholder="YYYY-MM-DD", max_chars=10,
                  help=help)
    if ss.get(err_key):
        st.error(ss[err_key])


def show_sidebar(engine: Engine, span: tuple[date, date]) -> None:
    lo, hi = span
    for key in ("w_view", "w_known_on", "w_known_at", "w_compare", "w_compare_view",
                "w_compare_date", "w_diff_on", "w_diff_from",
                *("w_layer_" + n for n in BASE_LAYERS),
                *("w_layer_" + SERIES_PREFIX + s for s in series_layers(engine))):
        _ensure(key)
    t = lang.translator()

    def label(v: str) -> str:
        return view_label(v, t.lang)

    st.selectbox(t.gettext("View"), engine.views, key="w_view", format_func=label,
                 help=t.gettext(VIEW_HELP))
    st.toggle(t.gettext("As known at a date"), key="w_known_on",
              help=t.gettext("Only claims published by then: the map a reader could have "
                             "drawn that day."))
    if st.session_state["w_known_on"]:
        date_field(t.gettext("Known at"), "w_known_at", lo, max(hi, date.today()))
    st.radio(t.gettext("Side by side"), list(COMPARE_LABELS), key="w_compare",
             format_func=lambda k: t.gettext(COMPARE_LABELS[k]), horizontal=True)
    if st.session_state["w_compare"] == "view":
        st.selectbox(t.gettext("Right-hand view"), engine.views, key="w_compare_view",
                     format_func=label)
    elif st.session_state["w_compare"] == "date":
        date_field(t.gettext("Right-hand date"), "w_compare_date", lo, hi)
    st.toggle(t.gettext("Show changes since a date"), key="w_diff_on",
              help=t.gettext("Shades the areas whose status changed between that date and "
                             "the map date."))
    if st.session_state["w_diff_on"]:
        date_field(t.gettext("Changes since"), "w_diff_from", lo, hi)
    with st.expander(t.gettext("Layers"), expanded=False):
        for name in BASE_LAYERS:
            st.checkbox(t.gettext(LAYER_LABELS[name]), key="w_layer_" + name)
        for s in series_layers(engine):
            st.checkbox(t.gettext("Imported series: {layer}").format(layer=s),
                        key="w_layer_" + SERIES_PREFIX + s)
