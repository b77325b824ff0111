"""The gazetteer: a number inside a home's range is the home's building; flats in a named building carry its name."""

from divert.synth.fastrandom import FastRandom
from divert.synth.geography import build_gazetteer


def test_a_number_inside_a_range_is_the_ranges_building():
    g = build_gazetteer(FastRandom([1, 1]), towns=1, streets_per_town=20)
    home = g.address(3, 21, range_to=23)
    g.reserve([home])
    assert g.canonical(g.address(3, 22)) == home
    assert g.canonical(g.address(3, 23)).uprn == home.uprn
    assert g.canonical(g.address(3, 24)).uprn != home.uprn
    for _ in range(300):  # a house drawn at random is never inside the range
        a = g.random_address(FastRandom([2, _]))
        assert not (a.street.index == 3 and 21 <= a.number <= 23)


def test_a_flat_in_a_named_building_carries_the_buildings_name():
    g = build_gazetteer(FastRandom([1, 1]), towns=1, streets_per_town=20)
    g.reserve([g.address(5, 40, flat=2, building="Linden Court")])
    other = g.canonical(g.address(5, 40, flat=3))
    assert other.building == "Linden Court" and other.line2 == "Linden Court" and other.line3.startswith("40 ")
