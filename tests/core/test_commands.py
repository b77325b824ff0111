"""The `divert` console script and core's management commands."""

import io
import json
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from divert.core.models import ApiToken, AuditEvent, Profile
from divert.core.roles import Role

COMMANDS = ["status", "demo", "pipeline", "token", "users"]


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_divert_help_lists_core_commands(capsys, db):
    from divert.cli import main

    main(["--help"])
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"  {name} " in out


@pytest.mark.parametrize("argv", [[c, "--help"] for c in COMMANDS] + [
    ["demo", "load", "--help"], ["demo", "accounts", "--help"], ["demo", "outbox", "--help"],
    ["token", "issue", "--help"],
    ["token", "revoke", "--help"], ["token", "list", "--help"], ["users", "add", "--help"], ["users", "list", "--help"],
])
def test_every_command_answers_help(argv, capsys, db):
    from divert.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: divert ")
    assert len(out) > 100


def test_status_json_counts_every_register(world):
    data = json.loads(_run("status", "--json"))
    assert data == {"children": 4, "placements": 5, "homes": 3, "providers": 2, "incidents": 3, "involvements": 3,
                    "custody_records": 1, "missing_reports": 1, "imports": 0, "import_attempts": 0,
                    "review_items_open": 0}


def test_status_table_has_no_personal_data(world):
    out = _run("status")
    assert "children" in out and "custody records" in out
    for child in (world.a_now, world.b_now):
        assert child.last_name not in out and child.child_id not in out


def test_demo_accounts_one_per_role_and_idempotent(world):
    out = _run("demo", "accounts")
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert users.count() == len(Role)
    assert {p.role for p in Profile.objects.filter(user__in=users)} == set(Role)
    pm = Profile.objects.get(role=Role.PROVIDER_MANAGER, user__in=users)
    assert pm.provider == world.provider_a  # the provider with the most homes
    assert "demo-provider-manager" in out and "divert-demo" in out and world.provider_a.name in out
    before = {u.username: (u.password, u.profile.role, u.profile.provider_id) for u in users}
    audits = AuditEvent.objects.count()
    _run("demo", "accounts")
    after = {u.username: (u.password, u.profile.role, u.profile.provider_id)
             for u in get_user_model().objects.filter(username__startswith="demo-")}
    assert after == before
    assert AuditEvent.objects.count() == audits


def test_demo_accounts_can_sign_in(client, world):
    _run("demo", "accounts")
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        assert client.login(username=username, password="divert-demo"), username
        assert client.get("/").status_code == 200


def test_demo_accounts_before_any_provider_then_after(db):
    _run("demo", "accounts")
    assert not Profile.objects.filter(role=Role.PROVIDER_MANAGER).exists()
    from tests.factories import HomeFactory

    home = HomeFactory()
    _run("demo", "accounts")
    assert Profile.objects.get(role=Role.PROVIDER_MANAGER).provider == home.provider


def test_demo_load_imports_runs_pipeline_and_creates_accounts(db, tmp_path, monkeypatch):
    from divert.ops import pipeline
    from tests.factories import HomeFactory

    calls = []

    def fake_import_directory(*, path, user=None, skip_invalid=False, progress=None, run_pipeline=True):
        calls.append(("import", path, user, skip_invalid, run_pipeline))
        if progress:
            progress("homes.csv", "loading")
        HomeFactory()
        return []

    import divert.ingest.actions as ingest_actions

    monkeypatch.setattr(ingest_actions, "import_directory", fake_import_directory)
    monkeypatch.setattr(ingest_actions, "directory_jobs", lambda path: [("homes", path / "homes.csv", {})])
    monkeypatch.setattr(pipeline, "STEPS", [("Step one", _step)])
    out = _run("demo", "load", str(tmp_path))
    assert calls == [("import", tmp_path, None, True, False)]
    assert "Step one: matched 3" in out
    assert get_user_model().objects.filter(username__startswith="demo-").count() == len(Role)


def test_demo_load_refuses_a_missing_directory(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _run("demo", "load", str(tmp_path / "nope"))


def _step(*, today):
    return {"matched": 3, "note": "text is not printed"}


def test_pipeline_command_runs_steps_with_date(db, monkeypatch):
    from divert.ops import pipeline

    seen = []

    def step(*, today):
        seen.append(today)
        return 7

    monkeypatch.setattr(pipeline, "STEPS", [("A", step), ("B", step)])
    out = _run("pipeline", "--date", "2026-03-31")
    import datetime as dt

    assert seen == [dt.date(2026, 3, 31)] * 2
    assert "A: 7" in out and "B: 7" in out


def test_pipeline_command_rejects_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _run("pipeline", "--date", "31/03/2026")


def test_token_issue_list_revoke(client, world, user_for):
    user = user_for(Role.ANALYST)
    secret = _run("token", "issue", "--user", user.username, "--name", "nightly").strip()
    assert ApiToken.objects.get(user=user).digest == ApiToken.hash(secret)
    assert client.get("/api/v1/status", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert "nightly" in _run("token", "list", "--user", user.username)
    assert secret not in _run("token", "list", "--user", user.username)
    _run("token", "revoke", "--user", user.username, "--name", "nightly")
    assert client.get("/api/v1/status", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"api_token.issued", "api_token.revoked"}


def test_token_for_unknown_user_fails(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _run("token", "issue", "--user", "nobody", "--name", "x")


def test_users_add_and_list(world, monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    _run("users", "add", "--username", "pm1", "--role", "provider_manager", "--provider", world.provider_b.name,
         "--password-stdin")
    profile = Profile.objects.get(user__username="pm1")
    assert profile.provider == world.provider_b and profile.agency == "provider"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    with pytest.raises(CommandError):  # a provider manager needs a provider
        _run("users", "add", "--username", "pm2", "--role", "provider_manager", "--password-stdin")
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError):  # password validators apply
        _run("users", "add", "--username", "x", "--role", "analyst", "--password-stdin")
    assert "pm1\tProvider manager\t" in _run("users", "list")


def test_reimporting_a_file_changes_no_register_count(db, tmp_path):
    from divert.ingest.actions import import_file
    from divert.ops.selectors import register_counts

    homes = tmp_path / "homes.csv"
    homes.write_text(
        "urn,name,provider,provider_type,setting_type,registered_places,address_line1,address_line2,address_line3,"
        "town,postcode,uprn,easting,northing,opened_on,closed_on\n"
        "SC000001,Elm House,Acme Care,private,private_childrens_home,4,1 Elm Road,,,Lindenford,NG7 1AA,"
        "100000000001,455000,340000,01/01/2020,\n"
    )
    import_file(kind="homes", path=homes)
    first = register_counts()
    import_file(kind="homes", path=homes)
    second = register_counts()
    assert first["homes"] == second["homes"] == 1
    assert first["imports"] == second["imports"] == 1
    assert (first["import_attempts"], second["import_attempts"]) == (1, 2)
