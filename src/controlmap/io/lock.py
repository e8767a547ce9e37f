"""One writer at a time per data directory: an exclusive lock, and who holds it.

Every writer (`claim add|edit|remove`, the app's Edit page, `import series`, `fmt`) holds this
lock while it reads, checks and writes, so writers never interleave and no reported success
is overwritten by another writer's stale copy. The lock is `filelock` (flock on Unix): the
operating system drops it when its holder exits, even on kill -9, so a crashed writer never
leaves the directory locked. The holder records pid, host, command and start time in an info
file beside the lock; a writer that waited its bounded time says who holds it.

Neither file is data: both are hidden, neither ends in .geojson (the reader lists only those),
and .gitignore keeps them out of git. Readers (validate, the map) never take the lock: every
write is an atomic rename, so a reader sees the old file or the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from controlmap.errors import ControlmapError
from controlmap.io import oserrors

LOCK_NAME = ".controlmap.lock"
INFO_NAME = ".controlmap.lock.json"
TIMEOUT_ENV = "CONTROLMAP_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 30.0  # seconds a writer waits for another writer before giving up

_held = threading.local()  # resolved directory -> depth, per thread (re-entrant)


class LockTimeout(ControlmapError):
    """Another writer held the directory's lock for longer than we were willing to wait."""


def timeout_seconds() -> float:
    """$CONTROLMAP_LOCK_TIMEOUT (seconds), else DEFAULT_TIMEOUT; a bad value is ignored."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value >= 0 else DEFAULT_TIMEOUT


def default_command() -> str:
    """What this process is, for the info file: `controlmap claim add` (never option values)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    words = [a for a in sys.argv[1:3] if a and not a.startswith("-")]
    return " ".join([name, *words])[:120]


def holder(data_dir: Path) -> str:
    """Who holds (or last held) the lock, from its info file; "" when unknown."""
    try:
        info = json.loads((data_dir / INFO_NAME).read_text("utf-8"))
        return (f"pid {int(info['pid'])} on {info['host']}: {info['command']}, "
                f"since {info['since']}")
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _write_info(data_dir: Path, command: str) -> None:
    info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
            "since": datetime.now().astimezone().isoformat(timespec="seconds")}
    tmp = data_dir / f"{INFO_NAME}.{os.getpid()}"
    try:
        tmp.write_text(json.dumps(info), "utf-8")
        os.replace(tmp, data_dir / INFO_NAME)
    except OSError:  # only a courtesy to waiters; the write itself reports real trouble
        with contextlib.suppress(OSError):
            tmp.unlink()


def _depths() -> dict[str, int]:
    depths: dict[str, int] | None = getattr(_held, "depths", None)
    if depths is None:
        depths = _held.depths = {}
    return depths


@contextlib.contextmanager
def data_lock(data_dir: str | Path, command: str | None = None,
              timeout: float | None = None) -> Iterator[bool]:
    """Hold the write lock of `data_dir`; yield True when this call took it.

    Re-entrant per thread: inside a held lock it yields False at once. Waits at most
    `timeout` seconds (default: timeout_seconds()), then raises LockTimeout naming the
    holder. A directory where the lock cannot be created (read-only, missing) raises
    FileSystemError, one line.
    """
    path = Path(data_dir)
    key = str(path.resolve())
    depths = _depths()
    if depths.get(key):
        depths[key] += 1
        try:
            yield False
        finally:
            depths[key] -= 1
        return
    wait = timeout_seconds() if timeout is None else timeout
    lock = FileLock(str(path / LOCK_NAME), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        who = holder(path)
        raise LockTimeout(
            f"{path}: another writer holds the data lock ({who or 'holder unknown'}); "
            f"waited {wait:g} s and wrote nothing (try again when it has finished; "
            f"{TIMEOUT_ENV} sets the wait)") from None
    except OSError as err:
        raise oserrors.as_error(err, path, "take the write lock", unchanged=True) from None
    depths[key] = 1
    try:
        _write_info(path, command or default_command())
        yield True
    finally:
        depths.pop(key, None)
        lock.release()
