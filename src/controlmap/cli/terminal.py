"""Text from the data reaches the terminal as text: control characters are shown, not obeyed.

An id or a source title holding `\\x1b]0;...` would retitle the terminal, `\\r` would overwrite
a line, U+202E would reverse it. While a command runs, its stdout and stderr escape every
control character but newline and tab as `\\uXXXX` (a valid JSON escape, so `--json` output
stays valid JSON meaning the same), along with the bidirectional overrides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 but \t and \n, DEL, C1, and the bidi embedding/override/isolate controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """`text` with every control character written as `\\uXXXX`."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class EscapingStream:
    """A text stream that escapes control characters in everything written through it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: Any) -> int:
        if isinstance(text, str):
            text = escape(text)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """sys.stdout and sys.stderr escape control characters until the block ends."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(saved[0])
    sys.stderr = EscapingStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
