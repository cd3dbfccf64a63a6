"""The admin site: staff with a confirmed second factor only."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from aegis.accounts.otp import second_factor_missing, to_second_factor


class AegisAdminSite(admin.AdminSite):
    """Django's admin, closed to staff who have not confirmed a second factor.

    The password alone is not enough: an active staff member without a verified session
    is sent to the second-factor page before any admin page (the log-in page included).
    """

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_missing(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _staff_without_second_factor(request):
                return to_second_factor(request)
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        return update_wrapper(wrapped, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if _staff_without_second_factor(request):
            return to_second_factor(request)
        return super().login(request, extra_context)


def _staff_without_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and second_factor_missing(user))
