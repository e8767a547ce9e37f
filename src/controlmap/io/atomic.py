"""Atomic file writes: a crash leaves the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from controlmap.errors import ConflictError


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it does not exist."""
    try:
        return content_hash(path.read_bytes())
    except FileNotFoundError:
        return None


def atomic_write_bytes(path: Path, data: bytes, expected_hash: str | None = None) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, then rename.

    With `expected_hash`, refuse (ConflictError) when the file on disk is no longer the one
    the caller read, so two editors saving at once never silently lose an edit.
    """
    path = Path(path)
    if expected_hash is not None:
        current = file_hash(path)
        if current != expected_hash:
            raise ConflictError(
                f"{path.name}: changed on disk since it was read; nothing was written "
                "(reload the file and apply your change again)"
            )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        if not path.exists():
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write_text(path: Path, text: str, expected_hash: str | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), expected_hash)
