"""Reference data every installation holds: countries, the Strategy's pillars, the
office's mandate functions, and the first activity kinds.

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

# The activity kinds an installation starts with (code, name, proposed newsletter section);
# the office edits them afterwards, so they are created only into an empty table (a new
# database or a test flush). Migration activities 0009 created the same ones.
ACTIVITY_KINDS = (
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


def reference_data_sync() -> None:
    from aegis.activities.models import ActivityKind, MandateFunction, Pillar
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
    if not ActivityKind.objects.exists():
        ActivityKind.objects.bulk_create(
            ActivityKind(code=code, name=name, proposed_section=section)
            for code, name, section in ACTIVITY_KINDS
        )
