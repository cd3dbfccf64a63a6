"""The second-factor page (verify, or enrol with a code), recovery codes, enrolment codes,
the account page (API tokens) and signing out."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis.accounts import services
from aegis.accounts.forms import ApiTokenForm, EnrolmentCodeForm, SecondFactorForm
from aegis.accounts.models import ApiToken, EnrolmentCode
from aegis.accounts.otp import needs_second_factor, second_factor_missing, to_second_factor
from aegis.core.forms import add_service_errors
from aegis.core.models import User
from aegis.core.permissions import signed_in_user
from aegis.core.roles import PIU_ROLES, user_roles

ENROLMENT_KEY = "aegis_enrolment_code"
RECOVERY_CODES_KEY = "aegis_recovery_codes"
WRONG_CODE = _("This code is not valid. Try the current one.")


def _next_page(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return ""
    return target


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Confirm a code; without a confirmed device, enrol with an enrolment code first."""
    user = signed_in_user(request)
    if not needs_second_factor(user):
        raise PermissionDenied(_("Your account needs no second factor."))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        return _verify(request, user, device)
    enrolment = EnrolmentCode.objects.filter(
        pk=request.session.get(ENROLMENT_KEY, 0),
        user=user,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    if enrolment is None:
        return _redeem(request, user)
    return _set_up(request, user, enrolment, bound=True)


def _verify(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        # A recovery code stands in for the phone: the session counts as verified by the
        # account's device (the security events say which it was).
        if device.verify_token(token) or services.recovery_code_redeem(user=user, code=token):
            otp_login(request, device)
            return redirect(_next_page(request) or "home")
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/second_factor.html", {"form": form, "step": "verify"})


def _redeem(request: HttpRequest, user: User) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = services.enrolment_code_valid(account=user, code=form.cleaned_data["code"])
        if enrolment is not None:
            request.session[ENROLMENT_KEY] = enrolment.pk
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            return _set_up(request, user, enrolment, bound=False)
        form.add_error("code", _("This enrolment code is not valid."))
    return render(request, "accounts/second_factor.html", {"form": form, "step": "redeem"})


def _set_up(
    request: HttpRequest, user: User, enrolment: EnrolmentCode, *, bound: bool
) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    form = SecondFactorForm(request.POST if bound and request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        codes = None
        if device.verify_token(form.cleaned_data["token"].strip()):
            codes = services.enrolment_complete(account=user, enrolment=enrolment, device=device)
        if codes is not None:
            request.session.pop(ENROLMENT_KEY, None)
            otp_login(request, device)
            request.session[RECOVERY_CODES_KEY] = codes
            target = reverse("recovery_codes")
            next_page = _next_page(request)
            return redirect(f"{target}?{urlencode({'next': next_page})}" if next_page else target)
        form.add_error("token", WRONG_CODE)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "step": "set_up",
            "qr": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code of the key")
            ),
            "key": key,
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        },
    )


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just issued, shown this once."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect(_next_page(request) or "home")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_page(request) or reverse("home")},
    )


@login_required
def enrolment(request: HttpRequest) -> HttpResponse:
    """Supervisors and administrators issue one-time enrolment codes."""
    actor = signed_in_user(request)
    if not needs_second_factor(actor):
        raise PermissionDenied(_("Your role may not issue enrolment codes."))
    if second_factor_missing(actor):
        return to_second_factor(request)
    if not actor_issues_enrolment_codes(actor):
        raise PermissionDenied(_("Your role may not issue enrolment codes."))
    context: dict[str, object] = {"accounts": services.enrolment_candidates(actor=actor)}
    if request.method == "POST":
        raw = request.POST.get("account", "")
        if not raw.isdigit() or len(raw) > 18:
            raise PermissionDenied(_("No such account."))
        account = get_object_or_404(User, pk=int(raw), is_active=True)
        context["issued_code"] = services.enrolment_code_issue(actor=actor, account=account)
        context["issued_for"] = account
    return render(request, "accounts/enrolment.html", context)


def token_scopes_allowed(user: User) -> list[str]:
    """The scopes ``user`` may give a token from the account page."""
    scopes: list[str]
    if not needs_second_factor(user):
        scopes = [ApiToken.Scope.OFFICE_READ, ApiToken.Scope.OFFICE]
        if user.has_perm("travel.submit_carriermessage"):
            scopes.insert(0, ApiToken.Scope.CARRIER)
        return scopes
    scopes = [ApiToken.Scope.OFFICE_READ, ApiToken.Scope.OFFICE]
    if user_roles(user) & PIU_ROLES:
        scopes.append(ApiToken.Scope.PIU)
    return scopes


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The account's security: API tokens (list, new, revoke), second factor, enrolment."""
    user = signed_in_user(request)
    if second_factor_missing(user):
        return to_second_factor(request)
    form = ApiTokenForm(request.POST or None, allowed=token_scopes_allowed(user))
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token = services.api_token_issue(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                second_factor=needs_second_factor(user),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm(allowed=token_scopes_allowed(user))
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=user),
            "now": timezone.now(),
            "token_days": settings.AEGIS_API_TOKEN_DAYS,
            "may_issue_enrolment_codes": actor_issues_enrolment_codes(user),
        },
    )


def actor_issues_enrolment_codes(user: User) -> bool:
    return bool(user.is_superuser or user.has_perm("travel.supervise_case"))


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("account")


class SignOutView(LogoutView):
    """Django's sign-out, which also ends the tokens issued under this account's
    second factor (their verification came from a session)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if isinstance(request.user, User):
            services.api_tokens_revoke_on_sign_out(user=request.user)
        return super().post(request, *args, **kwargs)
