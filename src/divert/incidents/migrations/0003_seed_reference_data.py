from django.db import migrations


def seed(apps, schema_editor):
    from divert.incidents.defaults import EXPLOITATION_TERMS, GUIDANCE_TEXTS

    GuidanceText = apps.get_model("incidents", "GuidanceText")
    ExploitationTerm = apps.get_model("incidents", "ExploitationTerm")
    for key, (title, body) in GUIDANCE_TEXTS.items():
        GuidanceText.objects.get_or_create(key=key, defaults={"title": title, "body": body})
    for kind, terms in EXPLOITATION_TERMS.items():
        for term in terms:
            ExploitationTerm.objects.get_or_create(term=term, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_work")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
