"""Results by sex, and corrections typed on the results page locked like the API's.

The office reports "January to July 2020: 2,754 individuals trained, of whom 1,020 women";
women and men are each optional and never more than the figure together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aegis.activities.models import Indicator, IndicatorValue, OfficeUnit
from aegis.activities.selectors import indicator_progress
from aegis.activities.services import indicator_value_enter
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]

SOURCE = "UNCCT results report, July 2020"
TRAINED = "individuals-trained"


def _uncct() -> OfficeUnit:
    return OfficeUnit.objects.get(acronym="UNCCT")


def _post(client: Client, value: int, **extra: object) -> object:
    return client.post(
        "/activities/results/?year=2020&through=9",
        {
            "indicator": Indicator.objects.get(code=TRAINED).pk,
            "unit": _uncct().pk,
            "basis": "cumulative",
            "month": "Jul 2020",
            "value": value,
            "source_note": SOURCE,
            **extra,
        },
    )


def _july() -> IndicatorValue:
    return IndicatorValue.objects.get(indicator__code=TRAINED, unit=_uncct(), month="2020-07-01")


def test_the_page_stores_women_and_men_and_shows_them_after_reload(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)

    response = _post(editor, 2754, women=1020, men=1734)

    assert response.status_code == 302, response.content.decode()  # type: ignore[attr-defined]
    july = _july()
    assert (july.value, july.women, july.men) == (2754, 1020, 1734)
    page = editor.get("/activities/results/?year=2020&through=7").content.decode()
    assert "2,754 individuals trained, of whom 1,020 women and 1,734 men" in page


def test_women_only_is_enough_and_men_stay_unknown(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)

    assert _post(editor, 2754, women=1020).status_code == 302  # type: ignore[attr-defined]

    progress = indicator_progress(
        indicator=Indicator.objects.get(code=TRAINED), unit=_uncct(), year=2020, through_month=7
    )
    assert (progress.value, progress.women, progress.men) == (2754, 1020, None)
    page = editor.get("/activities/results/?year=2020&through=7").content.decode()
    assert "of whom 1,020 women</p>" in page


def test_women_and_men_above_the_figure_are_refused_on_the_field_and_nothing_saved(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)

    response = _post(editor, 2754, women=1500, men=1300)
    page = response.content.decode()  # type: ignore[attr-defined]

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert (
        "Women (1,500) and men (1,300) add up to 2,800, more than the figure of 2,754 "
        "they are part of." in page
    )
    assert not IndicatorValue.objects.filter(month="2020-07-01").exists()

    with pytest.raises(ValidationError) as raised:
        indicator_value_enter(
            actor=SYSTEM,
            indicator=Indicator.objects.get(code=TRAINED),
            unit=_uncct(),
            month=date(2020, 7, 1),
            value=2754,
            women=2000,
            men=800,
            basis=IndicatorValue.Basis.CUMULATIVE,
            source_note=SOURCE,
        )
    assert list(raised.value.message_dict) == ["women"]


def test_monthly_and_cumulative_women_derive_each_other() -> None:
    trained = Indicator.objects.get(code=TRAINED)
    uncct = _uncct()
    IndicatorValue.objects.filter(indicator=trained, unit=uncct).delete()
    # January and February monthly, then "January to April" cumulative, then May monthly.
    for month, basis, value, women, men in (
        (1, "monthly", 612, 200, 412),
        (2, "monthly", 540, 180, 360),
        (4, "cumulative", 2305, 800, 1505),
        (5, "monthly", 702, 300, None),
    ):
        indicator_value_enter(
            actor=SYSTEM,
            indicator=trained,
            unit=uncct,
            month=date(2020, month, 1),
            value=value,
            women=women,
            men=men,
            basis=basis,
            source_note=SOURCE,
            confirm=True,
        )

    progress = indicator_progress(indicator=trained, unit=uncct, year=2020, through_month=5)
    by_month = {figure.month.month: figure for figure in progress.months}

    assert (by_month[2].women_to_date, by_month[2].men_to_date) == (380, 772)
    # March and April together: what January to April adds to January and February.
    april = by_month[4]
    assert (april.first, april.value, april.women, april.men) == (
        date(2020, 3, 1),
        1153,
        420,
        733,
    )
    assert (by_month[5].women_to_date, by_month[5].men_to_date) == (1100, None)
    assert (progress.value, progress.women, progress.men) == (3007, 1100, None)


def test_a_cumulative_women_figure_below_the_months_before_it_is_refused() -> None:
    trained = Indicator.objects.get(code=TRAINED)
    uncct = _uncct()
    IndicatorValue.objects.filter(indicator=trained, unit=uncct).delete()
    indicator_value_enter(
        actor=SYSTEM,
        indicator=trained,
        unit=uncct,
        month=date(2020, 1, 1),
        value=612,
        women=300,
        source_note=SOURCE,
    )

    with pytest.raises(ValidationError) as raised:
        indicator_value_enter(
            actor=SYSTEM,
            indicator=trained,
            unit=uncct,
            month=date(2020, 2, 1),
            value=1152,
            women=250,
            basis=IndicatorValue.Basis.CUMULATIVE,
            source_note=SOURCE,
        )

    assert raised.value.message_dict == {
        "women": [
            "February 2020 would come out at -50: a year-to-date figure is less than the "
            "total of the months before it."
        ]
    }
    assert not IndicatorValue.objects.filter(month="2020-02-01").exists()


def test_the_api_takes_and_answers_women_and_men_and_refuses_too_many(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)
    body = {
        "indicator": TRAINED,
        "unit": _uncct().pk,
        "month": "July 2020",
        "basis": "cumulative",
        "value": 2754,
        "women": 1020,
        "men": 1734,
        "source_note": SOURCE,
    }

    created = editor.post("/api/v1/results/values/", body, content_type="application/json")

    assert created.status_code == 201, created.content
    listed = editor.get("/api/v1/results/values/?year=2020").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    [july] = [row for row in rows if row["month"] == "2020-07"]
    assert (july["value"], july["women"], july["men"]) == (2754, 1020, 1734)

    refused = editor.post(
        "/api/v1/results/values/",
        {**body, "month": "2020-08", "women": 2000, "men": 1000, "value": 2900},
        content_type="application/json",
    )
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"] == {
        "women": [
            "Women (2,000) and men (1,000) add up to 3,000, more than the figure of 2,900 "
            "they are part of."
        ]
    }
    assert not IndicatorValue.objects.filter(month="2020-08-01").exists()


def test_two_editors_correcting_july_on_the_page_the_second_sees_both_versions(
    client_for: Callable[[Role | None], Client],
) -> None:
    first, second = client_for(Role.OFFICE_EDITOR), client_for(Role.ADMINISTRATOR)
    assert _post(first, 2754, women=1020).status_code == 302  # type: ignore[attr-defined]
    july = _july()

    # Both open July to correct it: the form carries the version they read.
    opened = second.get(f"/activities/results/?year=2020&through=9&correct={july.pk}")
    assert f'name="version" value="{july.version}"' in opened.content.decode()
    assert 'value="Jul 2020"' in opened.content.decode()

    read = {"version": july.version, "figure": july.pk}
    assert f'name="figure" value="{july.pk}"' in opened.content.decode()
    assert _post(first, 2760, women=1020, **read).status_code == 302  # type: ignore[attr-defined]
    clash = _post(second, 2800, women=1020, **read)
    page = clash.content.decode()  # type: ignore[attr-defined]

    assert clash.status_code == 200  # type: ignore[attr-defined]
    assert "Someone else saved this indicator value while you were editing it" in page
    assert "value — saved: “2760”; yours: “2800”." in page
    assert _july().value == 2760
    # The form is armed with the stored version: saving again after comparing replaces it.
    assert f'name="version" value="{july.version + 1}"' in page
    again = _post(second, 2800, women=1020, version=july.version + 1, figure=july.pk)
    assert again.status_code == 302  # type: ignore[attr-defined]
    assert (_july().value, _july().version) == (2800, july.version + 2)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_on_the_results_page(
    client_for: Callable[[Role | None], Client], role: Role
) -> None:
    IndicatorValue.objects.filter(month="2020-07-01").delete()
    client = client_for(role)
    may_view = role in {
        Role.ADMINISTRATOR,
        Role.OFFICE_EDITOR,
        Role.FOCAL_POINT,
        Role.VIEWER,
        Role.RESOURCE_MOBILISATION_OFFICER,
    }
    may_enter = role in {Role.ADMINISTRATOR, Role.OFFICE_EDITOR}

    page = client.get("/activities/results/?year=2020")
    saved = _post(client, 2754, women=1020, men=1734)
    api = client.post(
        "/api/v1/results/values/",
        {
            "indicator": "workshops-organized",
            "unit": _uncct().pk,
            "month": "2020-07",
            "basis": "cumulative",
            "value": 33,
            "source_note": SOURCE,
        },
        content_type="application/json",
    )
    listed = client.get("/api/v1/results/values/?year=2020")

    assert page.status_code == (200 if may_view else 403)
    assert saved.status_code == (302 if may_enter else 403)  # type: ignore[attr-defined]
    assert api.status_code == (201 if may_enter else 403), api.content
    assert listed.status_code == (200 if may_view else 403)
    assert IndicatorValue.objects.filter(month="2020-07-01").count() == (2 if may_enter else 0)
    if may_view:
        assert ("Enter or correct a figure" in page.content.decode()) == may_enter


def test_a_correction_retyped_to_another_month_enters_that_month_without_a_false_conflict(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)
    assert _post(editor, 2754).status_code == 302  # type: ignore[attr-defined]
    assert _post(editor, 2754, women=1020).status_code == 302  # type: ignore[attr-defined]
    july = _july()
    september = IndicatorValue.objects.get(indicator=july.indicator, month="2020-09-01")
    assert (july.version, september.version) == (2, 1)

    # Opened July at version 2, then retyped the month to September: another figure,
    # not a conflict with September's own version.
    retyped = _post(editor, 6600, month="Sep 2020", version=july.version, figure=july.pk)

    assert retyped.status_code == 302, retyped.content.decode()  # type: ignore[attr-defined]
    september.refresh_from_db()
    assert (september.value, september.version) == (6600, 2)
