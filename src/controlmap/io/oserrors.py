"""Operating-system errors as one line: the path, what failed, and what to do about it.

A read-only directory, a full disk or a missing folder is not a bug: the user gets
`PATH: cannot write: no space left on the device (free some space and try again; nothing was
changed)`, never a traceback. Writes are atomic, so a failed write always leaves the old file.
"""

from __future__ import annotations

import errno
from pathlib import Path

from controlmap.errors import ControlmapError

# errno -> (what happened, what to do)
_ADVICE: dict[int, tuple[str, str]] = {
    errno.EROFS: ("read-only file system",
                  "make it writable, or copy the data elsewhere and pass --data"),
    errno.EACCES: ("permission denied", "check the permissions, or choose another place"),
    errno.EPERM: ("operation not permitted", "check the permissions, or choose another place"),
    errno.ENOSPC: ("no space left on the device", "free some space and try again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and try again"),
    errno.ENOENT: ("does not exist", "check the path"),
    errno.ENOTDIR: ("a part of the path is not a directory", "check the path"),
    errno.EISDIR: ("is a directory", "give a file name"),
    errno.ELOOP: ("too many symbolic links (a loop?)", "check where the links point"),
    errno.ENAMETOOLONG: ("file name too long", "use a shorter name"),
    errno.EMFILE: ("too many open files", "close other programs and try again"),
    errno.EIO: ("input/output error", "check the disk"),
}


class FileSystemError(ControlmapError):
    """The operating system refused a read or a write; the message says what to do."""


def describe(err: OSError, path: str | Path | None = None, doing: str = "",
             unchanged: bool = False) -> str:
    """`PATH: cannot DOING: reason (advice[; nothing was changed])` in one line."""
    where = str(path if path is not None else (err.filename or "")) or "controlmap"
    what, advice = _ADVICE.get(err.errno or -1, (err.strerror or str(err), ""))
    notes = [a for a in (advice, "nothing was changed" if unchanged else "") if a]
    verb = f"cannot {doing}: " if doing else ""
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"{where}: {verb}{what}{tail}"


def as_error(err: OSError, path: str | Path | None = None, doing: str = "",
             unchanged: bool = False) -> FileSystemError:
    """A FileSystemError for `err` (see describe)."""
    return FileSystemError(describe(err, path, doing, unchanged))
