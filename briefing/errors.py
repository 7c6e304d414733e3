"""Errors the core raises for user mistakes, each carrying one line per problem."""

from __future__ import annotations

from collections.abc import Iterable


class BriefingError(Exception):
    """A user-facing error; `problems` holds one human-readable line per problem."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class ValidationError(BriefingError):
    """Input (a library file, pack, template) failed validation; nothing was written."""


class LibraryError(BriefingError):
    """The library file cannot be used (corrupt, too new, locked)."""


class ConflictError(BriefingError):
    """An incoming item differs from a stored one under the same id."""


class ExportError(BriefingError):
    """A document could not be written; any earlier file at the target is intact."""


class Cancelled(Exception):
    """Long work was cancelled by the user's cancel check."""
