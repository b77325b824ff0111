from django.apps import AppConfig


class SynthConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "divert.synth"
