"""The starting list of PCSO interventions, for the early help service to edit in the admin (Divert's starting
point: the Portsmouth PCSO minute does not name the tools)."""

from django.db import migrations

from divert.earlyhelp.defaults import INTERVENTIONS


def seed(apps, schema_editor):
    InterventionType = apps.get_model("earlyhelp", "InterventionType")
    for pos, (code, label) in enumerate(INTERVENTIONS):
        InterventionType.objects.get_or_create(code=code, defaults={"label": label, "position": pos * 10})


def unseed(apps, schema_editor):
    apps.get_model("earlyhelp", "InterventionType").objects.filter(code__in=[i[0] for i in INTERVENTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("earlyhelp", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
