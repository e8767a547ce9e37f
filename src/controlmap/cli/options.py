"""Options shared by several subcommands, so they read the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from controlmap.io.datadir import ENV_VAR
from controlmap.model.dates import parse_day

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
