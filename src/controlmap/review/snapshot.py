"""One side of a review: a data directory, or the data directory as of a git revision.

A revision is materialised into a temporary directory with `git show REV:path` per file, so
both sides are read by the same reader and checked by the same validator.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from controlmap.errors import UsageError
from controlmap.io.datadir import RawData, read_data_dir


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; compare two directories instead") from None
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])}: {msg[-1] if msg else 'failed'}")
    return done.stdout


def _repo_path(data: str, cwd: Path) -> tuple[Path, str]:
    """(repository top level, data path relative to it, in git's / form)."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    target = (cwd / data).resolve()
    try:
        rel = target.relative_to(top.resolve())
    except ValueError:
        raise UsageError(f"--data {data}: not inside the git repository {top}") from None
    return top, rel.as_posix()


def materialise_revision(rev: str, data: str, into: Path, cwd: Path | None = None) -> Path:
    """Write the data directory `data` as of `rev` into `into`; return `into`."""
    cwd = cwd or Path.cwd()
    top, rel = _repo_path(data, cwd)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    except UsageError:
        raise UsageError(f"{rev}: neither a directory nor a git revision") from None
    listing = _git(["ls-tree", "--name-only", "-z", rev, "--", f"{rel}/"], top)
    into.mkdir(parents=True, exist_ok=True)
    for entry in filter(None, listing.decode("utf-8").split("\0")):
        name = entry.rsplit("/", 1)[-1]
        if not name.endswith(".geojson"):
            continue
        (into / name).write_bytes(_git(["show", f"{rev}:{entry}"], top))
    return into


def git_ignored(directory: Path, names: list[str]) -> list[str]:
    """The names of files in `directory` that git ignores there; [] outside a work tree."""
    if not names:
        return []
    try:
        done = subprocess.run(["git", "check-ignore", "-z", "--stdin"], cwd=directory,
                              input="\0".join(names).encode("utf-8"), capture_output=True,
                              check=False)
    except FileNotFoundError:
        return []
    if done.returncode != 0:  # 1: none ignored; 128: not a git work tree
        return []
    return sorted(n for n in done.stdout.decode("utf-8").split("\0") if n)


def load_side(spec: str, data: str, scratch: Path, cwd: Path | None = None,
              drop_ignored: bool = False) -> tuple[RawData, list[str]]:
    """`spec` is a directory (the data directory itself) or a git revision.

    Returns the data and the files left out: with `drop_ignored`, a directory's files that
    git ignores (a local import such as claims-deepstate.geojson can never be committed, so
    comparing it with a revision would only list it as added).
    """
    if not Path(spec).is_dir():
        return read_data_dir(materialise_revision(spec, data, scratch, cwd)), []
    raw = read_data_dir(spec)
    if not drop_ignored:
        return raw, []
    left_out = git_ignored(Path(spec), sorted({*raw.hashes, *raw.collections}))
    for name in left_out:
        for table in (raw.collections, raw.texts, raw.hashes):
            table.pop(name, None)
    raw.problems = [p for p in raw.problems if p.file not in left_out]
    return raw, left_out
