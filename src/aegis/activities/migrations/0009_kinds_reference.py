"""Activity kinds become reference data the office edits (issue 16).

Activities keep the codes they stored (column "kind"), now a foreign key to the kind's
code, so imports, exports and the API exchange the same values as before.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The kinds the office used until now: code, name, newsletter section proposed for it
# (frozen here; aegis.site.reference creates the same into an empty table).
KINDS = (
    ("high_level_event", "High-level event", "political_leadership"),
    ("conference", "Conference", "highlights"),
    ("meeting", "Meeting", "highlights"),
    ("roundtable", "Roundtable", "highlights"),
    ("webinar", "Webinar", "capacity_building"),
    ("workshop", "Workshop", "capacity_building"),
    ("training", "Training", "capacity_building"),
    ("assessment", "Assessment", "capacity_building"),
    ("expert_group_meeting", "Expert group meeting", "highlights"),
    ("side_event", "Side event", "political_leadership"),
    ("agreement_signing", "Agreement signing", "highlights"),
    ("contribution", "Contribution", "highlights"),
    ("consultation", "Consultation", "highlights"),
    ("briefing", "Briefing", "political_leadership"),
    ("mission", "Mission", "capacity_building"),
    ("other", "Other", ""),
)


def create_kinds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ActivityKind = apps.get_model("activities", "ActivityKind")
    Activity = apps.get_model("activities", "Activity")
    for code, name, section in KINDS:
        ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "proposed_section": section}
        )
    # A code stored outside the list (written straight to the database) keeps its
    # activities: it becomes a kind of its own, named after the code.
    known = {code for code, _name, _section in KINDS}
    for code in set(Activity.objects.values_list("kind", flat=True)) - known:
        ActivityKind.objects.create(code=code, name=code.replace("_", " ").capitalize())


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_results_by_sex"),
        ("core", "0004_review_comments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one at every save: an edit sends the one it read.",
                        verbose_name="version",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text='What imports and the API write: "consultation". Not changed once used.',
                        max_length=30,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z][a-z0-9_]*$",
                                "Lower-case letters, digits and underscores, starting with a letter.",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=80, unique=True, verbose_name="name")),
                (
                    "proposed_section",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not in the newsletter"),
                            ("political_leadership", "Political Leadership"),
                            ("highlights", "Highlights"),
                            ("capacity_building", "Capacity Building"),
                        ],
                        max_length=30,
                        verbose_name="proposed newsletter section",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Offered for new activities.", verbose_name="active"
                    ),
                ),
            ],
            options={
                "verbose_name": "activity kind",
                "verbose_name_plural": "activity kinds",
                "ordering": ["name"],
            },
        ),
        migrations.RunPython(create_kinds, migrations.RunPython.noop),
        migrations.AddField(
            model_name="principal",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Raised by one at every save: an edit sends the one it read.",
                verbose_name="version",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="kind",
            field=models.ForeignKey(
                db_column="kind",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="activities.activitykind",
                to_field="code",
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactivity",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                db_column="kind",
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="activities.activitykind",
                to_field="code",
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalActivityKind",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one at every save: an edit sends the one it read.",
                        verbose_name="version",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text='What imports and the API write: "consultation". Not changed once used.',
                        max_length=30,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z][a-z0-9_]*$",
                                "Lower-case letters, digits and underscores, starting with a letter.",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=80, verbose_name="name")),
                (
                    "proposed_section",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not in the newsletter"),
                            ("political_leadership", "Political Leadership"),
                            ("highlights", "Highlights"),
                            ("capacity_building", "Capacity Building"),
                        ],
                        max_length=30,
                        verbose_name="proposed newsletter section",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Offered for new activities.", verbose_name="active"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical activity kind",
                "verbose_name_plural": "historical activity kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPrincipal",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one at every save: an edit sends the one it read.",
                        verbose_name="version",
                    ),
                ),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "short_title",
                    models.CharField(
                        blank=True,
                        help_text='As the newsletter writes it: "USG".',
                        max_length=40,
                        verbose_name="short title",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="core.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical principal",
                "verbose_name_plural": "historical principals",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
