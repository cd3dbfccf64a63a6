"""factory_boy factories for the office records and users."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from django.contrib.auth.models import Group

from aegis.activities.models import Activity, ActivityPeriod
from aegis.core.models import Organisation, User
from aegis.core.roles import Role


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.UN_ENTITY


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: Any) -> None:
        if create and extracted is not None:
            self.groups.add(Group.objects.get(name=extracted.value))
            if extracted is Role.ADMINISTRATOR:
                self.is_staff = self.is_superuser = True
                self.save(update_fields=["is_staff", "is_superuser"])


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Workshop on border security {n}")
    kind_id = "workshop"  # a kind the migration creates
    start_date = date(2020, 9, 14)
    lead_organisation = factory.SubFactory(OrganisationFactory)
    status = Activity.Status.DRAFT

    @factory.post_generation
    def periods(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            ActivityPeriod.objects.create(
                activity=self, start=self.start_date, end=self.end_date or self.start_date
            )
