from django.apps import AppConfig


class ProtocolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.protocol"

    def ready(self) -> None:
        from divert.core import child_facts
        from divert.core.roles import Role
        from divert.police.access import add_incident_scope
        from divert.registers.access import add_child_scope, add_home_scope
        from divert.registers.sections import add_child_page_section

        from .facts import children_with_recorded_outcome, prosecutor_children, prosecutor_homes, prosecutor_incidents

        add_child_page_section("protocol/_child_section.html")
        child_facts.register_record_source("protocol", children_with_recorded_outcome)
        add_child_scope(Role.PROSECUTOR, prosecutor_children)
        add_home_scope(Role.PROSECUTOR, prosecutor_homes)
        add_incident_scope(Role.PROSECUTOR, prosecutor_incidents)
