"""Unit costs of the value-for-money table: one audited action behind the page, the API and the CLI."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from divert.core.models import AccessLog, ApiToken, AuditEvent
from divert.core.roles import Role
from divert.outcomes.actions import set_unit_cost
from divert.outcomes.models import UnitCost
from divert.outcomes.rules import unit_cost_problem

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)
GOOD = {"key": "first_time_entrant", "label": "A first-time entrant", "low": Decimal(1000), "high": Decimal(2000),
        "unit": "per child", "price_year": 2020, "source": "A council's own costing, 2020"}


@pytest.mark.parametrize(("change", "problem"), [
    ({}, ""),
    ({"key": "First Time"}, "lower-case"),
    ({"label": " "}, "label"),
    ({"low": Decimal(-1)}, "negative"),
    ({"low": Decimal(3000)}, "above the high"),
    ({"low": Decimal(2000)}, ""),
    ({"price_year": 2027}, "between 1990 and 2026"),
    ({"price_year": 1989}, "between 1990"),
    ({"source": ""}, "source"),
    ({"high": Decimal("100000000")}, "under GBP 100,000,000"),
    ({"key": "fte_2"}, ""),
])
def test_unit_cost_problem(change, problem):
    got = unit_cost_problem(**{**GOOD, **change}, today=TODAY)
    assert (problem in got) if problem else got == ""


def test_set_unit_cost_adds_changes_and_audits_before_and_after(make_user):
    admin = make_user(Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        set_unit_cost(actor=make_user(Role.ANALYST), **GOOD)
    with pytest.raises(ValidationError, match="source"):
        set_unit_cost(actor=admin, **{**GOOD, "source": ""})
    c = set_unit_cost(actor=admin, **GOOD)
    assert (c.low, c.updated_by) == (Decimal(1000), admin)
    set_unit_cost(actor=admin, **{**GOOD, "high": Decimal(2500), "note": "range widened"})
    c.refresh_from_db()
    assert c.high == Decimal(2500) and c.note == "range widened"
    first, second = AuditEvent.objects.filter(action="outcomes.unit_cost.set").order_by("pk")
    assert first.detail["before"] is None and second.detail["before"]["high"] == "2000.00"
    assert second.detail["after"]["high"] == "2500.00"


def test_a_loaded_cost_prices_the_first_time_entrants_avoided(two_years, outcome_reference, make_user):
    from divert.outcomes.selectors import value_for_money

    from .conftest import decide

    for c in two_years[:3]:
        decide(c.child_id, "youth_caution", dt.date(2016, 11, 7), fte=True)
    decide(two_years[5].child_id, "youth_caution", dt.date(2017, 11, 7), fte=True)
    set_unit_cost(actor=make_user(Role.ADMINISTRATOR), **GOOD)
    fte = next(r for r in value_for_money(2018)["avoided"]["rows"] if r["key"] == "first_time_entrants")
    assert fte["money"] == (Decimal(2000), Decimal(4000))  # 2 avoided x GBP 1,000-2,000


def test_unit_cost_pages(client, make_user):
    admin, analyst = make_user(Role.ADMINISTRATOR), make_user(Role.ANALYST)
    client.force_login(analyst)
    page = client.get("/outcomes/unit-costs/").content.decode()
    assert "University of Portsmouth, 2012" in page and "Change" not in page and "first_time_entrant" in page
    assert client.get("/outcomes/unit-costs/missing_investigation/").status_code == 403
    client.force_login(make_user(Role.PCSO))
    assert client.get("/outcomes/unit-costs/").status_code == 403
    client.force_login(admin)
    page = client.get("/outcomes/unit-costs/").content.decode()
    assert 'href="/outcomes/unit-costs/missing_investigation/"' in page
    assert client.get("/outcomes/unit-costs/nonsense/").status_code == 404
    form = client.get("/outcomes/unit-costs/missing_investigation/").content.decode()
    assert "1325" in form
    bad = client.post("/outcomes/unit-costs/missing_investigation/", {
        "label": "A missing-person investigation", "low": "2500", "high": "2415", "unit": "per investigation",
        "price_year": "2012", "source": "University of Portsmouth, 2012"})
    assert bad.status_code == 400 and "above the high" in bad.content.decode()
    ok = client.post("/outcomes/unit-costs/first_time_entrant/", {
        "label": "A first-time entrant", "low": "1000", "high": "2000", "unit": "per child", "price_year": "2020",
        "source": "A council's own costing, 2020"})
    assert ok.status_code == 302 and UnitCost.objects.get(key="first_time_entrant").updated_by == admin
    assert AccessLog.objects.filter(user=admin, what="unit costs", child__isnull=True).exists()


def _auth(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_unit_cost_api(client, make_user):
    admin, analyst = make_user(Role.ADMINISTRATOR), make_user(Role.ANALYST)
    listed = client.get("/api/v1/outcomes/unit-costs", **_auth(analyst))
    assert listed.status_code == 200 and {c["key"] for c in listed.json()} >= {"missing_investigation", "custody_yoi"}
    body = {k: float(v) if isinstance(v, Decimal) else v for k, v in GOOD.items() if k != "key"}
    assert client.put("/api/v1/outcomes/unit-costs/first_time_entrant", body, content_type="application/json",
                      **_auth(analyst)).status_code == 403
    assert client.put("/api/v1/outcomes/unit-costs/first_time_entrant", {**body, "source": ""},
                      content_type="application/json", **_auth(admin)).status_code == 422  # the schema refuses it
    bad = client.put("/api/v1/outcomes/unit-costs/first_time_entrant", {**body, "low": 3000.0},
                     content_type="application/json", **_auth(admin))
    assert bad.status_code == 400 and "above the high" in bad.json()["detail"]
    ok = client.put("/api/v1/outcomes/unit-costs/first_time_entrant", body, content_type="application/json",
                    **_auth(admin))
    assert ok.status_code == 200 and Decimal(ok.json()["high"]) == Decimal(2000)
    assert AuditEvent.objects.filter(action="outcomes.unit_cost.set", actor=admin).count() == 1


def test_unit_cost_cli(make_user):
    make_user(Role.ADMINISTRATOR, username="admin")
    make_user(Role.ANALYST, username="analyst")
    out = io.StringIO()
    call_command("outcomes", "unit-costs", "list", "--user", "analyst", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert "first_time_entrant" in data["not_loaded"] and data["costs"][0]["source"]
    with pytest.raises(CommandError, match="Refused"):
        call_command("outcomes", "unit-costs", "set", "first_time_entrant", "--user", "analyst", "--label", "x",
                     "--low", "1", "--unit", "per child", "--price-year", "2020", "--source", "s")
    out = io.StringIO()
    call_command("outcomes", "unit-costs", "set", "first_time_entrant", "--user", "admin", "--label",
                 "A first-time entrant", "--low", "1500", "--unit", "per child", "--price-year", "2020",
                 "--source", "A council's own costing, 2020", stdout=out)
    assert "saved" in out.getvalue()
    c = UnitCost.objects.get(key="first_time_entrant")
    assert c.low == c.high == Decimal(1500)


def test_the_django_admin_lists_unit_costs_read_only(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/outcomes/unitcost/").status_code == 200
    assert client.get("/admin/outcomes/unitcost/add/").status_code == 403
    pk = UnitCost.objects.get(key="custody_yoi").pk
    assert client.post(f"/admin/outcomes/unitcost/{pk}/change/", {"label": "x"}).status_code in (302, 403)
    assert UnitCost.objects.get(pk=pk).label != "x"
