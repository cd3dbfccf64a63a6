"""Demo activities: dated facts of the September 2020 Monthly Highlights."""

from __future__ import annotations

from datetime import date

from aegis.activities.models import Activity
from aegis.activities.services import activity_create
from aegis.core.audit import save_audited
from aegis.core.models import Organisation

A = Activity.Kind

# (title, kind, start, end, lead organisation acronym or name)
SEPTEMBER_2020: tuple[tuple[str, str, date, date | None, str], ...] = (
    ("2020 OSCE-wide Counter-Terrorism Conference", A.CONFERENCE, date(2020, 9, 14), None, "OSCE"),
    (
        'Second edition of the NuSec Talks "Security through Law"',
        A.HIGH_LEVEL_EVENT,
        date(2020, 9, 21),
        None,
        "IAEA",
    ),
    (
        "2nd Ministerial Meeting of the Group of Friends of Victims of Terrorism",
        A.HIGH_LEVEL_EVENT,
        date(2020, 9, 28),
        None,
        "UNOCT",
    ),
    (
        "First UNOCT roundtable with civil society organizations",
        A.ROUNDTABLE,
        date(2020, 9, 18),
        None,
        "UNOCT",
    ),
    ("MoU signed between UNOCT and IIJ", A.AGREEMENT_SIGNING, date(2020, 9, 15), None, "UNOCT"),
    ("MoU signed between UNOCT and IATA", A.AGREEMENT_SIGNING, date(2020, 9, 24), None, "UNOCT"),
)


def load_activities() -> int:
    created = 0
    for title, kind, start, end, lead in SEPTEMBER_2020:
        if Activity.objects.filter(title=title, start_date=start).exists():
            continue
        organisation = Organisation.objects.filter(
            acronym=lead
        ).first() or Organisation.objects.get(name=lead)
        activity = activity_create(
            actor=None,
            title=title,
            kind=kind,
            start_date=start,
            end_date=end,
            lead_organisation=organisation,
        )
        # The seed reports these as done and public: they enter the system published.
        activity.status = Activity.Status.PUBLISHED
        save_audited(
            activity,
            actor=None,
            reason="published: September 2020 Monthly Highlights",
            update_fields=["status", "updated_at"],
        )
        created += 1
    return created
