"""The Edit page's form as plain data: widget keys, choices, and form values <-> claim fields.

Kept apart from Streamlit so the mapping is simple to read and test; the page only lays out
widgets and calls `controlmap.edit.claim_ops` (the CLI's code path). Also here: how long a
wrong token shuts the form (retry_delay).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from controlmap.io.datadir import RawData
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES

TOKEN_ENV = "CONTROLMAP_EDIT_TOKEN"
NO_AREA = ""  # picker value of a claim with its own geometry

# claim property -> widget key; text is stripped and "" means absent.
FIELDS: dict[str, str] = {
    "area": "edit_area",
    "date": "edit_date",
    "status": "edit_status",
    "claimant": "edit_claimant",
    "claimant_name": "edit_claimant_name",
    "source_title": "edit_source_title",
    "source_url": "edit_source_url",
    "source_url_alt": "edit_source_url_alt",
    "published": "edit_published",
    "last_confirmed": "edit_last_confirmed",
    "confidence": "edit_confidence",
    "note": "edit_note",
}
CHOICES: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "claimant": CLAIMANTS,
    "confidence": ("", *CONFIDENCE),
}


# A wrong token locks the form for RETRY_BASE s, doubling with each further wrong try in
# the session, up to RETRY_MAX: guessing a token becomes slow, a typo costs a second.
RETRY_BASE = 1.0
RETRY_MAX = 300.0


def retry_delay(failures: int) -> float:
    """Seconds the form stays shut after `failures` consecutive wrong tokens."""
    if failures <= 0:
        return 0.0
    return float(min(RETRY_BASE * 2 ** min(failures - 1, 30), RETRY_MAX))


def token_matches(entered: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected token never matches."""
    if not expected:
        return False
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def token_fingerprint(token: str) -> str:
    """What the session remembers of an accepted token (never the token itself)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def area_choices(raw: RawData) -> dict[str, str]:
    """Area id -> label for the picker, in file order ("Kupiansk (kupiansk)")."""
    out: dict[str, str] = {}
    for coll in raw.of_kind("areas").values():
        for feat in coll.get("features", []):
            props = feat.get("properties") if isinstance(feat, dict) else None
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                out[props["id"]] = f"{props.get('name') or props['id']} ({props['id']})"
    return out


def claims_by_id(raw: RawData) -> dict[str, dict[str, Any]]:
    """Claim id -> its properties, across every claims file."""
    out: dict[str, dict[str, Any]] = {}
    for coll in raw.of_kind("claims").values():
        for feat in coll.get("features", []):
            props = feat.get("properties") if isinstance(feat, dict) else None
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                out.setdefault(props["id"], props)
    return out


def defaults_from_claim(props: dict[str, Any]) -> dict[str, str]:
    """Widget key -> value that shows an existing claim in the form."""
    return {key: str(props.get(field) or "") for field, key in FIELDS.items()}


def values_from_state(state: Any) -> dict[str, str]:
    """Claim fields from the widgets' session state (as the CLI would get them)."""
    out: dict[str, str] = {}
    for field, key in FIELDS.items():
        value = state.get(key)
        out[field] = "" if value is None else str(value).strip()
    return out


def changes_for_edit(old: dict[str, Any], values: dict[str, str]) -> dict[str, str]:
    """Only the fields the editor changed; "" removes an optional field."""
    return {k: v for k, v in values.items() if v != str(old.get(k) or "")}
