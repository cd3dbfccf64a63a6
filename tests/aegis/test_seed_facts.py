"""Every dated fact of the September 2020 Monthly Highlights is a record of the demo data.

Each row: the dates as the newsletter writes them, the kind of activity, the
organisations involved (lead, organisers, partners), the beneficiary countries
and regions, and the figures the text gives.
"""

from __future__ import annotations

from datetime import date

import pytest

from aegis.activities.models import Activity, Agreement, Indicator, OfficeUnit
from aegis.activities.periods import Period, format_periods
from aegis.activities.selectors import first_agreement_with, indicator_progress
from aegis.coordination.models import Body, Membership
from aegis.coordination.selectors import compact_members_on, members_on
from aegis.core.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]

# (section, dates as printed, kind, organisations involved, countries, regions, figures)
SEPTEMBER_2020 = [
    ("political_leadership", "14 September", "conference", {"UNOCT", "OSCE"}, set(), set(), {}),
    (
        "political_leadership",
        "21 September",
        "high_level_event",
        {"UNOCT", "IAEA"},
        set(),
        set(),
        {},
    ),
    (
        "political_leadership",
        "28 September",
        "high_level_event",
        {"UNOCT", "Afghanistan", "Spain"},
        set(),
        set(),
        {},
    ),
    (
        "highlights",
        "18 Sep",
        "roundtable",
        {"UNOCT"},
        set(),
        {"Europe", "Africa", "MENA", "Asia Pacific"},
        {"participants_total": 21, "organisations_represented": 19},
    ),
    ("highlights", "15 Sep", "agreement_signing", {"UNOCT", "IIJ"}, set(), set(), {}),
    (
        "highlights",
        "1-30 Sep",
        "contribution",
        {"UNOCT", "Spain"},
        set(),
        set(),
        {"month_only": True},
    ),
    ("highlights", "24 Sep", "agreement_signing", {"UNOCT", "IATA"}, set(), set(), {}),
    ("highlights", "17 Sep", "meeting", {"UNOCT", "GCTF"}, set(), set(), {}),
    ("capacity_building", "3, 10 & 26 Sep", "training", {"UNOCT", "UNDP"}, {"SD"}, set(), {}),
    (
        "capacity_building",
        "16 & 30 Sep",
        "webinar",
        {"UNOCT", "WBSC"},
        {"AR", "PY", "UY"},
        {"Sahel"},
        {},
    ),
    ("capacity_building", "23 Sep", "workshop", {"UNOCT", "UNICRI"}, set(), set(), {}),
    ("capacity_building", "25 Sep", "side_event", {"UNOCT", "UNRCCA"}, set(), {"Central Asia"}, {}),
    (
        "capacity_building",
        "18 & 21-23 Sep",
        "high_level_event",
        {"UNOCT", "UNAOC", "UNICRI", "ICSS"},
        set(),
        set(),
        {},
    ),
    (
        "capacity_building",
        "21-23 & 24 Sep",
        "assessment",
        {"UNOCT", "CTED", "UNPOL", "CAERT", "INTERPOL"},
        {"UG"},
        set(),
        {"member_states_represented": 40},
    ),
    ("capacity_building", "14-17 Sep", "assessment", {"UNOCT"}, {"SL"}, set(), {}),
]


def _facts(activity: Activity) -> tuple[object, ...]:
    periods = [Period(p.start, p.end) for p in activity.periods.all()]
    long_months = activity.newsletter_section == Activity.Section.POLITICAL_LEADERSHIP
    involved = {activity.lead_organisation, *activity.organisers.all(), *activity.partners.all()}
    return (
        activity.newsletter_section,
        format_periods(periods, long_months=long_months),
        activity.kind_id,
        {o.acronym or o.name for o in involved},
        {c.code for c in activity.beneficiary_countries.all()},
        {r.name for r in activity.beneficiary_regions.all()},
    )


def test_every_dated_fact_of_the_seed_is_a_published_record() -> None:
    records = Activity.objects.filter(source="Monthly Highlights, September 2020").order_by(
        "external_id"
    )

    assert [_facts(a) for a in records] == [row[:6] for row in SEPTEMBER_2020]
    assert {a.status for a in records} == {"published"}
    for activity, row in zip(records, SEPTEMBER_2020, strict=True):
        figures = row[6]
        assert {name: getattr(activity, name) for name in figures} == figures, activity.title


def test_principals_who_spoke() -> None:
    nusec = Activity.objects.get(external_id="highlights-2020-09-02")

    assert [str(p) for p in nusec.principals.all()] == [
        "IAEA DG Rafael Mariano Grossi",
        "USG Vladimir Voronkov",
    ]


def test_compact_has_38_entities_at_launch_and_43_in_september_2020() -> None:
    assert compact_members_on(date(2018, 12, 31)).count() == 38
    assert compact_members_on(date(2020, 9, 30)).count() == 43
    assert compact_members_on(date(2018, 12, 1)).count() == 0


def test_eight_working_groups_revitalised_in_april_2019() -> None:
    groups = Body.objects.filter(kind=Body.Kind.WORKING_GROUP)

    assert groups.count() == 8
    assert {g.revitalised_on for g in groups} == {date(2019, 4, 1)}
    for group in groups:
        chairs = members_on(body=group, on=date(2020, 9, 30), roles=(Membership.Role.CHAIR,))
        assert chairs.count() == 1, group.name


def test_advisory_board_has_21_member_states_and_the_eu_as_guest() -> None:
    board = Body.objects.get(kind=Body.Kind.ADVISORY_BOARD)
    on = date(2020, 9, 30)

    members = members_on(body=board, on=on).exclude(role=Membership.Role.GUEST)
    guests = members_on(body=board, on=on, roles=(Membership.Role.GUEST,))
    assert members.count() == 21
    assert {m.organisation.kind for m in members} == {Organisation.Kind.MEMBER_STATE}
    assert [m.organisation.acronym for m in guests] == ["EU"]


def test_first_agreement_with_the_private_sector_is_derived_from_the_parties() -> None:
    first = first_agreement_with(kind=Organisation.Kind.PRIVATE_SECTOR)

    assert first is not None
    assert (first.signed_on, {p.acronym for p in first.parties.all()}) == (
        date(2020, 9, 24),
        {"UNOCT", "IATA"},
    )
    assert Agreement.objects.count() == 2


def test_uncct_year_to_date_figures_of_january_to_september_2020() -> None:
    uncct = OfficeUnit.objects.get(acronym="UNCCT")

    trained = indicator_progress(
        indicator=Indicator.objects.get(code="individuals-trained"),
        unit=uncct,
        year=2020,
        through_month=9,
    )
    workshops = indicator_progress(
        indicator=Indicator.objects.get(code="workshops-organized"),
        unit=uncct,
        year=2020,
        through_month=9,
    )

    assert (trained.value, workshops.value) == (6542, 48)
    # The newsletter gives January to September only: stored as such, not split by month.
    assert len(trained.months) == 9
    assert trained.months[-1].source == (
        "entered, January to September 6542: UNCCT results report "
        "(Monthly Highlights, September 2020: January to September)"
    )
    assert {source for *_, source in trained.months[:8]} == {"in a later cumulative figure"}


def test_office_structure_and_programmes() -> None:
    uncct = OfficeUnit.objects.get(acronym="UNCCT")
    spib = OfficeUnit.objects.get(acronym="SPIB")

    assert (uncct.parent.acronym, spib.parent.acronym) == ("UNOCT", "UNOCT")  # type: ignore[union-attr]
    assert set(spib.programmes.values_list("name", flat=True)) == {
        "Countering Terrorist Travel Programme",
        "Fusion Cells Programme",
        "Global Programme on PVE through Sports",
    }


def test_illustrative_history_is_marked_as_such() -> None:
    illustrative = Activity.objects.filter(source="Illustrative demo record")

    assert illustrative.count() == 160
    assert not illustrative.filter(start_date__gte=date(2020, 9, 1)).exists()
