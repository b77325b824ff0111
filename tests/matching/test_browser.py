"""A real browser on the review queue: an analyst decides with the keyboard, undoes a link
and links a record by hand; axe finds nothing serious or critical on the pages."""

import datetime as dt

import pytest

from divert.core.roles import Role
from divert.matching.actions import Candidate, LinkResult, record_machine_links
from divert.matching.models import ReviewItem
from divert.police.models import LinkStatus

FIELDS = {"first_name": ("exact", "agree"), "surname": ("exact", "agree"), "dob": ("missing", "missing"),
          "sex": ("exact", "agree"), "postcode": ("missing", "missing")}
EVIDENCE = {"fields": {f: {"level": level, "kind": kind} for f, (level, kind) in FIELDS.items()},
            "agree": ["first_name", "surname", "sex"], "disagree": [], "reason": "review band",
            "splink_probability": 0.74,
            "name_population": {"records": 5, "agreeing": 5, "same_dob": None, "undated": 1, "name_probability": 0.9}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_analyst_decides_with_the_keyboard_and_links_by_hand(live_server, page, sign_in, axe_violations, make_user):
    from tests.factories import ChildFactory, InvolvementFactory

    amy = ChildFactory(first_name="Amy", last_name="Okafor", date_of_birth=dt.date(2010, 5, 6))
    first = InvolvementFactory(first_name="Amy", last_name="Okafor", date_of_birth=None)
    second = InvolvementFactory(first_name="Amy", last_name="Okafor", date_of_birth=None)
    for inv in (first, second):
        record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
            subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink", candidates=[Candidate(amy.pk, 0.9,
                                                                                                  EVIDENCE)])])
    make_user(Role.ANALYST, username="analyst")
    sign_in(page, live_server.url, "analyst")
    page.wait_for_url(f"{live_server.url}/")

    item = ReviewItem.objects.get(subject_id=first.pk)
    page.goto(f"{live_server.url}/matching/review/")
    queue = page.locator("#queue").inner_text()
    assert "Amy Okafor, no date of birth" in queue and "Child in care, born 6 May 2010" in queue
    assert "Very likely the same person (about 90 in 100)" in queue and amy.child_id not in queue
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    page.goto(f"{live_server.url}/matching/review/{item.pk}/")
    assert "Likely the same person (about 74 in 100)" in page.locator("#other-evidence").inner_text()
    assert page.locator("#other-evidence").inner_text().count("5 other police records") == 1
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    # Read before the key press: the server thread is writing review items while the POST is in flight, and
    # SQLite's shared in-memory test database refuses a read of a table another connection is writing.
    next_item = ReviewItem.objects.get(subject_id=second.pk)
    page.keyboard.press("c")  # confirm, then the next open item opens
    page.wait_for_url(f"{live_server.url}/matching/review/{next_item.pk}/")
    first.refresh_from_db()
    assert first.child_id == amy.pk and first.link_status == LinkStatus.LINKED

    page.keyboard.press("r")  # reject the second
    page.wait_for_url(f"{live_server.url}/matching/review/")
    second.refresh_from_db()
    assert second.child_id is None

    page.goto(f"{live_server.url}/matching/undo/involvement/{second.pk}/")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    page.fill("#id_reference", amy.child_id)
    page.get_by_role("button", name="Link", exact=True).click()
    page.wait_for_url(f"{live_server.url}/matching/undo/involvement/{second.pk}/")
    assert page.get_by_text("Undo this link").is_visible()
    second.refresh_from_db()
    assert second.child_id == amy.pk
