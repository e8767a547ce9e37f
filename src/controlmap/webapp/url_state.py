"""What the URL holds: date, view, known-at, compare, diff, layers, centre, zoom and language.

Pure functions between query parameters and an AppState, so a permalink restores the view
and tests can check the round trip without a browser. Bad values fall back to defaults (with
a note), so a mangled link still opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from controlmap.dates import parse_day
from controlmap.i18n import LANGS

DEFAULT_LAYERS: frozenset[str] = frozenset({"towns", "oskil", "builtup", "events"})
BASE_LAYERS: tuple[str, ...] = ("towns", "oskil", "builtup", "hromadas", "events", "basemap")
SERIES_PREFIX = "series-"
COMPARE_MODES: tuple[str, ...] = ("", "view", "date")


@dataclass(frozen=True)
class AppState:
    date: dt.date
    view: str = "assessed"
    known_at: dt.date | None = None
    compare: str = ""  # "", "view" or "date"
    compare_view: str = ""
    compare_date: dt.date | None = None
    diff_from: dt.date | None = None
    layers: frozenset[str] = DEFAULT_LAYERS
    center: tuple[float, float] | None = None
    zoom: float | None = None
    lang: str = ""  # "en" or "uk"; "" when the URL names none (the browser's choice then)
    notes: tuple[str, ...] = field(default=(), compare=False)

    def with_(self, **changes: object) -> AppState:
        return replace(self, **changes)  # type: ignore[arg-type]


def _one(params: Mapping[str, object], key: str) -> str:
    v = params.get(key)
    if isinstance(v, list):
        v = v[-1] if v else ""
    return str(v).strip() if v is not None else ""


def day_in(text: str, lo: date, hi: date) -> date:
    """A full YYYY-MM-DD day within lo..hi, else ValueError saying why (the URL's dates and
    the sidebar's typed ones)."""
    d = parse_day(text)
    if not lo <= d <= hi:
        raise ValueError(f"{text} is outside {lo}..{hi}")
    return d


def from_query(params: Mapping[str, object], views: list[str], span: tuple[date, date],
               series: Sequence[str] = ()) -> AppState:
    """Read the URL; anything unreadable falls back to its default and is named in `notes`."""
    lo, hi = span
    notes: list[str] = []
    st = AppState(date=hi)

    def day(key: str, lo: date = lo, hi: date = hi) -> date | None:
        text = _one(params, key)
        if not text:
            return None
        try:
            return day_in(text, lo, hi)
        except ValueError as err:
            notes.append(f"{key}: {err}; ignored")
            return None

    def view(text: str, key: str) -> str:
        if text in views:
            return text
        if "claimant:" + text in views:
            return "claimant:" + text
        notes.append(f"{key}: unknown view {text!r}; using assessed")
        return "assessed"

    d = day("date")
    if d:
        st = st.with_(date=d)
    v = _one(params, "view")
    if v:
        st = st.with_(view=view(v, "view"))
    k = day("known_at", lo, date.max)
    if k:
        st = st.with_(known_at=k)
    cmp = _one(params, "compare")
    if cmp:
        mode, _, arg = cmp.partition(":")
        if mode == "view" and arg:
            st = st.with_(compare="view", compare_view=view(arg, "compare"))
        elif mode == "date" and arg:
            try:
                st = st.with_(compare="date", compare_date=day_in(arg, lo, hi))
            except ValueError as err:
                notes.append(f"compare: {err}; ignored")
        else:
            notes.append(f"compare: {cmp!r} is not view:<view> or date:<YYYY-MM-DD>; ignored")
    diff = day("diff")
    if diff:
        st = st.with_(diff_from=diff)
    if "layers" in params:
        raw = {x for x in _one(params, "layers").split(",") if x}
        known = set(BASE_LAYERS) | {SERIES_PREFIX + s for s in series}
        bad = sorted(raw - known)
        if bad:
            notes.append(f"layers: unknown {', '.join(bad)}; ignored")
        st = st.with_(layers=frozenset(raw & known))
    center = _one(params, "center")
    if center:
        try:
            lat, lon = (float(x) for x in center.split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            st = st.with_(center=(lat, lon))
        except ValueError:
            notes.append(f"center: {center!r} is not lat,lon; ignored")
    zoom = _one(params, "zoom")
    if zoom:
        try:
            z = float(zoom)
            if not 1 <= z <= 19:
                raise ValueError
            st = st.with_(zoom=z)
        except ValueError:
            notes.append(f"zoom: {zoom!r} is not a number in 1..19; ignored")
    lang = _one(params, "lang").lower()
    if lang in LANGS:
        st = st.with_(lang=lang)
    elif lang:
        notes.append(f"lang: {lang!r} is not one of {', '.join(LANGS)}; ignored")
    return st.with_(notes=tuple(notes))


def to_query(st: AppState) -> dict[str, str]:
    """The URL parameters for a state: date and view always, the rest when set."""
    q = {"date": st.date.isoformat(), "view": st.view}
    if st.known_at:
        q["known_at"] = st.known_at.isoformat()
    if st.compare == "view" and st.compare_view:
        q["compare"] = "view:" + st.compare_view
    elif st.compare == "date" and st.compare_date:
        q["compare"] = "date:" + st.compare_date.isoformat()
    if st.diff_from:
        q["diff"] = st.diff_from.isoformat()
    if st.layers != DEFAULT_LAYERS:
        q["layers"] = ",".join(sorted(st.layers))
    if st.center and st.zoom is not None:
        q["center"] = f"{st.center[0]:.5f},{st.center[1]:.5f}"
        q["zoom"] = f"{st.zoom:g}"
    if st.lang:
        q["lang"] = st.lang
    return q
