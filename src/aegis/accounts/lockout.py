"""The real client address behind the deployment's reverse proxies, for lockouts and throttles.

``AEGIS_TRUSTED_PROXIES`` lists the proxies' addresses or networks (default: none, so
``X-Forwarded-For`` is ignored and the connection's address is the client). When the
connection comes from a trusted proxy, ``X-Forwarded-For`` is read from the right: each
proxy appends the address it saw, so the rightmost address that is not a trusted proxy is
the client; whatever a client wrote into the header itself stays on its left, unread.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

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
