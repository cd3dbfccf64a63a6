"""Roles are groups of model permissions, declared here and synchronised on migrate.

Model permissions say what kind of record a role may touch; which records it
may touch (a focal point's own organisation, a liaison's own agency) is decided
in each domain's selectors and services.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    OFFICE_EDITOR = "Office editor"
    FOCAL_POINT = "Entity focal point"
    VIEWER = "Viewer"
    PIU_ANALYST = "PIU analyst"
    PIU_SUPERVISOR = "PIU supervisor"
    AGENCY_LIAISON = "Agency liaison"
    RESOURCE_MOBILISATION_OFFICER = "Resource mobilisation officer"


OFFICE_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.OFFICE_EDITOR,
        Role.FOCAL_POINT,
        Role.VIEWER,
        Role.RESOURCE_MOBILISATION_OFFICER,
    }
)
PIU_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.PIU_ANALYST, Role.PIU_SUPERVISOR, Role.AGENCY_LIAISON}
)

_VIEW_OFFICE = (
    "core.view_organisation",
    "reporting.view_issue",
    "reporting.view_newsletteritem",
    "activities.view_activity",
    "activities.view_agreement",
    "activities.view_indicator",
    "activities.view_indicatorvalue",
    "activities.view_indicatortarget",
    "activities.view_activitykind",
    "activities.view_principal",
    "coordination.view_body",
    "coordination.view_membership",
)
# Office editors keep the office's own records: coordination, agreements, results
# (indicators and their targets included: the office, not only the administrator).
_EDIT_OFFICE_RECORDS = tuple(
    model.replace("*", action)
    for model in (
        "coordination.*_body",
        "coordination.*_membership",
        "activities.*_agreement",
        "activities.*_indicator",
        "activities.*_indicatorvalue",
        "activities.*_indicatortarget",
        "activities.*_activitykind",
        "activities.*_principal",
    )
    for action in ("add", "change")
)
_VIEW_FUNDING = (
    "funding.view_pledge",
    "funding.view_receipt",
    "funding.view_instalment",
    "funding.view_inkindcontribution",
    "funding.view_exchangerate",
)
_CHANGE_FUNDING = tuple(
    f"funding.{action}_{model}"
    for model in ("pledge", "receipt", "instalment", "inkindcontribution", "exchangerate")
    for action in ("add", "change")
)

_PIU_ANALYST = (
    "travel.view_flight",
    "travel.view_traveller",
    "travel.view_personal_data",
    "travel.view_booking",
    "travel.view_case",
    "travel.review_case",
    "travel.view_hit",
    "travel.view_rule",
    "travel.add_rule",
    "travel.change_rule",
    "travel.view_watchlist",
    "travel.view_carriermessage",
    "travel.view_referral",
    "travel.add_referral",
    "travel.view_screeningrun",
    "travel.add_screeningrun",
)

# "app_label.codename" of every permission each role holds; the administrator holds all.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.OFFICE_EDITOR: (
        *_VIEW_OFFICE,
        "core.add_organisation",
        "core.change_organisation",
        "activities.add_activity",
        "activities.change_activity",
        "activities.delete_activity",
        "activities.publish_activity",
        *_EDIT_OFFICE_RECORDS,
        # Communications staff: the newsletter.
        "reporting.add_issue",
        "reporting.change_issue",
        "reporting.change_newsletteritem",
        "reporting.publish_issue",
        *_VIEW_FUNDING,
    ),
    Role.FOCAL_POINT: (
        *_VIEW_OFFICE,
        "activities.add_activity",
        "activities.change_activity",
        *_VIEW_FUNDING,
    ),
    Role.VIEWER: (*_VIEW_OFFICE, *_VIEW_FUNDING),
    Role.RESOURCE_MOBILISATION_OFFICER: (
        *_VIEW_OFFICE,
        "core.add_organisation",
        *_VIEW_FUNDING,
        *_CHANGE_FUNDING,
    ),
    Role.PIU_ANALYST: _PIU_ANALYST,
    Role.PIU_SUPERVISOR: (
        *_PIU_ANALYST,
        "travel.supervise_case",
        "travel.retry_carriermessage",
        "travel.reidentify_traveller",
        "travel.add_watchlistversion",
        "travel.view_accesslog",
        "travel.view_retentionrun",
    ),
    Role.AGENCY_LIAISON: ("travel.view_referral", "travel.answer_referral"),
}


def role_permissions(role: Role) -> list[Permission]:
    if role is Role.ADMINISTRATOR:
        return list(Permission.objects.all())
    wanted = ROLE_PERMISSIONS[role]
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    missing = [name for name in wanted if name not in by_name]
    if missing:
        raise LookupError(f"Role {role} names unknown permissions: {', '.join(missing)}")
    return list(Permission.objects.filter(pk__in=[by_name[name] for name in wanted]))


def roles_sync() -> None:
    """Create every role's group and set its permissions to exactly the declared ones."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role))


def user_roles(user: object) -> frozenset[Role]:
    """The roles of ``user`` (an anonymous user has none)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_aegis_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        roles = {role for role in Role if role.value in names}
        if getattr(user, "is_superuser", False):
            roles.add(Role.ADMINISTRATOR)
        cached = frozenset(roles)
        user._aegis_roles = cached  # type: ignore[attr-defined]  # once per request
    return cached
