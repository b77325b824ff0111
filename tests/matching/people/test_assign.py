"""A record is one person (people/assign.py): candidates compete, and the share of records of register people is
estimated from the scored pairs."""

import random

import pandas as pd
import pytest

from divert.matching.people.assign import record_posteriors
from divert.matching.people.decide import Thresholds, decide


def _pairs(rows):
    return pd.DataFrame(rows, columns=["left_id", "right_id", "match_probability"])


def _world(n_records, n_people, members, *, seed=1, prior=1e-4):
    """Scored pairs for a file where `members` of `n_records` records are of a register person: each member's true
    pair has a strong pairwise score, and every record has a few weak chance candidates."""
    rng = random.Random(seed)
    rows = []
    for r in range(n_records):
        if r < members:
            rows.append((f"L{r}", f"R{r % n_people}", rng.choice([0.999, 0.99, 0.9, 0.6])))
        for _ in range(2):
            rows.append((f"L{r}", f"R{rng.randrange(n_people)}x", rng.uniform(0.001, 0.02)))
    return _pairs(rows)


@pytest.mark.parametrize("share", [0.1, 0.5, 0.95])
def test_share_of_members_is_estimated_from_the_data(share):
    pairs = _world(2000, 3000, int(2000 * share))
    _out, membership = record_posteriors(pairs, prior=1e-4, records=2000, register_people=3000)
    assert membership.share == pytest.approx(share, abs=0.06)


def test_a_lone_candidate_is_lifted_when_nearly_every_record_is_of_someone():
    mostly = _world(2000, 3000, 1900)
    out, membership = record_posteriors(mostly, prior=1e-4, records=2000, register_people=3000)
    moderate = out[(out["pairwise_probability"] == 0.6)]
    assert membership.share > 0.9
    assert (moderate["match_probability"] > 0.9).all()
    # the same evidence in a file where few records are of anybody in the register is not lifted
    few = _world(2000, 3000, 200)
    out_few, _m = record_posteriors(few, prior=1e-4, records=2000, register_people=3000)
    assert (out_few.loc[out_few["pairwise_probability"] == 0.6, "match_probability"] < 0.8).all()


def test_two_good_candidates_share_one_record_and_go_to_review():
    background = _world(1000, 1000, 500)
    twins = _pairs([("T", "A", 0.97), ("T", "B", 0.97)])
    out, _m = record_posteriors(pd.concat([background, twins]), prior=1e-4, records=1001, register_people=1000)
    mine = out[out["left_id"] == "T"]
    assert mine["match_probability"].sum() <= 1.0
    assert (mine["match_probability"] < Thresholds().floor).all()
    (decision,) = decide(mine, Thresholds(), left_ids=["T"], twins=set(), together=True)
    assert decision.outcome == "review"
    assert {c["right_id"] for c in decision.candidates} == {"A", "B"}
    # without `together` (pairwise probabilities) the record would get no link at all
    (pairwise,) = decide(mine, Thresholds(), left_ids=["T"], twins=set())
    assert pairwise.outcome == "none"


def test_small_files_keep_the_prior():
    pairs = _pairs([("L1", "R1", 0.6), ("L2", "R2", 0.999)])
    out, membership = record_posteriors(pairs, prior=0.05, records=2, register_people=2)
    assert membership.iterations == 0
    assert out.loc[out["left_id"] == "L1", "match_probability"].item() < 0.8


def test_no_pairs():
    out, membership = record_posteriors(_pairs([]), prior=1e-4, records=10, register_people=10)
    assert out.empty and membership.iterations == 0
