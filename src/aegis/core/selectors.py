"""Reads of the core records."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from aegis.core.models import Organisation


def organisation_list(*, search: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Organisations whose name or acronym contains ``search``, optionally of one kind."""
    organisations = Organisation.objects.all()
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(acronym__icontains=search)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")
