"""Results an editor keeps: monthly and year-to-date figures, as the office reports them.

The office writes "January to July 2020: 2,754 individuals trained, 33 workshops"; the
September 2020 issue reports January to September: 6,542 and 48.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from aegis.activities.models import Indicator, IndicatorValue, OfficeUnit
from aegis.activities.selectors import indicator_progress
from aegis.activities.services import ChangeNeedsConfirmation, indicator_value_enter
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.reporting.models import Issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]

SOURCE = "UNCCT results report, July 2020"


def _ytd(code: str, through: int) -> int:
    return indicator_progress(
        indicator=Indicator.objects.get(code=code),
        unit=OfficeUnit.objects.get(acronym="UNCCT"),
        year=2020,
        through_month=through,
    ).value


def _published(month: date) -> Issue:
    issue = Issue(month=month, generated_at=timezone.now(), status=Issue.Status.PUBLISHED)
    issue.snapshot = {"results": {"figures": [{"value": 6542, "label": "Individuals trained"}]}}
    issue.save()
    return issue


def _post_figure(client: Client, code: str, value: int, **extra: str) -> object:
    return client.post(
        "/activities/results/",
        {
            "indicator": Indicator.objects.get(code=code).pk,
            "unit": OfficeUnit.objects.get(acronym="UNCCT").pk,
            "basis": "cumulative",
            "month": "Jul 2020",
            "value": value,
            "source_note": SOURCE,
            **extra,
        },
    )


def test_an_editor_enters_january_to_july_and_september_keeps_its_own_figure(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)

    for code, value in (("individuals-trained", 2754), ("workshops-organized", 33)):
        response = _post_figure(editor, code, value)
        assert response.status_code == 302, response.content.decode()  # type: ignore[attr-defined]

    assert (_ytd("individuals-trained", 7), _ytd("workshops-organized", 7)) == (2754, 33)
    assert (_ytd("individuals-trained", 9), _ytd("workshops-organized", 9)) == (6542, 48)
    july = IndicatorValue.objects.get(indicator__code="individuals-trained", month="2020-07-01")
    assert (july.basis, july.value, july.source_note) == ("cumulative", 2754, SOURCE)
    september = indicator_progress(
        indicator=Indicator.objects.get(code="individuals-trained"),
        unit=OfficeUnit.objects.get(acronym="UNCCT"),
        year=2020,
        through_month=9,
    ).months
    # Derived: August and September together are 6,542 - 2,754.
    assert (september[-1].first, september[-1].value) == (date(2020, 8, 1), 3788)
    page = editor.get("/activities/results/?year=2020&through=9").content.decode()
    assert "August to September 2020" in page
    assert "3,788" in page


def test_a_monthly_july_of_2754_warns_that_september_would_become_8393(
    make_user: Callable[..., User],
) -> None:
    # The figures as the administrator had them: a monthly split of January to September.
    trained = Indicator.objects.get(code="individuals-trained")
    uncct = OfficeUnit.objects.get(acronym="UNCCT")
    IndicatorValue.objects.filter(indicator=trained).delete()
    for number, value in enumerate((612, 540, 498, 655, 702, 810, 903, 876, 946), start=1):
        indicator_value_enter(
            actor=SYSTEM,
            indicator=trained,
            unit=uncct,
            month=date(2020, number, 1),
            value=value,
            source_note="UNCCT results report",
        )
    september = _published(date(2020, 9, 1))
    snapshot = dict(september.snapshot)
    editor = make_user(Role.OFFICE_EDITOR)

    with pytest.raises(ChangeNeedsConfirmation) as raised:
        indicator_value_enter(
            actor=editor,
            indicator=trained,
            unit=uncct,
            month=date(2020, 7, 1),
            value=2754,
            source_note=SOURCE,
        )

    assert raised.value.affected == [
        "Monthly Highlights September 2020 (published; its published copy stays as it is): "
        "Individuals trained year to date 6,542 → 8,393"
    ]
    assert _ytd("individuals-trained", 9) == 6542  # nothing saved

    indicator_value_enter(
        actor=editor,
        indicator=trained,
        unit=uncct,
        month=date(2020, 7, 1),
        value=2754,
        source_note=SOURCE,
        confirm=True,
    )
    assert _ytd("individuals-trained", 9) == 8393
    september.refresh_from_db()
    assert september.snapshot == snapshot


def test_the_page_shows_the_warning_and_saves_only_once_confirmed(
    client_for: Callable[[Role | None], Client],
) -> None:
    _published(date(2020, 9, 1))
    editor = client_for(Role.OFFICE_EDITOR)

    warned = _post_figure(editor, "individuals-trained", 7000, month="Sep 2020")
    page = warned.content.decode()  # type: ignore[attr-defined]

    assert warned.status_code == 200  # type: ignore[attr-defined]
    assert "This change alters figures that issues already use" in page
    assert (
        "Monthly Highlights September 2020 (published; its published copy stays as it is): "
        "Individuals trained year to date 6,542 → 7,000" in page
    )
    assert _ytd("individuals-trained", 9) == 6542

    saved = _post_figure(editor, "individuals-trained", 7000, month="Sep 2020", confirm="on")
    assert saved.status_code == 302  # type: ignore[attr-defined]
    assert _ytd("individuals-trained", 9) == 7000


def test_a_year_to_date_figure_below_the_months_before_it_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        indicator_value_enter(
            actor=SYSTEM,
            indicator=Indicator.objects.get(code="individuals-trained"),
            unit=OfficeUnit.objects.get(acronym="UNCCT"),
            month=date(2020, 7, 1),
            value=7000,
            basis=IndicatorValue.Basis.CUMULATIVE,
            source_note=SOURCE,
        )

    assert raised.value.message_dict == {
        "value": [
            "August to September 2020 would come out at -458: a year-to-date figure is less "
            "than the total of the months before it."
        ]
    }


def test_the_api_enters_a_year_to_date_figure_and_asks_to_confirm_a_published_month(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)
    uncct = OfficeUnit.objects.get(acronym="UNCCT").pk
    body = {
        "indicator": "workshops-organized",
        "unit": uncct,
        "month": "July 2020",
        "basis": "cumulative",
        "value": 33,
        "source_note": SOURCE,
    }

    created = editor.post("/api/v1/results/values/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json() == {
        **body,
        "id": created.json()["id"],
        "month": "2020-07",
        "women": None,
        "men": None,
        "version": 1,
    }

    _published(date(2020, 9, 1))
    conflict = editor.post(
        "/api/v1/results/values/",
        {**body, "month": "2020-09", "value": 50},
        content_type="application/json",
    )
    assert conflict.status_code == 409, conflict.content
    assert conflict.json()["affected"] == [
        "Monthly Highlights September 2020 (published; its published copy stays as it is): "
        "Workshops organized year to date 48 → 50"
    ]
    assert _ytd("workshops-organized", 9) == 48


@pytest.mark.parametrize("role", [Role.VIEWER, Role.FOCAL_POINT])
def test_roles_without_results_rights_cannot_enter_figures(
    client_for: Callable[[Role | None], Client], role: Role
) -> None:
    client = client_for(role)

    assert _post_figure(client, "individuals-trained", 1).status_code == 403  # type: ignore[attr-defined]
    api = client.post(
        "/api/v1/results/values/",
        {"indicator": "individuals-trained", "unit": 1, "month": "2020-07", "value": 1},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert "Enter or correct a figure" not in client.get("/activities/results/").content.decode()


def test_results_open_on_the_latest_year_with_figures_and_refuse_a_bad_year(
    client_for: Callable[[Role | None], Client],
) -> None:
    viewer = client_for(Role.VIEWER)

    assert "Results 2020" in viewer.get("/activities/results/").content.decode()
    assert viewer.get("/activities/results/?year=99999").status_code == 400
