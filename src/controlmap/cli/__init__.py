"""The `controlmap` command. Subcommands live in modules by topic; errors end here.

Every `ControlmapError` becomes its message on stderr and its exit code, and a bad argument
becomes one line and exit 2: no traceback and no usage dump reaches a user for bad input.
An OS error that slipped past the code that knows the path (a full disk, a read-only
directory) is one line too, and control characters in anything printed are escaped
(cli.terminal), so text from the data cannot drive the terminal.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from controlmap import __version__
from controlmap.cli import (
    data_cmds,
    edit_cmds,
    export_cmd,
    progress,
    publish_cmd,
    query_cmds,
    track_cmd,
)
from controlmap.cli.terminal import escaped_output
from controlmap.errors import ControlmapError
from controlmap.io import oserrors
from controlmap.io.limits import MAX_DEPTH


def _fail(message: str, code: int) -> None:
    click.echo(f"controlmap: {message}" if "\n" not in message else message, err=True)
    sys.exit(code)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            with progress.on_terminal():
                return super().invoke(ctx)
        except ControlmapError as err:
            _fail(str(err), err.exit_code)
        except OSError as err:
            _fail(oserrors.describe(err), 1)
        except RecursionError:
            _fail(f"input nested too deeply (the limit is {MAX_DEPTH} levels)", 1)
        except MemoryError:
            _fail("out of memory: the input is too large", 1)
        return None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own usage errors, shortened to one line (`controlmap: ...`, exit 2)."""
        with escaped_output():
            return self._main(*args, **kwargs)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("controlmap: aborted", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "controlmap"
            click.echo(f"{where}: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        # Outside standalone mode click returns ctx.exit(n)'s code instead of exiting.
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="controlmap")
def main() -> None:
    """Who controls what in and around Kupiansk on any date, and who says so."""


for _module in (data_cmds, query_cmds, export_cmd, publish_cmd, edit_cmds, track_cmd):
    _module.register(main)
