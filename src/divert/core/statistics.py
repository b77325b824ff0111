"""Fresh planner statistics after a bulk load, so the first pages after the nightly import are fast.

PostgreSQL plans each query from the statistics ANALYZE gathers; autovacuum refreshes them only after its own
delay, so straight after a large import the planner still believes the tables are small. On a force's two years
(about 740,000 incidents) the daily list spent 150-200 ms in the database before ANALYZE and 7 ms after
(benchmarks/page_queries.py). The PostgreSQL manual ("Populating a Database", 14.4.8) advises running ANALYZE after
loading a lot of data; SQLite's manual advises `PRAGMA optimize` for the same purpose.
"""

import datetime as dt

from django.db import connection


def refresh_statistics(*, today: dt.date | None = None) -> str:
    """Refresh the query planner's statistics for every table: the pipeline's last step (`today` is the step
    signature's; statistics have no date). Changes no data. Returns the statement run."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
            return "ANALYZE"
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
            return "PRAGMA optimize"
    return "nothing to do"
