from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from aegis.core.models import Organisation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):  # type: ignore[misc,type-arg]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Aegis", {"fields": ("organisation",)}))  # type: ignore[misc]
    list_display = ("username", "email", "organisation", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "is_staff")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "acronym", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
