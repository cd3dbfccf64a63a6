"""Watchlists that show what they loaded and what changed (issue 15, point 6): rejected rows
on the page and the command line, the version diff, XLSX lists, no server path in errors."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Hit, ScreeningRun, Watchlist, WatchlistVersion
from paxscreen.synthetic.traffic import PlantedTraveller
from tests.aegis.travel.conftest import paxlst
from tests.paxscreen.watchlists.test_rejected_rows import HEADER, SIX_PERSONS

pytestmark = pytest.mark.django_db

# NAT-4 of the national list, travelling.
ZINDANI = PlantedTraveller(
    surname="AL-ZINDANI",
    given_names=("ABD-AL-MAJID", "AZIZ"),
    date_of_birth=dt.date(1950, 3, 1),
    sex="M",
    nationality="YEM",
)


def _upload(client: Client, name: str, file_name: str, content: bytes) -> str:
    response = client.post(
        reverse("travel:watchlists"),
        {"name": name, "file_format": "csv", "file": SimpleUploadedFile(file_name, content)},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_reports_both_bad_rows_of_a_malformed_csv(
    piu_client: Callable[..., Client],
) -> None:
    page = _upload(
        piu_client(Role.PIU_SUPERVISOR), "National", "national.csv", SIX_PERSONS.encode()
    )

    version = WatchlistVersion.objects.get()
    assert (version.persons, len(version.rejected)) == (4, 2)
    assert "2 rows were not loaded" in page
    assert "line 4" in page and "unclosed quote: a cell cannot run onto the next line" in page
    assert "line 6" in page and "12 cells where the header has 11" in page


def test_rejected_rows_survive_a_reload_and_the_next_version_shows_its_diff(
    piu_client: Callable[..., Client],
) -> None:
    client = piu_client(Role.PIU_SUPERVISOR)
    _upload(client, "National", "national.csv", SIX_PERSONS.encode())
    second = (
        SIX_PERSONS.replace("1986-01-19,SAU", "1986-01-20,SAU").replace(
            "NAT-2,GHALIB ABDULLAH AL-ZAIDI,,1975,YEM,male,,,,person,\n", ""
        )
        + "\nNAT-7,MUHAMMAD JAWAD AL-SHUBAYLI,,,,,,,,person,\n"
    )
    _upload(client, "National", "national-2.csv", second.encode())

    first, latest = WatchlistVersion.objects.order_by("number")
    first.refresh_from_db()
    assert first.rejected[0] == {
        "line": 4,
        "where": "",
        "reason": "unclosed quote: a cell cannot run onto the next line",
        "reference": "NAT-3",
    }
    page = client.get(reverse("travel:watchlist_version", args=[latest.pk])).content.decode()
    assert "Changes since v1" in page
    assert "1 added · 1 removed · 1 changed" in page
    added = page.split("watchlist-added")[1]
    assert "NAT-7" in added and "MUHAMMAD JAWAD AL-SHUBAYLI" in added
    assert "NAT-2" in page.split("watchlist-removed")[1]
    changed = page.split("watchlist-changed")[1].split("</table>")[0]
    assert "dates of birth" in changed and "1986-01-19" in changed and "1986-01-20" in changed
    first_page = client.get(reverse("travel:watchlist_version", args=[first.pk])).content.decode()
    assert "First version: every entry is new" in first_page
    assert "4 added · 0 removed · 0 changed" in first_page


def test_a_version_page_is_refused_to_roles_without_the_lists(
    piu_client: Callable[..., Client], national_list: WatchlistVersion
) -> None:
    url = reverse("travel:watchlist_version", args=[national_list.pk])

    assert piu_client(Role.PIU_SUPERVISOR).get(url).status_code == 200
    assert piu_client(Role.AGENCY_LIAISON).get(url).status_code == 403


def test_an_unreadable_file_is_a_form_error_without_a_server_path(
    piu_client: Callable[..., Client],
) -> None:
    response = piu_client(Role.PIU_SUPERVISOR).post(
        reverse("travel:watchlists"),
        {
            "name": "National",
            "file_format": "csv",
            "file": SimpleUploadedFile("names.txt", b"name;born\nAhmed;1980\n"),
        },
    )

    text = response.content.decode()
    assert "names.csv, line 1: unknown watchlist format" in text
    assert "tmp" not in text.split("names.csv")[0][-40:]  # no folder before the name
    assert not WatchlistVersion.objects.exists()


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_list_is_stored_reloaded_and_screens_travellers(
    piu_client: Callable[..., Client],
) -> None:
    workbook = _xlsx(
        [
            HEADER.split(","),
            ["NAT-4", "ABD-AL-MAJID AZIZ AL-ZINDANI", None, 1950, "Yemen", "male", "A005487"],
            ["NAT-5", None, None, 1944, "IRQ"],
        ]
    )
    page = _upload(piu_client(Role.PIU_SUPERVISOR), "National", "national.xlsx", workbook)

    version = WatchlistVersion.objects.get()
    assert version.watchlist.format == Watchlist.Format.XLSX
    assert (version.persons, version.rejected) == (
        1,
        [
            {
                "line": 3,
                "where": "column full_name",
                "reason": "row without a name",
                "reference": "NAT-5",
            }
        ],
    )
    assert "1 row not loaded" in page
    # the stored version is read again for the live path: a traveller arriving is a hit
    message_receive(content=paxlst(ZINDANI, seed=4), door="folder", actor=SYSTEM)
    hit = Hit.objects.get(kind=Hit.Kind.WATCHLIST)
    assert (hit.key, hit.watchlist_version) == ("NAT-4", version)


def test_the_command_line_reports_rejected_rows_and_screens_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message_receive(content=paxlst(ZINDANI, seed=5, travellers=20), door="folder", actor=SYSTEM)
    path = tmp_path / "national.csv"
    path.write_text(SIX_PERSONS + "\n", encoding="utf-8")

    call_command("watchlist", "National", str(path))

    out, err = capsys.readouterr()
    run = ScreeningRun.objects.get()
    assert run.status == ScreeningRun.Status.DONE
    assert "National v1: 4 listed persons" in out
    assert f"re-screening run {run.pk}: done, 20 travellers, 1 new hits" in out
    assert "national.csv, line 4: unclosed quote: a cell cannot run onto the next line" in err
    assert "national.csv, line 6: 12 cells where the header has 11" in err
    assert str(tmp_path) not in err


def test_the_service_stores_counts_per_kind(un_xml_text: str) -> None:
    version = services.watchlist_load(
        actor=SYSTEM,
        name="UN SC Consolidated List",
        content=un_xml_text,
        file_format=Watchlist.Format.UN_XML,
        rescreen=False,
    )

    version = WatchlistVersion.objects.get(pk=version.pk)
    assert (version.persons, version.entities, version.documents) == (709, 305, 0)
    assert version.rejected == []


def test_a_list_that_moves_from_csv_to_xlsx_keeps_its_diff(
    piu_client: Callable[..., Client],
) -> None:
    first = services.watchlist_load(
        actor=SYSTEM,
        name="National",
        content=f"{HEADER}\nNAT-4,ABD-AL-MAJID AZIZ AL-ZINDANI,,1950,YEM,male,,,,person,\n",
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    second = services.watchlist_load(
        actor=SYSTEM,
        name="National",
        content=_xlsx(
            [HEADER.split(","), ["NAT-4", "ABD-AL-MAJID AZIZ AL-ZINDANI", None, 1951, "YEM"]]
        ),
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )

    assert (first.number, second.number) == (1, 2)
    page = piu_client(Role.PIU_SUPERVISOR).get(
        reverse("travel:watchlist_version", args=[second.pk])
    )
    changed = page.content.decode().split("watchlist-changed")[1].split("</table>")[0]
    assert "NAT-4" in changed and "1950" in changed and "1951" in changed
