"""Demo Trust Fund: the September 2020 Highlights' "Top Contributors" as records.

The seed gives totals only — $249.9 million pledged since inception, $189.5 million
received, 31 donors — and names a few records: Saudi Arabia's initial contribution
of 2011 that established UNCCT, Spain's 80,000 EUR of September 2020, the
Netherlands' in-kind contribution valued at $11.5 million in 2018, and an allocation
from the UN Peace and Development Trust Fund (the seed's asterisk). Those are
entered as the seed states them. Every other figure is ILLUSTRATIVE: plausible
donors and amounts chosen so that the converted totals round to the seed's, each
marked "illustrative figure" in its notes. The rates of exchange in
``data/un_operational_rates.csv`` are illustrative too.

Loading is idempotent: a pledge is matched on donor, date, currency and amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from aegis.activities.models import OfficeUnit, Programme
from aegis.core import services as core_services
from aegis.core.models import Organisation
from aegis.core.permissions import SYSTEM
from aegis.funding import services
from aegis.funding.models import InKindContribution, Pledge

RATES_FILE = Path(__file__).parent / "data" / "un_operational_rates.csv"
ILLUSTRATIVE = "illustrative figure"
SEED = "September 2020 Monthly Highlights"

K = Organisation.Kind
E = Pledge.Earmark

# Donors, registered here when the core demo has not: (name, acronym, kind, ISO country).
DONORS: tuple[tuple[str, str, str, str], ...] = (
    ("Saudi Arabia", "", K.MEMBER_STATE, "SA"),
    ("Spain", "", K.MEMBER_STATE, "ES"),
    ("European Union", "EU", K.REGIONAL_BODY, "BE"),
    ("UN Peace and Development Trust Fund", "UNPDF", K.FUND, ""),
    ("Qatar", "", K.MEMBER_STATE, "QA"),
    ("United States", "USA", K.MEMBER_STATE, "US"),
    ("Netherlands", "", K.MEMBER_STATE, "NL"),
    ("Japan", "", K.MEMBER_STATE, "JP"),
    ("United Kingdom", "UK", K.MEMBER_STATE, "GB"),
    ("Canada", "", K.MEMBER_STATE, "CA"),
    ("Russian Federation", "", K.MEMBER_STATE, "RU"),
    ("Germany", "", K.MEMBER_STATE, "DE"),
    ("Norway", "", K.MEMBER_STATE, "NO"),
    ("India", "", K.MEMBER_STATE, "IN"),
    ("Switzerland", "", K.MEMBER_STATE, "CH"),
    ("Australia", "", K.MEMBER_STATE, "AU"),
    ("Sweden", "", K.MEMBER_STATE, "SE"),
    ("Denmark", "", K.MEMBER_STATE, "DK"),
    ("Republic of Korea", "", K.MEMBER_STATE, "KR"),
    ("Kazakhstan", "", K.MEMBER_STATE, "KZ"),
    ("Türkiye", "", K.MEMBER_STATE, "TR"),
    ("United Arab Emirates", "UAE", K.MEMBER_STATE, "AE"),
    ("Morocco", "", K.MEMBER_STATE, "MA"),
    ("Belgium", "", K.MEMBER_STATE, "BE"),
    ("Italy", "", K.MEMBER_STATE, "IT"),
    ("France", "", K.MEMBER_STATE, "FR"),
    ("Hungary", "", K.MEMBER_STATE, "HU"),
    ("Colombia", "", K.MEMBER_STATE, "CO"),
    ("Portugal", "", K.MEMBER_STATE, "PT"),
    ("Finland", "", K.MEMBER_STATE, "FI"),
    ("Pakistan", "", K.MEMBER_STATE, "PK"),
    ("Egypt", "", K.MEMBER_STATE, "EG"),
    ("Singapore", "", K.MEMBER_STATE, "SG"),
)

CENTRE = ("United Nations Counter-Terrorism Centre", "UNCCT")
# (name, acronym) of the programmes pledges are earmarked for.
PROGRAMMES: tuple[tuple[str, str], ...] = (
    ("Countering Terrorist Travel Programme", "CTT"),
    ("Victims of Terrorism Support Programme", "VoT"),
    ("Global Programme on Countering the Financing of Terrorism", "CFT"),
    ("Global Programme on Security of Major Sporting Events", "MSE"),
)


@dataclass(frozen=True, slots=True)
class DemoPledge:
    donor: str
    signed_on: date
    currency: str
    amount: str
    receipts: tuple[tuple[date, str], ...] = ()
    earmark: str = E.UNEARMARKED
    programme: str = ""
    theme: str = ""
    from_other_fund: bool = False
    notes: str = ILLUSTRATIVE
    instalments: tuple[tuple[date, str], ...] = field(default=())


def _d(year: int, month: int, day: int = 15) -> date:
    return date(year, month, day)


PLEDGES: tuple[DemoPledge, ...] = (
    DemoPledge(
        "Saudi Arabia",
        _d(2011, 9, 19),
        "USD",
        "10000000.00",
        receipts=((_d(2011, 11, 2), "10000000.00"),),
        notes=f"Initial contribution establishing UNCCT ({SEED}); amount illustrative figure.",
    ),
    DemoPledge(
        "Saudi Arabia",
        _d(2014, 8, 13),
        "USD",
        "100000000.00",
        receipts=((_d(2014, 12, 10), "50000000.00"), (_d(2015, 11, 24), "50000000.00")),
        instalments=((_d(2014, 12, 31), "50000000.00"), (_d(2015, 12, 31), "50000000.00")),
    ),
    DemoPledge(
        "Qatar",
        _d(2018, 11, 6),
        "USD",
        "75000000.00",
        receipts=((_d(2019, 3, 21), "15000000.00"), (_d(2020, 3, 12), "15000000.00")),
        instalments=tuple((_d(year, 3, 31), "15000000.00") for year in range(2019, 2024)),
    ),
    DemoPledge(
        "European Union",
        _d(2018, 3, 22),
        "EUR",
        "6000000.00",
        receipts=((_d(2018, 6, 5), "3000000.00"), (_d(2019, 7, 9), "2000000.00")),
        earmark=E.PROGRAMME,
        programme="Countering Terrorist Travel Programme",
    ),
    DemoPledge(
        "European Union",
        _d(2019, 10, 17),
        "EUR",
        "4000000.00",
        receipts=((_d(2020, 2, 11), "1500000.00"),),
        earmark=E.PROGRAMME,
        programme="Global Programme on Countering the Financing of Terrorism",
    ),
    DemoPledge(
        "United States",
        _d(2016, 6, 8),
        "USD",
        "5000000.00",
        receipts=((_d(2016, 9, 14), "5000000.00"),),
        earmark=E.PROGRAMME,
        programme="Countering Terrorist Travel Programme",
    ),
    DemoPledge(
        "United States",
        _d(2019, 9, 25),
        "USD",
        "10585000.00",
        receipts=((_d(2020, 1, 22), "500000.00"),),
        instalments=(
            (_d(2020, 6, 30), "3500000.00"),
            (_d(2021, 6, 30), "3500000.00"),
            (_d(2022, 6, 30), "3585000.00"),
        ),
    ),
    DemoPledge(
        "Netherlands",
        _d(2017, 5, 11),
        "EUR",
        "2500000.00",
        receipts=((_d(2017, 7, 4), "2500000.00"),),
        earmark=E.PROGRAMME,
        programme="Countering Terrorist Travel Programme",
    ),
    DemoPledge(
        "Japan",
        _d(2017, 3, 2),
        "USD",
        "3200000.00",
        receipts=((_d(2017, 4, 18), "3200000.00"),),
    ),
    DemoPledge(
        "Japan",
        _d(2019, 2, 28),
        "USD",
        "2800000.00",
        receipts=((_d(2019, 4, 16), "2800000.00"),),
        earmark=E.PROGRAMME,
        programme="Countering Terrorist Travel Programme",
    ),
    DemoPledge(
        "United Kingdom",
        _d(2016, 2, 17),
        "GBP",
        "2000000.00",
        receipts=((_d(2016, 4, 6), "2000000.00"),),
        earmark=E.THEME,
        theme="Countering the financing of terrorism",
    ),
    DemoPledge(
        "United Kingdom",
        _d(2019, 11, 20),
        "GBP",
        "1500000.00",
        receipts=((_d(2020, 5, 13), "750000.00"),),
    ),
    DemoPledge(
        "Canada",
        _d(2018, 4, 24),
        "CAD",
        "3000000.00",
        receipts=((_d(2018, 8, 30), "1500000.00"), (_d(2019, 8, 27), "1500000.00")),
        earmark=E.THEME,
        theme="Gender and human rights",
    ),
    DemoPledge(
        "UN Peace and Development Trust Fund",
        _d(2017, 2, 9),
        "USD",
        "4500000.00",
        receipts=((_d(2017, 3, 15), "2500000.00"), (_d(2018, 3, 14), "2000000.00")),
        from_other_fund=True,
        notes="Allocation from another fund (the seed's asterisk); amount illustrative figure.",
    ),
    DemoPledge(
        "Russian Federation",
        _d(2014, 4, 10),
        "USD",
        "2000000.00",
        receipts=((_d(2014, 6, 19), "2000000.00"),),
    ),
    DemoPledge(
        "Russian Federation",
        _d(2018, 9, 12),
        "USD",
        "1500000.00",
        receipts=((_d(2018, 12, 4), "1500000.00"),),
    ),
    DemoPledge(
        "Germany",
        _d(2018, 6, 21),
        "EUR",
        "1800000.00",
        receipts=((_d(2018, 9, 18), "1800000.00"),),
        earmark=E.THEME,
        theme="Civil society engagement",
    ),
    DemoPledge(
        "Norway",
        _d(2016, 10, 5),
        "NOK",
        "12000000.00",
        receipts=((_d(2016, 12, 8), "12000000.00"),),
    ),
    DemoPledge(
        "India", _d(2018, 1, 30), "USD", "550000.00", receipts=((_d(2018, 3, 6), "550000.00"),)
    ),
    DemoPledge(
        "Switzerland",
        _d(2017, 9, 14),
        "CHF",
        "1000000.00",
        receipts=((_d(2017, 11, 21), "1000000.00"),),
        earmark=E.PROGRAMME,
        programme="Victims of Terrorism Support Programme",
    ),
    DemoPledge(
        "Australia",
        _d(2017, 8, 3),
        "AUD",
        "1200000.00",
        receipts=((_d(2017, 10, 12), "1200000.00"),),
    ),
    DemoPledge(
        "Sweden",
        _d(2019, 5, 16),
        "SEK",
        "8000000.00",
        receipts=((_d(2019, 6, 25), "4000000.00"), (_d(2020, 6, 23), "4000000.00")),
    ),
    DemoPledge(
        "Denmark", _d(2018, 5, 29), "DKK", "5000000.00", receipts=((_d(2018, 7, 10), "5000000.00"),)
    ),
    DemoPledge(
        "Republic of Korea",
        _d(2018, 7, 19),
        "USD",
        "1000000.00",
        receipts=((_d(2018, 10, 2), "1000000.00"),),
        earmark=E.PROGRAMME,
        programme="Global Programme on Security of Major Sporting Events",
    ),
    DemoPledge(
        "Kazakhstan", _d(2017, 6, 6), "USD", "300000.00", receipts=((_d(2017, 8, 1), "300000.00"),)
    ),
    DemoPledge(
        "Türkiye", _d(2018, 2, 13), "USD", "500000.00", receipts=((_d(2018, 4, 17), "500000.00"),)
    ),
    DemoPledge(
        "United Arab Emirates",
        _d(2017, 11, 28),
        "USD",
        "1000000.00",
        receipts=((_d(2018, 1, 16), "1000000.00"),),
    ),
    DemoPledge(
        "Morocco", _d(2018, 10, 9), "USD", "250000.00", receipts=((_d(2018, 12, 11), "250000.00"),)
    ),
    DemoPledge(
        "Belgium",
        _d(2019, 3, 7),
        "EUR",
        "500000.00",
        receipts=((_d(2019, 5, 21), "500000.00"),),
        earmark=E.PROGRAMME,
        programme="Victims of Terrorism Support Programme",
    ),
    DemoPledge(
        "Italy", _d(2018, 10, 23), "EUR", "600000.00", receipts=((_d(2019, 1, 15), "600000.00"),)
    ),
    DemoPledge(
        "France", _d(2019, 6, 13), "EUR", "400000.00", receipts=((_d(2019, 9, 3), "400000.00"),)
    ),
    DemoPledge(
        "Hungary", _d(2019, 4, 4), "USD", "100000.00", receipts=((_d(2019, 6, 11), "100000.00"),)
    ),
    DemoPledge(
        "Colombia", _d(2019, 8, 22), "USD", "50000.00", receipts=((_d(2019, 11, 5), "50000.00"),)
    ),
    DemoPledge(
        "Portugal", _d(2019, 12, 3), "EUR", "150000.00", receipts=((_d(2020, 2, 18), "150000.00"),)
    ),
    DemoPledge(
        "Finland", _d(2019, 9, 10), "EUR", "300000.00", receipts=((_d(2019, 12, 17), "300000.00"),)
    ),
    DemoPledge(
        "Pakistan", _d(2016, 11, 22), "USD", "100000.00", receipts=((_d(2017, 1, 24), "100000.00"),)
    ),
    DemoPledge(
        "Spain",
        _d(2017, 4, 20),
        "EUR",
        "500000.00",
        receipts=((_d(2017, 6, 27), "500000.00"),),
        earmark=E.PROGRAMME,
        programme="Victims of Terrorism Support Programme",
    ),
    DemoPledge(
        "Spain",
        _d(2020, 9, 10),
        "EUR",
        "80000.00",
        receipts=((_d(2020, 9, 24), "80000.00"),),
        earmark=E.PROGRAMME,
        programme="Victims of Terrorism Support Programme",
        notes=(
            f"{SEED}: in support of the Victims of Terrorism Support Programme and of civil "
            "society engagement."
        ),
    ),
    # Pledged, nothing received yet: donors who have not paid.
    DemoPledge("Egypt", _d(2020, 8, 18), "USD", "200000.00"),
    DemoPledge("Singapore", _d(2020, 7, 7), "USD", "100000.00"),
)

# (donor, year, description, stated value in USD, notes)
IN_KIND: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "Netherlands",
        2018,
        "goTravel software for Passenger Information Units (Countering Terrorist Travel)",
        "11500000.00",
        f"Valued at $11.5 million in 2018 ({SEED}).",
    ),
)


@dataclass(frozen=True, slots=True)
class FundingDemoCounts:
    donors: int
    rates: int
    pledges: int
    receipts: int
    in_kind: int


def _programmes() -> dict[str, Programme]:
    unit = OfficeUnit.objects.filter(acronym=CENTRE[1]).first()
    if unit is None:
        unit = OfficeUnit.objects.create(
            name=CENTRE[0], acronym=CENTRE[1], kind=OfficeUnit.Kind.CENTRE
        )
    programmes = {}
    for name, acronym in PROGRAMMES:
        programme = Programme.objects.filter(name=name).first()
        if programme is None:
            programme = Programme.objects.create(name=name, acronym=acronym, unit=unit)
        programmes[name] = programme
    return programmes


def _donors() -> int:
    created = 0
    for name, acronym, kind, country in DONORS:
        if not Organisation.objects.filter(name=name).exists():
            core_services.organisation_create(
                actor=SYSTEM, name=name, acronym=acronym, kind=kind, country=country
            )
            created += 1
    return created


def load_funding() -> FundingDemoCounts:
    """Load the demo Trust Fund (rates, donors, pledges, receipts, in kind); return what is new."""
    rates = services.exchange_rates_import(
        actor=SYSTEM, text=RATES_FILE.read_text(encoding="utf-8"), source=RATES_FILE.name
    )
    donors = _donors()
    programmes = _programmes()
    by_name = {organisation.name: organisation for organisation in Organisation.objects.all()}
    pledges = receipts = 0
    for demo in PLEDGES:
        donor = by_name[demo.donor]
        amount = Decimal(demo.amount)
        if Pledge.objects.filter(
            donor=donor, signed_on=demo.signed_on, currency=demo.currency, amount=amount
        ).exists():
            continue
        pledge = services.pledge_record(
            actor=SYSTEM,
            donor=donor,
            signed_on=demo.signed_on,
            currency=demo.currency,
            amount=amount,
            earmark=demo.earmark,
            programme=programmes[demo.programme] if demo.programme else None,
            theme=demo.theme,
            from_other_fund=demo.from_other_fund,
            notes=demo.notes,
            instalments=[
                services.InstalmentLine(due_on=due_on, amount=Decimal(value))
                for due_on, value in demo.instalments
            ],
        )
        pledges += 1
        for received_on, value in demo.receipts:
            services.receipt_record(
                actor=SYSTEM, pledge=pledge, received_on=received_on, amount=Decimal(value)
            )
            receipts += 1
    in_kind = 0
    for donor_name, year, description, value, notes in IN_KIND:
        donor = by_name[donor_name]
        if InKindContribution.objects.filter(donor=donor, year=year).exists():
            continue
        services.in_kind_record(
            actor=SYSTEM,
            donor=donor,
            year=year,
            description=description,
            value_usd=Decimal(value),
            notes=notes,
        )
        in_kind += 1
    return FundingDemoCounts(
        donors=donors,
        rates=rates.created,
        pledges=pledges,
        receipts=receipts,
        in_kind=in_kind,
    )
