import datetime as dt

from divert.missing.pack.network import Ep, build_network, groups

UTC = dt.UTC


def t(day, hour):
    return dt.datetime(2026, 10, day, hour, tzinfo=UTC)


def test_co_missing_network_matches_a_hand_built_case():
    """Hand-built: a and b overlap from the same home twice (1 Oct, 5 Oct) -> edge a-b weight 2; a and c overlap
    from different homes but were found at the same postcode -> edge a-c weight 1; d is at a's home but a day
    later (no overlap); c2 overlaps a2 and b2 but from another home and found elsewhere -> no edge."""
    eps = [
        Ep(1, "a", t(1, 10), t(1, 14), 1, "NG1 1AA"),
        Ep(2, "b", t(1, 12), t(1, 18), 1, ""),
        Ep(3, "c", t(1, 13), t(1, 15), 2, "ng11aa"),
        Ep(4, "d", t(2, 10), t(2, 12), 1, ""),
        Ep(5, "b", t(5, 10), t(5, 12), 1, ""),
        Ep(6, "a", t(5, 11), t(5, 13), 1, ""),
        Ep(7, "c", t(5, 11), t(5, 12), 3, "NG9 9ZZ"),
    ]
    g = build_network(eps, period_end=t(31, 23))
    assert {tuple(sorted(e)): d["weight"] for *e, d in g.edges(data=True)} == {("a", "b"): 2, ("a", "c"): 1}
    assert groups(g) == [["a", "b", "c"]]


def test_open_episode_runs_to_period_end():
    g = build_network([Ep(1, "a", t(1, 10), None, 1, ""), Ep(2, "b", t(20, 10), t(20, 11), 1, "")],
                      period_end=t(31, 23))
    assert g.has_edge("a", "b")
