from django.apps import AppConfig


class EarlyHelpConfig(AppConfig):
    """Early help and prevention with PCSOs as named workers: above exploitation, below outcomes (ADR 0044)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help and prevention"

    def ready(self) -> None:
        from divert.core.roles import Role
        from divert.registers.access import add_child_scope
        from divert.registers.sections import add_child_page_section

        from .access import pcso_children

        add_child_scope(Role.PCSO, pcso_children)
        add_child_page_section("earlyhelp/_child_section.html")
