from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.incidents"

    def ready(self) -> None:
        from divert.registers.sections import add_child_page_section

        add_child_page_section("incidents/_child_section.html")
