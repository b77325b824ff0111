from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.incidents"

    def ready(self) -> None:
        from divert.core import child_facts
        from divert.registers.sections import add_child_page_section

        from .facts import triage_facts

        add_child_page_section("incidents/_child_section.html")
        child_facts.register("incidents", triage_facts)
