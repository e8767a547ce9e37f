"""Rebuild geo/'s reference layers (oskil, towns, areas, context) from ../shared/data/raw,
then the derived DeepStateMap area claims (claims-deepstatemap.geojson) over those areas.

Usage: python scripts/build_geo.py --raw ../shared/data/raw --out geo
Deterministic: a second run changes no byte. Never touches the editorial claims.geojson or
events.geojson. The derived claims are exactly `controlmap import series --as-area-claims
--replace ...` (the command is printed; see controlmap.importer.deepstatemap).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from controlmap.errors import ControlmapError
from controlmap.geobuild.build import build_all
from controlmap.importer import deepstatemap


@click.command()
@click.option("--raw", "raw_dir", default="../shared/data/raw", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="raw data directory")
@click.option("--out", "out_dir", default="geo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="output data directory")
def main(raw_dir: Path, out_dir: Path) -> None:
    """Rebuild the derived files of the data directory."""
    try:
        changed = build_all(raw_dir, out_dir)
        for name, did in changed.items():
            click.echo(f"{out_dir / name}: {'written' if did else 'unchanged'}")
        # Claims part: the DeepStateMap series summarised over the areas just built.
        report = deepstatemap.derive(raw_dir, out_dir)
    except ControlmapError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    click.echo(f"{out_dir / deepstatemap.TARGET}: derived, "
               f"{'written' if report.written else 'no change'} ({len(report.added)} area "
               f"claims), as by: {deepstatemap.command(str(raw_dir), str(out_dir))}")


if __name__ == "__main__":
    main()
