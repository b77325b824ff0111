"""Providers and homes in the Django admin. Children and placements are deliberately absent: they come from the
SSDA903 import and every view of a child must go through the logged pages."""

from django.contrib import admin

from .models import Home, Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact_email")
    search_fields = ("name",)


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    list_display = ("name", "urn", "provider", "setting_type", "registered_places", "postcode", "closed_on")
    list_filter = ("setting_type", "provider")
    search_fields = ("name", "urn", "postcode", "uprn")
    raw_id_fields = ("import_run",)
