"""Indexes for the daily list's aggregate queries (benchmarks/daily_list.py), declared in Meta.indexes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_seed_reference_data")]
    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["home", "reported_at"], name="incident_home_reported_idx"),
        ),
        migrations.AddIndex(
            model_name="involvement",
            index=models.Index(fields=["child", "incident"], name="involvement_child_inc_idx"),
        ),
    ]
