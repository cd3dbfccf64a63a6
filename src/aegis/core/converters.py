"""URL converters: a record id is at most 18 digits.

A longer number cannot be a row id (the databases store 64-bit integers) and would
make the database driver fail with an overflow; as a URL it simply matches nothing.
"""

from __future__ import annotations

ID_PATTERN = "[0-9]{1,18}"


class IdConverter:
    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
