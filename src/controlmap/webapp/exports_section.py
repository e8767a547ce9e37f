"""Export buttons: one click per format downloads a briefing file of what the map shows.

The files come from `controlmap.render.export.export_bytes`, the same path as
`controlmap export`. Each button gets a callable, so a file is drawn only when its button is
clicked (on Streamlit's download thread), never on a rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from controlmap.render.page_text import default_title

LABELS: dict[str, str] = {
    "png": "PNG image",
    "pdf": "PDF page",
    "html": "HTML (interactive, self-contained)",
    "geojson": "GeoJSON (resolved state)",
}


def _maker(engine: Engine, day: date, view: str, known_at: date | None, fmt: str,
           title: str | None, size: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from controlmap.render.export import export_bytes

        return export_bytes(engine, day, view, known_at, fmt, title=title, size=size)[0]

    return make


def show_exports(engine: Engine, day: date, view: str, known_at: date | None) -> None:
    try:
        from controlmap.render.export import MIME, file_name
    except ImportError as err:
        st.caption(f"Exports are not available here ({err.name or err}).")
        return
    left, right = st.columns([3, 2])
    title = left.text_input("Title (optional)", key="cm_export_title", max_chars=120,
                            placeholder=default_title(day, view))
    size = right.radio("Page (PNG and PDF)", ("slide", "a4", "a4-portrait"),
                       key="cm_export_size", horizontal=True,
                       format_func=lambda s: {"slide": "16:9 slide", "a4": "A4 landscape",
                                              "a4-portrait": "A4 portrait"}[s])
    for col, (fmt, label) in zip(st.columns(len(LABELS)), LABELS.items(), strict=True):
        col.download_button(
            label,
            _maker(engine, day, view, known_at, fmt, title or None, size),
            file_name=file_name(day, view, known_at, fmt),
            mime=MIME[fmt],
            key=f"cm_export_{fmt}",
            width="stretch",
            on_click="ignore",
        )
    known = f", as known at {known_at.isoformat()}" if known_at else ""
    st.caption(f"Exports what the map shows: {day.isoformat()}, {view_label(view)}{known}. "
               "One file per click, drawn the same way as `controlmap export`.")
