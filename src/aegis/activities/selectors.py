"""Which activities a user may see and change.

Scoping rule: office editors, viewers and administrators see every activity; an
entity focal point sees published activities and every activity of their own
organisation, and changes only their own organisation's. PIU roles see none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from aegis.activities.models import Activity
from aegis.core.models import User
from aegis.core.roles import Role, user_roles

_SEES_ALL = frozenset({Role.ADMINISTRATOR, Role.OFFICE_EDITOR, Role.VIEWER})
_CHANGES_ALL = frozenset({Role.ADMINISTRATOR, Role.OFFICE_EDITOR})


@dataclass(frozen=True, slots=True)
class ActivityFilters:
    search: str = ""
    kind: str = ""
    status: str = ""
    organisation_id: int | None = None
    starts_from: date | None = None
    starts_until: date | None = None


def activity_visible(*, user: User) -> QuerySet[Activity]:
    """Every activity ``user`` may see; raises PermissionDenied for roles without office access."""
    if not user.has_perm("activities.view_activity"):
        raise PermissionDenied(_("Your role has no access to activities."))
    activities = Activity.objects.select_related("lead_organisation")
    if user_roles(user) & _SEES_ALL:
        return activities
    own = Q(lead_organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return activities.filter(Q(status=Activity.Status.PUBLISHED) | own)


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    filters = filters or ActivityFilters()
    activities = activity_visible(user=user)
    if filters.search:
        activities = activities.filter(
            Q(title__icontains=filters.search)
            | Q(summary__icontains=filters.search)
            | Q(lead_organisation__acronym__iexact=filters.search)
        )
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.organisation_id:
        activities = activities.filter(lead_organisation_id=filters.organisation_id)
    if filters.starts_from:
        activities = activities.filter(start_date__gte=filters.starts_from)
    if filters.starts_until:
        activities = activities.filter(start_date__lte=filters.starts_until)
    return activities.order_by("-start_date", "title")


def activity_get(*, user: User, pk: int) -> Activity:
    """The activity, or Http404 when it does not exist or ``user`` may not see it."""
    try:
        return activity_visible(user=user).get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404(_("No such activity.")) from None


def activity_can_change(*, user: User, activity: Activity) -> bool:
    if not user.has_perm("activities.change_activity"):
        return False
    roles = user_roles(user)
    if roles & _CHANGES_ALL:
        return True
    return Role.FOCAL_POINT in roles and activity.lead_organisation_id == user.organisation_id


def activity_get_for_change(*, user: User, pk: int) -> Activity:
    """The activity if ``user`` may change it: Http404 if unseen, PermissionDenied if read-only."""
    activity = activity_get(user=user, pk=pk)
    if not activity_can_change(user=user, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    return activity
