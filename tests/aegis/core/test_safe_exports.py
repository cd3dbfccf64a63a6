"""Every CSV/XLSX export writes text that a spreadsheet would run as a formula as text.

OWASP CSV injection: a cell beginning with =, +, -, @, tab or carriage return.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook
from tests.aegis.factories import ActivityFactory, OrganisationFactory
from tests.aegis.funding.factories import InKindFactory, PledgeFactory, ReceiptFactory

from aegis.activities.models import Activity, Pillar
from aegis.coordination.models import Body, Membership
from aegis.core.models import Organisation
from aegis.core.roles import Role
from aegis.core.tabular import safe_cell

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (ATTACK, "'" + ATTACK),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Spain", "Spain"),
        (-5, -5),
        (None, ""),
    ],
)
def test_safe_cell(value: object, written: object) -> None:
    assert safe_cell(value) == written


@pytest.fixture
def hostile_records() -> None:
    donor = OrganisationFactory(
        name=ATTACK, acronym="@X", kind=Organisation.Kind.MEMBER_STATE, country="ES"
    )
    activity = ActivityFactory(
        title=ATTACK, lead_organisation=donor, status=Activity.Status.PUBLISHED
    )
    activity.pillars.set([Pillar.objects.get(number=2)])
    pledge = PledgeFactory(donor=donor, reference=ATTACK)
    ReceiptFactory(pledge=pledge)
    InKindFactory(donor=donor, description=ATTACK)
    body = Body.objects.create(name="Working group", kind=Body.Kind.WORKING_GROUP)
    Membership.objects.create(
        body=body, organisation=donor, role=Membership.Role.MEMBER, joined_on=date(2020, 1, 1)
    )


def _body() -> str:
    return str(Body.objects.get(name="Working group").pk)


EXPORTS = [
    ("/activities/export.{fmt}", Role.OFFICE_EDITOR),
    ("/activities/who-does-what-where/?format={fmt}", Role.OFFICE_EDITOR),
    ("/organisations/export.{fmt}", Role.OFFICE_EDITOR),
    ("/coordination/{body}/members.{fmt}", Role.OFFICE_EDITOR),
    ("/funding/export/pledges.{fmt}", Role.RESOURCE_MOBILISATION_OFFICER),
    ("/funding/export/receipts.{fmt}", Role.RESOURCE_MOBILISATION_OFFICER),
    ("/funding/export/donors.{fmt}", Role.RESOURCE_MOBILISATION_OFFICER),
    ("/funding/export/in-kind.{fmt}", Role.RESOURCE_MOBILISATION_OFFICER),
]


@pytest.mark.usefixtures("hostile_records")
@pytest.mark.parametrize(("url", "role"), EXPORTS)
def test_every_export_writes_the_formula_as_text(
    url: str, role: Role, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(role)

    csv_response = client.get(url.format(fmt="csv", body=_body()))
    xlsx_response = client.get(url.format(fmt="xlsx", body=_body()))

    assert (csv_response.status_code, xlsx_response.status_code) == (200, 200)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert {"'" + ATTACK, "'@X"} & set(cells), cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {"'" + ATTACK, "'@X"} & {cell.value for cell in values if cell.data_type == "s"}
    assert not any(cell.data_type == "f" for cell in values)


@pytest.mark.usefixtures("hostile_records")
def test_dashboard_chart_tables_write_the_formula_as_text(
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(Role.OFFICE_EDITOR).get("/highlights/dashboard/?csv=by-kind")

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "\n=" not in text and not text.startswith("=")
