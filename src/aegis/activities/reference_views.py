"""Pages where the office keeps its reference data: kinds of activity and principals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from aegis.activities import services
from aegis.activities.forms import KindForm, PrincipalForm
from aegis.activities.models import ActivityKind, Principal
from aegis.core.audit import audit_trail
from aegis.core.forms import add_service_errors
from aegis.core.locking import EditConflict
from aegis.core.models import User
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
    return _reference_edit(
        request,
        pk,
        _Reference(
            model=ActivityKind,
            form=KindForm,
            create=services.kind_create,
            update=lambda actor, record, data: services.kind_update(
                actor=actor, kind=record, **data
            ),
            list_url_name="activities:kinds",
            list_title=_("Kinds of activity"),
            new_title=_("New kind of activity"),
            edit_title=_("Edit kind of activity"),
            saved=_("Kind of activity saved."),
        ),
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
    return _reference_edit(
        request,
        pk,
        _Reference(
            model=Principal,
            form=PrincipalForm,
            create=services.principal_create,
            update=lambda actor, record, data: services.principal_update(
                actor=actor, principal=record, **data
            ),
            list_url_name="activities:principals",
            list_title=_("Principals"),
            new_title=_("New principal"),
            edit_title=_("Edit principal"),
            saved=_("Principal saved."),
        ),
    )


@dataclass(frozen=True)
class _Reference:
    """What differs between the office's reference-data edit pages."""

    model: type[ActivityKind] | type[Principal]
    form: type[KindForm] | type[PrincipalForm]
    create: Callable[..., object]
    update: Callable[[User, Any, dict[str, Any]], object]
    list_url_name: str
    list_title: StrOrPromise
    new_title: StrOrPromise
    edit_title: StrOrPromise
    saved: StrOrPromise


def _reference_edit(request: HttpRequest, pk: int | None, page: _Reference) -> HttpResponse:
    """Add (``pk`` None) or change one reference record: locked, audited, errors on the form."""
    user = signed_in_user(request)
    label = page.model._meta.model_name
    record = get_object_or_404(page.model, pk=pk) if pk else None
    require_permission(user, f"activities.{'change' if record else 'add'}_{label}")
    form = page.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                page.create(actor=user, **form.cleaned_data)
            else:
                # Read again: the lock compares the version stored now.
                page.update(user, get_object_or_404(page.model, pk=pk), form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, page.saved)
            return redirect(page.list_url_name)
    return render(
        request,
        "activities/reference_form.html",
        {
            "form": form,
            "record": record,
            "title": page.edit_title if record else page.new_title,
            "list_url_name": page.list_url_name,
            "list_title": page.list_title,
            "audit_trail": audit_trail(record) if record else [],
        },
    )
