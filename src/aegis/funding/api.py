"""The Trust Fund under /api/v1/funding/: the same selectors and services as the pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from aegis.activities.models import Programme
from aegis.core.locking import VersionedSerializer
from aegis.core.models import Organisation, User
from aegis.core.permissions import signed_in_user
from aegis.core.rest import query_int
from aegis.funding import selectors, services
from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt

_MONEY = {"max_digits": 18, "decimal_places": 2, "coerce_to_string": True}


class InstalmentSerializer(serializers.Serializer[Any]):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]


class PledgeSerializer(VersionedSerializer):
    donor = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3)
    instalments = InstalmentSerializer(many=True, required=False)
    received_amount = serializers.DecimalField(read_only=True, **_MONEY)  # type: ignore[arg-type]

    class Meta:
        model = Pledge
        fields = (
            "id",
            "donor",
            "signed_on",
            "currency",
            "amount",
            "earmark",
            "programme",
            "theme",
            "from_other_fund",
            "reference",
            "notes",
            "instalments",
            "usd_rate",
            "rate_date",
            "usd_amount",
            "received_amount",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("usd_rate", "rate_date", "usd_amount", "created_at", "updated_at")
        # The service validates the model (constraints included) and reports per field.
        validators: list[Any] = []

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for name in ("amount",):
            fields[name].validators = []  # the service says "greater than zero" once
        return fields


class ReceiptSerializer(VersionedSerializer):
    pledge = serializers.PrimaryKeyRelatedField(queryset=Pledge.objects.all())
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    class Meta:
        model = Receipt
        fields = (
            "id",
            "pledge",
            "received_on",
            "currency",
            "amount",
            "is_overpayment",
            "notes",
            "usd_rate",
            "rate_date",
            "usd_amount",
            "created_at",
        )
        read_only_fields = ("usd_rate", "rate_date", "usd_amount", "created_at")
        validators: list[Any] = []


class InKindSerializer(VersionedSerializer):
    donor = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = InKindContribution
        fields = ("id", "donor", "year", "description", "value_usd", "notes", "created_at")
        read_only_fields = ("created_at",)


class ExchangeRateSerializer(serializers.ModelSerializer[ExchangeRate]):
    currency = serializers.CharField(max_length=3)

    class Meta:
        model = ExchangeRate
        fields = ("id", "currency", "effective_date", "rate")
        validators: list[Any] = []  # an existing currency and date is changed, not refused


class RateImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class RateImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class DonorSerializer(serializers.ModelSerializer[Organisation]):
    # A plain string here: the organisation registry's schema owns the enum of kinds.
    kind = serializers.CharField(
        read_only=True, help_text="The organisation's kind, as in /api/v1/organisations/."
    )
    pledged_usd = serializers.DecimalField(read_only=True, **_MONEY)  # type: ignore[arg-type]
    received_usd = serializers.DecimalField(read_only=True, **_MONEY)  # type: ignore[arg-type]
    in_kind_usd = serializers.DecimalField(read_only=True, **_MONEY)  # type: ignore[arg-type]
    from_other_fund = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "acronym",
            "kind",
            "country",
            "pledged_usd",
            "received_usd",
            "in_kind_usd",
            "from_other_fund",
        )


class FundSummarySerializer(serializers.Serializer[Any]):
    pledged_usd = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]
    received_usd = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]
    outstanding_usd = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]
    in_kind_usd = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]
    from_other_funds_usd = serializers.DecimalField(**_MONEY)  # type: ignore[arg-type]
    donors_pledged = serializers.IntegerField()
    donors_paid = serializers.IntegerField()


def _int_param(request: Request, name: str) -> int | None:
    return query_int(request.query_params, name, maximum=9999 if name == "year" else 10**18 - 1)


class _FundingViewSet(viewsets.GenericViewSet[Any]):
    # Model permissions refuse a read-only role's write before its body is read;
    # the selectors refuse roles without funding access (PIU roles) on reads.
    permission_classes: tuple[type[permissions.BasePermission], ...] = (
        permissions.DjangoModelPermissions,
    )

    def _actor(self) -> User:
        return signed_in_user(self.request)

    def _pk(self) -> int:
        pk = str(self.kwargs["pk"])
        if not pk.isdigit():
            raise Http404
        return int(pk)


class PledgeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _FundingViewSet,
):
    """Pledges (signed contribution agreements); dollar figures are computed, read-only."""

    serializer_class = PledgeSerializer
    queryset = Pledge.objects.none()
    http_method_names = ("get", "post", "patch", "head", "options")

    @extend_schema(
        parameters=[
            OpenApiParameter("donor", int),
            OpenApiParameter("currency", str),
            OpenApiParameter("year", int, description="Year signed"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Pledge.objects.none()
        params = self.request.query_params
        return selectors.pledge_list(
            user=self._actor(),
            donor_id=_int_param(self.request, "donor"),
            currency=params.get("currency", "")[:3],
            year=_int_param(self.request, "year"),
        ).prefetch_related("instalments")

    def get_object(self) -> Pledge:
        if self.action == "partial_update":
            return selectors.pledge_get_for_change(user=self._actor(), pk=self._pk())
        return selectors.pledge_get(user=self._actor(), pk=self._pk())

    @staticmethod
    def _schedule(data: dict[str, Any]) -> Sequence[services.InstalmentLine] | None:
        if "instalments" not in data:
            return None
        return [services.InstalmentLine(**line) for line in data.pop("instalments")]

    def perform_create(self, serializer: PledgeSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        schedule = self._schedule(data) or ()
        pledge = services.pledge_record(actor=self._actor(), instalments=schedule, **data)
        serializer.instance = selectors.pledge_get(user=self._actor(), pk=pledge.pk)

    def perform_update(self, serializer: PledgeSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        schedule = self._schedule(data)
        pledge = services.pledge_update(
            actor=self._actor(),
            pledge=cast(Pledge, serializer.instance),
            instalments=schedule,
            **data,
        )
        serializer.instance = selectors.pledge_get(user=self._actor(), pk=pledge.pk)


class ReceiptViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _FundingViewSet,
):
    """Cash received against pledges, in the pledge's currency."""

    serializer_class = ReceiptSerializer
    queryset = Receipt.objects.none()
    http_method_names = ("get", "post", "patch", "head", "options")

    @extend_schema(parameters=[OpenApiParameter("pledge", int), OpenApiParameter("donor", int)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Receipt.objects.none()
        return selectors.receipt_list(
            user=self._actor(),
            pledge_id=_int_param(self.request, "pledge"),
            donor_id=_int_param(self.request, "donor"),
        )

    def get_object(self) -> Receipt:
        return selectors.receipt_get(user=self._actor(), pk=self._pk())

    def perform_create(self, serializer: ReceiptSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        serializer.instance = services.receipt_record(actor=self._actor(), **data)

    def perform_update(self, serializer: ReceiptSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("pledge", None)
        data.pop("currency", None)
        serializer.instance = services.receipt_update(
            actor=self._actor(), receipt=cast(Receipt, serializer.instance), **data
        )


class InKindViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _FundingViewSet,
):
    """In-kind contributions at the dollar value the donor states."""

    serializer_class = InKindSerializer
    queryset = InKindContribution.objects.none()
    http_method_names = ("get", "post", "patch", "head", "options")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return InKindContribution.objects.none()
        return selectors.in_kind_list(
            user=self._actor(), donor_id=_int_param(self.request, "donor")
        )

    def get_object(self) -> InKindContribution:
        return selectors.in_kind_get(user=self._actor(), pk=self._pk())

    def perform_create(self, serializer: InKindSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        serializer.instance = services.in_kind_record(actor=self._actor(), **data)

    def perform_update(self, serializer: InKindSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.in_kind_update(
            actor=self._actor(),
            contribution=cast(InKindContribution, serializer.instance),
            **serializer.validated_data,
        )


class ExchangeRateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _FundingViewSet
):
    """UN operational rates of exchange (units per US dollar). POST creates or changes one."""

    serializer_class = ExchangeRateSerializer
    queryset = ExchangeRate.objects.none()

    @extend_schema(parameters=[OpenApiParameter("currency", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ExchangeRate.objects.none()
        return selectors.exchange_rate_list(
            user=self._actor(), currency=self.request.query_params.get("currency", "")[:3]
        )

    def get_object(self) -> ExchangeRate:
        return selectors.exchange_rate_get(user=self._actor(), pk=self._pk())

    def perform_create(self, serializer: ExchangeRateSerializer) -> None:  # type: ignore[override]
        serializer.instance, _created = services.exchange_rate_set(
            actor=self._actor(), **serializer.validated_data
        )

    @extend_schema(request=RateImportSerializer, responses=RateImportResultSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_csv(self, request: Request) -> Response:
        """Import a CSV (currency,effective_date,rate): all or nothing, bad lines listed."""
        body = RateImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise serializers.ValidationError({"file": ["The file is not UTF-8 text."]}) from None
        result = services.exchange_rates_import(
            actor=self._actor(), text=text, source=str(upload.name or "")
        )
        return Response(RateImportResultSerializer(result).data, status=status.HTTP_200_OK)


class DonorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundingViewSet):
    """Donors (organisations that pledged or gave in kind) with their dollar figures."""

    serializer_class = DonorSerializer
    queryset = Organisation.objects.none()
    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("order", str, enum=list(selectors.DONOR_ORDERS)),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        params = self.request.query_params
        return selectors.donor_list(
            user=self._actor(),
            search=params.get("search", ""),
            order=params.get("order", "pledged"),
        )

    def get_object(self) -> Organisation:
        return selectors.donor_get(user=self._actor(), pk=self._pk())


class FundSummaryViewSet(viewsets.ViewSet):
    """The Trust Fund's cumulative figures since inception, in US dollars."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(responses=FundSummarySerializer)
    def list(self, request: Request) -> Response:
        summary = selectors.fund_summary(user=signed_in_user(request))
        return Response(FundSummarySerializer(summary).data)
