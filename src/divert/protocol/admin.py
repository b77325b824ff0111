"""Reference data in the Django admin: outcomes and the case-file form templates. Cases are deliberately absent
(every view of a child goes through the logged pages). A version already used by a filled form cannot be
deleted (PROTECT); change a form by adding a new version with its sections."""

from django.contrib import admin

from .models import FormTemplate, FormTemplateVersion, Outcome, Section


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "home_office_type", "makes_first_time_entrant", "leads_to_court",
                    "panel_option", "gravity_score", "verified")
    list_filter = ("panel_option", "makes_first_time_entrant", "verified")


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("order", "key", "title", "owner_role", "requirement", "condition", "prefill", "verified", "guidance")


@admin.register(FormTemplateVersion)
class FormTemplateVersionAdmin(admin.ModelAdmin):
    list_display = ("template", "number", "published", "verified", "created_at")
    inlines = [SectionInline]


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")
