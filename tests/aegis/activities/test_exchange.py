"""Import and export of activities and organisations: all or nothing, idempotent, row errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from aegis.activities.exchange import COLUMNS, import_activities
from aegis.activities.models import Activity
from aegis.core.exchange import import_organisations
from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.core.tabular import ImportFailed, Row, read_table

pytestmark = pytest.mark.django_db

GOOD = {
    "external_id": "ctt-2020-10-01",
    "title": "National workshop on API and PNR for Sierra Leone",
    "kind": "workshop",
    "dates": "5-7 Oct 2020",
    "lead_organisation": "IAEA",
    "beneficiary_countries": "SL",
    "pillars": "2;3",
    "participants_total": "24",
    "participants_women": "9",
    "participants_men": "15",
}


def rows(*records: dict[str, str]) -> list[Row]:
    return [Row(line, record) for line, record in enumerate(records, start=2)]


def test_import_creates_then_updates_on_the_same_external_id(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)

    first = import_activities(actor=editor, rows=rows(GOOD))
    second = import_activities(actor=editor, rows=rows({**GOOD, "title": "Renamed workshop"}))

    activity = Activity.objects.get()
    assert ((first.created, first.updated), (second.created, second.updated)) == ((1, 0), (0, 1))
    assert (activity.title, activity.start_date.isoformat(), activity.end_date.isoformat()) == (
        "Renamed workshop",
        "2020-10-05",
        "2020-10-07",
    )
    assert [p.number for p in activity.pillars.all()] == [2, 3]
    assert [c.code for c in activity.beneficiary_countries.all()] == ["SL"]


def test_one_bad_row_changes_nothing_and_every_bad_row_is_named(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    bad_dates = {**GOOD, "external_id": "b", "dates": "2020-10-31/2020-10-01"}
    bad_refs = {**GOOD, "external_id": "c", "lead_organisation": "NOPE", "pillars": "2;V"}
    too_many = {**GOOD, "external_id": "d", "participants_women": "20"}

    with pytest.raises(ImportFailed) as raised:
        import_activities(actor=editor, rows=rows(GOOD, bad_dates, bad_refs, too_many, GOOD))

    assert [str(error) for error in raised.value.errors] == [
        "line 3, column dates: 2020-10-01 is before 2020-10-31.",
        "line 4, column lead_organisation: unknown: 'NOPE'",
        "line 4, column pillars: unknown: 'V'",
        "line 5: Women and men together exceed the participants.",
        "line 6, column external_id: repeats line 2",
    ]
    assert not Activity.objects.exists()


def test_focal_point_import_is_held_to_their_own_organisation(
    make_user: Callable[..., User], organisation: Organisation, other_organisation: Organisation
) -> None:
    focal_point = make_user(Role.FOCAL_POINT)

    with pytest.raises(ImportFailed) as raised:
        import_activities(
            actor=focal_point,
            rows=rows(GOOD, {**GOOD, "external_id": "x", "lead_organisation": "OSCE"}),
        )

    assert [str(error) for error in raised.value.errors] == [
        "line 3, column lead_organisation: You may record activities of your own organisation only."
    ]
    assert not Activity.objects.exists()


def test_export_is_read_back_by_import_unchanged(
    make_user: Callable[..., User],
    organisation: Organisation,
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    import_activities(
        actor=editor, rows=rows(GOOD, {**GOOD, "external_id": "two", "dates": "9 Oct 2020"})
    )

    response = client_for(Role.VIEWER).get(
        reverse("activities:export", args=["csv"]), {"kind": "workshop"}
    )
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    result = import_activities(actor=editor, rows=rows(*exported))

    assert response["Content-Disposition"].endswith('.csv"')
    assert list(exported[0]) == list(COLUMNS)
    assert [(r["external_id"], r["dates"]) for r in exported] == [
        ("two", "2020-10-09"),
        ("ctt-2020-10-01", "2020-10-05/2020-10-07"),
    ]
    assert (result.created, result.updated, Activity.objects.count()) == (0, 2, 2)


def test_xlsx_export_and_import(
    make_user: Callable[..., User],
    organisation: Organisation,
    client_for: Callable[[Role | None], Client],
) -> None:
    import_activities(actor=make_user(Role.OFFICE_EDITOR), rows=rows(GOOD))

    response = client_for(Role.VIEWER).get(reverse("activities:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = read_table(io.BytesIO(response.content), name="a.xlsx", required=("title",))

    assert [cell.value for cell in sheet[1]][:4] == ["external_id", "title", "kind", "dates"]
    assert [(row.line, row.values["title"], row.values["participants_total"]) for row in table] == [
        (2, GOOD["title"], "24")
    ]


def test_import_page_lists_the_bad_rows(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    text = (
        ",".join(GOOD)
        + "\n"
        + ",".join(GOOD.values())
        + "\n"
        + ",".join({**GOOD, "external_id": "z", "kind": "picnic"}.values())
    )
    upload = SimpleUploadedFile("activities.csv", text.encode(), content_type="text/csv")

    response = client_for(Role.OFFICE_EDITOR).post(reverse("activities:import"), {"file": upload})

    content = response.content.decode()
    assert "1 error(s): nothing was imported." in content
    assert [str(e) for e in response.context["row_errors"]] == [
        "line 3, column kind: 'picnic' is not a kind of activity: one of agreement_signing, "
        "assessment, briefing, conference, consultation, contribution, expert_group_meeting, "
        "high_level_event, meeting, mission, other, roundtable, side_event, training, webinar, "
        "workshop"
    ]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"x", "a.txt is neither a .csv nor an .xlsx file."),
        (
            "a.csv",
            b"title,kind\n",
            "Line 1: missing column(s) external_id, dates, lead_organisation.",
        ),
        ("a.csv", b"\xff\xfe\x00", "The file is not UTF-8 text"),
        ("a.xlsx", b"not a zip", "Not a readable XLSX file"),
    ],
)
def test_unreadable_files_are_refused_whole(
    name: str, content: bytes, message: str, client_for: Callable[[Role | None], Client]
) -> None:
    upload = SimpleUploadedFile(name, content)

    response = client_for(Role.OFFICE_EDITOR).post(reverse("activities:import"), {"file": upload})

    assert message in response.context["form"].errors["file"][0]
    assert not Activity.objects.exists()


def test_organisations_import_is_idempotent_and_all_or_nothing(
    make_user: Callable[..., User],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    iata = {"external_id": "org-iata", "name": "International Air Transport Association",
            "acronym": "IATA", "kind": "private_sector", "country": "ca"}  # fmt: skip

    import_organisations(actor=editor, rows=rows(iata))
    import_organisations(actor=editor, rows=rows({**iata, "website": "https://www.iata.org"}))
    with pytest.raises(ImportFailed) as raised:
        import_organisations(
            actor=editor,
            rows=rows({**iata, "external_id": "org-x", "name": "X", "country": "XX"}),
        )

    stored = Organisation.objects.get(external_id="org-iata")
    assert (stored.country, stored.website) == ("CA", "https://www.iata.org")
    assert [str(e) for e in raised.value.errors] == [
        "line 2, column country: XX is not an ISO 3166-1 alpha-2 country code."
    ]
    assert not Organisation.objects.filter(name="X").exists()
