"""Scoring reads only the prediction columns it uses (people/predict.py, ADR 0059): the same pairs, weights and
gammas as when every column of splink's prediction is read."""

import pandas as pd

from divert.matching.people import generic, predict
from divert.matching.people.decide import Thresholds, twins_in
from divert.matching.people.generic import score_and_decide, to_frame
from tests.matching.people import synthetic
from tests.matching.people.fixtures import synthetic_data, trained_model  # noqa: F401
from tests.matching.people.test_distinct import _raw, _summary


def _every_column(result) -> pd.DataFrame:
    return result.as_pandas_dataframe()


def _sorted(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.sort_values(["left_id", "right_id", "match_probability"]).reset_index(drop=True)


def test_scored_pairs_are_the_same_as_from_every_column(trained_model, synthetic_data, monkeypatch):  # noqa: F811
    model, _ = trained_model
    children, _train, people = synthetic_data
    left, right = synthetic.frames(children, people)
    narrow = predict.score_pairs(left, right, model, floor=0.001)
    monkeypatch.setattr(predict, "_read_result", _every_column)
    wide = predict.score_pairs(left, right, model, floor=0.001)
    # candidates found, sure ones and ones below any decision threshold
    assert (narrow["match_probability"] >= 0.95).any() and (narrow["match_probability"] < 0.5).any()
    # every column the name population reads is filled as before (a column missing from RESULT_COLUMNS is None)
    assert narrow["left_dob"].notna().any() and narrow["right_dob_swapped"].notna().any()
    pd.testing.assert_frame_equal(_sorted(narrow), _sorted(wide))


def test_decisions_are_the_same_as_when_they_see_every_column(trained_model, synthetic_data,  # noqa: F811
                                                              monkeypatch):
    model, _ = trained_model
    children, _train, people = synthetic_data
    raw = _raw(people)
    left = to_frame(raw, "l")
    _l, right = synthetic.frames(children, people)
    common = {"twins": twins_in(right), "engine": "duckdb", "register_people": len(children)}
    narrow = score_and_decide(raw, left, right, model, Thresholds(), **common)
    scored = []
    original = generic.decide

    def decide_seeing_all(pairs, *args, **kwargs):
        scored.append(list(pairs.columns))
        return original(pairs, *args, **kwargs)

    monkeypatch.setattr(generic, "decide", decide_seeing_all)
    monkeypatch.setattr(generic, "_decision_frame", lambda pairs: pairs)
    wide = score_and_decide(raw, left, right, model, Thresholds(), **common)
    assert "gamma_first_name" in scored[0] and "name_weight" in scored[0]
    assert {d.outcome for d in narrow.decisions} >= {"linked", "none"}
    assert _summary(narrow) == _summary(wide)
