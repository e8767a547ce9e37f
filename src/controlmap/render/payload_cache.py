"""The browser payload's base and timelines, cached on disk by the data's content hash.

At 100,000 claims a timeline takes about a minute to build; it depends only on the data
files' bytes, the staleness horizon, the as-known-at day, and the code that builds it. Keyed
by exactly those (the hashes the loader recorded for each file, and a hash of the model and
render sources), the JSON is kept in io.blobcache (CONTROLMAP_CACHE / XDG, `off` disables;
never inside geo/), so a second start on the same data reads it instead. A data set built in
memory (no file hashes) is never cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from controlmap.io import blobcache
from controlmap.model.engine import Engine
from controlmap.render.payload import build_base
from controlmap.render.payload_claims import claim_columns
from controlmap.render.timeline import build_timeline
from controlmap.render.timeline import km2_series as timeline_km2

FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def _code() -> str:
    """A hash of the sources a payload's content depends on."""
    files = sorted([*(_PACKAGE / "model").glob("*.py"), *(_PACKAGE / "render").glob("*.py"),
                    *(_PACKAGE / "render" / "static_map").glob("*.py"),
                    _PACKAGE / "vocabulary.py", _PACKAGE / "dates.py", _PACKAGE / "crs.py",
                    _PACKAGE / "loading.py", _PACKAGE / "typed_records.py", _PACKAGE / "i18n.py",
                    *(_PACKAGE / "locale").glob("*/LC_MESSAGES/messages.mo")])
    return blobcache.source_fingerprint(files)


def data_key(engine: Engine) -> str | None:
    """The data's content key: every file's hash as the loader read it; None when the
    data set was not read from files."""
    raw = getattr(engine.dataset, "raw", None)
    hashes = getattr(raw, "hashes", None) or {}
    names = getattr(raw, "collections", {}) or {}
    if not hashes or any(n not in hashes for n in names):
        return None
    return blobcache.make_key(*(f"{n}={h}" for n, h in sorted(hashes.items())))


def _key(kind: str, engine: Engine, parts: tuple[str, ...]) -> str | None:
    data = data_key(engine)
    return None if data is None else blobcache.make_key(
        kind, FORMAT, _code(), data, str(engine.horizon_days), *parts)


_GUARD = threading.Lock()
_BUILDING: dict[str, threading.Lock] = {}


def _cached(kind: str, engine: Engine, parts: tuple[str, ...],
            build: Callable[[], Any]) -> bytes:
    """JSON bytes of `build()`, from the cache when the same data and code made it. One
    build per key at a time: a second caller (the page's chart while the map's timeline is
    built in the background) waits for the first and reads what it stored."""
    key = _key(kind, engine, parts)
    if key is None:
        return orjson.dumps(build())
    with _GUARD:
        lock = _BUILDING.setdefault(key, threading.Lock())
    with lock:
        got = blobcache.get(kind, key)
        if got is None:
            got = orjson.dumps(build())
            blobcache.put(kind, key, got)
    return got


def base_json(engine: Engine, until: date | None = None, lang: str = "en",
              claims: bool = True) -> bytes:
    """`build_base(engine, until=until, lang=lang, claims=claims)` as JSON bytes, cached by
    content."""
    return _cached("payload-base", engine, (str(until), lang, str(claims)),
                   lambda: build_base(engine, until=until, lang=lang, claims=claims))


def claims_json(engine: Engine, lang: str = "en") -> bytes:
    """The base's `claims` alone (payload_claims.claim_columns) as JSON bytes, cached by
    content: the app's map fetches them after its first paint, for cards and credits."""
    return _cached("payload-claims", engine, (lang,), lambda: claim_columns(engine, lang))


def claims_key(engine: Engine, lang: str = "en") -> str | None:
    """The key `claims_json` keeps its result under (see `timeline_key`)."""
    return _key("payload-claims", engine, (lang,))


def cached_claims_json(engine: Engine, lang: str = "en") -> bytes | None:
    """`claims_json`'s result if it is already kept, without building it."""
    return _kept("payload-claims", claims_key(engine, lang))


def _timeline_parts(engine: Engine, known_at: date | None, view: str | None
                    ) -> tuple[list[str] | None, tuple[str, ...]]:
    views = None if view is None else [engine.view(view)]
    return views, (str(known_at), str(views))


def timeline_json(engine: Engine, known_at: date | None = None, view: str | None = None
                  ) -> bytes:
    """`build_timeline(engine, known_at)` as JSON bytes, cached by content: one view's, or
    with `view` None every view's."""
    views, parts = _timeline_parts(engine, known_at, view)
    return _cached("timeline", engine, parts, lambda: build_timeline(engine, known_at, views))


def timeline_key(engine: Engine, known_at: date | None = None, view: str | None = None
                 ) -> str | None:
    """The key `timeline_json` keeps its result under: known before it is built (a name
    for the file the map will fetch), None when the data set was not read from files."""
    return _key("timeline", engine, _timeline_parts(engine, known_at, view)[1])


def cached_timeline_json(engine: Engine, known_at: date | None = None,
                         view: str | None = None) -> bytes | None:
    """`timeline_json`'s result if it is already kept, without building it."""
    return _kept("timeline", timeline_key(engine, known_at, view))


def _kept(kind: str, key: str | None) -> bytes | None:
    return None if key is None else blobcache.get(kind, key)


def km2_series(engine: Engine, view: str, known_at: date | None = None
               ) -> list[tuple[date, dict[str, float]]]:
    """km² per status at every change day of `view`, from its timeline; kept by content
    like the timeline, so a page run reads a few kB instead of parsing the timeline."""
    view = engine.view(view)

    def build() -> list[list[Any]]:
        doc = orjson.loads(timeline_json(engine, known_at, view))
        km2 = np.array([engine.area_km2[a] for a in doc["areas"]], dtype=float)
        return [[d.isoformat(), by] for d, by in timeline_km2(doc["views"][view], km2)]

    rows = orjson.loads(_cached("km2", engine, (str(known_at), view), build))
    return [(date.fromisoformat(d), by) for d, by in rows]
