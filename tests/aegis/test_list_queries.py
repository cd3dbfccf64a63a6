"""List pages run a fixed number of queries whatever their length (no N+1)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from aegis.activities.models import (
    Activity,
    Agreement,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
    Pillar,
    Programme,
)
from aegis.coordination.models import Body, Membership
from aegis.core.models import Country, Organisation
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.funding.models import Pledge
from aegis.reporting import services as reporting
from aegis.reporting.models import Issue
from tests.aegis.factories import ActivityFactory, OrganisationFactory, UserFactory
from tests.aegis.funding.factories import (
    DonorFactory,
    ExchangeRateFactory,
    InKindFactory,
    PledgeFactory,
    ReceiptFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/activities/", 16),  # + the kinds of the filter
        ("/activities/?pillar=2&country=SL", 18),
        ("/activities/who-does-what-where/", 14),
        ("/organisations/", 7),
        ("/coordination/", 18),
        ("/api/v1/activities/?page_size=100", 16),  # + the Compact bodies
        ("/api/v1/organisations/?page_size=100", 6),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    url: str,
    queries: int,
    client_for: Callable[[Role | None], Client],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(Role.VIEWER)
    client.get(url)  # warm the session and the role cache

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


# Pages and API lists that are not paginated, or whose rows each show related records: each
# is read after ``grow`` has added rows (and rows related to them), then again after it has
# added as many more, and must run the same pinned number of queries both times. An N+1 would
# add queries as the list grows.


_SERIAL = itertools.count()


def _more_activities(count: int = 12) -> None:
    """Published trainings with pillars, countries, organisers and partners, in 2020."""
    pillars = list(Pillar.objects.order_by("number"))
    countries = list(Country.objects.filter(code__in=["SL", "KE", "NG", "ML", "JO"]))
    organisations = list(Organisation.objects.order_by("pk")[:6])
    units = list(OfficeUnit.objects.order_by("pk"))
    for number in range(count):
        activity = ActivityFactory(
            status=Activity.Status.PUBLISHED,
            kind_id="training",
            start_date=date(2020, 1 + number % 9, 1 + number % 28),
            office_unit=units[number % len(units)],
            participants_total=20,
        )
        activity.pillars.set(pillars[: 1 + number % 4])
        activity.beneficiary_countries.set(countries[: 1 + number % 5])
        activity.organisers.set(organisations[:2])
        activity.partners.set(organisations[2 : 3 + number % 3])


def _more_agreements(count: int = 5) -> None:
    parties = list(Organisation.objects.order_by("pk")[:4])
    for number in range(count):
        agreement = Agreement.objects.create(
            title=f"Memorandum {next(_SERIAL)}",
            kind=Agreement.Kind.MOU,
            signed_on=date(2020, 1 + number, 1),
            programme=Programme.objects.order_by("pk").first(),
        )
        agreement.parties.set(parties[: 2 + number % 3])


def _more_results() -> None:
    """Another unit with a value entered for some months and a target, for every indicator."""
    number = next(_SERIAL)
    unit = OfficeUnit.objects.create(name=f"Unit {number}", kind=OfficeUnit.Kind.UNIT)
    for indicator in Indicator.objects.all():
        IndicatorTarget.objects.create(indicator=indicator, unit=unit, year=2020, target=100)
        for month in (2, 5, 7):
            IndicatorValue.objects.create(
                indicator=indicator, unit=unit, month=date(2020, month, 1), value=7, source_note="x"
            )
    _more_activities()


def _more_bodies(count: int = 4) -> None:
    organisations = list(Organisation.objects.order_by("pk")[:8])
    for number in range(count):
        body = Body.objects.create(
            name=f"Working group {next(_SERIAL)}", kind=Body.Kind.WORKING_GROUP
        )
        for index, organisation in enumerate(organisations[: 3 + number]):
            Membership.objects.create(
                body=body,
                organisation=organisation,
                role=Membership.Role.GUEST if index == 0 else Membership.Role.MEMBER,
                joined_on=date(2019, 1 + index, 1),
            )


def _more_memberships() -> None:
    body = Body.objects.get(kind=Body.Kind.COMPACT)
    for organisation in OrganisationFactory.create_batch(5):
        Membership.objects.create(
            body=body,
            organisation=organisation,
            role=Membership.Role.MEMBER,
            joined_on=date(2020, 3, 1),
            left_on=date(2021, 3, 1),
        )


def _more_issues() -> None:
    editor, reviewer = UserFactory(role=Role.OFFICE_EDITOR), UserFactory(role=Role.OFFICE_EDITOR)
    for _ in range(2):
        month = 1 + next(_SERIAL) % 12
        issue = reporting.issue_generate(actor=SYSTEM, month=date(2019, month, 1))
        issue = reporting.issue_transition(actor=editor, issue=issue, step="submit")
        issue = reporting.issue_transition(actor=reviewer, issue=issue, step="approve")
        reporting.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)


def _more_funding() -> None:
    for _ in range(6):
        number = next(_SERIAL)
        pledge = PledgeFactory(donor=DonorFactory(name=f"Donor of the test {number}"))
        ReceiptFactory(pledge=pledge)
        InKindFactory(donor=pledge.donor)
        ExchangeRateFactory(effective_date=date(2000 + number // 12, 1 + number % 12, 1))


def _more_activities_and_bodies() -> None:
    _more_activities()
    _more_bodies()


def _donor() -> str:
    return f"/funding/donors/{Pledge.objects.order_by('pk').first().donor_id}/"  # type: ignore[union-attr]


def _pledge() -> str:
    return f"/funding/pledges/{Pledge.objects.order_by('pk').first().pk}/"  # type: ignore[union-attr]


def _issue() -> str:
    return f"/highlights/{Issue.objects.order_by('pk').first().pk}/"  # type: ignore[union-attr]


def _more_receipts() -> None:
    """More receipts and instalments of the first pledge, and more pledges of its donor."""
    if not Pledge.objects.exists():
        _more_funding()
    pledge = Pledge.objects.order_by("pk").first()
    for _ in range(3):
        ReceiptFactory(pledge=pledge)
        PledgeFactory(donor=pledge.donor)  # type: ignore[union-attr]


def _compact() -> str:
    return f"/coordination/{Body.objects.get(kind=Body.Kind.COMPACT).pk}/"


@pytest.mark.parametrize(
    ("url", "grow", "queries"),
    [
        ("/activities/agreements/", _more_agreements, 9),
        ("/activities/results/?year=2020", _more_results, 11),  # + latest year with figures
        ("/activities/who-does-what-where/", _more_activities, 11),
        ("/activities/export.csv", _more_activities, 14),
        ("/search/?q=border", _more_activities, 10),
        ("/coordination/", _more_bodies, 7),
        (_compact, _more_memberships, 12),
        ("/highlights/", _more_issues, 6),
        (_issue, _more_issues, 11),  # + its versions, review thread, translations
        # + the years of the period filter, + the latest month with results figures
        ("/highlights/dashboard/", _more_activities_and_bodies, 22),
        ("/public/", _more_issues, 4),
        ("/public/dashboard/", _more_activities_and_bodies, 11),  # + the filter's years
        ("/organisations/export.csv", _more_activities, 5),
        ("/funding/export/pledges.csv", _more_funding, 5),
        ("/funding/export/receipts.csv", _more_funding, 5),
        ("/funding/export/in-kind.csv", _more_funding, 5),
        ("/funding/export/donors.csv", _more_funding, 6),
        (_donor, _more_receipts, 9),
        (_pledge, _more_receipts, 9),
        ("/api/v1/agreements/", _more_agreements, 7),
        ("/api/v1/programmes/", _more_activities, 6),
        ("/api/v1/office-units/", _more_results, 6),
        ("/api/v1/coordination/bodies/", _more_bodies, 6),
        ("/api/v1/funding/donors/", _more_funding, 6),
        ("/api/v1/funding/pledges/", _more_funding, 7),
        ("/api/v1/funding/receipts/", _more_funding, 6),
        ("/api/v1/funding/in-kind/", _more_funding, 6),
        ("/api/v1/funding/rates/", _more_funding, 6),
        ("/api/v1/funding/summary/", _more_funding, 9),
    ],
)
def test_lists_run_the_same_queries_as_they_grow(
    url: str | Callable[[], str],
    grow: Callable[[], None],
    queries: int,
    client_for: Callable[[Role | None], Client],
) -> None:
    client = client_for(Role.VIEWER)
    grow()
    path = url() if callable(url) else url
    client.get(path)  # warm the session and the role cache

    # Dashboards cache their figures: both requests are counted with the figures computed.
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        first = client.get(path)
    grow()
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        second = client.get(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (len(before), len(after)) == (queries, queries)
