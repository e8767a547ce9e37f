"""Export buttons: a briefing file of what the map shows, made only when asked.

EXPORTS: `controlmap.render.export.export_bytes` (written by the exports work) is imported
lazily; when it is missing the section says so and shows no buttons. A file is generated on
the click of "Prepare", never on a rerun, then offered for download.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from controlmap.errors import ControlmapError
from controlmap.model.engine import Engine

FORMATS: tuple[str, ...] = ("png", "pdf", "html", "geojson")
_KEY = "cm_export_file"


def show_exports(engine: Engine, day: date, view: str, known_at: date | None) -> None:
    try:
        from controlmap.render.export import export_bytes
    except ImportError as err:
        st.caption(f"Exports are not available here ({err.name or err}).")
        return
    fmt = st.selectbox("Format", FORMATS, key="cm_export_fmt",
                       format_func=lambda f: {"png": "PNG image", "pdf": "PDF page",
                                              "html": "HTML (self-contained)",
                                              "geojson": "GeoJSON state"}[f])
    title = st.text_input("Title (optional)", key="cm_export_title", max_chars=120)
    wanted = (day, view, known_at, fmt, title)
    if st.button("Prepare file", key="cm_export_go", width="stretch"):
        try:
            with st.spinner("Drawing…"):
                data, mime, name = export_bytes(engine, day, view, known_at, fmt,
                                                title=title or None, size="slide")
            st.session_state[_KEY] = (wanted, data, mime, name)
        except ControlmapError as err:
            st.error(str(err))
    got = st.session_state.get(_KEY)
    if got and got[0] == wanted:
        _, data, mime, name = got
        st.download_button(f"Download {name}", data, file_name=name, mime=mime,
                           key="cm_export_dl", width="stretch")
    elif got:
        st.caption("The map changed since the file was prepared: prepare it again.")
