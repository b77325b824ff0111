"""Decisions (people/decide.py): family fields alone never link automatically; one record per register person."""

from divert.matching.people.decide import DOB_AGREES, Thresholds, decide, decide_one, may_auto_link
from divert.matching.people.model import LEVELS

FORENAME_EXACT = len(LEVELS["first_name"]) - 1
DOB_LEVEL = {label: len(LEVELS["dob"]) - 1 - i for i, (label, _k, _m, _u) in enumerate(LEVELS["dob"])}


def _cand(right_id, p, *, forename=FORENAME_EXACT, dob=DOB_LEVEL["exact"]):
    return {"right_id": right_id, "match_probability": p, "gamma_first_name": forename, "gamma_dob": dob}


def test_dob_levels_that_agree():
    agreeing = {DOB_LEVEL["exact"], DOB_LEVEL["day and month swapped"], DOB_LEVEL["one digit off"]}
    assert agreeing == DOB_AGREES


def test_surname_and_address_alone_never_link_automatically():
    """Another forename and no agreeing date of birth: a sibling or a parent looks the same, so a person decides,
    however high the score (a missing date counts as not agreeing)."""
    for dob in (-1, DOB_LEVEL["different"], DOB_LEVEL["within a year"], DOB_LEVEL["two digits off"]):
        cand = _cand("A", 0.999, forename=0, dob=dob)
        assert not may_auto_link(cand, twins=set())
        assert decide_one("x", [cand], Thresholds(), twins=set()).outcome == "review"
    # with an agreeing date of birth and no twin in the register the model decides (forenames are often replaced)
    assert decide_one("x", [_cand("A", 0.999, forename=0)], Thresholds(), twins=set()).outcome == "linked"
    assert decide_one("x", [_cand("A", 0.999, dob=-1)], Thresholds(), twins=set()).outcome == "linked"


def test_one_record_per_register_person():
    import pandas as pd

    pairs = pd.DataFrame([{"left_id": "L1", **_cand("A", 0.99)}, {"left_id": "L2", **_cand("A", 0.999)},
                          {"left_id": "L3", **_cand("B", 0.98)}])
    default = {d.left_id: d.outcome for d in decide(pairs, Thresholds(), ["L1", "L2", "L3"], twins=set())}
    assert default == {"L1": "linked", "L2": "linked", "L3": "linked"}  # police data: many records of one child
    once = decide(pairs, Thresholds(), ["L1", "L2", "L3"], twins=set(), register_once=True)
    assert {d.left_id: d.outcome for d in once} == {"L1": "review", "L2": "linked", "L3": "linked"}
    assert next(d for d in once if d.left_id == "L1").reason == "the register person is linked to another record"
