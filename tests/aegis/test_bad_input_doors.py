"""Observation 8 of the security review: bad input that answered 500 or a traceback.

Each door answers a clear refusal instead: a page shows a form error (or a 400 naming the
parameter), the API a 400 in its error shape, a command one line on stderr and exit 2;
and nothing is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import execute_from_command_line
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from aegis import datasets
from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.funding.models import ExchangeRate
from aegis.travel.models import Rule, WatchlistVersion
from paxscreen.cli import main as paxscreen_main
from tests.aegis.travel.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def piu_client(make_user: Callable[..., User]) -> Callable[..., Client]:
    def make(role: Role) -> Client:
        user = make_user(role)
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return make


# ----------------------------------------------------------------------------- rule values

NON_FINITE = ["nan", "NaN", "inf", "-inf", "Infinity", "1e309"]


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("test_first", [False, True], ids=["save", "back-test"])
def test_a_rule_value_that_is_not_a_finite_number_is_a_form_error(
    value: str, test_first: bool, piu_client: Callable[..., Client]
) -> None:
    form = {
        "name": "Booked at the last minute",
        "severity": "2",
        "field_1": "days_booked_before_departure",
        "op_1": "lt",
        "value_1": value,
        **({"test": "1"} if test_first else {}),
    }

    response = piu_client(Role.PIU_ANALYST).post(reverse("travel:rule_create"), form)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "value_1": [f"Days from booking to departure: {value!r} is not a finite number"]
    }
    assert not Rule.objects.exists()


def test_a_rule_range_with_an_infinite_end_is_a_form_error(
    piu_client: Callable[..., Client],
) -> None:
    response = piu_client(Role.PIU_ANALYST).post(
        reverse("travel:rule_create"),
        {
            "name": "Any time",
            "severity": "1",
            "field_1": "days_booked_before_departure",
            "op_1": "between",
            "value_1": "0-inf",
        },
    )

    assert response.status_code == 200
    assert "value_1" in response.context["form"].errors
    assert not Rule.objects.exists()


# The PIU's rules have no API operation; the API's numbers are its rates of exchange.
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e309", '"nan"', '"inf"'])
def test_a_rate_that_is_not_a_finite_number_is_a_400_through_the_api(
    literal: str, client_for: Callable[[Role | None], Client]
) -> None:
    body = '{"currency": "EUR", "effective_date": "2020-09-01", "rate": %s}' % literal  # noqa: UP031

    response = client_for(Role.RESOURCE_MOBILISATION_OFFICER).post(
        "/api/v1/funding/rates/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}
    assert not ExchangeRate.objects.filter(currency="EUR", effective_date="2020-09-01").exists()


# ----------------------------------------------------------------------------- XLSX imports


def xlsx_without_sheets() -> bytes:
    """An XLSX package whose workbook lists no sheet (as some exporters write an empty book)."""
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.S)
            if item.filename.startswith("xl/worksheets/"):
                continue
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb"<Relationship[^>]*worksheet[^>]*/>", b"", data)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb"<Override[^>]*worksheet[^>]*/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


def xlsx_with_only_a_chart_sheet() -> bytes:
    workbook = Workbook()
    workbook.create_chartsheet("Chart")
    workbook.remove(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("door", ["organisations:import", "activities:import"])
@pytest.mark.parametrize("content", [xlsx_without_sheets, xlsx_with_only_a_chart_sheet])
def test_an_xlsx_without_a_sheet_is_a_form_error_on_every_import_door(
    door: str, content: Callable[[], bytes], client_for: Callable[[Role | None], Client]
) -> None:
    before = (Organisation.objects.count(), Activity.objects.count())
    upload = SimpleUploadedFile("records.xlsx", content())

    response = client_for(Role.OFFICE_EDITOR).post(reverse(door), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The workbook has no sheet to read: put the table on its first sheet."]
    }
    assert (Organisation.objects.count(), Activity.objects.count()) == before


# ----------------------------------------------------------------------------- watchlist CSV

# 128 KB is the csv module's default field limit.
HUGE_FIELD = "x" * (131_072 + 10)


GTAS_LINES = datasets.GTAS_WATCHLIST.read_text(encoding="utf-8").rstrip("\n").splitlines()
HUGE_LINE = f"line {len(GTAS_LINES) + 1}"


@pytest.fixture
def csv_with_a_huge_field(tmp_path: Path) -> Path:
    """The GTAS list as shipped, with one more row whose e-mail cell is over 128 KB."""
    path = tmp_path / "gtas-huge.csv"
    row = f"JANE,DOE,,1980-01-01,USA,X1,P,GBR,1,{HUGE_FIELD}"
    path.write_text("\n".join([*GTAS_LINES, row]) + "\n", encoding="utf-8")
    return path


def test_a_watchlist_csv_with_a_huge_field_is_a_form_error(
    csv_with_a_huge_field: Path, piu_client: Callable[..., Client]
) -> None:
    upload = SimpleUploadedFile("gtas.csv", csv_with_a_huge_field.read_bytes())

    response = piu_client(Role.PIU_SUPERVISOR).post(
        reverse("travel:watchlists"), {"name": "GTAS", "file_format": "csv", "file": upload}
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors() + response.context["form"].errors.get(
        "content", []
    )
    message = " ".join(str(error) for error in errors)
    assert HUGE_LINE in message
    assert "field larger than field limit" in message
    assert not WatchlistVersion.objects.exists()


def run_aegis(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """``aegis ARGV`` as the console script runs it, in this process and on the test
    database (the command's final closing of connections would end the test's)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["aegis", *argv])
    return int(exit_.value.code or 0)


def test_aegis_watchlist_refuses_a_huge_field_in_one_line(
    csv_with_a_huge_field: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run_aegis(["watchlist", "GTAS", str(csv_with_a_huge_field)], monkeypatch)

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert HUGE_LINE in err and "field larger than field limit" in err
    assert not WatchlistVersion.objects.exists()


def test_aegis_watchlist_refuses_a_missing_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_aegis(["watchlist", "GTAS", str(tmp_path / "absent.csv")], monkeypatch)

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "absent.csv" in err


def test_paxscreen_watchlist_refuses_a_huge_field_in_one_line(
    csv_with_a_huge_field: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = paxscreen_main(["watchlist", "info", str(csv_with_a_huge_field)])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert HUGE_LINE in err and "field larger than field limit" in err


# ----------------------------------------------------------------------------- NUL in queries


def test_a_nul_byte_in_the_search_box_is_a_form_error(
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(Role.VIEWER).get(reverse("search"), {"q": "Vienna\x00"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"q": ["Null characters are not allowed."]}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/organisations/?q=UN%00", "q"),
        ("/organisations/?kind=%00", "kind"),
        ("/activities/?q=x%00", "q"),
        ("/funding/rates/?currency=%00EU", "currency"),
        ("/api/v1/organisations/?search=UN%00", "search"),
        ("/api/v1/coordination/bodies/?kind=%00", "kind"),
    ],
)
def test_a_nul_byte_in_any_query_parameter_is_refused_with_its_name(
    url: str, parameter: str, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).get(url)

    assert response.status_code == 400
    message = "Parameter %r holds a null character (\\x00); remove it." % parameter  # noqa: UP031
    if url.startswith("/api/"):
        assert response.json() == {"message": message, "errors": {parameter: [message]}}
    else:
        assert escape(message) in response.content.decode()


# ----------------------------------------------------------------------------- hostile XML

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST dateGenerated="2020-03-20T00:00:00"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME><REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST dateGenerated="2020-03-20T00:00:00"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&secret;</FIRST_NAME><REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
"""
HOSTILE_XML = {"billion laughs": BILLION_LAUGHS, "external entity": EXTERNAL_ENTITY}


@pytest.mark.parametrize("attack", HOSTILE_XML)
def test_paxscreen_watchlist_refuses_entities_in_one_line(
    attack: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.xml"
    path.write_text(HOSTILE_XML[attack], encoding="utf-8")

    code = paxscreen_main(["watchlist", "info", str(path)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert "entity declarations are not accepted" in captured.err


# ----------------------------------------------------------------------------- found by the fuzz


@pytest.mark.parametrize("field", ["partners", "organisers", "compact_bodies", "pillars"])
def test_a_record_id_too_long_for_the_database_is_a_form_error(
    field: str, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        reverse("activities:create"),
        {"title": "Workshop", "kind": "workshop", "dates": "2020-09-21", field: "9" * 40},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [f"“{'9' * 40}” is not a valid value."]
    assert not Activity.objects.exists()
