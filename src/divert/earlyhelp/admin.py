from django.contrib import admin

from .models import InterventionType


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "active", "position")
    list_editable = ("active", "position")
