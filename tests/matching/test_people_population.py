"""Name-population evidence (src/divert/matching/people/population.py, docs/adr/0007)."""

import csv
import datetime as dt
import math

import pandas as pd
import pytest
from django.core.management import call_command

from divert.matching.people import population
from divert.matching.people.population import NamePopulation, evidence_for
from divert.matching.people.prepare import build_frame
from tests.factories import (
    ChildFactory,
    CustodyRecordFactory,
    IncidentFactory,
    InvolvementFactory,
    MissingReportFactory,
)

X_DOB = "2010-03-14"
PRIOR = 1e-4
DOB = {5: (0.9, 1e-4), 4: (0.01, 1e-5), 3: (0.03, 1e-3), 2: (0.02, 0.01), 1: (0.01, 0.03), 0: (0.03, 0.95)}
SLIPS = 0.09 / 0.91  # wrong dates per right date for one person: (1 - m(exact) - m(swapped)) / (m(exact) + m(swapped))


def _probability(log2_odds):
    return 1 / (1 + 2 ** -log2_odds)


def _logit2(p):
    return math.log2(p / (1 - p))


def _evidence(counts, *, dob=None, gamma_dob=-1, name=20.0, dob_weight=0.0, others=1.0, undated=1, rate=0.0):
    total = _logit2(PRIOR) + name + dob_weight + others
    key = ("jack", "smith")
    pop = NamePopulation({key: counts}, {key: undated}, rate) if counts else NamePopulation()
    return evidence_for(first="jack", last="smith", dob=dob, child_dobs={X_DOB}, gamma_dob=gamma_dob,
                        weights={"name": name, "dob": dob_weight, "total": total}, prior=PRIOR, population=pop,
                        dob_params=DOB)


def _share(k, by_level, n, q0):
    """The share of the name's records that are the child's, by bisection on q = (k + sum_L c_L w_L(q) + q0) /
    (n + 1), w_L(q) = q m_L / (q m_L + (1 - q) u_L) (population.childs_share solves it by iteration)."""
    def excess(q):
        childs = k + sum(c * q * DOB[g][0] / (q * DOB[g][0] + (1 - q) * DOB[g][1]) for g, c in by_level.items())
        return (childs + q0) / (n + 1) - q
    lo, hi = 1e-9, 1 - 1e-9
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if excess(mid) > 0 else (lo, mid)
    return (lo + hi) / 2


def test_hand_example_for_a_record_without_a_date_of_birth():
    # 3 other records of Jack Smith give X's date, 1 a wholly different date (level "different", gamma 0): that one
    # is X's slip with probability q m_0 / (q m_0 + (1 - q) u_0), q the share of the name's records that are X's
    ev = _evidence({X_DOB: 3, "2008-01-01": 1})
    q0 = _probability(_logit2(PRIOR) + 20.0)
    q = _share(3, {0: 1}, 4, q0)
    assert population.slip_rate(DOB) == pytest.approx(SLIPS)
    assert (ev.records, ev.agreeing, ev.same_dob) == (4, 3, None)
    assert ev.name_probability == pytest.approx(q)
    assert (3 + q0) / 5 < q < (3 + 3 * SLIPS + q0) / 5  # a different date is rarely a slip (m_0 / u_0 = 0.03)
    assert ev.match_probability == pytest.approx(_probability(_logit2(q) + 1.0))


def test_date_level_follows_the_models_date_of_birth_comparison():
    level = {label: len(population.DOB_LABELS) - 1 - i for i, label in enumerate(population.DOB_LABELS)}
    assert population.date_level(X_DOB, X_DOB) == level["exact"]
    assert population.date_level("2010-14-03", X_DOB) == level["day and month swapped"]
    assert population.date_level("2010-03-15", X_DOB) == level["one digit off"]
    assert population.date_level("2010-03-41", X_DOB) == level["one digit off"]  # two digits transposed
    assert population.date_level("2010-04-15", X_DOB) == level["two digits off"]
    assert population.date_level("2009-06-30", X_DOB) == level["within a year"]
    assert population.date_level("2003-07-22", X_DOB) == level["different"]


def test_another_records_date_one_digit_off_is_taken_for_the_childs_slip_a_different_one_is_not():
    """An undated record of Jack Smith; the name's other records: 2 give X's date and 1 another date. When that
    date is one digit off X's (m/u of that level: 30) it is most likely X's own slip and the name is X's; when it
    is wholly different (m/u 0.03) it is most likely another Jack Smith's, and a person should decide."""
    near = _evidence({X_DOB: 2, "2010-03-15": 1})
    far = _evidence({X_DOB: 2, "2003-07-22": 1})
    q0 = _probability(_logit2(PRIOR) + 20.0)
    assert near.name_probability == pytest.approx(_share(2, {3: 1}, 3, q0))
    assert far.name_probability == pytest.approx(_share(2, {0: 1}, 3, q0))
    assert near.match_probability > 0.95 > far.match_probability


def test_the_childs_share_of_a_name_is_estimated_by_each_records_date():
    q0 = 0.5
    # no other date: k of n (with one pseudo-record at q0)
    assert population.childs_share(3, {}, 4, q0, DOB)[0] == pytest.approx((3 + q0) / 5)
    # records one digit off are the child's almost surely once the child has records; different dates are not
    q, childs = population.childs_share(3, {3: 2, 0: 2}, 7, q0, DOB)
    assert q == pytest.approx(_share(3, {3: 2, 0: 2}, 7, q0))
    assert 3 + 1.8 < childs < 3 + 2.2
    # a level the model has no parameters for counts as another person's
    assert population.childs_share(3, {9: 2}, 5, q0, DOB)[0] == pytest.approx((3 + q0) / 6)


def test_a_name_whose_records_all_give_the_childs_date_pulls_towards_a_match():
    splink_alone = _probability(_logit2(PRIOR) + 12.0 + 1.0)
    ev = _evidence({X_DOB: 5}, name=12.0)
    assert ev.match_probability > 0.9 and splink_alone < 0.5


def test_a_namesake_born_on_other_dates_pulls_towards_the_share_of_records():
    splink_alone = _probability(_logit2(PRIOR) + 20.0 + 1.0)
    ev = _evidence({X_DOB: 2, "2009-07-01": 2, "2011-11-30": 2})  # within a year of X's date; different
    q = _share(2, {1: 2, 0: 2}, 6, _probability(_logit2(PRIOR) + 20.0))
    assert ev.name_probability == pytest.approx(q)
    assert q < (2 + _probability(_logit2(PRIOR) + 20.0)) / 5  # about 2 of 6 records, not 2 of 4
    assert ev.match_probability < 0.8 < splink_alone


def test_undated_records_far_beyond_the_childs_share_are_someone_elses():
    # 12 dated records all give X's date; with 13% of all records undated X should have about 1.8 undated ones
    rate = 0.13
    expected = 12 * rate / (1 - rate) + 1
    usual = _evidence({X_DOB: 12}, undated=4, rate=rate)
    crowd = _evidence({X_DOB: 12}, undated=55, rate=rate)
    q = (12 + _probability(_logit2(PRIOR) + 20.0)) / 13
    assert usual.name_probability == pytest.approx(q)  # 4 undated is within chance: no change
    assert crowd.name_probability == pytest.approx(q * (expected + 2 * math.sqrt(expected)) / 55)
    assert usual.match_probability > 0.95 > 0.5 > crowd.match_probability
    assert (crowd.undated, usual.undated) == (55, 4)


def test_no_other_dated_record_leaves_the_score_alone():
    assert _evidence({}) is None
    # the record itself is not evidence about itself
    assert _evidence({"2010-03-15": 1}, dob="2010-03-15", gamma_dob=3) is None


def test_a_date_that_recurs_under_the_name_is_another_person_not_a_typo():
    m, u = DOB[3]
    q0 = _probability(_logit2(PRIOR) + 20.0)
    # the record's date 2010-03-15 (one digit off X's) recurs in 2 other records; X's date in 3
    ev = _evidence({X_DOB: 3, "2010-03-15": 3}, dob="2010-03-15", gamma_dob=3, dob_weight=math.log2(m / u))
    assert (ev.records, ev.agreeing, ev.same_dob) == (5, 3, 2)
    share = _share(3, {3: 2}, 5, q0)  # the 2 other records one digit off X's are likely X's slips ...
    slips = share * 6 - q0 - 3
    slips_here = min(slips, 3 * m / 0.91)  # ... but X's slips would rarely repeat one wrong date
    u_name = (2 - slips_here + u) / (5 - 3 - slips + 1)
    q = min(share, q0)  # a disagreeing date: the population may lower the name's prior, not raise it
    assert ev.match_probability == pytest.approx(_probability(_logit2(q) + math.log2(m / u_name) + 1.0))
    assert ev.match_probability < 0.95  # not linked without a person
    # a one-off slip (the date appears nowhere else) keeps the model's u: the typo still supports X
    slip = _evidence({X_DOB: 3, "2010-03-15": 1}, dob="2010-03-15", gamma_dob=3, dob_weight=math.log2(m / u))
    assert slip.same_dob == 0
    assert slip.match_probability == pytest.approx(_probability(_logit2(min((3 + q0) / 4, q0)) + math.log2(m / u)
                                                                + 1.0))
    assert slip.match_probability > 0.95


def test_a_prolific_childs_recurring_slip_is_not_taken_for_another_person():
    m, u = DOB[3]
    # 30 records give X's date and 2 (this one and another) the same wrong year: about what X's own slips explain
    ev = _evidence({X_DOB: 30, "2011-03-14": 2}, dob="2011-03-14", gamma_dob=3, dob_weight=math.log2(m / u))
    assert (ev.records, ev.agreeing, ev.same_dob) == (31, 30, 1)
    assert ev.match_probability > 0.95
    # the same two records against only 3 of X's are another person
    few = _evidence({X_DOB: 3, "2011-03-14": 2}, dob="2011-03-14", gamma_dob=3, dob_weight=math.log2(m / u))
    assert few.match_probability < 0.95


def test_an_agreeing_date_keeps_its_weight_and_does_not_count_itself():
    m, u = DOB[5]
    ev = _evidence({X_DOB: 3, "2001-01-01": 1}, dob=X_DOB, gamma_dob=5, dob_weight=math.log2(m / u))
    assert (ev.records, ev.agreeing, ev.same_dob) == (3, 2, None)


def test_population_from_a_frame_counts_dated_records_per_cleaned_name():
    frame = build_frame(["a", "b", "c", "d"], ["a", "b", "c", "d"], ["JACK", "Jack ", "jack", "Jack"],
                        ["Smith", "SMITH", "Smith", "Smith"], ["14/03/2010", "2010-03-14", "", "01/01/2009"],
                        [None] * 4, [None] * 4)
    pop = NamePopulation.from_frame(frame)
    assert pop.counts == {("jack", "smith"): {X_DOB: 2, "2009-01-01": 1}}
    assert pop.undated == {("jack", "smith"): 1} and pop.missing_rate == pytest.approx(0.25)


def _pairs(rows):
    cols = ["left_id", "right_id", "match_probability", "gamma_first_name", "gamma_surname", "gamma_dob",
            "left_first_name", "left_surname", "left_dob", "right_dob", "right_dob_swapped", "match_weight",
            "name_weight", "dob_weight"]
    return pd.DataFrame(rows, columns=cols)


def test_apply_only_touches_pairs_whose_names_agree_exactly():
    model = {"probability_two_random_records_match": PRIOR,
             "comparisons": [{"output_column_name": "dob", "comparison_levels": [{"is_null_level": True}] + [
                 {"m_probability": m, "u_probability": u} for _g, (m, u) in sorted(DOB.items(), reverse=True)]}]}
    total = _logit2(PRIOR) + 20.0 + 1.0
    p = _probability(total)
    top_fn, top_sn = population.TOP_FORENAME, population.TOP_SURNAME  # exact agreement
    pairs = _pairs([("a", "1", p, top_fn, top_sn, -1, "jack", "smith", None, X_DOB, None, total, 20.0, 0.0),
                    ("b", "1", p, top_fn - 2, top_sn, -1, "jak", "smith", None, X_DOB, None, total, 20.0, 0.0)])
    pop = NamePopulation({("jack", "smith"): {"2009-07-01": 3}, ("jak", "smith"): {"2009-07-01": 3}})
    out = population.apply(pairs, model, pop).set_index("left_id")
    assert out.loc["a", "match_probability"] < 0.8 and out.loc["a", "name_records"] == 3
    assert out.loc["b", "match_probability"] == p and out.loc["b", "name_records"] is None
    assert (out["splink_probability"] == p).all()
    assert population.evidence(out.reset_index().iloc[0].to_dict()) == {
        "records": 3, "agreeing": 0, "same_dob": None, "undated": 1,
        "name_probability": round(_share(0, {1: 3}, 3, _probability(_logit2(PRIOR) + 20.0)), 6)}
    assert population.apply(pairs, model, NamePopulation())["match_probability"].tolist() == [p, p]


def test_a_record_giving_another_same_named_childs_date_is_not_taken_for_a_slip():
    """Two children in the register are called Jack Smith, X (2010-03-14) and Y (2010-03-15, one digit off). The
    police hold 20 records of Jack Smith giving X's date and 2 giving Y's. For an undated record and candidate Y,
    X's date is X's, not a slip of Y's: it counts only when X is not among the record's candidates."""
    model = {"probability_two_random_records_match": PRIOR,
             "comparisons": [{"output_column_name": "dob", "comparison_levels": [{"is_null_level": True}] + [
                 {"m_probability": m, "u_probability": u} for _g, (m, u) in sorted(DOB.items(), reverse=True)]}]}
    total = _logit2(PRIOR) + 20.0 + 1.0
    top_fn, top_sn = population.TOP_FORENAME, population.TOP_SURNAME
    y = ("r", "Y", _probability(total), top_fn, top_sn, -1, "jack", "smith", None, "2010-03-15", None, total, 20.0, 0.0)
    x = ("r", "X", _probability(total), top_fn, top_sn, -1, "jack", "smith", None, X_DOB, None, total, 20.0, 0.0)
    pop = NamePopulation({("jack", "smith"): {X_DOB: 20, "2010-03-15": 2}}, {("jack", "smith"): 1}, 0.0)
    q0 = _probability(_logit2(PRIOR) + 20.0)
    both = population.apply(_pairs([x, y]), model, pop).set_index("right_id")
    alone = population.apply(_pairs([y]), model, pop).set_index("right_id")
    assert both.loc["Y", "name_probability"] == pytest.approx(_share(2, {}, 22, q0))
    assert alone.loc["Y", "name_probability"] == pytest.approx(_share(2, {3: 20}, 22, q0))
    assert both.loc["X", "name_probability"] == pytest.approx(_share(20, {}, 22, q0))
    assert both.loc["X", "match_probability"] > 0.8 > both.loc["Y", "match_probability"]


def _swap_pairs(rows):
    cols = ["left_id", "right_id", "match_probability", "gamma_first_name", "gamma_surname", "gamma_dob",
            "left_first_name", "left_surname", "left_dob", "right_first_name", "right_surname", "right_dob",
            "right_dob_swapped", "match_weight", "name_weight", "dob_weight"]
    return pd.DataFrame(rows, columns=cols)


def test_names_written_the_wrong_way_round_are_judged_by_the_childs_name_population():
    """A record gives "Smith Jack" (no date of birth) against child X, Jack Smith. Its own name's records say
    nothing about X; the records of Jack Smith do: every dated one gives X's date, so the name is X's, and the
    swapped record is lifted as an exact one would be. Where Jack Smith's records give another person's date,
    it falls. The record itself is not among Jack Smith's records, so it is not taken out of them; swapped names
    that only nearly agree crosswise are left as splink scored them."""
    model = {"probability_two_random_records_match": PRIOR,
             "comparisons": [{"output_column_name": "dob", "comparison_levels": [{"is_null_level": True}] + [
                 {"m_probability": m, "u_probability": u} for _g, (m, u) in sorted(DOB.items(), reverse=True)]}]}
    sw_fn, sw_sn = population.SWAPPED_FORENAME, population.SWAPPED_SURNAME
    total = _logit2(PRIOR) + 12.0 + 1.0
    p = _probability(total)
    rows = [("a", "X", p, sw_fn, sw_sn, -1, "smith", "jack", None, "jack", "smith", X_DOB, None, total, 12.0, 0.0),
            ("b", "X", p, sw_fn, sw_sn, -1, "smyth", "jack", None, "jack", "smith", X_DOB, None, total, 12.0, 0.0)]
    q0 = _probability(_logit2(PRIOR) + 12.0)
    mine = NamePopulation({("jack", "smith"): {X_DOB: 6}}, {("jack", "smith"): 0}, 0.0)
    out = population.apply(_swap_pairs(rows), model, mine).set_index("left_id")
    assert out.loc["a", "name_records"] == 6 and out.loc["a", "name_records_agreeing"] == 6
    assert out.loc["a", "name_probability"] == pytest.approx(_share(6, {}, 6, q0))
    assert out.loc["a", "match_probability"] > 0.9 > p
    assert out.loc["b", "match_probability"] == p and out.loc["b", "name_records"] is None
    other = NamePopulation({("jack", "smith"): {"1990-07-01": 6}, ("smith", "jack"): {X_DOB: 6}},
                           {("jack", "smith"): 0}, 0.0)
    assert population.apply(_swap_pairs(rows[:1]), model, other)["match_probability"].iloc[0] < p
    # Dated, the record is not subtracted from the child's name's records (it is not one of them).
    dated = (*rows[0][:5], 5, "smith", "jack", X_DOB, *rows[0][9:])
    out = population.apply(_swap_pairs([dated]), model, mine).iloc[0]
    assert out["name_records"] == 6 and out["name_records_agreeing"] == 6


@pytest.mark.django_db
def test_police_population_reads_every_kind_of_record_and_cleans_names():
    from divert.matching.people.records import police_name_population

    InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=dt.date(2010, 3, 14),
                       incident=IncidentFactory(reported_at=_at(10)))
    InvolvementFactory(first_name="JACK", last_name="SMITH", date_of_birth=dt.date(2010, 3, 14),
                       incident=IncidentFactory(reported_at=_at(20)))
    InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=None)
    CustodyRecordFactory(first_name="jack", last_name="smith", date_of_birth=dt.date(2009, 1, 1))
    pop = police_name_population()
    assert pop.counts[("jack", "smith")] == {X_DOB: 2, "2009-01-01": 1}
    assert pop.undated[("jack", "smith")] == 1
    ChildFactory()  # the register is not part of the police population
    assert police_name_population().counts == pop.counts


def _at(days_ago: int, hour: int = 12):
    from django.utils import timezone

    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_one_event_one_observation_counts_days_and_undated_records():
    days = {dt.date(2026, 1, 1), dt.date(2026, 1, 2)}
    assert population.one_event_one_observation(days) == 2
    assert population.one_event_one_observation(days, 3) == 5
    assert population.one_event_one_observation(set()) == 0


@pytest.mark.django_db
def test_police_population_counts_one_event_recorded_twice_once():
    """A missing person's report and the incident log of the same call carry the same writing of the person: with
    a wrong date of birth, they are one slip, not a date recorded twice (ADR 0057). The same person and date on two
    different days are two observations; the event's hour does not matter, its day does."""
    from divert.matching.people.records import police_name_population

    slip = dt.date(2010, 3, 15)
    MissingReportFactory(first_name="Jack", last_name="Smith", date_of_birth=slip, reported_missing_at=_at(5, 9))
    InvolvementFactory(first_name="JACK", last_name="smith", date_of_birth=slip,
                       incident=IncidentFactory(reported_at=_at(5, 18)), role="missing_person")
    for days_ago in (30, 40):
        InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=dt.date(2010, 3, 14),
                           incident=IncidentFactory(reported_at=_at(days_ago)))
    InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=None,
                       incident=IncidentFactory(reported_at=_at(5, 9)))
    InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=None,
                       incident=IncidentFactory(reported_at=_at(6)))
    pop = police_name_population()
    assert pop.counts[("jack", "smith")] == {X_DOB: 2, "2010-03-15": 1}
    assert pop.undated[("jack", "smith")] == 2
    CustodyRecordFactory(first_name="Jack", last_name="Smith", date_of_birth=slip, arrested_at=_at(50))
    assert police_name_population().counts[("jack", "smith")]["2010-03-15"] == 2


def test_a_copied_slip_counted_once_is_the_childs_and_counted_twice_another_persons():
    """X has 10 records at X's date; a record one digit off X's date has one other record with the same date. Is
    that other record a copy of this one (the same event: one observation, `same` = 0) the model's slip rate
    explains the date and the pair is a match; counted as a second, independent record of that date (`same` = 1),
    it recurs beyond X's expected slips at that level and the date counts against the match."""
    one_off = "2010-03-15"
    copied = _evidence({X_DOB: 10, one_off: 1}, dob=one_off, gamma_dob=3, dob_weight=math.log2(0.03 / 1e-3))
    twice = _evidence({X_DOB: 10, one_off: 2}, dob=one_off, gamma_dob=3, dob_weight=math.log2(0.03 / 1e-3))
    assert copied.same_dob == 0 and twice.same_dob == 1
    assert copied.match_probability > 0.95 > twice.match_probability


HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
RIGHT = [("R1", "Tyrell", "Okonkwo-Baines", "14/03/2010", "M", ""), ("R2", "Amelia", "Hartley", "02/09/2011", "F", "")]


def _link(tmp_path, left_rows):
    for name, rows in (("l.csv", left_rows), ("r.csv", RIGHT)):
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([HEADER, *rows])
    call_command("link", "people", "--left", str(tmp_path / "l.csv"), "--right", str(tmp_path / "r.csv"),
                 "--out", str(tmp_path / "o.csv"))
    with open(tmp_path / "o.csv", encoding="utf-8") as fh:
        return {(r["left_id"], r["right_id"]): r for r in csv.DictReader(fh)}


def test_generic_command_links_an_undated_record_whose_name_is_only_the_childs(tmp_path):
    rows = [("U", "Tyrell", "Okonkwo-Baines", "", "M", "")] + [
        (f"D{i}", "Tyrell", "Okonkwo-Baines", "14/03/2010", "M", "") for i in range(4)]
    alone = _link(tmp_path, rows[:1])
    together = _link(tmp_path, rows)
    assert together[("U", "R1")]["decision"] == "linked"
    assert float(together[("U", "R1")]["match_probability"]) > float(
        alone.get(("U", "R1"), {"match_probability": 0})["match_probability"] or 0)


def test_generic_command_does_not_link_an_undated_record_when_a_namesake_is_in_the_file(tmp_path):
    rows = [("U", "Tyrell", "Okonkwo-Baines", "", "M", ""), ("D1", "Tyrell", "Okonkwo-Baines", "14/03/2010", "M", "")]
    rows += [(f"N{i}", "Tyrell", "Okonkwo-Baines", "22/07/2003", "M", "") for i in range(3)]
    out = _link(tmp_path, rows)
    assert out.get(("U", "R1"), {}).get("decision") != "linked"
    assert out[("D1", "R1")]["decision"] == "linked"
    assert all(out.get((f"N{i}", "R1"), {}).get("decision") != "linked" for i in range(3))


def test_a_spelling_no_other_record_carries_is_read_as_the_childs_name():
    """A record gives "Jakc Smith" (no date of birth) against child X, Jack Smith, at splink's typo level. No
    other police record is written "Jakc Smith", so it is a slip of the pen and the record is judged by Jack
    Smith's records, all of which give X's date: it is lifted. Once another record carries the spelling, it is
    a name someone has, and splink's score stands."""
    model = {"probability_two_random_records_match": PRIOR,
             "comparisons": [{"output_column_name": "dob", "comparison_levels": [{"is_null_level": True}] + [
                 {"m_probability": m, "u_probability": u} for _g, (m, u) in sorted(DOB.items(), reverse=True)]}]}
    total = _logit2(PRIOR) + 12.0 + 1.0
    p = _probability(total)
    row = ("a", "X", p, population.TYPO_FORENAME, population.TOP_SURNAME, -1, "jakc", "smith", None, "jack", "smith",
           X_DOB, None, total, 12.0, 0.0)
    q0 = _probability(_logit2(PRIOR) + 12.0)
    alone = NamePopulation({("jack", "smith"): {X_DOB: 6}}, {("jakc", "smith"): 1}, 0.0)
    out = population.apply(_swap_pairs([row]), model, alone).iloc[0]
    assert out["name_records"] == 6 and out["name_probability"] == pytest.approx(_share(6, {}, 6, q0))
    assert out["match_probability"] > 0.9 > p
    carried = NamePopulation({("jack", "smith"): {X_DOB: 6}, ("jakc", "smith"): {"1990-07-01": 1}},
                             {("jakc", "smith"): 1}, 0.0)
    out = population.apply(_swap_pairs([row]), model, carried).iloc[0]
    assert out["match_probability"] == p and out["name_records"] is None
