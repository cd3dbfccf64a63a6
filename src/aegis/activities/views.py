"""Activity pages: thin views over the same selectors and services as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aegis.activities import selectors, services
from aegis.activities.forms import ActivityFilterForm, ActivityForm
from aegis.core.audit import audit_trail
from aegis.core.forms import add_service_errors
from aegis.core.pagination import paginate
from aegis.core.permissions import require_permission, signed_in_user


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ActivityFilterForm(request.GET or None)
    filters = selectors.ActivityFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ActivityFilters(
            search=data["q"],
            kind=data["kind"],
            status=data["status"],
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            starts_from=data["starts_from"],
            starts_until=data["starts_until"],
        )
    activities = selectors.activity_list(user=user, filters=filters)
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter_form": form,
            "can_add": user.has_perm("activities.add_activity"),
            **paginate(request, activities),
        },
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = selectors.activity_get(user=user, pk=pk)
    can_change = selectors.activity_can_change(user=user, activity=activity)
    can_review = user.has_perm("activities.publish_activity")
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "can_change": can_change,
            "can_submit": can_change and activity.status == activity.Status.DRAFT,
            "can_review": can_review and activity.status == activity.Status.IN_REVIEW,
            "can_unpublish": can_review and activity.status == activity.Status.PUBLISHED,
            "audit_trail": audit_trail(activity),
        },
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.add_activity")
    form = ActivityForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity “%(title)s” recorded.") % {"title": activity})
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": None})


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = selectors.activity_get_for_change(user=user, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity, user=user)
    if request.method == "POST" and form.is_valid():
        # The form only validated; the fresh copy keeps an invalid edit from leaking.
        fresh = selectors.activity_get_for_change(user=user, pk=pk)
        try:
            services.activity_update(actor=user, activity=fresh, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:detail", pk=pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    user = signed_in_user(request)
    activity = selectors.activity_get(user=user, pk=pk)
    try:
        services.activity_transition(
            actor=user, activity=activity, transition=transition, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Workflow step done: %(step)s.") % {"step": transition})
    return redirect("activities:detail", pk=pk)
