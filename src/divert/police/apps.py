from django.apps import AppConfig


class PoliceConfig(AppConfig):
    """The police's source records (incidents, the people in them, custody, missing reports) and their scoping."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.police"
    verbose_name = "Police records"
