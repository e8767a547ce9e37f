"""The `controlmap` command. Subcommands live in modules by topic; errors end here.

Every `ControlmapError` becomes its message on stderr and its exit code; no traceback
reaches a user for bad input.
"""

from __future__ import annotations

import sys

import click

from controlmap import __version__
from controlmap.cli import data_cmds, edit_cmds, export_cmd, query_cmds
from controlmap.errors import ControlmapError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ControlmapError as err:
            click.echo(f"controlmap: {err}" if "\n" not in str(err) else str(err), err=True)
            sys.exit(err.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="controlmap")
def main() -> None:
    """Who controls what in and around Kupiansk on any date, and who says so."""


for _module in (data_cmds, query_cmds, export_cmd, edit_cmds):
    _module.register(main)
