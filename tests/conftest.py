"""Fixtures shared by every test package: users per role, a local SMTP server, a real browser."""

import os
import socket
import threading
from collections.abc import Iterator

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def make_user(db):
    """Create a signed-up user with a role (and a provider for provider managers)."""
    from django.contrib.auth import get_user_model

    from divert.core.models import Profile
    from divert.core.roles import ROLE_AGENCY, Role

    counter = {"n": 0}

    def _make(role: str = Role.CICPO, *, provider=None, username: str | None = None, password: str = "pw-for-tests-1",
              email: str | None = None):
        counter["n"] += 1
        name = username or f"{role}-{counter['n']}"
        user = get_user_model().objects.create_user(
            username=name, password=password, email=email or f"{name}@example.test"
        )
        Profile.objects.create(user=user, role=role, agency=ROLE_AGENCY[Role(role)], provider=provider)
        return user

    return _make


class _Sink:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        from email import message_from_bytes, policy

        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": msg})
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[_Sink]:
    """A real SMTP server on localhost; Django's SMTP backend is pointed at it. `.messages` holds what arrived."""
    from aiosmtpd.controller import Controller

    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield sink
    finally:
        controller.stop()


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


CHROMIUM = os.environ.get("DIVERT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _sign_in(page, base_url: str, username: str, password: str = "pw-for-tests-1") -> None:
    page.goto(f"{base_url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.fixture
def sign_in():
    return _sign_in


def _axe_violations(page) -> list[dict]:
    """Run axe-core in the page; return serious and critical violations."""
    from urllib.parse import urlsplit

    # From the site's own static files (make frontend copies it): the CSP allows no inline script.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.add_script_tag(url=f"{origin}/static/govuk/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.fixture
def axe_violations():
    return _axe_violations


@pytest.fixture
def run_in_thread():
    def _run(fn, *args, **kwargs) -> threading.Thread:
        t = threading.Thread(target=fn, args=args, kwargs=kwargs, daemon=True)
        t.start()
        return t

    return _run


@pytest.fixture
def world(db):
    """A small two-provider world for scoping tests (tests.factories.make_world)."""
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def user_for(make_user, world):
    """A user of `role`; provider managers belong to provider A (homes a1 and a2) unless told otherwise."""
    from divert.core.roles import Role

    def _make(role, *, provider="a"):
        if role == Role.PROVIDER_MANAGER:
            prov = {"a": world.provider_a, "b": world.provider_b, None: None}[provider]
            return make_user(role, provider=prov)
        return make_user(role)

    return _make


@pytest.fixture
def page_queries():
    """`page_queries(client, url)`: the number of SQL queries one GET of `url` runs (the page must answer 200).
    Query-count tests compare two sizes of data: the count must not grow with the rows (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count(client, url, **params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200, url
        return len(ctx.captured_queries)

    return _count
