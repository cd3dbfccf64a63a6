"""The drop folder refuses symlinks (observation 7 of the security review).

A symlink dropped into ``incoming/`` made the folder door read whatever file it pointed to;
``travel/doors.py`` now refuses it unread. This is the door test from the security side.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.aegis.travel.conftest import MIRIAM, paxlst

from aegis.travel.models import CarrierMessage


@pytest.mark.django_db
def test_a_symlink_in_the_drop_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "interchange.edi"
    secret.parent.mkdir()
    secret.write_bytes(paxlst(MIRIAM))
    folder = tmp_path / "drop"
    (folder / "incoming").mkdir(parents=True)
    (folder / "incoming" / "link.edi").symlink_to(secret)

    with pytest.raises(CommandError, match="refused"):  # exit 2
        call_command(
            "watch", "--once", "--carrier", "*", "--folder", str(folder), stdout=StringIO()
        )

    assert not CarrierMessage.objects.filter(status="loaded").exists()
    assert secret.exists()
