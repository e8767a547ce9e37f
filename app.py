"""controlmap app: `streamlit run app.py` (or `make run`). Data from $CONTROLMAP_DATA or geo/.

Thin on purpose: the page lives in controlmap.webapp.
"""

import streamlit as st

from controlmap.webapp import lang
from controlmap.webapp.navigation import APP_TITLE, run

st.set_page_config(page_title=lang.translator().gettext(APP_TITLE),
                   layout="wide")
run()
