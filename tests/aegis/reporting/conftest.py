from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def highlights_demo(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    """The office and Trust Fund demo data, loaded once per module and rolled back after it."""
    from aegis.activities.demo import load_activities
    from aegis.coordination.demo import load_coordination
    from aegis.core.demo import load_organisations
    from aegis.funding.demo import load_funding

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_organisations()
        load_activities()
        load_coordination()
        load_funding()
        yield
        transaction.set_rollback(True)
