"""Batch mode over a period: chunks, one pass per chunk, resumable after a failure, each link written once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from divert.matching.batch import chunks, link_people_period, match_addresses_period
from divert.matching.models import BatchChunk, LinkDecision
from divert.police.models import CustodyRecord, Incident, Involvement, LinkStatus, MissingReport
from tests.matching.people.edge_cases import POLICE
from tests.matching.people.fixtures import edge_world, model_dir, subject_type_of  # noqa: F401

pytestmark = pytest.mark.django_db
START = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def test_chunks_cover_the_period_without_gaps():
    parts = chunks(dt.date(2026, 1, 1), dt.date(2026, 12, 31), 7)
    assert len(parts) == 53 and parts[0].starts_on == dt.date(2026, 1, 1) and parts[-1].ends_on == dt.date(2026, 12, 31)
    assert all(b.starts_on == a.ends_on + dt.timedelta(days=1) for a, b in zip(parts, parts[1:], strict=False))
    assert [(c.starts_on.day, c.ends_on.day) for c in chunks(dt.date(2026, 1, 1), dt.date(2026, 1, 3), 2)] == \
        [(1, 2), (3, 3)]
    with pytest.raises(ValueError):
        chunks(dt.date(2026, 1, 2), dt.date(2026, 1, 1), 7)


def _spread(world) -> dict[str, dt.date]:
    """Date the edge-case records one a day from START (the last one at 23:30, still its own day)."""
    days = {}
    for n, (lid, rec) in enumerate(world["records"].items()):
        day = START + dt.timedelta(days=n)
        days[lid] = day
        moment = at(day, 23 if n == len(world["records"]) - 1 else 14)
        if isinstance(rec, Involvement):
            Incident.objects.filter(pk=rec.incident_id).update(reported_at=moment)
        elif isinstance(rec, CustodyRecord):
            CustodyRecord.objects.filter(pk=rec.pk).update(arrested_at=moment)
        elif isinstance(rec, MissingReport):
            MissingReport.objects.filter(pk=rec.pk).update(reported_missing_at=moment)
    return days


def _decisions_per_record(world) -> dict[str, int]:
    return {lid: LinkDecision.objects.filter(subject_type=subject_type_of(rec), subject_id=rec.pk).count()
            for lid, rec in world["records"].items()}


class Stop(Exception):
    pass


def test_a_failed_run_resumes_where_it_stopped_and_writes_each_link_once(edge_world, model_dir):  # noqa: F811
    days = _spread(edge_world)
    until = START + dt.timedelta(days=len(days) - 1)
    seen = []

    def stop_after_two(done, total, counts):
        seen.append(done)
        if done == 2:
            raise Stop  # the process dies after its second chunk

    with pytest.raises(Stop):
        link_people_period(since=START, until=until, chunk_days=3, progress=stop_after_two)
    assert BatchChunk.objects.filter(step="people").count() == 2
    first_six = {lid for lid, day in days.items() if day < START + dt.timedelta(days=6)}
    counts = _decisions_per_record(edge_world)
    assert all(counts[lid] == 1 for lid in first_six)
    assert all(counts[lid] == 0 for lid in set(days) - first_six)

    totals = link_people_period(since=START, until=until, chunk_days=3)
    assert totals["chunks_skipped"] == 2 and totals["records"] == len(days) - len(first_six)
    assert set(_decisions_per_record(edge_world).values()) == {1}, "every record decided once, none twice"
    again = link_people_period(since=START, until=until, chunk_days=3)
    assert again["chunks_skipped"] == again["chunks"] and again["records"] == 0
    assert set(_decisions_per_record(edge_world).values()) == {1}


def test_batch_links_as_the_daily_run_does(edge_world, model_dir):  # noqa: F811
    _spread(edge_world)
    link_people_period(since=START, until=START + dt.timedelta(days=len(POLICE)), chunk_days=2)
    kids = edge_world["children"]
    for lid, *_rest, expected in POLICE:
        rec = edge_world["records"][lid]
        rec.refresh_from_db()
        if expected and not expected.endswith("?"):
            assert rec.link_status == LinkStatus.LINKED and rec.child_id == kids[expected].pk, lid
        elif expected is None:
            assert rec.link_status != LinkStatus.LINKED and rec.child_id is None, lid


def test_records_outside_the_period_are_left_alone(edge_world, model_dir):  # noqa: F811
    days = _spread(edge_world)
    totals = link_people_period(since=START, until=START + dt.timedelta(days=1), chunk_days=7)
    assert totals["records"] == 2 and totals["chunks"] == 1
    later = [rec for lid, rec in edge_world["records"].items() if days[lid] > START + dt.timedelta(days=1)]
    for rec in later:
        rec.refresh_from_db()
        assert rec.link_status == LinkStatus.UNMATCHED


def test_link_records_command_in_batch_mode(edge_world, model_dir, capsys):  # noqa: F811
    _spread(edge_world)
    call_command("link", "records", "--since", START.isoformat(), "--until",
                 (START + dt.timedelta(days=len(POLICE))).isoformat(), "--chunk-days", "4",
                 "--memory-limit", "500MB", "--temp-directory", str(model_dir.parent / "spill"))
    out = capsys.readouterr().out
    assert f"records: {len(POLICE)}" in out and "chunks_skipped: 0" in out
    call_command("link", "records", "--year", str(START.year))
    assert "records: 0" in capsys.readouterr().out
    assert set(_decisions_per_record(edge_world).values()) == {1}


def test_batch_options_are_checked(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="needs --since"):
        call_command("link", "records", "--until", "2026-01-31")
    with pytest.raises(CommandError, match="not both"):
        call_command("match", "incidents", "--year", "2026", "--since", "2026-01-01")
    with pytest.raises(CommandError, match="before"):
        call_command("match", "incidents", "--since", "2026-02-01", "--until", "2026-01-31")


def test_address_batch_resumes_and_matches_each_incident_once(db):
    from tests.factories import HomeFactory, IncidentFactory

    home = HomeFactory(name="Oak House", address_line1="14 Oak Lane", address_line2="Lenton", town="Nottingham",
                       postcode="NG7 1AB", uprn="100031234567", opened_on=dt.date(2015, 1, 1))
    incidents = [IncidentFactory(location_text="14 Oak Lane, Lenton" if n % 2 else "3 Birch Road",
                                 location_postcode="NG7 1AB" if n % 2 else "NG5 2XY",
                                 reported_at=at(START + dt.timedelta(days=n))) for n in range(6)]
    outside = IncidentFactory(location_text="14 Oak Lane", location_postcode="NG7 1AB",
                              reported_at=at(START + dt.timedelta(days=30)))

    def stop(done, total, counts):
        if done == 1:
            raise Stop

    with pytest.raises(Stop):
        match_addresses_period(since=START, until=START + dt.timedelta(days=5), chunk_days=2, progress=stop)
    assert BatchChunk.objects.filter(step="addresses").count() == 1
    totals = match_addresses_period(since=START, until=START + dt.timedelta(days=5), chunk_days=2)
    assert totals["chunks_skipped"] == 1
    for n, inc in enumerate(incidents):
        inc.refresh_from_db()
        assert LinkDecision.objects.filter(subject_type="incident_location", subject_id=inc.pk).count() == 1
        if n % 2:
            assert inc.home_id == home.pk and inc.home_match_status == LinkStatus.LINKED
        else:
            assert inc.home_id is None
    outside.refresh_from_db()
    assert outside.home_match_status == LinkStatus.UNMATCHED


def test_match_incidents_command_in_batch_mode(db, capsys):
    from tests.factories import HomeFactory, IncidentFactory

    HomeFactory(name="Oak House", address_line1="14 Oak Lane", town="Nottingham", postcode="NG7 1AB",
                opened_on=dt.date(2015, 1, 1))
    IncidentFactory(location_text="14 Oak Lane", location_postcode="NG7 1AB", reported_at=at(START))
    call_command("match", "incidents", "--year", str(START.year), "--chunk-days", "31")
    out = capsys.readouterr().out
    assert "chunks=12" in out and "incidents_linked=1" in out
