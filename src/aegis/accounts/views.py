"""The second-factor page and the account's security page."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis.accounts.forms import SecondFactorForm
from aegis.accounts.otp import needs_second_factor
from aegis.core.permissions import signed_in_user


def _next_page(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return ""
    return target


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Confirm a TOTP code; on the first visit, set up the authenticator app."""
    user = signed_in_user(request)
    if not needs_second_factor(user):
        raise PermissionDenied(_("Your account needs no second factor."))
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_page(request) or "home")
        form.add_error("token", _("This code is not valid. Try the current one."))
    qr = None
    if not device.confirmed:
        qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "setup": not device.confirmed, "qr": qr},
    )
