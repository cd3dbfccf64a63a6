"""The probes of the security review that held, kept as tests generated from the URLconf,
the OpenAPI schema and the models: a new page, form, endpoint or text field is attacked
without anyone adding it here.

- stored XSS: every free-text field of every record holds a script; every page shows it
  escaped;
- open redirects: every page, with ``next`` set to a foreign address by GET and by each of
  its forms, never sends the browser off the site;
- CSRF: every page and every unsafe API operation refuses a POST without the token;
- XML bombs and external entities: every upload door and command that reads a watchlist
  refuses them, and stores nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.utils.html import escape
from drf_spectacular.generators import SchemaGenerator

from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel.models import WatchlistVersion
from paxscreen.cli import main as paxscreen_main
from tests.aegis.factories import UserFactory
from tests.aegis.test_bad_input_doors import HOSTILE_XML, run_aegis
from tests.aegis.urlwalk import Site, crawl, load_demo_site, page_routes, signed_in

pytestmark = pytest.mark.django_db

PAGE_ROUTES = page_routes()
SCRIPT = '"><script>alert(1)</script>'
OUR_APPS = {"accounts", "activities", "coordination", "core", "funding", "reporting", "travel"}


def text_fields() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every free-text field of our models: no choices, long enough to hold the script."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.unique
                and (field.max_length or 10_000) >= len(SCRIPT)
                and not isinstance(field, models.URLField | models.EmailField | models.SlugField)
                and field.name not in {"password", "content", "sha256"}
            ):
                yield model, field


@pytest.fixture(scope="module")
def poisoned(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[User, Site, int]]:
    """The demo data with a script in every free-text field of every record, an
    administrator, and the crawl of the pages; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_site()
        admin = UserFactory(role=Role.ADMINISTRATOR)
        poisoned_fields = 0
        for model, field in text_fields():
            try:
                with transaction.atomic():
                    if model._default_manager.update(**{field.attname: SCRIPT}):
                        poisoned_fields += 1
            except IntegrityError:
                continue
        yield admin, crawl(signed_in(admin)), poisoned_fields
        transaction.set_rollback(True)


def test_the_walk_reaches_the_pages_and_poisons_the_fields(
    poisoned: tuple[User, Site, int],
) -> None:
    _admin, site, fields = poisoned

    assert len(PAGE_ROUTES) >= 80
    assert len(site.pages) >= 45, sorted(site.unreached)
    assert fields >= 40


@pytest.mark.parametrize("route", sorted(PAGE_ROUTES))
def test_stored_scripts_come_out_escaped(route: str, poisoned: tuple[User, Site, int]) -> None:
    admin, site, _fields = poisoned
    path = site.pages.get(route, PAGE_ROUTES[route])

    response = signed_in(admin).get(path)

    content = response.content.decode(errors="replace")
    if "html" in response.get("Content-Type", ""):
        assert "<script>alert(1)</script>" not in content


def test_the_scripts_are_shown_escaped_somewhere(poisoned: tuple[User, Site, int]) -> None:
    admin, site, _fields = poisoned
    client = signed_in(admin)

    showing = [path for path in site.pages.values() if escape(SCRIPT) in client.get(path).text]

    # The poisoned text really reached the pages (the test above is not vacuous).
    assert len(showing) >= 20


# ----------------------------------------------------------------------------- open redirects

REDIRECT_VECTORS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
    "https://evil.example%2F@testserver/",
    " //evil.example/",
    "/%09/evil.example/",
]


def assert_stays_on_site(response: Any, what: str) -> None:
    if response.status_code not in {301, 302, 303, 307, 308}:
        return
    location = response["Location"]
    target = urlsplit(location.strip())
    assert target.scheme in {"", "http", "https"}, (what, location)
    assert target.netloc in {"", "testserver"}, (what, location)
    assert not location.lstrip().startswith(("//", "\\", "/\\")), (what, location)


@pytest.mark.parametrize("route", sorted(PAGE_ROUTES))
def test_no_page_redirects_off_site_by_get(route: str, poisoned: tuple[User, Site, int]) -> None:
    admin, site, _fields = poisoned
    path = site.pages.get(route, PAGE_ROUTES[route])
    client = signed_in(admin)

    for vector in REDIRECT_VECTORS:
        assert_stays_on_site(client.get(path, {"next": vector}), f"GET {path} next={vector}")


def test_no_form_redirects_off_site(poisoned: tuple[User, Site, int]) -> None:
    admin, site, _fields = poisoned
    forms = site.post_forms
    assert any("next" in form.fields for form in forms)

    for form in forms:
        # Every vector where the form sends ``next``; the commonest elsewhere (query string).
        vectors = REDIRECT_VECTORS if "next" in form.fields else REDIRECT_VECTORS[:4]
        for vector in vectors:
            client = signed_in(admin)  # a fresh one: the sign-out form ends its session
            data = {name: value for name, (_kind, value) in form.fields.items() if value}
            response = client.post(f"{form.action}?next={vector}", {**data, "next": vector})
            assert_stays_on_site(response, f"POST {form.action} next={vector}")


@pytest.mark.parametrize("vector", REDIRECT_VECTORS)
def test_signing_in_never_leads_off_site(vector: str, make_user: Callable[..., User]) -> None:
    viewer = make_user(Role.VIEWER)

    response = Client().post(
        f"/accounts/login/?next={vector}",
        {"username": viewer.username, "password": "a-long-test-password", "next": vector},
    )

    assert response.status_code == 302
    assert_stays_on_site(response, f"login next={vector}")


# ----------------------------------------------------------------------------- CSRF


@pytest.mark.parametrize("route", sorted(PAGE_ROUTES))
def test_every_page_refuses_a_post_without_the_token(
    route: str, poisoned: tuple[User, Site, int]
) -> None:
    admin, site, _fields = poisoned
    path = site.pages.get(route, PAGE_ROUTES[route])
    client = signed_in(admin, enforce_csrf_checks=True)

    response = client.post(path, {"name": "forged", "title": "forged"})

    assert response.status_code == 403, path
    assert "CSRF" in response.text or "Forbidden" in response.text


def _schema_operations() -> list[tuple[str, str]]:
    """(method, path) of every unsafe operation, path parameters filled with an allowed
    value (the first of an enumeration, else 1)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for template, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"post", "put", "patch", "delete"}:
                continue
            path = template
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    value = parameter.get("schema", {}).get("enum", ["1"])[0]
                    path = path.replace("{%s}" % parameter["name"], str(value))  # noqa: UP031
            operations.append((method, path))
    return operations


UNSAFE_OPERATIONS = _schema_operations()


def test_the_schema_lists_unsafe_operations() -> None:
    assert len(UNSAFE_OPERATIONS) >= 15


@pytest.mark.parametrize(
    ("method", "path"), UNSAFE_OPERATIONS, ids=[f"{m} {p}" for m, p in UNSAFE_OPERATIONS]
)
def test_no_unsafe_api_operation_acts_on_a_session_without_the_token(
    method: str, path: str, make_user: Callable[..., User]
) -> None:
    client = signed_in(make_user(Role.ADMINISTRATOR), enforce_csrf_checks=True)
    concrete = re.sub(r"\{\w+\}", "1", path)  # a parameter of no stated form

    response = getattr(client, method)(concrete, {}, content_type="application/json")

    # 403: the session is refused without the token; 401: the operation takes no session
    # at all (carrier and token doors); the token request authenticates by its own
    # credentials (none here: 400), never by the session.
    expected = {400} if path.endswith("/auth/token/") else {401, 403}
    assert response.status_code in expected, (method, concrete, response.status_code)
    if response.status_code == 403:
        assert "CSRF" in response.json()["message"]


def test_a_forged_post_to_no_endpoint_is_refused_in_the_api_error_shape(
    make_user: Callable[..., User],
) -> None:
    client = signed_in(make_user(Role.ADMINISTRATOR), enforce_csrf_checks=True)

    response = client.post("/api/v1/travel/cases/1/transitions/1/", {})

    assert response.status_code == 403
    assert response.json() == {
        "message": "CSRF check failed: CSRF cookie not set.",
        "errors": {},
    }


# ----------------------------------------------------------------------------- XML bombs


@pytest.mark.parametrize("attack", HOSTILE_XML)
def test_every_upload_door_refuses_hostile_xml(
    attack: str, poisoned: tuple[User, Site, int]
) -> None:
    admin, site, _fields = poisoned
    doors = [form for form in site.post_forms if "file" in form.fields]
    assert len(doors) >= 4
    before = WatchlistVersion.objects.count()

    for form in doors:
        client = signed_in(admin)
        base = {name: value for name, (_kind, value) in form.fields.items() if value}
        formats = form.choices.get("file_format", [""])
        for file_format in formats:
            upload = SimpleUploadedFile("list.xml", HOSTILE_XML[attack].encode())
            data = {**base, "name": f"Hostile {attack}", "file_format": file_format}
            response = client.post(form.action, {**data, "file": upload})
            assert response.status_code in {200, 400}, form.action
            assert "lollollol" not in response.text
            assert "root:" not in response.text

    assert WatchlistVersion.objects.count() == before


@pytest.mark.parametrize("attack", HOSTILE_XML)
def test_the_watchlist_commands_refuse_hostile_xml(
    attack: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "list.xml"
    path.write_text(HOSTILE_XML[attack], encoding="utf-8")

    codes = [
        run_aegis(["watchlist", "Hostile", str(path)], monkeypatch),
        paxscreen_main(["watchlist", "info", str(path)]),
    ]

    err = capsys.readouterr().err
    assert codes == [2, 2]
    assert err.count("\n") == 2
    assert "Traceback" not in err
    assert not WatchlistVersion.objects.filter(watchlist__name="Hostile").exists()
