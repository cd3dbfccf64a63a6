"""The organisation registry pages (an organisation's page lists its activities)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aegis.activities import selectors as activity_selectors
from aegis.core import exchange, selectors, services
from aegis.core.audit import audit_trail
from aegis.core.forms import OrganisationForm, add_service_errors
from aegis.core.import_page import import_page
from aegis.core.locking import EditConflict
from aegis.core.models import Organisation, User
from aegis.core.pagination import paginate
from aegis.core.permissions import require_permission, signed_in_user
from aegis.core.tabular import FORMATS, table_response

logger = logging.getLogger(__name__)


def _require_view(user: User) -> None:
    require_permission(
        user, "core.view_organisation", _("Your role has no access to the organisation registry.")
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _require_view(user)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind and kind not in Organisation.Kind.values:
        raise BadRequest(_("kind: %(kind)s is not a kind of organisation.") % {"kind": kind})
    organisations = selectors.organisation_list(search=query, kind=kind)
    return render(
        request,
        "core/organisation_list.html",
        {
            "query": query,
            "kind": kind,
            "kinds": Organisation.Kind.choices,
            "can_add": user.has_perm("core.add_organisation"),
            **paginate(request, organisations),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _require_view(user)
    organisation = get_object_or_404(Organisation, pk=pk)
    activities = activity_selectors.activity_list(
        user=user, filters=activity_selectors.ActivityFilters(organisation_id=organisation.pk)
    )[:20]
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "activities": activities,
            "can_change": user.has_perm("core.change_organisation"),
            "audit_trail": audit_trail(organisation),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    require_permission(
        user, "core.change_organisation" if organisation else "core.add_organisation"
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if organisation is None:
                organisation = services.organisation_create(actor=user, **form.cleaned_data)
            else:
                fresh = get_object_or_404(Organisation, pk=pk)
                organisation = services.organisation_update(
                    actor=user, organisation=fresh, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request, "core/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = signed_in_user(request)
    _require_view(user)
    if fmt not in FORMATS:
        raise Http404(_("No such format."))
    organisations = selectors.organisation_list(
        search=request.GET.get("q", "").strip(), kind=request.GET.get("kind", "")
    )
    return table_response(
        columns=exchange.COLUMNS,
        rows=exchange.export_rows(organisations),
        fmt=fmt,
        filename="organisations",
    )


@login_required
def organisation_import(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "core.add_organisation")
    return import_page(
        request,
        actor=user,
        importer=exchange.import_organisations,
        columns=exchange.COLUMNS,
        required=exchange.REQUIRED,
        title=_("Import organisations"),
        back_url=reverse("organisations:list"),
    )
