"""The PIU under /api/v1/travel/: carrier intake (HTTP door), flights, travellers and cases.

The same selectors and services as the pages; every read of personal data is logged.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aegis.core.permissions import signed_in_user
from aegis.travel import intake, selectors, services
from aegis.travel.models import Carrier, CarrierMessage, Case, Flight, Hit, Traveller
from aegis.travel.otp import PiuVerified

_LARGEST_ID = 2**63 - 1


def _record_id(value: object) -> int:
    """A record id from the path; anything else (text, out of range) is a 404."""
    text = str(value)
    if not text.isdigit() or int(text) > _LARGEST_ID:
        raise Http404
    return int(text)


class EdifactParser(BaseParser):
    """Carrier messages come as the raw interchange (any text media type)."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return stream.read() if stream is not None else b""


ACKNOWLEDGEMENT = inline_serializer(
    "CarrierMessageAcknowledgement",
    {
        "acknowledgement": serializers.UUIDField(),
        "status": serializers.ChoiceField(["loaded", "quarantined", "duplicate"]),
        "travellers": serializers.IntegerField(),
        "error": serializers.CharField(),
    },
)


class CarrierMessageView(APIView):
    """POST the raw PAXLST/PNRGOV interchange; answers with an acknowledgement id.

    The caller is a carrier's submitting account (token authentication) holding
    ``travel.submit_carriermessage``. 201 when loaded or quarantined, 200 when the same
    bytes were received before (nothing is loaded twice). The answer never says whether
    anyone hit: screening results stay inside the PIU.
    """

    parser_classes = (EdifactParser,)
    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(request={"text/plain": str}, responses=ACKNOWLEDGEMENT)
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        carrier = Carrier.objects.filter(account=user).first()
        if carrier is None and not user.is_superuser:
            raise PermissionDenied("This account submits for no carrier.")
        content = request.data if isinstance(request.data, bytes) else b""
        if not content.strip():
            raise serializers.ValidationError({"content": ["The message is empty."]})
        result = intake.message_receive(
            content=content,
            door=CarrierMessage.Door.HTTP,
            source=f"http:{user.username}",
            carrier=carrier,
            actor=user,
        )
        return Response(
            {
                "acknowledgement": str(result.message.acknowledgement),
                "status": result.status,
                "travellers": result.travellers,
                "error": result.message.error,
            },
            status=status.HTTP_200_OK if result.duplicate else status.HTTP_201_CREATED,
        )


class CarrierMessageStatusView(APIView):
    """GET the outcome of a message by its acknowledgement id (the submitting carrier only)."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(responses=ACKNOWLEDGEMENT)
    def get(self, request: Request, acknowledgement: str) -> Response:
        user = signed_in_user(request)
        message = (
            CarrierMessage.objects.filter(acknowledgement=acknowledgement)
            .select_related("carrier")
            .defer("content")
            .first()
        )
        submitted_by_user = message is not None and (
            message.carrier is not None and message.carrier.account_id == user.pk
        )
        if message is None or not (submitted_by_user or user.is_superuser):
            raise Http404
        return Response(
            {
                "acknowledgement": str(message.acknowledgement),
                "status": message.status,
                "travellers": message.travellers_loaded,
                "error": message.error,
            }
        )


class FlightSerializer(serializers.ModelSerializer[Flight]):
    carrier = serializers.CharField(source="carrier.code")
    direction = serializers.CharField(read_only=True)
    travellers = serializers.IntegerField(source="traveller_count", read_only=True)
    hits = serializers.IntegerField(source="hit_count", read_only=True)
    open_cases = serializers.IntegerField(source="open_case_count", read_only=True)

    class Meta:
        model = Flight
        fields = (
            "id",
            "carrier",
            "number",
            "origin",
            "destination",
            "departure",
            "arrival",
            "direction",
            "travellers",
            "hits",
            "open_cases",
        )


class FlightViewSet(viewsets.ReadOnlyModelViewSet[Flight]):
    """The flights board: upcoming flights with counts of travellers, hits and open cases."""

    serializer_class = FlightSerializer
    permission_classes = (permissions.IsAuthenticated, PiuVerified)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Flight.objects.none()
        return selectors.flight_board(user=signed_in_user(self.request))

    def get_object(self) -> Flight:
        pk = _record_id(self.kwargs["pk"])
        try:
            return cast(Flight, self.get_queryset().get(pk=pk))
        except Flight.DoesNotExist:
            raise Http404 from None


class HitSerializer(serializers.ModelSerializer[Hit]):
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = Hit
        fields = ("id", "kind", "key", "label", "score", "explanation", "severity")


class TravellerSerializer(serializers.ModelSerializer[Traveller]):
    hits = HitSerializer(many=True, read_only=True)
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = Traveller
        fields = (
            "id",
            "flight",
            "kind",
            "surname",
            "given_names",
            "sex",
            "date_of_birth",
            "nationality",
            "seat",
            "masked_at",
            "hits",
        )


class TravellerViewSet(viewsets.GenericViewSet[Traveller]):
    serializer_class = TravellerSerializer
    queryset = Traveller.objects.none()  # reads go through the selectors
    permission_classes = (permissions.IsAuthenticated, PiuVerified)

    def retrieve(self, request: Request, pk: str) -> Response:
        user = signed_in_user(request)
        traveller = selectors.traveller_get(user=user, pk=_record_id(pk))
        services.access_record(
            user=user, what="traveller", object_id=traveller.pk, path=request.get_full_path()
        )
        return Response(TravellerSerializer(traveller).data)


class CaseSerializer(serializers.ModelSerializer[Case]):
    hits = HitSerializer(many=True, read_only=True)
    traveller = serializers.CharField(source="traveller.__str__", read_only=True)
    status = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = (
            "id",
            "traveller",
            "flight",
            "status",
            "outcome",
            "justification",
            "assignee",
            "severity",
            "opened_at",
            "hits",
        )
        read_only_fields = fields


class CaseTransitionSerializer(serializers.Serializer[Any]):
    justification = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class CaseViewSet(viewsets.ReadOnlyModelViewSet[Case]):
    """Cases (a liaison officer sees those referred to their agency) and their workflow."""

    serializer_class = CaseSerializer
    permission_classes = (permissions.IsAuthenticated, PiuVerified)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.case_list(user=signed_in_user(self.request)).prefetch_related("hits")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pk = str(kwargs["pk"])
        user = signed_in_user(request)
        case = selectors.case_get(user=user, pk=_record_id(pk))
        services.access_record(user=user, what="case", object_id=case.pk, path=request.path)
        return Response(CaseSerializer(case).data)

    @extend_schema(
        request=CaseTransitionSerializer,
        responses=CaseSerializer,
        parameters=[OpenApiParameter("transition", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[a-z]+)")
    def transition(self, request: Request, pk: str, transition: str) -> Response:
        user = signed_in_user(request)
        case = selectors.case_get(user=user, pk=_record_id(pk))
        body = CaseTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = services.case_transition(
            actor=user,
            case=case,
            transition=transition,
            justification=body.validated_data["justification"],
            outcome=body.validated_data["outcome"],
        )
        return Response(CaseSerializer(case).data)
