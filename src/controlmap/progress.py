"""Progress of long work, shown to whoever listens (a terminal) and silent otherwise.

Library code wraps its long loops in `track(items, "what")` and long steps without a loop in
`with stage("what"):`. With no listener (the app, tests, a script) that costs one function
call per item and shows nothing. The CLI listens (cli.progress), drawing bars on stderr only
when stderr is a terminal, so stdout stays clean for --json and nothing is drawn when piped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class Listener(Protocol):
    """What draws progress: a task per loop or step, advanced item by item."""

    def start(self, label: str, total: int | None) -> object: ...

    def advance(self, task: object, n: int = 1) -> None: ...

    def stop(self, task: object) -> None: ...


_listener: ContextVar[Listener | None] = ContextVar("controlmap_progress", default=None)


@contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Report every `track` and `stage` inside the block to `listener` (None: nobody)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def track(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """Yield `items`, reporting each one; `total` defaults to len(items) where it has one."""
    listener = _listener.get()
    if listener is None:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    task = listener.start(label, total)
    try:
        for item in items:
            yield item
            listener.advance(task)
    finally:
        listener.stop(task)


@contextmanager
def stage(label: str) -> Iterator[None]:
    """A step whose length is unknown (a spinner with the time it has taken)."""
    listener = _listener.get()
    if listener is None:
        yield
        return
    task = listener.start(label, None)
    try:
        yield
    finally:
        listener.stop(task)
