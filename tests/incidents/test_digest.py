from django.core.management import call_command

from divert.core.models import AccessLog
from divert.core.roles import Role

from ..conftest import wait_for
from .conftest import DAY


def test_digest_goes_to_cicpos_through_smtp(city, make_user, smtp_server):
    c1, c2 = make_user(Role.CICPO), make_user(Role.CICPO)
    make_user(Role.ANALYST)
    inactive = make_user(Role.CICPO)
    inactive.is_active = False
    inactive.save()
    call_command("daily", "--date", DAY.isoformat(), "--email")
    assert wait_for(lambda: len(smtp_server.messages) == 2)
    assert sorted(m["to"][0] for m in smtp_server.messages) == sorted([c1.email, c2.email])
    msg = smtp_server.messages[0]["message"]
    assert "Daily incident list" in msg["Subject"] and "4 entries" in msg["Subject"]
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Oak House" in text and "River View" in html and "Amy Archer" in text
    assert AccessLog.objects.filter(channel="email", user=c1).count() == 3


def test_provider_digest_contains_only_their_homes(city, make_user, smtp_server):
    manager = make_user(Role.PROVIDER_MANAGER, provider=city["providers"][1])
    make_user(Role.CICPO)
    call_command("daily", "--date", DAY.isoformat(), "--email", "--providers")
    assert wait_for(lambda: len(smtp_server.messages) == 2)
    mine = next(m for m in smtp_server.messages if m["to"] == [manager.email])["message"]
    text = mine.get_body(("plain",)).get_content()
    assert "River View" in text and "Oak House" not in text and "Amy" not in text
