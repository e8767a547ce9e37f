"""The app's Edit page: add or edit a claim in a form, check it, save it; off by default.

Nothing here can write unless CONTROLMAP_EDIT_TOKEN is set and the user typed that token
(compared with hmac.compare_digest; each wrong try shuts the form for longer). Saving goes
through `controlmap.edit.claim_ops`, the CLI's code path (the data directory's lock, the
validator's verdict, one atomic write), with the file hashes the page read when it loaded
the data: when someone else saved in between, the save is refused and the editor is told
to reload, so no edit is ever lost. Text from the data is shown only through widgets and
code blocks, never as Markdown or HTML."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Any

import streamlit as st

from controlmap.edit import claim_ops
from controlmap.edit.claim_ops import ClaimChange
from controlmap.errors import ConflictError, ControlmapError
from controlmap.i18n import N_
from controlmap.io.datadir import RawData, read_data_dir
from controlmap.model.views import claimant_label
from controlmap.render.palette import status_label
from controlmap.webapp import lang as page_lang
from controlmap.webapp.edit_form import (
    CHOICES,
    FIELDS,
    NO_AREA,
    TOKEN_ENV,
    area_choices,
    changes_for_edit,
    claims_by_id,
    defaults_from_claim,
    retry_delay,
    token_fingerprint,
    token_matches,
    values_from_state,
)

_UNLOCKED = "edit_unlocked_for"
_FAILURES, _RETRY_AT, _LAST_WRONG = "edit_token_failures", "edit_retry_at", "edit_last_wrong"
_HASHES = "edit_read_hashes"
_COMMAND = "controlmap app: Edit page"  # names this writer in the data lock's info file
# The radio's values (tests and session state use them); shown translated.
_MODE_ADD, _MODE_EDIT = N_("Add a claim"), N_("Edit a claim")


def _unlocked(token: str) -> bool:
    """Ask for the token until the user entered the right one.

    Each wrong try shuts the form for longer (retry_delay): while it is shut nothing
    entered is even compared, and the same wrong value counts once, not on every rerun.
    """
    state = st.session_state
    if state.get(_UNLOCKED) == token_fingerprint(token):
        return True
    t = page_lang.translator()
    entered = st.text_input(t.gettext("Edit token"), type="password", key="edit_token")
    if not entered:
        st.info(t.gettext("Enter the edit token to add or edit claims."))
        return False
    wait = state.get(_RETRY_AT, 0.0) - time.monotonic()
    if token_fingerprint(entered) == state.get(_LAST_WRONG):
        st.error(t.gettext("Wrong token: editing stays locked."))
        return False
    if wait > 0:
        st.error(t.gettext("Too many wrong tokens: wait {n} s, then enter it again.").format(
            n=math.ceil(wait)))
        return False
    if not token_matches(entered, token):
        state[_FAILURES] = state.get(_FAILURES, 0) + 1
        delay = retry_delay(state[_FAILURES])
        state[_RETRY_AT] = time.monotonic() + delay
        state[_LAST_WRONG] = token_fingerprint(entered)
        st.error(t.gettext("Wrong token: editing stays locked (next try in {n} s).").format(
            n=f"{delay:g}"))
        return False
    for key in (_FAILURES, _RETRY_AT, _LAST_WRONG):
        state.pop(key, None)
    state[_UNLOCKED] = token_fingerprint(token)
    return True


def _show_problems(title: str, lines: list[str]) -> None:
    st.error(title)
    st.code("\n".join(lines), language=None)


def _load_claim_into_form() -> None:
    raw = read_data_dir(st.session_state.get("edit_data_dir"))
    props = claims_by_id(raw).get(st.session_state.get("edit_pick") or "", {})
    st.session_state.update(defaults_from_claim(props))


def _form(raw: RawData, mode: str) -> dict[str, Any] | None:
    """Lay out the form; return the submitted action and values, or None."""
    areas = area_choices(raw)
    t = page_lang.translator()
    own = t.gettext("(own geometry, no area)")
    with st.form("edit_claim_form"):
        st.selectbox(t.gettext("Area"), [NO_AREA, *areas], key=FIELDS["area"],
                     format_func=lambda a: areas.get(a, own))
        st.text_input(t.gettext("Date the state began (YYYY-MM-DD, YYYY-MM or YYYY)"),
                      key=FIELDS["date"])
        st.selectbox(t.gettext("Status"), CHOICES["status"], key=FIELDS["status"],
                     format_func=lambda s: _choice(s, status_label(s, lang=t.lang)))
        st.selectbox(t.gettext("Claimant"), CHOICES["claimant"], key=FIELDS["claimant"],
                     format_func=lambda c: _choice(c, claimant_label(c, t.lang)))
        st.text_input(t.gettext("Claimant name (person or body)"), key=FIELDS["claimant_name"])
        st.text_input(t.gettext("Source title"), key=FIELDS["source_title"])
        st.text_input(t.gettext("Source URL"), key=FIELDS["source_url"])
        st.text_input(t.gettext("Second source URL (another page reporting the same)"),
                      key=FIELDS["source_url_alt"])
        st.text_input(t.gettext("Published (YYYY-MM-DD)"), key=FIELDS["published"])
        st.text_input(t.gettext("Last confirmed (YYYY-MM-DD: the last day the source still "
                                "showed it)"), key=FIELDS["last_confirmed"])
        st.selectbox(t.gettext("Confidence"), CHOICES["confidence"], key=FIELDS["confidence"],
                     format_func=lambda c: c or t.gettext("(not given)"))
        st.text_area(t.gettext("Note"), key=FIELDS["note"])
        check = st.form_submit_button(t.gettext("Check"), key="edit_check")
        save = st.form_submit_button(t.gettext("Save"), key="edit_save", type="primary")
    if not (check or save):
        return None
    return {"action": "save" if save else "check", "mode": mode,
            "values": values_from_state(st.session_state)}


def _choice(value: str, words: str) -> str:
    """A choice as the file writes it and in words: "ua_held (Ukrainian-held)"."""
    return value if words == value else f"{value} ({words})"


def _apply(data_dir: str | None, raw: RawData, request: dict[str, Any]) -> ClaimChange:
    dry_run = request["action"] == "check"
    hashes = st.session_state[_HASHES]
    values = request["values"]
    if request["mode"] == _MODE_ADD:
        return claim_ops.add_claim(data_dir, values, read_hashes=hashes, dry_run=dry_run,
                                   command=_COMMAND)
    cid = st.session_state.get("edit_pick") or ""
    old = claims_by_id(raw).get(cid, {})
    return claim_ops.edit_claim(data_dir, cid, changes_for_edit(old, values),
                                read_hashes=hashes, dry_run=dry_run, command=_COMMAND)


def _report(request: dict[str, Any], change: ClaimChange) -> None:
    t = page_lang.translator()
    if request["action"] == "check":
        if change.problems:
            # The problem lines stay English: the validator's diagnostics (docs/translations.md).
            _show_problems(t.gettext("Check: {n} problem(s); saving would be refused.").format(
                n=len(change.problems)), [str(p) for p in change.problems])
        else:
            st.success(t.gettext("Check: no problems. The claim can be saved."))
            st.code(change.id, language=None)
        return
    st.success(t.gettext("Saved.") if change.written else t.gettext("Nothing changed."))
    st.code(f"{change.action} {change.id} in {change.file}", language=None)


def _editor(data_dir: str | None) -> None:
    t = page_lang.translator()
    try:
        raw = read_data_dir(data_dir)
    except ControlmapError as err:
        st.error(t.gettext("The data directory cannot be read."))
        st.code(str(err), language=None)
        return
    if _HASHES not in st.session_state or st.button(t.gettext("Reload data"), key="edit_reload"):
        st.session_state[_HASHES] = dict(raw.hashes)
    if raw.problems:
        _show_problems(t.gettext("Some data files cannot be read; they cannot be edited until they "
                                 "are fixed by hand."), [str(p) for p in raw.problems])
    if raw.hashes != st.session_state[_HASHES]:
        st.warning(t.gettext("The data changed on disk since this page read it. Saving will "
                             "be refused until you reload (your form stays as it is)."))
    mode = st.radio(t.gettext("What to do"), [_MODE_ADD, _MODE_EDIT], key="edit_mode",
                    horizontal=True, format_func=t.gettext)
    if mode == _MODE_EDIT:
        ids = sorted(claims_by_id(raw))
        if not ids:
            st.info(t.gettext("There are no claims to edit yet."))
            return
        st.selectbox(t.gettext("Claim"), [""] + ids, key="edit_pick",
                     on_change=_load_claim_into_form)
        if not st.session_state.get("edit_pick"):
            return
    request = _form(raw, mode)
    if request is None:
        return
    try:
        change = _apply(data_dir, raw, request)
    except ConflictError as err:
        _show_problems(t.gettext("Not saved: someone else changed the file since you loaded it."),
                       [str(err)])
        return
    except ControlmapError as err:
        verb = (t.gettext("Not saved.") if request["action"] == "save"
                else t.gettext("Cannot check this change."))
        _show_problems(verb, str(err).splitlines())
        return
    if request["action"] == "save" and change.new_hash:
        # Our own write is not a conflict; anyone else's still is.
        st.session_state[_HASHES] = {**st.session_state[_HASHES], change.file: change.new_hash}
    _report(request, change)


def render_edit_page(data_dir: str | Path | None = None) -> None:
    """The Edit page; shows nothing that can write without the edit token."""
    t = page_lang.translator()
    st.header(t.gettext("Edit claims"))
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        st.info(t.gettext("Editing is disabled. To enable it, start the app with {name} "
                          "set.").format(name=TOKEN_ENV))
        return
    if not _unlocked(token):
        return
    folder = str(data_dir) if data_dir is not None else None
    st.session_state["edit_data_dir"] = folder
    _editor(folder)
