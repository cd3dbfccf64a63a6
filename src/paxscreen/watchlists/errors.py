"""The error raised for a watchlist file that cannot be read."""

from __future__ import annotations

from pathlib import PurePath

__all__ = ["WatchlistFormatError", "unreadable"]


class WatchlistFormatError(ValueError):
    """A watchlist file is unreadable: names the file and, where known, line and column.

    The message names the file by its name alone: it is shown on pages and on the command
    line, where a folder of the server (or a temporary copy) says nothing to the reader.
    """

    def __init__(
        self, path: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = PurePath(path).name or path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


def unreadable(exc: Exception) -> str:
    """Why a file could not be read, without the path an ``OSError`` carries."""
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or type(exc).__name__}"
    return f"cannot read the file: {exc}"
