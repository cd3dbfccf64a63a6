from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("currency", "effective_date", "rate")
    list_filter = ("currency",)
    date_hierarchy = "effective_date"


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-mostly: conversions and rules run in the services, which the admin bypasses."""

    list_display = ("donor", "signed_on", "currency", "amount", "usd_amount", "earmark")
    list_filter = ("currency", "earmark", "from_other_fund")
    search_fields = ("donor__name", "reference")
    readonly_fields = ("usd_rate", "rate_date", "usd_amount")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Receipt)
class ReceiptAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("pledge", "received_on", "currency", "amount", "usd_amount")
    readonly_fields = ("usd_rate", "rate_date", "usd_amount")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(InKindContribution)
class InKindContributionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("donor", "year", "description", "value_usd")
