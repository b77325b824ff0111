import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from divert.core.roles import Role
from divert.incidents.models import Triage
from divert.incidents.selectors import child_summary

pytestmark = pytest.mark.django_db


def test_child_summary_reads_what_the_child_page_shows_in_a_fixed_number_of_queries(city, make_user):
    """Only the section's columns are read, and showing them needs no query per row."""
    amy = city["children"][0]
    damage = city["incidents"]["damage"]
    Triage.objects.create(incident=damage, reviewed=True, recommended_route="home")
    cicpo = make_user(Role.CICPO)
    with CaptureQueriesContext(connection) as ctx:
        summary = child_summary(user=cicpo, child=amy)
        shown = [(r["incident"].reference, r["incident"].reported_at, r["incident"].home and r["incident"].home.name,
                  r["incident"].closing_category or r["incident"].opening_category, r["roles"],
                  r["triage"] and (r["triage"].reviewed, r["triage"].get_recommended_route_display()))
                 for r in summary["rows"]]
    assert [s[0] for s in shown] == [i.reference for i in (damage, city["incidents"]["away"], city["incidents"]["old"])]
    assert shown[0][2] == "Oak House" and shown[0][4] == "Suspect" and shown[0][5][0] is True
    assert shown[1][2] is None and shown[1][5] is None  # away from any home, not triaged
    reads = len(ctx.captured_queries)
    involvement_read = next(q["sql"] for q in ctx.captured_queries if 'FROM "incidents_involvement"' in q["sql"])
    assert '"incidents_incident"."narrative"' not in involvement_read  # the section never shows it
    assert reads == 3  # involvements (with their incidents, homes and triage), follow-ups, arrest alerts
