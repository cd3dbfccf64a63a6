"""Every write to the Trust Fund's records, whichever door (page, API, import) it comes through.

Money rules kept here:

- an amount is stored in its own currency and converted to US dollars with the UN
  operational rate of exchange in force on the transaction's date within its month
  (the latest rate effective on or before the date, in the same month); the rate
  and its effective date are stored beside the dollar figure, so later edits of the
  rates table never change a recorded figure;
- a receipt is in its pledge's currency and may not exceed what the pledge leaves
  outstanding unless it is explicitly marked as an over-payment;
- the rates import is all-or-nothing and reports every bad line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats
from django.utils.translation import gettext as _

from aegis.activities.models import Programme
from aegis.core.audit import save_audited
from aegis.core.locking import claim_version
from aegis.core.models import Organisation, User
from aegis.core.permissions import Actor, acting_user, require_permission
from aegis.funding.models import ExchangeRate, InKindContribution, Instalment, Pledge, Receipt
from aegis.funding.money import (
    RATE_PLACES,
    USD,
    to_usd,
    validate_currency_code,
    validate_positive,
)

_CONVERTED = ("usd_rate", "rate_date", "usd_amount")


@dataclass(frozen=True, slots=True)
class Conversion:
    """A figure converted to dollars and the rate that converted it."""

    rate: Decimal
    rate_date: date
    usd_amount: Decimal


@dataclass(frozen=True, slots=True)
class InstalmentLine:
    due_on: date
    amount: Decimal


def _month_name(day: date) -> str:
    return formats.date_format(day, "F Y")


def rate_in_force(*, currency: str, on: date) -> ExchangeRate | None:
    """The operational rate of ``currency`` on ``on``: the month's latest rate effective by then."""
    return (
        ExchangeRate.objects.filter(
            currency=currency, effective_date__lte=on, effective_date__gte=on.replace(day=1)
        )
        .order_by("-effective_date")
        .first()
    )


def convert_to_usd(*, currency: str, amount: Decimal, on: date, field: str) -> Conversion:
    """Convert ``amount`` of ``currency`` at the rate of ``on``'s month.

    Raises ValidationError on ``field`` when the rates table has no rate for that month.
    """
    if currency == USD:
        return Conversion(
            rate=Decimal("1.000000"), rate_date=on, usd_amount=to_usd(amount, Decimal(1))
        )
    rate = rate_in_force(currency=currency, on=on)
    if rate is None:
        raise ValidationError(
            {
                field: _(
                    "No UN operational rate of exchange for %(currency)s in %(month)s "
                    "(on or before %(date)s): import or enter it first."
                )
                % {
                    "currency": currency,
                    "month": _month_name(on),
                    "date": formats.date_format(on, "j F Y"),
                }
            },
            code="no_rate",
        )
    return Conversion(
        rate=rate.rate, rate_date=rate.effective_date, usd_amount=to_usd(amount, rate.rate)
    )


def _apply(record: Pledge | Receipt, conversion: Conversion) -> None:
    record.usd_rate = conversion.rate
    record.rate_date = conversion.rate_date
    record.usd_amount = conversion.usd_amount


def _raise_if(errors: Mapping[str, list[str]]) -> None:
    if any(errors.values()):
        raise ValidationError({field: messages for field, messages in errors.items() if messages})


def _money(currency: str, amount: Decimal) -> str:
    return f"{currency} {amount:,.2f}"


# Pledges


def _check_earmark(
    *, earmark: str, programme: Programme | None, theme: str, errors: dict[str, list[str]]
) -> None:
    if earmark == Pledge.Earmark.PROGRAMME and programme is None:
        errors.setdefault("programme", []).append(_("Choose the programme this pledge funds."))
    if earmark == Pledge.Earmark.THEME and not theme:
        errors.setdefault("theme", []).append(_("Name the theme this pledge funds."))
    if earmark != Pledge.Earmark.PROGRAMME and programme is not None:
        errors.setdefault("programme", []).append(
            _("Only a pledge earmarked for a programme names a programme.")
        )
    if earmark != Pledge.Earmark.THEME and theme:
        errors.setdefault("theme", []).append(
            _("Only a pledge earmarked for a theme names a theme.")
        )


def _check_schedule(
    *, amount: Decimal, currency: str, instalments: Sequence[InstalmentLine]
) -> list[str]:
    if not instalments:
        return []
    problems = []
    for number, line in enumerate(instalments, start=1):
        if line.amount <= 0:
            problems.append(
                _("Instalment %(number)s: enter an amount greater than zero.") % {"number": number}
            )
    total = sum((line.amount for line in instalments), Decimal(0))
    if not problems and total != amount:
        problems.append(
            _("The instalments add up to %(total)s, not the pledged %(amount)s.")
            % {"total": _money(currency, total), "amount": _money(currency, amount)}
        )
    return problems


def _validate_pledge(pledge: Pledge, errors: dict[str, list[str]]) -> None:
    try:
        # Constraints are checked by the final full_clean(), once the earmark check
        # has reported its problems field by field.
        pledge.full_clean(exclude=_CONVERTED, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _replace_schedule(pledge: Pledge, instalments: Sequence[InstalmentLine], actor: Actor) -> None:
    for old in pledge.instalments.all():
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    for line in instalments:
        instalment = Instalment(pledge=pledge, due_on=line.due_on, amount=line.amount)
        instalment.full_clean()
        save_audited(instalment, actor=actor)


@transaction.atomic
def pledge_record(
    *,
    actor: Actor,
    donor: Organisation,
    signed_on: date,
    currency: str,
    amount: Decimal,
    earmark: str = Pledge.Earmark.UNEARMARKED,
    programme: Programme | None = None,
    theme: str = "",
    from_other_fund: bool = False,
    reference: str = "",
    notes: str = "",
    instalments: Sequence[InstalmentLine] = (),
) -> Pledge:
    """Record a signed contribution agreement and convert it at its month's rate.

    ``actor`` SYSTEM is the installation (demo data, imports). Raises PermissionDenied for a
    role that may not record money, ValidationError (field by field) for bad input:
    an unknown currency, an amount not above zero, an inconsistent earmark, a schedule
    that does not add up, or no rate of exchange for the month.
    """
    require_permission(actor, "funding.add_pledge")
    pledge = Pledge(
        donor=donor,
        signed_on=signed_on,
        currency=currency.strip().upper(),
        amount=amount,
        earmark=earmark,
        programme=programme,
        theme=theme.strip(),
        from_other_fund=from_other_fund,
        reference=reference.strip(),
        notes=notes.strip(),
        created_by=acting_user(actor),
    )
    errors: dict[str, list[str]] = {}
    _validate_pledge(pledge, errors)
    _check_earmark(earmark=earmark, programme=programme, theme=pledge.theme, errors=errors)
    if "amount" not in errors and "currency" not in errors:
        schedule_problems = _check_schedule(
            amount=amount, currency=pledge.currency, instalments=instalments
        )
        if schedule_problems:
            errors["instalments"] = schedule_problems
    _raise_if(errors)
    _apply(
        pledge,
        convert_to_usd(currency=pledge.currency, amount=amount, on=signed_on, field="signed_on"),
    )
    pledge.full_clean()
    save_audited(pledge, actor=actor)
    _replace_schedule(pledge, instalments, actor)
    return pledge


_PLEDGE_EDITABLE = (
    "donor",
    "signed_on",
    "currency",
    "amount",
    "earmark",
    "programme",
    "theme",
    "from_other_fund",
    "reference",
    "notes",
)


@transaction.atomic
def pledge_update(
    *,
    actor: User,
    pledge: Pledge,
    instalments: Sequence[InstalmentLine] | None = None,
    reason: str = "",
    version: int | None = None,
    **changes: object,
) -> Pledge:
    """Change a pledge; a new amount, currency or date is converted again at its month's rate.

    ``instalments`` None keeps the schedule, a sequence replaces it. Raises
    ValidationError when the pledge would fall below what it has already received or
    change currency under its receipts.
    """
    require_permission(actor, "funding.change_pledge")
    unknown = set(changes) - set(_PLEDGE_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    claim_version(locked, version=version, submitted=changes)
    before = (locked.currency, locked.amount, locked.signed_on)
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip().upper() if field == "currency" else value.strip()  # noqa: PLW2901
        setattr(locked, field, value)
    errors: dict[str, list[str]] = {}
    _validate_pledge(locked, errors)
    _check_earmark(
        earmark=locked.earmark, programme=locked.programme, theme=locked.theme, errors=errors
    )
    received = locked.receipts.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if received and locked.currency != before[0]:
        errors.setdefault("currency", []).append(
            _("This pledge has receipts in %(currency)s: its currency cannot change.")
            % {"currency": before[0]}
        )
    elif "amount" not in errors and locked.amount < received:
        errors.setdefault("amount", []).append(
            _("%(received)s has already been received against this pledge.")
            % {"received": _money(before[0], received)}
        )
    if instalments is not None and "amount" not in errors and "currency" not in errors:
        schedule_problems = _check_schedule(
            amount=locked.amount, currency=locked.currency, instalments=instalments
        )
        if schedule_problems:
            errors["instalments"] = schedule_problems
    _raise_if(errors)
    if (locked.currency, locked.amount, locked.signed_on) != before:
        _apply(
            locked,
            convert_to_usd(
                currency=locked.currency,
                amount=locked.amount,
                on=locked.signed_on,
                field="signed_on",
            ),
        )
    locked.full_clean()
    save_audited(locked, actor=actor, reason=reason.strip())
    if instalments is not None:
        _replace_schedule(locked, instalments, actor)
    return locked


# Receipts


def _check_receipt_amount(
    *,
    pledge: Pledge,
    amount: Decimal,
    is_overpayment: bool,
    excluding: int | None,
    errors: dict[str, list[str]],
) -> None:
    others = pledge.receipts.exclude(pk=excluding) if excluding else pledge.receipts.all()
    received = others.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    outstanding = max(pledge.amount - received, Decimal(0))
    if amount > outstanding and not is_overpayment:
        errors.setdefault("amount", []).append(
            _(
                "Only %(outstanding)s of this pledge is outstanding. Mark the receipt as an "
                "over-payment to record more."
            )
            % {"outstanding": _money(pledge.currency, outstanding)}
        )
    elif amount <= outstanding and is_overpayment:
        errors.setdefault("is_overpayment", []).append(
            _("This receipt is within the %(outstanding)s outstanding: it is no over-payment.")
            % {"outstanding": _money(pledge.currency, outstanding)}
        )


@transaction.atomic
def receipt_record(
    *,
    actor: Actor,
    pledge: Pledge,
    received_on: date,
    amount: Decimal,
    currency: str = "",
    is_overpayment: bool = False,
    notes: str = "",
) -> Receipt:
    """Record cash received against ``pledge`` and convert it at its month's rate.

    ``currency`` defaults to the pledge's and must equal it. Raises ValidationError
    when the amount exceeds what the pledge leaves outstanding and is not marked as
    an over-payment, and PermissionDenied for a role that may not record money.
    """
    require_permission(actor, "funding.add_receipt")
    # Locking the pledge serialises receipts against it, so two clerks cannot both
    # take the last outstanding amount.
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    receipt = Receipt(
        pledge=locked,
        received_on=received_on,
        currency=(currency.strip().upper() or locked.currency),
        amount=amount,
        is_overpayment=is_overpayment,
        notes=notes.strip(),
        created_by=acting_user(actor),
    )
    errors: dict[str, list[str]] = {}
    try:
        receipt.full_clean(exclude=_CONVERTED)
    except ValidationError as error:
        errors.update({field: list(messages) for field, messages in error.message_dict.items()})
    if "currency" not in errors and receipt.currency != locked.currency:
        errors["currency"] = [
            _("This pledge is in %(currency)s: record the receipt in %(currency)s.")
            % {"currency": locked.currency}
        ]
    if "amount" not in errors:
        _check_receipt_amount(
            pledge=locked,
            amount=amount,
            is_overpayment=is_overpayment,
            excluding=None,
            errors=errors,
        )
    _raise_if(errors)
    _apply(
        receipt,
        convert_to_usd(
            currency=receipt.currency, amount=amount, on=received_on, field="received_on"
        ),
    )
    receipt.full_clean()
    save_audited(receipt, actor=actor)
    return receipt


_RECEIPT_EDITABLE = ("received_on", "amount", "is_overpayment", "notes")


@transaction.atomic
def receipt_update(
    *,
    actor: User,
    receipt: Receipt,
    reason: str = "",
    version: int | None = None,
    **changes: object,
) -> Receipt:
    """Correct a receipt; a new amount or date is converted again at its month's rate."""
    require_permission(actor, "funding.change_receipt")
    unknown = set(changes) - set(_RECEIPT_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    pledge = Pledge.objects.select_for_update().get(pk=receipt.pledge_id)
    locked = Receipt.objects.get(pk=receipt.pk)
    claim_version(locked, version=version, submitted=changes)
    before = (locked.amount, locked.received_on)
    for field, value in changes.items():
        setattr(locked, field, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        locked.full_clean(exclude=_CONVERTED)
    except ValidationError as error:
        errors.update({field: list(messages) for field, messages in error.message_dict.items()})
    if "amount" not in errors:
        _check_receipt_amount(
            pledge=pledge,
            amount=locked.amount,
            is_overpayment=locked.is_overpayment,
            excluding=locked.pk,
            errors=errors,
        )
    _raise_if(errors)
    if (locked.amount, locked.received_on) != before:
        _apply(
            locked,
            convert_to_usd(
                currency=locked.currency,
                amount=locked.amount,
                on=locked.received_on,
                field="received_on",
            ),
        )
    locked.full_clean()
    save_audited(locked, actor=actor, reason=reason.strip())
    return locked


# In-kind contributions


@transaction.atomic
def in_kind_record(
    *,
    actor: Actor,
    donor: Organisation,
    year: int,
    description: str,
    value_usd: Decimal,
    notes: str = "",
) -> InKindContribution:
    """Record goods or services given, at the dollar value the donor states."""
    require_permission(actor, "funding.add_inkindcontribution")
    contribution = InKindContribution(
        donor=donor,
        year=year,
        description=description.strip(),
        value_usd=value_usd,
        notes=notes.strip(),
    )
    contribution.full_clean()
    save_audited(contribution, actor=actor)
    return contribution


_IN_KIND_EDITABLE = ("donor", "year", "description", "value_usd", "notes")


@transaction.atomic
def in_kind_update(
    *,
    actor: User,
    contribution: InKindContribution,
    reason: str = "",
    version: int | None = None,
    **changes: object,
) -> InKindContribution:
    require_permission(actor, "funding.change_inkindcontribution")
    unknown = set(changes) - set(_IN_KIND_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    claim_version(contribution, version=version, submitted=changes)
    for field, value in changes.items():
        setattr(contribution, field, value.strip() if isinstance(value, str) else value)
    contribution.full_clean()
    save_audited(contribution, actor=actor, reason=reason.strip())
    return contribution


# Rates of exchange


def _require_rate_permissions(actor: Actor) -> None:
    require_permission(actor, "funding.add_exchangerate")
    require_permission(actor, "funding.change_exchangerate")


def _set_rate(
    *, actor: Actor, currency: str, effective_date: date, rate: Decimal, reason: str
) -> tuple[ExchangeRate, bool]:
    record = ExchangeRate.objects.filter(currency=currency, effective_date=effective_date).first()
    created = record is None
    if record is None:
        record = ExchangeRate(currency=currency, effective_date=effective_date, rate=rate)
    elif record.rate == rate:
        return record, False
    else:
        record.rate = rate
    record.full_clean()
    save_audited(record, actor=actor, reason=reason)
    return record, created


@transaction.atomic
def exchange_rate_set(
    *,
    actor: Actor,
    currency: str,
    effective_date: date,
    rate: Decimal,
    reason: str = "",
) -> tuple[ExchangeRate, bool]:
    """Create or change the rate of ``currency`` from ``effective_date``; (rate, created).

    Figures already converted keep the rate they were converted with.
    """
    _require_rate_permissions(actor)
    currency = currency.strip().upper()
    errors: dict[str, list[str]] = {}
    try:
        validate_currency_code(currency)
    except ValidationError as error:
        errors["currency"] = list(error.messages)
    try:
        validate_positive(rate)
    except ValidationError as error:
        errors["rate"] = list(error.messages)
    if currency == USD:
        errors.setdefault("currency", []).append(_("The US dollar needs no rate."))
    _raise_if(errors)
    return _set_rate(
        actor=actor,
        currency=currency,
        effective_date=effective_date,
        rate=rate.quantize(RATE_PLACES),
        reason=reason.strip(),
    )


@dataclass(frozen=True, slots=True)
class RateImport:
    created: int
    updated: int
    unchanged: int


_HEADER = ("currency", "effective_date", "rate")


def _parse_rate_rows(
    rows: Iterable[list[str]],
) -> tuple[list[tuple[str, date, Decimal]], list[str]]:
    parsed: list[tuple[str, date, Decimal]] = []
    problems: list[str] = []
    seen: dict[tuple[str, date], int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            problems.append(
                _("Line %(line)s: expected 3 values (currency, effective date, rate), got %(n)s.")
                % {"line": line, "n": len(row)}
            )
            continue
        code, day_text, rate_text = (cell.strip() for cell in row)
        row_problems = []
        code = code.upper()
        try:
            validate_currency_code(code)
        except ValidationError:
            row_problems.append(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": code})
        if code == USD:
            row_problems.append(_("the US dollar needs no rate."))
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            row_problems.append(_("“%(text)s” is not a date (YYYY-MM-DD).") % {"text": day_text})
            day = None
        try:
            rate = Decimal(rate_text)
            if not rate.is_finite() or rate <= 0:
                raise InvalidOperation
            if rate != rate.quantize(RATE_PLACES):
                row_problems.append(
                    _("rate %(rate)s has more than 6 decimal places.") % {"rate": rate_text}
                )
        except InvalidOperation:
            row_problems.append(_("“%(text)s” is not a positive rate.") % {"text": rate_text})
        if day is not None and not row_problems:
            first = seen.setdefault((code, day), line)
            if first != line:
                row_problems.append(
                    _("repeats the rate of %(code)s on %(day)s given on line %(first)s.")
                    % {"code": code, "day": day.isoformat(), "first": first}
                )
        if row_problems:
            problems.append(
                _("Line %(line)s: %(problems)s")
                % {"line": line, "problems": "; ".join(row_problems)}
            )
        elif day is not None:
            parsed.append((code, day, rate.quantize(RATE_PLACES)))
    return parsed, problems


@transaction.atomic
def exchange_rates_import(*, actor: Actor, text: str, source: str = "") -> RateImport:
    """Import rates from CSV text with the header ``currency,effective_date,rate``.

    All or nothing: when any line is bad nothing is written and the ValidationError
    on ``file`` lists every bad line by its number (the header is line 1).
    """
    _require_rate_permissions(actor)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower().replace(" ", "_") for cell in next(reader, [])]
    if tuple(header) != _HEADER:
        raise ValidationError(
            {
                "file": _("Line 1: the header must be “currency,effective_date,rate”.")
                if header
                else _("The file is empty.")
            }
        )
    parsed, problems = _parse_rate_rows(reader)
    if problems:
        raise ValidationError({"file": problems})
    if not parsed:
        raise ValidationError({"file": _("The file holds no rates.")})
    reason = _("imported from %(source)s") % {"source": source} if source else _("imported")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {
        (record.currency, record.effective_date): record.rate
        for record in ExchangeRate.objects.filter(currency__in={code for code, _d, _r in parsed})
    }
    for code, day, rate in parsed:
        old = existing.get((code, day))
        if old == rate:
            counts["unchanged"] += 1
            continue
        _set_rate(actor=actor, currency=code, effective_date=day, rate=rate, reason=reason)
        counts["created" if old is None else "updated"] += 1
    return RateImport(**counts)
