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
        ("travel", "0006_access_log_auditor"),
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
        migrations.CreateModel(
            name="RetentionRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "ran_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="ran at"),
                ),
                ("as_of", models.DateTimeField(verbose_name="as of")),
                (
                    "masked_travellers",
                    models.PositiveIntegerField(default=0, verbose_name="travellers masked"),
                ),
                (
                    "masked_bookings",
                    models.PositiveIntegerField(default=0, verbose_name="bookings masked"),
                ),
                (
                    "masked_messages",
                    models.PositiveIntegerField(default=0, verbose_name="messages masked"),
                ),
                (
                    "deleted_flights",
                    models.PositiveIntegerField(default=0, verbose_name="flights deleted"),
                ),
                (
                    "deleted_travellers",
                    models.PositiveIntegerField(default=0, verbose_name="travellers deleted"),
                ),
                (
                    "deleted_bookings",
                    models.PositiveIntegerField(default=0, verbose_name="bookings deleted"),
                ),
                (
                    "deleted_hits",
                    models.PositiveIntegerField(default=0, verbose_name="hits deleted"),
                ),
                (
                    "deleted_cases",
                    models.PositiveIntegerField(default=0, verbose_name="cases deleted"),
                ),
                (
                    "deleted_referrals",
                    models.PositiveIntegerField(default=0, verbose_name="referrals deleted"),
                ),
                (
                    "deleted_messages",
                    models.PositiveIntegerField(default=0, verbose_name="messages deleted"),
                ),
                (
                    "deleted_history_rows",
                    models.PositiveIntegerField(default=0, verbose_name="history rows deleted"),
                ),
                (
                    "failures",
                    models.JSONField(blank=True, default=list, verbose_name="not masked"),
                ),
            ],
            options={
                "verbose_name": "retention run",
                "verbose_name_plural": "retention runs",
                "ordering": ["-ran_at"],
            },
        ),
        migrations.RunPython(redact_stored_messages, migrations.RunPython.noop),
    ]
