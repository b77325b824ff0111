"""Intervention owners become users (step 2 of 3): the old free text is kept as the note; where it is exactly one
active user's username or full name, that user becomes the owner. Its own migration, so the rows are updated in a
transaction of their own (PostgreSQL refuses to alter a table with pending foreign-key checks)."""

from django.conf import settings
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def keep_text_as_note(apps, schema_editor):
    Intervention = apps.get_model("protocol", "Intervention")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = User.objects.filter(is_active=True).annotate(full=Concat("first_name", Value(" "), "last_name"))
    for iv in Intervention.objects.all():
        text = (iv.owner_text or "").strip()
        matches = [u.pk for u in users if text and text.lower() in (u.username.lower(), u.full.strip().lower())]
        iv.owner_note = text[:200]
        iv.owner_id = matches[0] if len(matches) == 1 else None
        iv.save(update_fields=["owner_note", "owner"])


def back_to_text(apps, schema_editor):
    Intervention = apps.get_model("protocol", "Intervention")
    for iv in Intervention.objects.select_related("owner"):
        iv.owner_text = iv.owner_note or (iv.owner.username if iv.owner_id else "")
        iv.save(update_fields=["owner_text"])


class Migration(migrations.Migration):
    dependencies = [("protocol", "0005_intervention_owner_is_a_user")]

    operations = [migrations.RunPython(keep_text_as_note, back_to_text)]
