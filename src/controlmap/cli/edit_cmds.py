"""Editor commands: `claim add|edit|remove`, `import series|areas`, `changes-between`
(`review`).

Thin: options in, one call into controlmap.edit / importer / review, a short report out.
Bad arguments (the validator's problems with the claim being changed, each with the option
that sets the field) exit 2, data problems exit 1 (via the group's error handler); geo/ is
written only by the locked, vetted atomic write at the end of each operation.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from controlmap.cli.options import data_option, json_option
from controlmap.edit import claim_ops
from controlmap.edit.claim_fields import OPTIONAL, InputError
from controlmap.errors import UsageError
from controlmap.importer.series import (
    DEFAULT_TOLERANCE_KM2,
    ImportReport,
    SeriesOptions,
    import_series,
)
from controlmap.importer.source import parse_where
from controlmap.review.diff import compare
from controlmap.review.snapshot import load_side
from controlmap.review.summary import render

# (option, property, help) shared by `claim add` and `claim edit`.
_CLAIM_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--area", "area", "Area id the claim is about (see areas.geojson)."),
    ("--date", "date", "Day the claimed state began: YYYY-MM-DD (or YYYY-MM, YYYY)."),
    ("--status", "status", "ua, ru, contested or unknown."),
    ("--claimant", "claimant", "ru-official, ua-official, foreign-official, analyst, "
                               "osint-map or media."),
    ("--claimant-name", "claimant_name", "The person or body, e.g. 'General Staff'."),
    ("--source-title", "source_title", "Title or outlet of the source."),
    ("--source-url", "source_url", "http(s) URL of the source."),
    ("--source-url-alt", "source_url_alt", "http(s) URL of a second page reporting the same."),
    ("--published", "published", "When the source said it: YYYY-MM-DD."),
    ("--last-confirmed", "last_confirmed",
     "Last day the source still showed this status: YYYY-MM-DD."),
    ("--confidence", "confidence", "low, medium or high."),
    ("--note", "note", "The project's own words."),
)
_REQUIRED_FOR_ADD = {"area", "date", "status", "claimant"}
_OPTION_OF = {prop: opt for opt, prop, _ in _CLAIM_OPTIONS} | {"status_outside": "--status-outside"}


@contextmanager
def _cli_hints() -> Iterator[None]:
    """The validator's problems with the option that sets each field: the only thing the
    command line adds to them."""
    try:
        yield
    except InputError as err:
        problems = []
        for p in err.problems:
            opt = _OPTION_OF.get(p.field.removeprefix("properties."))
            hint = "; ".join(h for h in (p.hint, f"option {opt}" if opt else "") if h)
            problems.append(replace(p, hint=hint))
        raise InputError(problems) from None


def _claim_options(required: bool) -> Any:
    def wrap(f: Any) -> Any:
        for opt, prop, text in reversed(_CLAIM_OPTIONS):
            need = required and prop in _REQUIRED_FOR_ADD
            f = click.option(opt, prop, default=None, required=need, help=text)(f)
        return f
    return wrap


@click.group("claim")
def claim_group() -> None:
    """Add, edit or remove one claim; every change is validated before it is written."""


@claim_group.command("add")
@_claim_options(required=True)
@data_option
def claim_add(data_dir: str | None, **values: str | None) -> None:
    """Add an area claim to claims.geojson and print its new id."""
    with _cli_hints():
        change = claim_ops.add_claim(data_dir, values)
    click.echo(change.id)


@claim_group.command("edit")
@click.argument("claim_id")
@_claim_options(required=False)
@click.option("--status-outside", "status_outside", default=None,
              help="Geometry claims: status outside the polygon.")
@click.option("--unset", "unset", multiple=True, type=click.Choice(OPTIONAL),
              help="Remove an optional field (repeatable).")
@data_option
def claim_edit(claim_id: str, data_dir: str | None, unset: tuple[str, ...],
               **values: str | None) -> None:
    """Change fields of claim CLAIM_ID (its id stays); an empty value removes a field."""
    changes: dict[str, str | None] = {k: v for k, v in values.items() if v is not None}
    changes.update({k: "" for k in unset})
    if not changes:
        raise UsageError(f"claim edit {claim_id}: nothing to change (give --status, --note, "
                         "... or --unset FIELD)")
    with _cli_hints():
        change = claim_ops.edit_claim(data_dir, claim_id, changes)
    click.echo(f"{'edited' if change.written else 'unchanged'} {change.id} in {change.file}")


@claim_group.command("remove")
@click.argument("claim_id")
@data_option
def claim_remove(claim_id: str, data_dir: str | None) -> None:
    """Remove claim CLAIM_ID from whichever claims file holds it."""
    with _cli_hints():
        change = claim_ops.remove_claim(data_dir, claim_id)
    click.echo(f"removed {change.id} from {change.file}")


@click.group("import")
def import_group() -> None:
    """Import data from outside sources: claims from a polygon series, area outlines."""


@import_group.command("series")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date-field", required=True, help="Property holding each feature's date.")
@click.option("--status", required=True, help="Status inside the polygons (e.g. ru).")
@click.option("--claimant", required=True, help="Who says so (e.g. osint-map).")
@click.option("--claimant-name", default=None, help="The person or body (e.g. DeepStateMap).")
@click.option("--source-title", required=True, help="Title of the source (e.g. DeepStateMap).")
@click.option("--source-url", default=None,
              help="URL of the source; {FIELD} is replaced by each feature's property "
                   "(e.g. https://host/repo/blob/COMMIT/{source_file}).")
@click.option("--confidence", default=None, help="low, medium or high.")
@click.option("--status-outside", default=None,
              help="Status outside the polygons, e.g. ua for an occupied-area series.")
@click.option("--note", default=None, help="Text added to every claim's note (caveats).")
@click.option("--attribution", default=None,
              help="Credit line of the layer (shown with the map and its exports).")
@click.option("--where", "where", multiple=True, metavar="FIELD=VALUE",
              help="Only features whose property FIELD equals VALUE (repeatable).")
@click.option("--published-field", default=None, help="Property holding the publication date.")
@click.option("--as-layer", "layer", default=None,
              help="Target claims-<NAME>.geojson (default: from the first file name; "
                   "with --as-area-claims, that name plus -areas).")
@click.option("--tolerance-km2", type=float, default=DEFAULT_TOLERANCE_KM2, show_default=True,
              help="Keep a date only when its polygon changed by more than this (km²).")
@click.option("--as-area-claims", is_flag=True,
              help="Write no polygons: for each area of areas.geojson, one claim each time "
                   "its status (by the engine's overlap rule) changes, with last_confirmed.")
@click.option("--replace", is_flag=True,
              help="With --as-area-claims: rebuild the layer from these files alone.")
@click.option("--cadence-days", type=int, default=1, show_default=True,
              help="With --as-area-claims: series days further apart than this are a gap.")
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@data_option
def import_series_cmd(files: tuple[Path, ...], data_dir: str | None, where: tuple[str, ...],
                      dry_run: bool, **opts: Any) -> None:
    """Import dated polygons (one feature per date) as claims of one layer.

    By default as geometry claims, keeping only dates whose polygon changed beyond the
    tolerance. With --as-area-claims, as area claims summarising the series per area. Either
    way importing the same files again adds nothing.
    """
    options = SeriesOptions(where=parse_where(where), **opts)
    report = import_series(data_dir, list(files), options, dry_run=dry_run)
    for note in report.notes:
        click.echo(f"repaired: {note}", err=True)
    for problem in report.skipped:
        click.echo(f"skipped: {problem}", err=True)
    verb = "would add" if dry_run else "added"
    if report.areas is not None:
        _say_area_claims(report, verb)
    else:
        span = f" ({report.added[0]} .. {report.added[-1]})" if report.added else ""
        click.echo(
            f"{report.target}: {verb} {len(report.added)} claim(s){span}; "
            f"{report.unchanged} date(s) unchanged within {options.tolerance_km2} km²; "
            f"{report.duplicates} already present; {len(report.skipped)} skipped "
            f"of {report.selected} feature(s) read"
        )
    if report.selected == 0:
        names = ", ".join(f.name for f in files)
        if where:
            raise UsageError(f"{names}: no feature matches --where {' '.join(where)}")
        raise UsageError(f"{names}: no features to import")
    if report.usable <= 0:
        click.echo("controlmap: no usable feature; nothing was written", err=True)
        raise SystemExit(1)


def _say_area_claims(report: ImportReport, verb: str) -> None:
    s = report.areas
    assert s is not None
    for problem in s.conflicts:
        click.echo(f"skipped: {problem}", err=True)
    days = f"{len(s.days)} day(s)" + (f", {s.days[0]} .. {s.days[-1]}" if s.days else "")
    click.echo(
        f"{report.target}: {verb} {len(report.added)} area claim(s) over {s.areas} area(s) "
        f"from {days}; {len(s.extended)} extended; {len(s.replaced)} replaced; "
        f"{report.duplicates} area-day(s) already present; {len(s.conflicts)} claim(s) "
        f"contradicted; {len(report.skipped)} skipped of {report.selected} feature(s) read")
    for first, last in s.gaps:
        n = (last - first).days + 1
        click.echo(f"gap: no series file for {first}" + (f" .. {last} ({n} days)" if n > 1
                                                          else ""))


@import_group.command("areas")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--layer", default=None, help="Layer of a multi-layer file (GeoPackage, KML).")
@click.option("--id-field", default="id", show_default=True,
              help="Field holding each feature's area id (a slug).")
@click.option("--crs", default=None,
              help="Coordinate system of a file that does not say, e.g. EPSG:4326.")
@click.option("--method", default=None,
              help="How the outlines were drawn (provenance; default: imported from FILE).")
@click.option("--exact", is_flag=True, help="The outlines are exact, not approximations.")
@click.option("--source", "sources", multiple=True,
              help="Source of the outlines, as named in ATTRIBUTION.md (repeatable).")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@data_option
def import_areas_cmd(file: Path, data_dir: str | None, layer: str | None, id_field: str,
                     crs: str | None, method: str | None, exact: bool, sources: tuple[str, ...],
                     dry_run: bool) -> None:
    """Import area outlines from FILE (GeoPackage, Shapefile, KML, FlatGeobuf: any GDAL format).

    For example districts redrawn in QGIS.
    An id already in areas.geojson gets the new outline and the fields name, name_uk, kind,
    parent, bank the file has; a new id becomes a new area. Nothing is written if any feature
    is unusable or the new areas would add a validation problem.
    """
    # geopandas (pyogrio, pandas) costs half a second to import: only this command needs it
    from controlmap.importer.areas import AreaImportOptions, import_areas

    opts = AreaImportOptions(layer=layer, id_field=id_field, crs=crs, method=method,
                             approximate=not exact, sources=sources)
    report = import_areas(data_dir, file, opts, dry_run=dry_run)
    verb = "would add" if dry_run else "added"
    click.echo(f"{report.target}: {verb} {len(report.added)}, "
               f"{'would update' if dry_run else 'updated'} {len(report.updated)}, "
               f"{len(report.unchanged)} unchanged")
    for label, ids in (("added", report.added), ("updated", report.updated)):
        if ids:
            click.echo(f"  {label}: {', '.join(ids)}")


@click.command("changes-between")
@click.argument("rev_a")
@click.argument("rev_b")
@click.option("--data", "data_path", default="geo", show_default=True,
              help="Data directory inside the repository, for git revisions.")
@json_option
def changes_between(rev_a: str, rev_b: str, data_path: str, as_json: bool) -> None:
    """What changed in the data from REV_A to REV_B (git revisions or directories).

    Lists claims added, removed and edited, outlines moved (km²), and the validation problems
    the change introduces. Exit 1 when it introduces problems, so it can gate a commit.
    """
    # a directory against a git revision: files git ignores there cannot be committed
    drop = not (Path(rev_a).is_dir() and Path(rev_b).is_dir())
    with tempfile.TemporaryDirectory(prefix="controlmap-review-") as tmp:
        a, left_a = load_side(rev_a, data_path, Path(tmp) / "a", drop_ignored=drop)
        b, left_b = load_side(rev_b, data_path, Path(tmp) / "b", drop_ignored=drop)
        review = compare(a, b)
    for name in sorted({*left_a, *left_b}):
        click.echo(f"not compared: {name} (ignored by git, so never committed)", err=True)
    if as_json:
        click.echo(json.dumps({"from": rev_a, "to": rev_b, **review.to_json()},
                              ensure_ascii=False, indent=1, default=str))
    else:
        click.echo(render(review, rev_a, rev_b))
    if review.has_new_problems:
        raise SystemExit(1)


def register(group: click.Group) -> None:
    """Add this module's commands to `group` (`review` is an alias of `changes-between`)."""
    group.add_command(claim_group)
    group.add_command(import_group)
    group.add_command(changes_between, "changes-between")
    group.add_command(changes_between, "review")
