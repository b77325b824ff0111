from django.apps import AppConfig


class MissingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.missing"

    def ready(self) -> None:
        from divert.core import child_facts
        from divert.registers.sections import add_child_page_section

        from .facts import missing_facts

        add_child_page_section("missing/_child_section.html")
        child_facts.register("missing", missing_facts)
