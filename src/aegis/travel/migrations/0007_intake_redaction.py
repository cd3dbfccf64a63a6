"""Store the raw messages without their sensitive items, counted by category (issue 13)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def redact_stored_messages(apps: Any, schema_editor: Any) -> None:
    from aegis.travel.intake import redacted, storable

    model = apps.get_model("travel", "CarrierMessage")
    for message in model.objects.exclude(content="").only("pk", "content").iterator():
        text, redaction = redacted(message.content)
        if redaction.removed:
            model.objects.filter(pk=message.pk).update(
                content=storable(text),
                removed_sensitive=len(redaction.removed),
                removed_by_category=redaction.counts,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("travel", "0005_seal_masked_copies"),
    ]

    operations = [
        migrations.AddField(
            model_name="bookingversion",
            name="removed_sensitive",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="sensitive items removed"
            ),
        ),
        migrations.AddField(
            model_name="carriermessage",
            name="masked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="masked at"),
        ),
        migrations.AddField(
            model_name="carriermessage",
            name="removed_by_category",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="sensitive items removed, by category"
            ),
        ),
        migrations.AddField(
            model_name="interchangemessage",
            name="flight",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="messages",
                to="travel.flight",
                verbose_name="flight",
            ),
        ),
        migrations.RunPython(redact_stored_messages, migrations.RunPython.noop),
    ]
