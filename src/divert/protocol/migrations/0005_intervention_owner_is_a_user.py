"""Intervention owners become users (step 1 of 3: the new columns, the old free text renamed `owner_text`)."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0004_merge_version_and_conditions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("intervention", "owner", "owner_text"),
        migrations.AddField("intervention", "owner_note", models.CharField(blank=True, max_length=200)),
        migrations.AddField("intervention", "owner", models.ForeignKey(
            blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
            to=settings.AUTH_USER_MODEL)),
    ]
