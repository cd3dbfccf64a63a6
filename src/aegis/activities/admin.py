from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aegis.activities.models import Activity


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "kind", "start_date", "lead_organisation", "status")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    readonly_fields = ("status",)
