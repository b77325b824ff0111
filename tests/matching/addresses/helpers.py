"""Shared by the address tests: match one typed location against a matcher's register."""

from divert.matching.addresses.records import make_record


def match(matcher, text, postcode=""):
    """(outcome, key of the best candidate) for the location `text` typed with `postcode`."""
    decision = matcher.match_one(make_record("m", text, postcode))
    return decision.outcome, matcher.key_of(decision.best)
