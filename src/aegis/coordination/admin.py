from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aegis.coordination.models import Body, Membership


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "kind", "part_of", "established_on", "revitalised_on")
    list_filter = ("kind",)
    inlines = (MembershipInline,)
