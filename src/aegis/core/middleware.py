"""Anonymous visitors learn nothing of the internal pages, not even that they exist."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.views.defaults import page_not_found


class HideInternalPagesMiddleware:
    """Turn "log in first" redirects of anonymous visitors into 404s.

    The home page still leads to the log-in page (staff start there); any other internal
    page answers as if it did not exist. The 404 page offers the log-in link.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 302
            and request.path != "/"
            and not request.user.is_authenticated
            and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
        ):
            return page_not_found(request, Http404())
        return response
