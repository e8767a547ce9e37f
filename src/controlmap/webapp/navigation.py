"""Pages: the map and the track record always; an Edit page only when CONTROLMAP_EDIT_TOKEN
is set.

Without that variable nothing in the app can write to the data.
"""

from __future__ import annotations

import os

import streamlit as st

from controlmap.webapp.page import render_map_page

EDIT_ENV = "CONTROLMAP_EDIT_TOKEN"


def _edit() -> None:
    from controlmap.webapp.edit_page import render_edit_page

    render_edit_page()


def _track() -> None:
    from controlmap.webapp.track_page import render_track_page

    render_track_page()


def run() -> None:
    pages = [st.Page(render_map_page, title="Map", default=True),
             st.Page(_track, title="Track record", url_path="track-record")]
    if os.environ.get(EDIT_ENV):
        pages.append(st.Page(_edit, title="Edit", url_path="edit"))
    st.navigation(pages, position="sidebar" if len(pages) > 1 else "hidden").run()
