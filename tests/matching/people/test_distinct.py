"""Identical records are scored once: the decisions are the same as when every record is scored."""

import random

import pandas as pd
import pytest

from divert.matching.people import model as people_model
from divert.matching.people.assign import record_posteriors
from divert.matching.people.decide import Thresholds, twins_in
from divert.matching.people.distinct import distinct_records
from divert.matching.people.generic import score_and_decide, to_frame
from tests.matching.people import synthetic


def _raw(people) -> pd.DataFrame:
    return pd.DataFrame({"id": [p["id"] for p in people], "first_name": [p["first_name"] for p in people],
                         "last_name": [p["last_name"] for p in people],
                         "date_of_birth": [p["dob"].strftime("%d/%m/%Y") if p["dob"] else "" for p in people],
                         "sex": [p["sex"] for p in people], "postcode": [p["postcode"] for p in people]})


@pytest.fixture(scope="module")
def case():
    children = synthetic.register(300, seed=31)
    people = synthetic.police(children, 150, 350, seed=32)
    rng = random.Random(33)
    # The same person in several involvements: copies of a third of the records, some written in capitals.
    copies = []
    for p in rng.sample(people, 170):
        for _ in range(rng.randint(1, 3)):
            q = dict(p)
            if rng.random() < 0.3:
                q["first_name"], q["last_name"] = q["first_name"].upper(), q["last_name"].upper()
            copies.append(q)
    records = people + copies
    rng.shuffle(records)
    for i, r in enumerate(records):
        r["id"] = f"Q{i:05d}"
    raw = _raw(records)
    left = to_frame(raw, "l")
    _l, right = synthetic.frames(children, people)
    model, _report = people_model.train(left, right, max_pairs=3e5)
    return raw, left, right, model, len(children)


def _summary(result):
    return [(d.left_id, d.outcome, d.reason,
             [(c["right_id"], round(float(c["match_probability"]), 9)) for c in d.candidates],
             (d.best["right_id"], round(float(d.best["match_probability"]), 9)) if d.best else None,
             (result.below[d.left_id]["right_id"], round(float(result.below[d.left_id]["match_probability"]), 9))
             if d.left_id in result.below else None)
            for d in result.decisions]


def test_the_same_decisions_with_and_without_scoring_identical_records_once(case):
    raw, left, right, model, n_children = case
    common = {"twins": twins_in(right), "engine": "duckdb", "register_people": n_children}
    once = score_and_decide(raw, left, right, model, Thresholds(), dedupe=True, **common)
    every = score_and_decide(raw, left, right, model, Thresholds(), dedupe=False, **common)
    assert once.scored < every.scored == len(raw)
    assert _summary(once) == _summary(every)
    assert once.membership.share == pytest.approx(every.membership.share, rel=1e-9)
    outcomes = {d.outcome for d in once.decisions}
    assert {"linked", "none"} <= outcomes  # the set exercises links and non-links, not only one kind


def test_identical_records_are_grouped_on_the_cleaned_fields(case):
    raw, left, _right, _model, _n = case
    distinct = distinct_records(left)
    assert distinct is not None
    assert distinct.weights.sum() == len(left)
    assert len(distinct.frame) == len(left.drop_duplicates(["first_name", "surname", "dob", "sex", "postcode"]))
    assert set(distinct.weights.index) == set(distinct.frame["record_id"])
    upper = raw["first_name"].str.isupper() & (raw["first_name"].str.len() > 1)
    # a record in capitals stands with the same record written in title case, whenever both are present
    by_key = left.assign(rep=left["record_id"].map(distinct.representative))
    assert by_key.groupby(["first_name", "surname", "dob", "sex", "postcode"], dropna=False)["rep"].nunique().max() == 1
    assert upper.any()


def test_records_sharing_an_id_are_not_grouped(case):
    _raw_, left, _right, _model, _n = case
    twice = pd.concat([left.head(3), left.head(1)], ignore_index=True)
    assert distinct_records(twice) is None


def test_weights_count_as_that_many_records():
    pairs = pd.DataFrame({"left_id": ["a", "b", "c", "c"], "right_id": ["x", "y", "x", "y"],
                          "match_probability": [0.999, 0.3, 0.6, 0.2]})
    weighted, m1 = record_posteriors(pairs, prior=1e-3, records=500, register_people=200, estimate=True,
                                     weights=pd.Series({"a": 40.0, "b": 3.0}))
    copies = pd.concat([pairs[pairs["left_id"] == "a"].assign(left_id=[f"a{i}"]) for i in range(40)]
                       + [pairs[pairs["left_id"] == "b"].assign(left_id=[f"b{i}"]) for i in range(3)]
                       + [pairs[pairs["left_id"] == "c"]], ignore_index=True)
    expanded, m2 = record_posteriors(copies, prior=1e-3, records=500, register_people=200, estimate=True)
    assert m1.share == pytest.approx(m2.share, rel=1e-9)
    assert weighted.loc[0, "match_probability"] == pytest.approx(expanded.loc[0, "match_probability"], rel=1e-9)
    assert weighted.loc[2, "match_probability"] == pytest.approx(
        expanded[expanded["left_id"] == "c"]["match_probability"].iloc[0], rel=1e-9)
