"""Placement evidence: "the candidate child was placed at the record's home on the record's date"
(src/divert/matching/people/placement.py, docs/person-linkage.md)."""

import datetime as dt
import math

import pandas as pd
import pytest

from divert.matching.people import model as people_model
from divert.matching.people import placement
from divert.police.models import LinkStatus
from tests.matching.people.fixtures import model_dir  # noqa: F401

D = dt.date(2026, 3, 1)


def test_bayes_factor_on_a_hand_example():
    m, u = 0.8, 0.004
    assert placement.bayes_factor(placement.PLACED, m, u) == pytest.approx(200.0)
    assert placement.bayes_factor(placement.NOT_PLACED, m, u) == pytest.approx(0.2 / 0.996)
    assert placement.bayes_factor(placement.UNKNOWN, m, u) == 1.0
    # prior 0.8 = odds 4; placed: odds 800 -> 800/801; not placed: odds 4 * 0.2/0.996
    assert placement.adjust_probability(0.8, 200.0) == pytest.approx(800 / 801)
    odds = 4 * 0.2 / 0.996
    assert placement.adjust_probability(0.8, 0.2 / 0.996) == pytest.approx(odds / (1 + odds))
    assert placement.adjust_probability(0.8, 1.0) == 0.8
    # the lowest splink score that placement can lift to a floor of 0.5 is odds 1/200
    model = {placement.KEY: {"version": 1, "m": m, "u": u}}
    assert placement.min_probability_to_reach(0.5, model) == pytest.approx(1 / 201)


def test_placement_index_respects_episode_dates():
    rows = [(1, 10, dt.date(2026, 1, 1), None), (2, 10, dt.date(2025, 1, 1), dt.date(2026, 2, 1)),
            (3, 11, dt.date(2026, 1, 1), None), (4, 10, dt.date(2026, 6, 1), None)]
    index = placement.PlacementIndex(rows, n_children=4)
    assert index.children_at({10}, D) == {1}
    assert index.children_at({10}, dt.date(2026, 1, 15)) == {1, 2}
    assert index.children_at({10, 11}, D) == {1, 3}
    ctx = placement.Context(frozenset({10}), D)
    assert placement.level(1, ctx, index) == placement.PLACED
    assert placement.level(2, ctx, index) == placement.NOT_PLACED
    assert placement.level(2, None, index) == placement.UNKNOWN


def _pairs(rows):
    return pd.DataFrame(rows, columns=["left_id", "right_id", "match_probability", "gamma_first_name",
                                       "gamma_surname", "gamma_dob"])


def test_apply_leaves_records_without_a_home_unchanged():
    index = placement.PlacementIndex([(1, 10, dt.date(2026, 1, 1), None)], n_children=100)
    model = {placement.KEY: {"version": 1, "m": 0.8, "u": 0.01}}
    pairs = _pairs([("a", "1", 0.8, 5, 4, -1), ("a", "2", 0.8, 5, 4, -1), ("b", "1", 0.8, 5, 4, -1)])
    out = placement.apply(pairs, {"a": placement.Context(frozenset({10}), D)}, index, model)
    by = {(r.left_id, r.right_id): r for r in out.itertuples()}
    assert by[("a", "1")].match_probability == pytest.approx(placement.adjust_probability(0.8, 80.0))
    assert by[("a", "2")].match_probability < 0.5
    assert by[("b", "1")].match_probability == 0.8 and by[("b", "1")].gamma_placement == placement.UNKNOWN
    assert (out["splink_probability"] == 0.8).all()
    # a model without placement parameters changes nothing
    same = placement.apply(pairs, {"a": placement.Context(frozenset({10}), D)}, index, {})
    assert list(same["match_probability"]) == [0.8, 0.8, 0.8]


def test_estimate_m_and_u_from_unlabelled_data():
    # 10 homes with 2 children each (20 placed of 200): u = 2 / 200 per home-date
    rows = [(h * 2 + k, h, dt.date(2026, 1, 1), None) for h in range(10) for k in range(2)]
    index = placement.PlacementIndex(rows, n_children=200)
    contexts = {f"r{i}": placement.Context(frozenset({i % 10}), D) for i in range(40)}
    top = {f: len(people_model.LEVELS[f]) - 1 for f in ("first_name", "surname", "dob")}
    # 40 confident exact links: 30 to a child placed at the record's home, 10 to a child elsewhere
    pairs = _pairs([(f"r{i}", str((i % 10) * 2 if i < 30 else 100 + i), 0.999, top["first_name"], top["surname"],
                     top["dob"]) for i in range(40)])
    est = placement.estimate(pairs, contexts, index)
    assert est["u"] == pytest.approx(2 / 200)
    expected_m = (30 + placement.PRIOR_M * placement.PRIOR_WEIGHT) / (40 + placement.PRIOR_WEIGHT)
    assert est["m"] == pytest.approx(expected_m)
    assert est["confident_links"] == 40 and est["confident_placed"] == 30
    assert placement.estimate(pairs, {}, index) is None  # no record at a home: nothing to learn


def test_estimates_are_saved_in_and_loaded_from_the_model_file(tmp_path):
    model = {"link_type": "link_only", placement.KEY: {"version": 1, "m": 0.7, "u": 0.003}}
    path = people_model.save(model, directory=tmp_path)
    loaded, meta = people_model.load(path)
    assert loaded[placement.KEY] == {"version": 1, "m": 0.7, "u": 0.003}
    assert meta["placement"] == {"version": 1, "m": 0.7, "u": 0.003}
    assert placement.KEY not in people_model.splink_settings(loaded)


def _world():
    """Two children with the same name (different dates of birth), one placed at a home; a crowd of others so
    that the prior is realistic; a police record with no date of birth at that home."""
    from tests.factories import ChildFactory, HomeFactory, IncidentFactory, InvolvementFactory, PlacementFactory

    firsts = ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "Noah", "Mia", "Leo", "Ivy"]
    lasts = ["Walker", "Hughes", "Patel", "Khan", "Wright", "Green", "Baker", "Price"]
    for i in range(80):
        ChildFactory(first_name=firsts[i % 10], last_name=lasts[(i * 3) % 8] + ("x" * (i // 40)),
                     date_of_birth=dt.date(2008 + i % 8, 1 + i % 12, 1 + i % 27), sex="M" if i % 2 else "F")
    home, other_home = HomeFactory(), HomeFactory()
    placed = ChildFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=dt.date(2010, 4, 5), sex="F")
    elsewhere = ChildFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=dt.date(2011, 9, 17), sex="F")
    PlacementFactory(child=placed, home=home, decom=dt.date(2025, 1, 1))
    PlacementFactory(child=elsewhere, home=other_home, decom=dt.date(2025, 1, 1))
    when = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    at_home = InvolvementFactory(incident=IncidentFactory(home=home, reported_at=when), first_name="Tamsin",
                                 last_name="Okonkwo", date_of_birth=None, sex="F")
    nowhere = InvolvementFactory(incident=IncidentFactory(home=None, reported_at=when), first_name="Tamsin",
                                 last_name="Okonkwo", date_of_birth=None, sex="F")
    return placed, elsewhere, at_home, nowhere


@pytest.mark.django_db
def test_no_dob_record_at_a_home_links_the_child_placed_there(model_dir):  # noqa: F811
    from divert.matching import people_pipeline
    from divert.matching.models import ReviewItem

    placed, elsewhere, at_home, nowhere = _world()
    model, meta = people_pipeline.train_and_save()
    model[placement.KEY] = {"version": 1, "m": 0.8, "u": 0.005}
    people_model.save(model)
    people_pipeline.run()
    at_home.refresh_from_db()
    nowhere.refresh_from_db()
    assert at_home.link_status == LinkStatus.LINKED and at_home.child_id == placed.pk
    # the same record without a home is unaffected: two same-named children, nothing to tell them apart
    assert nowhere.link_status != LinkStatus.LINKED and nowhere.child_id is None
    assert not ReviewItem.objects.filter(subject_id=at_home.pk, candidate_child=elsewhere).exists()
    from divert.matching.models import LinkDecision

    decision = LinkDecision.objects.filter(subject_id=at_home.pk, subject_type="involvement").latest("pk")
    assert decision.evidence["best"]["placement"]["kind"] == "agree"


@pytest.mark.django_db
def test_without_placement_the_no_dob_record_is_ambiguous(model_dir):  # noqa: F811
    from divert.matching import people_pipeline

    placed, elsewhere, at_home, _nowhere = _world()
    model, _meta = people_pipeline.train_and_save()
    model[placement.KEY] = {"version": 1, "m": 0.8, "u": 0.005}
    people_model.save(model)
    people_pipeline.run(use_placement=False)
    at_home.refresh_from_db()
    assert at_home.link_status != LinkStatus.LINKED


def test_bayes_factor_is_log_additive():
    m, u, p = 0.6, 0.01, 0.3
    w = math.log2(p / (1 - p)) + math.log2(m / u)
    assert placement.adjust_probability(p, m / u) == pytest.approx(2 ** w / (1 + 2 ** w))


def test_address_is_counted_once_when_the_postcode_already_compared():
    index = placement.PlacementIndex([(1, 10, dt.date(2026, 1, 1), None)], n_children=100)
    model = {placement.KEY: {"version": 1, "m": 0.8, "u": 0.01}}
    pairs = _pairs([("a", "1", 0.8, 5, 4, -1), ("b", "1", 0.8, 5, 4, -1)])
    pairs["gamma_postcode"] = [-1, 3]
    ctx = placement.Context(frozenset({10}), D)
    out = placement.apply(pairs, {"a": ctx, "b": ctx}, index, model)
    assert list(out["gamma_placement"]) == [placement.PLACED, placement.UNKNOWN]
    assert out["match_probability"].iloc[1] == 0.8


def _postcode_model(m=0.8, u=0.01):
    """A model with placement parameters and the postcode comparison's levels (m, u as LEVELS' priors)."""
    levels = [{"is_null_level": True}] + [{"label_for_charts": label, "m_probability": pm, "u_probability": pu}
                                          for label, _kind, pm, pu in people_model.LEVELS["postcode"]]
    return {placement.KEY: {"version": 1, "m": m, "u": u},
            "comparisons": [{"output_column_name": "postcode", "comparison_levels": levels}]}


def test_postcode_factors_read_the_disagreeing_levels_from_the_model():
    factors = placement.postcode_factors(_postcode_model())
    priors = {label: pm / pu for label, _k, pm, pu in people_model.LEVELS["postcode"]}
    assert factors == pytest.approx({0: priors["different"], 1: priors["district"], 2: priors["sector"]})
    assert placement.postcode_factors({}) == {}


def test_a_current_placement_replaces_a_disagreeing_postcode():
    """A custody record at a home whose postcode differs from the child's (stale) register postcode: when the
    child is placed there that day, the postcode's weight is replaced by the placement's; not placed, or an
    agreeing postcode, and the postcode's evidence stands alone (the address counted once)."""
    index = placement.PlacementIndex([(1, 10, dt.date(2026, 1, 1), None)], n_children=100)
    model = _postcode_model()
    different = math.log2(placement.postcode_factors(model)[0])
    pairs = _pairs([("a", "1", 0.3, 5, 4, 5), ("a", "2", 0.3, 5, 4, 5), ("b", "1", 0.9, 5, 4, 5)])
    pairs["gamma_postcode"] = [0, 0, 3]
    pairs["postcode_weight"] = [different, different, 10.0]
    ctx = placement.Context(frozenset({10}), D)
    out = placement.apply(pairs, {"a": ctx, "b": ctx}, index, model)
    assert list(out["gamma_placement"]) == [placement.PLACED, placement.UNKNOWN, placement.UNKNOWN]
    assert list(out[placement.REPLACES_POSTCODE]) == [True, False, False]
    assert out["match_probability"].iloc[0] == pytest.approx(placement.adjust_probability(0.3, 80.0 / 2**different))
    assert list(out["match_probability"].iloc[1:]) == [0.3, 0.9]
    assert placement.evidence(placement.PLACED, model, True)["replaces_postcode"] is True


def test_scoring_floor_allows_for_the_replaced_postcode():
    model = _postcode_model(m=0.8, u=0.004)
    lift = 200.0 / placement.postcode_factors(model)[0]  # placed, with the weakest postcode level taken out
    assert placement.min_probability_to_reach(0.5, model) == pytest.approx(1 / (1 + lift))


def test_placed_candidates_are_the_children_at_the_home_that_day():
    rows = [(1, 10, dt.date(2026, 1, 1), None), (2, 10, dt.date(2025, 1, 1), dt.date(2026, 2, 1)),
            (3, 11, dt.date(2026, 1, 1), None)]
    index = placement.PlacementIndex(rows, n_children=3)
    contexts = {"a": placement.Context(frozenset({10}), D), "b": placement.Context(frozenset({10, 11}), D),
                "c": placement.Context(frozenset({12}), D)}
    assert placement.placed_candidates(contexts, index) == {"a": ["1"], "b": ["1", "3"]}


def test_placement_candidates_compare_a_record_whose_names_share_nothing():
    """A record at a home is compared with the children placed there whatever its names and date of birth say;
    without the placement candidates no rule would compare the pair."""
    from divert.matching.people.predict import score_pairs
    from divert.matching.people.prepare import frame, person_row

    right = frame([person_row(f"c{i}", str(i), f, s, d, None, "") for i, (f, s, d) in enumerate(
        [("Tamsin", "Okonkwo", dt.date(2010, 4, 5)), ("Oliver", "Walker", dt.date(2009, 1, 2)),
         ("Amelia", "Hughes", dt.date(2011, 6, 7))])])
    left = frame([person_row("L1", "L1", "Minnie", "Brown", None, None, ""),
                  person_row("L2", "L2", "Jack", "Green", None, None, "")])
    model, _report = people_model.train(left, right)
    assert score_pairs(left, right, model, floor=1e-12).empty
    pairs = score_pairs(left, right, model, floor=1e-12, placed={"L1": ["0"]})
    assert set(zip(pairs["left_id"], pairs["right_id"], strict=True)) == {("L1", "0")}


@pytest.mark.django_db
def test_pipeline_compares_records_at_a_home_with_the_children_placed_there(model_dir, monkeypatch):  # noqa: F811
    """The pipeline passes the placement candidates to scoring: the record at the home, with the child placed
    there on its date (ADR 0049); the record with no home gets none."""
    from divert.matching import people_pipeline

    placed, _elsewhere, at_home, _nowhere = _world()
    model, _meta = people_pipeline.train_and_save()
    model[placement.KEY] = {"version": 1, "m": 0.8, "u": 0.005}
    people_model.save(model)
    seen: dict = {}
    real = people_pipeline.score_pairs

    def spy(*args, **kwargs):
        seen.update(kwargs.get("placed") or {})
        return real(*args, **kwargs)

    monkeypatch.setattr(people_pipeline, "score_pairs", spy)
    people_pipeline.run()
    assert seen == {f"involvement:{at_home.pk}": [str(placed.pk)]}


@pytest.mark.django_db
def test_custody_record_at_a_home_links_the_child_placed_there_despite_a_stale_postcode(model_dir):  # noqa: F811
    """Two same-named children, neither with the home's postcode in the register (one moved there since); a custody
    record with the home's postcode and no date of birth. The postcode disagrees with both; the placement replaces
    it for the child placed there, who is linked; without placement evidence the record stays ambiguous."""
    from divert.matching import people_pipeline
    from tests.factories import CustodyRecordFactory

    placed, elsewhere, _at_home, _nowhere = _world()
    home = placed.placements.first().home
    placed.postcode, elsewhere.postcode = "ZZ9 9ZZ", "ZZ8 8ZZ"
    placed.save()
    elsewhere.save()
    when = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    record = CustodyRecordFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=None, sex="F",
                                  postcode=home.postcode, arrested_at=when)
    model, _meta = people_pipeline.train_and_save()
    model[placement.KEY] = {"version": 1, "m": 0.8, "u": 0.005}
    people_model.save(model)
    people_pipeline.run(use_placement=False)
    record.refresh_from_db()
    assert record.link_status != LinkStatus.LINKED
    record.link_status = LinkStatus.UNMATCHED
    record.save()
    people_pipeline.run()
    record.refresh_from_db()
    assert record.link_status == LinkStatus.LINKED and record.child_id == placed.pk
    from divert.matching.models import LinkDecision

    decision = LinkDecision.objects.filter(subject_id=record.pk, subject_type="custody").latest("pk")
    assert decision.evidence["best"]["placement"]["replaces_postcode"] is True
