"""Reference data every installation holds: countries, the Strategy's pillars, the
office's mandate functions.

Loaded after every ``migrate`` (and after the test runner's flushes) by the
post-migrate hook in ``aegis.core.apps``, idempotently.
"""

from __future__ import annotations

import pycountry

# Worded as the Monthly Highlights prints them, so the newsletter reproduces them exactly.
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


def reference_data_sync() -> None:
    from aegis.activities.models import MandateFunction, Pillar
    from aegis.core.models import Country

    if Country.objects.count() < len(pycountry.countries):
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
    for number, title in PILLARS:
        Pillar.objects.update_or_create(number=number, defaults={"title": title})
    for number, title in MANDATE_FUNCTIONS:
        MandateFunction.objects.update_or_create(number=number, defaults={"title": title})
