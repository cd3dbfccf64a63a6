"""CSV and XLSX exports of the Trust Fund's records: exact figures, one row a record."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from aegis.core.models import User
from aegis.core.tabular import safe_cell, safe_row
from aegis.funding import selectors
from aegis.funding.money import to_cents

Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class Dataset:
    title: Any
    headers: tuple[Any, ...]
    rows: Callable[[User], Iterable[Row]]


def _pledges(user: User) -> Iterable[Row]:
    for pledge in selectors.pledge_list(user=user).iterator(chunk_size=500):
        yield (
            pledge.pk,
            pledge.donor.name,
            pledge.signed_on,
            pledge.currency,
            pledge.amount,
            to_cents(pledge.received_amount),  # type: ignore[attr-defined]
            pledge.usd_rate,
            pledge.rate_date,
            pledge.usd_amount,
            pledge.earmark_label,
            "yes" if pledge.from_other_fund else "",
            pledge.reference,
            pledge.notes,
        )


def _receipts(user: User) -> Iterable[Row]:
    for receipt in selectors.receipt_list(user=user).iterator(chunk_size=500):
        yield (
            receipt.pk,
            receipt.pledge_id,
            receipt.pledge.donor.name,
            receipt.received_on,
            receipt.currency,
            receipt.amount,
            receipt.usd_rate,
            receipt.rate_date,
            receipt.usd_amount,
            "yes" if receipt.is_overpayment else "",
            receipt.notes,
        )


def _donors(user: User) -> Iterable[Row]:
    donors = list(selectors.donor_list(user=user))
    balances = selectors.donor_balances(donor_ids=[donor.pk for donor in donors])
    for donor in donors:
        yield (
            donor.pk,
            donor.name,
            donor.get_kind_display(),
            to_cents(donor.pledged_usd),  # type: ignore[attr-defined]
            to_cents(donor.received_usd),  # type: ignore[attr-defined]
            balances.get(donor.pk, Decimal("0.00")),
            to_cents(donor.in_kind_usd),  # type: ignore[attr-defined]
            "yes" if donor.from_other_fund else "",  # type: ignore[attr-defined]
        )


def _in_kind(user: User) -> Iterable[Row]:
    for contribution in selectors.in_kind_list(user=user):
        yield (
            contribution.pk,
            contribution.donor.name,
            contribution.year,
            contribution.description,
            contribution.value_usd,
            contribution.notes,
        )


DATASETS: dict[str, Dataset] = {
    "pledges": Dataset(
        _("Pledges"),
        (
            "id",
            "donor",
            "signed_on",
            "currency",
            "amount",
            "received",
            "usd_rate",
            "rate_date",
            "usd_amount",
            "earmark",
            "from_other_fund",
            "reference",
            "notes",
        ),
        _pledges,
    ),
    "receipts": Dataset(
        _("Receipts"),
        (
            "id",
            "pledge",
            "donor",
            "received_on",
            "currency",
            "amount",
            "usd_rate",
            "rate_date",
            "usd_amount",
            "overpayment",
            "notes",
        ),
        _receipts,
    ),
    "donors": Dataset(
        _("Donors"),
        (
            "id",
            "donor",
            "kind",
            "pledged_usd",
            "received_usd",
            "outstanding_usd",
            "in_kind_usd",
            "from_other_fund",
        ),
        _donors,
    ),
    "in-kind": Dataset(
        _("In-kind contributions"),
        ("id", "donor", "year", "description", "value_usd", "notes"),
        _in_kind,
    ),
}


def as_csv(dataset: Dataset, user: User) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(dataset.headers))
    for row in dataset.rows(user):
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def _cell(sheet: WriteOnlyWorksheet, value: Any, column: str) -> Any:
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.000000" if column.endswith("rate") else "#,##0.00"
        return cell
    if hasattr(value, "isoformat"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return safe_cell(value)


def as_xlsx(dataset: Dataset, user: User) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(dataset.title)[:31])
    sheet.append(safe_row(dataset.headers))
    for row in dataset.rows(user):
        sheet.append(
            [
                _cell(sheet, value, column)
                for value, column in zip(row, dataset.headers, strict=True)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
