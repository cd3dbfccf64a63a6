"""Load the ISO 3166-1 countries from pycountry (reference data, not demo data)."""

from typing import Any

import pycountry
from django.db import migrations


def load_countries(apps: Any, schema_editor: Any) -> None:
    Country = apps.get_model("core", "Country")
    Country.objects.bulk_create(
        [
            Country(
                code=country.alpha_2,
                alpha_3=country.alpha_3,
                name=getattr(country, "common_name", country.name),
            )
            for country in pycountry.countries
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
