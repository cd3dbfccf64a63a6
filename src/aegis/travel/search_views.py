"""The PIU search page: one form over travellers, documents, bookings, contacts, flights
and cases; each search logged with its terms and the purpose the analyst states."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from aegis.core.middleware import validates_query
from aegis.core.pagination import paginate
from aegis.core.permissions import signed_in_user
from aegis.travel import search
from aegis.travel.access import logged
from aegis.travel.otp import piu_page

PER_PAGE = 50
FIELDS = (*search.FIELD_LIMITS, "date_from", "date_to", "purpose")


@validates_query  # a NUL in a term is shown as that field's error
@logged("search", on_success=False)  # refusals here; a search is logged with its terms below
@piu_page
def search_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    search.travel_search_allowed(user=user)
    asked = any(request.GET.get(name, "") for name in FIELDS)
    context: dict[str, Any] = {
        "values": {name: request.GET.get(name, "") for name in FIELDS},
        "limits": search.FIELD_LIMITS,
        "errors": {},
        "asked": asked,
        "max_results": search.MAX_RESULTS,
    }
    if not asked:
        return TemplateResponse(request, "travel/search.html", context)
    try:
        terms, purpose = search.search_terms(request.GET)
    except ValidationError as error:
        context["errors"] = error.message_dict
        context["general_errors"] = error.message_dict.get("__all__", [])
        return TemplateResponse(request, "travel/search.html", context, status=400)
    result = search.travel_search(user=user, terms=terms)
    found = search.found_ids(result)
    context.update(paginate(request, found.ids, per_page=PER_PAGE))
    page = context["page_obj"]
    context.update(
        {
            "travellers": search.travellers_for(page.object_list),
            "flights": result.flights,
            "includes_masked": result.includes_masked,
            "more": found.more,
            "total": len(found.ids),
        }
    )
    search.search_logged(
        user=user,
        terms=terms,
        purpose=purpose,
        shown=len(page.object_list) + len(result.flights),
        path=request.get_full_path(),
    )
    return TemplateResponse(request, "travel/search.html", context)
