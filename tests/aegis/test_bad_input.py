"""Every form and every API operation answers hostile input without a server error.

The forms are found by crawling the pages as an administrator past the second factor
(``tests.aegis.urlwalk``), the operations in the OpenAPI schema; hypothesis fills them with
NUL bytes, 1 MB strings, non-finite numbers (nan, inf, 1e309) and wrong types (several
values for one, an object for a number). A 400 or a form error is an answer; a 500, or a
traceback in the page, is not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role
from tests.aegis.factories import UserFactory
from tests.aegis.test_bad_input_doors import BILLION_LAUGHS
from tests.aegis.urlwalk import (
    Form,
    Operation,
    Site,
    api_operations,
    crawl,
    load_demo_site,
    signed_in,
)

pytestmark = pytest.mark.django_db

HUGE = "x" * 1_000_000
NASTY = [
    "\x00",
    "Vienna\x00",
    HUGE,
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "1e309",
    "-1e309",
    "9" * 40,
    "-1",
    '{"id": 1}',
    "2020-02-30",
    "",
]
text_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=8))
form_values = st.one_of(text_values, st.lists(st.sampled_from(NASTY), min_size=2, max_size=3))
FILES = [
    ("list.csv", b"\x00\x00\x00"),
    ("list.csv", b"reference,full_name\nX," + b"y" * 140_000 + b"\n"),
    ("rates.csv", b"currency,effective_date,rate\nEUR,2020-01-01,nan\nEUR,2020-01-02,1e309\n"),
    ("records.xlsx", b"PK\x03\x04 not a workbook"),
    ("records.csv", "\ufeff".encode() + b"\xff\xfe broken"),
    ("list.xml", BILLION_LAUGHS.encode()),
]
HYPOTHESIS = settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[User, Site]]:
    """The demo data, an administrator, and what a crawl of the pages found; rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_site()
        admin = UserFactory(role=Role.ADMINISTRATOR)
        yield admin, crawl(signed_in(admin))
        transaction.set_rollback(True)


def assert_answered(response: Any, what: str) -> None:
    assert response.status_code < 500, what
    assert b"Traceback" not in response.content, what


def form_data(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """The form's own values, each field possibly replaced by a hostile one."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, (kind, value) in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            fields[name] = st.sampled_from(FILES)
            continue
        valid = value or (form.choices.get(name) or [""])[-1]
        fields[name] = st.one_of(st.just(valid), form_values)
    return st.fixed_dictionaries(fields)


def test_every_form_answers_hostile_values_without_a_server_error(
    site: tuple[User, Site],
) -> None:
    admin, found = site
    forms = found.post_forms
    assert len(forms) >= 25, [form.action for form in forms]

    for form in forms:
        client = signed_in(admin, enforce_csrf_checks=True)
        client.get(form.page)  # the CSRF cookie, as a browser gets it
        post_hostile(client, form)()


def post_hostile(client: Client, form: Form) -> Any:
    @given(data=form_data(form))
    @HYPOTHESIS
    def post(data: dict[str, Any]) -> None:
        payload = {
            name: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
            for name, value in data.items()
        }
        payload["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
        response = client.post(form.action, payload)
        refused = response.status_code == 403 and b"CSRF" in response.content
        assert not refused, form.action
        assert_answered(response, f"POST {form.action} {sorted(data)}")

    return post


def test_every_page_answers_hostile_query_parameters_without_a_server_error(
    site: tuple[User, Site],
) -> None:
    admin, found = site
    client = signed_in(admin)
    # The parameters each page's own filter forms send, and the usual ones.
    names: dict[str, set[str]] = {}
    for form in found.forms:
        if form.method == "get":
            names.setdefault(form.action.split("?")[0], set()).update(form.fields)
    assert len(found.pages) >= 45, sorted(found.unreached)

    for path in found.pages.values():
        params = sorted(names.get(path, set()) | {"q", "page", "year", "format", "next"})
        get_hostile(client, path, params)()


def get_hostile(client: Client, path: str, params: list[str]) -> Any:
    @given(values=st.lists(text_values, min_size=len(params), max_size=len(params)))
    @settings(max_examples=3, deadline=None, database=None)
    def get(values: list[str]) -> None:
        response = client.get(path, dict(zip(params, values, strict=True)))
        assert_answered(response, f"GET {path} {params}")

    return get


def json_value(kind: str) -> st.SearchStrategy[Any]:
    wrong = st.sampled_from([["a", "b"], {"id": 1}, None, True])
    if kind in {"integer", "number"}:
        return st.one_of(st.sampled_from(["nan", "inf", "1e309", 1e308, 10**30, "NaN"]), wrong)
    return st.one_of(st.sampled_from(NASTY), wrong, st.integers())


def encode(body: dict[str, Any]) -> str:
    # 1e309 as a JSON number (json.loads reads it as inf); NaN and Infinity as literals.
    return json.dumps(body, allow_nan=True).replace('"1e309"', "1e309")


def test_every_api_operation_answers_hostile_values_without_a_server_error(
    site: tuple[User, Site],
) -> None:
    admin, _found = site
    token = api_token_issue(
        actor=admin, user=admin, name="bad input", scopes=["office", "piu"], second_factor=True
    )
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    operations = api_operations(client)
    assert len(operations) >= 30

    for operation in operations:
        call_hostile(client, operation)()


def call_hostile(client: Client, operation: Operation) -> Any:
    body = st.fixed_dictionaries({name: json_value(kind) for name, kind in operation.body.items()})
    query = st.fixed_dictionaries({name: text_values for name, _kind in operation.query})

    @given(body=body, query=query)
    @HYPOTHESIS
    def call(body: dict[str, Any], query: dict[str, str]) -> None:
        if operation.method in {"get", "delete"}:
            response = getattr(client, operation.method)(operation.path, query)
        else:
            response = getattr(client, operation.method)(
                operation.path, encode(body), content_type="application/json"
            )
        assert_answered(response, f"{operation.method.upper()} {operation.path}")
        if response.status_code >= 400:
            assert set(response.json()) >= {"message", "errors"}, operation.path

    return call
