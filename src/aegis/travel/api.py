"""The PIU under /api/v1/travel/: carrier intake (HTTP door), flights, travellers and cases.

The same selectors and services as the pages; every read of personal data is logged.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from typing import Any, ClassVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aegis.accounts.tokens import ApiTokenAuthentication
from aegis.core.models import User
from aegis.core.permissions import require_permission, signed_in_user
from aegis.core.rest import Pagination, query_int
from aegis.travel import iapi, iapi_edifact, intake, search, selectors, services
from aegis.travel.access import ApiAccessLogged, Kind, record
from aegis.travel.forms import CaseFilterForm, piu_people
from aegis.travel.models import (
    AccessLog,
    Carrier,
    CarrierMessage,
    Case,
    CheckIn,
    Flight,
    Hit,
    IapiInterchange,
    InterchangeMessage,
    TravelDocument,
    Traveller,
)
from aegis.travel.otp import CarrierDoor, PiuVerified
from paxscreen.airports import airport
from paxscreen.edifact.codes import country_alpha3

_LARGEST_ID = 2**63 - 1


def _record_id(value: object) -> int:
    """A record id from the path; anything else (text, out of range) is a 404."""
    text = str(value)
    if not text.isdigit() or int(text) > _LARGEST_ID:
        raise Http404
    return int(text)


class MessageTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class EdifactParser(BaseParser):
    """Carrier messages come as the raw interchange (any text media type).

    Reads at most one byte more than ``AEGIS_INTAKE_MAX_BYTES``: a larger body is
    answered 413 without being read into memory whole.
    """

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        if stream is None:
            return b""
        limit = settings.AEGIS_INTAKE_MAX_BYTES
        request = (parser_context or {}).get("request")
        declared = str(request.META.get("CONTENT_LENGTH") or "") if request is not None else ""
        if declared.isdigit() and int(declared) > limit:
            raise MessageTooLarge(intake.too_large(int(declared)).text)
        content: bytes = stream.read(limit + 1)
        if len(content) > limit:
            raise MessageTooLarge(intake.too_large(len(content)).text)
        return content


ACKNOWLEDGEMENT = inline_serializer(
    "CarrierMessageAcknowledgement",
    {
        "acknowledgement": serializers.UUIDField(),
        "status": serializers.ChoiceField(["loaded", "partial", "quarantined", "duplicate"]),
        "travellers": serializers.IntegerField(),
        "error": serializers.CharField(),
        "warnings": serializers.ListField(child=serializers.CharField()),
        "messages": inline_serializer(
            "InterchangeMessageOutcome",
            {
                "position": serializers.IntegerField(),
                "message_type": serializers.CharField(),
                "reference": serializers.CharField(),
                "status": serializers.ChoiceField(["loaded", "quarantined"]),
                "error": serializers.CharField(),
                "warnings": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
)


def _acknowledgement(message: CarrierMessage, status_name: str) -> dict[str, Any]:
    return {
        "acknowledgement": str(message.acknowledgement),
        "status": status_name,
        "travellers": message.travellers_loaded,
        "error": message.error,
        "warnings": message.warnings,
        "messages": [
            {
                "position": part.position,
                "message_type": part.message_type,
                "reference": part.reference,
                "status": part.status,
                "error": part.error,
                "warnings": part.warnings,
            }
            for part in message.parts.all()
        ],
    }


class CarrierMessageView(APIView):
    """POST the raw PAXLST/PNRGOV interchange; answers with an acknowledgement id.

    The caller is a carrier's submitting account (token authentication) holding
    ``travel.submit_carriermessage``. 201 when loaded or quarantined, 200 when the same
    bytes were received before (nothing is loaded twice). The answer never says whether
    anyone hit: screening results stay inside the PIU.
    """

    parser_classes = (EdifactParser,)
    permission_classes = (permissions.IsAuthenticated, CarrierDoor)

    @extend_schema(request={"text/plain": str}, responses=ACKNOWLEDGEMENT)
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        carrier = Carrier.objects.filter(account=user).first()
        if carrier is None:
            raise PermissionDenied("This account submits for no carrier.")
        content = request.data if isinstance(request.data, bytes) else b""
        try:
            result = intake.message_receive(
                content=content,
                door=CarrierMessage.Door.HTTP,
                source=f"http:{user.username}",
                carrier=carrier,
                actor=user,
            )
        except intake.IntakeRefused as refused:
            if refused.code == "too-large":
                raise MessageTooLarge(refused.text) from None
            raise serializers.ValidationError({"content": [refused.text]}) from None
        body = _acknowledgement(result.message, result.status)
        if result.message.parts.filter(reason=InterchangeMessage.Reason.CARRIER).exists():
            # Stored (the PIU sees the attempt) but refused: the flight is another carrier's.
            return Response(
                {"message": result.message.error, **body}, status=status.HTTP_403_FORBIDDEN
            )
        return Response(
            body, status=status.HTTP_200_OK if result.duplicate else status.HTTP_201_CREATED
        )


class CarrierMessageStatusView(APIView):
    """GET the outcome of a message by its acknowledgement id (the submitting carrier only)."""

    permission_classes = (permissions.IsAuthenticated, CarrierDoor)

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
        if message is None or not submitted_by_user:
            raise Http404
        return Response(_acknowledgement(message, message.status))


def _carrier_of(user: Any) -> Carrier:
    try:
        # The reverse accessor keeps the carrier on the (remembered) account object.
        carrier: Carrier = user.carrier
    except Carrier.DoesNotExist:
        raise PermissionDenied("This account submits for no carrier.") from None
    return carrier


class RememberedTokenAuthentication(ApiTokenAuthentication):
    """Token authentication that remembers each account, with its permissions and carrier,
    for ``AEGIS_IAPI_REFRESH_SECONDS`` in this process: the check-in door then reads nothing
    to know who calls. A revoked token, a deactivated account or a withdrawn permission
    takes effect that much later (as a new list version does)."""

    _remembered: ClassVar[dict[str, tuple[float, Any, Any]]] = {}

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        max_age = settings.AEGIS_IAPI_REFRESH_SECONDS
        now = time.monotonic()
        remembered = self._remembered.get(key)
        if remembered is not None and now - remembered[0] < max_age:
            return remembered[1], remembered[2]
        user, token = super().authenticate_credentials(key)
        user.get_all_permissions()  # read once; Django keeps them on the account object
        if max_age > 0:
            if len(self._remembered) > 10_000:
                self._remembered.clear()
            self._remembered[key] = (now, user, token)
        return user, token


class RememberedTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The check-in door's token in the schema, apart from the other operations' one."""

    target_class = RememberedTokenAuthentication
    name = "carrierTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` of a carrier's submitting account.",
        }


class CountryField(serializers.CharField):
    """An ISO 3166-1 (or ICAO Doc 9303) country code, answered as its alpha-3 form."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=3, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        if not text:
            return text
        code, known = country_alpha3(text)
        if not known or code is None:
            raise serializers.ValidationError(f"{text!r} is not a country code (ISO 3166-1).")
        return code


class AirportField(serializers.RegexField):
    """An IATA airport code that names an airport (``paxscreen.airports``), upper case."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(r"^[A-Za-z]{3}$", **kwargs)

    def to_internal_value(self, data: Any) -> str:
        code = _upper(super().to_internal_value(data))
        if airport(code) is None:
            raise serializers.ValidationError(f"{code} is not an airport (IATA code).")
        return code


class OffsetDateTimeField(serializers.DateTimeField):
    """A date and time that must carry its UTC offset: a carrier's local time is ambiguous."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise serializers.ValidationError("Give the UTC offset, e.g. 2026-12-01T09:30:00Z.")
        return super().enforce_timezone(value)


def _upper(value: str) -> str:
    return value.strip().upper()


class _LightSerializer(serializers.Serializer[Any]):
    """A serializer whose fields are copied shallowly for each instance.

    DRF deep-copies every declared field (re-running each field's constructor) for every
    serializer instance: a quarter of a check-in's time with four nested serializers.
    These fields keep no state of a request, so a shallow copy, bound to the new instance,
    is enough.
    """

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}


class CheckFlightSerializer(_LightSerializer):
    carrier = serializers.RegexField(
        r"^[A-Za-z0-9]{2,3}$",
        required=False,
        help_text="IATA airline code; the submitting account's carrier when left out.",
    )
    number = serializers.RegexField(
        r"^[A-Za-z0-9]{0,3}\d{1,4}[A-Za-z]?$", help_text="Flight number, e.g. 506 or TN506."
    )
    origin = AirportField(help_text="IATA airport code.")
    destination = AirportField(help_text="IATA airport code.")
    departure = OffsetDateTimeField(help_text="Scheduled departure with its UTC offset.")
    arrival = OffsetDateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("carrier", "number", "origin", "destination"):
            if name in attrs:
                attrs[name] = _upper(attrs[name])
        if attrs["origin"] == attrs["destination"]:
            raise serializers.ValidationError({"destination": ["Same airport as the origin."]})
        arrival = attrs.get("arrival")
        if arrival is not None and arrival < attrs["departure"]:
            raise serializers.ValidationError({"arrival": ["Arrival before departure."]})
        return attrs


class CheckTravellerSerializer(_LightSerializer):
    kind = serializers.ChoiceField(Traveller.Kind.choices, default=Traveller.Kind.PASSENGER)
    surname = serializers.CharField(max_length=100)
    given_names = serializers.CharField(max_length=200, required=False, default="")
    date_of_birth = serializers.DateField()
    sex = serializers.ChoiceField(
        ["M", "F", "X", "U"], required=False, allow_blank=True, default=""
    )
    nationality = CountryField()
    residence_country = CountryField(required=False, default="")
    seat = serializers.RegexField(r"^[0-9]{1,3}[A-Za-z]$", required=False, default="")

    def validate_date_of_birth(self, value: dt.date) -> dt.date:
        if not dt.date(1900, 1, 1) <= value <= dt.datetime.now(tz=dt.UTC).date():
            raise serializers.ValidationError("Not a possible date of birth.")
        return value


class CheckDocumentSerializer(_LightSerializer):
    type = serializers.RegexField(
        r"^[A-Za-z]{1,2}$", required=False, default="P", help_text="P passport, I identity card…"
    )
    number = serializers.RegexField(r"^[A-Za-z0-9]{1,20}$")
    issuing_country = CountryField()
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)


class InteractiveCheckSerializer(_LightSerializer):
    flight = CheckFlightSerializer()
    traveller = CheckTravellerSerializer()
    document = CheckDocumentSerializer()

    def check(self) -> iapi.CheckedTraveller:
        flight, person, document = (
            self.validated_data[k] for k in ("flight", "traveller", "document")
        )
        return iapi.CheckedTraveller(
            flight_number=flight["number"],
            origin=flight["origin"],
            destination=flight["destination"],
            departure=flight["departure"],
            arrival=flight.get("arrival"),
            kind=person["kind"],
            surname=_upper(person["surname"]),
            given_names=_upper(person["given_names"]),
            date_of_birth=person["date_of_birth"],
            sex=person["sex"],
            nationality=person["nationality"],
            residence_country=person["residence_country"],
            seat=_upper(person["seat"]),
            document_type=_upper(document["type"]),
            document_number=_upper(document["number"]),
            document_country=document["issuing_country"],
            document_expiry=document["expiry_date"],
        )


INTERACTIVE_ANSWER = inline_serializer(
    "InteractiveAnswer",
    {
        "status": serializers.ChoiceField([verdict.value for verdict in iapi.Verdict]),
        "reference": serializers.CharField(
            help_text="The check-in's reference: ask again with it (GET …/iapi/<reference>/)."
        ),
        "directive": serializers.ChoiceField([directive.value for directive in iapi.Directive]),
        "message": serializers.CharField(),
    },
)
_ANSWER_TEXT = {
    iapi.Verdict.NO_HIT: "No hit.",
    iapi.Verdict.HIT_PENDING_REVIEW: (
        "Hit pending review by the Passenger Information Unit. This is not a boarding"
        " decision: contact the unit, which will also contact the carrier if action is needed."
    ),
    iapi.Verdict.HIT_REVIEWED: (
        "The Passenger Information Unit has reviewed this traveller's case. This is not a"
        " boarding decision: the unit will contact the carrier if action is needed."
    ),
}
_DIRECTED_TEXT = {
    iapi.Directive.OK_TO_BOARD: "An analyst of the Passenger Information Unit: OK to board.",
    iapi.Directive.DO_NOT_BOARD: (
        "An analyst of the Passenger Information Unit directs: do not board. Contact the unit."
    ),
}


def _interactive_answer(answer: iapi.InteractiveAnswer, *, directed: bool) -> dict[str, Any]:
    text = _ANSWER_TEXT[answer.verdict]
    if directed:
        text = _DIRECTED_TEXT.get(answer.directive, text)
    return {
        "status": answer.verdict.value,
        "reference": answer.reference,
        "directive": answer.directive.value,
        "message": text,
    }


class InteractiveCheckView(APIView):
    """POST one traveller (flight + travel document) at check-in; answers in milliseconds.

    The answer is ``no_hit`` (directive ``ok_to_board``) or ``hit_pending_review``
    (``contact_authority``: an analyst now reviews; ``hit_reviewed`` once closed), with the
    check-in's opaque ``reference`` — never a case number, never what matched, and never
    ``do_not_board`` unless an analyst directed it (then also on GET ``…/iapi/<reference>/``).
    The caller is a carrier's submitting account (token authentication) holding
    ``travel.submit_carriermessage``; sending the same traveller again returns the same
    reference. Interactive PAXLST (UN/EDIFACT) goes to ``…/iapi/paxlst/``.
    """

    authentication_classes = (RememberedTokenAuthentication,)
    permission_classes = (permissions.IsAuthenticated, CarrierDoor)

    @extend_schema(request=InteractiveCheckSerializer, responses=INTERACTIVE_ANSWER)
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        carrier = _carrier_of(user)
        serializer = InteractiveCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = serializer.validated_data["flight"].get("carrier", carrier.code)
        if code != carrier.code:
            raise PermissionDenied(f"This account submits for carrier {carrier.code} only.")
        answer = iapi.interactive_check(actor=user, carrier=carrier, check=serializer.check())
        return Response(_interactive_answer(answer, directed=False))


class InteractiveAnswerView(APIView):
    """GET a check-in's answer as it stands now, by the reference the carrier was given:
    an analyst's later direction (``do_not_board`` or ``ok_to_board``) shows here."""

    authentication_classes = (RememberedTokenAuthentication,)
    permission_classes = (permissions.IsAuthenticated, CarrierDoor)

    @extend_schema(responses=INTERACTIVE_ANSWER)
    def get(self, request: Request, reference: str) -> Response:
        user = signed_in_user(request)
        require_permission(user, "travel.submit_carriermessage")
        carrier = _carrier_of(user)
        check_in = CheckIn.objects.filter(reference=reference, carrier=carrier).first()
        if check_in is None:
            raise Http404
        answer = iapi.check_in_answer(check_in)
        return Response(_interactive_answer(answer, directed=bool(check_in.direction)))


CUSRES_CONTENT_TYPE = "application/edifact; charset=utf-8"


class PaxlstBodyParser(EdifactParser):
    media_type = "application/edifact"


class PaxlstTextParser(EdifactParser):
    media_type = "text/plain"


class InteractivePaxlstView(APIView):
    """POST an interactive PAXLST (UN/EDIFACT, ``application/edifact`` or ``text/plain``):
    one CUSRES per PAXLST message answers each traveller — 0Z OK to board, 2Z contact the
    authority, 8Z insufficient or erroneous data with each error (1Z do not board only from
    an analyst, later). An interchange that cannot be read or names another carrier's
    flight gets a message-level 8Z with why, and is kept quarantined. The answer is kept:
    GET ``…/paxlst/<UNB 0020>/`` gives it again, replaced after an analyst's direction.
    """

    authentication_classes = (RememberedTokenAuthentication,)
    permission_classes = (permissions.IsAuthenticated, CarrierDoor)
    parser_classes = (PaxlstBodyParser, PaxlstTextParser)

    @extend_schema(
        request={"application/edifact": OpenApiTypes.STR, "text/plain": OpenApiTypes.STR},
        responses={(200, "application/edifact"): OpenApiTypes.STR},
    )
    def post(self, request: Request) -> HttpResponse:
        user = signed_in_user(request)
        carrier = _carrier_of(user)
        content = request.data if isinstance(request.data, bytes) else b""
        try:
            answer = iapi_edifact.paxlst_check(
                actor=user, carrier=carrier, content=content, door=CarrierMessage.Door.HTTP
            )
        except intake.IntakeRefused as refusal:
            raise exceptions.ValidationError({"body": [refusal.text]}) from None
        # The CUSRES as it is; errors before one (401, 403, 400) are JSON as everywhere.
        return HttpResponse(answer.text, content_type=CUSRES_CONTENT_TYPE)


class InteractivePaxlstAnswerView(APIView):
    """GET the latest CUSRES for an interactive PAXLST, by its interchange reference."""

    authentication_classes = (RememberedTokenAuthentication,)
    permission_classes = (permissions.IsAuthenticated, CarrierDoor)

    @extend_schema(responses={(200, "application/edifact"): OpenApiTypes.STR})
    def get(self, request: Request, control_reference: str) -> HttpResponse:
        user = signed_in_user(request)
        require_permission(user, "travel.submit_carriermessage")
        carrier = _carrier_of(user)
        interchange = IapiInterchange.objects.filter(
            carrier=carrier, control_reference=control_reference
        ).first()
        if interchange is None:
            raise Http404
        return HttpResponse(interchange.response, content_type=CUSRES_CONTENT_TYPE)


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


class TravellerViewSet(ApiAccessLogged, viewsets.GenericViewSet[Traveller]):
    """Travellers: one by id, or the list of one flight (``flight``) or of one surname
    (``surname``, exact, any case); every read is in the access log."""

    serializer_class = TravellerSerializer
    queryset = Traveller.objects.none()  # reads go through the selectors
    permission_classes = (permissions.IsAuthenticated, PiuVerified)
    access_what = "traveller"
    access_kind = Kind.TRAVELLER

    @extend_schema(
        parameters=[
            OpenApiParameter("flight", int, description="The flight's id"),
            OpenApiParameter("surname", str, description="The surname, exactly (any case)"),
        ]
    )
    def list(self, request: Request) -> Response:
        user = signed_in_user(request)
        flight_id = query_int(request.query_params, "flight")
        surname = request.query_params.get("surname", "").strip()
        if flight_id is None and not surname:
            raise serializers.ValidationError(
                {"flight": ["Give a flight id or a surname: travellers are not listed whole."]}
            )
        travellers = selectors.traveller_search(user=user, flight_id=flight_id, surname=surname)
        page = self.paginate_queryset(travellers)
        return self.get_paginated_response(TravellerSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        user = signed_in_user(request)
        traveller = selectors.traveller_get(user=user, pk=_record_id(pk))
        return Response(TravellerSerializer(traveller).data)


class CaseSerializer(serializers.ModelSerializer[Case]):
    hits = HitSerializer(many=True, read_only=True)
    traveller = serializers.CharField(source="traveller.__str__", read_only=True)
    status = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)
    flight_designator = serializers.SerializerMethodField()
    departure = serializers.DateTimeField(source="flight.departure", read_only=True)
    route = serializers.SerializerMethodField()
    hit_types = serializers.SerializerMethodField()
    best_score = serializers.DecimalField(
        max_digits=5, decimal_places=4, read_only=True, allow_null=True
    )
    rule_severity = serializers.IntegerField(read_only=True, allow_null=True)
    new_hits_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Case
        fields = (
            "id",
            "traveller",
            "flight",
            "flight_designator",
            "departure",
            "route",
            "status",
            "outcome",
            "justification",
            "assignee",
            "severity",
            "hit_types",
            "best_score",
            "rule_severity",
            "opened_at",
            "decided_at",
            "new_hits_at",
            "hits",
        )
        read_only_fields = fields

    def get_flight_designator(self, case: Case) -> str:
        return f"{case.flight.carrier.code}{case.flight.number}"

    def get_route(self, case: Case) -> str:
        return f"{case.flight.origin}-{case.flight.destination}"

    def get_hit_types(self, case: Case) -> list[str]:
        counts = (getattr(case, "watchlist_hits", 0), getattr(case, "rule_hits", 0))
        return [kind for kind, count in zip(Hit.Kind.values, counts, strict=True) if count]


class CaseTransitionSerializer(serializers.Serializer[Any]):
    justification = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=_LARGEST_ID,
        help_text="The analyst's user id (reassign only).",
    )  # fmt: skip


class CaseAssignSerializer(serializers.Serializer[Any]):
    cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=_LARGEST_ID),
        min_length=1,
        max_length=500,
    )
    assignee = serializers.IntegerField(min_value=1, max_value=_LARGEST_ID)


CASE_ASSIGNMENT = inline_serializer(
    "CaseAssignment",
    {
        "assigned": serializers.ListField(child=serializers.IntegerField()),
        "closed": serializers.ListField(child=serializers.IntegerField()),
    },
)


class CaseCommentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(read_only=True)
    text = serializers.CharField(max_length=4000)
    created_at = serializers.DateTimeField(read_only=True)


class CaseTaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    assignee = serializers.IntegerField(
        min_value=1, max_value=_LARGEST_ID, source="assignee_id", help_text="Who is asked."
    )
    question = serializers.CharField(max_length=4000)
    due_at = OffsetDateTimeField()
    answer = serializers.CharField(read_only=True)
    done_at = serializers.DateTimeField(read_only=True)


def _case_filters(request: Request) -> selectors.CaseFilters:
    """The query's filters, read by the page's own form: a bad one is a 400 naming it."""
    form = CaseFilterForm(request.query_params or None, shown=False)
    if form.is_bound and not form.is_valid():
        raise serializers.ValidationError(
            {name: [str(m) for m in problems] for name, problems in form.errors.items()}
        )
    return form.filters()


def _piu_person(pk: int) -> Any:
    person = piu_people().filter(pk=pk).first()
    if person is None:
        raise serializers.ValidationError(
            {"assignee": ["Not an active analyst or supervisor of the PIU."]}
        )
    return person


CASE_FILTERS = [
    OpenApiParameter("status", str, description="new, in_review, closed, or open"),
    OpenApiParameter("type", str, description="Hit type: watchlist or rule"),
    OpenApiParameter("flight", str, description="Flight, e.g. ZZ101 or 101"),
    OpenApiParameter("departure_from", dt.date, description="Departing on or after"),
    OpenApiParameter("departure_to", dt.date, description="Departing on or before"),
    OpenApiParameter("assignee", str, description="A user id, me, or none (unassigned)"),
    OpenApiParameter("list", int, description="A watchlist's id"),
    OpenApiParameter("rule", int, description="A rule's id"),
    OpenApiParameter("order", str, description="departure (default), score, severity, age"),
]


class CaseViewSet(ApiAccessLogged, viewsets.ReadOnlyModelViewSet[Case]):
    """Cases (a liaison officer sees those referred to their agency) and their workflow.

    The list takes the case list page's filters and order (by departure, upcoming first)."""

    serializer_class = CaseSerializer
    permission_classes = (permissions.IsAuthenticated, PiuVerified)
    access_what = "case"
    access_kind = Kind.CASE

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        filters = _case_filters(self.request) if self.action == "list" else None
        user = signed_in_user(self.request)
        return selectors.case_list(user=user, filters=filters).prefetch_related("hits")

    @extend_schema(parameters=CASE_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pk = _record_id(kwargs["pk"])
        user = signed_in_user(request)
        case = selectors.case_list(user=user).prefetch_related("hits").filter(pk=pk).first()
        if case is None:
            raise Http404
        return Response(CaseSerializer(case).data)

    def _annotated(self, user: Any, pk: int) -> Case:
        return selectors.case_list(user=user).prefetch_related("hits").get(pk=pk)

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
        assignee_id = body.validated_data["assignee"]
        case = services.case_transition(
            actor=user,
            case=case,
            transition=transition,
            justification=body.validated_data["justification"],
            outcome=body.validated_data["outcome"],
            assignee=_piu_person(assignee_id) if assignee_id else None,
        )
        return Response(CaseSerializer(self._annotated(user, case.pk)).data)

    @extend_schema(request=CaseAssignSerializer, responses=CASE_ASSIGNMENT)
    @action(detail=False, methods=["post"], url_path="assign")
    def assign(self, request: Request) -> Response:
        """A supervisor assigns several cases at once; closed ones are left and named."""
        user = signed_in_user(request)
        if not user.has_perm("travel.supervise_case"):
            raise PermissionDenied("Only a PIU supervisor assigns cases.")
        body = CaseAssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = set(body.validated_data["cases"])
        cases = list(selectors.case_visible(user=user).filter(pk__in=wanted))
        missing = sorted(wanted - {case.pk for case in cases})
        if missing:
            raise serializers.ValidationError({"cases": [f"No such case: {missing}."]})
        done = services.case_assign_many(
            actor=user, cases=cases, assignee=_piu_person(body.validated_data["assignee"])
        )
        return Response({"assigned": done.assigned, "closed": done.closed})

    @extend_schema(request=CaseCommentSerializer, responses={201: CaseCommentSerializer})
    @action(detail=True, methods=["post"], url_path="comments")
    def comment(self, request: Request, pk: str) -> Response:
        user = signed_in_user(request)
        case = selectors.case_get(user=user, pk=_record_id(pk))
        body = CaseCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = services.case_comment_add(actor=user, case=case, text=body.validated_data["text"])
        return Response(CaseCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseTaskSerializer, responses={201: CaseTaskSerializer})
    @action(detail=True, methods=["post"], url_path="tasks")
    def task(self, request: Request, pk: str) -> Response:
        """Ask another analyst a question about the case, to answer by ``due_at``."""
        user = signed_in_user(request)
        case = selectors.case_get(user=user, pk=_record_id(pk))
        if not user.has_perm("travel.review_case"):
            raise PermissionDenied("Your role does not allow this action.")
        body = CaseTaskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.case_task_create(
            actor=user,
            case=case,
            assignee=_piu_person(body.validated_data["assignee_id"]),
            question=body.validated_data["question"],
            due_at=body.validated_data["due_at"],
        )
        return Response(CaseTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class SearchFlightSerializer(serializers.ModelSerializer[Flight]):
    carrier = serializers.CharField(source="carrier.code")

    class Meta:
        model = Flight
        fields = ("id", "carrier", "number", "departure", "origin", "destination", "direction")


class SearchTravellerSerializer(serializers.ModelSerializer[Traveller]):
    flight = SearchFlightSerializer()
    documents: serializers.SlugRelatedField[TravelDocument] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="number"
    )
    booking = serializers.CharField(source="booking.record_locator", default=None)
    case = serializers.SerializerMethodField()

    class Meta:
        model = Traveller
        fields = (
            "id",
            "surname",
            "given_names",
            "date_of_birth",
            "nationality",
            "masked_at",
            "documents",
            "flight",
            "booking",
            "case",
        )

    def get_case(self, traveller: Traveller) -> dict[str, Any] | None:
        case = getattr(traveller, "case", None)
        return {"id": case.pk, "status": case.status} if case is not None else None


_SEARCH_PARAMETERS = [
    OpenApiParameter("name", str, description="Name, folded and matched by sound"),
    OpenApiParameter("document", str, description="Travel document number"),
    OpenApiParameter("locator", str, description="Booking record locator (PNR)"),
    OpenApiParameter("phone", str, description="Phone: all digits, or the last seven"),
    OpenApiParameter("email", str, description="E-mail address"),
    OpenApiParameter("card", str, description="Payment card: the last four digits"),
    OpenApiParameter("flight", str, description="Flight designator, e.g. LH400"),
    OpenApiParameter("date_from", dt.date, description="Departing on or after (YYYY-MM-DD)"),
    OpenApiParameter("date_to", dt.date, description="Departing on or before (YYYY-MM-DD)"),
    OpenApiParameter("purpose", str, required=True, description="Why: kept in the access log"),
]


class SearchView(APIView):
    """One search over travellers, documents, bookings, contacts, flights and cases (past
    flights included). Every term given must match; ``purpose`` is required. Each search is
    in the access log with its terms and purpose; masked travellers are found only by a
    user who may re-identify them."""

    permission_classes = (permissions.IsAuthenticated, PiuVerified)

    @extend_schema(
        parameters=_SEARCH_PARAMETERS,
        responses=inline_serializer(
            "TravelSearch",
            {
                "count": serializers.IntegerField(),
                "more": serializers.BooleanField(),
                "next": serializers.CharField(allow_null=True),
                "previous": serializers.CharField(allow_null=True),
                "flights": SearchFlightSerializer(many=True),
                "results": SearchTravellerSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        search.travel_search_allowed(user=user)
        terms, purpose = search.search_terms(request.query_params)
        result = search.travel_search(user=user, terms=terms)
        found = search.found_ids(result)
        paginator = Pagination()
        page: list[int] = paginator.paginate_queryset(found.ids, request, view=self) or []  # type: ignore[arg-type]
        travellers = search.travellers_for(page)
        search.search_logged(
            user=user,
            terms=terms,
            purpose=purpose,
            shown=len(travellers) + len(result.flights),
            path=request.get_full_path(),
        )
        return Response(
            {
                "count": len(found.ids),
                "more": found.more,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "flights": SearchFlightSerializer(result.flights, many=True).data,
                "results": SearchTravellerSerializer(travellers, many=True).data,
            }
        )

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        final = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        if final.status_code == status.HTTP_403_FORBIDDEN and isinstance(user, User):
            record(
                user=user,
                action=AccessLog.Action.REFUSED,
                what="search",
                path=request.get_full_path(),
            )
        return final
