from django.apps import AppConfig


class MissingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.missing"

    def ready(self) -> None:
        from divert.registers.sections import add_child_page_section

        add_child_page_section("missing/_child_section.html")
