"""Administration of the PIU's carriers and their submitting accounts only. Personal data
is read through the PIU pages, which log every view; watchlists and rules change through
their services, which re-screen."""

from django.contrib import admin

from aegis.travel.models import Carrier


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin[Carrier]):
    list_display = ("code", "name", "account")
    search_fields = ("code", "name")
    raw_id_fields = ("account",)
