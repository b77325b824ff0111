"""The pipeline's last step refreshes the planner's statistics (ANALYZE on PostgreSQL, PRAGMA optimize on SQLite)."""

import pytest
from django.db import connection

from divert.core.statistics import refresh_statistics
from divert.registers.models import Provider


def _analysed_rows(table: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_refresh_statistics_tells_the_planner_how_many_rows_a_table_holds():
    Provider.objects.bulk_create([Provider(name=f"Provider {n}") for n in range(50)])
    ran = refresh_statistics()
    if connection.vendor == "postgresql":
        assert ran == "ANALYZE"
        # Before ANALYZE a freshly filled table reads -1 (never analysed) or 0 rows to the planner.
        assert _analysed_rows(Provider._meta.db_table) == 50
    else:
        assert ran == "PRAGMA optimize"
