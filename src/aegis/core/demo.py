"""Demo organisations and accounts: the parties the September 2020 Highlights names.

Loading is idempotent: records are matched on their natural key (an
organisation's name, a user's username) and left alone when they exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from aegis.core import services
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

K = Organisation.Kind

# (acronym, name, kind, country)
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("UNOCT", "United Nations Office of Counter-Terrorism", K.UN_ENTITY, ""),
    ("IAEA", "International Atomic Energy Agency", K.UN_ENTITY, ""),
    ("UNODC", "United Nations Office on Drugs and Crime", K.UN_ENTITY, ""),
    ("CTED", "Counter-Terrorism Committee Executive Directorate", K.UN_ENTITY, ""),
    ("OSCE", "Organization for Security and Co-operation in Europe", K.REGIONAL_BODY, ""),
    ("GCTF", "Global Counterterrorism Forum", K.REGIONAL_BODY, ""),
    ("EU", "European Union", K.REGIONAL_BODY, ""),
    ("IIJ", "International Institute for Justice and the Rule of Law", K.REGIONAL_BODY, "MT"),
    ("IATA", "International Air Transport Association", K.PRIVATE_SECTOR, "CA"),
    ("", "Spain", K.MEMBER_STATE, "ES"),
    ("", "Saudi Arabia", K.MEMBER_STATE, "SA"),
    ("", "Afghanistan", K.MEMBER_STATE, "AF"),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: Role
    organisation: str | None


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMINISTRATOR, "UNOCT"),
    DemoAccount("editor", Role.OFFICE_EDITOR, "UNOCT"),
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
                actor=None, name=name, acronym=acronym, kind=kind, country=country
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
