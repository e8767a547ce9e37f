"""One exception family. Every message about data names file, feature and field.

The CLI and the app catch `ControlmapError` at the edge and show `str(err)`:
one readable line (or a list), never a traceback for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where it is, what is wrong, how to fix it."""

    file: str
    feature: str
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        tail = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.feature or '-'}:{self.field or '-'}: {self.message}{tail}"


class ControlmapError(Exception):
    """Base of every error the project raises on purpose. `exit_code` is for the CLI."""

    exit_code = 1


class UsageError(ControlmapError):
    """Bad arguments: unknown area or view, a bad date, a missing file."""

    exit_code = 2


class DataDirError(ControlmapError):
    """The data directory cannot be read at all."""

    exit_code = 2


class DataError(ControlmapError):
    """One or more problems in the data files."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConflictError(ControlmapError):
    """A file changed on disk since it was read; writing would lose someone's edit."""
