from django.contrib import admin

from .models import PublishedFigure, UnitCost


@admin.register(UnitCost)
class UnitCostAdmin(admin.ModelAdmin):
    """Read-only here: unit costs are changed on /outcomes/unit-costs/ (or the API, the CLI), through the one
    audited action that checks their source and price year (ADR 0051)."""

    list_display = ("label", "low", "high", "unit", "price_year", "source", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ("collection_year", "level", "area_name", "count", "percent", "source")
    list_filter = ("collection_year", "level")
