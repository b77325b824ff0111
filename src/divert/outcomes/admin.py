from django.contrib import admin

from .models import PublishedFigure, UnitCost


@admin.register(UnitCost)
class UnitCostAdmin(admin.ModelAdmin):
    list_display = ("label", "low", "high", "unit", "price_year", "source")


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ("collection_year", "level", "area_name", "count", "percent", "source")
    list_filter = ("collection_year", "level")
