"""The core records' endpoints: organisations and the caller's own profile."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import csrf
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aegis.core import selectors, services
from aegis.core.locking import VersionedSerializer
from aegis.core.models import Organisation
from aegis.core.permissions import api_requires, signed_in_user
from aegis.core.roles import user_roles


class OrganisationSerializer(VersionedSerializer):
    class Meta:
        model = Organisation
        fields = ("id", "name", "acronym", "kind", "country", "website")


class OrganisationViewSet(viewsets.ModelViewSet[Organisation]):
    """The organisation registry: UN entities, Member States, CSOs, donors …"""

    serializer_class = OrganisationSerializer
    permission_classes = (permissions.IsAuthenticated, api_requires("core.view_organisation"))
    http_method_names = ("get", "post", "patch", "head", "options")

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.organisation_list(
            search=params.get("search", ""), kind=params.get("kind", "")
        )

    def perform_create(self, serializer: OrganisationSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        serializer.instance = services.organisation_create(
            actor=signed_in_user(self.request), **data
        )

    def perform_update(self, serializer: OrganisationSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.organisation_update(
            actor=signed_in_user(self.request),
            organisation=cast(Organisation, serializer.instance),
            **serializer.validated_data,
        )


class MeSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    organisation = OrganisationSerializer(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the caller is and which roles they hold."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        return Response(
            MeSerializer(
                {
                    "username": user.username,
                    "full_name": user.get_full_name(),
                    "organisation": user.organisation,
                    "roles": sorted(role.value for role in user_roles(user)),
                }
            ).data
        )


def api_not_found(request: HttpRequest) -> JsonResponse:
    """A path under /api/v1/ that names no endpoint or no record."""
    return JsonResponse({"message": _("No such API endpoint."), "errors": {}}, status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: under /api/ the refusal comes in the API's error shape (a forged
    POST to a path that names no endpoint is refused before any view runs); pages keep
    Django's own page."""
    if request.path.startswith("/api/"):
        message = _("CSRF check failed: %(reason)s") % {"reason": reason}
        return JsonResponse({"message": message, "errors": {}}, status=403)
    return csrf.csrf_failure(request, reason=reason)
