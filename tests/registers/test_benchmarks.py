import pytest

from divert.registers.benchmarks import classify, funnel, limits, similar_homes_median


def test_funnel_limits_match_a_hand_computed_example():
    """Four homes: A 3 episodes / 2 places, B 1 / 4, C 4 / 10, D 2 / 4.

    Target theta = (3+1+4+2) / (2+4+10+4) = 10 / 20 = 0.5 episodes per place.
    n = 2:  se = sqrt(0.5/2) = 0.5;        95%: 0.5 +/- 1.959964*0.5 = [-0.479982 -> 0, 1.479982]
                                           99.8%: 0.5 +/- 3.090232*0.5 = [0, 2.045116]
    n = 4:  se = sqrt(0.125) = 0.353553;   95%: [0, 1.192952];  99.8%: upper 0.5 + 1.092562 = 1.592562
    n = 10: se = sqrt(0.05) = 0.223607;    95%: [0.061739, 0.938261];  99.8%: [0, 1.190997]
    A's rate 3/2 = 1.5 lies above the 95% upper limit (1.479982) but below the 99.8% one: "warning high".
    B 0.25, C 0.4, D 0.5 are within.
    """
    theta, points = funnel([("A", "A", 3, 2), ("B", "B", 1, 4), ("C", "C", 4, 10), ("D", "D", 2, 4)])
    assert theta == pytest.approx(0.5)
    by = {p.key: p for p in points}
    a = by["A"].limits
    assert (a.lower95, a.upper95, a.lower998, a.upper998) == pytest.approx((0, 1.479982, 0, 2.045116), abs=1e-6)
    b = by["B"].limits
    assert (b.lower95, b.upper95, b.upper998) == pytest.approx((0, 1.192952, 1.592562), abs=1e-6)
    c = by["C"].limits
    assert (c.lower95, c.upper95, c.lower998, c.upper998) == pytest.approx((0.061739, 0.938261, 0, 1.190997),
                                                                          abs=1e-6)
    assert by["A"].position == "warning high"
    assert {by[k].position for k in "BCD"} == {"within"}


def test_classify_outside_998_limits():
    lim = limits(0.5, 10)
    assert classify(1.2, lim) == "above"
    assert classify(0.05, limits(0.5, 100)) == "below"  # 100 places: lower 99.8% = 0.5 - 3.090232*0.0707 = 0.2815


def test_small_home_needs_a_large_rate_to_leave_the_funnel():
    theta, points = funnel([("small", "s", 2, 1), ("big1", "b", 10, 20), ("big2", "c", 10, 20)])
    assert {p.key: p.position for p in points}["small"] in ("within", "warning high")


def test_similar_homes_median_is_per_setting_type_and_skips_homes_without_places():
    """Children's homes: 2/4 = 0.5, 3/2 = 1.5, 1/4 = 0.25 -> median 0.5 over 3 homes; the home with no registered
    places counts for nothing. Secure: one home, 1/1 = 1.0."""
    found = similar_homes_median([("CH", 2, 4), ("CH", 3, 2), ("CH", 1, 4), ("CH", 9, 0), ("SC", 1, 1)])
    assert found == {"CH": (0.5, 3), "SC": (1.0, 1)}
