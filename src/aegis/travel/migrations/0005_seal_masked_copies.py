"""Encrypt the sealed copies written before they were encrypted (travel/sealing.py)."""

from typing import Any

from django.db import migrations


def seal_plain_copies(apps: Any, schema_editor: Any) -> None:
    from aegis.travel.sealing import is_sealed, seal

    for name in ("Traveller", "Booking"):
        model = apps.get_model("travel", name)
        for record in model.objects.filter(sealed__isnull=False).only("pk", "sealed"):
            if not is_sealed(record.sealed):
                model.objects.filter(pk=record.pk).update(sealed=seal(record.sealed))


class Migration(migrations.Migration):
    dependencies = [("travel", "0004_suppression_by_identity")]

    operations = [migrations.RunPython(seal_plain_copies, migrations.RunPython.noop)]
