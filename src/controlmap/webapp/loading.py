"""Load the data directory once per content, and say what is wrong instead of crashing.

With problems, the valid part still loads where that is safe (controlmap.validate.salvage):
the page lists every problem, says what it left out, and draws the rest.

The engine is cached on (directory, file names + mtimes + sizes): an edit to any file gives a
new key, so the app never shows stale data, and a rerun that changes nothing costs a stat().
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from controlmap.errors import ControlmapError, DataError
from controlmap.i18n import N_
from controlmap.io.datadir import ENV_VAR, default_data_dir
from controlmap.loading import horizon_days, load_valid_parts_lean
from controlmap.model.engine import Engine
from controlmap.webapp import lang as page_lang


@dataclass(frozen=True)
class LoadedEngine:
    """An engine for the data directory (its valid part when `problems`), or why not."""

    data_dir: Path
    engine: Engine | None
    fingerprint: str
    problems: list[str] = field(default_factory=list)
    error: str = ""
    dropped: list[str] = field(default_factory=list)
    reason: str = ""


def data_dir() -> Path:
    """$CONTROLMAP_DATA, else geo/ (see controlmap.io.datadir)."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else default_data_dir()


def fingerprint(path: Path) -> str:
    """Changes whenever a data file is added, removed or rewritten (hidden files, such as
    the write lock and temp files, are not data)."""
    try:
        stats = [(p.name, p.stat()) for p in path.iterdir()
                 if p.is_file() and not p.name.startswith(".")]
        entries = sorted((name, s.st_mtime_ns, s.st_size) for name, s in stats)
    except OSError:
        return "unreadable"
    return repr(entries)


# The spinner is shown around the call, in the page's language (a decorator's text is fixed
# at import); st.spinner appears only when the call takes a moment, i.e. on a cache miss.
READING = N_("Reading the data…")


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(path: str, key: str) -> tuple[Engine | None, list[str], list[str], str]:
    del key  # part of the cache key only
    got = load_valid_parts_lean(path)
    engine = Engine(got.dataset, horizon_days()) if got.dataset is not None else None
    give_back_memory()
    return engine, [str(p) for p in got.problems], got.dropped, got.reason


def give_back_memory() -> None:
    """Collect, then hand the heap's free pages back to the system (glibc's malloc_trim;
    elsewhere only the collection). Loading and the first payloads free hundreds of MB of
    temporaries at scale, which a long-lived server would otherwise keep in its footprint."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def load(path: Path | None = None) -> LoadedEngine:
    """The engine for `path` (default: data_dir()), or the validator's messages."""
    path = path or data_dir()
    key = fingerprint(path)
    try:
        with st.spinner(page_lang.translator().gettext(READING)):
            engine, problems, dropped, reason = _engine(str(path), key)
        return LoadedEngine(path, engine, key, problems, dropped=dropped, reason=reason)
    except DataError as err:
        return LoadedEngine(path, None, key, problems=[str(p) for p in err.problems])
    except ControlmapError as err:
        return LoadedEngine(path, None, key, error=str(err))
