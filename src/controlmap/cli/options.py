"""Options shared by several subcommands, so they read the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from controlmap.dates import parse_day
from controlmap.i18n import DEFAULT_LANG, LANGS
from controlmap.io.datadir import ENV_VAR

if TYPE_CHECKING:
    from controlmap.model.engine import Engine

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help=f"Data directory (default: ${ENV_VAR}, else ./geo).",
)


class DayType(click.ParamType):
    """A full YYYY-MM-DD date; anything else is a usage error (exit 2)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as err:
            self.fail(str(err), param, ctx)


DAY = DayType()


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def known_at_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--known-at", "known_at", type=DAY, default=None,
        help="Only claims published on or before this day (the map a reader could draw then).",
    )(f)


def view_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--view", default="assessed", show_default=True,
        help="assessed, latest, disputed, or claimant:<name> (e.g. claimant:ru-official).",
    )(f)


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--lang en|uk`: the language of the words printed for people (and of exports);
    $CONTROLMAP_LANG sets the default."""
    return click.option(
        "--lang", type=click.Choice(LANGS, case_sensitive=False), default=DEFAULT_LANG,
        envvar="CONTROLMAP_LANG", show_default=True,
        help="Language of messages, table headers and exports (en or uk).",
    )(f)


def load_engine(data_dir: str | None) -> Engine:
    """Load, validate and compile a data directory (raises DataError listing every problem)."""
    from controlmap.loading import horizon_days, load_dataset
    from controlmap.model.engine import Engine

    return Engine(load_dataset(data_dir), horizon_days=horizon_days())
