"""The README says what the command line does: its command reference is the one cog
generates from the click commands (`make docs`), and every example names real commands and
options."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from controlmap.cli import main
from tests.conftest import REPO

README = REPO / "README.md"
COG = Path(sys.executable).with_name("cog")


def test_the_command_reference_is_generated_from_the_commands() -> None:
    if not COG.exists():
        pytest.skip(f"cogapp is not installed beside {sys.executable} (dev extra)")
    res = subprocess.run([str(COG), "--check", "-I", "scripts", "README.md"], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, (
        "README.md's command reference is out of date: run `make docs` and commit it\n"
        + res.stdout + res.stderr)


def _examples() -> list[str]:
    """Every `controlmap ...` command line the README shows, in code blocks or inline."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S)
    lines = [ln.split("#", 1)[0] for b in blocks for ln in b.replace("\\\n", " ").splitlines()]
    inline = [" ".join(m.split()) for m in re.findall(r"`(controlmap\s[^`]+)`", text)]
    return [ln.strip() for ln in [*lines, *inline] if ln.strip().startswith("controlmap ")]


def _check(line: str) -> list[str]:
    """What in one example is not a command or option of the CLI."""
    words = shlex.split(line.replace("[", " ").replace("]", " ").replace("|", " "))[1:]
    cmd: click.Command = main
    ctx = click.Context(main, info_name="controlmap")
    while isinstance(cmd, click.Group) and words and not words[0].startswith("-"):
        sub = cmd.get_command(ctx, words[0])
        if sub is None:
            return [f"no command {words[0]!r}"]
        cmd, words = sub, words[1:]
    if isinstance(cmd, click.Group):
        return []  # a group named in prose (`controlmap import`): nothing to check
    known = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"-h", "--help"}
    return [f"{cmd.name}: no option {w.split('=')[0]!r}" for w in words
            if w.startswith("-") and w.split("=")[0] not in known and not w[1:2].isdigit()]


def test_every_example_names_real_commands_and_options() -> None:
    examples = _examples()
    assert len(examples) >= 15, examples
    wrong = {line: bad for line in examples if (bad := _check(line))}
    assert not wrong, wrong
