"""The one exception type for mistakes a user can make; its message is fit to show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dramabot.domain.models import Drama


class UserFacingError(Exception):
    """An error caused by user input, with a kind message and optional suggestions."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions


class NotFoundError(UserFacingError):
    """Nothing matched a title or a name; `suggestions` are the nearest names."""


class AmbiguousError(UserFacingError):
    """A name fits several dramas equally well; `dramas` are the choices, best first, and
    `note` says what else was asked and is not there (a season the catalogue lacks)."""

    def __init__(self, message: str, dramas: tuple[Drama, ...], note: str | None = None) -> None:
        super().__init__(message, tuple(d.label for d in dramas))
        self.dramas = dramas
        self.note = note


class PostFormatError(UserFacingError):
    """A review post that cannot be parsed; names the reason and, where known, the line."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        where = f" (line {line})" if line else ""
        super().__init__(f"{reason}{where}")
        self.reason = reason
        self.line = line
