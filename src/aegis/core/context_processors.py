"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from aegis.core.roles import OFFICE_ROLES, PIU_ROLES, user_roles


def navigation(request: HttpRequest) -> dict[str, Any]:
    roles = user_roles(request.user)
    return {
        "nav_office": settings.AEGIS_OFFICE_ENABLED and bool(roles & OFFICE_ROLES),
        "nav_piu": settings.AEGIS_PIU_ENABLED and bool(roles & PIU_ROLES),
        "user_roles": sorted(role.value for role in roles),
    }
