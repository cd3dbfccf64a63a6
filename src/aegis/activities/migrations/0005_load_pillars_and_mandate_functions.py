"""Reference data: the Strategy's four pillars and the office's five mandate functions.

Worded as the Monthly Highlights prints them, so the newsletter reproduces them exactly.
"""

from typing import Any

from django.db import migrations

PILLARS = (
    (1, "Addressing the condition conducive to the spread of terrorism"),
    (2, "Preventing and combating terrorism"),
    (3, "Building States' capacity and strengthen the role of the UN"),
    (4, "Ensuring human rights and the rule of law"),
)
MANDATE_FUNCTIONS = (
    (1, "Provide leadership"),
    (2, "Enhance coordination and coherence"),
    (3, "Strengthen delivery of capacity-building assistance"),
    (4, "Improve visibility, advocacy and resource mobilization"),
    (5, "Ensure due priority to counter-terrorism across the UN system"),
)


def load(apps: Any, schema_editor: Any) -> None:
    Pillar = apps.get_model("activities", "Pillar")
    MandateFunction = apps.get_model("activities", "MandateFunction")
    for number, title in PILLARS:
        Pillar.objects.update_or_create(number=number, defaults={"title": title})
    for number, title in MANDATE_FUNCTIONS:
        MandateFunction.objects.update_or_create(number=number, defaults={"title": title})


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_office_records")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
