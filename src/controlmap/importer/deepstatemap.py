"""How geo/claims-deepstatemap.geojson is made: the DeepStateMap daily series, per area.

The shipped file is `controlmap import series --as-area-claims --replace` over
../shared/data/raw/deepstatemap-cyterat/*.geojson and geo/areas.geojson (see COMMAND); the
polygons stay local (no clear data licence), only what they say of each area on each day is
shipped, citing the public file of that day in the repository raw/SOURCES.md names.
`scripts/build_geo.py` (`make geo`) runs it after the areas are built, so new outlines give
new claims.
"""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

from controlmap.errors import UsageError
from controlmap.importer.series import ImportReport, SeriesOptions, import_series

LAYER = "deepstatemap"
TARGET = f"claims-{LAYER}.geojson"
SERIES_DIR = "deepstatemap-cyterat"
# The snapshot raw/SOURCES.md names; each feature's `source_file` is its path in that commit.
REPOSITORY = "https://github.com/cyterat/deepstate-map-data"
SNAPSHOT = "e904719a6726c7e6b5d6e87a7701e1b77b18e554"
CREDIT = ("Area claims derived from the daily occupied-area polygons of DeepStateMap "
          "(deepstatemap.live), via github.com/cyterat/deepstate-map-data (GPL-3.0); "
          "polygons not included")

OPTIONS = SeriesOptions(
    date_field="date",
    status="ru",
    status_outside="ua",
    claimant="osint-map",
    claimant_name="DeepStateMap",
    source_title=("DeepStateMap (deepstatemap.live), daily occupied-area polygon, as archived "
                  "in github.com/cyterat/deepstate-map-data (GPL-3.0)"),
    source_url=f"{REPOSITORY}/blob/{SNAPSHOT}/{{source_file}}",
    confidence="medium",
    note=("The archive keeps only the occupied areas of DeepStateMap, not its grey zones, so "
          "outside the polygon means not marked occupied; each file is dated the day it was "
          "downloaded."),
    attribution=CREDIT,
    layer=LAYER,
    as_area_claims=True,
    replace=True,
)


def series_files(raw_dir: Path) -> list[Path]:
    """The yearly extracts of the series, in date order."""
    files = sorted((Path(raw_dir) / SERIES_DIR).glob("*.geojson"))
    if not files:
        raise UsageError(f"{Path(raw_dir) / SERIES_DIR}: no DeepStateMap series files found")
    return files


def command_args(raw_dir: str = "../shared/data/raw", data_dir: str = "geo") -> list[str]:
    """`controlmap` arguments that do what derive() does (the files as a shell glob)."""
    o = OPTIONS
    return ["import", "series", f"{raw_dir}/{SERIES_DIR}/*.geojson",
            "--as-area-claims", "--replace", "--as-layer", LAYER,
            "--date-field", o.date_field, "--status", o.status,
            "--status-outside", str(o.status_outside), "--claimant", o.claimant,
            "--claimant-name", str(o.claimant_name), "--confidence", str(o.confidence),
            "--source-title", o.source_title, "--source-url", str(o.source_url),
            "--note", str(o.note), "--attribution", str(o.attribution), "--data", data_dir]


def command(raw_dir: str = "../shared/data/raw", data_dir: str = "geo") -> str:
    """The equivalent command line, for the record (README, build output)."""
    return "controlmap " + " ".join(a if a.endswith("*.geojson") else shlex.quote(a)
                                    for a in command_args(raw_dir, data_dir))


def derive(raw_dir: Path, data_dir: Path, today: date | None = None) -> ImportReport:
    """(Re)build geo/claims-deepstatemap.geojson from the raw series and the directory's areas."""
    return import_series(data_dir, series_files(raw_dir), OPTIONS, today=today)
