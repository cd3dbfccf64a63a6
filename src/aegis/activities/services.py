"""Every write to activities, whichever door (page, API, import) it comes through."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aegis.activities.models import Activity
from aegis.activities.selectors import activity_can_change
from aegis.core.audit import save_audited
from aegis.core.models import Organisation, User
from aegis.core.permissions import require_permission
from aegis.core.roles import Role, user_roles


def _check_lead_organisation(actor: User | None, organisation: Organisation) -> None:
    if actor is None:
        return
    roles = user_roles(actor)
    if roles & {Role.ADMINISTRATOR, Role.OFFICE_EDITOR}:
        return
    if organisation.pk != actor.organisation_id:
        raise ValidationError(
            {"lead_organisation": _("You may record activities of your own organisation only.")}
        )


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    title: str,
    kind: str,
    start_date: date,
    lead_organisation: Organisation,
    end_date: date | None = None,
    summary: str = "",
) -> Activity:
    """Record a draft activity. ``actor`` None is the system (demo data, imports)."""
    if actor is not None:
        require_permission(actor, "activities.add_activity")
    _check_lead_organisation(actor, lead_organisation)
    activity = Activity(
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        start_date=start_date,
        end_date=end_date,
        lead_organisation=lead_organisation,
        created_by=actor,
    )
    activity.full_clean()
    save_audited(activity, actor=actor)
    return activity


_EDITABLE = ("title", "kind", "summary", "start_date", "end_date", "lead_organisation")


@transaction.atomic
def activity_update(*, actor: User, activity: Activity, **changes: object) -> Activity:
    """Change the editable fields named in ``changes``; raises ValidationError on bad values."""
    if not activity_can_change(user=actor, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if "lead_organisation" in changes:
        lead = changes["lead_organisation"]
        if not isinstance(lead, Organisation):
            raise TypeError("lead_organisation must be an Organisation")
        _check_lead_organisation(actor, lead)
    for field, value in changes.items():
        setattr(activity, field, value.strip() if isinstance(value, str) else value)
    activity.full_clean()
    save_audited(activity, actor=actor)
    return activity


# status now -> (status next, permission needed, reason recorded)
_TRANSITIONS = {
    "submit": (Activity.Status.DRAFT, Activity.Status.IN_REVIEW, "activities.change_activity"),
    "publish": (
        Activity.Status.IN_REVIEW,
        Activity.Status.PUBLISHED,
        "activities.publish_activity",
    ),
    "return": (Activity.Status.IN_REVIEW, Activity.Status.DRAFT, "activities.publish_activity"),
    "unpublish": (Activity.Status.PUBLISHED, Activity.Status.DRAFT, "activities.publish_activity"),
}
TRANSITION_NAMES = tuple(_TRANSITIONS)


@transaction.atomic
def activity_transition(
    *, actor: User, activity: Activity, transition: str, note: str = ""
) -> Activity:
    """Move ``activity`` along its workflow (submit, publish, return, unpublish).

    Raises PermissionDenied when the role may not take this step and ValidationError
    when the activity is not in the state the step starts from.
    """
    try:
        source, target, permission = _TRANSITIONS[transition]
    except KeyError:
        raise ValidationError(_("Unknown transition: %(name)s.") % {"name": transition}) from None
    require_permission(actor, permission)
    if transition == "submit" and not activity_can_change(user=actor, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status != source:
        raise ValidationError(
            _("Cannot %(step)s an activity that is %(status)s.")
            % {"step": transition, "status": locked.get_status_display().lower()}
        )
    locked.status = target
    reason = f"{transition}: {note.strip()}" if note.strip() else transition
    save_audited(locked, actor=actor, reason=reason, update_fields=["status", "updated_at"])
    return locked
