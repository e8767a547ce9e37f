"""The page's language: `?lang=uk|en` in the URL, else the browser's Accept-Language, else
English; a switch in the sidebar changes it, and the URL keeps it (a permalink opens in the
language it was shared in).
"""

from __future__ import annotations

import streamlit as st

from controlmap.i18n import LANG_NAMES, LANGS, Translator, is_lang, normalize_lang, pick_lang
from controlmap.i18n import translator as _translator

KEY = "w_lang"


def _from_request() -> str:
    """The URL's `lang` when it names one of ours, else the browser's first choice."""
    asked = str(st.query_params.get("lang") or "")
    if is_lang(asked):
        return normalize_lang(asked)
    try:
        header = st.context.headers.get("Accept-Language") or ""
    except Exception:  # noqa: BLE001 - no request context (bare script runs)
        header = ""
    return pick_lang(header)


def seed() -> str:
    """Once per session: the language from the request. Later runs keep the switch's."""
    ss = st.session_state
    if ss.get(KEY) not in LANGS:
        ss[KEY] = ss[KEY + "_seeded"] = _from_request()
    return str(ss[KEY])


def for_url() -> str:
    """The language the permalink names: the page's, once the URL or the switch chose it; ""
    while it is only the browser's default, so opening a link never rewrites it (which would
    add a history entry before the reader did anything)."""
    chosen = current()
    if st.query_params.get("lang") or chosen != st.session_state.get(KEY + "_seeded"):
        return chosen
    return ""


def current() -> str:
    value = st.session_state.get(KEY)
    return str(value) if value in LANGS else seed()


def translator() -> Translator:
    """The translator of the page's language."""
    return _translator(current())


def show_switch() -> None:
    """The language switch (in the sidebar), labelled in both languages."""
    current()
    st.radio("Мова / Language", list(LANGS), key=KEY, format_func=LANG_NAMES.__getitem__,
             horizontal=True)
