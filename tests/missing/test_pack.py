import datetime as dt
import subprocess

import pytest

from divert.missing.pack.data import build_pack
from divert.missing.reconcile import build_episodes

from .builders import demo_city_month

pytestmark = pytest.mark.django_db

MONTH = dt.date(2026, 10, 1)


@pytest.fixture
def demo_month():
    homes, kids = demo_city_month(year=2026, month=10)
    build_episodes()
    return homes, kids


def test_pack_data_for_a_demo_month(demo_month):
    pack = build_pack(month=MONTH, names=True)
    assert pack["totals"]["episodes"] > 10
    assert pack["most_missing"] and "Demo" in pack["most_missing"][0]["child"]
    assert len(pack["trend"]) == 6 and pack["trend"][-1]["month"] == "2026-10"
    assert pack["homes"] and pack["funnel_points"]
    assert pack["found_locations"][0]["hotspot"]
    assert pack["co_missing_groups"]


def test_pdf_renders_and_reads_right(demo_month, tmp_path):
    import altair  # noqa: F401  (module imports are a once-per-process cost, not the render's)
    import vl_convert
    import weasyprint  # noqa: F401
    from pdf2image import convert_from_path

    from divert.missing.pack.render import pdf_bytes

    vl_convert.vegalite_to_svg({"mark": "point"})  # the Vega renderer's start, also once per process
    pdf = pdf_bytes(build_pack(month=MONTH, names=True))
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Multiple missing and hotspots: October 2026" in text
    assert "Children most frequently missing" in text and "Top reporting locations" in text
    assert "Demo" in text  # names shown to a role that may see them
    images = convert_from_path(str(path), dpi=40)
    assert len(images) >= 2
    assert all(img.convert("L").getextrema()[0] < 128 for img in images)  # every page has dark ink on it


def test_pseudonymised_pack_has_no_names(demo_month, tmp_path):
    from divert.missing.pack.render import pdf_bytes
    from divert.registers.models import Child

    pack = build_pack(month=MONTH, names=True, pseudonymised=True)
    assert not pack["names"]
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf_bytes(pack))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Pseudonymised export" in text
    for c in Child.objects.all():
        assert c.last_name not in text and c.child_id not in text
    assert "C-" in text
    assert pack["totals"]["episodes"] == "c" or pack["totals"]["episodes"] >= 6


def test_pack_page_for_the_demo_month_renders(demo_month, client, make_user):
    from divert.core.models import AccessLog
    from divert.core.roles import Role

    client.force_login(make_user(Role.MFH_COORDINATOR))
    client.get("/missing/pack/?month=2026-09")  # first render pays the once-per-process imports
    response = client.get("/missing/pack/?month=2026-10")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 3 and "Demo" in html and "Funnel plot" in html
    # Each home's place on the funnel in words, not the chart's codes ("warning high", "within").
    assert "the limits" in html or "% limit" in html
    assert not [code for code in ("above", "warning high", "within", "warning low", "below") if f">{code}<" in html]
    assert AccessLog.objects.filter(channel="page", what="missing pack 2026-10").count() >= 10


def test_area_choice_and_pseudonymised_details(db):
    from .builders import at, child, home, report

    inside = home(postcode="NG7 1AA", places=2)
    outside = home(postcode="LE1 1AA", places=2)
    a, b = child(first="Inside", placed_at=inside), child(first="Outside", placed_at=outside)
    report(a, at(2026, 10, 3), at(2026, 10, 3, 18), home=inside, found_postcode="NG7 2BB")
    report(b, at(2026, 10, 4), at(2026, 10, 4, 18), home=outside)
    build_episodes()
    pack = build_pack(month=MONTH, area="NG7", names=True)
    assert pack["totals"]["episodes"] == 1 and "Inside" in pack["most_missing"][0]["child"]
    assert [h["home"] for h in pack["homes"]] == [inside.label]
    hidden = build_pack(month=MONTH, pseudonymised=True)
    assert hidden["totals"]["episodes"] == "c" and hidden["trend"][-1]["episodes"] == "c"
    assert hidden["found_locations"][0]["location"] == "NG7 2" and not hidden["found_points"]


def test_most_at_risk_links_to_exploitation_concerns_only_with_names(demo_month, monkeypatch):
    from divert.core import child_links

    monkeypatch.setattr(child_links, "_exploitation", [lambda pk: f"/concerns/{pk}/"])
    named = build_pack(month=MONTH, names=True)
    assert named["most_at_risk"] and all(r["concerns_url"].startswith("/concerns/") for r in named["most_at_risk"])
    hidden = build_pack(month=MONTH, names=True, pseudonymised=True)
    assert all(r["concerns_url"] == "" for r in hidden["most_at_risk"])
    monkeypatch.setattr(child_links, "_exploitation", [])
    assert all(r["concerns_url"] == "" for r in build_pack(month=MONTH, names=True)["most_at_risk"])


def test_pack_tells_same_name_homes_apart_and_keeps_a_pseudonyms_own_counts(db):
    from divert.missing.pack.data import build_pack
    from divert.missing.pseudonymise import SUPPRESSED
    from divert.missing.reconcile import build_episodes
    from tests.missing.builders import at, child, home, report

    twins = [home(name="Primrose House", postcode=pc) for pc in ("NG1 1AA", "NG2 2BB")]
    for i, h in enumerate(twins):
        kid = child(first=f"Kid{i}", placed_at=h)
        for day in range(1, 3 + i):
            report(kid, at(2026, 10, day, 20), at(2026, 10, day, 23), home=h)
    build_episodes()
    import datetime as dt

    pack = build_pack(month=dt.date(2026, 10, 1), pseudonymised=True)
    labels = {r["home"] for r in pack["homes"]}
    assert {"Primrose House, NG1 1AA", "Primrose House, NG2 2BB"} <= labels
    assert [r["episodes"] for r in pack["most_missing"]] == [3, 2]  # a pseudonym's own counts are kept
    assert pack["totals"]["episodes"] == SUPPRESSED  # counts of a group are still suppressed


def test_per_pseudonym_count():
    from divert.missing.pseudonymise import per_pseudonym_count

    assert per_pseudonym_count(2) == 2


def test_district_areas_label_the_map_without_a_tile_source():
    from divert.missing.pack.charts import district_areas, found_chart, to_svg

    points = [{"easting": 456000, "northing": 340000, "location": "NG7 2BB"},
              {"easting": 456300, "northing": 340200, "location": "NG7 3AA"},
              {"easting": 458000, "northing": 342000, "location": "NG3 1AA"}]
    areas = district_areas(points)
    assert [a["label"] for a in areas] == ["NG3: 1 found", "NG7: 2 found"]
    ng7 = areas[1]
    assert ng7["x"] < 456000 and ng7["x2"] > 456300
    svg = to_svg(found_chart(points))
    assert "NG7: 2 found" in svg and "Easting" not in svg
