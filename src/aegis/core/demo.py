"""Demo organisations and accounts: the parties the September 2020 Highlights names.

Loading is idempotent: records are matched on their natural key (an
organisation's name, a user's username) and left alone when they exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from aegis.core import services
from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role

K = Organisation.Kind

# (acronym, name, kind, country): every organisation the September 2020 Highlights names,
# and the Compact entities, Advisory Board members and donors the other demo data refer to.
U, R, M, C, P, F = (
    K.UN_ENTITY,
    K.REGIONAL_BODY,
    K.MEMBER_STATE,
    K.CIVIL_SOCIETY,
    K.PRIVATE_SECTOR,
    K.FUND,
)
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("UNOCT", "United Nations Office of Counter-Terrorism", U, ""),
    ("CTED", "Counter-Terrorism Committee Executive Directorate", U, ""),
    ("DPO", "Department of Peace Operations", U, ""),
    ("UNPOL", "United Nations Police", U, ""),
    ("DPPA", "Department of Political and Peacebuilding Affairs", U, ""),
    ("DSS", "Department of Safety and Security", U, ""),
    ("DGC", "Department of Global Communications", U, ""),
    ("EOSG", "Executive Office of the Secretary-General", U, ""),
    ("ICAO", "International Civil Aviation Organization", U, "CA"),
    ("IMO", "International Maritime Organization", U, "GB"),
    ("INTERPOL", "International Criminal Police Organization", R, "FR"),
    ("IOM", "International Organization for Migration", U, "CH"),
    ("IPU", "Inter-Parliamentary Union", R, "CH"),
    ("OCHA", "Office for the Coordination of Humanitarian Affairs", U, ""),
    ("ODA", "Office for Disarmament Affairs", U, ""),
    ("OHCHR", "Office of the United Nations High Commissioner for Human Rights", U, "CH"),
    ("OLA", "Office of Legal Affairs", U, ""),
    ("OSAA", "Office of the Special Adviser on Africa", U, ""),
    ("MT 1267", "Analytical Support and Sanctions Monitoring Team (1267)", U, ""),
    ("1540 GoE", "Group of Experts of the 1540 Committee", U, ""),
    ("SRSG-CAAC", "Office of the SRSG for Children and Armed Conflict", U, ""),
    ("SRSG-SVC", "Office of the SRSG on Sexual Violence in Conflict", U, ""),
    ("SR-CT", "Special Rapporteur on human rights while countering terrorism", U, ""),
    ("UNAOC", "United Nations Alliance of Civilizations", U, ""),
    ("UNDP", "United Nations Development Programme", U, ""),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", U, "FR"),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", U, "CH"),
    ("UNICEF", "United Nations Children's Fund", U, ""),
    ("UNICRI", "United Nations Interregional Crime and Justice Research Institute", U, "IT"),
    ("UNIDIR", "United Nations Institute for Disarmament Research", U, "CH"),
    ("UNITAR", "United Nations Institute for Training and Research", U, "CH"),
    ("UNODC", "United Nations Office on Drugs and Crime", U, "AT"),
    ("UN Women", "United Nations Entity for Gender Equality and the Empowerment of Women", U, ""),
    ("UNRCCA", "United Nations Regional Centre for Preventive Diplomacy for Central Asia", U, "TM"),
    ("UNSSC", "United Nations System Staff College", U, "IT"),
    ("UNU", "United Nations University", U, "JP"),
    ("WCO", "World Customs Organization", R, "BE"),
    ("World Bank", "World Bank Group", U, ""),
    ("IAEA", "International Atomic Energy Agency", U, "AT"),
    ("OPCW", "Organisation for the Prohibition of Chemical Weapons", R, "NL"),
    ("IMF", "International Monetary Fund", U, ""),
    ("ITU", "International Telecommunication Union", U, "CH"),
    ("OSAPG", "Office on Genocide Prevention and the Responsibility to Protect", U, ""),
    ("UNOPS", "United Nations Office for Project Services", U, "DK"),
    ("OSCE", "Organization for Security and Co-operation in Europe", R, "AT"),
    ("GCTF", "Global Counterterrorism Forum", R, ""),
    ("EU", "European Union", R, "BE"),
    ("CAERT", "African Centre for the Study and Research on Terrorism", R, "DZ"),
    ("IIJ", "International Institute for Justice and the Rule of Law", R, "MT"),
    ("IATA", "International Air Transport Association", P, "CA"),
    ("ICSS", "International Centre for Sport Security", C, "QA"),
    ("WBSC", "World Border Security Congress / Border Security Report", P, "GB"),
    ("UNPDF", "UN Peace and Development Trust Fund", F, ""),
    *(
        ("", name, M, code)
        for name, code in (
            ("Afghanistan", "AF"),
            ("Algeria", "DZ"),
            ("Argentina", "AR"),
            ("Belgium", "BE"),
            ("Brazil", "BR"),
            ("China", "CN"),
            ("Colombia", "CO"),
            ("Egypt", "EG"),
            ("France", "FR"),
            ("Germany", "DE"),
            ("India", "IN"),
            ("Indonesia", "ID"),
            ("Morocco", "MA"),
            ("Netherlands", "NL"),
            ("Nigeria", "NG"),
            ("Norway", "NO"),
            ("Pakistan", "PK"),
            ("Russian Federation", "RU"),
            ("Saudi Arabia", "SA"),
            ("Spain", "ES"),
            ("Switzerland", "CH"),
            ("United Kingdom", "GB"),
            ("United States", "US"),
        )
    ),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: Role
    organisation: str | None


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMINISTRATOR, "UNOCT"),
    DemoAccount("editor", Role.OFFICE_EDITOR, "UNOCT"),
    # A second editor: the newsletter's four eyes (the demo's July issue awaits them).
    DemoAccount("reviewer", Role.OFFICE_EDITOR, "UNOCT"),
    DemoAccount("focal.iaea", Role.FOCAL_POINT, "IAEA"),
    DemoAccount("viewer", Role.VIEWER, "UNOCT"),
    DemoAccount("funding", Role.RESOURCE_MOBILISATION_OFFICER, "UNOCT"),
    DemoAccount("analyst", Role.PIU_ANALYST, None),
    DemoAccount("supervisor", Role.PIU_SUPERVISOR, None),
    DemoAccount("liaison", Role.AGENCY_LIAISON, None),
)


def load_organisations() -> int:
    created = 0
    for acronym, name, kind, country in ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            services.organisation_create(
                actor=SYSTEM, name=name, acronym=acronym, kind=kind, country=country
            )
            created += 1
    return created


def load_accounts() -> list[tuple[str, str, str]]:
    """Create the missing demo accounts; return (username, role, password) of the new ones.

    Passwords are random and returned once: they are never stored in clear.
    """
    created = []
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        password = secrets.token_urlsafe(12)
        organisation = (
            Organisation.objects.get(acronym=account.organisation) if account.organisation else None
        )
        services.user_create(
            username=account.username,
            password=password,
            roles=(account.role,),
            organisation=organisation,
        )
        created.append((account.username, account.role.value, password))
    return created
