"""Atomic file writes: a crash leaves the old file or the new one, never a mix.

The new bytes go to a temp file beside the target (`.<name>.<pid>.<random>.tmp`), are
fsynced, then renamed over it. A data file that is a symbolic link stays a link: the file
it points to is the one replaced (`keep_link`). A process killed mid-write leaves its temp
file behind; the next writer that holds the directory's lock removes the ones whose process
is gone (remove_stale_temps).
OS errors (read-only, disk full, missing directory) become one line naming the path.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from controlmap.errors import ConflictError
from controlmap.io import oserrors

# `.claims.geojson.1234.k3j_x9a2.tmp`; temp files of older versions carry no pid.
_TEMP = re.compile(r"^\.(?P<name>.+\.geojson)\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.tmp$")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it does not exist."""
    try:
        return content_hash(path.read_bytes())
    except FileNotFoundError:
        return None


def write_target(path: Path) -> Path:
    """The file a write to `path` replaces: the link's target for a symbolic link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write_bytes(path: Path, data: bytes, expected_hash: str | None = None, *,
                       keep_link: bool = False) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, then rename.

    With `expected_hash`, refuse (ConflictError) when the file on disk is no longer the one
    the caller read. That check guards against writers that do not take the directory lock
    (a text editor); writers in this project also hold `io.lock.data_lock`, which is what
    makes read, check and write one step among them. With `keep_link` (data files), a
    symbolic link at `path` stays a link and its target is replaced; otherwise (exports) the
    link itself is replaced and whatever it pointed to is left alone.
    """
    path = Path(path)
    if expected_hash is not None:
        current = file_hash(path)
        if current != expected_hash:
            raise ConflictError(
                f"{path.name}: changed on disk since it was read; nothing was written "
                "(reload the file and apply your change again)"
            )
    target = write_target(path) if keep_link else path
    try:
        _replace(target, data)
    except OSError as err:
        raise oserrors.as_error(err, path, "write", unchanged=True) from None
    with contextlib.suppress(OSError):  # durability of the rename; the data is in place
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _replace(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                               dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str, expected_hash: str | None = None, *,
                      keep_link: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), expected_hash, keep_link=keep_link)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale_temps(directory: Path) -> list[str]:
    """Remove temp files of interrupted writes whose process is gone; return their names.

    Call it only while holding the directory's lock: then no writer of this project is
    between its temp file and its rename. A temp file of a live process is left alone.
    """
    removed: list[str] = []
    try:
        names = [e.name for e in os.scandir(directory) if e.is_file(follow_symlinks=False)]
    except OSError:
        return removed
    for name in names:
        m = _TEMP.match(name)
        if m is None:
            continue
        pid = int(m["pid"]) if m["pid"] else None
        if pid is not None and (pid == os.getpid() or _alive(pid)):
            continue  # a write in progress (or one of ours): not stale
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.unlink(directory / name)
            removed.append(name)
    return removed
