import pytest

from divert.missing.pack.charts import map_chart
from divert.missing.pack.geo import bng_to_wgs84, osgb36_latlon


def test_inverse_projection_matches_the_os_worked_example():
    """OS "A guide to coordinate systems in Great Britain", annex C worked example:
    E 651409.903, N 313177.270 -> OSGB36 52 39' 27.2531" N, 1 43' 4.5177" E."""
    lat, lon = osgb36_latlon(651409.903, 313177.270)
    assert lat == pytest.approx(52 + 39 / 60 + 27.2531 / 3600, abs=1e-6)
    assert lon == pytest.approx(1 + 43 / 60 + 4.5177 / 3600, abs=1e-6)


def test_wgs84_shift_is_about_a_hundred_metres():
    """OSGB36 and WGS84 positions of one point differ by roughly 70-130 m across England (OS guide, 6.6)."""
    import math

    lat1, lon1 = osgb36_latlon(457400, 339900)
    lat2, lon2 = bng_to_wgs84(457400, 339900)
    dy = (lat2 - lat1) * 111_320
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    assert 50 < math.hypot(dx, dy) < 150 and lon2 < lon1  # WGS84 longitudes lie west of OSGB36 ones here


def test_map_chart_uses_the_configured_tiles():
    spec = map_chart([{"easting": 457400, "northing": 339900, "location": "A"},
                      {"easting": 458400, "northing": 341900, "location": "B"}],
                     "https://tiles.example.test/{z}/{x}/{y}.png").to_dict(validate=False)
    urls = [v["url"] for layer in spec["layer"] for v in layer["data"]["values"] if "url" in v]
    assert urls and all(u.startswith("https://tiles.example.test/") and u.endswith(".png") for u in urls)
