"""Progress bars on a terminal for the CLI's long commands (rich), nothing when piped.

Bars go to stderr and only when stderr is a terminal; stdout is never redirected, so
`controlmap state --json > out.json` in a terminal still writes clean JSON. Bars vanish when
their work is done. CONTROLMAP_PROGRESS=0 turns them off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from controlmap.progress import listening

ENV_VAR = "CONTROLMAP_PROGRESS"


def _counts_column() -> Any:
    """`3/7` for loops, nothing for steps of unknown length."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Counts(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text("")
            return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")

    return Counts()


class _RichListener:
    """controlmap.progress.Listener drawn with rich.progress."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def start(self, label: str, total: int | None) -> object:
        return self.progress.add_task(label, total=total)

    def advance(self, task: object, n: int = 1) -> None:
        self.progress.advance(task, n)

    def stop(self, task: object) -> None:
        self.progress.remove_task(task)


def wanted() -> bool:
    if os.environ.get(ENV_VAR, "").lower() in ("0", "off", "no", "false"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


@contextmanager
def on_terminal() -> Iterator[None]:
    """Show the progress of everything inside the block, if stderr is a terminal."""
    if not wanted():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bars = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                    _counts_column(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True,
                    redirect_stdout=False, redirect_stderr=False)
    with bars, listening(_RichListener(bars)):
        yield
