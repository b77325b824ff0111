"""British National Grid eastings/northings to WGS84 longitude/latitude, and slippy-map tile arithmetic.

Conversion: the inverse transverse Mercator projection on the Airy 1830 ellipsoid (OSGB36), then a seven-parameter
Helmert shift to WGS84 (Ordnance Survey, "A guide to coordinate systems in Great Britain", annexes B-C and section
6.6). Accurate to a few metres: plenty for a hotspot map, never used for matching.
"""

import math

# Airy 1830 and the National Grid projection (OS guide, annex A).
A, B = 6377563.396, 6356256.909
F0 = 0.9996012717
LAT0, LON0 = math.radians(49), math.radians(-2)
N0, E0 = -100000, 400000
E2 = 1 - (B * B) / (A * A)
N = (A - B) / (A + B)


def _meridional_arc(lat: float) -> float:
    dlat, slat = lat - LAT0, lat + LAT0
    return B * F0 * (
        (1 + N + 5 / 4 * N**2 + 5 / 4 * N**3) * dlat
        - (3 * N + 3 * N**2 + 21 / 8 * N**3) * math.sin(dlat) * math.cos(slat)
        + (15 / 8 * N**2 + 15 / 8 * N**3) * math.sin(2 * dlat) * math.cos(2 * slat)
        - 35 / 24 * N**3 * math.sin(3 * dlat) * math.cos(3 * slat)
    )


def osgb36_latlon(easting: float, northing: float) -> tuple[float, float]:
    """Inverse projection: (latitude, longitude) in degrees on OSGB36."""
    lat = LAT0
    m = 0.0
    while True:
        lat = (northing - N0 - m) / (A * F0) + lat
        m = _meridional_arc(lat)
        if abs(northing - N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = A * F0 / math.sqrt(1 - E2 * sin_lat**2)
    rho = A * F0 * (1 - E2) / (1 - E2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = 1 / (cos_lat * nu)
    xi = 1 / (cos_lat * 6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = 1 / (cos_lat * 120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = 1 / (cos_lat * 5040 * nu**7) * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    de = easting - E0
    lat_out = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon_out = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return math.degrees(lat_out), math.degrees(lon_out)


def _to_cartesian(lat, lon, a, b):
    e2 = 1 - (b * b) / (a * a)
    lat, lon = math.radians(lat), math.radians(lon)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon),
            (1 - e2) * nu * math.sin(lat))


def _to_latlon(x, y, z, a, b):
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return math.degrees(lat), math.degrees(math.atan2(y, x))


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 degrees for a National Grid point."""
    lat, lon = osgb36_latlon(easting, northing)
    x, y, z = _to_cartesian(lat, lon, A, B)
    # OSGB36 -> WGS84 Helmert parameters (the inverse of the OS guide's WGS84 -> OSGB36 set).
    tx, ty, tz, s = 446.448, -125.157, 542.060, -20.4894e-6
    rx, ry, rz = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))
    x2 = tx + (1 + s) * x - rz * y + ry * z
    y2 = ty + rz * x + (1 + s) * y - rx * z
    z2 = tz - ry * x + rx * y + (1 + s) * z
    return _to_latlon(x2, y2, z2, 6378137.0, 6356752.3141)


def world_pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (256-pixel tiles), y growing southwards."""
    scale = 256 * 2**zoom
    siny = min(max(math.sin(math.radians(lat)), -0.9999), 0.9999)
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + siny) / (1 - siny)) / (4 * math.pi)) * scale
