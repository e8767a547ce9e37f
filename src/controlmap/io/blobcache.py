"""Derived data remembered by content: typed claim columns, browser payloads.

Work that depends only on the bytes of data files (and the code that reads them) is stored
under a key the caller makes from those bytes' hashes, so the second start on unchanged data
skips it. Entries are data (JSON), never code (no pickle), in one directory per kind under
$CONTROLMAP_CACHE, else $XDG_CACHE_HOME/controlmap, else ~/.cache/controlmap: the same place
as the validation results (validate/cache.py), outside the data directory, never in git.
`CONTROLMAP_CACHE=off` turns every cache off. Writes go to a temporary file renamed into
place, so a reader sees a whole entry or none; a cache that cannot be written or read only
costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

ENV_VAR = "CONTROLMAP_CACHE"
_OFF = ("off", "0", "no", "false")


def cache_root() -> Path | None:
    """The cache's root directory, or None when caching is off."""
    env = os.environ.get(ENV_VAR, "")
    if env.lower() in _OFF:
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "controlmap"


def make_key(*parts: str) -> str:
    """A key from text parts (hashes, format numbers, names), order significant."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def source_fingerprint(files: Iterable[Path]) -> str:
    """A hash of code files: an entry made by other code is never read back."""
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def get(kind: str, key: str) -> bytes | None:
    """The entry `key` of `kind`, or None (absent, caching off, unreadable)."""
    root = cache_root()
    if root is None:
        return None
    try:
        return (root / kind / key).read_bytes()
    except OSError:
        return None


def put(kind: str, key: str, data: bytes, keep: int = 16) -> None:
    """Store `data` as `key` of `kind`, keeping the newest `keep` entries of the kind."""
    root = cache_root()
    if root is not None:
        write_entry(root / kind, key, data, keep)


def write_entry(folder: Path, name: str, data: bytes, keep: int,
                pattern: str = "[!.]*") -> None:
    """Write `folder/name` whole or not at all (temporary file renamed into place), then keep
    the newest `keep` entries matching `pattern`; any OS error only means it is not kept."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{name[:16]}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
        tmp = None
        prune(folder, keep, pattern)
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def prune(folder: Path, keep: int, pattern: str = "[!.]*") -> None:
    """Keep the newest `keep` entries matching `pattern` in `folder`."""
    entries = list(folder.glob(pattern))
    if len(entries) <= keep:
        return

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0
    for old in sorted(entries, key=mtime)[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            old.unlink()
