"""Indexes for the daily list's aggregate queries (benchmarks/daily_list.py).

RunSQL rather than Meta.indexes because Incident and Involvement belong to the police-record schema of issue 2;
the index is a read-path optimisation only and is safe to drop.
"""

from django.db import migrations

INDEXES = [
    ("incidents_incident_home_reported", "incidents_incident", "home_id, reported_at"),
    ("incidents_involvement_child_incident", "incidents_involvement", "child_id, incident_id"),
]


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_seed_reference_data")]
    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({cols})", f"DROP INDEX IF EXISTS {name}")
        for name, table, cols in INDEXES
    ]
