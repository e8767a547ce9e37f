"""Rebuild geo/'s reference layers (oskil, towns, areas, context) from ../shared/data/raw.

Usage: python scripts/build_geo.py --raw ../shared/data/raw --out geo
Deterministic: a second run changes no byte. Never touches claims or events.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from controlmap.errors import ControlmapError
from controlmap.geobuild.build import build_all


@click.command()
@click.option("--raw", "raw_dir", default="../shared/data/raw", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="raw data directory")
@click.option("--out", "out_dir", default="geo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="output data directory")
def main(raw_dir: Path, out_dir: Path) -> None:
    """Rebuild the derived files of the data directory."""
    try:
        changed = build_all(raw_dir, out_dir)
    except ControlmapError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    for name, did in changed.items():
        click.echo(f"{out_dir / name}: {'written' if did else 'unchanged'}")


if __name__ == "__main__":
    main()
