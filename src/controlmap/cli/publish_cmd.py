"""`controlmap publish OUT/`: the scrubbing map as a static site (render.publish builds it).

OUT must be new, empty, or a previous publish (it holds render.publish.MARKER); anything else
is refused in one line unless --force. Files are written one by one, each atomically, data
and scripts (content-hashed names) before index.html, and only then are the files the
previous publish had and this one does not removed: a reader mid-publish sees the old site
or the new one, never a page whose data files are missing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from controlmap.cli.export_cmd import refuse_data_dir
from controlmap.cli.options import data_option, load_engine
from controlmap.errors import UsageError
from controlmap.io.atomic import atomic_write_bytes
from controlmap.progress import track
from controlmap.render.publish import MARKER, build_site


def _previous(out: Path) -> list[str] | None:
    """The files a previous publish into `out` wrote, or None when it is not one."""
    try:
        doc = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return files


def check_target(out: Path, shown: str, force: bool) -> list[str]:
    """Refuse a target that is a file or holds something other than a previous publish;
    return the previous publish's files (empty when there is none)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{shown}: is a file, not a directory (give a directory for the site)")
    if not out.exists():
        if not out.parent.is_dir():
            raise UsageError(f"{shown}: its parent directory {out.parent} does not exist "
                             "(create it first)")
        return []
    previous = _previous(out)
    if previous is not None:
        return previous
    if any(out.iterdir()) and not force:
        raise UsageError(f"{shown}: not empty and not a previous publish (no {MARKER}); "
                         "choose a new or empty directory, or --force to write into it")
    return []


def _inside(base: Path, rel: str) -> Path | None:
    """`base/rel` when it stays inside `base` (a marker's list is data, never trusted)."""
    target = (base / rel).resolve()
    return target if base.resolve() in target.parents else None


@click.command("publish")
@click.argument("out", type=click.Path(path_type=str))
@click.option("--force", is_flag=True,
              help="Write into a non-empty directory that is not a previous publish.")
@click.option("--no-known-at", "no_known_at", is_flag=True,
              help="Leave out the as-known-at timelines (one per publication day).")
@data_option
def publish_cmd(out: str, force: bool, no_known_at: bool, data_dir: str | None) -> None:
    """Publish the scrubbing map as a static site in OUT (HTML, JS, CSS, JSON; no server).

    \b
    controlmap publish site/
    python -m http.server -d site 8000   # then open http://localhost:8000/
    """
    target = Path(out)
    refuse_data_dir(target, data_dir, out)
    previous = check_target(target, out, force)
    engine = load_engine(data_dir)
    site = build_site(engine, known_at=not no_known_at)
    target.mkdir(exist_ok=True)
    # Everything the page loads first, then the page, then the list of what this publish holds.
    order = [p for p in site.files if p not in ("index.html", MARKER)] + ["index.html", MARKER]
    for rel in track(order, "writing the site"):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, site.files[rel])
    removed = 0
    for rel in sorted(set(previous) - set(site.files)):
        old = _inside(target, rel)
        if old is not None and old.is_file():
            old.unlink()
            removed += 1
            parent = old.parent
            while parent != target.resolve() and not any(parent.iterdir()):
                os.rmdir(parent)
                parent = parent.parent
    click.echo(f"{len(site.files)} files, {site.size / 1e6:.1f} MB in {target} "
               f"({len(site.known_days)} as-known-at days"
               + (f"; {removed} files of the previous publish removed" if removed else "")
               + ")")


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(publish_cmd)
