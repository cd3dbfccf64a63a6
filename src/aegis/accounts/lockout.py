"""The real client address behind the deployment's reverse proxies, for lockouts and throttles.

``AEGIS_TRUSTED_PROXIES`` lists the proxies' addresses or networks (default: none, so
``X-Forwarded-For`` is ignored and the connection's address is the client). When the
connection comes from a trusted proxy, ``X-Forwarded-For`` is read from the right: each
proxy appends the address it saw, so the rightmost address that is not a trusted proxy is
the client; whatever a client wrote into the header itself stays on its left, unread.

Two brakes on guessing a password (``AXES_*`` and ``AEGIS_SIGN_IN_DELAY_*`` settings):

- the pair (username, client address) is locked hard after ``AXES_FAILURE_LIMIT``
  failures, for ``AXES_COOLOFF_TIME`` hours (django-axes), so one client cannot go on;
- the username alone is never locked, whatever the number of addresses failing on it:
  from ``AXES_FAILURE_LIMIT`` failures on, each further failed attempt is answered only
  after a delay that doubles with every failure (``AEGIS_SIGN_IN_DELAY_SECONDS``, at most
  ``AEGIS_SIGN_IN_DELAY_MAX_SECONDS``). An attacker spread over many addresses is slowed
  down; the account's owner, typing the right password, signs in at once.

An administrator lifts both (``services.lockout_lift``, the access attempts' admin).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks() -> list[Network]:
    return [ipaddress.ip_network(item, strict=False) for item in settings.AEGIS_TRUSTED_PROXIES]


def _trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Any) -> str:
    """The address of the client that sent ``request`` (django-axes' and throttles' key)."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR", ""))
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    client = remote
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage: trust nothing further left
        client = hop
        if not _trusted(hop, networks):
            break
    return client


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous throttle keyed on ``client_address`` (DRF's own trusts the header)."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


def sign_in_delay(failures: int) -> float:
    """Seconds a failed sign-in waits for its answer when its username failed ``failures``
    times (from any address) within the cool-off period."""
    over = failures - int(settings.AXES_FAILURE_LIMIT)
    if over < 0:
        return 0.0
    ceiling = float(settings.AEGIS_SIGN_IN_DELAY_MAX_SECONDS)
    delay: float = float(settings.AEGIS_SIGN_IN_DELAY_SECONDS) * 2.0 ** min(over, 32)
    return min(ceiling, delay)


def username_failures(username: str, request: Any = None) -> tuple[int, int]:
    """The failed sign-ins of ``username`` within the cool-off period (all of them when the
    lock never cools off), and from how many addresses."""
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    found = attempts.aggregate(
        failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True)
    )
    return int(found["failures"] or 0), int(found["addresses"] or 0)


def slow_down_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """``user_login_failed``: answer a failed attempt on a username under attack late.

    Connected after django-axes' own receiver, so the failure at hand is counted. An
    attempt refused by the pair's lock is answered at once (429): it checked no password.
    """
    username = credentials.get("username")
    if request is None or not username or getattr(request, "axes_locked_out", False):
        return
    failures, addresses = username_failures(str(username), request)
    delay = sign_in_delay(failures)
    if delay <= 0:
        return
    logger.warning(
        "Sign-in to %r failed %d times from %d addresses; answering after %s s",
        username,
        failures,
        addresses,
        delay,
    )
    time.sleep(delay)
