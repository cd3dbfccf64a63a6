from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from tests.aegis.factories import OrganisationFactory, UserFactory


@pytest.fixture
def organisation() -> Organisation:
    return OrganisationFactory(name="International Atomic Energy Agency", acronym="IAEA")


@pytest.fixture
def other_organisation() -> Organisation:
    return OrganisationFactory(
        name="Organization for Security and Co-operation in Europe", acronym="OSCE"
    )


@pytest.fixture
def make_user(organisation: Organisation) -> Callable[..., User]:
    def make(role: Role | None, **kwargs: object) -> User:
        kwargs.setdefault("organisation", organisation)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def client_for(make_user: Callable[..., User]) -> Callable[[Role | None], Client]:
    def make(role: Role | None) -> Client:
        client = Client()
        client.force_login(make_user(role))
        return client

    return make
