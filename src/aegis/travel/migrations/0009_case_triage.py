"""Case triage (issue 21): when each case was decided, comments and questions to analysts."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def decided_at_from_history(apps: Any, schema_editor: Any) -> None:
    """A closed case was decided when its last run of closed history rows began."""
    Case = apps.get_model("travel", "Case")
    HistoricalCase = apps.get_model("travel", "HistoricalCase")
    for case_id in Case.objects.filter(status="closed").values_list("pk", flat=True).iterator():
        decided = None
        for status, when in (
            HistoricalCase.objects.filter(id=case_id)
            .order_by("history_date", "history_id")
            .values_list("status", "history_date")
        ):
            if status != "closed":
                decided = None
            elif decided is None:
                decided = when
        if decided is not None:
            Case.objects.filter(pk=case_id).update(decided_at=decided)


class Migration(migrations.Migration):
    dependencies = [
        ("travel", "0008_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="decided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="decided at"
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="decided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="decided at"
            ),
        ),
        migrations.CreateModel(
            name="CaseComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written at")),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="travel.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "case comment",
                "verbose_name_plural": "case comments",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CaseTask",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("question", models.TextField(verbose_name="question")),
                ("due_at", models.DateTimeField(verbose_name="due by")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="asked at")),
                ("answer", models.TextField(blank=True, editable=False, verbose_name="answer")),
                (
                    "done_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="answered at"
                    ),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="case_tasks",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asked",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tasks",
                        to="travel.case",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "case task",
                "verbose_name_plural": "case tasks",
                "ordering": ["due_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["assignee", "done_at"], name="travel_case_assigne_f054a2_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(decided_at_from_history, migrations.RunPython.noop),
    ]
