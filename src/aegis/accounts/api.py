"""/api/v1/auth/: ask for a new token with a password, sign a token out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aegis.accounts import services
from aegis.accounts.lockout import AnonThrottle
from aegis.accounts.models import ApiToken
from aegis.accounts.otp import needs_second_factor
from aegis.accounts.tokens import ApiTokenAuthentication, token_digest
from aegis.core.models import User


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="API")
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=ApiToken.Scope.choices),
        required=False,
        max_length=len(ApiToken.Scope.choices),
    )


TOKEN_ANSWER = inline_serializer(
    "TokenAnswer",
    {
        "token": serializers.CharField(),
        "name": serializers.CharField(),
        "scopes": serializers.ListField(child=serializers.CharField()),
        "expires_at": serializers.DateTimeField(),
    },
)


def default_scopes(user: User) -> list[str]:
    """A carrier's submitting account gets a carrier token, anyone else office reading."""
    if user.has_perm("travel.submit_carriermessage") and not needs_second_factor(user):
        return [ApiToken.Scope.CARRIER]
    return [ApiToken.Scope.OFFICE_READ]


class TokenRequestView(APIView):
    """POST a username and password: a new token (never a PIU one: no second factor here).

    Each request gives a new token; earlier ones keep working until they expire, are
    revoked, or the password changes.
    """

    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonThrottle,)

    @extend_schema(request=TokenRequestSerializer, responses=TOKEN_ANSWER)
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if not isinstance(user, User):
            raise exceptions.AuthenticationFailed("Unable to sign in with these credentials.")
        scopes = data.get("scopes") or default_scopes(user)
        key = services.api_token_issue(actor=user, user=user, name=data["name"], scopes=scopes)
        token = ApiToken.objects.get(digest=token_digest(key))
        return Response(
            {
                "token": key,
                "name": token.name,
                "scopes": token.scope_list,
                "expires_at": token.expires_at,
            }
        )


class TokenLogoutView(APIView):
    """POST with a token: that token stops working."""

    authentication_classes = (ApiTokenAuthentication,)
    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.api_token_revoke(actor=request.auth.user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
