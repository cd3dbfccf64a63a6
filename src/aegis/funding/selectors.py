"""Reads of the Trust Fund: lists for pages and the API, and the figures of its dashboard.

Access: every office role may read funding (the ``funding.view_pledge`` permission);
PIU roles get PermissionDenied. There is no record-level scoping: the Trust Fund's
figures are the office's, not one entity's.

Figures are in US dollars, sums of the stored converted figures (each rounded to
the cent once, when converted), so a total always equals the sum of its parts.
A pledge's outstanding balance is what it leaves unpaid in its own currency,
valued in dollars at the pledge's own rate: a fully paid pledge owes nothing,
whatever the rates did between signature and payment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from aegis.activities.models import Programme
from aegis.core.models import Organisation, User
from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt
from aegis.funding.money import to_cents, to_usd

ZERO = Decimal("0.00")
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)


def funding_check_access(*, user: User | None) -> None:
    """Raise PermissionDenied unless ``user``'s role may read the Trust Fund.

    ``None`` is the system itself (the newsletter composed on the command line).
    """
    if user is not None and not user.has_perm("funding.view_pledge"):
        raise PermissionDenied(_("Your role has no access to funding."))


def funding_can_change(*, user: User) -> bool:
    return user.has_perm("funding.add_pledge") and user.has_perm("funding.change_pledge")


def _sum_of(queryset: QuerySet[Any], group: str, column: str) -> Subquery:
    """A correlated subquery: the sum of ``column`` over ``queryset`` grouped by ``group``."""
    return Subquery(
        queryset.order_by().values(group).annotate(total=Sum(column)).values("total")[:1],
        output_field=_MONEY,
    )


def _money(expression: Subquery) -> Coalesce:
    return Coalesce(expression, Value(ZERO), output_field=_MONEY)


def _records_until(
    until: date | None,
) -> tuple[QuerySet[Pledge], QuerySet[Receipt], QuerySet[InKindContribution]]:
    """Pledges, receipts and in-kind contributions since inception (up to ``until``)."""
    pledges, receipts = Pledge.objects.all(), Receipt.objects.all()
    in_kind = InKindContribution.objects.all()
    if until is not None:
        pledges = pledges.filter(signed_on__lte=until)
        receipts = receipts.filter(received_on__lte=until)
        in_kind = in_kind.filter(year__lte=until.year)
    return pledges, receipts, in_kind


def _donor_figures(
    organisations: QuerySet[Organisation], until: date | None = None
) -> QuerySet[Organisation]:
    pledges, receipts, in_kinds = _records_until(until)
    pledged = pledges.filter(donor=OuterRef("pk"))
    received = receipts.filter(pledge__donor=OuterRef("pk"))
    in_kind = in_kinds.filter(donor=OuterRef("pk"))
    return organisations.annotate(
        pledged_usd=_money(_sum_of(pledged, "donor", "usd_amount")),
        received_usd=_money(_sum_of(received, "pledge__donor", "usd_amount")),
        in_kind_usd=_money(_sum_of(in_kind, "donor", "value_usd")),
        from_other_fund=Exists(pledges.filter(donor=OuterRef("pk"), from_other_fund=True)),
    )


DonorOrder = Literal["name", "pledged", "received"]
DONOR_ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "pledged": ("-pledged_usd", "name"),
    "received": ("-received_usd", "name"),
}


def donor_list(
    *, user: User | None, search: str = "", order: str = "pledged"
) -> QuerySet[Organisation]:
    """Organisations that pledged or gave in kind, with their dollar figures annotated."""
    funding_check_access(user=user)
    donors = Organisation.objects.filter(
        Exists(Pledge.objects.filter(donor=OuterRef("pk")))
        | Exists(InKindContribution.objects.filter(donor=OuterRef("pk")))
    )
    if search:
        donors = donors.filter(Q(name__icontains=search) | Q(acronym__iexact=search))
    return _donor_figures(donors).order_by(*DONOR_ORDERS.get(order, DONOR_ORDERS["pledged"]))


def donor_get(*, user: User, pk: int) -> Organisation:
    """A donor with its figures, or Http404 when the organisation does not exist."""
    funding_check_access(user=user)
    try:
        return _donor_figures(Organisation.objects.all()).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404(_("No such organisation.")) from None


def _pledges_with_received() -> QuerySet[Pledge]:
    return Pledge.objects.annotate(
        received_amount=Coalesce(Sum("receipts__amount"), Value(ZERO), output_field=_MONEY)
    )


def pledge_outstanding_usd(pledge: Pledge) -> Decimal:
    """What ``pledge`` leaves unpaid (never below zero), in dollars at the pledge's rate."""
    received: Decimal = getattr(pledge, "received_amount", None) or ZERO
    return to_usd(max(pledge.amount - received, ZERO), pledge.usd_rate)


def donor_balances(*, donor_ids: Iterable[int]) -> dict[int, Decimal]:
    """Outstanding balance in dollars of each donor in ``donor_ids`` (one query)."""
    balances: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pledge in (
        _pledges_with_received()
        .filter(donor_id__in=list(donor_ids))
        .only("donor_id", "amount", "usd_rate")
    ):
        balances[pledge.donor_id] += pledge_outstanding_usd(pledge)
    return dict(balances)


def pledge_list(
    *,
    user: User,
    donor_id: int | None = None,
    currency: str = "",
    year: int | None = None,
) -> QuerySet[Pledge]:
    funding_check_access(user=user)
    pledges = _pledges_with_received().select_related("donor", "programme")
    if donor_id:
        pledges = pledges.filter(donor_id=donor_id)
    if currency:
        pledges = pledges.filter(currency=currency.upper())
    if year:
        pledges = pledges.filter(signed_on__year=year)
    return pledges.order_by("-signed_on", "-pk")


def pledge_get(*, user: User, pk: int) -> Pledge:
    funding_check_access(user=user)
    try:
        return (
            _pledges_with_received()
            .select_related("donor", "programme", "created_by")
            .prefetch_related("instalments")
            .get(pk=pk)
        )
    except Pledge.DoesNotExist:
        raise Http404(_("No such pledge.")) from None


def pledge_get_for_change(*, user: User, pk: int) -> Pledge:
    """The pledge if ``user`` may change money records: 404 if absent, 403 if read-only."""
    pledge = pledge_get(user=user, pk=pk)
    if not funding_can_change(user=user):
        raise PermissionDenied(_("Your role does not allow changing funding records."))
    return pledge


def receipt_list(
    *, user: User, pledge_id: int | None = None, donor_id: int | None = None
) -> QuerySet[Receipt]:
    funding_check_access(user=user)
    receipts = Receipt.objects.select_related("pledge", "pledge__donor")
    if pledge_id:
        receipts = receipts.filter(pledge_id=pledge_id)
    if donor_id:
        receipts = receipts.filter(pledge__donor_id=donor_id)
    return receipts.order_by("-received_on", "-pk")


def receipt_get(*, user: User, pk: int) -> Receipt:
    funding_check_access(user=user)
    try:
        return Receipt.objects.select_related("pledge", "pledge__donor").get(pk=pk)
    except Receipt.DoesNotExist:
        raise Http404(_("No such receipt.")) from None


def in_kind_list(*, user: User, donor_id: int | None = None) -> QuerySet[InKindContribution]:
    funding_check_access(user=user)
    contributions = InKindContribution.objects.select_related("donor")
    if donor_id:
        contributions = contributions.filter(donor_id=donor_id)
    return contributions.order_by("-year", "pk")


def in_kind_get(*, user: User, pk: int) -> InKindContribution:
    funding_check_access(user=user)
    try:
        return InKindContribution.objects.select_related("donor").get(pk=pk)
    except InKindContribution.DoesNotExist:
        raise Http404(_("No such in-kind contribution.")) from None


def exchange_rate_list(*, user: User, currency: str = "") -> QuerySet[ExchangeRate]:
    funding_check_access(user=user)
    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(currency=currency.upper())
    return rates.order_by("-effective_date", "currency")


def exchange_rate_get(*, user: User, pk: int) -> ExchangeRate:
    funding_check_access(user=user)
    try:
        return ExchangeRate.objects.get(pk=pk)
    except ExchangeRate.DoesNotExist:
        raise Http404(_("No such rate.")) from None


# The dashboard's figures


@dataclass(frozen=True, slots=True)
class FundSummary:
    pledged_usd: Decimal
    received_usd: Decimal
    outstanding_usd: Decimal
    in_kind_usd: Decimal
    from_other_funds_usd: Decimal
    donors_pledged: int
    donors_paid: int


@dataclass(frozen=True, slots=True)
class DonorFigure:
    donor_id: int
    name: str
    short_name: str
    pledged_usd: Decimal
    received_usd: Decimal
    in_kind_usd: Decimal
    from_other_fund: bool


@dataclass(frozen=True, slots=True)
class YearFigure:
    year: int
    pledged_usd: Decimal = ZERO
    received_usd: Decimal = ZERO
    in_kind_usd: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class EarmarkFigure:
    label: str
    pledged_usd: Decimal
    received_usd: Decimal


@dataclass(frozen=True, slots=True)
class FundingDashboard:
    summary: FundSummary
    top_by_pledged: list[DonorFigure]
    top_by_received: list[DonorFigure]
    top_in_kind: list[DonorFigure]
    by_year: list[YearFigure]
    by_earmark: list[EarmarkFigure]
    by_programme: list[EarmarkFigure] = field(default_factory=list)


def fund_summary(*, user: User | None, until: date | None = None) -> FundSummary:
    """Cumulative figures since inception (or up to and including ``until``)."""
    funding_check_access(user=user)
    pledges, receipts, in_kind = _records_until(until)
    pledge_totals = pledges.aggregate(
        pledged=Coalesce(Sum("usd_amount"), Value(ZERO), output_field=_MONEY),
        other=Coalesce(
            Sum("usd_amount", filter=Q(from_other_fund=True)), Value(ZERO), output_field=_MONEY
        ),
        donors=Count("donor", distinct=True),
    )
    receipt_totals = receipts.aggregate(
        received=Coalesce(Sum("usd_amount"), Value(ZERO), output_field=_MONEY),
        donors=Count("pledge__donor", distinct=True),
    )
    outstanding = ZERO
    received_by_pledge = dict(
        receipts.order_by()
        .values("pledge_id")
        .annotate(total=Sum("amount"))
        .values_list("pledge_id", "total")
    )
    for pledge in pledges.only("amount", "usd_rate"):
        received = received_by_pledge.get(pledge.pk) or ZERO
        outstanding += to_usd(max(pledge.amount - received, ZERO), pledge.usd_rate)
    return FundSummary(
        pledged_usd=to_cents(pledge_totals["pledged"]),
        received_usd=to_cents(receipt_totals["received"]),
        outstanding_usd=outstanding,
        in_kind_usd=to_cents(
            in_kind.aggregate(total=Coalesce(Sum("value_usd"), Value(ZERO), output_field=_MONEY))[
                "total"
            ]
        ),
        from_other_funds_usd=to_cents(pledge_totals["other"]),
        donors_pledged=pledge_totals["donors"],
        donors_paid=receipt_totals["donors"],
    )


def _figure(donor: Organisation) -> DonorFigure:
    return DonorFigure(
        donor_id=donor.pk,
        name=donor.name,
        short_name=donor.short_name,
        pledged_usd=to_cents(donor.pledged_usd),  # type: ignore[attr-defined]
        received_usd=to_cents(donor.received_usd),  # type: ignore[attr-defined]
        in_kind_usd=to_cents(donor.in_kind_usd),  # type: ignore[attr-defined]
        from_other_fund=donor.from_other_fund,  # type: ignore[attr-defined]
    )


def top_donors(
    *,
    user: User | None,
    by: Literal["pledged", "received", "in_kind"],
    limit: int = 10,
    until: date | None = None,
) -> list[DonorFigure]:
    """The ``limit`` largest donors by dollars pledged, received, or given in kind (since
    inception, up to ``until``)."""
    funding_check_access(user=user)
    column = {"pledged": "pledged_usd", "received": "received_usd", "in_kind": "in_kind_usd"}[by]
    donors = (
        _donor_figures(Organisation.objects.all(), until)
        .filter(**{f"{column}__gt": 0})
        .order_by(f"-{column}", "name")
    )
    return [_figure(donor) for donor in donors[:limit]]


def contributions_by_year(*, user: User, until: date | None = None) -> list[YearFigure]:
    """Dollars pledged (by signature year), received (by receipt year) and given in kind."""
    funding_check_access(user=user)
    pledges, receipts, in_kinds = _records_until(until)
    pledged = dict(
        pledges.annotate(year=ExtractYear("signed_on"))
        .order_by()
        .values("year")
        .annotate(total=Sum("usd_amount"))
        .values_list("year", "total")
    )
    received = dict(
        receipts.annotate(year=ExtractYear("received_on"))
        .order_by()
        .values("year")
        .annotate(total=Sum("usd_amount"))
        .values_list("year", "total")
    )
    in_kind = dict(
        in_kinds.order_by()
        .values("year")
        .annotate(total=Sum("value_usd"))
        .values_list("year", "total")
    )
    years = sorted(set(pledged) | set(received) | set(in_kind))
    return [
        YearFigure(
            year=year,
            pledged_usd=pledged.get(year) or ZERO,
            received_usd=received.get(year) or ZERO,
            in_kind_usd=in_kind.get(year) or ZERO,
        )
        for year in years
    ]


def _earmark_label(earmark: str, programme_name: str | None, theme: str) -> str:
    if earmark == Pledge.Earmark.PROGRAMME and programme_name:
        return programme_name
    if earmark == Pledge.Earmark.THEME:
        return _("Theme: %(theme)s") % {"theme": theme}
    return str(Pledge.Earmark(earmark).label)


def contributions_by_earmark(*, user: User, until: date | None = None) -> list[EarmarkFigure]:
    """Dollars pledged and received per earmark (each programme, each theme, unearmarked)."""
    funding_check_access(user=user)
    pledges, receipts, _in_kind = _records_until(until)
    keys = ("earmark", "programme__name", "theme")
    pledged = {
        (row["earmark"], row["programme__name"], row["theme"]): row["total"]
        for row in pledges.order_by().values(*keys).annotate(total=Sum("usd_amount"))
    }
    received = {
        (row["pledge__earmark"], row["pledge__programme__name"], row["pledge__theme"]): row["total"]
        for row in receipts.order_by()
        .values(*(f"pledge__{key}" for key in keys))
        .annotate(total=Sum("usd_amount"))
    }
    figures = [
        EarmarkFigure(
            label=_earmark_label(*key),
            pledged_usd=pledged.get(key) or ZERO,
            received_usd=received.get(key) or ZERO,
        )
        for key in set(pledged) | set(received)
    ]
    return sorted(figures, key=lambda figure: (-figure.pledged_usd, figure.label))


def programme_funding(*, user: User, until: date | None = None) -> list[EarmarkFigure]:
    """Per programme: dollars pledged to it (its funding) against dollars received for it."""
    funding_check_access(user=user)
    pledges, receipts, _in_kind = _records_until(until)
    pledged = pledges.filter(programme=OuterRef("pk"))
    received = receipts.filter(pledge__programme=OuterRef("pk"))
    programmes = (
        Programme.objects.annotate(
            pledged_usd=_money(_sum_of(pledged, "programme", "usd_amount")),
            received_usd=_money(_sum_of(received, "pledge__programme", "usd_amount")),
        )
        .filter(pledged_usd__gt=0)
        .order_by("-pledged_usd", "name")
    )
    return [
        EarmarkFigure(
            label=programme.name,
            pledged_usd=programme.pledged_usd,
            received_usd=programme.received_usd,
        )
        for programme in programmes
    ]


def funding_years() -> list[int]:
    """Every year with a pledge signed or a receipt received, oldest first."""
    signed = Pledge.objects.annotate(y=ExtractYear("signed_on")).values_list("y", flat=True)
    paid = Receipt.objects.annotate(y=ExtractYear("received_on")).values_list("y", flat=True)
    return sorted(set(signed.order_by().union(paid.order_by())))


def funding_dashboard(
    *, user: User, limit: int = 10, until: date | None = None
) -> FundingDashboard:
    """The dashboard's figures since inception, or up to ``until`` (the end of a year)."""
    return FundingDashboard(
        summary=fund_summary(user=user, until=until),
        top_by_pledged=top_donors(user=user, by="pledged", limit=limit, until=until),
        top_by_received=top_donors(user=user, by="received", limit=limit, until=until),
        top_in_kind=top_donors(user=user, by="in_kind", limit=limit, until=until),
        by_year=contributions_by_year(user=user, until=until),
        by_earmark=contributions_by_earmark(user=user, until=until),
        by_programme=programme_funding(user=user, until=until),
    )
