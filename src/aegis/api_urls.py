"""/api/v1/: every domain's endpoints, the OpenAPI schema and its browsable docs."""

from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from aegis.accounts.api import TokenLogoutView, TokenRequestView
from aegis.activities.api import (
    ActivityKindViewSet,
    ActivityViewSet,
    AgreementViewSet,
    IndicatorValueViewSet,
    OfficeUnitViewSet,
    PrincipalViewSet,
    ProgrammeViewSet,
)
from aegis.coordination.api import BodyViewSet
from aegis.core.api import MeView, OrganisationViewSet, api_not_found
from aegis.core.converters import ID_PATTERN
from aegis.core.middleware import validates_query
from aegis.funding.api import (
    DonorViewSet,
    ExchangeRateViewSet,
    FundSummaryViewSet,
    InKindViewSet,
    PledgeViewSet,
    ReceiptViewSet,
)
from aegis.travel.api import (
    CarrierMessageStatusView,
    CarrierMessageView,
    CaseViewSet,
    FlightViewSet,
    InteractiveAnswerView,
    InteractiveCheckView,
    InteractivePaxlstAnswerView,
    InteractivePaxlstView,
    SearchView,
    TravellerViewSet,
)

app_name = "api"


class Router(DefaultRouter):
    """Record ids in API paths are at most 18 digits, like the pages' ``id`` converter."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not hasattr(viewset, "lookup_value_regex"):
            viewset.lookup_value_regex = ID_PATTERN
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("activities", ActivityViewSet, basename="activity")
router.register("funding/summary", FundSummaryViewSet, basename="funding-summary")
router.register("funding/donors", DonorViewSet, basename="funding-donor")
router.register("funding/pledges", PledgeViewSet, basename="funding-pledge")
router.register("funding/receipts", ReceiptViewSet, basename="funding-receipt")
router.register("funding/in-kind", InKindViewSet, basename="funding-in-kind")
router.register("funding/rates", ExchangeRateViewSet, basename="funding-rate")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("office-units", OfficeUnitViewSet, basename="office-unit")
router.register("activities/kinds", ActivityKindViewSet, basename="activity-kind")
router.register("activities/principals", PrincipalViewSet, basename="principal")
router.register("results/values", IndicatorValueViewSet, basename="indicator-value")
router.register("coordination/bodies", BodyViewSet, basename="body")
router.register("travel/flights", FlightViewSet, basename="travel-flight")
router.register("travel/travellers", TravellerViewSet, basename="travel-traveller")
router.register("travel/cases", CaseViewSet, basename="travel-case")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", MeView.as_view(), name="me"),
    path("travel/messages/", CarrierMessageView.as_view(), name="travel-messages"),
    path("travel/iapi/", InteractiveCheckView.as_view(), name="travel-iapi"),
    path("travel/iapi/paxlst/", InteractivePaxlstView.as_view(), name="travel-iapi-paxlst"),
    path(
        "travel/iapi/paxlst/<str:control_reference>/",
        InteractivePaxlstAnswerView.as_view(),
        name="travel-iapi-cusres",
    ),
    path(
        "travel/iapi/<str:reference>/",
        InteractiveAnswerView.as_view(),
        name="travel-iapi-answer",
    ),
    path(
        "travel/messages/<uuid:acknowledgement>/",
        CarrierMessageStatusView.as_view(),
        name="travel-message",
    ),
    # The search form shows a NUL in a term as that field's error.
    path("travel/search/", validates_query(SearchView.as_view()), name="travel-search"),
    path("auth/token/", TokenRequestView.as_view(), name="token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    # The description of every operation, PIU included, is for signed-in callers only.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[IsAuthenticated]),
        name="docs",
    ),
    # Last: any other path under /api/v1/ answers in the API's own error shape.
    re_path(r"^.*$", api_not_found, name="not-found"),
]
