"""Export buttons: one click per format downloads a briefing file of what the map shows.

The files come from `controlmap.render.export.export_bytes`, the same path as
`controlmap export`. Each button gets a callable, so a file is drawn only when its button is
clicked (on Streamlit's download thread), never on a rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from controlmap.i18n import N_, translator
from controlmap.model.engine import Engine
from controlmap.model.views import view_label
from controlmap.render.page_text import default_title

LABELS: dict[str, str] = {
    "png": N_("PNG image"),
    "pdf": N_("PDF page"),
    "html": N_("HTML (interactive, self-contained)"),
    "geojson": N_("GeoJSON (resolved state)"),
}
SIZE_LABELS = {"slide": N_("16:9 slide"), "a4": N_("A4 landscape"),
               "a4-portrait": N_("A4 portrait")}


def _maker(engine: Engine, day: date, view: str, known_at: date | None, fmt: str,
           title: str | None, size: str, lang: str | None = None) -> Callable[[], bytes]:
    def make() -> bytes:
        from controlmap.render.export import export_bytes

        return export_bytes(engine, day, view, known_at, fmt, title=title, size=size,
                            lang=lang)[0]

    return make


def show_exports(engine: Engine, day: date, view: str, known_at: date | None,
                 lang: str | None = None) -> None:
    t = translator(lang)
    try:
        from controlmap.render.export import MIME, file_name
    except ImportError as err:
        st.caption(t.gettext("Exports are not available here ({error}).").format(
            error=err.name or err))
        return
    left, right = st.columns([3, 2])
    title = left.text_input(t.gettext("Title (optional)"), key="cm_export_title",
                            max_chars=120, placeholder=default_title(day, view, lang=lang))
    size = right.radio(t.gettext("Page (PNG and PDF)"), tuple(SIZE_LABELS),
                       key="cm_export_size", horizontal=True,
                       format_func=lambda s: t.gettext(SIZE_LABELS[s]))
    for col, (fmt, label) in zip(st.columns(len(LABELS)), LABELS.items(), strict=True):
        col.download_button(
            t.gettext(label),
            _maker(engine, day, view, known_at, fmt, title or None, size, lang),
            file_name=file_name(day, view, known_at, fmt),
            mime=MIME[fmt],
            key=f"cm_export_{fmt}",
            width="stretch",
            on_click="ignore",
        )
    what = f"{t.day(day)}, {view_label(view, lang)}"
    if known_at:
        what = t.gettext("{what}, as known at {day}").format(what=what, day=t.day(known_at))
    st.caption(t.gettext("Exports what the map shows: {what}. One file per click, drawn the "
                         "same way as `controlmap export`.").format(what=what))
