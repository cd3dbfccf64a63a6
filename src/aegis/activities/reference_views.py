"""Pages where the office keeps its reference data: kinds of activity and principals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aegis.activities import services
from aegis.activities.forms import KindForm, PrincipalForm
from aegis.activities.models import ActivityKind, Principal
from aegis.core.audit import audit_trail
from aegis.core.forms import add_service_errors
from aegis.core.locking import EditConflict
from aegis.core.permissions import require_permission, signed_in_user


@login_required
def kind_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_activitykind")
    kinds = ActivityKind.objects.annotate(activity_count=Count("activities")).order_by(
        "-active", "name"
    )
    return render(
        request,
        "activities/kind_list.html",
        {"kinds": kinds, "can_edit": user.has_perm("activities.change_activitykind")},
    )


@login_required
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    kind = get_object_or_404(ActivityKind, pk=pk) if pk else None
    require_permission(
        user, "activities.change_activitykind" if kind else "activities.add_activitykind"
    )
    form = KindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            if kind is None:
                services.kind_create(actor=user, **form.cleaned_data)
            else:
                fresh = get_object_or_404(ActivityKind, pk=pk)
                services.kind_update(actor=user, kind=fresh, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Kind of activity saved."))
            return redirect("activities:kinds")
    return render(
        request,
        "activities/reference_form.html",
        {
            "form": form,
            "record": kind,
            "title": _("Edit kind of activity") if kind else _("New kind of activity"),
            "list_url_name": "activities:kinds",
            "list_title": _("Kinds of activity"),
            "audit_trail": audit_trail(kind) if kind else [],
        },
    )


@login_required
def principal_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_principal")
    principals = Principal.objects.select_related("organisation").annotate(
        activity_count=Count("activities")
    )
    return render(
        request,
        "activities/principal_list.html",
        {"principals": principals, "can_edit": user.has_perm("activities.change_principal")},
    )


@login_required
def principal_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    principal = get_object_or_404(Principal, pk=pk) if pk else None
    require_permission(
        user, "activities.change_principal" if principal else "activities.add_principal"
    )
    form = PrincipalForm(request.POST or None, instance=principal)
    if request.method == "POST" and form.is_valid():
        try:
            if principal is None:
                services.principal_create(actor=user, **form.cleaned_data)
            else:
                fresh = get_object_or_404(Principal, pk=pk)
                services.principal_update(actor=user, principal=fresh, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Principal saved."))
            return redirect("activities:principals")
    return render(
        request,
        "activities/reference_form.html",
        {
            "form": form,
            "record": principal,
            "title": _("Edit principal") if principal else _("New principal"),
            "list_url_name": "activities:principals",
            "list_title": _("Principals"),
            "audit_trail": audit_trail(principal) if principal else [],
        },
    )
