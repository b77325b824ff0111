from django.apps import AppConfig


class PoliceConfig(AppConfig):
    """The police's source records (incidents, the people in them, custody, missing reports) and their scoping."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.police"
    verbose_name = "Police records"

    def ready(self) -> None:
        from divert.registers.sections import add_record_parts

        from .selectors import child_police_records, home_police_figures, with_recent_incident_counts

        add_record_parts(child=child_police_records, home=home_police_figures, home_list=with_recent_incident_counts)
