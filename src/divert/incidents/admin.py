from django.contrib import admin

from divert.core.audit import record_audit

from .models import ArrestAlert, ExploitationTerm, GuidanceText


@admin.register(GuidanceText)
class GuidanceTextAdmin(admin.ModelAdmin):
    """Administrators edit the arrest-screening email and the provider guidance here."""

    list_display = ("title", "key", "updated_at", "updated_by")
    readonly_fields = ("updated_by",)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        record_audit(actor=request.user, action="incidents.update_guidance", obj=obj, detail={"key": obj.key})


@admin.register(ExploitationTerm)
class ExploitationTermAdmin(admin.ModelAdmin):
    """County lines guidance 2023: indicator lists are local; keep them editable."""

    list_display = ("term", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("term",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_audit(actor=request.user, action="incidents.update_exploitation_term", obj=obj,
                     detail={"term": obj.term, "active": obj.active})


@admin.register(ArrestAlert)
class ArrestAlertAdmin(admin.ModelAdmin):
    list_display = ("subject", "created_at", "doubtful", "acknowledged_at", "escalated_at")
    readonly_fields = [f.name for f in ArrestAlert._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
