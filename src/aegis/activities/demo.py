"""Demo data of the office: its structure and programmes, the dated facts of the
September 2020 Monthly Highlights, and an illustrative history around them.

Every record states its source: ``SEED`` for the facts of the newsletter (which
tests check one by one), ``ILLUSTRATIVE`` for the history that makes lists,
filters and charts meaningful.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from aegis.activities import services
from aegis.activities.models import (
    Activity,
    ActivityKind,
    Agreement,
    Indicator,
    IndicatorValue,
    MandateFunction,
    OfficeUnit,
    Pillar,
    Principal,
    Programme,
)
from aegis.activities.periods import Period, parse_periods
from aegis.core.models import Country, Organisation, Region
from aegis.core.permissions import SYSTEM

SEED = "Monthly Highlights, September 2020"
ILLUSTRATIVE = "Illustrative demo record"
S = Activity.Section

# (name, acronym, kind, part of)
UNITS = (
    ("United Nations Office of Counter-Terrorism", "UNOCT", OfficeUnit.Kind.OFFICE, None),
    ("Office of the Under-Secretary-General", "OUSG", OfficeUnit.Kind.SECTION, "UNOCT"),
    ("UN Counter-Terrorism Centre", "UNCCT", OfficeUnit.Kind.CENTRE, "UNOCT"),
    ("Special Projects and Innovation Branch", "SPIB", OfficeUnit.Kind.BRANCH, "UNOCT"),
    (
        "Policy, Knowledge Management and Coordination Branch",
        "PKMCB",
        OfficeUnit.Kind.BRANCH,
        "UNOCT",
    ),
)
# (name, acronym, unit)
PROGRAMMES = (
    ("Countering Terrorist Travel Programme", "CTT", "SPIB"),
    ("Fusion Cells Programme", "", "SPIB"),
    ("Global Programme on PVE through Sports", "", "SPIB"),
    ("Victims of Terrorism Support Programme", "", "UNCCT"),
    ("Youth Engagement and Empowerment", "", "UNCCT"),
    ("Border Security and Management", "BSM", "UNCCT"),
    ("Countering WMD and CBRN Terrorism", "", "UNCCT"),
    ("Foreign Terrorist Fighters and Returnees", "FTF", "UNCCT"),
    ("Civil Society Engagement", "", "PKMCB"),
)
# (name, title, short title, organisation)
PRINCIPALS = (
    ("Vladimir Voronkov", "Under-Secretary-General for Counter-Terrorism", "USG", "UNOCT"),
    ("Rafael Mariano Grossi", "Director General of the IAEA", "IAEA DG", "IAEA"),
)
REGIONS = {
    "Europe": (),
    "Africa": (),
    "MENA": (),
    "Asia Pacific": (),
    "Sahel": ("BF", "ML", "MR", "NE", "TD"),
    "Central Asia": ("KZ", "KG", "TJ", "TM", "UZ"),
}


@dataclass(frozen=True)
class SeedActivity:
    """One dated item of the newsletter, with every fact the text gives about it."""

    title: str
    kind: str
    dates: str
    section: str
    narrative: str
    lead: str = "UNOCT"
    unit: str = ""
    programme: str = ""
    modality: str = ""
    organisers: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    pillars: tuple[int, ...] = ()
    functions: tuple[int, ...] = ()
    principals: tuple[str, ...] = ()
    participants: int | None = None
    organisations_represented: int | None = None
    member_states_represented: int | None = None
    month_only: bool = False
    extra: dict[str, object] = field(default_factory=dict)


SEPTEMBER_2020: tuple[SeedActivity, ...] = (
    SeedActivity(
        "2020 OSCE-wide Counter-Terrorism Conference",
        "conference",
        "14 Sep 2020",
        S.POLITICAL_LEADERSHIP,
        "USG Voronkov stressed the importance of building strong partnerships with regional "
        "organizations, and praised the UNOCT-OSCE partnership in this regard. Participants "
        "debated the state of play of international co-operation in preventing and countering "
        "terrorism, violent extremism and radicalization amidst COVID-19.",
        unit="OUSG",
        modality=Activity.Modality.VIRTUAL,
        organisers=("OSCE",),
        pillars=(2,),
        functions=(1,),
        principals=("Vladimir Voronkov",),
    ),
    SeedActivity(
        'Second edition of the NuSec Talks "Security through Law"',
        "high_level_event",
        "21 Sep 2020",
        S.POLITICAL_LEADERSHIP,
        "On the margins of the 64th IAEA General Conference, USG Voronkov and IAEA DG Grossi "
        "called on Member States to join the Convention on the Physical Protection of Nuclear "
        "Materials (CPPNMA) and the Convention for the Suppression of Acts of Nuclear Terrorism "
        "(ICSANT) to reinforce nuclear security and prevent nuclear terrorism.",
        unit="OUSG",
        organisers=("IAEA",),
        pillars=(2,),
        functions=(1,),
        principals=("Vladimir Voronkov", "Rafael Mariano Grossi"),
    ),
    SeedActivity(
        "2nd Ministerial Meeting of the Group of Friends of Victims of Terrorism (GoF)",
        "high_level_event",
        "28 Sep 2020",
        S.POLITICAL_LEADERSHIP,
        "Co-organised by its co-chairs (Afghanistan and Spain) and UNCCT. USG Voronkov stressed "
        "the critical role of the GoF in leading the implementation of measures to uphold the "
        "rights and address the needs of victims. Participants underlined how the pandemic has "
        "exacerbated victims' sense of isolation and trauma, exchanged views on best practices "
        "and lessons learned to support victims, and reiterated their continued support to "
        "victims in the lead up to the first Congress on Victims of Terrorism to be held in "
        "June 2021.",
        unit="UNCCT",
        programme="Victims of Terrorism Support Programme",
        organisers=("Afghanistan", "Spain", "UNOCT"),
        pillars=(1, 4),
        functions=(1,),
        principals=("Vladimir Voronkov",),
    ),
    SeedActivity(
        "First UNOCT roundtable with civil society organizations",
        "roundtable",
        "18 Sep 2020",
        S.HIGHLIGHTS,
        "The first in a series of UNOCT roundtables with civil society organizations (CSOs) "
        "gathered 21 participants from 19 CSOs from Europe, Africa, and the MENA and Asia "
        "Pacific regions, who discussed ways to engage more systematically in the "
        "implementation of UNOCT's Civil Society Engagement Strategy and the UN Global "
        "Counter-Terrorism Strategy. Participants also discussed the planning of a high-level "
        "regional conference on counter-terrorism and human rights to be held in Málaga, "
        "Spain, in 2021.",
        unit="PKMCB",
        programme="Civil Society Engagement",
        modality=Activity.Modality.VIRTUAL,
        regions=("Europe", "Africa", "MENA", "Asia Pacific"),
        pillars=(1, 4),
        functions=(2,),
        participants=21,
        organisations_represented=19,
    ),
    SeedActivity(
        "MoU between UNOCT and the International Institute for Justice and the Rule of Law",
        "agreement_signing",
        "15 Sep 2020",
        S.HIGHLIGHTS,
        "UNOCT and the International Institute for Justice and the Rule of Law (IIJ) signed a "
        "Memorandum of Understanding (MoU) to strengthen cooperation through information "
        "sharing, as well as joint research and possible capacity-building activities.",
        partners=("IIJ",),
        pillars=(4,),
        functions=(2,),
    ),
    SeedActivity(
        "Contribution of Spain to UNOCT",
        "contribution",
        "1-30 Sep 2020",
        S.HIGHLIGHTS,
        "In September, Spain made a generous contribution of 80,000 EUR to UNOCT in support of "
        "the Victims of Terrorism Support Programme as well as to enhance civil society "
        "engagement.",
        programme="Victims of Terrorism Support Programme",
        partners=("Spain",),
        functions=(4,),
        month_only=True,
    ),
    SeedActivity(
        "MoU between UNOCT and the International Air Transport Association",
        "agreement_signing",
        "24 Sep 2020",
        S.HIGHLIGHTS,
        "The MoU with the International Air Transport Association (IATA), signed this month, "
        "was the first agreement of UNOCT with the private sector. It provides a framework for "
        "cooperation with the airline industry in establishing passenger data systems through "
        "the UN Countering Terrorist Travel Programme.",
        unit="SPIB",
        programme="Countering Terrorist Travel Programme",
        partners=("IATA",),
        pillars=(2,),
        functions=(3,),
    ),
    SeedActivity(
        "5th coordination meeting between the UN and the Global Counterterrorism Forum",
        "meeting",
        "17 Sep 2020",
        S.HIGHLIGHTS,
        "The 5th coordination meeting between the UN and the Global Counterterrorism Forum "
        "(GCTF), co-chaired by UNOCT, brought together the chairs and co-chairs of the "
        "Counter-Terrorism Compact Working Groups and those of the GCTF. Participants reviewed "
        "on-going cooperation and discussed possible areas for increased collaboration, "
        "including identifying new trends, coordinating capacity-building activities, and "
        "integrating cross-cutting issues (e.g., human rights, gender, youth and civil society "
        "engagement).",
        unit="PKMCB",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT", "GCTF"),
        pillars=(1, 2, 3, 4),
        functions=(2,),
    ),
    SeedActivity(
        "Training webinars and onsite workshop with Sudanese youth",
        "training",
        "3, 10 & 26 Sep 2020",
        S.CAPACITY_BUILDING,
        "UNCCT, in cooperation with UNDP, organized two virtual training webinars and an onsite "
        "workshop with a group of Sudanese youth participating in a UNCCT online course for "
        "peer-to-peer youth engagement to prevent violent extremism.",
        unit="UNCCT",
        programme="Youth Engagement and Empowerment",
        modality=Activity.Modality.HYBRID,
        organisers=("UNOCT",),
        partners=("UNDP",),
        countries=("SD",),
        pillars=(1,),
        functions=(3,),
    ),
    SeedActivity(
        "Geographically focused webinars on border management and counter-terrorism",
        "webinar",
        "16 & 30 Sep 2020",
        S.CAPACITY_BUILDING,
        "In the first and second series of four geographically focused webinars organized by "
        "UNCCT jointly with the World Border Security Congress/Border Security Report, "
        "participants exchanged views on border management and counter-terrorism challenges in "
        "Argentina, Paraguay and Uruguay, and in the Sahel Region.",
        unit="UNCCT",
        programme="Border Security and Management",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT", "WBSC"),
        countries=("AR", "PY", "UY"),
        regions=("Sahel",),
        pillars=(2, 3),
        functions=(3,),
    ),
    SeedActivity(
        "Expert teleworkshop on the use of virtual reality and drones to combat WMD terrorism",
        "workshop",
        "23 Sep 2020",
        S.CAPACITY_BUILDING,
        "UNCCT and UNICRI organized an expert teleworkshop on the use of Virtual Reality (VR) "
        "and drones to combat Weapons of Mass Destruction (WMD) terrorism, demonstrating how "
        "virtual reality and gaming could be used in trainings to help prepare law enforcement "
        "and security stakeholders prevent and combat WMD terrorism.",
        unit="UNCCT",
        programme="Countering WMD and CBRN Terrorism",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT", "UNICRI"),
        pillars=(2, 3),
        functions=(3,),
    ),
    SeedActivity(
        "Side event: the Central Asian experience and UN support to Member States repatriating "
        "their nationals from Syria and Iraq",
        "side_event",
        "25 Sep 2020",
        S.CAPACITY_BUILDING,
        "On the margins of UNGA75, UNCCT and UNRCCA organized a side event to highlight the "
        "Central Asian experience and the UN support available to Member States that have "
        "repatriated or are committed to repatriating their nationals from camps in "
        'north-eastern Syria and Iraq. An animated video "Returning home, rebuilding lives", '
        "based on real stories from Central Asia, was presented at the event. The newly "
        "launched 'Global Framework on all-of-UN Support to Member States on Individuals "
        "Returned from Syria and Iraq' was also presented.",
        unit="UNCCT",
        programme="Foreign Terrorist Fighters and Returnees",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT", "UNRCCA"),
        regions=("Central Asia",),
        pillars=(1, 4),
        functions=(3,),
    ),
    SeedActivity(
        "High-Level Meeting and Expert Group Meeting on the Prevention of Violent Extremism "
        "through Sports",
        "high_level_event",
        "18 & 21-23 Sep 2020",
        S.CAPACITY_BUILDING,
        "The online High-Level Meeting on the Prevention of Violent Extremism (PVE) through "
        "Sports convened by UNOCT, in partnership with UNAOC, UNICRI, and ICSS, featured "
        "discussions on how to further leverage sports values in PVE efforts. The high-level "
        "meeting was followed by a 3-day virtual international 'Expert Group Meeting on PVE "
        "through Sports'.",
        unit="SPIB",
        programme="Global Programme on PVE through Sports",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT",),
        partners=("UNAOC", "UNICRI", "ICSS"),
        pillars=(1,),
        functions=(3,),
    ),
    SeedActivity(
        "Deep-dive assessment of Uganda's frameworks and first expert working group meeting "
        "of the Fusion Cells Programme",
        "assessment",
        "21-23 & 24 Sep 2020",
        S.CAPACITY_BUILDING,
        "With CTED, UNPOL, CAERT and INTERPOL, the UNOCT Fusion Cells Programme conducted a "
        '3-day virtual "deep-dive" assessment of Uganda\'s legislative and institutional '
        "frameworks, regional and international cooperation, and operating practices. The "
        "Programme also held its first expert working group meeting to support the drafting of "
        "its compendium of good practices and related guidelines in establishing national "
        "inter-agency coordination mechanisms ('fusion cells'). Representatives from over 40 "
        "Member States discussed key areas related to governance, information exchange, "
        "coordination and cooperation, institutional frameworks and privacy/human rights.",
        unit="SPIB",
        programme="Fusion Cells Programme",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT",),
        partners=("CTED", "UNPOL", "CAERT", "INTERPOL"),
        countries=("UG",),
        pillars=(2, 3, 4),
        functions=(3,),
        member_states_represented=40,
        extra={"member_states_qualifier": Activity.Qualifier.OVER},
    ),
    SeedActivity(
        "Deep-dive assessment of Sierra Leone's readiness to build its Passenger Information Unit",
        "assessment",
        "14-17 Sep 2020",
        S.CAPACITY_BUILDING,
        'The Counter-Terrorism Travel Programme concluded a virtual "deep-dive" assessment of '
        "Sierra Leone's readiness to build its Passenger Information Unit to detect and "
        "interdict FTFs and organized crime in accordance with relevant UN Security Council "
        "resolutions.",
        unit="SPIB",
        programme="Countering Terrorist Travel Programme",
        modality=Activity.Modality.VIRTUAL,
        organisers=("UNOCT",),
        countries=("SL",),
        pillars=(2, 3),
        functions=(3,),
    ),
)

# (title, kind, parties, signed on, scope, programme)
AGREEMENTS = (
    (
        "Memorandum of Understanding between UNOCT and IIJ",
        Agreement.Kind.MOU,
        ("UNOCT", "IIJ"),
        date(2020, 9, 15),
        "Information sharing, joint research and possible capacity-building activities.",
        "",
    ),
    (
        "Memorandum of Understanding between UNOCT and IATA",
        Agreement.Kind.MOU,
        ("UNOCT", "IATA"),
        date(2020, 9, 24),
        "Cooperation with the airline industry in establishing passenger data systems.",
        "Countering Terrorist Travel Programme",
    ),
)

# UNCCT, January to September 2020: 6,542 individuals trained, 48 workshops organized.
# The newsletter gives the totals only, so they are stored as such (cumulative).
UNCCT_2020 = {"individuals-trained": 6_542, "workshops-organized": 48}
UNCCT_2020_TARGETS = {"individuals-trained": 8_000, "workshops-organized": 60}


def _org(key: str) -> Organisation:
    found = Organisation.objects.filter(acronym=key).first()
    return found or Organisation.objects.get(name=key)


def load_structure() -> None:
    for name, acronym, kind, parent in UNITS:
        if not OfficeUnit.objects.filter(acronym=acronym).exists():
            OfficeUnit.objects.create(
                name=name,
                acronym=acronym,
                kind=kind,
                parent=OfficeUnit.objects.get(acronym=parent) if parent else None,
            )
    for name, acronym, unit in PROGRAMMES:
        Programme.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "unit": OfficeUnit.objects.get(acronym=unit)}
        )
    for name, title, short, organisation in PRINCIPALS:
        Principal.objects.get_or_create(
            name=name,
            organisation=_org(organisation),
            defaults={"title": title, "short_title": short},
        )
    for region, codes in REGIONS.items():
        created, _ = Region.objects.get_or_create(name=region)
        created.countries.set(Country.objects.filter(code__in=codes))


def _seed_fields(item: SeedActivity) -> dict[str, object]:
    return {
        "narrative": item.narrative,
        "newsletter_section": item.section,
        "modality": item.modality,
        "office_unit": OfficeUnit.objects.get(acronym=item.unit) if item.unit else None,
        "programme": Programme.objects.get(name=item.programme) if item.programme else None,
        "organisers": [_org(key) for key in item.organisers],
        "partners": [_org(key) for key in item.partners],
        "beneficiary_countries": list(Country.objects.filter(code__in=item.countries)),
        "beneficiary_regions": list(Region.objects.filter(name__in=item.regions)),
        "pillars": list(Pillar.objects.filter(number__in=item.pillars)),
        "mandate_functions": list(MandateFunction.objects.filter(number__in=item.functions)),
        "principals": list(Principal.objects.filter(name__in=item.principals)),
        "participants_total": item.participants,
        "organisations_represented": item.organisations_represented,
        "member_states_represented": item.member_states_represented,
        "source": SEED,
        **item.extra,
    }


def load_seed_activities() -> int:
    created = 0
    for number, item in enumerate(SEPTEMBER_2020, start=1):
        external_id = f"highlights-2020-09-{number:02d}"
        if Activity.objects.filter(external_id=external_id).exists():
            continue
        activity = services.activity_create(
            actor=SYSTEM,
            title=item.title,
            kind=item.kind,
            lead_organisation=_org(item.lead),
            periods=parse_periods(item.dates),
            external_id=external_id,
            month_only=item.month_only,
            **_seed_fields(item),
        )
        services.activity_publish_as_system(activity=activity, reason=f"published: {SEED}")
        created += 1
    for title, kind, parties, signed_on, scope, programme in AGREEMENTS:
        if not Agreement.objects.filter(title=title).exists():
            services.agreement_record(
                actor=SYSTEM,
                title=title,
                kind=kind,
                parties=[_org(key) for key in parties],
                signed_on=signed_on,
                scope=scope,
                programme=Programme.objects.get(name=programme) if programme else None,
                source=SEED,
            )
    return created


def load_results() -> None:
    indicators = {
        "individuals-trained": (
            "Individuals trained",
            Indicator.Computation.PARTICIPANTS_OF_TRAININGS,
        ),
        "workshops-organized": ("Workshops organized", Indicator.Computation.COUNT_OF_WORKSHOPS),
    }
    uncct = OfficeUnit.objects.get(acronym="UNCCT")
    for code, (name, computed_from) in indicators.items():
        indicator, _ = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "computed_from": computed_from}
        )
        if not IndicatorValue.objects.filter(indicator=indicator, unit=uncct).exists():
            services.indicator_value_enter(
                actor=SYSTEM,
                indicator=indicator,
                unit=uncct,
                month=date(2020, 9, 1),
                value=UNCCT_2020[code],
                basis=IndicatorValue.Basis.CUMULATIVE,
                source_note=f"UNCCT results report ({SEED}: January to September)",
                confirm=True,
            )
        services.indicator_target_set(
            actor=SYSTEM,
            indicator=indicator,
            unit=uncct,
            year=2020,
            target=UNCCT_2020_TARGETS[code],
        )


_TOPICS = (
    ("border security and management", "Border Security and Management", (2, 3)),
    ("advance passenger information and PNR", "Countering Terrorist Travel Programme", (2, 3)),
    ("support to victims of terrorism", "Victims of Terrorism Support Programme", (1, 4)),
    ("youth engagement to prevent violent extremism", "Youth Engagement and Empowerment", (1,)),
    ("countering the financing of terrorism", "", (2, 3)),
    ("national counter-terrorism strategies", "", (1, 2, 3, 4)),
    ("human rights compliant counter-terrorism", "Civil Society Engagement", (4,)),
    ("prevention of WMD terrorism", "Countering WMD and CBRN Terrorism", (2, 3)),
    ("inter-agency fusion cells", "Fusion Cells Programme", (2, 3)),
    ("rehabilitation of returnees", "Foreign Terrorist Fighters and Returnees", (1, 4)),
)  # fmt: skip
_KINDS = ("workshop", "training", "webinar", "expert_group_meeting", "assessment", "meeting")
_COUNTRIES = (
    "NG", "KE", "TN", "JO", "IQ", "KZ", "UZ", "TJ", "ID", "PH", "ML", "NE", "BF",
    "SO", "LK", "MV", "CO", "AR", "TT", "SL", "UG", "SD", "EG", "MA",
)  # fmt: skip
_PARTNERS = ("UNODC", "CTED", "INTERPOL", "UNDP", "UNICRI", "ICAO", "IOM", "OSCE", "EU", "WCO")


def load_illustrative_history(*, count: int = 160, seed: int = 2020) -> int:
    """Activities from January 2019 to August 2020, generated reproducibly, marked illustrative."""
    if Activity.objects.filter(source=ILLUSTRATIVE).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    programmes = {p.name: p for p in Programme.objects.select_related("unit")}
    countries = {c.code: c for c in Country.objects.filter(code__in=_COUNTRIES)}
    pillars = {p.number: p for p in Pillar.objects.all()}
    partners = {o.acronym: o for o in Organisation.objects.filter(acronym__in=_PARTNERS)}
    unoct, uncct = _org("UNOCT"), OfficeUnit.objects.get(acronym="UNCCT")
    kind_names = dict(ActivityKind.objects.values_list("code", "name"))
    start, span = date(2019, 1, 7), (date(2020, 8, 28) - date(2019, 1, 7)).days
    for number in range(1, count + 1):
        topic, programme_name, topic_pillars = rng.choice(_TOPICS)
        kind = rng.choice(_KINDS)
        country = countries[rng.choice(_COUNTRIES)]
        first = start + timedelta(days=rng.randrange(span))
        length = rng.choice((0, 0, 1, 2, 4))
        programme = programmes.get(programme_name)
        total = rng.randrange(12, 90) if kind in ("workshop", "training", "webinar") else None
        women = round(total * rng.uniform(0.25, 0.55)) if total else None
        activity = services.activity_create(
            actor=SYSTEM,
            title=f"{kind_names[kind]} on {topic} for {country.name}",
            kind=kind,
            lead_organisation=unoct,
            periods=[Period(first, first + timedelta(days=length))],
            narrative=f"Illustrative record: a {kind_names[kind].lower()} on {topic}.",
            modality=rng.choice(Activity.Modality.values),
            office_unit=programme.unit if programme else uncct,
            programme=programme,
            partners=[partners[rng.choice(_PARTNERS)]],
            beneficiary_countries=[country],
            pillars=[pillars[n] for n in topic_pillars],
            mandate_functions=list(MandateFunction.objects.filter(number=3)),
            participants_total=total,
            participants_women=women,
            participants_men=(total - women) if total and women is not None else None,
            source=ILLUSTRATIVE,
            external_id=f"illustrative-{number:04d}",
        )
        if rng.random() < 0.9:
            services.activity_publish_as_system(activity=activity, reason="published: illustrative")
    return count


def load_activities() -> int:
    load_structure()
    created = load_seed_activities()
    load_results()
    return created + load_illustrative_history()
