"""The matcher on a hand-made set of real-world UK address conventions (not the demo generator's)."""

from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.records import make_record

from .uk_handmade import cases


def test_handmade_uk_set_has_no_wrong_links_and_links_the_plain_cases():
    canonical, messy, truth, expect = cases()
    matcher = AddressMatcher([make_record(r["id"], r["address"], r["postcode"]) for r in canonical])
    wrong, missed = [], []
    for row in messy:
        decision = matcher.match_one(make_record(row["id"], row["address"], row["postcode"]))
        linked = matcher.key_of(decision.best) if decision.outcome == "linked" else ""
        if linked and linked != truth[row["id"]]:
            wrong.append(row["id"])
        if expect[row["id"]] == "link" and linked != truth[row["id"]]:
            missed.append(row["id"])
    assert wrong == []
    assert missed == []
