"""Pagination of list pages, keeping the current filters in the page links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """Context for ``includes/pagination.html``: the page and the query string without ``page``."""
    page: Page[Any] = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page, "page_query": query.urlencode()}
