"""Indicators and their yearly targets, kept by the office on pages (not only the admin).

Office editors and administrators add and change them, locked by version and with an
audit trail; everyone else in the office reads the list; the PIU sees none of it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from aegis.activities.models import Indicator, IndicatorTarget, OfficeUnit
from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]

EDITORS = {Role.ADMINISTRATOR, Role.OFFICE_EDITOR}
READERS = {Role.FOCAL_POINT, Role.VIEWER, Role.RESOURCE_MOBILISATION_OFFICER}


def _uncct() -> OfficeUnit:
    return OfficeUnit.objects.get(acronym="UNCCT")


def _indicator_form(**changes: object) -> dict[str, object]:
    return {
        "name": "Member States supported",
        "unit_of_measure": "Member States",
        "office_unit": _uncct().pk,
        "computed_from": "",
        "code": "",
        **changes,
    }


def test_an_editor_adds_an_indicator_and_enters_its_first_figure_on_the_results_page(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)

    created = editor.post("/activities/results/indicators/new/", _indicator_form())

    assert created.status_code == 302, created.content.decode()
    indicator = Indicator.objects.get(name="Member States supported")
    assert (indicator.code, indicator.unit_of_measure, indicator.office_unit) == (
        "member-states-supported",
        "Member States",
        _uncct(),
    )
    assert created["Location"] == f"/activities/results/indicators/{indicator.pk}/"
    listed = editor.get("/activities/results/indicators/").content.decode()
    assert "Member States supported" in listed
    assert "Entered only" in listed

    figure = editor.post(
        "/activities/results/",
        {
            "indicator": indicator.pk,
            "unit": _uncct().pk,
            "basis": "cumulative",
            "month": "July 2020",
            "value": 31,
            "source_note": "UNCCT results report, July 2020",
        },
    )
    assert figure.status_code == 302, figure.content.decode()
    page = editor.get("/activities/results/?year=2020&through=7").content.decode()
    assert "<h2>UN Counter-Terrorism Centre — Member States supported</h2>" in page


def test_bad_indicators_are_refused_field_by_field_and_nothing_is_saved(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor = client_for(Role.OFFICE_EDITOR)
    before = Indicator.objects.count()

    nameless = editor.post("/activities/results/indicators/new/", _indicator_form(name=""))
    taken = editor.post(
        "/activities/results/indicators/new/", _indicator_form(code="individuals-trained")
    )
    bad_way = editor.post(
        "/activities/results/indicators/new/", _indicator_form(computed_from="guesswork")
    )

    assert nameless.status_code == taken.status_code == bad_way.status_code == 200
    assert "This field is required." in nameless.content.decode()
    assert "Indicator with this Code already exists." in taken.content.decode()
    assert "Select a valid choice. guesswork is not one of the available choices." in (
        bad_way.content.decode()
    )
    assert Indicator.objects.count() == before


def test_two_editors_renaming_an_indicator_the_second_sees_both_and_history_names_them(
    client_for: Callable[[Role | None], Client], make_user: Callable[..., User]
) -> None:
    indicator = Indicator.objects.get(code="individuals-trained")
    url = f"/activities/results/indicators/{indicator.pk}/"
    first = Client()
    first.force_login(make_user(Role.OFFICE_EDITOR, first_name="Amina", last_name="Diallo"))
    second = client_for(Role.ADMINISTRATOR)
    read = indicator.version
    assert f'name="version" value="{read}"' in second.get(url).content.decode()
    form = {
        "name": "Individuals trained",
        "unit_of_measure": "individuals",
        "office_unit": _uncct().pk,
        "computed_from": "participants_of_trainings",
        "code": "individuals-trained",
        "version": read,
    }

    assert first.post(url, {**form, "name": "People trained"}).status_code == 302
    clash = second.post(url, {**form, "name": "Participants trained"})
    page = clash.content.decode()

    assert clash.status_code == 200
    assert "Someone else saved this indicator while you were editing it" in page
    assert "name — saved: “People trained”; yours: “Participants trained”." in page
    indicator.refresh_from_db()
    assert (indicator.name, indicator.version) == ("People trained", read + 1)
    history = first.get(url).content.decode()
    assert "<strong>Amina Diallo</strong> changed" in history
    assert "<del>Individuals trained</del> → <ins>People trained</ins>" in history


def test_targets_are_added_refused_twice_for_a_year_and_corrected_with_a_lock(
    client_for: Callable[[Role | None], Client],
) -> None:
    editor, other = client_for(Role.OFFICE_EDITOR), client_for(Role.ADMINISTRATOR)
    indicator = Indicator.objects.get(code="workshops-organized")
    new_url = f"/activities/results/indicators/{indicator.pk}/targets/new/"

    added = editor.post(new_url, {"unit": _uncct().pk, "year": 2021, "target": 60})
    assert added.status_code == 302, added.content.decode()
    target = IndicatorTarget.objects.get(indicator=indicator, unit=_uncct(), year=2021)
    assert target.target == 60

    twice = editor.post(new_url, {"unit": _uncct().pk, "year": 2021, "target": 70})
    assert "UNCCT already has a target of 60 for 2021: correct that one." in twice.content.decode()
    far = editor.post(new_url, {"unit": _uncct().pk, "year": 1800, "target": 70})
    assert "Ensure this value is greater than or equal to 2000." in far.content.decode()
    target.refresh_from_db()
    assert target.target == 60

    edit_url = f"/activities/results/targets/{target.pk}/"
    read = target.version
    assert editor.post(edit_url, {"target": 65, "version": read}).status_code == 302
    clash = other.post(edit_url, {"target": 80, "version": read})
    assert "target — saved: “65”; yours: “80”." in clash.content.decode()
    target.refresh_from_db()
    assert (target.target, target.year, target.version) == (65, 2021, read + 1)
    # The unit and year of a stored target stay as they are, whatever the form sends.
    editor.post(edit_url, {"target": 66, "year": 2030, "version": target.version})
    target.refresh_from_db()
    assert (target.target, target.year) == (66, 2021)

    results = editor.get("/activities/results/?year=2021&through=12").content.decode()
    assert "/ 66 target" not in results  # no figure entered for 2021 yet: no card
    editor.post(
        "/activities/results/",
        {
            "indicator": indicator.pk,
            "unit": _uncct().pk,
            "basis": "monthly",
            "month": "2021-01",
            "value": 4,
            "source_note": "UNCCT results report, January 2021",
        },
    )
    results = editor.get("/activities/results/?year=2021&through=1").content.decode()
    assert '<span class="muted">/ 66 target</span>' in results
    listed = editor.get("/activities/results/indicators/").content.decode()
    assert "2021 UNCCT: 66" in listed


def _expected(role: Role, *, editor: int, reader: int) -> int:
    if role in EDITORS:
        return editor
    return reader if role in READERS else 403


@pytest.mark.parametrize("role", list(Role))
def test_every_role_on_the_indicator_and_target_pages(
    client_for: Callable[[Role | None], Client], role: Role
) -> None:
    client = client_for(role)
    indicator = Indicator.objects.get(code="workshops-organized")
    target = IndicatorTarget.objects.get(indicator=indicator, year=2020)
    name, figure = indicator.name, target.target
    edit = {
        "name": "Workshops held",
        "unit_of_measure": "workshops",
        "office_unit": "",
        "computed_from": "count_of_workshops",
        "code": "workshops-organized",
        "version": indicator.version,
    }

    codes = {
        "list": client.get("/activities/results/indicators/").status_code,
        "new page": client.get("/activities/results/indicators/new/").status_code,
        "create": client.post(
            "/activities/results/indicators/new/", _indicator_form(name=f"By {role}")
        ).status_code,
        "edit page": client.get(f"/activities/results/indicators/{indicator.pk}/").status_code,
        "edit": client.post(f"/activities/results/indicators/{indicator.pk}/", edit).status_code,
        "new target": client.post(
            f"/activities/results/indicators/{indicator.pk}/targets/new/",
            {"unit": _uncct().pk, "year": 2022, "target": 5},
        ).status_code,
        "edit target": client.post(
            f"/activities/results/targets/{target.pk}/",
            {"target": 50, "version": target.version},
        ).status_code,
    }

    may = role in EDITORS
    assert codes == {
        "list": _expected(role, editor=200, reader=200),
        "new page": _expected(role, editor=200, reader=403),
        "create": _expected(role, editor=302, reader=403),
        "edit page": _expected(role, editor=200, reader=403),
        "edit": _expected(role, editor=302, reader=403),
        "new target": _expected(role, editor=302, reader=403),
        "edit target": _expected(role, editor=302, reader=403),
    }
    indicator.refresh_from_db()
    target.refresh_from_db()
    assert Indicator.objects.filter(name=f"By {role}").exists() == may
    assert indicator.name == ("Workshops held" if may else name)
    assert target.target == (50 if may else figure)
    assert IndicatorTarget.objects.filter(indicator=indicator, year=2022).exists() == may
