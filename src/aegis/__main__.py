"""The ``aegis`` command: Django's management commands behind one name.

``aegis migrate``, ``aegis demo``, ``aegis runserver`` … run against the
database that ``DATABASE_URL`` names (an embedded SQLite file by default).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aegis.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["aegis", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
