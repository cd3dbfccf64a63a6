"""A request id on every answer (``X-Request-ID``), named in the log of any server error."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def request_id(request: HttpRequest) -> str:
    """The id of ``request`` (made on first use)."""
    existing: str | None = getattr(request, "aegis_request_id", None)
    if existing is None:
        existing = uuid.uuid4().hex
        request.aegis_request_id = existing  # type: ignore[attr-defined]
    return existing


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["X-Request-ID"] = request_id(request)
        return response
