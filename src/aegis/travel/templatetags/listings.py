"""``{% listing hit as listing %}``: the list, reference, listing date and narrative of the
entry a watchlist hit points to, for the hit lists of the case and traveller pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import template

from aegis.travel import watchlist_selectors
from aegis.travel.models import Hit, WatchlistVersion

register = template.Library()


@dataclasses.dataclass(frozen=True, slots=True)
class Listing:
    version: WatchlistVersion
    reference: str
    kind: str
    listed_on: dt.date | None
    programme: str
    summary: str
    found: bool  # False: the entry is no longer in the version the hit names


@register.simple_tag(takes_context=True)
def listing(context: template.Context, hit: Hit) -> Listing | None:
    if hit.kind != Hit.Kind.WATCHLIST or hit.watchlist_version_id is None:
        return None
    # one read per version in a page, however many hits name it
    render_context: Any = context.render_context
    versions: dict[int, Any] = render_context.setdefault("listing_versions", {})
    version = versions.get(hit.watchlist_version_id)
    if version is None:
        version = versions[hit.watchlist_version_id] = (
            WatchlistVersion.objects.defer("content")
            .select_related("watchlist")
            .get(pk=hit.watchlist_version_id)
        )
    entry = watchlist_selectors.entry_in(version, hit.key)
    if entry is None:
        return Listing(version, hit.key, "", None, "", "", found=False)
    return Listing(
        version,
        entry.reference,
        entry.kind.value,
        entry.listed_on,
        entry.programme,
        entry.summary,
        found=True,
    )
