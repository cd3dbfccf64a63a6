"""Activity pages: thin views over the same selectors and services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aegis.activities import exchange, selectors, services
from aegis.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    IndicatorForm,
    IndicatorTargetForm,
    IndicatorValueForm,
)
from aegis.activities.models import (
    NOT_IN_NEWSLETTER,
    Activity,
    Agreement,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
)
from aegis.core.audit import audit_trail
from aegis.core.forms import add_service_errors, query_filters
from aegis.core.import_page import import_page
from aegis.core.locking import EditConflict, version_of
from aegis.core.models import Organisation
from aegis.core.pagination import paginate
from aegis.core.permissions import require_permission, signed_in_user
from aegis.core.review import review_thread
from aegis.core.tabular import FORMATS, table_response


def _filters(form: ActivityFilterForm) -> selectors.ActivityFilters:
    data = query_filters(form)
    if not data:
        return selectors.ActivityFilters()
    return selectors.ActivityFilters(
        search=data["q"],
        kind=data["kind"].code if data["kind"] else "",
        status=data["status"],
        unit_id=data["unit"].pk if data["unit"] else None,
        programme_id=data["programme"].pk if data["programme"] else None,
        pillar=data["pillar"].pk if data["pillar"] else None,
        country=data["country"].pk if data["country"] else "",
        organisation_id=data["organisation"].pk if data["organisation"] else None,
        starts_from=data["starts_from"],
        starts_until=data["starts_until"],
    )


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ActivityFilterForm(request.GET or None)
    activities = selectors.activity_list(user=user, filters=_filters(form))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter_form": form,
            "can_add": user.has_perm("activities.add_activity"),
            "export_query": query.urlencode(),
            **paginate(request, activities),
        },
    )


@login_required
def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = signed_in_user(request)
    if fmt not in FORMATS:
        raise Http404(_("No such format."))
    activities = selectors.activity_list(
        user=user, filters=_filters(ActivityFilterForm(request.GET or None))
    )
    return table_response(
        columns=exchange.COLUMNS,
        rows=exchange.export_rows(activities),
        fmt=fmt,
        filename=f"activities-{date.today().isoformat()}",  # noqa: DTZ011 — a file name
    )


@login_required
def activity_import(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.add_activity")
    return import_page(
        request,
        actor=user,
        importer=exchange.import_activities,
        columns=exchange.COLUMNS,
        required=exchange.REQUIRED,
        title=_("Import activities"),
        back_url=reverse("activities:list"),
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
            "sections": [
                (value or NOT_IN_NEWSLETTER, label) for value, label in Activity.Section.choices
            ],
            "proposed_section": activity.newsletter_section or activity.kind.proposed_section,
            "can_review": can_review and activity.status == activity.Status.IN_REVIEW,
            "own_work": user.pk in {activity.created_by_id, activity.submitted_by_id},
            "can_unpublish": can_review and activity.status == activity.Status.PUBLISHED,
            "audit_trail": audit_trail(activity),
            "comments": review_thread(activity),
            "can_comment": activity.status == activity.Status.IN_REVIEW
            and (can_review or can_change),
        },
    )


@login_required
@require_POST
def activity_comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = selectors.activity_get(user=user, pk=pk)
    try:
        services.activity_comment(actor=user, activity=activity, text=request.POST.get("text", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Comment added to the review thread."))
    return redirect(reverse("activities:detail", args=[pk]) + "#review-thread")


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.add_activity")
    form = ActivityForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=user, **form.service_arguments())
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
        # The form only validated; a fresh copy keeps an invalid edit from leaking.
        fresh = selectors.activity_get_for_change(user=user, pk=pk)
        try:
            with transaction.atomic():
                services.activity_update(actor=user, activity=fresh, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:detail", pk=pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


_TRANSITION_DONE = {
    "submit": gettext_lazy("Submitted for review: another editor approves it."),
    "publish": gettext_lazy("Published: the activity now counts for its month's issue."),
    "return": gettext_lazy("Returned to its author as a draft."),
    "unpublish": gettext_lazy("Unpublished: the activity is a draft again."),
}


@login_required
@require_POST
def activity_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    user = signed_in_user(request)
    activity = selectors.activity_get(user=user, pk=pk)
    try:
        services.activity_transition(
            actor=user,
            activity=activity,
            transition=transition,
            note=request.POST.get("note", ""),
            confirmed=request.POST.get("confirm") == "yes",
            section=request.POST.get("section") if transition == "submit" else None,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, str(_TRANSITION_DONE.get(transition, transition)))
    return redirect("activities:detail", pk=pk)


@login_required
def who_does_what_where(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ActivityFilterForm(request.GET or None)
    filters = _filters(form)
    rows = selectors.who_does_what_where(
        user=user, since=filters.starts_from, until=filters.starts_until
    )
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return table_response(
            columns=("organisation", "activities", "pillar_I", "pillar_II", "pillar_III",
                     "pillar_IV", "countries"),
            rows=(
                (row.organisation.short_name, row.activities,
                 *(row.pillars.get(n, 0) for n in (1, 2, 3, 4)), "; ".join(row.countries))
                for row in rows
            ),
            fmt=fmt,
            filename="who-does-what-where",
        )  # fmt: skip
    return render(
        request,
        "activities/who_does_what_where.html",
        {"rows": rows, "pillars": (1, 2, 3, 4), "filter_form": form},
    )


def _results_period(request: HttpRequest) -> tuple[int, int]:
    """The year and last month the results page shows: by default the latest year with
    entered figures (not an empty current year). Raises BadRequest on a bad number."""
    latest = IndicatorValue.objects.order_by("-month").values_list("month", flat=True).first()
    today = date.today()  # noqa: DTZ011 — the office reports by calendar month
    default_year = latest.year if latest else today.year
    try:
        year = int(request.GET.get("year", default_year))
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        default_through = today.month if year == today.year else 12
        if latest and latest.year == year and year != today.year:
            default_through = latest.month
        through = int(request.GET.get("through", default_through))
        if not 1 <= through <= 12:
            raise ValueError(through)
    except ValueError:
        raise BadRequest(_("Year 2000 to 2100 and month 1 to 12, in figures.")) from None
    return year, through


def _version_read(data: dict[str, Any]) -> int | None:
    """The version the page read, when the figure it corrects is still the one entered
    (the month or unit retyped: another figure, entered as new would be)."""
    if data["version"] is None or data["figure"] is None:
        return None
    stored = IndicatorValue.objects.filter(
        indicator=data["indicator"], unit=data["unit"], month=data["month"]
    ).first()
    return data["version"] if stored is not None and stored.pk == data["figure"] else None


@login_required
def results(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_indicator")
    year, through = _results_period(request)
    can_enter = user.has_perm("activities.add_indicatorvalue")
    form = IndicatorValueForm(request.POST or None) if can_enter else None
    correcting = request.GET.get("correct", "")
    if can_enter and request.method == "GET" and correcting:
        if not correcting.isdigit() or len(correcting) > 18:
            raise BadRequest(_("“correct” is the number of a stored figure."))
        record = IndicatorValue.objects.filter(pk=int(correcting)).first()
        if record is None:
            raise Http404(_("No such figure."))
        form = IndicatorValueForm.correcting(record)
    affected: list[str] = []
    if request.method == "POST":
        require_permission(user, "activities.add_indicatorvalue")
        assert form is not None  # noqa: S101 — set above for whoever may enter figures
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = services.indicator_value_enter(
                    actor=user,
                    indicator=data["indicator"],
                    unit=data["unit"],
                    month=data["month"],
                    value=data["value"],
                    women=data["women"],
                    men=data["men"],
                    source_note=data["source_note"],
                    basis=data["basis"],
                    confirm=data["confirm"],
                    version=_version_read(data),
                )
            except services.ChangeNeedsConfirmation as warning:
                affected = warning.affected
            except EditConflict as conflict:
                form.show_conflict(conflict)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved: %(record)s.") % {"record": record})
                query = f"?year={record.month.year}&through={record.month.month}"
                return redirect(reverse("activities:results") + query)
    units = OfficeUnit.objects.filter(indicator_values__month__year=year).distinct()
    indicators = list(Indicator.objects.all())
    stored = (
        {
            (indicator_id, unit_id, month): pk
            for pk, indicator_id, unit_id, month in IndicatorValue.objects.filter(
                month__year=year
            ).values_list("pk", "indicator_id", "unit_id", "month")
        }
        if can_enter
        else {}
    )
    progress = selectors.indicators_progress(
        pairs=[(indicator, unit) for unit in units for indicator in indicators],
        year=year,
        through_month=through,
    )
    return render(
        request,
        "activities/results.html",
        {
            "progress": progress,
            # Each month with its stored figure's id, to open it for correction.
            "rows": [
                (
                    item,
                    [
                        (figure, stored.get((item.indicator.pk, item.unit.pk, figure.month)))
                        for figure in item.months
                    ],
                )
                for item in progress
            ],
            "year": year,
            "through": through,
            "months": range(1, 13),
            "form": form,
            "can_enter": can_enter,
            "affected": affected,
        },
    )


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_agreement")
    agreements = Agreement.objects.select_related("programme").prefetch_related("parties")
    return render(
        request,
        "activities/agreement_list.html",
        {
            "agreements": agreements,
            "first_private": selectors.first_agreement_with(kind=Organisation.Kind.PRIVATE_SECTOR),
        },
    )


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_indicator")
    indicators = Indicator.objects.select_related("office_unit").prefetch_related(
        Prefetch("targets", IndicatorTarget.objects.select_related("unit").order_by("-year"))
    )
    return render(
        request,
        "activities/indicator_list.html",
        {
            "indicators": indicators,
            "can_add": user.has_perm("activities.add_indicator"),
            "can_change": user.has_perm("activities.change_indicator"),
            "can_target": user.has_perm("activities.add_indicatortarget"),
        },
    )


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.add_indicator")
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_save(
                actor=user, indicator=None, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(name)s” added.") % {"name": indicator})
            return redirect("activities:indicator-edit", pk=indicator.pk)
    return render(request, "activities/indicator_form.html", {"form": form, "indicator": None})


def _indicator(pk: int) -> Indicator:
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None:
        raise Http404(_("No such indicator."))
    return indicator


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.change_indicator")
    indicator = _indicator(pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = dict(form.service_arguments())
        version = version_of(data)
        try:
            # The form only validated; a fresh copy keeps an invalid edit from leaking.
            services.indicator_save(actor=user, indicator=_indicator(pk), version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:indicator-edit", pk=pk)
    return render(
        request,
        "activities/indicator_form.html",
        {
            "form": form,
            "indicator": indicator,
            "targets": indicator.targets.select_related("unit").order_by("-year", "unit__name"),
            "can_target": user.has_perm("activities.add_indicatortarget"),
            "audit_trail": audit_trail(indicator),
        },
    )


@login_required
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.add_indicatortarget")
    indicator = _indicator(pk)
    form = IndicatorTargetForm(request.POST or None, initial={"unit": indicator.office_unit_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_target_set(
                actor=user,
                indicator=indicator,
                unit=data["unit"],
                year=data["year"],
                target=data["target"],
                new=True,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Target saved."))
            return redirect("activities:indicator-edit", pk=pk)
    return render(
        request,
        "activities/target_form.html",
        {"form": form, "indicator": indicator, "target": None},
    )


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.change_indicatortarget")
    target = IndicatorTarget.objects.select_related("indicator", "unit").filter(pk=pk).first()
    if target is None:
        raise Http404(_("No such target."))
    form = IndicatorTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_target_set(
                actor=user,
                indicator=target.indicator,
                unit=target.unit,
                year=target.year,
                target=form.cleaned_data["target"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Target saved."))
            return redirect("activities:indicator-edit", pk=target.indicator_id)
    return render(
        request,
        "activities/target_form.html",
        {
            "form": form,
            "indicator": target.indicator,
            "target": target,
            "audit_trail": audit_trail(target),
        },
    )
