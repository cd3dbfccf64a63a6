"""The drop folder refuses symlinks (observation 7 of the security review).

A symlink dropped into ``incoming/`` made the folder door read whatever file it pointed to.
The intake branch fixes ``travel/doors.py``; this is the door test from the security side.
Strict xfail until that fix is merged here: then it passes and the marker must go.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.aegis.travel.conftest import MIRIAM, paxlst

from aegis.travel.models import CarrierMessage


@pytest.mark.django_db
@pytest.mark.xfail(strict=True, reason="the drop folder's symlink refusal is the intake branch's")
def test_a_symlink_in_the_drop_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "interchange.edi"
    secret.parent.mkdir()
    secret.write_bytes(paxlst(MIRIAM))
    folder = tmp_path / "drop"
    (folder / "incoming").mkdir(parents=True)
    (folder / "incoming" / "link.edi").symlink_to(secret)

    call_command("watch", "--once", "--folder", str(folder), stdout=StringIO())

    assert not CarrierMessage.objects.filter(status="loaded").exists()
    assert secret.exists()
