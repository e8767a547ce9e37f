"""The README's command reference, generated from the click commands themselves.

The README calls `reference()` in a cog block (https://cog.readthedocs.io); `make docs`
rewrites the block and tests/test_readme.py runs `cog --check`, so a changed option or help
text that is not in the README fails the tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from controlmap.cli import main

WIDTH = 96


def _commands(group: click.Group, ctx: click.Context,
              path: str) -> Iterator[tuple[str, list[str], click.Command, click.Context]]:
    """(path, alias names, command, context) for every leaf command, in name order."""
    names: dict[int, list[str]] = {}
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        if cmd is not None and not cmd.hidden:
            names.setdefault(id(cmd), []).append(name)
    for first, *aliases in names.values():
        cmd = group.get_command(ctx, first)
        assert cmd is not None
        sub = click.Context(cmd, info_name=first, parent=ctx)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, sub, f"{path} {first}")
        else:
            yield f"{path} {first}", aliases, cmd, sub


def _option(param: click.Option, ctx: click.Context) -> str:
    """`--view TEXT`, `[--json]`, `[--where FIELD=VALUE ...]`: as it is written."""
    record = param.get_help_record(ctx)
    spelled = record[0] if record else param.opts[0]
    longest = max(spelled.split(", "), key=len)
    if longest.endswith("]") and " [" in longest:  # a choice: `--size slide|a4`
        longest = longest.replace(" [", " ", 1)[:-1]
    if param.multiple:
        longest += " ..."
    return longest if param.required else f"[{longest}]"


def _synopsis(path: str, cmd: click.Command, ctx: click.Context) -> list[str]:
    words = [path]
    for param in cmd.get_params(ctx):
        if isinstance(param, click.Argument):
            name = param.make_metavar(ctx)
            words.append(name if param.required else f"[{name}]")
        elif isinstance(param, click.Option) and not param.hidden and "--help" not in param.opts:
            words.append(_option(param, ctx))
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > WIDTH - 2:
            lines.append(line + " \\")
            line = "    " + word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def reference() -> str:
    """Every command: its first help line as a comment, then its synopsis."""
    root = click.Context(main, info_name="controlmap")
    out = ["```sh"]
    for path, aliases, cmd, ctx in _commands(main, root, "controlmap"):
        summary = cmd.get_short_help_str(limit=WIDTH - 2)
        also = f" (also: {', '.join(aliases)})" if aliases else ""
        out.append(f"# {summary}{also}")
        out.extend(_synopsis(path, cmd, ctx))
    out.append("```")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
