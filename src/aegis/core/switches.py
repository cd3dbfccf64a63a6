"""The two halves' switches (``AEGIS_OFFICE_ENABLED``, ``AEGIS_PIU_ENABLED``) at every door.

Every route belongs to the office, the PIU, or neither (sign-in, accounts, admin, the API's
plumbing); which one is declared here once, by URL namespace and API route name, and a
switched-off half answers 404 on all of its routes before any view runs — pages, API
operations and the carrier doors alike.

The other doors belong to a half by the app their code lives in (``APP_HALVES``): the
management commands of a switched-off half (``HalfCommand``) refuse in one line with exit
code 2 before parsing their arguments, the folder and queue consumers refuse before reading
anything (``require_half``), and a background task of a switched-off half is skipped by the
queue (``aegis.core.queue``). ``tests/aegis/test_switches.py`` walks the URLconf, the OpenAPI
schema and the commands, so that a new route or command cannot escape.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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


# The apps whose every command, consumer and task is one half's (the others serve both).
APP_HALVES = {
    "aegis.travel": "piu",
    "aegis.activities": "office",
    "aegis.coordination": "office",
    "aegis.funding": "office",
    "aegis.reporting": "office",
}
SWITCHES = {"office": "AEGIS_OFFICE_ENABLED", "piu": "AEGIS_PIU_ENABLED"}
NAMES = {"office": "office platform", "piu": "Passenger Information Unit"}


class SwitchedOff(Exception):
    """A door of a half that is switched off on this installation was used."""


def half_of_module(module: str) -> str | None:
    """The half whose app holds ``module`` ("aegis.travel.tasks": "piu"), or None."""
    for app, half in APP_HALVES.items():
        if module == app or module.startswith(app + "."):
            return half
    return None


def switched_off_text(half: str) -> str:
    return f"The {NAMES[half]} is switched off on this installation ({SWITCHES[half]}=false)."


def require_half(half: str) -> None:
    """Raise ``SwitchedOff`` (saying which switch) when ``half`` is switched off."""
    if not half_enabled(half):
        raise SwitchedOff(switched_off_text(half))


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


class HalfCommand(BaseCommand):
    """A management command of one half (the one its app belongs to): with that half
    switched off it refuses in one line, exit code 2, before reading its arguments."""

    # Commands that must run even with their half off say so, and why, here.
    runs_switched_off = False

    @classmethod
    def half(cls) -> str | None:
        return None if cls.runs_switched_off else half_of_module(cls.__module__)

    def _refusal(self) -> str | None:
        half = self.half()
        if half is None or half_enabled(half):
            return None
        return switched_off_text(half)

    def run_from_argv(self, argv: list[str]) -> None:
        refusal = self._refusal()
        if refusal is not None:
            name = " ".join(argv[:2])
            sys.stderr.write(f"{name}: {refusal}\n")
            sys.exit(2)
        super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> str | None:
        refusal = self._refusal()
        if refusal is not None:
            raise CommandError(refusal, returncode=2)
        result: str | None = super().execute(*args, **options)
        return result
