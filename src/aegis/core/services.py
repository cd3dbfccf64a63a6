"""Every write to the core records: organisations and users."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from aegis.core.audit import save_audited
from aegis.core.locking import claim_version
from aegis.core.models import Organisation, User
from aegis.core.permissions import Actor, require_permission
from aegis.core.roles import Role

_ORGANISATION_FIELDS = ("name", "acronym", "kind", "country", "website", "external_id")


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    acronym: str = "",
    country: str = "",
    website: str = "",
    external_id: str = "",
) -> Organisation:
    """Register an organisation; ``actor`` SYSTEM is the installation (demo data, imports)."""
    require_permission(actor, "core.add_organisation")
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        acronym=acronym.strip(),
        country=country.strip().upper(),
        website=website.strip(),
        external_id=external_id.strip() or None,
    )
    organisation.full_clean()
    save_audited(organisation, actor=actor)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, version: int | None = None, **changes: str
) -> Organisation:
    """Change the given fields; raises EditConflict when saved by someone since ``version``."""
    require_permission(actor, "core.change_organisation")
    unknown = set(changes) - set(_ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {', '.join(sorted(unknown))}")
    claim_version(organisation, version=version, submitted=changes)
    for field, value in changes.items():
        cleaned = value.strip()
        if field == "country":
            cleaned = cleaned.upper()
        setattr(organisation, field, (cleaned or None) if field == "external_id" else cleaned)
    organisation.full_clean()
    save_audited(organisation, actor=actor)
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    roles: tuple[Role, ...] = (),
    organisation: Organisation | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user with the given roles; ``password`` None makes an unusable password."""

    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        is_staff=Role.ADMINISTRATOR in roles,
        is_superuser=Role.ADMINISTRATOR in roles,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    return user
