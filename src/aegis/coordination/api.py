"""The Compact and its bodies under /api/v1/: ``?on=YYYY-MM-DD`` gives members on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from aegis.coordination import selectors
from aegis.coordination.models import Body, Membership
from aegis.core.permissions import api_requires, signed_in_user


def _today() -> date:
    return date.today()  # noqa: DTZ011 — membership is by calendar date


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ("id", "organisation", "organisation_name", "role", "joined_on", "left_on")


class BodySerializer(serializers.ModelSerializer[Body]):
    class Meta:
        model = Body
        fields = (
            "id",
            "name",
            "short_name",
            "kind",
            "part_of",
            "established_on",
            "revitalised_on",
            "description",
        )


class MembersOnSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    members = serializers.IntegerField()
    guests = serializers.IntegerField()
    memberships = MembershipSerializer(many=True)


class BodyViewSet(viewsets.ReadOnlyModelViewSet[Body]):
    serializer_class = BodySerializer
    permission_classes = (api_requires("coordination.view_body"),)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Body.objects.none()
        return selectors.body_list(
            user=signed_in_user(self.request), kind=self.request.query_params.get("kind", "")
        )

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="YYYY-MM-DD; today by default")],
        responses=MembersOnSerializer,
    )
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str) -> Response:
        """Members of the body on a date (guest members counted apart)."""
        body = self.get_object()
        text = request.query_params.get("on", "")
        try:
            on = serializers.DateField().to_internal_value(text) if text else _today()
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"on": exc.detail}) from exc
        memberships = list(selectors.members_on(body=body, on=on))
        guests = sum(1 for m in memberships if m.role == Membership.Role.GUEST)
        return Response(
            MembersOnSerializer(
                {
                    "on": on,
                    "members": len(memberships) - guests,
                    "guests": guests,
                    "memberships": memberships,
                }
            ).data
        )
