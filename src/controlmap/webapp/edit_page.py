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
from controlmap.io.datadir import RawData, read_data_dir
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
_MODE_ADD, _MODE_EDIT = "Add a claim", "Edit a claim"


def _unlocked(token: str) -> bool:
    """Ask for the token until the user entered the right one.

    Each wrong try shuts the form for longer (retry_delay): while it is shut nothing
    entered is even compared, and the same wrong value counts once, not on every rerun.
    """
    state = st.session_state
    if state.get(_UNLOCKED) == token_fingerprint(token):
        return True
    entered = st.text_input("Edit token", type="password", key="edit_token")
    if not entered:
        st.info("Enter the edit token to add or edit claims.")
        return False
    wait = state.get(_RETRY_AT, 0.0) - time.monotonic()
    if token_fingerprint(entered) == state.get(_LAST_WRONG):
        st.error("Wrong token: editing stays locked.")
        return False
    if wait > 0:
        st.error(f"Too many wrong tokens: wait {math.ceil(wait)} s, then enter it again.")
        return False
    if not token_matches(entered, token):
        state[_FAILURES] = state.get(_FAILURES, 0) + 1
        delay = retry_delay(state[_FAILURES])
        state[_RETRY_AT] = time.monotonic() + delay
        state[_LAST_WRONG] = token_fingerprint(entered)
        st.error(f"Wrong token: editing stays locked (next try in {delay:g} s).")
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
    with st.form("edit_claim_form"):
        st.selectbox("Area", [NO_AREA, *areas], key=FIELDS["area"],
                     format_func=lambda a: areas.get(a, "(own geometry, no area)"))
        st.text_input("Date the state began (YYYY-MM-DD, YYYY-MM or YYYY)", key=FIELDS["date"])
        st.selectbox("Status", CHOICES["status"], key=FIELDS["status"])
        st.selectbox("Claimant", CHOICES["claimant"], key=FIELDS["claimant"])
        st.text_input("Claimant name (person or body)", key=FIELDS["claimant_name"])
        st.text_input("Source title", key=FIELDS["source_title"])
        st.text_input("Source URL", key=FIELDS["source_url"])
        st.text_input("Second source URL (another page reporting the same)",
                      key=FIELDS["source_url_alt"])
        st.text_input("Published (YYYY-MM-DD)", key=FIELDS["published"])
        st.text_input("Last confirmed (YYYY-MM-DD: the last day the source still showed it)",
                      key=FIELDS["last_confirmed"])
        st.selectbox("Confidence", CHOICES["confidence"], key=FIELDS["confidence"],
                     format_func=lambda c: c or "(not given)")
        st.text_area("Note", key=FIELDS["note"])
        check = st.form_submit_button("Check", key="edit_check")
        save = st.form_submit_button("Save", key="edit_save", type="primary")
    if not (check or save):
        return None
    return {"action": "save" if save else "check", "mode": mode,
            "values": values_from_state(st.session_state)}


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
    if request["action"] == "check":
        if change.problems:
            _show_problems(f"Check: {len(change.problems)} problem(s); saving would be refused.",
                           [str(p) for p in change.problems])
        else:
            st.success("Check: no problems. The claim can be saved.")
            st.code(change.id, language=None)
        return
    st.success("Saved." if change.written else "Nothing changed.")
    st.code(f"{change.action} {change.id} in {change.file}", language=None)


def _editor(data_dir: str | None) -> None:
    try:
        raw = read_data_dir(data_dir)
    except ControlmapError as err:
        st.error("The data directory cannot be read.")
        st.code(str(err), language=None)
        return
    if _HASHES not in st.session_state or st.button("Reload data", key="edit_reload"):
        st.session_state[_HASHES] = dict(raw.hashes)
    if raw.problems:
        _show_problems("Some data files cannot be read; they cannot be edited until they "
                       "are fixed by hand.", [str(p) for p in raw.problems])
    if raw.hashes != st.session_state[_HASHES]:
        st.warning("The data changed on disk since this page read it. Saving will be refused "
                   "until you reload (your form stays as it is).")
    mode = st.radio("What to do", [_MODE_ADD, _MODE_EDIT], key="edit_mode", horizontal=True)
    if mode == _MODE_EDIT:
        ids = sorted(claims_by_id(raw))
        if not ids:
            st.info("There are no claims to edit yet.")
            return
        st.selectbox("Claim", [""] + ids, key="edit_pick", on_change=_load_claim_into_form)
        if not st.session_state.get("edit_pick"):
            return
    request = _form(raw, mode)
    if request is None:
        return
    try:
        change = _apply(data_dir, raw, request)
    except ConflictError as err:
        _show_problems("Not saved: someone else changed the file since you loaded it.",
                       [str(err)])
        return
    except ControlmapError as err:
        verb = "Not saved." if request["action"] == "save" else "Cannot check this change."
        _show_problems(verb, str(err).splitlines())
        return
    if request["action"] == "save" and change.new_hash:
        # Our own write is not a conflict; anyone else's still is.
        st.session_state[_HASHES] = {**st.session_state[_HASHES], change.file: change.new_hash}
    _report(request, change)


def render_edit_page(data_dir: str | Path | None = None) -> None:
    """The Edit page; shows nothing that can write without the edit token."""
    st.header("Edit claims")
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        st.info(f"Editing is disabled. To enable it, start the app with {TOKEN_ENV} set.")
        return
    if not _unlocked(token):
        return
    folder = str(data_dir) if data_dir is not None else None
    st.session_state["edit_data_dir"] = folder
    _editor(folder)
