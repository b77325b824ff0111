"""The address pipeline step against the database: links, review items, dates, people's decisions."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from divert.matching.actions import undo_link
from divert.matching.address_pipeline import run
from divert.matching.models import LinkDecision, ReviewItem, SubjectType
from divert.police.models import Incident, LinkStatus, MissingReport
from tests.factories import HomeFactory, IncidentFactory, MissingReportFactory

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14, 30)))


@pytest.fixture
def homes():
    return {
        "oak": HomeFactory(name="Oak House", address_line1="14 Oak Lane", address_line2="Lenton", town="Nottingham",
                           postcode="NG7 1AB", uprn="100031234567", opened_on=dt.date(2015, 1, 1)),
        "flat1": HomeFactory(name="High Street North", address_line1="Flat 1, 20 High Street", town="Hucknall",
                             postcode="NG15 7AA", uprn="", opened_on=dt.date(2015, 1, 1)),
        "flat2": HomeFactory(name="High Street South", address_line1="Flat 2, 20 High Street", town="Hucknall",
                             postcode="NG15 7AA", uprn="", opened_on=dt.date(2015, 1, 1)),
        "closed": HomeFactory(name="Ash Lodge", address_line1="9 Ash Grove", town="Sherwood", postcode="NG5 4GH",
                              uprn="", opened_on=dt.date(2015, 1, 1), closed_on=dt.date(2025, 3, 31)),
        "new": HomeFactory(name="Ash View", address_line1="5 Ash Grove", town="Sherwood", postcode="NG5 4GH",
                           uprn="", opened_on=dt.date(2026, 6, 1)),
    }


def incident(text, postcode="", day=dt.date(2026, 7, 1), **kw):
    return IncidentFactory(location_text=text, location_postcode=postcode, reported_at=at(day), **kw)


def test_pipeline_links_reviews_and_rejects(homes):
    linked = incident("14 Oak Ln, Lenton", "NG71AB")
    review = incident("20 High Street, Hucknall", "NG15 7AA")
    nothing = incident("Tesco Express, Derby Road", "NG7 2AA")
    counts = run(today=dt.date(2026, 7, 2))
    assert counts["incidents_linked"] == 1 and counts["incidents_review"] == 1 and counts["incidents_none"] == 1
    linked.refresh_from_db()
    assert (linked.home, linked.home_match_status, linked.home_match_method) == (
        homes["oak"], LinkStatus.LINKED, "postcode+number")
    assert linked.home_match_score > 0.9
    decision = LinkDecision.objects.get(subject_type=SubjectType.INCIDENT_LOCATION, subject_id=linked.pk)
    assert decision.outcome == "linked" and decision.decided_by_label.startswith("address matcher")
    review.refresh_from_db()
    assert review.home_match_status == LinkStatus.REVIEW and review.home is None
    items = ReviewItem.objects.filter(subject_type=SubjectType.INCIDENT_LOCATION, subject_id=review.pk)
    assert {i.candidate_home for i in items} == {homes["flat1"], homes["flat2"]}
    assert "runner_up" in items[0].evidence
    nothing.refresh_from_db()
    assert nothing.home_match_status == LinkStatus.NONE


def test_homes_count_only_while_open(homes):
    before_close = incident("9 Ash Grove", "NG5 4GH", day=dt.date(2025, 3, 1))
    after_close = incident("9 Ash Grove", "NG5 4GH", day=dt.date(2025, 6, 1))
    before_open = incident("5 Ash Grove", "NG5 4GH", day=dt.date(2026, 5, 31))
    from_open = incident("5 Ash Grove", "NG5 4GH", day=dt.date(2026, 6, 1))
    run(today=dt.date(2026, 7, 2))
    got = {i.pk: (i.home_id, i.home_match_status) for i in Incident.objects.all()}
    assert got[before_close.pk] == (homes["closed"].pk, LinkStatus.LINKED)
    assert got[after_close.pk] == (None, LinkStatus.NONE)
    assert got[before_open.pk] == (None, LinkStatus.NONE)
    assert got[from_open.pk] == (homes["new"].pk, LinkStatus.LINKED)


def test_only_unmatched_incidents_are_matched_and_people_win(homes, make_user):
    first = incident("14 Oak Lane", "NG7 1AB")
    run(today=dt.date(2026, 7, 2))
    undo_link(subject_type=SubjectType.INCIDENT_LOCATION, subject_id=first.pk, user=make_user(), reason="wrong")
    second = incident("14 Oak Lane", "NG7 1AB")
    counts = run(today=dt.date(2026, 7, 2))
    assert counts["incidents_linked"] == 1  # the new one only
    first.refresh_from_db()
    assert first.home is None and first.home_match_status == LinkStatus.NONE
    counts = run(today=dt.date(2026, 7, 2), rematch=True)
    assert counts["incidents_skipped"] == 1  # the person's decision stands
    first.refresh_from_db()
    assert first.home is None
    second.refresh_from_db()
    assert second.home == homes["oak"]


def test_a_home_added_later_catches_earlier_none_incidents(homes):
    later = incident("3 Birch Close", "NG8 1ZZ")
    run(today=dt.date(2026, 7, 2))
    later.refresh_from_db()
    assert later.home_match_status == LinkStatus.NONE
    birch = HomeFactory(name="Birch", address_line1="3 Birch Close", town="Nottingham", postcode="NG8 1ZZ", uprn="",
                        opened_on=dt.date(2026, 1, 1))
    run(today=dt.date(2026, 7, 2))
    later.refresh_from_db()
    assert later.home == birch


def test_missing_from_addresses_are_matched(homes):
    report = MissingReportFactory(missing_from_address="14 Oak Lane, Nottingham", missing_from_postcode="NG7 1AB",
                                  reported_missing_at=at(dt.date(2026, 7, 1)))
    elsewhere = MissingReportFactory(missing_from_address="22 Park Road", missing_from_postcode="LS6 2AB",
                                     reported_missing_at=at(dt.date(2026, 7, 1)))
    counts = run(today=dt.date(2026, 7, 2))
    assert counts["missing_linked"] == 1 and counts["missing_none"] == 1
    report.refresh_from_db()
    assert report.home == homes["oak"]
    assert MissingReport.objects.get(pk=elsewhere.pk).home is None
    assert run(today=dt.date(2026, 7, 2)).get("missing_linked", 0) == 0  # done once, not again


def test_match_incidents_command(homes):
    incident("14 Oak Lane", "NG7 1AB")
    from io import StringIO

    out = StringIO()
    call_command("match", "incidents", stdout=out)
    assert "incidents_linked=1" in out.getvalue()


def test_a_home_added_later_catches_earlier_missing_reports(homes):
    report = MissingReportFactory(missing_from_address="3 Birch Close", missing_from_postcode="NG8 1ZZ",
                                  reported_missing_at=at(dt.date(2026, 7, 1)))
    run(today=dt.date(2026, 7, 2))
    birch = HomeFactory(name="Birch", address_line1="3 Birch Close", town="Nottingham", postcode="NG8 1ZZ", uprn="",
                        opened_on=dt.date(2026, 1, 1))
    run(today=dt.date(2026, 7, 2))
    report.refresh_from_db()
    assert report.home == birch


def test_an_unchanged_homes_register_rematches_nothing(homes):
    incident("3 Birch Close", "NG8 1ZZ")
    run(today=dt.date(2026, 7, 2))
    counts = run(today=dt.date(2026, 7, 2))
    assert counts.get("incidents_none", 0) == 0 and counts.get("incidents_linked", 0) == 0
