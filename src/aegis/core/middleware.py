"""Anonymous visitors learn nothing of the internal pages, not even that they exist; a
query string with a null character is refused before any view reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext as _
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


def validates_query(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark ``view`` as checking its own query parameters with a form (it shows the user a
    form error for a null character); ``RefuseNullInQueryMiddleware`` lets it through."""
    view.validates_query = True  # type: ignore[attr-defined]
    return view


class RefuseNullInQueryMiddleware:
    """Answer 400, naming the parameter, to a query string holding a null character.

    PostgreSQL cannot store or compare text with NUL in it (the driver raises, a 500);
    no parameter of ours has a use for one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        if getattr(view, "validates_query", False):
            return None
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return self._refuse(request, name.replace("\x00", "\\x00"))
        return None

    @staticmethod
    def _refuse(request: HttpRequest, name: str) -> HttpResponse:
        message = _("Parameter %(name)r holds a null character (\\x00); remove it.") % {
            "name": name
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message, "errors": {name: [message]}}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
