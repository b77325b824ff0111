"""Django admin for accounts: a user's role, agency and provider; API tokens; read-only audit and access logs.

Children are deliberately not in the admin: every view of a child goes through pages that write the access log.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import AccessLog, ApiToken, AuditEvent, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ("role", "agency", "provider")
    autocomplete_fields = ()


# Say what these pages are: Django's technical administration, not a Divert page written for its users.
admin.site.site_header = "Divert site administration (Django admin)"
admin.site.site_title = "Divert site administration"
admin.site.index_title = "Users, API tokens, reference data and read-only logs"

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class DivertUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_select_related = ("profile",)

    @admin.display(description="Role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else "-"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("user", "name", "digest", "created_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `divert token issue`, which prints the secret once

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        from .actions import revoke_api_token

        for token in queryset:
            revoke_api_token(actor=request.user, token=token)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnly):
    # The child is shown by database id only: reading the log is not a view of the child's record.
    list_display = ("at", "user", "child_id", "channel", "what", "path")
    list_filter = ("channel",)
    search_fields = ("user__username", "what", "path")
    date_hierarchy = "at"
    fields = ("at", "user", "child_id", "channel", "what", "path")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ("at", "actor", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_type", "object_id", "actor__username")
    date_hierarchy = "at"
