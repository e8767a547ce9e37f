"""`controlmap validate` and `controlmap fmt`: the editor's two checks before a commit.

validate lists every problem of the data directory, one per line, then a count (exit 0
clean, 1 problems, 2 unreadable directory). fmt rewrites files in the canonical form, each
atomically and under the directory's write lock (like every writer), and refuses any file
it cannot rewrite without losing something; it does not reorient polygon rings (validate
reports those with the fix). Exit codes go through
sys.exit: the group runs click in non-standalone mode, where click's Exit is returned, not
raised.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from controlmap.cli.options import data_option
from controlmap.edit.transaction import locked_read
from controlmap.io.datadir import RawData, read_data_dir
from controlmap.io.geojson import write_collection
from controlmap.loading import load_known_valid
from controlmap.progress import stage
from controlmap.validate import check
from controlmap.validate.cache import check_cached
from controlmap.validate.canonical import plan_format


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _shown(path: Path) -> str:
    """The directory as the user would write it: relative when under the working directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    return (str(path) if rel.startswith("..") else rel).rstrip("/") + "/"


@click.command("validate")
@click.option("--no-cache", is_flag=True,
              help="Check everything again, ignoring results remembered for the same bytes "
                   "(see CONTROLMAP_CACHE in the README).")
@data_option
def validate_cmd(no_cache: bool, data_dir: str | None) -> None:
    """Check every file of the data directory and list every problem, with how to fix it."""
    known = None if no_cache else load_known_valid(data_dir)
    if known is not None:  # these exact bytes were checked clean: no parse needed
        features = (len(known.areas) + len(known.claims) + len(known.events)
                    + sum(len(c.get("features") or []) for c in known.layers.values()))
        click.echo(f"{_shown(known.data_dir)}: {_plural(len(known.raw.hashes), 'file')}, "
                   f"{_plural(features, 'feature')}, no problems")
        return
    raw = read_data_dir(data_dir)
    features = sum(len(c.get("features") or []) for c in raw.collections.values())
    with stage(f"Checking {features:,} features"):
        problems = check(raw) if no_cache else check_cached(raw)
    for problem in problems:
        click.echo(str(problem))
    files = len(raw.hashes) + len({p.file for p in raw.problems} - set(raw.hashes))
    if problems:
        bad_files = len({p.file for p in problems})
        click.echo(f"{_plural(len(problems), 'problem')} in {_plural(bad_files, 'file')}")
        sys.exit(1)
    click.echo(f"{_shown(raw.data_dir)}: {_plural(files, 'file')}, "
               f"{_plural(features, 'feature')}, no problems")


@click.command("fmt")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; name the files that would change and exit 1 if any.")
@data_option
def fmt_cmd(check_only: bool, data_dir: str | None) -> None:
    """Rewrite the data files in the canonical form (sorted keys, 6 decimals, one feature a line).

    Each file is written atomically; a file that does not parse, or that could not be
    rewritten without losing something, is named and left untouched. Polygon rings are not
    reoriented (`controlmap validate` names them; fix with shapely.geometry.polygon.orient).
    """
    if check_only:
        _fmt(read_data_dir(data_dir), check_only)
        return
    with locked_read(data_dir) as raw:  # no other writer between this read and the writes
        _fmt(raw, check_only)


def _fmt(raw: RawData, check_only: bool) -> None:
    plan = plan_format(raw)
    for name in sorted(plan.refused):
        for problem in plan.refused[name]:
            click.echo(str(problem), err=True)
        click.echo(f"{name}: not rewritten (fix the problem above first)", err=True)
    for name in sorted(plan.changed):
        if check_only:
            click.echo(f"would reformat {name}")
        else:
            write_collection(raw.data_dir / name, raw.collections[name],
                             expected_hash=raw.hashes[name])
            click.echo(f"reformatted {name}")
    verb = "would be reformatted" if check_only else "reformatted"
    summary = [f"{_plural(len(plan.changed), 'file')} {verb}",
               f"{len(plan.unchanged)} already canonical"]
    if plan.refused:
        summary.append(f"{len(plan.refused)} refused")
    click.echo(", ".join(summary))
    if plan.refused or (check_only and plan.changed):
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(validate_cmd)
    group.add_command(fmt_cmd)
