from django.conf import settings
from django.db import models

from .roles import Agency, Role


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record people edit: `version` counts the edits saved through `divert.core.versioning.save_edit`, which
    refuses a save made from an older version (optimistic concurrency, ADR 0019)."""

    version = models.PositiveIntegerField(default=0, help_text="Edits saved by people; carried by forms and API")

    class Meta:
        abstract = True


class Sourced(TimeStamped):
    """Traceability of an imported row: which import, which file, which row."""

    import_run = models.ForeignKey("ingest.ImportRun", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    source_file = models.CharField(max_length=255, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class Profile(models.Model):
    """A user's role and agency; provider managers also name their provider."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=32, choices=Role.choices)
    agency = models.CharField(max_length=16, choices=Agency.choices)
    provider = models.ForeignKey(
        "registers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AccessLog(models.Model):
    """Who saw which child's data, how and when (non-negotiable 4). Never deleted by the application."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16)  # page, api, export, email, cli
    what = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["child", "at"])]


class AuditEvent(models.Model):
    """A write made by an action function: who did what to which record, with what detail."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)  # "system: linkage model v3" when no user
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(token: str) -> str:
        import hashlib

        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        import secrets

        token = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.hash(token)), token

    @classmethod
    def authenticate(cls, token: str) -> "ApiToken | None":
        return (
            cls.objects.select_related("user").filter(digest=cls.hash(token), revoked_at__isnull=True,
                                                      user__is_active=True).first()
        )
