"""The error raised for a watchlist file that cannot be read."""

from __future__ import annotations

__all__ = ["WatchlistFormatError"]


class WatchlistFormatError(ValueError):
    """A watchlist file is unreadable: names the file and, where known, line and column."""

    def __init__(
        self, path: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")
