"""Activities, agreements and results under /api/v1/: the same selectors and services as pages."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from aegis.activities import selectors, services
from aegis.activities.models import (
    Activity,
    ActivityKind,
    Agreement,
    Indicator,
    IndicatorValue,
    MandateFunction,
    OfficeUnit,
    Pillar,
    Principal,
    Programme,
)
from aegis.activities.periods import Period, PeriodError, parse_month
from aegis.coordination.models import Body
from aegis.core.locking import VersionedSerializer
from aegis.core.models import Country, Organisation, Region, User
from aegis.core.permissions import api_requires, signed_in_user
from aegis.core.rest import query_int


class PeriodSerializer(serializers.Serializer[Period]):
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> Period:
        try:
            return Period(attrs["start"], attrs["end"])
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None


class ActivitySerializer(VersionedSerializer):
    periods = PeriodSerializer(many=True)
    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ActivityKind.objects.all(),
        help_text="The kind's code (see /api/v1/activities/kinds/): workshop, consultation …",
        error_messages={
            "does_not_exist": '"{value}" is not a kind of activity.',
            "invalid": "Write the kind's code, e.g. workshop.",
        },
    )
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisers = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    office_unit = serializers.PrimaryKeyRelatedField(
        queryset=OfficeUnit.objects.all(), required=False, allow_null=True
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    beneficiary_countries = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )
    beneficiary_regions = serializers.SlugRelatedField(
        slug_field="name", queryset=Region.objects.all(), many=True, required=False
    )
    pillars = serializers.PrimaryKeyRelatedField(
        queryset=Pillar.objects.all(), many=True, required=False
    )
    mandate_functions = serializers.PrimaryKeyRelatedField(
        queryset=MandateFunction.objects.all(), many=True, required=False
    )
    principals = serializers.PrimaryKeyRelatedField(
        queryset=Principal.objects.all(), many=True, required=False
    )
    compact_bodies = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.all(), many=True, required=False
    )
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "external_id",
            "title",
            "kind",
            "periods",
            "start_date",
            "end_date",
            "month_only",
            "modality",
            "lead_organisation",
            "organisers",
            "partners",
            "office_unit",
            "programme",
            "beneficiary_countries",
            "beneficiary_regions",
            "pillars",
            "mandate_functions",
            "principals",
            "participants_total",
            "participants_women",
            "participants_men",
            "organisations_represented",
            "member_states_represented",
            "member_states_qualifier",
            "compact_bodies",
            "meetings",
            "newsletter_section",
            "narrative",
            "source",
            "status",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("start_date", "end_date", "created_at", "updated_at")

    def to_representation(self, instance: Activity) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["periods"] = [
            {"start": p.start.isoformat(), "end": p.end.isoformat()} for p in instance.periods.all()
        ]
        return data


class TransitionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="Publishing must be confirmed (true)."
    )
    section = serializers.CharField(
        required=False,
        help_text='Submitting: the newsletter section, or "none" for not in the newsletter '
        "(required when the activity has none yet).",
    )


def _filters(request: Request) -> selectors.ActivityFilters:
    params = request.query_params
    dates = serializers.DateField(required=False, allow_null=True)
    try:
        starts_from = dates.to_internal_value(params["from"]) if params.get("from") else None
        starts_until = dates.to_internal_value(params["until"]) if params.get("until") else None
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"from/until": exc.detail}) from exc
    return selectors.ActivityFilters(
        search=params.get("search", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        organisation_id=query_int(params, "organisation"),
        unit_id=query_int(params, "unit"),
        programme_id=query_int(params, "programme"),
        pillar=query_int(params, "pillar"),
        country=params.get("country", ""),
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
            OpenApiParameter("search", str, description="Words of the title or narrative"),
            OpenApiParameter("kind", str, description="A kind's code: workshop, consultation …"),
            OpenApiParameter("status", str, enum=Activity.Status.values),
            OpenApiParameter("organisation", int, description="Lead, organiser or partner"),
            OpenApiParameter("unit", int),
            OpenApiParameter("programme", int),
            OpenApiParameter("pillar", int, enum=[1, 2, 3, 4]),
            OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code"),
            OpenApiParameter("from", str, description="Taking place on or after (YYYY-MM-DD)"),
            OpenApiParameter("until", str, description="Starting on or before (YYYY-MM-DD)"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Activity.objects.none()
        if self.action == "list":
            activities = selectors.activity_list(user=self._actor(), filters=_filters(self.request))
            return activities.prefetch_related(
                "organisers",
                "partners",
                "beneficiary_regions",
                "mandate_functions",
                "principals",
                "compact_bodies",
            )
        return selectors.activity_visible(user=self._actor())

    def get_object(self) -> Activity:
        pk = self.kwargs["pk"]
        if not str(pk).isdigit():
            raise Http404
        if self.action in {"update", "partial_update"}:
            return selectors.activity_get_for_change(user=self._actor(), pk=int(pk))
        return selectors.activity_get(user=self._actor(), pk=int(pk))

    def perform_create(self, serializer: ActivitySerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        serializer.instance = services.activity_create(actor=self._actor(), **data)

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
            confirmed=body.validated_data["confirm"],
            section=body.validated_data.get("section") if transition == "submit" else None,
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_200_OK)


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    class Meta:
        model = Agreement
        fields = ("id", "title", "kind", "parties", "signed_on", "scope", "programme", "source")


class AgreementViewSet(viewsets.ReadOnlyModelViewSet[Agreement]):
    """Agreements of the office; ``?party_kind=private_sector`` narrows by a party's kind."""

    serializer_class = AgreementSerializer
    permission_classes = (api_requires("activities.view_agreement"),)

    def get_queryset(self) -> Any:
        agreements = Agreement.objects.prefetch_related("parties").order_by("signed_on", "pk")
        kind = self.request.query_params.get("party_kind", "")
        return agreements.filter(parties__kind=kind).distinct() if kind else agreements


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    class Meta:
        model = Programme
        fields = ("id", "name", "acronym", "unit", "description")


class OfficeUnitSerializer(serializers.ModelSerializer[OfficeUnit]):
    class Meta:
        model = OfficeUnit
        fields = ("id", "name", "acronym", "kind", "parent")


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet[Programme]):
    serializer_class = ProgrammeSerializer
    permission_classes = (api_requires("activities.view_activity"),)
    queryset = Programme.objects.select_related("unit").order_by("name")


class OfficeUnitViewSet(viewsets.ReadOnlyModelViewSet[OfficeUnit]):
    serializer_class = OfficeUnitSerializer
    permission_classes = (api_requires("activities.view_activity"),)
    queryset = OfficeUnit.objects.order_by("name")


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field[Any, Any, str, Any]):
    """A month written "2020-07", "Jul 2020" or "July 2020"; answered as "2020-07"."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return parse_month(str(data))
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value: Any) -> str:
        return f"{value:%Y-%m}"


class IndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=OfficeUnit.objects.all())
    month = MonthField(help_text='"2020-07", "Jul 2020" or "July 2020"')
    confirm = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Save although the change alters a month that an issue reports (409 otherwise).",
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Correcting a month: the version of its figure you read (409 if changed since).",
    )

    class Meta:
        model = IndicatorValue
        fields = (
            "id",
            "indicator",
            "unit",
            "month",
            "basis",
            "value",
            "women",
            "men",
            "source_note",
            "confirm",
            "version",
        )
        extra_kwargs: ClassVar[dict[str, Any]] = {
            "women": {"help_text": "Of the figure, women, where the source says (optional)."},
            "men": {"help_text": "Of the figure, men, where the source says (optional)."},
        }
        validators: ClassVar[list[Any]] = []  # entering a month again corrects it


class IndicatorValueViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[IndicatorValue]
):
    """Results figures as entered: a month alone or January to a month (``basis``).

    POST enters or corrects the figure of that indicator, unit and month. A change that
    alters a month an issue reports answers 409 with the issues named, unless ``confirm``.
    """

    serializer_class = IndicatorValueSerializer
    # Reading needs the office's view permission too (DRF's model permissions let any
    # signed-in user read, PIU roles included).
    permission_classes = (
        api_requires("activities.view_indicatorvalue"),
        permissions.DjangoModelPermissions,
    )

    @extend_schema(parameters=[OpenApiParameter("year", int)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        values = IndicatorValue.objects.select_related("indicator").order_by("month", "pk")
        if getattr(self, "swagger_fake_view", False):
            return values
        year = query_int(self.request.query_params, "year", maximum=9999)
        return values.filter(month__year=year) if year else values

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = services.indicator_value_enter(
                actor=signed_in_user(request), **serializer.validated_data
            )
        except services.ChangeNeedsConfirmation as warning:
            return Response(
                {"message": warning.messages[0], "affected": warning.affected},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(IndicatorValueSerializer(record).data, status=status.HTTP_201_CREATED)


class ActivityKindSerializer(serializers.ModelSerializer[ActivityKind]):
    class Meta:
        model = ActivityKind
        fields = ("code", "name", "proposed_section", "active")


class ActivityKindViewSet(viewsets.ReadOnlyModelViewSet[ActivityKind]):
    """The kinds of activity the office keeps; an activity names its kind by ``code``."""

    serializer_class = ActivityKindSerializer
    permission_classes = (api_requires("activities.view_activitykind"),)
    queryset = ActivityKind.objects.order_by("name")
    lookup_field = "code"
    lookup_value_regex = "[a-z][a-z0-9_]{0,29}"


class PrincipalSerializer(serializers.ModelSerializer[Principal]):
    class Meta:
        model = Principal
        fields = ("id", "name", "title", "short_title", "organisation")


class PrincipalViewSet(viewsets.ReadOnlyModelViewSet[Principal]):
    """Senior officials who speak for organisations; an activity names them by ``id``."""

    serializer_class = PrincipalSerializer
    permission_classes = (api_requires("activities.view_principal"),)
    queryset = Principal.objects.order_by("name")
