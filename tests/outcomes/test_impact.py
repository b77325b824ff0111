"""The impact log: recording an activity, the quarterly view and CSV export, quotes only with consent, and its
highlights in the board report."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.outcomes.actions import record_impact_activity
from divert.outcomes.rules import quarter_of, quote_may_be_shown
from divert.outcomes.selectors import board_report, impact_log
from tests.factories import HomeFactory

pytestmark = pytest.mark.django_db


def test_quarter_of():
    assert quarter_of(dt.date(2017, 4, 1)) == (2018, 1)
    assert quarter_of(dt.date(2017, 12, 31)) == (2018, 3)
    assert quarter_of(dt.date(2018, 3, 31)) == (2018, 4)


def test_quote_may_be_shown():
    assert quote_may_be_shown("It helped me", consent=True)
    assert not quote_may_be_shown("It helped me", consent=False)
    assert not quote_may_be_shown("  ", consent=True)


def _boxing(officer, **kw):
    return record_impact_activity(actor=officer, kind="diversionary", title="Girls' boxing group",
                                  held_on=kw.pop("held_on", dt.date(2017, 10, 3)), partner="Boxing club",
                                  participants=kw.pop("participants", 8), evaluation="Two went on to cadets", **kw)


def test_record_impact_activity_and_the_quarterly_log(make_user):
    officer = make_user(Role.CICPO)
    home = HomeFactory()
    _boxing(officer, homes=[home], quote="I feel stronger", quote_consent=True)
    record_impact_activity(actor=officer, kind="campaign", title="CSE awareness with hotels",
                           held_on=dt.date(2018, 2, 1), participants=40, quote="Not for sharing")
    assert AuditEvent.objects.filter(action="outcomes.impact.recorded").count() == 2
    q3 = impact_log(2018, 3)
    assert [r["activity"].title for r in q3] == ["Girls' boxing group"] and q3[0]["homes"] == [home.name]
    assert q3[0]["quote"] == "I feel stronger"
    year = impact_log(2018)
    assert len(year) == 2 and year[0]["quote"] == ""  # no consent, no quote
    with pytest.raises(PermissionDenied):
        _boxing(make_user(Role.PROSECUTOR))
    with pytest.raises(ValidationError):
        record_impact_activity(actor=officer, kind="party", title="x", held_on=dt.date(2018, 1, 1))


def test_impact_highlights_in_the_board_report(make_user):
    _boxing(make_user(Role.CICPO), quote="I feel stronger", quote_consent=True)
    r = board_report(2018)
    assert r["impact"]["by_kind"]["Diversionary activity session"]["participants"] == 8
    assert r["impact"]["quotes"] == [("I feel stronger", "Girls' boxing group")]


def test_impact_page_adds_lists_and_exports(client, make_user):
    client.force_login(make_user(Role.CICPO))
    home = HomeFactory()
    r = client.post("/outcomes/impact/?year=2018", {"kind": "training", "title": "Internet safety for staff",
                                                    "held_on": "2017-06-05", "homes": [home.pk],
                                                    "participants": "12", "quote": "Useful", "quote_consent": "on"})
    assert r.status_code == 302
    page = client.get("/outcomes/impact/?year=2018&quarter=1").content.decode()
    assert "Internet safety for staff" in page and "<q>Useful</q>" in page
    assert "Internet safety" not in client.get("/outcomes/impact/?year=2018&quarter=2").content.decode()
    csv = client.get("/outcomes/impact/?year=2018&format=csv")
    assert csv["Content-Type"] == "text/csv" and "Q1,2017-06-05,Training delivered to homes" in csv.content.decode()
    bad = client.post("/outcomes/impact/?year=2018", {"kind": "training", "title": "", "participants": "1"})
    assert bad.status_code == 400


# --- The API and the CLI: the same action, the same rows ----------------------------------------------------

def _token(user):
    from divert.core.models import ApiToken

    _t, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_adds_and_lists_impact_activities_quotes_only_with_consent(client, make_user):
    officer = make_user(Role.CICPO)
    home = HomeFactory()
    h = _token(officer)
    body = {"kind": "training", "title": "CCE training for staff", "held_on": "2017-05-09",
            "homes_reached": [home.urn], "participants": 11, "quote": "Now I know the signs"}
    bad = client.post("/api/v1/outcomes/impact", {**body, "homes_reached": ["NOPE"]},
                      content_type="application/json", **h)
    assert bad.status_code == 404 and "NOPE" in bad.json()["detail"]
    made = client.post("/api/v1/outcomes/impact", body, content_type="application/json", **h)
    assert made.status_code == 201 and made.json()["quote"] == "" and made.json()["quarter"] == 1
    client.post("/api/v1/outcomes/impact", {**body, "title": "Forum", "kind": "forum", "held_on": "2017-11-01",
                                           "quote": "Useful", "quote_consent": True},
                content_type="application/json", **h)
    assert AuditEvent.objects.filter(action="outcomes.impact.recorded").count() == 2
    rows = client.get("/api/v1/outcomes/impact?year=2018", **h)
    assert [r["title"] for r in rows.json()] == ["Forum", "CCE training for staff"]
    assert rows["X-Total-Count"] == "2" and rows.json()[0]["quote"] == "Useful"
    assert rows.json()[1]["homes_reached"] == [home.urn]
    q3 = client.get("/api/v1/outcomes/impact?year=2018&quarter=3", **h).json()
    assert [r["title"] for r in q3] == ["Forum"]
    other = _token(make_user(Role.PROVIDER_MANAGER, provider=home.provider))
    assert client.get("/api/v1/outcomes/impact?year=2018", **other).status_code == 403
    assert client.post("/api/v1/outcomes/impact", body, content_type="application/json", **other).status_code == 403


def test_cli_impact_add_list_and_export(make_user, tmp_path, capsys):
    import csv
    import json

    from django.core.management import CommandError, call_command

    make_user(Role.CICPO, username="officer")
    make_user(Role.PROVIDER_MANAGER, username="manager", provider=HomeFactory().provider)
    home = HomeFactory()
    call_command("outcomes", "impact", "add", "--user", "officer", "--kind", "campaign", "--title",
                 "CSE awareness with hotels", "--on", "2018-02-14", "--home", home.urn, "--participants", "30",
                 "--quote", "=cmd|' /C calc'!A0", "--consent")
    assert "Added activity" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Unknown home"):
        call_command("outcomes", "impact", "add", "--user", "officer", "--kind", "forum", "--title", "x",
                     "--on", "2018-02-14", "--home", "NOPE")
    with pytest.raises(CommandError, match="Refused"):
        call_command("outcomes", "impact", "add", "--user", "manager", "--kind", "forum", "--title", "x",
                     "--on", "2018-02-14")
    call_command("outcomes", "impact", "list", "--user", "officer", "--year", "2018", "--json")
    [row] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (row["quarter"], row["participants"], row["homes"], row["quote"]) == (4, 30, 1, True)
    out = tmp_path / "log.csv"
    call_command("outcomes", "impact", "export", "--user", "officer", "--year", "2018", "--quarter", "4",
                 "--out", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][0] == "quarter" and rows[1][3] == "CSE awareness with hotels"
    assert not rows[1][-1].startswith("=")  # formula cells neutralised, as on the page's export
    with pytest.raises(CommandError, match="Refused"):
        call_command("outcomes", "impact", "list", "--user", "manager", "--year", "2018")


def test_the_api_kinds_are_the_models_choices():
    import typing

    from divert.api.outcomes import ImpactActivityIn
    from divert.outcomes.models import ImpactActivity

    assert set(typing.get_args(ImpactActivityIn.model_fields["kind"].annotation)) == set(ImpactActivity.Kind.values)
