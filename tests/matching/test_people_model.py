"""The person-linkage model: unsupervised training, versioned files, incremental prediction, thresholds."""

import datetime as dt
import json

import pytest

from divert.matching.people import model as people_model
from divert.matching.people.decide import Thresholds, decide, decide_one, twins_in
from divert.matching.people.predict import best_per_target, score_pairs
from divert.matching.people.prepare import (
    build_frame,
    clean_forename,
    forename_forms,
    parse_date,
    person_row,
    postcode_fields,
)
from tests.matching.people import synthetic
from tests.matching.people.fixtures import synthetic_data, trained_model  # noqa: F401


def _m(model, field, label):
    comp = next(c for c in model["comparisons"] if c["output_column_name"] == field)
    level = next(lv for lv in comp["comparison_levels"] if lv.get("label_for_charts") == label)
    return level["m_probability"], level["u_probability"]


def test_normalisation():
    assert clean_forename("  Mary-Jane ") == "maryjane"
    assert clean_forename("Mr. O'Neil") == "oneil"
    assert "robert" in forename_forms("bob")
    assert set(forename_forms("alex")) >= {"alexander", "alexandra"}
    assert parse_date("2011-02-10") == parse_date("10/02/2011") == parse_date("20110210") == dt.date(2011, 2, 10)
    assert postcode_fields("ng7 2ab") == ("NG72AB", "NG7 2", "NG7")
    assert postcode_fields("2615") == ("2615", "261", "26")
    row = person_row("x", "x", "Liam", "Patel", "03/11/2012", "u", "")
    assert row["dob_swapped"] == "2012-03-11" and row["sex"] is None and row["postcode"] is None


def test_training_learns_without_labels(trained_model):  # noqa: F811
    model, report = trained_model
    assert report.em_sessions == 2
    m, u = _m(model, "first_name", "exact")
    assert m > 0.5 and u < 0.05
    m, u = _m(model, "dob", "exact")
    assert m / u > 100
    for comp in model["comparisons"]:  # sanitised: no zero or inverted parameters
        for lv in comp["comparison_levels"]:
            if not lv.get("is_null_level"):
                assert lv["m_probability"] > 0 and lv["u_probability"] > 0


def test_accuracy_on_unseen_synthetic_records(trained_model, synthetic_data):  # noqa: F811
    model, _ = trained_model
    children, _train, people = synthetic_data
    left, right = synthetic.frames(children, people)
    pairs = best_per_target(score_pairs(left, right, model, floor=0.5))
    decisions = decide(pairs, Thresholds(), left_ids=[p["id"] for p in people])
    truth = {p["id"]: p["truth"] for p in people}
    tp = sum(1 for d in decisions if d.outcome == "linked" and d.best["right_id"] == truth[d.left_id])
    fp = sum(1 for d in decisions if d.outcome == "linked" and d.best["right_id"] != truth[d.left_id])
    positives = sum(1 for t in truth.values() if t)
    precision, recall = tp / (tp + fp), tp / positives
    assert precision >= 0.99 and recall >= 0.85, (precision, recall)


def test_incremental_prediction_scores_only_new_records(trained_model, synthetic_data):  # noqa: F811
    model, _ = trained_model
    children, _train, people = synthetic_data
    left, right = synthetic.frames(children, people)
    whole = best_per_target(score_pairs(left, right, model, floor=0.5))
    new = left.iloc[:20]
    part = best_per_target(score_pairs(new, right, model, floor=0.5))
    assert set(part["left_id"]) <= set(new["record_id"])
    merged = whole[whole["left_id"].isin(new["record_id"])].sort_values(["left_id", "right_id"]).reset_index(drop=True)
    part = part.sort_values(["left_id", "right_id"]).reset_index(drop=True)
    assert list(merged["right_id"]) == list(part["right_id"])
    assert merged["match_probability"].round(9).tolist() == part["match_probability"].round(9).tolist()


def test_model_files_are_versioned_with_a_current_pointer(trained_model, tmp_path):  # noqa: F811
    model, report = trained_model
    first = people_model.save(model, report, directory=tmp_path, now=dt.datetime(2026, 11, 23, 10, 0, 0, tzinfo=dt.UTC))
    second = people_model.save(model, report, directory=tmp_path,
                               now=dt.datetime(2026, 11, 24, 10, 0, 0, tzinfo=dt.UTC))
    assert first.name == "people-20261123-100000.json" and second.name == "people-20261124-100000.json"
    assert (tmp_path / "people-current").read_text() == second.name
    loaded, meta = people_model.load(directory=tmp_path)
    assert meta["version"] == "20261124-100000" and meta["em_sessions"] == report.em_sessions
    assert loaded["comparisons"] == json.loads(second.read_text())["splink"]["comparisons"]
    assert people_model.load(directory=tmp_path / "nothing") is None


def _cand(right_id, p, forename_gamma=6, dob_gamma=5):
    return {"right_id": right_id, "match_probability": p, "gamma_first_name": forename_gamma, "gamma_dob": dob_gamma}


@pytest.mark.parametrize("cands,outcome", [
    ([_cand("A", 0.99)], "linked"),
    ([_cand("A", 0.96), _cand("B", 0.6)], "linked"),
    ([_cand("A", 0.97), _cand("B", 0.96)], "review"),  # two children above the threshold: ambiguous
    ([_cand("A", 0.999, forename_gamma=0)], "review"),  # forename disagrees and A may have a twin (twins=None)
    ([_cand("A", 0.999), _cand("B", 0.999, forename_gamma=0)], "linked"),  # the twin with the right forename wins
    ([_cand("A", 0.7)], "review"),
    ([_cand("A", 0.3)], "none"),
    ([], "none"),
])
def test_thresholds(cands, outcome):
    decision = decide_one("x", cands, Thresholds(auto=0.95, floor=0.5))
    assert decision.outcome == outcome
    if outcome == "linked":
        assert decision.best["right_id"] == "A"


def test_forename_disagreement_blocks_an_auto_link_only_when_the_child_has_a_twin():
    register = build_frame(["a", "b", "c", "c~alias", "d"], ["A", "B", "C", "C", "D"],
                           ["Jack", "Harry", "Emily", "Em", "Sophie"], ["Smith", "Smith", "Brown", "Brown", "Brown"],
                           ["14/03/2012", "14/03/2012", "01/06/2010", "01/06/2010", "20/09/2013"], ["M"] * 5, [""] * 5)
    twins = twins_in(register)
    assert twins == {"A", "B"}  # an alias row is not a twin of its own child; a sibling born apart is not a twin
    different = [_cand("A", 0.999, forename_gamma=0)]
    assert decide_one("x", different, Thresholds(), twins).outcome == "review"
    alone = [_cand("C", 0.999, forename_gamma=0)]
    assert decide_one("x", alone, Thresholds(), twins).outcome == "linked"
    assert decide_one("x", alone, Thresholds(), None).outcome == "review"


def test_thresholds_come_from_settings(settings):
    settings.DIVERT = {**settings.DIVERT, "LINK_AUTO_THRESHOLD": 0.9, "LINK_REVIEW_FLOOR": 0.4}
    assert Thresholds.from_settings() == Thresholds(auto=0.9, floor=0.4)


@pytest.mark.parametrize("change", ["another forename, no date of birth", "another forename, year of birth wrong"])
def test_candidates_survive_forename_and_date_of_birth_wrong(trained_model, synthetic_data, change):  # noqa: F811
    """The blocking rules (`model.blocking_rules`) still compare a record to its child when the forename is
    another name altogether and the date of birth is missing or a year off: surname + postcode finds it."""
    from divert.matching.people.prepare import frame

    model, _ = trained_model
    children, _train, _people = synthetic_data
    chosen = [c for c in children if not c["aliases"]][:30]
    rows = []
    for c in chosen:
        other = "zacchaeus" if c["first_name"] != "zacchaeus" else "bartholomew"
        dob = None if change == "another forename, no date of birth" else c["dob"].replace(
            year=c["dob"].year + 1, day=min(c["dob"].day, 28))
        rows.append(person_row(f"X{c['id']}", f"X{c['id']}", other, c["last_name"], dob, c["sex"], c["postcode"]))
    _l, right = synthetic.frames(children, [])
    pairs = score_pairs(frame(rows), right, model, floor=1e-9)
    found = set(zip(pairs["left_id"], pairs["right_id"], strict=True))
    assert all((f"X{c['id']}", c["id"]) in found for c in chosen)


def test_scored_pairs_carry_the_childs_cleaned_names(trained_model, synthetic_data):  # noqa: F811
    """The name population reads a record whose names are written the wrong way round under the child's name
    (people/population.py), so each scored pair carries the register row's cleaned forename and surname: for a
    swapped record they are its own names crosswise."""
    from divert.matching.people.prepare import frame

    model, _ = trained_model
    children, _train, _people = synthetic_data
    chosen = [c for c in children if not c["aliases"] and c["first_name"] != c["last_name"]][:10]
    rows = [person_row(f"S{c['id']}", f"S{c['id']}", c["last_name"], c["first_name"], c["dob"], c["sex"],
                       c["postcode"]) for c in chosen]
    _l, right = synthetic.frames(children, [])
    pairs = score_pairs(frame(rows), right, model, floor=1e-9)
    own = pairs[pairs["left_id"].str[1:] == pairs["right_id"]]
    assert len(own) == len(chosen)
    assert (own["right_first_name"] == own["left_surname"]).all()
    assert (own["right_surname"] == own["left_first_name"]).all()
