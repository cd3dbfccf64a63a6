"""The two halves' switches (``AEGIS_OFFICE_ENABLED``, ``AEGIS_PIU_ENABLED``) at one door.

Every route belongs to the office, the PIU, or neither (sign-in, accounts, admin, the API's
plumbing); which one is declared here once, by URL namespace and API route name, and a
switched-off half answers 404 on all of its routes before any view runs — pages, API
operations and the carrier doors alike. ``tests/aegis/test_switches.py`` walks the URLconf
and the OpenAPI schema so that a new route cannot escape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

OFFICE_NAMESPACES = frozenset(
    {"organisations", "activities", "coordination", "highlights", "public", "funding"}
)
OFFICE_PAGES = frozenset({"search"})
API_COMMON = frozenset({"api-root", "me", "token", "token-logout", "schema", "docs", "not-found"})


def half_of(namespaces: list[str], url_name: str | None) -> str | None:
    """ "office", "piu" or None (neither) for a resolved route."""
    name = url_name or ""
    if "api" in namespaces:
        if name.startswith("travel-"):
            return "piu"
        return None if name in API_COMMON else "office"
    if "travel" in namespaces:
        return "piu"
    if OFFICE_NAMESPACES & set(namespaces) or (not namespaces and name in OFFICE_PAGES):
        return "office"
    return None


def half_enabled(half: str | None) -> bool:
    if half == "office":
        return bool(settings.AEGIS_OFFICE_ENABLED)
    if half == "piu":
        return bool(settings.AEGIS_PIU_ENABLED)
    return True


class FeatureSwitchMiddleware:
    """404 for every route of a half that is switched off on this installation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or half_enabled(half_of(match.namespaces, match.url_name)):
            return None
        if "api" in match.namespaces:
            return JsonResponse({"message": _("No such API endpoint."), "errors": {}}, status=404)
        raise Http404(_("This part of Aegis is not enabled on this installation."))
