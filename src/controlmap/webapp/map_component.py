"""The map as a Streamlit custom component (components API v1), served from one directory.

The component root is a per-process temporary directory holding its page (index.html, from
`render.browser.index_html`), a copy of the package's static files (leaflet/, rbush/, controlmap/)
and the payload as JSON files under data/, named by their content or (timelines, claims) by
their cache key. The browser fetches the payload once by URL (and may cache it), so a rerun
re-sends only a few small arguments; date steps never need a rerun at all. The base comes
without its claims, and a timeline not built yet is built in a background thread: the map
paints a one-day snapshot and fetches the claims' and the timeline's URLs until the files
are there.
"""

from __future__ import annotations

import atexit
import hashlib
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import streamlit as st
import streamlit.components.v1 as components

from controlmap.i18n import N_, translator
from controlmap.model.engine import Engine
from controlmap.render.browser import VENDOR_DIRS, index_html
from controlmap.render.payload_cache import (
    base_json,
    cached_claims_json,
    cached_timeline_json,
    claims_json,
    claims_key,
    timeline_json,
    timeline_key,
)
from controlmap.render.timeline import build_snapshot
from controlmap.webapp.loading import give_back_memory
from controlmap.webapp.url_state import BASE_LAYERS, SERIES_PREFIX, AppState

STATIC = Path(__file__).resolve().parents[1] / "render" / "static"
NAME = "controlmap_map"
MAP_HEIGHT = 640


def _make_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="controlmap-web-"))
    atexit.register(shutil.rmtree, root, True)
    # The page loads the map's scripts in the one order written in render.browser.
    (root / "index.html").write_text(index_html(), encoding="utf-8")
    for sub in (*VENDOR_DIRS, "controlmap"):
        shutil.copytree(STATIC / sub, root / sub)
    (root / "data").mkdir()
    return root


ROOT = _make_root()
_component = components.declare_component(NAME, path=str(ROOT))
# The registered name (module-qualified): its files are served at /component/<name>/...
COMPONENT_NAME: str = getattr(_component, "name", NAME)


def asset_url(relative: str) -> str:
    """A URL, relative to any component iframe, for a file in the served root (e.g. Leaflet
    for the folium fallback map)."""
    return f"../{COMPONENT_NAME}/{relative}"


def _publish(data: bytes, stem: str) -> str:
    """Write JSON `data` as data/<stem>-<hash>.json once; return its URL relative to
    index.html."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"{stem}-{digest}.json"
    path = ROOT / "data" / name
    if not path.exists():
        _write(path, data)
    return f"data/{name}"


@st.cache_resource(show_spinner=False, max_entries=8)
def payload_url(_engine: Engine, key: str, until: date, lang: str = "en") -> str:
    """URL of the base payload (geometry, layers, events; the claims come apart, see
    `claims_ref`) for one data version, its slider running to `until` at least, its words in
    `lang` (kept on disk by content: render/payload_cache.py)."""
    del key
    url = _publish(base_json(_engine, until, lang, claims=False), "base")
    give_back_memory()
    return url


# Timelines not built yet are built here, one at a time, while the page goes on: the map
# paints a one-day snapshot and fetches the file when it is there (streamlit_bridge.js).
# A daemon thread, not a ThreadPoolExecutor: an executor's worker is joined at exit, so
# Ctrl-C (or SIGTERM) would wait for a build of a minute at 100,000 claims. What it writes
# is renamed into place, so a build cut short leaves nothing half-written.
_JOBS: queue.Queue[tuple[Future[None], Callable[[], None]]] = queue.Queue()
_BUILDS: dict[str, Future[None]] = {}
_BUILDS_LOCK = threading.Lock()


def _builder() -> None:
    while True:
        build, job = _JOBS.get()
        if build.set_running_or_notify_cancel():
            try:
                job()
                build.set_result(None)
            except BaseException as err:  # noqa: BLE001 - said in the page (timeline_ref)
                build.set_exception(err)


threading.Thread(target=_builder, name="controlmap-timeline", daemon=True).start()


def _write(path: Path, data: bytes) -> None:
    """Write a served file so a reader sees all of it or none (a temporary name per thread,
    renamed into place)."""
    tmp = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _build(make: Callable[[], bytes], path: Path) -> None:
    _write(path, make())
    give_back_memory()


def timeline_ref(engine: Engine, known_at: date | None, view: str, wait: bool = True,
                 start: bool = True) -> tuple[str, bool]:
    """URL of one view's timeline as known at `known_at` (None: all claims), and whether its
    file is there (see `_background_ref`)."""
    return _background_ref(
        "timeline", timeline_key(engine, known_at, view),
        partial(cached_timeline_json, engine, known_at, view),
        partial(timeline_json, engine, known_at, view), wait, start)


def claims_ref(engine: Engine, lang: str) -> str:
    """URL of the claims (the base payload's `claims`, words in `lang`), built in the
    background if need be: the map paints without them and fetches them for its cards."""
    return _background_ref("claims", claims_key(engine, lang),
                           partial(cached_claims_json, engine, lang),
                           partial(claims_json, engine, lang), wait=False)[0]


def _background_ref(stem: str, key: str | None, kept: Callable[[], bytes | None],
                    make: Callable[[], bytes], wait: bool, start: bool = True
                    ) -> tuple[str, bool]:
    """URL of a payload file and whether it is there. Named by its cache key
    (render/payload_cache.py), so the URL is known before the file is built: one not built
    yet is built in the background (unless `start` is False), and with `wait` False this
    returns at once (the map fetches the URL until it answers)."""
    if key is None:  # a data set not read from files: no key to name it by
        return _publish(make(), stem), True
    path = ROOT / "data" / f"{stem}-{key[:24]}.json"
    url = f"data/{path.name}"
    if path.exists():
        return url, True
    got = kept()
    if got is not None:
        _write(path, got)
        return url, True
    if not start:
        return url, False
    with _BUILDS_LOCK:
        build = _BUILDS.get(key)
        if build is None:
            build = _BUILDS[key] = Future()
            _JOBS.put((build, partial(_build, make, path)))
    if not (wait or build.done()):
        return url, False
    try:
        build.result()  # a build that failed says why here, in the page
    finally:
        with _BUILDS_LOCK:
            _BUILDS.pop(key, None)
    return url, True


@st.cache_resource(show_spinner=False, max_entries=64)
def snapshot_url(_engine: Engine, key: str, known_at: date | None, view: str, day: date
                 ) -> str:
    """URL of the view on one day (render/timeline.py build_snapshot): what the map paints
    while the view's history is built."""
    del key
    return _publish(orjson.dumps(build_snapshot(_engine, view, day, known_at)), "snapshot")


def shown_views(engine: Engine, state: AppState, wanted: list[str]) -> list[str]:
    """The views whose timelines the map gets: the one it shows, the compared one, then
    those it asked for (the claimants' own views, for each claimant's position in a card).
    A first start builds only what is on screen; the rest follows once the map is up."""
    out = [state.view]
    if state.compare == "view" and state.compare_view:
        out.append(state.compare_view)
    out += [v for v in wanted if v in engine.views]
    return list(dict.fromkeys(out))


LOAD_FAILED = N_("The map could not load its data:")


def layer_args(state: AppState, series: list[str]) -> dict[str, Any]:
    on = state.layers
    out: dict[str, Any] = {k: k in on for k in BASE_LAYERS}
    out["series"] = {s: SERIES_PREFIX + s in on for s in series}
    return out


def component_args(engine: Engine, key: str, state: AppState, rev: int, until: date,
                   wanted: list[str] | None = None) -> dict[str, Any]:
    """Everything the component is sent on a rerun: URLs and a few small settings.
    `wanted`: more views the map asked for (see `shown_views`)."""
    series = sorted({c.layer for c in engine.geometry_claims})
    compare = None
    if state.compare == "view" and state.compare_view:
        compare = {"mode": "view", "view": state.compare_view}
    elif state.compare == "date" and state.compare_date:
        compare = {"mode": "date", "date": state.compare_date.isoformat()}
    # What the first paint needs comes first, the base, then the snapshot of the view on
    # screen (one pane on one day; two panes or the changes since a date need the history of
    # each view they show), before any background build starts: it would share the GIL.
    lang = state.lang or "en"
    base = payload_url(engine, key, until, lang)
    alone = compare is None and not state.diff_from
    snapshots = {}
    if alone and not timeline_ref(engine, state.known_at, state.view, start=False)[1]:
        snapshots[state.view] = snapshot_url(engine, key, state.known_at, state.view,
                                             state.date)
    # Then the claims (a second or so at 100,000 claims), then the timelines.
    claims = claims_ref(engine, lang)
    on_screen = {state.view, *([state.compare_view] if compare and state.compare_view else [])}
    timelines = {}
    for v in shown_views(engine, state, wanted or []):
        timelines[v], _ = timeline_ref(engine, state.known_at, v,
                                       wait=v in on_screen and not alone)
    return {
        "payload_url": base,
        "claims_url": claims,
        "timelines": timelines,
        "snapshots": snapshots,
        "known_at": state.known_at.isoformat() if state.known_at else None,
        "date": state.date.isoformat(),
        "rev": rev,
        "view": state.view,
        "compare": compare,
        "diff": {"from": state.diff_from.isoformat()} if state.diff_from else None,
        "layers": layer_args(state, series),
        "center": list(state.center) if state.center else None,
        "zoom": state.zoom,
        "height": MAP_HEIGHT,
        # Words the bridge shows before the payload's own words arrive.
        "words": {"load_failed": translator(state.lang).gettext(LOAD_FAILED)},
    }


def render_map(args: dict[str, Any], key: str = "controlmap-map") -> dict[str, Any] | None:
    """Show the map; return what it last reported ({date, center, zoom, area, views}) or
    None."""
    value = _component(**args, key=key, default=None)
    return value if isinstance(value, dict) else None
