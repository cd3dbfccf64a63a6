from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.aegis.factories import ActivityFactory, OrganisationFactory

from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_login_page_is_served_with_a_strict_content_security_policy() -> None:
    response = Client().get(reverse("login"))

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_login_then_home(make_user: Callable[..., User]) -> None:
    make_user(Role.VIEWER, username="vera", password="a-long-test-password")
    client = Client()

    response = client.post(
        reverse("login"), {"username": "vera", "password": "a-long-test-password"}, follow=True
    )

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Welcome, vera" in response.content.decode()


def test_login_is_throttled_after_five_failures(make_user: Callable[..., User]) -> None:
    make_user(Role.VIEWER, username="vera", password="a-long-test-password")
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "vera", "password": "wrong"})

    response = client.post(
        reverse("login"), {"username": "vera", "password": "a-long-test-password"}
    )

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_french_is_the_second_language() -> None:
    response = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")

    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Se connecter" in content


def test_activity_form_shows_field_errors_and_saves_nothing(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        reverse("activities:create"),
        {
            "title": "",
            "kind": "workshop",
            "dates": "2020-09-23/2020-09-21",
            "lead_organisation": organisation.pk,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "title": ["This field is required."],
        "dates": ["2020-09-21 is before 2020-09-23."],
    }
    assert not Activity.objects.exists()


def test_model_rule_shows_on_the_form(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        reverse("activities:create"),
        {
            "title": "Too many",
            "kind": "training",
            "dates": "21-23 Sep 2020",
            "lead_organisation": organisation.pk,
            "participants_total": 10,
            "participants_women": 8,
            "participants_men": 8,
        },
    )

    assert response.context["form"].non_field_errors() == [
        "Women and men together exceed the participants."
    ]
    assert "Women and men together exceed the participants." in response.content.decode()
    assert not Activity.objects.exists()


def test_create_then_see_the_record_with_its_history(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(Role.FOCAL_POINT)

    response = client.post(
        reverse("activities:create"),
        {
            "title": "Expert group meeting on nuclear security",
            "kind": "expert_group_meeting",
            "dates": "2020-09-21",
            "lead_organisation": organisation.pk,
        },
        follow=True,
    )

    content = response.content.decode()
    assert "Expert group meeting on nuclear security" in content
    assert "History" in content
    assert "created" in content


def test_activity_list_filters_and_paginates(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    ActivityFactory.create_batch(30, lead_organisation=organisation, kind_id="webinar")
    ActivityFactory(lead_organisation=organisation, kind_id="training", title="The training")

    client = client_for(Role.VIEWER)
    webinars = client.get(reverse("activities:list"), {"kind": "webinar"})
    second_page = client.get(reverse("activities:list"), {"kind": "webinar", "page": 2})

    assert webinars.context["page_obj"].paginator.count == 30
    assert len(webinars.context["page_obj"]) == 25
    assert len(second_page.context["page_obj"]) == 5
    assert "kind=webinar&amp;page=2" in webinars.content.decode()


def test_search_finds_organisations_by_acronym_and_activities_by_title(
    client_for: Callable[[Role | None], Client],
) -> None:
    iata = OrganisationFactory(name="International Air Transport Association", acronym="IATA")
    ActivityFactory(lead_organisation=iata, title="MoU with IATA", status="published")

    response = client_for(Role.VIEWER).get(reverse("search"), {"q": "IATA"})

    assert [o.name for o in response.context["organisations"]] == [iata.name]
    assert [a.title for a in response.context["activities"]] == ["MoU with IATA"]


def test_organisation_edit_is_audited(client_for: Callable[[Role | None], Client]) -> None:
    iaea = OrganisationFactory(name="International Atomic Energy Agency", acronym="IAEA")
    client = client_for(Role.OFFICE_EDITOR)

    client.post(
        reverse("organisations:edit", args=[iaea.pk]),
        {
            "name": iaea.name,
            "acronym": "IAEA",
            "kind": "un_entity",
            "country": "at",
            "version": "1",
        },
    )
    page = client.get(reverse("organisations:detail", args=[iaea.pk]))

    iaea.refresh_from_db()
    assert iaea.country == "AT"
    [latest, *_] = page.context["audit_trail"]
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("country", "", "AT")]


def test_organisation_form_rejects_an_unknown_country(
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        reverse("organisations:create"),
        {"name": "Atlantis", "kind": "member_state", "country": "XX"},
    )

    assert response.context["form"].errors == {
        "country": ["XX is not an ISO 3166-1 alpha-2 country code."]
    }
    assert not Organisation.objects.filter(name="Atlantis").exists()


def test_the_stylesheet_and_script_are_served_by_the_application_itself() -> None:
    client = Client()

    assert client.get("/static/aegis/css/aegis.css").status_code == 200
    assert client.get("/static/aegis/js/aegis.js").status_code == 200
