"""What a test compares of a data directory: the data files, not the lock or temp files.

Writers leave `.controlmap.lock` and its info file behind (they are not data, and git
ignores them); temp files of an interrupted write are `.<name>.<pid>.<random>.tmp`.
"""

from __future__ import annotations

from pathlib import Path


def data_files(d: Path) -> dict[str, bytes]:
    """Every visible file of the directory, name -> bytes."""
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def temp_files(d: Path) -> list[str]:
    return sorted(p.name for p in d.glob(".*.tmp"))
