"""API plumbing shared by every domain: pagination and one error shape.

Errors always come back as ``{"message": "...", "errors": {field: [...]}}`` so a
client can show the message and mark the fields. Kept apart from the endpoints
because DRF imports these classes while it loads its own settings.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from aegis.core.request_id import request_id

logger = logging.getLogger(__name__)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Django's own exceptions mapped and one error shape for all."""
    from aegis.core.locking import EditConflict  # models: not importable with DRF's settings

    if isinstance(exc, EditConflict):
        return Response(exc.as_json(), status=409)
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, OverflowError | DataError):
        # A number too large for the database in a filter or a body is bad input.
        exc = exceptions.ValidationError({"non_field_errors": [_("A number is out of range.")]})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        # Anything else is a fault of ours: the same shape, and an id to find it in the log.
        request = context.get("request")
        rid = request_id(request._request) if request is not None else ""
        logger.exception("Unhandled API error (request id %s)", rid, exc_info=exc)
        message = _("An unexpected error occurred; quote this request id to the administrators.")
        return Response({"message": message, "errors": {}, "request_id": rid}, status=500)
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        fields = ", ".join(name for name in errors if name != "non_field_errors")
        message = (
            _("Invalid input in: %(fields)s.") % {"fields": fields}
            if fields
            else _("Invalid input.")
        )
        response.data = {"message": message, "errors": errors}
    else:
        response.data = {"message": str(response.data.get("detail", exc)), "errors": {}}
    return response


def query_int(params: Any, name: str, *, maximum: int = 10**18 - 1) -> int | None:
    """The whole number in query parameter ``name`` (None when absent).

    Raises a ValidationError naming the parameter when it is not a whole number from 0
    to ``maximum`` (by default the largest record id the databases hold).
    """
    value = params.get(name, "")
    if not value:
        return None
    if not (value.isdigit() and int(value) <= maximum):
        raise exceptions.ValidationError(
            {name: [_("Must be a whole number from 0 to %(max)s.") % {"max": maximum}]}
        )
    return int(value)
