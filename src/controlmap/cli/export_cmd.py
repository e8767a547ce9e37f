"""`controlmap export`: a briefing file for one date, or a series of dates.

The command only checks arguments and picks file names; the files come from
`controlmap.render.export` / `export_series`, the same code path as the app's downloads.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import click

from controlmap.cli.options import (
    DAY,
    data_option,
    known_at_option,
    lang_option,
    load_engine,
    view_option,
)
from controlmap.errors import UsageError
from controlmap.i18n import translator
from controlmap.io.atomic import atomic_write_bytes
from controlmap.io.datadir import resolve_data_dir
from controlmap.render.export import DPI_RANGE, FORMATS, SIZES, export_bytes, file_name
from controlmap.render.page_text import EVENTS_DAYS

_EVERY = re.compile(r"^\s*(\d+)\s*d\s*$")


def parse_every(text: str | None) -> int | None:
    """`7d` -> 7; None stays None; anything else is a usage error."""
    if text is None:
        return None
    m = _EVERY.match(text)
    if not m or int(m[1]) < 1:
        raise UsageError(f"--every {text!r}: use a number of days like 7d")
    return int(m[1])


def _single_target(out: str | None, name: str) -> Path:
    if out is None:
        return Path.cwd() / name
    path = Path(out)
    if path.is_dir():
        return path / name
    if out.endswith(("/", "\\")):
        raise UsageError(f"-o {out}: directory {path} does not exist (create it first)")
    if not path.parent.is_dir():
        raise UsageError(f"-o {out}: directory {path.parent} does not exist (create it first)")
    return path


def refuse_data_dir(target: Path, data_dir: str | None, shown: str | None) -> None:
    """Exports never land in the data directory: refuse `target` when it resolves (symlinks
    followed) to the directory or anything inside it, so no export can replace a data file
    or add a stray file beside them."""
    data = Path(os.path.realpath(resolve_data_dir(data_dir)))
    real = Path(os.path.realpath(target))
    if real == data or data in real.parents:
        where = f"-o {shown}" if shown is not None else f"output {target} (the default: here)"
        via = f" (it resolves to {real})" if real != Path(os.path.abspath(target)) else ""
        raise UsageError(f"{where}: inside the data directory {data}{via}; exports never go "
                         "there (choose another path)")


def _check_mode(day: date | None, d_from: date | None, d_to: date | None, every: str | None,
                changes: bool, gif: bool, mp4: bool) -> bool:
    """True for a series; raise UsageError for a mix of one-date and series arguments."""
    if day is not None and (d_from or d_to):
        raise UsageError("use --date for one map, or --from and --to for a series, not both")
    if day is None and not (d_from or d_to):
        raise UsageError("give --date YYYY-MM-DD, or --from and --to with --every Nd or --changes")
    if day is not None:
        extra = [n for n, v in (("--every", every), ("--changes", changes), ("--gif", gif),
                                ("--mp4", mp4)) if v]
        if extra:
            raise UsageError(f"{', '.join(extra)} needs a series (--from and --to), not --date")
        return False
    if d_from is None or d_to is None:
        raise UsageError("a series needs both --from and --to")
    if (every is None) == (not changes):
        raise UsageError("a series needs exactly one of --every Nd and --changes")
    return True


@click.command("export")
@click.option("--date", "day", type=DAY, default=None, help="One day to export (YYYY-MM-DD).")
@click.option("--from", "d_from", type=DAY, default=None, help="First day of a series.")
@click.option("--to", "d_to", type=DAY, default=None, help="Last day of a series.")
@click.option("--every", default=None, metavar="Nd", help="Series step, e.g. 7d.")
@click.option("--changes", is_flag=True, help="Series frames on the days the view changes.")
@view_option
@known_at_option
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
              default="png", show_default=True, help="File format.")
@click.option("--size", type=click.Choice(SIZES), default="slide", show_default=True,
              help="Page size: 16:9 slide, A4 landscape or A4 portrait.")
@click.option("--dpi", type=click.IntRange(*DPI_RANGE), default=200, show_default=True,
              help="PNG resolution.")
@click.option("--diff-from", type=DAY, default=None,
              help="PNG/PDF of one date: colour only the areas changed since this day.")
@click.option("--events-days", type=int, default=EVENTS_DAYS, show_default=True, metavar="N",
              help="PNG/PDF: draw the events of the last N days (0: none).")
@click.option("--title", default=None,
              help="Title (default: what the view shows and the date, e.g. \"Kupiansk: "
                   "Russian officials' claims, as of 25 November 2025\").")
@click.option("-o", "--out", default=None,
              help="Output file or directory (a directory for a series; default: here).")
@click.option("--gif", is_flag=True, help="Series of PNGs: also write an animated GIF.")
@click.option("--mp4", is_flag=True, help="Series of PNGs: also write an MP4 (needs ffmpeg).")
@data_option
@lang_option
def export_cmd(day: date | None, d_from: date | None, d_to: date | None, every: str | None,
               changes: bool, view: str, known_at: date | None, fmt: str, size: str, dpi: int,
               diff_from: date | None, events_days: int, title: str | None, out: str | None,
               gif: bool, mp4: bool, data_dir: str | None, lang: str) -> None:
    """A briefing map as PNG, PDF, self-contained HTML or GeoJSON, for a date or a series.

    \b
    controlmap export --date 2026-01-20 --view assessed --format pdf -o brief.pdf
    controlmap export --from 2025-11-01 --to 2026-01-31 --every 7d -o frames/ --gif
    """
    fmt = fmt.lower()
    if events_days < 0:
        raise UsageError(f"--events-days {events_days}: use 0 (no events) or more")
    series = _check_mode(day, d_from, d_to, every, changes, gif, mp4)
    if series and diff_from is not None:
        raise UsageError("--diff-from draws one date's changes; use --date, not a series")
    step = parse_every(every)
    if series and (gif or mp4) and fmt != "png":
        raise UsageError("--gif and --mp4 animate PNG frames; use --format png")
    if series and out is not None and Path(out).is_file():
        raise UsageError(f"-o {out}: a series needs a directory, and this is a file")
    out_dir = Path(out) if out else Path.cwd()
    if series:
        refuse_data_dir(out_dir, data_dir, out)
    eng = load_engine(data_dir)
    view = eng.view(view)
    if not series:
        assert day is not None
        name = file_name(day, view, known_at, fmt)
        if diff_from is not None:
            name = name.replace(f".{fmt}", f"-since-{diff_from.isoformat()}.{fmt}")
        target = _single_target(out, name)
        refuse_data_dir(target, data_dir, out)
        data, _, _ = export_bytes(eng, day, view, known_at, fmt, title=title, size=size,
                                  dpi=dpi, events_days=events_days, diff_from=diff_from,
                                  lang=lang)
        atomic_write_bytes(target, data)
        click.echo(str(target))
        return
    from controlmap.render.export_series import series_days, write_series

    assert d_from is not None and d_to is not None
    days = series_days(eng, d_from, d_to, view, known_at, every=step, changes=changes)
    written = write_series(eng, days, view, known_at, fmt, out_dir, title=title, size=size,
                           dpi=dpi, gif=gif, mp4=mp4, events_days=events_days, lang=lang)
    click.echo(translator(lang).ngettext("{n} {fmt} file in {dir}", "{n} {fmt} files in {dir}",
                                         len(days)).format(n=len(days), fmt=fmt, dir=out_dir))
    for path in written[len(days):]:
        click.echo(str(path))


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(export_cmd)
