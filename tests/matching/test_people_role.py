"""Role evidence: the record's role in the incident (src/divert/matching/people/role.py)."""

import pandas as pd
import pytest

from divert.matching.people import role
from divert.matching.people.model import LEVELS
from divert.matching.people.placement import adjust_probability
from tests.matching.people.fixtures import model_dir  # noqa: F401

EXACT = {f"gamma_{f}": len(LEVELS[f]) - 1 for f in ("first_name", "surname", "dob")}


def _confident(left_ids):
    return pd.DataFrame([{"left_id": lid, "right_id": "1", "match_probability": 0.999, **EXACT} for lid in left_ids])


def _roles():
    # 100 records: 40 reporting persons, 30 suspects, 30 victims; 25 confident links: 20 suspects, 5 victims
    roles = {f"r{i}": "reporting_person" for i in range(40)}
    roles |= {f"s{i}": "suspect" for i in range(30)}
    roles |= {f"v{i}": "victim" for i in range(30)}
    return roles, _confident([f"s{i}" for i in range(20)] + [f"v{i}" for i in range(5)])


def test_estimate_on_a_hand_example():
    roles, pairs = _roles()
    p = role.estimate(pairs, roles)
    assert p["u"] == {"reporting_person": 0.4, "suspect": 0.3, "victim": 0.3}
    # m = (confident links with the role + 10 pseudo-links at u) / (25 + 10)
    assert p["m"]["reporting_person"] == pytest.approx(4 / 35)
    assert p["m"]["suspect"] == pytest.approx(23 / 35)
    assert p["m"]["victim"] == pytest.approx(8 / 35)
    assert p["confident_links"] == 25 and p["records"] == 100


def test_only_confident_exact_links_teach_m():
    roles, pairs = _roles()
    weak = pairs.copy()
    weak["gamma_dob"] = 0  # date of birth disagrees: not a confident link, whatever its probability
    assert role.estimate(weak, roles) is None  # too few confident links to estimate anything
    assert role.estimate(pairs, {}) is None


def test_factor_is_bounded_and_neutral_without_a_role():
    p = {"m": {"reporting_person": 0.0001, "suspect": 0.9}, "u": {"reporting_person": 0.5, "suspect": 0.01}}
    assert role.factor("reporting_person", p) == role.BF_BOUNDS[0]
    assert role.factor("suspect", p) == role.BF_BOUNDS[1]
    assert role.factor(None, p) == 1.0 and role.factor("witness", p) == 1.0 and role.factor("suspect", None) == 1.0


def test_apply_multiplies_the_odds_of_each_record():
    roles, pairs = _roles()
    model = {role.KEY: role.estimate(pairs, roles)}
    scored = pd.DataFrame({"left_id": ["r1", "s1", "custody:9"], "right_id": ["1", "1", "1"],
                           "match_probability": [0.9, 0.9, 0.9]})
    out = role.apply(scored, roles, model).set_index("left_id")
    assert out.loc["r1", "match_probability"] == pytest.approx(adjust_probability(0.9, (4 / 35) / 0.4))
    assert out.loc["s1", "match_probability"] == pytest.approx(adjust_probability(0.9, (23 / 35) / 0.3))
    assert out.loc["custody:9", "match_probability"] == 0.9 and out.loc["custody:9", role.COLUMN] == 1.0
    assert role.apply(scored, roles, {})["match_probability"].tolist() == [0.9, 0.9, 0.9]
    assert role.max_factor(model) == pytest.approx((23 / 35) / 0.3)


def _incident_world():
    """25 children each named once as a suspect with full details (confident links), 40 reporting persons who
    are nobody in the register, and one child named as a reporting person and as a suspect without a date."""
    import datetime as dt

    from tests.factories import ChildFactory, InvolvementFactory

    firsts = ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "Noah", "Mia", "Leo", "Ivy"]
    lasts = ["Walker", "Hughes", "Patel", "Khan", "Wright", "Green", "Baker", "Price", "Lloyd", "Shah"]
    for i in range(25):
        child = ChildFactory(first_name=firsts[i % 10], last_name=lasts[(i * 3) % 10] + "x" * (i // 10),
                             date_of_birth=dt.date(2008 + i % 8, 1 + i % 12, 1 + i % 27), sex="M" if i % 2 else "F")
        InvolvementFactory(first_name=child.first_name, last_name=child.last_name,
                           date_of_birth=child.date_of_birth, sex=child.sex, role="suspect")
    for i in range(40):
        InvolvementFactory(first_name=f"Staff{i}", last_name=f"Member{i}", date_of_birth=None, role="reporting_person")
    tamsin = ChildFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=dt.date(2010, 4, 5), sex="F")
    reporting = InvolvementFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=None, sex="F",
                                   role="reporting_person")
    suspect = InvolvementFactory(first_name="Tamsin", last_name="Okonkwo", date_of_birth=None, sex="F",
                                 role="suspect")
    return tamsin, reporting, suspect


@pytest.mark.django_db
def test_pipeline_estimates_role_evidence_and_weighs_each_record_by_it(model_dir):  # noqa: F811
    from divert.matching import people_pipeline
    from divert.matching.models import LinkDecision

    tamsin, reporting, suspect = _incident_world()
    model, meta = people_pipeline.train_and_save()
    p = role.params(model)
    assert p is not None and meta["role"]["confident_links"] >= 25
    assert p["m"]["suspect"] > p["u"]["suspect"] and p["m"]["reporting_person"] < p["u"]["reporting_person"]
    people_pipeline.run()
    reporting.refresh_from_db()
    suspect.refresh_from_db()
    assert (suspect.link_probability or 0) > (reporting.link_probability or 0)
    decision = LinkDecision.objects.filter(subject_type="involvement", subject_id=suspect.pk).latest("pk")
    assert decision.evidence["best"]["role"]["bayes_factor"] > 1

