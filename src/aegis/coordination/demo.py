"""Demo data of the Compact and its bodies, from the September 2020 Highlights.

Facts of the seed: the Compact was launched in December 2018 and brings together
43 entities (the mandate box, written earlier, says 38); it works through a
Coordination Committee and 8 thematic Inter-Agency Working Groups revitalised in
April 2019; the UNCCT Advisory Board has 21 Member States plus the EU as a guest
member. Which 38 entities were founders, which 5 joined later and on which days,
and who chairs each group, are illustrative (said so in each body's description).
"""

from __future__ import annotations

from datetime import date

from aegis.coordination.models import Body, Membership
from aegis.coordination.services import body_create, membership_add
from aegis.core.models import Organisation
from aegis.core.permissions import SYSTEM

COMPACT_LAUNCH = date(2018, 12, 6)
# Entities that joined after the launch: 38 founders + these 5 = 43 by September 2020.
LATER_ENTITIES = (
    ("ITU", date(2019, 6, 12)),
    ("OSAPG", date(2019, 10, 3)),
    ("UNSSC", date(2020, 2, 18)),
    ("IMF", date(2020, 5, 7)),
    ("UNOPS", date(2020, 7, 21)),
)
FOUNDING_ENTITIES = (
    "UNOCT", "CTED", "DPO", "DPPA", "DSS", "DGC", "EOSG", "ICAO", "IMO", "INTERPOL",
    "IOM", "IPU", "OCHA", "ODA", "OHCHR", "OLA", "OSAA", "MT 1267", "1540 GoE",
    "SRSG-CAAC", "SRSG-SVC", "SR-CT", "UNAOC", "UNDP", "UNESCO", "UNHCR", "UNICEF",
    "UNICRI", "UNIDIR", "UNITAR", "UNODC", "UN Women", "UNRCCA", "UNU", "WCO",
    "World Bank", "IAEA", "OPCW",
)  # fmt: skip

# (name, chair, co-chairs, other members) — chairs and members are illustrative.
WORKING_GROUPS = (
    ("Border Management and Law Enforcement relating to Counter-Terrorism",
     "UNOCT", ("INTERPOL", "UNODC"), ("ICAO", "IMO", "WCO", "IOM", "CTED")),
    ("Countering the Financing of Terrorism",
     "UNODC", ("CTED", "MT 1267"), ("World Bank", "IMF", "UNOCT")),
    ("Emerging Threats and Critical Infrastructure Protection",
     "UNOCT", ("INTERPOL", "UNICRI"), ("ITU", "CTED", "IAEA", "OPCW")),
    ("Gender Equality and Women's Empowerment in Preventing and Countering Terrorism",
     "UN Women", ("CTED", "UNOCT"), ("UNDP", "OHCHR", "UNODC")),
    ("Legal and Criminal Justice Responses to Terrorism",
     "UNODC", ("CTED", "OHCHR"), ("UNICRI", "OLA", "UNOCT")),
    ("National and Regional Counter-Terrorism Strategies",
     "UNOCT", ("UNDP", "CTED"), ("DPPA", "UNRCCA", "UNODC")),
    ("Preventing and Countering Violent Extremism conducive to Terrorism",
     "UNDP", ("UNESCO", "UNOCT"), ("UNAOC", "UNICEF", "UN Women", "UNITAR")),
    ("Promoting and Protecting Human Rights and the Rule of Law while Countering Terrorism "
     "and Supporting Victims of Terrorism",
     "OHCHR", ("UNOCT", "SR-CT"), ("CTED", "UNODC", "UNICEF")),
)  # fmt: skip
ADVISORY_BOARD_STATES = (
    "Algeria", "Argentina", "Belgium", "Brazil", "China", "Colombia", "Egypt", "France",
    "Germany", "India", "Indonesia", "Morocco", "Nigeria", "Norway", "Pakistan",
    "Russian Federation", "Saudi Arabia", "Spain", "Switzerland", "United Kingdom",
    "United States",
)  # fmt: skip
ILLUSTRATIVE = "Composition illustrative; the figures are those of the Monthly Highlights."


def _org(key: str) -> Organisation:
    found = Organisation.objects.filter(acronym=key).first()
    return found or Organisation.objects.get(name=key)


def load_coordination() -> int:
    """Create the Compact and its bodies if absent; return how many bodies were created."""
    if Body.objects.filter(kind=Body.Kind.COMPACT).exists():
        return 0
    compact = body_create(
        actor=SYSTEM,
        name="Global Counter-Terrorism Coordination Compact",
        short_name="Compact",
        kind=Body.Kind.COMPACT,
        established_on=COMPACT_LAUNCH,
        description="Launched by the Secretary-General in December 2018. " + ILLUSTRATIVE,
    )
    for key in FOUNDING_ENTITIES:
        membership_add(actor=SYSTEM, body=compact, organisation=_org(key), joined_on=COMPACT_LAUNCH)
    for key, joined in LATER_ENTITIES:
        membership_add(actor=SYSTEM, body=compact, organisation=_org(key), joined_on=joined)

    committee = body_create(
        actor=SYSTEM,
        name="Coordination Committee of the Compact",
        short_name="Coordination Committee",
        kind=Body.Kind.COMMITTEE,
        part_of=compact,
        established_on=COMPACT_LAUNCH,
        description="Chaired by the Under-Secretary-General for Counter-Terrorism. " + ILLUSTRATIVE,
    )
    membership_add(
        actor=SYSTEM,
        body=committee,
        organisation=_org("UNOCT"),
        joined_on=COMPACT_LAUNCH,
        role=Membership.Role.CHAIR,
    )
    chairs: set[str] = set()
    for name, chair, co_chairs, members in WORKING_GROUPS:
        group = body_create(
            actor=SYSTEM,
            name=name,
            kind=Body.Kind.WORKING_GROUP,
            part_of=compact,
            established_on=COMPACT_LAUNCH,
            revitalised_on=date(2019, 4, 1),
            description="Thematic Inter-Agency Working Group, revitalised in April 2019. "
            + ILLUSTRATIVE,
        )
        for key, role in (
            (chair, Membership.Role.CHAIR),
            *((key, Membership.Role.CO_CHAIR) for key in co_chairs),
            *((key, Membership.Role.MEMBER) for key in members),
        ):
            membership_add(
                actor=SYSTEM,
                body=group,
                organisation=_org(key),
                joined_on=date(2019, 4, 1),
                role=role,
            )
        chairs.add(chair)
    for key in sorted(chairs - {"UNOCT"}):
        membership_add(
            actor=SYSTEM, body=committee, organisation=_org(key), joined_on=date(2019, 4, 1)
        )

    board = body_create(
        actor=SYSTEM,
        name="Advisory Board of the United Nations Counter-Terrorism Centre",
        short_name="UNCCT Advisory Board",
        kind=Body.Kind.ADVISORY_BOARD,
        established_on=date(2011, 9, 19),
        description="21 Member States plus the European Union as a guest member. " + ILLUSTRATIVE,
    )
    for name in ADVISORY_BOARD_STATES:
        membership_add(
            actor=SYSTEM,
            body=board,
            organisation=_org(name),
            joined_on=date(2011, 9, 19),
            role=Membership.Role.CHAIR if name == "Saudi Arabia" else Membership.Role.MEMBER,
        )
    membership_add(
        actor=SYSTEM,
        body=board,
        organisation=_org("EU"),
        joined_on=date(2011, 9, 19),
        role=Membership.Role.GUEST,
    )
    return Body.objects.count()
