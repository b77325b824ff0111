from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.incidents"

    def ready(self):
        from divert.core import child_facts

        from .facts import triage_facts

        child_facts.register("incidents", triage_facts)
