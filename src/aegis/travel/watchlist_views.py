"""The page of one watchlist version: what it loaded, what it rejected, what changed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aegis.core.permissions import signed_in_user
from aegis.travel import watchlist_selectors
from aegis.travel.otp import piu_page

__all__ = ["watchlist_version"]

_SHOWN = 200  # entries listed per section; the counts say how many there are


@piu_page
def watchlist_version(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    version = watchlist_selectors.version_get(user=user, pk=pk)
    changes = watchlist_selectors.version_diff(version)
    return render(
        request,
        "travel/watchlist_version.html",
        {
            "version": version,
            "changes": changes,
            "added": changes.added[:_SHOWN],
            "removed": changes.removed[:_SHOWN],
            "changed": changes.changed[:_SHOWN],
            "shown": _SHOWN,
        },
    )
