"""Reads of the Compact and its bodies, at any date."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from aegis.coordination.models import Body, Membership
from aegis.core.models import User
from aegis.core.permissions import require_permission


def _require_view(user: User) -> None:
    require_permission(
        user, "coordination.view_body", _("Your role has no access to the Compact's records.")
    )


def body_list(*, user: User, kind: str = "") -> QuerySet[Body]:
    _require_view(user)
    bodies = Body.objects.select_related("part_of")
    return bodies.filter(kind=kind) if kind else bodies


def members_on(*, body: Body, on: date, roles: tuple[str, ...] = ()) -> QuerySet[Membership]:
    """Memberships of ``body`` in force on ``on`` (joined on or before, not yet left)."""
    memberships = Membership.objects.filter(body=body, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.select_related("organisation").order_by("role", "organisation__name")


def member_counts_on(*, on: date) -> dict[int, tuple[int, int]]:
    """Body id -> (members, guests) in force on ``on``, for every body: one query."""
    guest = Q(role=Membership.Role.GUEST)
    counts = (
        Membership.objects.filter(joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .values("body_id")
        .annotate(members=Count("pk", filter=~guest), guests=Count("pk", filter=guest))
        .values_list("body_id", "members", "guests")
    )
    return {body_id: (members, guests) for body_id, members, guests in counts}


def compact_members_on(on: date) -> QuerySet[Membership]:
    """Entities of the Global Counter-Terrorism Coordination Compact on ``on``."""
    compact = Body.objects.get(kind=Body.Kind.COMPACT)
    return members_on(body=compact, on=on)


def membership_changes(*, body: Body) -> list[tuple[date, int]]:
    """(date, members that day) at every date the membership of ``body`` changed."""
    dates = sorted(
        {m.joined_on for m in body.memberships.all()}
        | {m.left_on for m in body.memberships.all() if m.left_on}
    )
    memberships = list(body.memberships.all())
    return [(day, sum(1 for m in memberships if m.active_on(day))) for day in dates]
