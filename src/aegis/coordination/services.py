"""Every write to the Compact's bodies and their memberships."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aegis.coordination.models import Body, Membership
from aegis.coordination.selectors import members_on
from aegis.core.audit import save_audited
from aegis.core.models import Organisation
from aegis.core.permissions import Actor, require_permission


@transaction.atomic
def body_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    short_name: str = "",
    part_of: Body | None = None,
    established_on: date | None = None,
    revitalised_on: date | None = None,
    description: str = "",
) -> Body:
    require_permission(actor, "coordination.add_body")
    body = Body(
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        part_of=part_of,
        established_on=established_on,
        revitalised_on=revitalised_on,
        description=description.strip(),
    )
    body.full_clean()
    save_audited(body, actor=actor)
    return body


@transaction.atomic
def membership_add(
    *,
    actor: Actor,
    body: Body,
    organisation: Organisation,
    joined_on: date,
    role: str = Membership.Role.MEMBER,
) -> Membership:
    """Record that ``organisation`` joined ``body`` on ``joined_on`` in ``role``.

    Raises ValidationError when it is already a member on that date.
    """
    require_permission(actor, "coordination.add_membership")
    if members_on(body=body, on=joined_on).filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(org)s is already a member on that date.") % {"org": organisation}}
        )
    membership = Membership(body=body, organisation=organisation, joined_on=joined_on, role=role)
    membership.full_clean()
    save_audited(membership, actor=actor)
    return membership


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, left_on: date) -> Membership:
    require_permission(actor, "coordination.change_membership")
    membership.left_on = left_on
    membership.full_clean()
    save_audited(membership, actor=actor, reason="left")
    return membership
