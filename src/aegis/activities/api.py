"""Activities under /api/v1/activities/: the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from aegis.activities import selectors, services
from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.permissions import signed_in_user


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "title",
            "kind",
            "summary",
            "start_date",
            "end_date",
            "lead_organisation",
            "status",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")


class TransitionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _filters(request: Request) -> selectors.ActivityFilters:
    params = request.query_params
    dates = serializers.DateField(required=False, allow_null=True)
    organisation = params.get("organisation", "")
    if organisation and not organisation.isdigit():
        raise serializers.ValidationError({"organisation": ["Must be an organisation id."]})
    try:
        starts_from = dates.to_internal_value(params["from"]) if params.get("from") else None
        starts_until = dates.to_internal_value(params["until"]) if params.get("until") else None
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"from/until": exc.detail}) from exc
    return selectors.ActivityFilters(
        search=params.get("search", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        organisation_id=int(organisation) if organisation else None,
        starts_from=starts_from,
        starts_until=starts_until,
    )


class ActivityViewSet(viewsets.ModelViewSet[Activity]):
    serializer_class = ActivitySerializer
    # Model permissions first (a viewer's POST is refused before its body is read),
    # then the selectors scope which records the user may see and change.
    permission_classes = (permissions.DjangoModelPermissions,)
    http_method_names = ("get", "post", "patch", "put", "head", "options")

    def _actor(self) -> User:
        return signed_in_user(self.request)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("kind", str, enum=Activity.Kind.values),
            OpenApiParameter("status", str, enum=Activity.Status.values),
            OpenApiParameter("organisation", int),
            OpenApiParameter("from", str, description="Start date on or after (YYYY-MM-DD)"),
            OpenApiParameter("until", str, description="Start date on or before (YYYY-MM-DD)"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Activity.objects.none()
        if self.action == "list":
            return selectors.activity_list(user=self._actor(), filters=_filters(self.request))
        return selectors.activity_visible(user=self._actor())

    def get_object(self) -> Activity:
        pk = self.kwargs["pk"]
        if not str(pk).isdigit():
            raise Http404
        if self.action in {"update", "partial_update"}:
            return selectors.activity_get_for_change(user=self._actor(), pk=int(pk))
        return selectors.activity_get(user=self._actor(), pk=int(pk))

    def perform_create(self, serializer: ActivitySerializer) -> None:  # type: ignore[override]
        serializer.instance = services.activity_create(
            actor=self._actor(), **serializer.validated_data
        )

    def perform_update(self, serializer: ActivitySerializer) -> None:  # type: ignore[override]
        activity = cast(Activity, serializer.instance)
        serializer.instance = services.activity_update(
            actor=self._actor(), activity=activity, **serializer.validated_data
        )

    @extend_schema(
        request=TransitionSerializer,
        responses=ActivitySerializer,
        parameters=[
            OpenApiParameter(
                "transition", str, OpenApiParameter.PATH, enum=services.TRANSITION_NAMES
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[a-z]+)")
    def transition(self, request: Request, pk: str, transition: str) -> Response:
        """Submit, publish, return or unpublish the activity."""
        activity = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = services.activity_transition(
            actor=self._actor(),
            activity=activity,
            transition=transition,
            note=body.validated_data["note"],
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_200_OK)
