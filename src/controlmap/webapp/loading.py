"""Load the data directory once per content, and say what is wrong instead of crashing.

With problems, the valid part still loads where that is safe (controlmap.validate.salvage):
the page lists every problem, says what it left out, and draws the rest.

The engine is cached on (directory, file names + mtimes + sizes): an edit to any file gives a
new key, so the app never shows stale data, and a rerun that changes nothing costs a stat().
A large directory not yet known valid is first read in a child process, so the app keeps
none of the parse's memory (`load_valid_parts_lean`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import streamlit as st

from controlmap import loading as core
from controlmap.errors import ControlmapError, DataError
from controlmap.i18n import N_
from controlmap.io import blobcache
from controlmap.io.datadir import ENV_VAR, data_file_names, default_data_dir, resolve_data_dir
from controlmap.loading import horizon_days
from controlmap.model.engine import Engine
from controlmap.render.area_geometry import kept_area_km2
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


# A directory this large is first read in a child process by `load_valid_parts_lean`.
LEAN_BYTES = 16 * 2**20


def load_valid_parts_lean(data_dir: str | Path | None = None,
                          today: date | None = None) -> core.ValidParts:
    """`load_valid_parts` for a long-lived process (the app). A large directory not yet
    known valid is first read in child processes (`_prime`), which fill the caches
    (validation results, typed claim columns, the areas' drawn shapes and km²) and give their memory
    back when they end; this process then reads those caches as a restart does. A parse
    makes millions of small objects, and the few that stay (ids, links) keep the allocator's
    pages from going back: at 200,000 claims the app held about 400 MB after loading, and
    holds 200 this way. Without a cache (CONTROLMAP_CACHE=off), or if a child fails, the
    work is done here."""
    known = core.load_known_valid(data_dir, today)
    if known is not None:
        return core.ValidParts(known, [])
    path = resolve_data_dir(data_dir)
    if blobcache.cache_root() is not None and _data_bytes(path) >= LEAN_BYTES:
        with contextlib.suppress(OSError):  # any failure: the work is done here instead
            _prime(path, today)
        known = core.load_known_valid(path, today)
        if known is not None:
            return core.ValidParts(known, [])
    return core.read_check_type(path, today)


def _prime(path: Path, today: date | None) -> None:
    """Check in one child while another types the claims and draws the areas ahead of the
    check's word (the machine's second core would otherwise idle): at 100,000 claims each
    takes about 4 s, where one child doing both took 6 s and left 1.4 s of drawing to the
    page. The second child's work is kept only if the check finds the directory clean; else
    it is stopped, and the page reads and checks the valid part itself."""
    args = [str(path), today.isoformat() if today else ""]
    check = _child(_CHECK, args)
    try:
        ahead = _child(_AHEAD, args)
    except OSError:
        check.wait()
        raise
    try:
        check.wait()
        if core.known_valid(path, today):
            ahead.wait()
    finally:
        if ahead.poll() is None:
            ahead.kill()
            ahead.wait()


def _child(script: str, args: list[str]) -> subprocess.Popen[bytes]:
    # A fresh interpreter, not multiprocessing: a spawned child re-runs the parent's
    # __main__, which in Streamlit is the page script.
    return subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _data_bytes(path: Path) -> int:
    try:
        return sum((path / n).stat().st_size for n in data_file_names(path))
    except OSError:
        return 0


# The children: one reads and checks (the validation cache holds its word); the other types
# the claims, draws the areas and works out their km², unchecked (caches keyed by the files'
# hashes, read only once the check finds those bytes clean).
_CHECK = """import sys
from datetime import date
from controlmap.io.datadir import read_data_dir
from controlmap.validate.cache import check_cached
check_cached(read_data_dir(sys.argv[1]), date.fromisoformat(sys.argv[2]) if sys.argv[2] else None)
"""
_AHEAD = """import sys
from controlmap.loading import type_unchecked
from controlmap.model.compiled import Hierarchy
from controlmap.render.area_geometry import area_geometry, area_km2
dataset = type_unchecked(sys.argv[1])
if dataset is not None:
    area_geometry(dataset, Hierarchy.of(dataset.areas))
    area_km2(dataset)
"""


# The spinner is shown around the call, in the page's language (a decorator's text is fixed
# at import); st.spinner appears only when the call takes a moment, i.e. on a cache miss.
READING = N_("Reading the data…")


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(path: str, key: str) -> tuple[Engine | None, list[str], list[str], str]:
    del key  # part of the cache key only
    got = load_valid_parts_lean(path)
    engine = None if got.dataset is None else Engine(
        got.dataset, horizon_days(), area_km2=kept_area_km2(got.dataset))
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
