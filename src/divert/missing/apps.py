from django.apps import AppConfig


class MissingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.missing"

    def ready(self):
        from divert.core import child_facts

        from .facts import missing_facts

        child_facts.register("missing", missing_facts)
