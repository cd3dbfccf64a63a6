"""Funding pages: thin views over the same selectors and services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aegis.core.audit import audit_trail
from aegis.core.figures_cache import cached_figures
from aegis.core.forms import add_service_errors, query_filters
from aegis.core.locking import EditConflict
from aegis.core.models import User
from aegis.core.pagination import paginate
from aegis.core.periods import YearFilterForm
from aegis.core.permissions import signed_in_user
from aegis.funding import charts, exports, selectors, services
from aegis.funding.forms import (
    DonorFilterForm,
    ExchangeRateForm,
    InKindForm,
    PledgeFilterForm,
    PledgeForm,
    RateImportForm,
    ReceiptForm,
)


def _editor(request: HttpRequest) -> User:
    """The signed-in user if their role may change money records, else PermissionDenied."""
    user = signed_in_user(request)
    selectors.funding_check_access(user=user)
    if not selectors.funding_can_change(user=user):
        raise PermissionDenied(_("Your role does not allow changing funding records."))
    return user


def _dashboard_figures(
    user: User, year: int | None
) -> tuple[selectors.FundingDashboard, dict[str, charts.Figure]]:
    """The dashboard's figures and charts (up to the end of ``year``), cached until a
    funding record changes. Access is checked before, for every request."""

    def compute() -> tuple[selectors.FundingDashboard, dict[str, charts.Figure]]:
        until = date(year, 12, 31) if year else None
        figures = selectors.funding_dashboard(user=user, until=until)
        return figures, {
            "chart-top-pledged": charts.top_donors_chart(figures.top_by_pledged),
            "chart-by-year": charts.by_year_chart(figures.by_year),
            "chart-by-earmark": charts.funded_vs_received_chart(figures.by_earmark),
            "chart-by-programme": charts.funded_vs_received_chart(figures.by_programme),
        }

    return cached_figures(("funding",), f"funding-dashboard:{year or 'all'}", compute)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    selectors.funding_check_access(user=user)
    form = YearFilterForm(request.GET)
    context: dict[str, Any] = {
        "filter_form": form,
        "years": cached_figures(("funding",), "funding-years", selectors.funding_years),
        "can_change": selectors.funding_can_change(user=user),
    }
    if not form.is_valid():
        return render(request, "funding/dashboard.html", context, status=400)
    year = form.chosen_year()
    figures, figure_charts = _dashboard_figures(user, year)
    context |= {"figures": figures, "charts": figure_charts, "chosen_year": year}
    return render(request, "funding/dashboard.html", context)


@login_required
def donor_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = DonorFilterForm(request.GET or None)
    search, order = "", "pledged"
    if data := query_filters(form):
        search, order = data["q"], data["order"]
    donors = selectors.donor_list(user=user, search=search, order=order)
    context: dict[str, Any] = paginate(request, donors)
    page = context["page_obj"]
    balances = selectors.donor_balances(donor_ids=[donor.pk for donor in page])
    context["rows"] = [(donor, balances.get(donor.pk, selectors.ZERO)) for donor in page]
    context.update(filter_form=form, can_change=selectors.funding_can_change(user=user))
    return render(request, "funding/donor_list.html", context)


@login_required
def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    donor = selectors.donor_get(user=user, pk=pk)
    pledges = list(selectors.pledge_list(user=user, donor_id=donor.pk).prefetch_related("receipts"))
    outstanding = {pledge.pk: selectors.pledge_outstanding_usd(pledge) for pledge in pledges}
    return render(
        request,
        "funding/donor_detail.html",
        {
            "donor": donor,
            "pledges": [(pledge, outstanding[pledge.pk]) for pledge in pledges],
            "balance_usd": sum(outstanding.values(), selectors.ZERO),
            "in_kind": selectors.in_kind_list(user=user, donor_id=donor.pk),
            "can_change": selectors.funding_can_change(user=user),
        },
    )


@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PledgeFilterForm(request.GET or None)
    donor_id, currency, year = None, "", None
    if data := query_filters(form):
        donor_id = data["donor"].pk if data["donor"] else None
        currency, year = data["currency"], data["year"]
    pledges = selectors.pledge_list(user=user, donor_id=donor_id, currency=currency, year=year)
    return render(
        request,
        "funding/pledge_list.html",
        {
            "filter_form": form,
            "can_change": selectors.funding_can_change(user=user),
            **paginate(request, pledges),
        },
    )


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    pledge = selectors.pledge_get(user=user, pk=pk)
    return render(
        request,
        "funding/pledge_detail.html",
        {
            "pledge": pledge,
            "outstanding": pledge.amount - pledge.received_amount,  # type: ignore[attr-defined]
            "outstanding_usd": selectors.pledge_outstanding_usd(pledge),
            "receipts": selectors.receipt_list(user=user, pledge_id=pledge.pk),
            "can_change": selectors.funding_can_change(user=user),
            "audit_trail": audit_trail(pledge),
        },
    )


def _form_page(
    request: HttpRequest, form: Any, *, title: str, cancel: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "funding/form.html",
        {"form": form, "title": title, "cancel_url": cancel, **extra},
    )


@login_required
def pledge_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    initial = {"donor": request.GET.get("donor")} if request.GET.get("donor", "").isdigit() else {}
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_record(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge recorded: %(pledge)s.") % {"pledge": pledge})
            return redirect("funding:pledge", pk=pledge.pk)
    return _form_page(
        request, form, title=_("New pledge"), cancel=reverse("funding:pledges"), wide=True
    )


@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    pledge = selectors.pledge_get_for_change(user=user, pk=pk)
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(actor=user, pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("funding:pledge", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Edit pledge: %(pledge)s") % {"pledge": pledge},
        cancel=reverse("funding:pledge", args=[pk]),
        wide=True,
    )


@login_required
def receipt_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    pledge = selectors.pledge_get(user=user, pk=pk)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.receipt_record(actor=user, pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Receipt of %(currency)s %(amount)s recorded.")
                % {"currency": receipt.currency, "amount": f"{receipt.amount:,.2f}"},
            )
            return redirect("funding:donor", pk=pledge.donor_id)
    return _form_page(
        request,
        form,
        title=_("Record a receipt"),
        cancel=reverse("funding:pledge", args=[pk]),
        pledge=pledge,
        outstanding=pledge.amount - pledge.received_amount,  # type: ignore[attr-defined]
    )


@login_required
def receipt_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    receipt = selectors.receipt_get(user=user, pk=pk)
    form = ReceiptForm(request.POST or None, instance=receipt)
    if request.method == "POST" and form.is_valid():
        try:
            services.receipt_update(actor=user, receipt=receipt, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("funding:pledge", pk=receipt.pledge_id)
    return _form_page(
        request,
        form,
        title=_("Correct a receipt"),
        cancel=reverse("funding:pledge", args=[receipt.pledge_id]),
        pledge=receipt.pledge,
    )


@login_required
def in_kind_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    initial = {"donor": request.GET.get("donor")} if request.GET.get("donor", "").isdigit() else {}
    form = InKindForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.in_kind_record(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("In-kind contribution recorded."))
            return redirect("funding:donor", pk=contribution.donor_id)
    return _form_page(
        request, form, title=_("New in-kind contribution"), cancel=reverse("funding:dashboard")
    )


@login_required
def in_kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    contribution = selectors.in_kind_get(user=user, pk=pk)
    form = InKindForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.in_kind_get(user=user, pk=pk)
        try:
            services.in_kind_update(actor=user, contribution=fresh, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("funding:donor", pk=fresh.donor_id)
    return _form_page(
        request,
        form,
        title=_("Edit in-kind contribution"),
        cancel=reverse("funding:donor", args=[contribution.donor_id]),
    )


@login_required
def rate_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    currency = request.GET.get("currency", "").strip()[:3]
    rates = selectors.exchange_rate_list(user=user, currency=currency)
    can_change = selectors.funding_can_change(user=user)
    return render(
        request,
        "funding/rate_list.html",
        {
            "currency": currency,
            "can_change": can_change,
            **paginate(request, rates),
        },
    )


@login_required
def rate_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate, created = services.exchange_rate_set(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (_("Rate added: %(rate)s.") if created else _("Rate changed: %(rate)s."))
                % {"rate": rate},
            )
            return redirect("funding:rates")
    return _form_page(
        request,
        form,
        title=_("Enter a rate of exchange"),
        cancel=reverse("funding:rates"),
        note=_(
            "Entering a rate for a currency and date that already has one changes it. "
            "Figures already converted keep the rate they were converted with."
        ),
    )


@login_required
def rate_import(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = RateImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("file")
        try:
            result = services.exchange_rates_import(
                actor=user,
                text=form.cleaned_data["file"],
                source=str(getattr(upload, "name", "") or ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Rates imported: %(created)s added, %(updated)s changed, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("funding:rates")
    return _form_page(
        request,
        form,
        title=_("Import rates of exchange"),
        cancel=reverse("funding:rates"),
        multipart=True,
    )


@login_required
def export(request: HttpRequest, dataset: str, extension: str) -> HttpResponse:
    user = signed_in_user(request)
    selectors.funding_check_access(user=user)
    chosen = exports.DATASETS.get(dataset)
    if chosen is None or extension not in {"csv", "xlsx"}:
        raise Http404(_("No such export."))
    filename = f"aegis-funding-{dataset}.{extension}"
    if extension == "csv":
        response = HttpResponse(
            exports.as_csv(chosen, user), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.as_xlsx(chosen, user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
