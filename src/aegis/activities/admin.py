from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aegis.activities.models import (
    Activity,
    ActivityKind,
    ActivityPeriod,
    Agreement,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
    Principal,
    Programme,
)


class PeriodInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ActivityPeriod
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "kind", "start_date", "lead_organisation", "office_unit", "status")
    list_filter = ("kind", "status", "office_unit", "pillars")
    search_fields = ("title", "external_id")
    readonly_fields = ("status",)
    inlines = (PeriodInline,)


@admin.register(OfficeUnit)
class OfficeUnitAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "acronym", "kind", "parent")


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "acronym", "unit")


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "kind", "signed_on", "programme")


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "code", "computed_from")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("indicator", "unit", "month", "value", "source_note")
    list_filter = ("indicator", "unit")


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("indicator", "unit", "year", "target")


admin.site.register(Principal)


@admin.register(ActivityKind)
class ActivityKindAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "code", "proposed_section", "active")
    list_filter = ("active", "proposed_section")
