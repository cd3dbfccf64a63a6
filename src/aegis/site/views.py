"""The site's own pages: home, search across the office's records, health and the 400 page.

They compose several apps (activities, organisations), which is why they live here and not in
``core``: ``core`` sits below every app and imports none.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aegis.activities import selectors as activity_selectors
from aegis.core import selectors
from aegis.core.forms import SearchForm
from aegis.core.middleware import validates_query
from aegis.core.models import Organisation
from aegis.core.permissions import signed_in_user

logger = logging.getLogger(__name__)

_MIGRATED: list[bool] = []  # once all were applied, they stay so for this process


def migrations_pending() -> list[str]:
    """The migrations not yet applied to the default database ("app.name")."""
    if _MIGRATED:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    if not pending:
        _MIGRATED.append(True)
    return pending


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, saying which parameter was wrong and why (``BadRequest``'s message)."""
    return render(request, "400.html", {"problem": str(exception)}, status=400)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database read and write, migrations applied, and the broker when one is configured:
    200, else 503 naming what failed (load balancers, monitors).

    The write is a no-op update rolled back, so a read-only database (where every sign-in
    fails) is unhealthy. The broker (``AEGIS_BROKER_URL``) is opened and closed with a short
    timeout: without it no re-screening reaches a worker.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE django_migrations SET applied = applied WHERE id = "
                "(SELECT MIN(id) FROM django_migrations)"
            )
            transaction.set_rollback(True)
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "read-only"}, status=503)
    pending = migrations_pending()
    checks = {"database": "ok", "migrations": f"pending: {', '.join(pending)}" if pending else "ok"}
    if settings.AEGIS_BROKER_URL:
        checks["broker"] = broker_health(settings.AEGIS_BROKER_URL)
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


BROKER_TIMEOUT_SECONDS = 2


def broker_health(url: str) -> str:
    """ "ok" when the AMQP broker at ``url`` accepts a connection within a short timeout."""
    import pika

    try:
        parameters = pika.URLParameters(url)
        parameters.connection_attempts = 1
        parameters.socket_timeout = BROKER_TIMEOUT_SECONDS
        parameters.stack_timeout = BROKER_TIMEOUT_SECONDS * 2
        parameters.blocked_connection_timeout = BROKER_TIMEOUT_SECONDS
        pika.BlockingConnection(parameters).close()
    except Exception as error:
        # The answer is public: the address and credentials go to the log only.
        logger.warning("Health check: broker unreachable: %r", error)
        return "unreachable"
    return "ok"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context: dict[str, object] = {}
    if user.has_perm("activities.view_activity"):
        visible = activity_selectors.activity_visible(user=user)
        context["recent_activities"] = visible.order_by("-start_date")[:8]
        context["activity_count"] = visible.count()
        context["organisation_count"] = Organisation.objects.count()
    return render(request, "site/home.html", context)


@validates_query
@login_required
def search(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "site/search.html", {"form": form, "query": ""}, status=400)
    query = form.cleaned_data["q"].strip()
    context: dict[str, object] = {"query": query, "form": form}
    if query and user.has_perm("activities.view_activity"):
        context["organisations"] = selectors.organisation_list(search=query)[:20]
        context["activities"] = activity_selectors.activity_list(
            user=user, filters=activity_selectors.ActivityFilters(search=query)
        )[:20]
    return render(request, "site/search.html", context)
