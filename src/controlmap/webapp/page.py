"""The map page: data errors, sidebar, the map, and what follows the map's date.

The map component owns the date (slider, play, prev/next change, events) and repaints in the
browser; it reports the chosen date back, debounced, and only the fragment below reruns:
tables, chart, diff, the export buttons and the URL follow it.
"""

from __future__ import annotations

import os
from datetime import date

import streamlit as st

from controlmap.i18n import N_
from controlmap.model.engine import Engine
from controlmap.render.citations import approximate_note, attribution
from controlmap.render.payload import TITLE, data_span
from controlmap.render.wording import place_name
from controlmap.webapp import lang, loading
from controlmap.webapp.charts import show_km2
from controlmap.webapp.diff_section import show_diff
from controlmap.webapp.exports_section import show_exports
from controlmap.webapp.sidebar import current_state, seed_from_url, show_sidebar
from controlmap.webapp.tables import md_escape, show_area, show_claims
from controlmap.webapp.url_state import AppState, to_query

MAP_ENV = "CONTROLMAP_MAP"
TABS = (N_("Claims on this date"), N_("Area"), N_("km² over time"), N_("Changes"),
        N_("Export"))
# On a phone the title and the page margins give their room to the map. A fixed style sheet
# (no data in it), so the page stays plain Streamlit everywhere else.
NARROW_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 4rem 0.6rem 2rem; }
  [data-testid="stMainBlockContainer"] h1 {
    font-size: 1.15rem; line-height: 1.25; padding: 0 0 .2rem; }
}
</style>"""


def span_of(engine: Engine, today: date | None = None) -> tuple[date, date]:
    """The days the slider covers: first claim to today, or to the last report when the data
    runs later. Today is on it so a reader can see how old the newest information is."""
    first, last = data_span(engine)
    return first, max(last, today or date.today())


def show_problems(loaded: loading.LoadedEngine) -> None:
    """Every problem; with a map drawn from the valid part, also what was left out."""
    t = lang.translator()
    n = len(loaded.problems) or 1
    fix = t.gettext("Fix them (`controlmap validate` lists the same) and reload.")
    where = md_escape(str(loaded.data_dir))
    if loaded.engine is None:
        why = f" ({md_escape(loaded.reason)})" if loaded.reason else ""
        st.error(t.gettext("The data in {where} cannot be shown{why}: {n} problem(s).").format(
            where=where, why=why, n=n) + " " + fix)
    else:
        st.error(t.gettext("The data in {where} has {n} problem(s); the map below leaves out "
                           "what they name.").format(where=where, n=n) + " " + fix)
    st.code("\n".join(loaded.problems or [loaded.error]), language=None, wrap_lines=True)
    if loaded.engine is not None and loaded.dropped:
        st.code(t.gettext("Left out:") + "\n" + "\n".join(loaded.dropped), language=None,
                wrap_lines=True)


MAP_KEY = "controlmap-map"


def _apply_report(value: dict[str, object] | None, span: tuple[date, date]) -> None:
    """Take the map's last report (date, centre, zoom, clicked area) into session state."""
    if not value:
        return
    ss = st.session_state
    try:
        d = date.fromisoformat(str(value.get("date")))
        if span[0] <= d <= span[1]:
            ss["cm_date"] = d
    except ValueError:
        pass
    center, zoom = value.get("center"), value.get("zoom")
    if isinstance(center, list) and len(center) == 2 and isinstance(zoom, int | float):
        ss["cm_center"] = (round(float(center[0]), 5), round(float(center[1]), 5))
        ss["cm_zoom"] = float(zoom)
    area = value.get("area")
    if isinstance(area, str):
        ss["cm_area"] = area
    _take_views(value)


DETAILS_FOLLOW = N_("The tables, the chart and the exports follow once the map is drawn.")


def map_is_up() -> bool:
    """Whether the map has reported since this session began (its bridge does so once it has
    drawn, or failed to). Until then the tables and charts wait: built in the same run, they
    held up the map's own data by seconds at 100,000 claims (issue 13). The folium fallback
    reports nothing, so it never waits."""
    return _folium() or isinstance(st.session_state.get(MAP_KEY), dict)


def _folium() -> bool:
    """Whether the plain folium map stands in for the map component (CONTROLMAP_MAP)."""
    return os.environ.get(MAP_ENV, "").lower() == "folium"


def _take_views(value: object) -> None:
    """Remember the views whose timelines the map asked for (map_component.shown_views)."""
    views = value.get("views") if isinstance(value, dict) else None
    if isinstance(views, list) and all(isinstance(v, str) for v in views):
        ss = st.session_state
        ss["cm_views"] = sorted(set(ss.get("cm_views", [])) | set(views[:64]))


def _write_url(state: AppState) -> None:
    """Put the state in the URL, and remember what was written: a URL that differs on the
    next run came from Back/Forward (or a hand edit), and `seed_from_url` follows it."""
    q = to_query(state.with_(lang=lang.for_url()))
    st.session_state["cm_url"] = q
    if st.query_params.to_dict() != q:
        st.query_params.from_dict(q)


@st.fragment
def map_and_details(loaded: loading.LoadedEngine, span: tuple[date, date]) -> None:
    engine = loaded.engine
    assert engine is not None
    state = current_state(engine)
    if _folium():
        from controlmap.webapp.folium_view import show_folium

        st.session_state["cm_date"] = show_folium(engine, state, span)
    else:
        from controlmap.webapp.map_component import component_args, render_map

        # The views the map asked for are in its value before this run makes its args.
        _take_views(st.session_state.get(MAP_KEY))
        args = component_args(engine, loaded.fingerprint, state, st.session_state["cm_rev"],
                              span[1], st.session_state.get("cm_views", []))
        _apply_report(render_map(args, MAP_KEY), span)
    # Under the map, so on a phone the map comes first; the map's own credits say the same.
    note = approximate_note(engine.dataset, lang.current())
    st.caption(md_escape(" · ".join(x for x in [note, *attribution(engine.dataset)] if x)))
    state = current_state(engine)
    _write_url(state)
    day, view, known, lg = state.date, state.view, state.known_at, state.lang
    t = lang.translator()
    if not map_is_up():
        st.caption(t.gettext(DETAILS_FOLLOW))
        return
    tabs = st.tabs(t.all(TABS))
    with tabs[0]:
        show_claims(engine, day, view, known, lg)
    with tabs[1]:
        areas = engine.dataset.areas

        def name(a: str) -> str:
            return place_name(areas[a].name, areas[a].name_uk, lg)

        ids = sorted(areas, key=name)
        chosen = st.session_state.get("cm_area")
        area = st.selectbox(t.gettext("Area"), ids,
                            index=ids.index(chosen) if chosen in ids else 0, format_func=name)
        show_area(engine, area, day, view, known, lg)
    with tabs[2]:
        show_km2(engine, view, known, day, span[1], lg)
    with tabs[3]:
        if state.diff_from:
            show_diff(engine, state.diff_from, day, view, known, lg)
        else:
            st.info(t.gettext("Turn on “Show changes since a date” in the sidebar to shade "
                              "what changed."))
    with tabs[4]:
        # Inside the fragment, so the files follow the date the map was scrubbed to.
        show_exports(engine, day, view, known, lg)


def render_map_page() -> None:
    loaded = loading.load()
    t = lang.translator()
    st.html(NARROW_CSS)
    st.title(t.gettext(TITLE))
    if loaded.problems or loaded.engine is None:
        show_problems(loaded)
    if loaded.engine is None:
        return
    engine = loaded.engine
    span = span_of(engine)
    seed_from_url(engine, span)
    with st.sidebar:
        st.header(t.gettext("Map"))
        show_sidebar(engine, span)
        st.caption(t.gettext("Data: {credits}").format(credits=md_escape(str(loaded.data_dir))))
    for note in st.session_state.get("cm_notes", ()):
        st.warning(t.gettext("Link: {note}").format(note=md_escape(note)))
    map_and_details(loaded, span)
