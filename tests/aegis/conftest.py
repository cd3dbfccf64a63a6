from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import transaction
from django.test import Client

from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from tests.aegis.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a rolled-back test's records sent no signal, so
    figures cached from them must not outlive it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture(scope="module")
def office_demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The office's demo data (organisations, activities, Compact), loaded once per module
    and rolled back after it; tests that use it still need the ``django_db`` mark."""
    from aegis.activities.demo import load_activities
    from aegis.coordination.demo import load_coordination
    from aegis.core.demo import load_organisations

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_organisations()
        load_activities()
        load_coordination()
        yield
        transaction.set_rollback(True)
