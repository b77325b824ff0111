from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The top of the house: today's pipeline, the demo, the status counts and the scheduled jobs (ADR 0010)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from divert.core import menus
        from divert.ingest import hooks

        from . import hooks as ops_hooks
        from . import menus as ops_menus

        hooks.register(after_import=ops_hooks.after_import, run_pipeline=ops_hooks.run_pipeline)
        menus.register(tasks=ops_menus.TASKS, nav=ops_menus.NAV)
