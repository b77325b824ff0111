"""Intervention owners become users (step 3 of 3: the free-text column goes); reminders sent are recorded, so
`divert protocol remind` sends each one once a day."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0006_intervention_owner_text_kept_as_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField("intervention", "owner_text"),
        migrations.CreateModel(
            name="ReminderSent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("section", "Section overdue"), ("review", "Panel review due"),
                                                   ("intervention", "Intervention overdue")], max_length=12)),
                ("object_id", models.PositiveBigIntegerField()),
                ("sent_on", models.DateField(db_index=True)),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to=settings.AUTH_USER_MODEL)),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("recipient", "kind", "object_id", "sent_on"),
                                                             name="one_reminder_per_person_thing_and_day")]},
        ),
    ]
