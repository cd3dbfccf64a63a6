"""The search index (issue #21): the ``SearchEntry`` table, the database's own full-text
index over it (per vendor), and the entries of the travellers already stored."""

from typing import Any

import django.db.models.deletion
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE travel_search_fts USING fts5("
    "names, keys, content='travel_searchentry', content_rowid='traveller_id', "
    "tokenize='unicode61', detail='column')",
    # External content: the triggers keep the FTS index in step with the entries.
    "CREATE TRIGGER travel_search_ai AFTER INSERT ON travel_searchentry BEGIN "
    "INSERT INTO travel_search_fts(rowid, names, keys) "
    "VALUES (new.traveller_id, new.names, new.keys); END",
    "CREATE TRIGGER travel_search_ad AFTER DELETE ON travel_searchentry BEGIN "
    "INSERT INTO travel_search_fts(travel_search_fts, rowid, names, keys) "
    "VALUES ('delete', old.traveller_id, old.names, old.keys); END",
    "CREATE TRIGGER travel_search_au AFTER UPDATE ON travel_searchentry BEGIN "
    "INSERT INTO travel_search_fts(travel_search_fts, rowid, names, keys) "
    "VALUES ('delete', old.traveller_id, old.names, old.keys); "
    "INSERT INTO travel_search_fts(rowid, names, keys) "
    "VALUES (new.traveller_id, new.names, new.keys); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS travel_search_au",
    "DROP TRIGGER IF EXISTS travel_search_ad",
    "DROP TRIGGER IF EXISTS travel_search_ai",
    "DROP TABLE IF EXISTS travel_search_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX travel_search_names_fts ON travel_searchentry "
    "USING gin (to_tsvector('simple', names))",
    "CREATE INDEX travel_search_keys_fts ON travel_searchentry "
    "USING gin (to_tsvector('simple', keys))",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS travel_search_keys_fts",
    "DROP INDEX IF EXISTS travel_search_names_fts",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


def fill_entries(apps: Any, schema_editor: Any) -> None:
    """Entries for the travellers stored before: unmasked from their records, masked from
    their sealed copy (as digests). The words are made by the search module's pure
    functions, which depend on no model."""
    from aegis.travel.sealing import unseal
    from aegis.travel.search import entry_words, hashed_text

    traveller_model = apps.get_model("travel", "Traveller")
    entry_model = apps.get_model("travel", "SearchEntry")
    document_model = apps.get_model("travel", "TravelDocument")
    identifier_model = apps.get_model("travel", "Identifier")
    travellers = traveller_model.objects.select_related("flight", "booking").order_by("pk")
    batch = []
    for traveller in travellers.iterator(chunk_size=2000):
        if traveller.masked_at is None:
            identifiers = identifier_model.objects.filter(
                models.Q(traveller=traveller)
                | models.Q(booking_id=traveller.booking_id, traveller__isnull=True)
            ).values_list("kind", "value")
            names, keys = entry_words(
                surname=traveller.surname,
                given_names=traveller.given_names,
                documents=document_model.objects.filter(traveller=traveller).values_list(
                    "number", flat=True
                ),
                locator=traveller.booking.record_locator if traveller.booking else "",
                identifiers=list(identifiers),
            )
        else:
            try:
                sealed = unseal(traveller.sealed or {})
            except ImproperlyConfigured:  # a copy that does not open: the flight only
                sealed = {}
            names, keys = entry_words(
                surname=sealed.get("surname", ""),
                given_names=sealed.get("given_names", ""),
                documents=[d.get("number", "") for d in sealed.get("documents", [])],
                identifiers=[(i["kind"], i["value"]) for i in sealed.get("identifiers", [])],
            )
            names, keys = hashed_text(names), hashed_text(keys)
        batch.append(
            entry_model(
                traveller_id=traveller.pk,
                flight_id=traveller.flight_id,
                departure=traveller.flight.departure,
                masked=traveller.masked_at is not None,
                names=names,
                keys=keys,
            )
        )
        if len(batch) >= 2000:
            entry_model.objects.bulk_create(batch)
            batch = []
    entry_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("travel", "0007_intake_redaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "View"),
                    ("list", "List"),
                    ("export", "Export"),
                    ("backtest", "Rule back-test"),
                    ("reidentify", "Re-identification"),
                    ("refused", "Refused"),
                    ("search", "Search"),
                ],
                max_length=12,
                verbose_name="action",
            ),
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "traveller",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="travel.traveller",
                    ),
                ),
                ("departure", models.DateTimeField(verbose_name="departure")),
                ("masked", models.BooleanField(default=False, verbose_name="masked")),
                ("names", models.TextField(blank=True, verbose_name="name words")),
                ("keys", models.TextField(blank=True, verbose_name="key words")),
                (
                    "flight",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="travel.flight",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(fields=["departure"], name="travel_search_departure"),
                    models.Index(fields=["flight", "departure"], name="travel_search_flight"),
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(fill_entries, migrations.RunPython.noop),
    ]
