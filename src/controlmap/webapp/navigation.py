"""Pages: the map and the track record always; an Edit page only when CONTROLMAP_EDIT_TOKEN
is set.

Without that variable nothing in the app can write to the data.
"""

from __future__ import annotations

import os

import streamlit as st

from controlmap.i18n import N_
from controlmap.webapp import lang
from controlmap.webapp.page import render_map_page

EDIT_ENV = "CONTROLMAP_EDIT_TOKEN"


def _edit() -> None:
    from controlmap.webapp.edit_page import render_edit_page

    render_edit_page()


def _track() -> None:
    from controlmap.webapp.track_page import render_track_page

    render_track_page()


PAGE_MAP, PAGE_TRACK, PAGE_EDIT = N_("Map"), N_("Track record"), N_("Edit")
APP_TITLE = N_("Kupiansk control map")  # the browser tab's title (app.py)


def run() -> None:
    lang.seed()
    with st.sidebar:
        lang.show_switch()
    t = lang.translator()
    pages = [st.Page(render_map_page, title=t.gettext(PAGE_MAP), default=True),
             st.Page(_track, title=t.gettext(PAGE_TRACK), url_path="track-record")]
    if os.environ.get(EDIT_ENV):
        pages.append(st.Page(_edit, title=t.gettext(PAGE_EDIT), url_path="edit"))
    st.navigation(pages, position="sidebar" if len(pages) > 1 else "hidden").run()
