"""Pages of the Compact and its bodies."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from aegis.coordination import selectors
from aegis.coordination.models import Body, Membership
from aegis.core.audit import audit_trail
from aegis.core.permissions import signed_in_user
from aegis.core.tabular import FORMATS, table_response


def _on(request: HttpRequest) -> date:
    """The day the page shows (``?on=YYYY-MM-DD``, today by default); BadRequest if bad."""
    text = request.GET.get("on", "")
    if not text:
        return date.today()  # noqa: DTZ011 — the office's day
    try:
        on = parse_date(text)
    except ValueError:
        on = None
    if on is None:
        raise BadRequest(_("on: %(text)s is not a date written YYYY-MM-DD.") % {"text": text})
    return on


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    on = _on(request)
    rank: dict[str, int] = {
        Body.Kind.COMPACT: 0,
        Body.Kind.COMMITTEE: 1,
        Body.Kind.WORKING_GROUP: 2,
    }
    counts = selectors.member_counts_on(on=on)
    bodies = [
        (body, *counts.get(body.pk, (0, 0)))
        for body in sorted(
            selectors.body_list(user=user), key=lambda b: (rank.get(b.kind, 3), b.name)
        )
    ]
    return render(request, "coordination/body_list.html", {"bodies": bodies, "on": on})


@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    body = get_object_or_404(selectors.body_list(user=user), pk=pk)
    on = _on(request)
    memberships = selectors.members_on(body=body, on=on)
    return render(
        request,
        "coordination/body_detail.html",
        {
            "body": body,
            "on": on,
            "memberships": memberships,
            "members": sum(1 for m in memberships if m.role != Membership.Role.GUEST),
            "guests": sum(1 for m in memberships if m.role == Membership.Role.GUEST),
            "changes": selectors.membership_changes(body=body),
            "parts": body.parts.all() if body.kind == Body.Kind.COMPACT else (),
            "audit_trail": audit_trail(body),
        },
    )


@login_required
def body_members_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = signed_in_user(request)
    body = get_object_or_404(selectors.body_list(user=user), pk=pk)
    if fmt not in FORMATS:
        raise Http404
    on = _on(request)
    memberships = selectors.members_on(body=body, on=on)
    return table_response(
        columns=("organisation", "acronym", "kind", "role", "joined_on", "left_on"),
        rows=(
            (
                m.organisation.name,
                m.organisation.acronym,
                m.organisation.kind,
                m.role,
                m.joined_on.isoformat(),
                m.left_on.isoformat() if m.left_on else "",
            )
            for m in memberships
        ),
        fmt=fmt,
        filename=f"members-{body.pk}-{on.isoformat()}",
    )
